"""ObjectSchema: marshmallow dumping of plain objects without the per-field call chain."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, missing
from marshmallow.decorators import POST_DUMP, PRE_DUMP

# How a field is dumped: marshmallow's own way, reading the attribute, reading none, or reading
# the attribute and dumping it (or each of its items) with a nested ObjectSchema directly.
_VIA_FIELD, _ATTRIBUTE, _NO_ATTRIBUTE, _NESTED, _NESTED_LIST = range(5)
# (output key, field name, how, attribute read, field, is a plain String field, nested schema)
_Step = tuple[str, str, int, str, fields.Field, bool, "ObjectSchema | None"]


class ObjectSchema(Schema):
    """A Schema whose dump of an attribute-only object (no `__getitem__`) reads attributes directly.

    The output is exactly what `Schema.dump` gives: only fields that keep marshmallow's own
    `serialize` and `get_value` take the short way (`getattr`, then the field's `_serialize`, or
    for plain `Nested` / `List(Nested)` of a hook-free ObjectSchema, that schema's `_serialize`);
    other fields, missing or dotted attributes and mappings go through marshmallow as usual.
    """

    _dump_steps: list[_Step] | None = None

    def _serialize(self, obj: Any, *, many: bool = False) -> Any:
        if many and obj is not None:
            return [self._serialize(d, many=False) for d in obj]
        if hasattr(obj, "__getitem__") or type(self).get_attribute is not Schema.get_attribute:
            return super()._serialize(obj, many=False)
        steps = self._dump_steps
        if steps is None:
            steps = self._dump_steps = self._plan()
        ret = self.dict_class()
        for key, name, how, attribute, field, is_string, nested in steps:
            if how == _VIA_FIELD:
                value = field.serialize(name, obj, accessor=self.get_attribute)
            elif how == _NO_ATTRIBUTE:
                value = field._serialize(None, name, obj)
            else:
                value = getattr(obj, attribute, missing)
                if value is missing:
                    value = field.serialize(name, obj, accessor=self.get_attribute)
                elif value is None or nested is None:
                    if not (is_string and type(value) is str):
                        value = field._serialize(value, name, obj)
                elif how == _NESTED:
                    value = nested._serialize(value)
                else:
                    value = [None if each is None else nested._serialize(each) for each in value]
            if value is missing:
                continue
            ret[key] = value
        return ret

    def _plan(self) -> list[_Step]:
        steps: list[_Step] = []
        for name, field in self.dump_fields.items():
            kind = type(field)
            key = field.data_key if field.data_key is not None else name
            attribute = field.attribute if field.attribute is not None else name
            how, nested = _VIA_FIELD, None
            if kind.serialize is fields.Field.serialize:
                if not field._CHECK_ATTRIBUTE:
                    how = _NO_ATTRIBUTE
                elif kind.get_value is fields.Field.get_value and "." not in attribute:
                    how = _ATTRIBUTE
                    if kind is fields.Nested:
                        nested = _direct_nested(field)
                    elif kind is fields.List and type(field.inner) is fields.Nested:
                        nested = _direct_nested(field.inner)
                    if nested is not None:
                        how = _NESTED if kind is fields.Nested else _NESTED_LIST
            steps.append((key, name, how, attribute, field, kind is fields.String, nested))
        return steps


def _direct_nested(field: fields.Nested) -> ObjectSchema | None:
    """The nested schema when dumping one object is just its `_serialize` (no hooks, not many)."""
    try:
        schema = field.schema
    except Exception:  # marshmallow raises it when dumping; leave that to marshmallow
        return None
    if (
        isinstance(schema, ObjectSchema)
        and type(schema).dump is Schema.dump
        and not (schema.many or field.many)
        and not schema._hooks[PRE_DUMP]
        and not schema._hooks[POST_DUMP]
    ):
        return schema
    return None
