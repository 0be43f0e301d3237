"""Emails: the list and single-email queries, and the documented email answer."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from simulator.sinch_cmi.schemas.base import LANGUAGE, QueueOut, guid_field, limit_field, sort_field


class EmailQuery(Schema):
    language = LANGUAGE
    case_id = fields.String(metadata={"description": "Emails of this case id"})
    cid = fields.String(metadata={"description": "Emails with this cid"})
    includeAttachedData = fields.Boolean(metadata={"description": "Add `attachedData` (default false)"})
    limit = limit_field()
    sort = sort_field("-date_created")


class EmailByIdQuery(Schema):
    language = LANGUAGE
    includeAttachedData = fields.Boolean(metadata={"description": "Add `attachedData` (default false)"})


class EmailAddressOut(Schema):
    name = fields.String()
    address = fields.String(required=True)


class AttachmentOut(Schema):
    id = guid_field(required=True)
    filename = fields.String(required=True)
    mime_type = fields.String(required=True)
    size = fields.Integer(required=True)
    originator = fields.String(required=True, validate=validate.OneOf(("customer", "agent")))


class KeyValueOut(Schema):
    key = fields.String(required=True)
    value = fields.String(required=True)


class EmailOut(Schema):
    id = guid_field(required=True)
    from_queue = fields.Nested(QueueOut, required=True)
    channel_type = fields.String(required=True)
    channel_sub_type = fields.String(required=True)
    type = fields.String(required=True, validate=validate.OneOf(("EmailIn", "EmailOut")))
    typeDetails = fields.String(required=True)
    status = fields.String(required=True)
    statusDetails = fields.String(required=True)
    case_id = fields.String()
    cid = fields.String()
    title = fields.String(required=True)
    content = fields.String(required=True)
    remarks = fields.String()
    attachments = fields.List(fields.Nested(AttachmentOut))
    originator = fields.String(required=True)
    destination = fields.String(required=True)
    from_address = fields.Nested(EmailAddressOut, required=True)
    to_address = fields.List(fields.Nested(EmailAddressOut), required=True)
    cc_address = fields.List(fields.Nested(EmailAddressOut))
    bcc_address = fields.List(fields.Nested(EmailAddressOut))
    agentId = guid_field()
    agentName = fields.String()
    date_created = fields.String(required=True)
    attachedData = fields.List(fields.Nested(KeyValueOut), metadata={"description": "With includeAttachedData"})
