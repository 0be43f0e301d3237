"""Request bodies of ROBIN's customer pushes: POST /dynamic/customers and the legacy POST /customers."""

from __future__ import annotations

from typing import Any

from marshmallow import fields, pre_load, validate

from simulator.core.dates import LenientDateTime
from simulator.robin.schemas.base import NON_EMPTY, RobinSchema, TextOrNumber, wrap_bare_list


class CustomerSchema(RobinSchema):
    email_address = fields.Email(required=True, metadata={"description": "Email address of the customer"})
    customer_since = LenientDateTime(required=True, metadata={"description": "Date of the first order"})
    order_count = fields.Integer(required=True, validate=validate.Range(min=0))
    total_revenue = fields.Float(required=True)
    currency = fields.String(required=True, validate=NON_EMPTY)
    last_order_date = LenientDateTime(
        load_default=None,
        allow_none=True,
        metadata={"description": "Date of the last order (documented as required; real clients omit it)"},
    )
    name = fields.String()
    phone_number = TextOrNumber()
    total_spent = TextOrNumber()
    external_identifier = TextOrNumber()
    panel_view = fields.Dict(keys=fields.String())


class CustomerBatchSchema(RobinSchema):
    customers = fields.List(fields.Nested(CustomerSchema), required=True)

    @pre_load
    def accept_bare_list(self, data: Any, **_: Any) -> Any:
        return wrap_bare_list("customers", data)


class LegacyCustomerSchema(CustomerSchema):
    """The old non-dynamic `POST /customers`: only the email address is required."""

    customer_since = LenientDateTime(load_default=None, allow_none=True)
    order_count = fields.Integer(validate=validate.Range(min=0))
    total_revenue = fields.Float(load_default=None, allow_none=True)
    currency = fields.String()


class LegacyCustomerBatchSchema(CustomerBatchSchema):
    customers = fields.List(fields.Nested(LegacyCustomerSchema), required=True)
