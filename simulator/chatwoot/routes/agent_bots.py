"""/accounts/{account_id}/agent_bots: global bots and the account's own."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from simulator.chatwoot.render.agent_bots import agent_bot_wire
from simulator.chatwoot.routes.common import (
    MEMBER_ERRORS,
    RECORD_ERRORS,
    WRITE_ERRORS,
    answer,
    blueprint,
    documented,
    empty,
    endpoint,
    scope,
)
from simulator.chatwoot.schemas.agent_bots import AgentBotSchema, AgentBotWriteSchema
from simulator.chatwoot.store.agent_bots import AgentBots

blp = blueprint("chatwoot_agent_bots", __name__, "Agent bots of an account")


def bots() -> AgentBots:
    return AgentBots(scope())


@blp.route("/accounts/<int:account_id>/agent_bots")
class AgentBotsViews(MethodView):
    @endpoint
    @blp.response(200, AgentBotSchema(many=True))
    @documented(blp, MEMBER_ERRORS)
    def get(self, account_id: int) -> Response:
        """List the agent bots available to the account

        A plain array: global bots (`account_id` null, no token) and the account's own bots.
        """
        return answer([agent_bot_wire(bot) for bot in bots().all()])

    @endpoint
    @blp.arguments(AgentBotWriteSchema, example={"name": "Triage bot", "outgoing_url": "https://bot.example.com"})
    @blp.response(200, AgentBotSchema)
    @documented(blp, WRITE_ERRORS)
    def post(self, body: dict[str, Any], account_id: int) -> Response:
        """Create an agent bot in the account (administrators only); its token is in the answer"""
        return answer(agent_bot_wire(bots().create(body)))


@blp.route("/accounts/<int:account_id>/agent_bots/<int:bot_id>")
class AgentBotByIdViews(MethodView):
    @endpoint
    @blp.response(200, AgentBotSchema)
    @documented(blp, RECORD_ERRORS)
    def get(self, account_id: int, bot_id: int) -> Response:
        """Get an agent bot (global bots too)"""
        return answer(agent_bot_wire(bots().find(bot_id)))

    @endpoint
    @blp.arguments(AgentBotWriteSchema)
    @blp.response(200, AgentBotSchema)
    @documented(blp, WRITE_ERRORS)
    def patch(self, body: dict[str, Any], account_id: int, bot_id: int) -> Response:
        """Update an agent bot (administrators only; only the account's own bots: a global one is 404)"""
        return answer(agent_bot_wire(bots().update(bot_id, body)))

    put = patch

    @endpoint
    @blp.response(200, description="Deleted (empty body)")
    @documented(blp, RECORD_ERRORS)
    def delete(self, account_id: int, bot_id: int) -> Response:
        """Delete an agent bot of the account (administrators only); inboxes using it lose it"""
        bots().delete(bot_id)
        return empty()
