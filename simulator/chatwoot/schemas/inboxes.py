"""Wire schemas of inboxes, their channel, their agent bot and their members."""

from __future__ import annotations

from marshmallow import Schema, fields

from simulator.chatwoot.models import REPLY_TIMES, SENDER_NAME_TYPES
from simulator.chatwoot.schemas.base import Loose, Open, RailsEnum


class InboxAgentBotSchema(Schema):
    agent_bot = fields.Dict(required=True, metadata={"description": "The agent bot JSON, or {} without one"})


class ChannelSchema(Loose):
    type = fields.String(allow_none=True, metadata={"description": "web_widget or api (create only)"})
    website_url = fields.String(allow_none=True)
    welcome_title = fields.String(allow_none=True)
    welcome_tagline = fields.String(allow_none=True)
    widget_color = fields.String(allow_none=True)
    reply_time = RailsEnum(REPLY_TIMES, allow_none=True, note="Web widgets only")
    pre_chat_form_enabled = fields.Boolean(allow_none=True)
    pre_chat_form_options = fields.Dict(allow_none=True)
    continuity_via_email = fields.Boolean(allow_none=True)
    webhook_url = fields.String(allow_none=True)
    hmac_mandatory = fields.Boolean(allow_none=True)
    additional_attributes = fields.Dict(allow_none=True)


class InboxWriteSchema(Loose):
    name = fields.String(allow_none=True)
    avatar_url = fields.String(allow_none=True)
    channel = fields.Nested(ChannelSchema, allow_none=True)
    greeting_enabled = fields.Boolean(allow_none=True)
    greeting_message = fields.String(allow_none=True)
    enable_email_collect = fields.Boolean(allow_none=True)
    csat_survey_enabled = fields.Boolean(allow_none=True)
    enable_auto_assignment = fields.Boolean(allow_none=True)
    auto_assignment_config = fields.Dict(allow_none=True)
    working_hours_enabled = fields.Boolean(allow_none=True)
    out_of_office_message = fields.String(allow_none=True)
    timezone = fields.String(allow_none=True)
    allow_messages_after_resolved = fields.Boolean(allow_none=True)
    lock_to_single_conversation = fields.Boolean(allow_none=True)
    portal_id = fields.Integer(allow_none=True)
    sender_name_type = RailsEnum(SENDER_NAME_TYPES, allow_none=True)
    business_name = fields.String(allow_none=True)


class InboxSchema(Open):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    channel_id = fields.Integer(required=True)
    channel_type = fields.String(required=True, metadata={"description": "Channel::WebWidget or Channel::Api"})
    avatar_url = fields.String(required=True)
    enable_auto_assignment = fields.Boolean(required=True)
    website_url = fields.String(allow_none=True)
    website_token = fields.String(allow_none=True)
    web_widget_script = fields.String(allow_none=True)
    webhook_url = fields.String(allow_none=True)
    inbox_identifier = fields.String(allow_none=True, metadata={"description": "API inboxes: the public API's "
                                                                               "`inbox_identifier`"})
    hmac_token = fields.String(allow_none=True, metadata={"description": "Administrators only"})


class InboxListSchema(Schema):
    payload = fields.List(fields.Nested(InboxSchema), required=True)


class SetAgentBotSchema(Loose):
    agent_bot = fields.Integer(allow_none=True, metadata={"description": "The bot's id; null removes it"})


class InboxMembersWriteSchema(Loose):
    inbox_id = fields.Integer(required=True)
    user_ids = fields.List(fields.Integer(), required=True)


class AgentListSchema(Schema):
    payload = fields.List(fields.Raw(), required=True)
