"""Wire schemas of the platform API's account users: upsert and delete bodies, the raw record."""

from __future__ import annotations

from marshmallow import Schema, fields

from simulator.chatwoot.models import ROLES
from simulator.chatwoot.schemas.base import Loose, RailsEnum


class AccountUserWriteSchema(Loose):
    user_id = fields.Integer(allow_none=True, metadata={"description": "Any existing user"})
    role = RailsEnum(ROLES, allow_none=True, note="Default for a new member: agent")


class AccountUserDeleteSchema(Loose):
    user_id = fields.Integer(allow_none=True)


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
