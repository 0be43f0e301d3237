"""Wire schemas of messages: the draft a create sends, the list window and the message JSON."""

from __future__ import annotations

from marshmallow import Schema, fields

from simulator.chatwoot.models import CONTENT_TYPES, MESSAGE_TYPES
from simulator.chatwoot.schemas.base import Loose, Open, RailsEnum


class MessageDraftSchema(Loose):
    content = fields.Raw(allow_none=True)
    message_type = RailsEnum(MESSAGE_TYPES, allow_none=True, note="Default outgoing; incoming only in API inboxes")
    private = fields.Boolean(allow_none=True)
    content_type = RailsEnum(CONTENT_TYPES, allow_none=True, note="Default text")
    content_attributes = fields.Raw(allow_none=True)
    echo_id = fields.Raw(allow_none=True)
    source_id = fields.Raw(allow_none=True)
    template_params = fields.Dict(allow_none=True)


class MessagesQuery(Schema):
    before = fields.String(metadata={"description": "Messages older than this message id"})
    after = fields.String(metadata={"description": "Messages newer than this message id"})


class MessageSchema(Open):
    id = fields.Integer(required=True)
    content = fields.String(allow_none=True)
    inbox_id = fields.Integer(required=True)
    conversation_id = fields.Integer(required=True, metadata={"description": "The display id"})
    message_type = fields.Integer(required=True, metadata={"description": "0 incoming, 1 outgoing, 2 activity, "
                                                                          "3 template"})
    content_type = fields.String(required=True)
    status = fields.String(required=True)
    content_attributes = fields.Dict(required=True)
    created_at = fields.Integer(required=True)
    private = fields.Boolean(required=True)
    source_id = fields.String(allow_none=True)
    sender = fields.Dict()


class MessageListSchema(Schema):
    meta = fields.Dict(required=True)
    payload = fields.List(fields.Nested(MessageSchema), required=True)
