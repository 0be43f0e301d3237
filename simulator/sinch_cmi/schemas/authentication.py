"""The ECF web session's login answer: the user who logged in, as the ECF server describes one."""

from __future__ import annotations

from marshmallow import Schema, fields


class EcfNameSchema(Schema):
    first_name = fields.String(required=True)
    last_name = fields.String(required=True)


class EcfUserSchema(Schema):
    """The user who logged in, as the ECF server describes a user (part of its `/users/me/properties`)."""

    id = fields.String(required=True, metadata={"description": "The user's GUID (32 hex digits): `agentId` in "
                                                               "CMI contacts"})
    username = fields.String(required=True, metadata={"description": "The logon name"})
    name = fields.Nested(EcfNameSchema, required=True)
    alias = fields.String(required=True, metadata={"description": "The name shown in conversations"})
    login_status = fields.String(required=True, metadata={"enum": ["logged_in"]})
    language = fields.String(required=True, metadata={"description": "User interface language, e.g. `EN`, `FI`"})
    chat_address = fields.String(required=True)
    email_address = fields.String(required=True)
    extension = fields.String(required=True, metadata={"description": "Phone extension (may be empty)"})
