"""Wire schemas of the platform API's agent bots: the flat write body and the bot JSON."""

from __future__ import annotations

from marshmallow import Schema, fields

from simulator.chatwoot.schemas.base import Loose


class PlatformAgentBotWriteSchema(Loose):
    name = fields.String(allow_none=True)
    description = fields.String(allow_none=True)
    outgoing_url = fields.String(allow_none=True)
    account_id = fields.Integer(allow_none=True, metadata={"description": "The owning account; none: a global bot"})


class PlatformAgentBotSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    description = fields.String(required=True, allow_none=True)
    outgoing_url = fields.String(required=True, metadata={"description": "The bot's NAME (upstream bug, kept)"})
    account_id = fields.Integer(required=True, allow_none=True)
    access_token = fields.String(required=True)
