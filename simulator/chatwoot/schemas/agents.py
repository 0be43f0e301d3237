"""Wire schemas of agents: the write body (flat or under `agent`) and the agent JSON."""

from __future__ import annotations

from marshmallow import Schema, fields

from simulator.chatwoot.models import AVAILABILITIES, ROLES
from simulator.chatwoot.schemas.base import RailsBody, RailsEnum


class AgentWriteSchema(RailsBody):
    WRAP_KEY = "agent"
    name = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    role = RailsEnum(ROLES, allow_none=True)
    availability = RailsEnum(AVAILABILITIES, allow_none=True)
    auto_offline = fields.Boolean(allow_none=True)


class AgentSchema(Schema):
    id = fields.Integer(required=True)
    account_id = fields.Integer(required=True)
    availability_status = fields.String(required=True)
    auto_offline = fields.Boolean(required=True)
    confirmed = fields.Boolean(required=True)
    email = fields.String(required=True)
    available_name = fields.String(required=True)
    custom_attributes = fields.Dict()
    name = fields.String(required=True)
    role = fields.String(required=True)
    thumbnail = fields.String(required=True)
