"""Wire schemas of the platform API's users: the flat write body, the user JSON and the login link."""

from __future__ import annotations

from marshmallow import Schema, fields

from simulator.chatwoot.schemas.base import Loose


class PlatformUserWriteSchema(Loose):
    name = fields.String(allow_none=True)
    display_name = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    password = fields.String(allow_none=True, metadata={"description": "6 to 128 characters with an uppercase and a "
                                                                       "lowercase letter, a digit and a special "
                                                                       "character"})
    custom_attributes = fields.Dict(allow_none=True, metadata={"description": "Merged into the stored ones on update"})


class PlatformUserAccountSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    active_at = fields.String(required=True, allow_none=True)
    role = fields.String(required=True)


class PlatformUserSchema(Schema):
    access_token = fields.String(required=True)
    account_id = fields.Integer(required=True, allow_none=True)
    available_name = fields.String(required=True)
    avatar_url = fields.String(required=True)
    confirmed = fields.Boolean(required=True)
    display_name = fields.String(required=True, allow_none=True)
    message_signature = fields.String(required=True, allow_none=True)
    email = fields.String(required=True)
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    provider = fields.String(required=True)
    pubsub_token = fields.String(required=True)
    custom_attributes = fields.Dict(metadata={"description": "Only when not empty"})
    role = fields.String(required=True, allow_none=True)
    ui_settings = fields.Dict(required=True)
    uid = fields.String(required=True)
    accounts = fields.List(fields.Nested(PlatformUserAccountSchema), required=True)


class LoginLinkSchema(Schema):
    url = fields.String(required=True, metadata={"description": "The login page with a single-use SSO token"})
