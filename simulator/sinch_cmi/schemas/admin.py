"""The control API's CMI schemas: Contact Pro users and queues as configured, and the bearer tokens it issues."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from simulator.sinch_cmi.models import ALL_RIGHTS

NON_EMPTY = validate.Length(min=1)
TOKEN_LIFETIME = 3600  # seconds: an hour, as identity providers' id tokens commonly last
MAX_TOKEN_LIFETIME = 366 * 86400
B64TOKEN = r"^[A-Za-z0-9._~+/-]+=*$"  # RFC 6750's token characters


class UserSchema(Schema):
    """A user as answered: never the password."""

    id = fields.String(dump_only=True, metadata={"description": "The user's GUID (agentId in contacts)"})
    login = fields.String(required=True, validate=NON_EMPTY)
    name = fields.String(required=True, validate=NON_EMPTY, metadata={"description": '"Surname, First"'})
    language = fields.String(load_default="en", validate=validate.Regexp(r"^[a-z]{2}$"))
    rights = fields.List(fields.String(validate=validate.OneOf(ALL_RIGHTS)), load_default=list)
    queues = fields.List(fields.String(), load_default=list,
                         metadata={"description": "Queue ids the user serves and sees with queue-scope rights"})
    email = fields.String(load_default="")


class UserWriteSchema(UserSchema):
    """A user to create or replace, with the password to log in with."""

    password = fields.String(required=True, validate=NON_EMPTY)


class QueueSchema(Schema):
    id = fields.String()
    name = fields.String()
    channel = fields.String()
    address = fields.String()
    number = fields.String()
    subtype = fields.String()


class TokenRequestSchema(Schema):
    login = fields.String(required=True, validate=NON_EMPTY, metadata={"description": "The user the token names"})
    expires_in = fields.Integer(load_default=TOKEN_LIFETIME, validate=validate.Range(min=1, max=MAX_TOKEN_LIFETIME),
                                metadata={"description": "Seconds of the simulator clock it stays valid"})
    token = fields.String(validate=validate.Regexp(B64TOKEN), metadata={
        "description": "Its value, when a test wants to choose it (default: a new random one)"})


class TokenSchema(Schema):
    access_token = fields.String(metadata={"description": "Send it as `Authorization: Bearer <access_token>`"})
    token_type = fields.String(metadata={"enum": ["Bearer"]})
    expires_in = fields.Integer(metadata={"description": "Seconds from now"})
    expires_at = fields.DateTime(metadata={"description": "On the simulator clock"})
    login = fields.String()
