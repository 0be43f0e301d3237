"""POST /voip/registerevent/{apikey}: a phone call event, its enums read case-insensitively."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, validates_schema

from simulator.robin.schemas.base import NON_EMPTY, RobinSchema, TextOrNumber


class CaseInsensitiveChoice(fields.String):
    def __init__(self, choices: tuple[str, ...], **kwargs: Any) -> None:
        kwargs.setdefault("metadata", {})["enum"] = list(choices)
        super().__init__(**kwargs)
        self.choices = choices

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        for choice in self.choices:
            if text.lower() == choice.lower():
                return choice
        raise ValidationError(f"Must be one of: {', '.join(self.choices)}.")


class VoipEventSchema(RobinSchema):
    id = TextOrNumber(data_key="Id", required=True, validate=NON_EMPTY)
    event_type = CaseInsensitiveChoice(("Answered", "Disconnected", "Transfer"), data_key="EventType", required=True)
    phone_number = TextOrNumber(data_key="PhoneNumber", required=True, validate=NON_EMPTY)
    phone_extension = TextOrNumber(data_key="PhoneExtension", required=True, validate=NON_EMPTY)
    direction = CaseInsensitiveChoice(("Inbound", "Outbound"), data_key="Direction", required=True)
    phone_referrer = TextOrNumber(data_key="PhoneReferrer", load_default="")
    filter_field = fields.String(data_key="FilterField", load_default="")
    filter_value = TextOrNumber(data_key="FilterValue", load_default="")

    @validates_schema
    def filter_pair(self, data: dict[str, Any], **_: Any) -> None:
        if bool(data.get("filter_field")) != bool(data.get("filter_value")):
            raise ValidationError("FilterField and FilterValue must be sent together.", "FilterValue")
