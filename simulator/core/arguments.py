"""Whether parsing a view's arguments can refuse a request, and so whether the refusal is documented."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields

# Locations whose values always arrive as strings, unknown names dropped (webargs' default for them).
STRING_LOCATIONS = ("query", "querystring", "headers", "cookies")


def can_refuse(schema: Schema, location: str) -> bool:
    """False for a query (or headers, cookies) of optional plain strings: every value arrives as a string and
    unknown names are dropped, so nothing can fail, as a Rails controller reads `params` as they come."""
    if location not in STRING_LOCATIONS or _has_schema_validators(schema):
        return True
    return not all(_takes_any_string(field) for field in schema.fields.values())


def _takes_any_string(field: fields.Field) -> bool:
    return type(field) is fields.String and not field.required and not field.validators


def _has_schema_validators(schema: Schema) -> bool:
    """Hooks that may raise: schema and field validators, pre- and post-load processors."""
    hooks: dict[Any, list[Any]] = schema._hooks  # noqa: SLF001  (no public list of them; setup.cfg pins marshmallow)
    return any(methods for tag, methods in hooks.items()
               if (tag[0] if isinstance(tag, tuple) else tag) in ("validates", "validates_schema", "pre_load",
                                                                  "post_load"))
