"""/platform/api/v1/agent_bots: the agent bots a platform app creates and then reaches."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from simulator.chatwoot.platform.render.agent_bots import agent_bot_wire
from simulator.chatwoot.platform.routes.common import (
    APP_ERRORS,
    CREATE_ERRORS,
    RECORD_ERRORS,
    WRITE_ERRORS,
    app_part,
    blp,
    permitted,
    platform_auth,
)
from simulator.chatwoot.platform.schemas.agent_bots import PlatformAgentBotSchema, PlatformAgentBotWriteSchema
from simulator.chatwoot.platform.store.agent_bots import AgentBots
from simulator.chatwoot.routes.common import answer, documented, empty


def agent_bots() -> AgentBots:
    return app_part(AgentBots)


@blp.route("/agent_bots")
class AgentBotsViews(MethodView):
    @platform_auth
    @blp.response(200, PlatformAgentBotSchema(many=True))
    @documented(blp, APP_ERRORS)
    def get(self) -> Response:
        """List the agent bots this app created"""
        return answer([agent_bot_wire(bot) for bot in agent_bots().all()])

    @platform_auth
    @blp.arguments(PlatformAgentBotWriteSchema, example={"name": "Order bot", "description": "Tracks parcels",
                                                         "outgoing_url": "https://bots.example.com/order"})
    @blp.response(200, PlatformAgentBotSchema)
    @documented(blp, CREATE_ERRORS)
    def post(self, body: dict[str, Any]) -> Response:
        """Create an agent bot

        Known upstream bug, kept: the answer's `outgoing_url` is the bot's **name** (the real
        URL is stored and used). An unknown `account_id` is a 422 (simulator choice).
        """
        return answer(agent_bot_wire(agent_bots().create(body)))


@blp.route("/agent_bots/<int:bot_id>")
class AgentBotByIdViews(MethodView):
    @platform_auth
    @blp.response(200, PlatformAgentBotSchema)
    @documented(blp, RECORD_ERRORS)
    def get(self, bot_id: int) -> Response:
        """Get the details of an agent bot

        Only a bot this app created (401 `Non permissible resource` otherwise).
        """
        return answer(agent_bot_wire(agent_bots().find(bot_id)))

    @platform_auth
    @permitted("AgentBot", "bot_id")
    @blp.arguments(PlatformAgentBotWriteSchema)
    @blp.response(200, PlatformAgentBotSchema)
    @documented(blp, WRITE_ERRORS)
    def patch(self, body: dict[str, Any], bot_id: int) -> Response:
        """Update an agent bot's attributes

        The answer's `outgoing_url` is the bot's name, as on create (upstream bug, kept).
        """
        return answer(agent_bot_wire(agent_bots().update(bot_id, body)))

    put = patch

    @platform_auth
    @blp.response(200, description="Deleted (empty body)")
    @documented(blp, RECORD_ERRORS)
    def delete(self, bot_id: int) -> Response:
        """Delete an agent bot

        Inboxes using it lose it.
        """
        agent_bots().delete(bot_id)
        return empty()
