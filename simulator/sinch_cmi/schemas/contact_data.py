"""Contact data: the list query, the body that attaches a key/value pair, and the documented answer."""

from __future__ import annotations

from marshmallow import Schema, fields

from simulator.sinch_cmi.schemas.base import Body, Guid, guid_field, limit_field, text


class ContactDataQuery(Schema):
    contactId = fields.String(metadata={"description": "Comma-separated contact GUIDs"})
    key = fields.String(metadata={"description": "Only this key (case-insensitive)"})
    limit = limit_field(documented=False)


class ContactDatumCreate(Body):
    contactId = Guid(required=True)
    key = text(required=True, min_length=1, max_length=256)
    value = fields.String(required=True)


class ContactDatumOut(Schema):
    id = guid_field(required=True)
    contactId = guid_field(required=True)
    key = fields.String(required=True)
    value = fields.String(required=True)
    timeStamp = fields.String(required=True)
