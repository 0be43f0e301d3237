"""Wire schemas of the public API's conversations: the create body and the conversation with its chat."""

from __future__ import annotations

from marshmallow import Schema, fields

from simulator.chatwoot.public.schemas.contacts import ContactRecordSchema
from simulator.chatwoot.public.schemas.messages import PublicMessageSchema
from simulator.chatwoot.schemas.base import Loose


class PublicConversationWriteSchema(Loose):
    custom_attributes = fields.Dict(allow_none=True, metadata={"description": "Accepted and ignored (as v3.1)"})


class PublicConversationSchema(Schema):
    id = fields.Integer(required=True, metadata={"description": "The display id"})
    uuid = fields.String(required=True)
    inbox_id = fields.Integer(required=True)
    contact_last_seen_at = fields.Integer(required=True, metadata={"description": "Unix time, 0 when never"})
    status = fields.String(required=True)
    agent_last_seen_at = fields.Integer(required=True, metadata={"description": "Unix time, 0 when never"})
    messages = fields.List(fields.Nested(PublicMessageSchema), required=True,
                           metadata={"description": "Every message but activity messages and private notes"})
    contact = fields.Nested(ContactRecordSchema, required=True)
