"""The dynamic-integration endpoints a webshop serves to ROBIN: their query and documented answers."""

from __future__ import annotations

from marshmallow import INCLUDE, Schema, fields

from simulator.robin.schemas.base import DetailsViewSchema


class OpenSchema(Schema):
    """Webshops may add their own keys; the documented ones are checked."""

    class Meta:
        unknown = INCLUDE


class CustomerInformationSchema(OpenSchema):
    name = fields.String(required=True)
    email_address = fields.String(required=True)
    phone_number = fields.String(required=True)
    customer_since = fields.Date(required=True, metadata={"description": "YYYY-MM-DD"})
    total_spent = fields.String(required=True)
    order_count = fields.Float(required=True)
    panel_view = fields.Dict(keys=fields.String(), values=fields.String())


class OrderListItemSchema(OpenSchema):
    order_number = fields.String(required=True)
    list_view = fields.Dict(keys=fields.String(), values=fields.String(), required=True)


class OrdersListSchema(OpenSchema):
    orders = fields.List(fields.Nested(OrderListItemSchema), required=True)


class DetailsViewListSchema(OpenSchema):
    details_view = fields.List(fields.Nested(DetailsViewSchema), required=True)


class CustomerLifetimeSchema(OpenSchema):
    email_address = fields.String(required=True)
    customer_since = fields.String(required=True)
    order_count = fields.Integer(required=True, strict=True)
    currency = fields.String(required=True)
    total_revenue = fields.Float(required=True)
    last_order_date = fields.String(required=True)


class PanelListItemSchema(OpenSchema):
    id = fields.String(required=True)


class PanelListSchema(OpenSchema):
    data = fields.List(fields.Nested(PanelListItemSchema), required=True)


class WebshopQuerySchema(Schema):
    """Default parameter names; the real names are configurable (`/__admin/robin/webshop`)."""

    class Meta:
        unknown = INCLUDE

    email = fields.String(metadata={"description": "Customer email address"})
    phone = fields.String(metadata={"description": "Customer phone number"})
    external_identifier = fields.String(metadata={"description": "Customer external identifier"})
    order_number = fields.String(metadata={"description": "Order number (order details)"})
    id = fields.String(metadata={"description": "Custom panel item id (custom panel details)"})


