"""POST /showcustomer: the agent to notify and the customer at the counter, blanks read as absent."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, pre_load, validates_schema

from simulator.core.blank import email_or_blank
from simulator.robin.schemas.base import RobinSchema, TextOrNumber


def _drop_blank(data: Any) -> Any:
    """A point-of-sale system sends "" for what it does not know: treat it as absent."""
    return {k: v for k, v in data.items() if v != ""} if isinstance(data, dict) else data


class ShowCustomerTargetSchema(RobinSchema):
    email_address = email_or_blank(load_default="")
    phone_number = TextOrNumber(load_default="")
    external_identifier = TextOrNumber(load_default="")

    @pre_load
    def blank_is_absent(self, data: Any, **_: Any) -> Any:
        return _drop_blank(data)


class ShowCustomerSchema(RobinSchema):
    user_email_address = email_or_blank(load_default="", metadata={"description": "Agent to notify"})
    customer = fields.Nested(ShowCustomerTargetSchema, required=True)

    @pre_load
    def blank_is_absent(self, data: Any, **_: Any) -> Any:
        return _drop_blank(data)

    @validates_schema
    def some_identifier(self, data: dict[str, Any], **_: Any) -> None:
        target = data.get("customer") or {}
        if not any(target.get(k) for k in ("email_address", "phone_number", "external_identifier")):
            raise ValidationError(
                "Provide at least one of email_address, phone_number or external_identifier.", "customer"
            )
