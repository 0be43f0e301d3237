"""Wire schemas of the public API's contacts: create and update bodies, the contact and its raw record."""

from __future__ import annotations

from marshmallow import Schema, fields

from simulator.chatwoot.schemas.base import Loose, Open


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
