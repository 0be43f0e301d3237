"""Wire schemas of the public API's messages: create and update bodies, the list query, the message."""

from __future__ import annotations

from marshmallow import Schema, fields

from simulator.chatwoot.schemas.base import Loose


class PublicMessageWriteSchema(Loose):
    content = fields.String(allow_none=True)
    echo_id = fields.String(allow_none=True, metadata={"description": "Passed back with the message"})


class PublicMessageUpdateSchema(Loose):
    submitted_values = fields.Raw(allow_none=True, metadata={
        "description": "An object (or a list of objects) of name, title, value and csat_survey_response "
                       "{feedback_message, rating}; stored in content_attributes.submitted_values"})


class PublicMessagesQuery(Schema):
    before = fields.String(metadata={"description": "The 20 messages before this message id"})


class PublicMessageSchema(Schema):
    id = fields.Integer(required=True)
    content = fields.String(required=True, allow_none=True)
    message_type = fields.Integer(required=True, metadata={"description": "0 incoming, 1 outgoing, 3 template"})
    content_type = fields.String(required=True)
    content_attributes = fields.Dict(required=True)
    created_at = fields.Integer(required=True)
    conversation_id = fields.Integer(required=True, metadata={"description": "The display id"})
    attachments = fields.List(fields.Dict(), metadata={"description": "Only when there are any"})
    sender = fields.Dict(metadata={"description": "Push data of the contact, agent or bot (`type`)"})
