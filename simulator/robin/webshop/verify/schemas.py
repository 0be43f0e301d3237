"""The documented webshop answers, read as leniently as ROBIN reads them (what `ccsim verify` accepts)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from marshmallow import ValidationError, fields

from simulator.core.dates import LenientDateTime
from simulator.robin.schemas.base import TextOrNumber
from simulator.robin.webshop.schemas import (
    CustomerInformationSchema,
    CustomerLifetimeSchema,
    OrderListItemSchema,
    OrdersListSchema,
    PanelListItemSchema,
    PanelListSchema,
)


class DisplayValue(fields.Raw):
    """A value ROBIN shows as text: a string, number, boolean or null, not an object or array."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, dict | list):
            raise ValidationError("must be a string, number, boolean or null, not an object or array")
        return value


class WholeNumber(fields.Integer):
    """A count: a JSON integer, a number without a fraction (`12.0`) or a string of one (`"12"`)."""

    def _validated(self, value: Any) -> int:
        if value is True or value is False or not isinstance(value, int | float | str):
            raise self.make_error("invalid", input=value)
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            raise self.make_error("invalid", input=value) from None
        if not number.is_finite() or number != number.to_integral_value():
            raise self.make_error("invalid", input=value)
        return int(number)


def _display_dict(**kwargs: Any) -> fields.Dict:
    return fields.Dict(keys=fields.String(), values=DisplayValue(allow_none=True), **kwargs)


class CustomerAnswerSchema(CustomerInformationSchema):
    """`name`, `phone_number` may be null and `total_spent` a number: emico/robinhq-lib's Customer."""

    name = fields.String(required=True, allow_none=True)
    phone_number = TextOrNumber(required=True, allow_none=True)
    customer_since = LenientDateTime(required=True)
    total_spent = TextOrNumber(required=True)
    panel_view = _display_dict()


class OrderListItemAnswerSchema(OrderListItemSchema):
    order_number = TextOrNumber(required=True)
    list_view = _display_dict(required=True)


class OrdersAnswerSchema(OrdersListSchema):
    orders = fields.List(fields.Nested(OrderListItemAnswerSchema), required=True)


class LifetimeAnswerSchema(CustomerLifetimeSchema):
    """Without orders the library writes a null `currency` and leaves `last_order_date` out."""

    customer_since = LenientDateTime(required=True)
    order_count = WholeNumber(required=True)
    currency = fields.String(required=True, allow_none=True)
    last_order_date = LenientDateTime(load_default=None, allow_none=True)


class PanelListItemAnswerSchema(PanelListItemSchema):
    id = TextOrNumber(required=True)


class PanelListAnswerSchema(PanelListSchema):
    data = fields.List(fields.Nested(PanelListItemAnswerSchema), required=True)
