"""Agent bots on the platform API's wire (`platform/api/v1/models/_agent_bot.json.jbuilder`)."""

from __future__ import annotations

from typing import Any

from simulator.chatwoot.models import AgentBot


def agent_bot_wire(bot: AgentBot) -> dict[str, Any]:
    """`platform/api/v1/models/_agent_bot.json.jbuilder`, upstream bug kept: `outgoing_url` is the bot's name."""
    return {
        "id": bot.id,
        "name": bot.name,
        "description": bot.description,
        "outgoing_url": bot.name,
        "account_id": bot.account_id,
        "access_token": bot.access_token,
    }
