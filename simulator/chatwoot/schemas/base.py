"""What the wire schemas share: bodies read flat, Rails-wrapped or loosely, Rails enums, filters and pages."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from marshmallow import EXCLUDE, INCLUDE, Schema, fields, pre_load

from simulator.chatwoot.store.base import enum_name


def _ruby_text(value: bool | int | float) -> str:
    """The value as Ruby's `to_s` writes it in `'<value>' is not a valid <field>`."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _describe(names: Sequence[str]) -> str:
    """`open (0), resolved (1), …`: each name with its integer."""
    return ", ".join(f"{name} ({number})" for number, name in enumerate(names))


class RailsEnum(fields.Field):
    """An enum attribute of a request body: its name, or its integer, read as the name.

    Unknown names pass on unchanged, and so (as text: '7', 'true') do integers outside the
    enum and booleans, for the model's own check to refuse as it refuses an unknown name.
    """

    default_error_messages: Mapping[str, str] = {"invalid": "Not a valid name or integer of the enum."}

    def __init__(self, names: Sequence[str], *, note: str = "", **kwargs: Any) -> None:
        self.names = tuple(names)
        description = f"{_describe(self.names)}: the name or its integer" + (f". {note}" if note else "")
        spec = {"description": description, "oneOf": [{"type": "string", "enum": list(self.names)},
                                                       {"type": "integer", "enum": list(range(len(self.names)))}]}
        super().__init__(metadata={**kwargs.pop("metadata", {}), **spec}, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any) -> str:
        if isinstance(value, str):
            return value
        if not isinstance(value, int | float):
            raise self.make_error("invalid")
        name = enum_name(value, self.names)
        return name if isinstance(name, str) else _ruby_text(value)


class RailsBody(Schema):
    """A body the server reads under `WRAP_KEY` (`params[:agent]`); flat JSON is wrapped by Rails."""

    WRAP_KEY: ClassVar[str] = ""

    class Meta:
        unknown = EXCLUDE

    @pre_load
    def unwrap(self, data: Any, **_: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get(self.WRAP_KEY), dict):
            return data[self.WRAP_KEY]
        return data


class Loose(Schema):
    """A request body whose unknown keys are ignored (Rails' strong parameters)."""

    class Meta:
        unknown = EXCLUDE


class Open(Schema):
    """An answer documented by its main keys; the real server's other keys may follow."""

    class Meta:
        unknown = INCLUDE


class PageQuery(Schema):
    page = fields.String(metadata={"description": "Page number"})


class FilterSchema(Loose):
    payload = fields.Raw(metadata={"description": "A list of conditions: attribute_key, filter_operator, values, "
                                                  "query_operator (required: without it, 422 `Invalid payload…`)"})
