"""/accounts/{account_id}/agents: the account's members."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from simulator.chatwoot.render.agents import agent_wire
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
from simulator.chatwoot.schemas.agents import AgentSchema, AgentWriteSchema
from simulator.chatwoot.store.agents import Agents

blp = blueprint("chatwoot_agents", __name__, "Agents of an account")


def _fields(body: dict[str, Any]) -> dict[str, Any]:
    return {"availability": body.get("availability"), "auto_offline": body.get("auto_offline"),
            "role": body.get("role")}


@blp.route("/accounts/<int:account_id>/agents")
class AgentsViews(MethodView):
    @endpoint
    @blp.response(200, AgentSchema(many=True))
    @documented(blp, MEMBER_ERRORS)
    def get(self, account_id: int) -> Response:
        """List agents in account

        A plain array ordered by name; any member may list. `availability_status` is online,
        offline or busy.
        """
        return answer([agent_wire(user, membership) for user, membership in Agents(scope()).all()])

    @endpoint
    @blp.arguments(AgentWriteSchema, example={"name": "Jane Doe", "email": "jane@example.com", "role": "agent"})
    @blp.response(200, AgentSchema)
    @documented(blp, {**WRITE_ERRORS, 402: "Over the account's licence limit"})
    def post(self, body: dict[str, Any], account_id: int) -> Response:
        """Add a new agent to the account

        Administrators only (401 otherwise). The body may be flat or wrapped in `agent`; the
        availability key is `availability` (the documented `availability_status` is ignored, as
        by the real server). An existing user's email links that user. Over the licence limit:
        402.
        """
        user, membership = Agents(scope()).add(name=body.get("name"), email=body.get("email"), **_fields(body))
        return answer(agent_wire(user, membership))


@blp.route("/accounts/<int:account_id>/agents/<int:agent_id>")
class AgentByIdViews(MethodView):
    @endpoint
    @blp.arguments(AgentWriteSchema)
    @blp.response(200, AgentSchema)
    @documented(blp, WRITE_ERRORS)
    def patch(self, body: dict[str, Any], account_id: int, agent_id: int) -> Response:
        """Update an agent in the account

        Administrators only. An unknown agent is a 404 (checked before the role).
        """
        user, membership = Agents(scope()).update(agent_id, name=body.get("name"), **_fields(body))
        return answer(agent_wire(user, membership))

    put = patch

    @endpoint
    @blp.response(200, description="Removed (empty body)")
    @documented(blp, RECORD_ERRORS)
    def delete(self, account_id: int, agent_id: int) -> Response:
        """Remove an agent from the account

        Administrators only. The user is deleted when it belongs to no account any more.
        """
        Agents(scope()).remove(agent_id)
        return empty()
