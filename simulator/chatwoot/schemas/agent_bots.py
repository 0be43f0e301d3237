"""Wire schemas of an account's agent bots: the flat write body and the bot JSON."""

from __future__ import annotations

from marshmallow import Schema, fields

from simulator.chatwoot.models import BOT_TYPES
from simulator.chatwoot.schemas.base import Loose, RailsEnum


class AgentBotWriteSchema(Loose):
    """Read flat (`params.permit(:name, …)`): the controller has no wrapped key."""

    name = fields.String(allow_none=True)
    description = fields.String(allow_none=True)
    outgoing_url = fields.String(allow_none=True)
    bot_type = RailsEnum(BOT_TYPES, allow_none=True, note="Default webhook")
    bot_config = fields.Dict(allow_none=True)


class AgentBotSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    description = fields.String(allow_none=True)
    outgoing_url = fields.String(allow_none=True)
    bot_type = fields.String(required=True)
    bot_config = fields.Dict(required=True)
    account_id = fields.Integer(allow_none=True)
    access_token = fields.String(metadata={"description": "Only for the account's own bots"})
