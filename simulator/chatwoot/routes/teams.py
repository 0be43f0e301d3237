"""/accounts/{account_id}/teams and their members."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from simulator.chatwoot.render.agents import agent_wire
from simulator.chatwoot.render.teams import team_wire
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
from simulator.chatwoot.schemas.agents import AgentSchema
from simulator.chatwoot.schemas.teams import TeamMembersSchema, TeamSchema, TeamWriteSchema
from simulator.chatwoot.store.teams import Teams
from simulator.core.guard import principal

blp = blueprint("chatwoot_teams", __name__, "Teams")


def teams() -> Teams:
    return Teams(scope())


def _team(team: Any) -> Response:
    return answer(team_wire(team, principal().subject.id))


def _agents(pairs: list[Any]) -> Response:
    return answer([agent_wire(user, membership) for user, membership in pairs])


@blp.route("/accounts/<int:account_id>/teams")
class TeamsViews(MethodView):
    @endpoint
    @blp.response(200, TeamSchema(many=True))
    @documented(blp, MEMBER_ERRORS)
    def get(self, account_id: int) -> Response:
        """List all teams (a plain array; `is_member` is for the caller)"""
        viewer = principal().subject.id
        return answer([team_wire(team, viewer) for team in teams().all()])

    @endpoint
    @blp.arguments(TeamWriteSchema, example={"name": "Support", "description": "First line"})
    @blp.response(200, TeamSchema)
    @documented(blp, WRITE_ERRORS)
    def post(self, body: dict[str, Any], account_id: int) -> Response:
        """Create a team

        Administrators only. The name is stored lower-cased and is unique in the account (422).
        """
        return _team(teams().create(name=body.get("name"), description=body.get("description"),
                                    allow_auto_assign=body.get("allow_auto_assign")))


@blp.route("/accounts/<int:account_id>/teams/<int:team_id>")
class TeamByIdViews(MethodView):
    @endpoint
    @blp.response(200, TeamSchema)
    @documented(blp, RECORD_ERRORS)
    def get(self, account_id: int, team_id: int) -> Response:
        """Get a team"""
        return _team(teams().find(team_id))

    @endpoint
    @blp.arguments(TeamWriteSchema)
    @blp.response(200, TeamSchema)
    @documented(blp, WRITE_ERRORS)
    def patch(self, body: dict[str, Any], account_id: int, team_id: int) -> Response:
        """Update a team (administrators only; an unknown team is a 404 first)"""
        return _team(teams().update(team_id, body))

    put = patch

    @endpoint
    @blp.response(200, description="Deleted (empty body)")
    @documented(blp, RECORD_ERRORS)
    def delete(self, account_id: int, team_id: int) -> Response:
        """Delete a team (administrators only)"""
        teams().delete(team_id)
        return empty()


@blp.route("/accounts/<int:account_id>/teams/<int:team_id>/team_members")
class TeamMembersViews(MethodView):
    @endpoint
    @blp.response(200, AgentSchema(many=True))
    @documented(blp, RECORD_ERRORS)
    def get(self, account_id: int, team_id: int) -> Response:
        """List the agents in a team"""
        return _agents(teams().members(team_id))

    @endpoint
    @blp.arguments(TeamMembersSchema, example={"user_ids": [2]})
    @blp.response(200, AgentSchema(many=True))
    @documented(blp, {**WRITE_ERRORS, 401: "Not an administrator, or user ids outside the account"})
    def post(self, body: dict[str, Any], account_id: int, team_id: int) -> Response:
        """Add agents to a team

        Administrators only. Answers **only the newly added** agents. A user id that is not a
        member of the account gives 401 `{"error": "Invalid User IDs"}` (as the real server).
        """
        return _agents(teams().add_members(team_id, body["user_ids"]))

    @endpoint
    @blp.arguments(TeamMembersSchema)
    @blp.response(200, AgentSchema(many=True))
    @documented(blp, {**WRITE_ERRORS, 401: "Not an administrator, or user ids outside the account"})
    def patch(self, body: dict[str, Any], account_id: int, team_id: int) -> Response:
        """Replace the agents of a team; answers every current member"""
        return _agents(teams().replace_members(team_id, body["user_ids"]))

    put = patch

    @endpoint
    @blp.arguments(TeamMembersSchema)
    @blp.response(200, description="Removed (empty body)")
    @documented(blp, {**WRITE_ERRORS, 401: "Not an administrator, or user ids outside the account"})
    def delete(self, body: dict[str, Any], account_id: int, team_id: int) -> Response:
        """Remove agents from a team"""
        teams().remove_members(team_id, body["user_ids"])
        return empty()
