"""Wire schemas of contacts: list and search queries, the write body, pages and contact inboxes."""

from __future__ import annotations

from marshmallow import Schema, fields

from simulator.chatwoot.schemas.base import Loose, Open


class ContactWriteSchema(Loose):
    inbox_id = fields.Integer(allow_none=True, metadata={"description": "Optional: also link the contact to "
                                                                        "this inbox"})
    source_id = fields.String(allow_none=True, metadata={"description": "With inbox_id: the contact inbox's id"})
    name = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    phone_number = fields.String(allow_none=True, metadata={"description": "e164, e.g. +31612345678"})
    identifier = fields.String(allow_none=True)
    avatar_url = fields.String(allow_none=True)
    additional_attributes = fields.Dict(allow_none=True)
    custom_attributes = fields.Dict(allow_none=True)


class ContactSchema(Open):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    email = fields.String(allow_none=True)
    phone_number = fields.String(allow_none=True)
    identifier = fields.String(allow_none=True)
    thumbnail = fields.String(required=True)
    availability_status = fields.String(required=True)
    additional_attributes = fields.Dict(required=True)
    custom_attributes = fields.Dict(required=True)
    created_at = fields.Integer(required=True)
    last_activity_at = fields.Integer()
    contact_inboxes = fields.List(fields.Raw())


class PageMetaSchema(Schema):
    count = fields.Integer(required=True)
    current_page = fields.Raw(required=True, metadata={"description": "The `page` parameter as sent (a string), "
                                                                       "or 1 without one"})


class ContactPageSchema(Schema):
    meta = fields.Nested(PageMetaSchema, required=True)
    payload = fields.List(fields.Nested(ContactSchema), required=True)


class ContactPayloadSchema(Schema):
    payload = fields.Nested(ContactSchema, required=True)


class ContactInboxSchema(Schema):
    source_id = fields.String(allow_none=True)
    inbox = fields.Raw(allow_none=True)


class CreatedContactSchema(Schema):
    contact = fields.Nested(ContactSchema, required=True)
    contact_inbox = fields.Nested(ContactInboxSchema, required=True)


class ContactCreatedSchema(Schema):
    payload = fields.Nested(CreatedContactSchema, required=True)


class ContactInboxWriteSchema(Loose):
    inbox_id = fields.Integer(allow_none=True)
    source_id = fields.String(allow_none=True)


class ContactInboxListSchema(Schema):
    payload = fields.List(fields.Nested(ContactInboxSchema), required=True)


class ContactListQuery(Schema):
    page = fields.String(metadata={"description": "Page number (15 per page)"})
    sort = fields.String(metadata={"description": "name, email, phone_number, last_activity_at, created_at, "
                                                  "company, city or country; `-` for descending"})
    labels = fields.String(data_key="labels[]", metadata={"description": "Contacts tagged with any of these "
                                                                         "(repeatable; `labels=a,b` works too)"})
    include_contact_inboxes = fields.String(metadata={"description": "false drops contact_inboxes"})


class ContactSearchQuery(Schema):
    q = fields.String(metadata={"description": "Part of the name, email, phone number, or of the identifier "
                                               "(case-sensitive)"})
    page = fields.String()
    sort = fields.String()
