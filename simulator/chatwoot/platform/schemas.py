"""Wire schemas of the platform API: flat request bodies (`params.permit`) and its answers."""

from __future__ import annotations

from marshmallow import Schema, fields

from simulator.chatwoot.models import ACCOUNT_STATUSES, LOCALES, ROLES
from simulator.chatwoot.schemas.base import Loose, RailsEnum

# ---- requests ----------------------------------------------------------------------------------


class PlatformAccountWriteSchema(Loose):
    name = fields.String(allow_none=True, metadata={"description": "Required on create"})
    locale = RailsEnum(LOCALES, allow_none=True, note="Default en")
    domain = fields.String(allow_none=True)
    support_email = fields.String(allow_none=True)
    status = RailsEnum(ACCOUNT_STATUSES, allow_none=True, note="Default active")
    features = fields.Dict(allow_none=True, metadata={"description": "feature → enabled (a blank value disables)"})
    limits = fields.Dict(allow_none=True, metadata={"description": "e.g. {\"agents\": 10}: whole numbers"})
    custom_attributes = fields.Dict(allow_none=True)


class AccountUserWriteSchema(Loose):
    user_id = fields.Integer(allow_none=True, metadata={"description": "Any existing user"})
    role = RailsEnum(ROLES, allow_none=True, note="Default for a new member: agent")


class AccountUserDeleteSchema(Loose):
    user_id = fields.Integer(allow_none=True)


class PlatformAgentBotWriteSchema(Loose):
    name = fields.String(allow_none=True)
    description = fields.String(allow_none=True)
    outgoing_url = fields.String(allow_none=True)
    account_id = fields.Integer(allow_none=True, metadata={"description": "The owning account; none: a global bot"})


class PlatformUserWriteSchema(Loose):
    name = fields.String(allow_none=True)
    display_name = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    password = fields.String(allow_none=True, metadata={"description": "6 to 128 characters with an uppercase and a "
                                                                       "lowercase letter, a digit and a special "
                                                                       "character"})
    custom_attributes = fields.Dict(allow_none=True, metadata={"description": "Merged into the stored ones on update"})


# ---- answers -----------------------------------------------------------------------------------


class PlatformAccountSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    locale = fields.String(required=True)
    domain = fields.String(required=True, allow_none=True)
    support_email = fields.String(required=True, allow_none=True)
    features = fields.Dict(required=True, metadata={"description": "The enabled features"})
    custom_attributes = fields.Dict(required=True)
    limits = fields.Dict(required=True)
    status = fields.String(required=True)


class AccountUserRecordSchema(Schema):
    id = fields.Integer(required=True)
    account_id = fields.Integer(required=True)
    user_id = fields.Integer(required=True)
    role = fields.String(required=True)
    inviter_id = fields.Integer(required=True, allow_none=True)
    active_at = fields.String(required=True, allow_none=True)
    availability = fields.String(required=True)
    auto_offline = fields.Boolean(required=True)
    created_at = fields.String(required=True)
    updated_at = fields.String(required=True)


class PlatformAgentBotSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    description = fields.String(required=True, allow_none=True)
    outgoing_url = fields.String(required=True, metadata={"description": "The bot's NAME (upstream bug, kept)"})
    account_id = fields.Integer(required=True, allow_none=True)
    access_token = fields.String(required=True)


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
