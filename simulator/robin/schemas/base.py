"""What ROBIN's wire schemas share: the lenient base schema, text-or-number fields, the details_view block."""

from __future__ import annotations

from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates_schema

NON_EMPTY = validate.Length(min=1)


class TextOrNumber(fields.String):
    """A string that clients may also send as a JSON number (the docs type some ids as numbers)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        if isinstance(value, bool):
            raise ValidationError("Not a valid string.")
        if isinstance(value, int | float):
            value = str(value)
        return super()._deserialize(value, attr, data, **kwargs)


class RobinSchema(Schema):
    """ROBIN ignores fields it does not know, like the .NET model binding behind it."""

    class Meta:
        unknown = EXCLUDE


def wrap_bare_list(key: str, data: Any) -> Any:
    """A bare JSON array stands for `{key: array}` (older clients send one)."""
    return {key: data} if isinstance(data, list) else data


class DetailsViewSchema(Schema):
    display_as = fields.String(required=True, validate=validate.OneOf(["details", "columns", "rows"]))
    caption = fields.String()
    data = fields.Raw(required=True, metadata={"description": "An object (details) or a list of objects"})

    @validates_schema
    def data_matches_layout(self, item: dict[str, Any], **_: Any) -> None:
        data = item.get("data")
        if item.get("display_as") == "details" and not isinstance(data, dict):
            raise ValidationError("must be an object when display_as is 'details'", "data")
        if item.get("display_as") in {"columns", "rows"} and not (
            isinstance(data, list) and all(isinstance(row, dict) for row in data)
        ):
            raise ValidationError("must be a list of objects for 'columns' and 'rows'", "data")
