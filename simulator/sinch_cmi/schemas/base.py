"""What the CMI wire schemas share: GUID and wrapped-list fields, the body base, query fields, the queue reference."""

from __future__ import annotations

from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from simulator.sinch_cmi.store.query import GUID


class Guid(fields.String):
    """A 32-character hex GUID; anything else fails with the vendor's `Invalid GUID: '…'`."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if not GUID.fullmatch(text):
            raise ValidationError(f"Invalid GUID: '{text}'")
        return text.upper()


class WrappedList(fields.List):
    """A list that may arrive bare (`[...]`), wrapped (`{"destination": [...]}`, the vendor's
    examples and the JAXB/XML form) or as a single item (XML with one child, Jettison JSON)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> list[Any]:
        if isinstance(value, str) and not value.strip():
            value = []  # an empty XML wrapper element (whitespace between tags is insignificant)
        elif isinstance(value, dict):
            inner = next(iter(value.values())) if len(value) == 1 else None
            if isinstance(inner, list):
                value = inner
            elif isinstance(inner, dict):
                value = [inner]
            else:
                value = [value]
        return super()._deserialize(value, attr, data, **kwargs)


def text(*, required: bool = False, min_length: int | None = None, max_length: int | None = None,
         **kwargs: Any) -> fields.String:
    rule = validate.Length(min=min_length, max=max_length) if min_length or max_length else None
    return fields.String(required=required, validate=rule, **kwargs)


class Body(Schema):
    class Meta:
        unknown = EXCLUDE  # the RI ignores fields it does not use ("Others are ignored")


LANGUAGE = fields.String(metadata={"description": "Two-character ISO 639 code (e.g. `fi`); default: the user's "
                                                  "language"})


def limit_field(documented: bool = True) -> fields.Integer:
    if documented:
        return fields.Integer(metadata={"description": "At most this many items (default 100, the RI convention)"})
    return fields.Integer(metadata={"description": "At most this many items (not in the vendor's page; default: all)"})


def sort_field(default: str) -> fields.String:
    return fields.String(metadata={
        "description": "Any field, `-` in front for descending, comma-separated; `,LOCALE-xx` (e.g. "
                       f"`LOCALE-fi`) sorts with that locale, e.g. `-arrivalTime,LOCALE-en`. Default: {default}",
    })


def pattern_field(description: str) -> fields.String:
    return fields.String(metadata={"description": f"{description}; may contain the wildcards * and ?"})


class LanguageQuery(Schema):
    language = LANGUAGE


def guid_field(**kwargs: Any) -> fields.String:
    return fields.String(validate=validate.Length(equal=32), **kwargs)


class QueueOut(Schema):
    id = guid_field(required=True)
    name = fields.String(required=True)
