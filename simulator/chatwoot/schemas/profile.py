"""Wire schemas of the profile: the token owner's user record with its accounts."""

from __future__ import annotations

from marshmallow import Schema, fields


class ProfileAccountSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    status = fields.String()
    active_at = fields.String(allow_none=True)
    role = fields.String(required=True)
    availability = fields.String()
    availability_status = fields.String()
    auto_offline = fields.Boolean()


class ProfileSchema(Schema):
    access_token = fields.String(required=True)
    account_id = fields.Integer(allow_none=True)
    available_name = fields.String(required=True)
    avatar_url = fields.String()
    confirmed = fields.Boolean()
    display_name = fields.String(allow_none=True)
    message_signature = fields.String(allow_none=True)
    email = fields.String(required=True)
    id = fields.Integer(required=True)
    inviter_id = fields.Integer(allow_none=True)
    name = fields.String(required=True)
    provider = fields.String()
    pubsub_token = fields.String()
    role = fields.String(allow_none=True)
    ui_settings = fields.Dict()
    uid = fields.String()
    type = fields.String()
    custom_attributes = fields.Dict()
    accounts = fields.List(fields.Nested(ProfileAccountSchema), required=True)
