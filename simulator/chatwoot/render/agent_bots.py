"""Agent bots on the wire (`_agent_bot.json.jbuilder`): the token only for a bot the account owns."""

from __future__ import annotations

from typing import Any

from simulator.chatwoot.models import AgentBot


def agent_bot_wire(bot: AgentBot) -> dict[str, Any]:
    """`api/v1/models/_agent_bot.json.jbuilder`: the token only for a bot the account owns."""
    wire: dict[str, Any] = {
        "id": bot.id,
        "name": bot.name,
        "description": bot.description,
        "outgoing_url": bot.outgoing_url,
        "bot_type": bot.bot_type,
        "bot_config": bot.bot_config,
        "account_id": bot.account_id,
    }
    if bot.account_id is not None:
        wire["access_token"] = bot.access_token
    return wire
