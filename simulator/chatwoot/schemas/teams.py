"""Wire schemas of teams: the write body, the member ids and the team JSON."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields

from simulator.chatwoot.schemas.base import RailsBody


class TeamWriteSchema(RailsBody):
    WRAP_KEY = "team"
    name = fields.String(allow_none=True)
    description = fields.String(allow_none=True)
    allow_auto_assign = fields.Boolean(allow_none=True)


class TeamMembersSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    user_ids = fields.List(fields.Integer(), required=True)


class TeamSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    description = fields.String(required=True)
    allow_auto_assign = fields.Boolean(required=True)
    account_id = fields.Integer(required=True)
    is_member = fields.Boolean(required=True)
