"""Wire schemas of the public (client) API: request bodies and the real v3.1 answers."""

from __future__ import annotations

from marshmallow import Schema, fields

from simulator.chatwoot.schemas.base import Loose, Open

# ---- requests ----------------------------------------------------------------------------------


class PublicContactUpdateSchema(Loose):
    """What the controller permits: identifier, identifier_hash, email, name, phone, avatar, custom attributes."""

    identifier = fields.String(allow_none=True, metadata={
        "description": "External id: what `identifier_hash` signs (update: used for the check only, not stored)"})
    identifier_hash = fields.String(allow_none=True, metadata={
        "description": "Hex HMAC-SHA256 of `identifier` with the inbox's hmac_token; required when the inbox has "
                       "`hmac_mandatory`, checked whenever sent (401 when wrong)"})
    email = fields.String(allow_none=True)
    name = fields.String(allow_none=True)
    phone_number = fields.String(allow_none=True, metadata={"description": "e164, e.g. +31612345678"})
    avatar_url = fields.String(allow_none=True)
    custom_attributes = fields.Dict(allow_none=True)


class PublicContactCreateSchema(PublicContactUpdateSchema):
    source_id = fields.String(allow_none=True, metadata={
        "description": "The contact inbox's id (the `contact_identifier` of later calls); a UUID by default"})


class PublicConversationWriteSchema(Loose):
    custom_attributes = fields.Dict(allow_none=True, metadata={"description": "Accepted and ignored (as v3.1)"})


class PublicMessageWriteSchema(Loose):
    content = fields.String(allow_none=True)
    echo_id = fields.String(allow_none=True, metadata={"description": "Passed back with the message"})


class PublicMessageUpdateSchema(Loose):
    submitted_values = fields.Raw(allow_none=True, metadata={
        "description": "An object (or a list of objects) of name, title, value and csat_survey_response "
                       "{feedback_message, rating}; stored in content_attributes.submitted_values"})


class PublicMessagesQuery(Schema):
    before = fields.String(metadata={"description": "The 20 messages before this message id"})


# ---- answers -----------------------------------------------------------------------------------


class PublicInboxSchema(Schema):
    identifier = fields.String(required=True)
    name = fields.String(required=True)
    timezone = fields.String(required=True)
    working_hours = fields.List(fields.Dict(), required=True)
    working_hours_enabled = fields.Boolean(required=True)
    csat_survey_enabled = fields.Boolean(required=True)
    greeting_enabled = fields.Boolean(required=True)
    identity_validation_enabled = fields.Boolean(required=True, metadata={"description": "The inbox's "
                                                                                         "hmac_mandatory"})


class PublicContactSchema(Schema):
    source_id = fields.String(required=True, metadata={"description": "The `contact_identifier` of later calls"})
    pubsub_token = fields.String(required=True)
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    email = fields.String(required=True, allow_none=True)
    phone_number = fields.String(required=True, allow_none=True)


class ContactRecordSchema(Open):
    """The raw Contact record: every column, ISO-8601 times with milliseconds."""

    id = fields.Integer(required=True)
    name = fields.String(required=True, allow_none=True)
    email = fields.String(required=True, allow_none=True)
    phone_number = fields.String(required=True, allow_none=True)
    account_id = fields.Integer(required=True)
    created_at = fields.String(required=True)
    updated_at = fields.String(required=True)
    additional_attributes = fields.Dict(required=True)
    identifier = fields.String(required=True, allow_none=True)
    custom_attributes = fields.Dict(required=True)
    last_activity_at = fields.String(required=True, allow_none=True)


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
