"""Request bodies of ROBIN's order pushes: POST /dynamic/orders and the legacy POST /orders."""

from __future__ import annotations

from typing import Any

from marshmallow import fields, post_load, pre_load

from simulator.core.dates import LenientDateTime
from simulator.robin.schemas.base import NON_EMPTY, DetailsViewSchema, RobinSchema, TextOrNumber, wrap_bare_list


class OrderSchema(RobinSchema):
    order_number = TextOrNumber(required=True, validate=NON_EMPTY)
    email_address = fields.Email(required=True)
    revenue = fields.Float(required=True)
    order_date = LenientDateTime(required=True)
    is_first_order = fields.Boolean(required=True)
    old_revenue = fields.Float(allow_none=True)
    profit = fields.Float(allow_none=True)
    old_profit = fields.Float(allow_none=True)
    webstore_url = fields.String()
    name = fields.String()
    url = fields.String()
    list_view = fields.Dict(keys=fields.String())
    details_view = fields.List(fields.Nested(DetailsViewSchema))


class OrderBatchSchema(RobinSchema):
    orders = fields.List(fields.Nested(OrderSchema), required=True)

    @pre_load
    def accept_bare_list(self, data: Any, **_: Any) -> Any:
        return wrap_bare_list("orders", data)


class LegacyOrderSchema(OrderSchema):
    """The old `POST /orders`: `order_by_date` (Y/m/d) may stand for `order_date`."""

    revenue = fields.Float(load_default=0.0)
    order_date = LenientDateTime(load_default=None, allow_none=True)
    order_by_date = LenientDateTime(load_default=None, allow_none=True)
    is_first_order = fields.Boolean(load_default=False)

    @post_load
    def merge_dates(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        data["order_date"] = data.get("order_date") or data.pop("order_by_date", None)
        data.pop("order_by_date", None)
        return data


class LegacyOrderBatchSchema(OrderBatchSchema):
    orders = fields.List(fields.Nested(LegacyOrderSchema), required=True)
