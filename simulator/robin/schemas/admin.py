"""/__admin/robin's wire schemas (snake_case): tenants, channels, agents, replies, dynamic integration, webshop."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from simulator.core.blank import url_or_blank
from simulator.robin.schemas.base import NON_EMPTY
from simulator.robin.schemas.channel import AttachmentSchema


class TenantQuerySchema(Schema):
    tenant = fields.String(metadata={"description": "ROBIN API key of the tenant (default: the demo key)"})


class TenantSchema(Schema):
    """A tenant as answered: its API key, never its secret."""

    api_key = fields.String(required=True, validate=NON_EMPTY)
    name = fields.String(load_default="")


class TenantWriteSchema(TenantSchema):
    """A new tenant's credentials."""

    api_secret = fields.String(required=True, validate=NON_EMPTY)


class ChannelSchema(Schema):
    external_identifier = fields.String(required=True, validate=NON_EMPTY)
    name = fields.String(required=True, validate=NON_EMPTY)
    webhook_url = url_or_blank(load_default="", metadata={"description": "Empty: none"})
    avatar_small = fields.String(load_default="", metadata={"description": "18x18 avatar URL"})
    avatar_large = fields.String(load_default="", metadata={"description": "26x26 avatar URL"})
    supports_private_messaging = fields.Boolean(load_default=False)
    send_private_as_email = fields.Boolean(load_default=False)
    supports_select_webstore = fields.Boolean(load_default=False)
    supports_attachments = fields.Boolean(load_default=False)


class ChannelListSchema(Schema):
    channels = fields.List(fields.Nested(ChannelSchema))


class PresenceSchema(Schema):
    channel = fields.String(required=True, validate=NON_EMPTY)
    webstore = fields.String(required=True, validate=NON_EMPTY)
    online = fields.Boolean(required=True)


class ExtensionSchema(Schema):
    phone_extension = fields.String(required=True, metadata={"description": "Empty string unlinks"})


class AgentSchema(Schema):
    email = fields.String()
    name = fields.String()
    phone_extension = fields.String()
    presence = fields.List(fields.Nested(PresenceSchema))


class AgentListSchema(Schema):
    agents = fields.List(fields.Nested(AgentSchema))


class ReplySchema(Schema):
    agent_email = fields.Email(metadata={"description": "Default: the owner"})
    content = fields.String(required=True, validate=NON_EMPTY)
    is_private = fields.Boolean(load_default=False)
    attachments = fields.List(fields.Nested(AttachmentSchema), load_default=list)


class ReplyResultSchema(Schema):
    message_id = fields.String()
    conversation_guid = fields.String()
    delivered_to = fields.String(allow_none=True, metadata={"description": "Webhook URL, when delivered"})


class DynamicIntegrationSchema(Schema):
    base_url = url_or_blank(allow_none=True, metadata={"description": "Empty or null: the built-in example webshop"})
    api_key = fields.String(metadata={"description": "Pre-shared key (empty: the webshop's)"})
    api_secret = fields.String(load_only=True)
    headers = fields.Dict(keys=fields.String(), values=fields.String())
    email_parameter = fields.String(validate=NON_EMPTY)
    phone_parameter = fields.String(validate=NON_EMPTY)
    order_number_parameter = fields.String(validate=NON_EMPTY)
    external_identifier_parameter = fields.String(validate=NON_EMPTY)
    customer_path = fields.String(validate=validate.Regexp(r"^/", error="must start with /"))
    orders_path = fields.String(validate=validate.Regexp(r"^/", error="must start with /"))


class WebshopSettingsSchema(Schema):
    api_key = fields.String(validate=NON_EMPTY)
    api_secret = fields.String(validate=NON_EMPTY, load_only=True)
    email_parameter = fields.String(validate=NON_EMPTY)
    phone_parameter = fields.String(validate=NON_EMPTY)
    order_number_parameter = fields.String(validate=NON_EMPTY)
    external_identifier_parameter = fields.String(validate=NON_EMPTY)
    panel_id_parameter = fields.String(validate=NON_EMPTY)
    currency_symbol = fields.String(validate=NON_EMPTY)


class ConversationDetailSchema(Schema):
    """The full internal conversation: call log, profile fetched from the dynamic integration."""

    guid = fields.String()
    conversation_id = fields.String()
    subject = fields.String()
    channel = fields.String()
    state = fields.String()
    webstore = fields.String()
    owner = fields.Dict(allow_none=True)
    customer_email = fields.String()
    customer_phone = fields.String()
    relation_name = fields.String()
    relation_external_identifier = fields.String()
    external_identifier = fields.String()
    channel_account = fields.String()
    started_at = fields.String()
    messages = fields.List(fields.Dict())
    call = fields.Dict(allow_none=True)
    profile = fields.Dict()


class NotificationListSchema(Schema):
    notifications = fields.List(fields.Dict())
