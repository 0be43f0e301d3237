"""Wire schemas of webhooks: the write body (under `webhook`) and the wrapped answers."""

from __future__ import annotations

from marshmallow import Schema, fields

from simulator.chatwoot.schemas.base import RailsBody


class WebhookWriteSchema(RailsBody):
    WRAP_KEY = "webhook"
    url = fields.String(allow_none=True)
    subscriptions = fields.List(fields.String(), allow_none=True)
    inbox_id = fields.Integer(allow_none=True)


class WebhookSchema(Schema):
    id = fields.Integer(required=True)
    url = fields.String(required=True)
    account_id = fields.Integer(required=True)
    subscriptions = fields.List(fields.String(), required=True)
    inbox = fields.Dict()


class WebhookListBodySchema(Schema):
    webhooks = fields.List(fields.Nested(WebhookSchema), required=True)


class WebhookListSchema(Schema):
    payload = fields.Nested(WebhookListBodySchema, required=True)


class WebhookBodySchema(Schema):
    webhook = fields.Nested(WebhookSchema, required=True)


class WebhookPayloadSchema(Schema):
    payload = fields.Nested(WebhookBodySchema, required=True)
