"""/accounts/{account_id}/inboxes, their agent bot, and /inbox_members."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from simulator.chatwoot.render.agent_bots import agent_bot_wire
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
    renderer,
    scope,
)
from simulator.chatwoot.schemas.inboxes import (
    AgentListSchema,
    InboxAgentBotSchema,
    InboxListSchema,
    InboxMembersWriteSchema,
    InboxSchema,
    InboxWriteSchema,
    SetAgentBotSchema,
)
from simulator.chatwoot.store.inboxes import Inboxes

blp = blueprint("chatwoot_inboxes", __name__, "Inboxes and inbox members")
INBOX_EXAMPLE = {"name": "Website", "channel": {"type": "web_widget", "website_url": "https://shop.example.com",
                                                "welcome_title": "Hi there!", "widget_color": "#1f93ff"}}
MEMBERS_ERRORS = {**WRITE_ERRORS, 422: "A user id that is not in the account (`User must exist`)"}


def inboxes() -> Inboxes:
    return Inboxes(scope())


def _members(pairs: list[Any]) -> Response:
    return answer({"payload": [agent_wire(user, membership) for user, membership in pairs]})


@blp.route("/accounts/<int:account_id>/inboxes")
class InboxesViews(MethodView):
    @endpoint
    @blp.response(200, InboxListSchema)
    @documented(blp, MEMBER_ERRORS)
    def get(self, account_id: int) -> Response:
        """List all inboxes (`{"payload": [...]}`; agents see only their own inboxes)"""
        render = renderer()
        return answer({"payload": [render.inbox(inbox) for inbox in inboxes().visible()]})

    @endpoint
    @blp.arguments(InboxWriteSchema, example=INBOX_EXAMPLE)
    @blp.response(200, InboxSchema)
    @documented(blp, WRITE_ERRORS)
    def post(self, body: dict[str, Any], account_id: int) -> Response:
        """Create an inbox

        Administrators only. `channel.type` is `web_widget` (needs `website_url`) or `api`
        (optional `webhook_url`); an API inbox gets the `inbox_identifier` the public API uses.
        """
        return answer(renderer().inbox(inboxes().create(body)))


@blp.route("/accounts/<int:account_id>/inboxes/<int:inbox_id>")
class InboxByIdViews(MethodView):
    @endpoint
    @blp.response(200, InboxSchema)
    @documented(blp, RECORD_ERRORS)
    def get(self, account_id: int, inbox_id: int) -> Response:
        """Get an inbox (an agent who is not a member gets 401)"""
        return answer(renderer().inbox(inboxes().show(inbox_id)))

    @endpoint
    @blp.arguments(InboxWriteSchema, example={"enable_auto_assignment": False})
    @blp.response(200, InboxSchema)
    @documented(blp, WRITE_ERRORS)
    def patch(self, body: dict[str, Any], account_id: int, inbox_id: int) -> Response:
        """Update an inbox (administrators only; `enable_auto_assignment` is not required)"""
        return answer(renderer().inbox(inboxes().update(inbox_id, body)))

    put = patch


@blp.route("/accounts/<int:account_id>/inboxes/<int:inbox_id>/agent_bot")
class InboxAgentBotViews(MethodView):
    @endpoint
    @blp.response(200, InboxAgentBotSchema)
    @documented(blp, RECORD_ERRORS)
    def get(self, account_id: int, inbox_id: int) -> Response:
        """The inbox's agent bot: `{"agent_bot": {...}}`, or `{"agent_bot": {}}` without one"""
        bot = inboxes().agent_bot(inbox_id)
        return answer({"agent_bot": agent_bot_wire(bot) if bot is not None else {}})


@blp.route("/accounts/<int:account_id>/inboxes/<int:inbox_id>/set_agent_bot")
class SetAgentBotViews(MethodView):
    @endpoint
    @blp.arguments(SetAgentBotSchema, example={"agent_bot": 1})
    @blp.response(200, description="Set or removed (empty body)")
    @documented(blp, WRITE_ERRORS)
    def post(self, body: dict[str, Any], account_id: int, inbox_id: int) -> Response:
        """Set (a bot id) or remove (null) the inbox's agent bot; 200 with an empty body"""
        inboxes().set_agent_bot(inbox_id, body.get("agent_bot"))
        return empty()


@blp.route("/accounts/<int:account_id>/inbox_members/<int:inbox_id>")
class InboxMembersByInboxViews(MethodView):
    @endpoint
    @blp.response(200, AgentListSchema)
    @documented(blp, RECORD_ERRORS)
    def get(self, account_id: int, inbox_id: int) -> Response:
        """List the agents of an inbox (`{"payload": [...]}`)"""
        return _members(inboxes().members(inbox_id))


@blp.route("/accounts/<int:account_id>/inbox_members")
class InboxMembersViews(MethodView):
    @endpoint
    @blp.arguments(InboxMembersWriteSchema, example={"inbox_id": 1, "user_ids": [2]})
    @blp.response(200, AgentListSchema)
    @documented(blp, MEMBERS_ERRORS)
    def post(self, body: dict[str, Any], account_id: int) -> Response:
        """Add agents to an inbox (administrators only); answers every current member"""
        return _members(inboxes().add_members(body["inbox_id"], body["user_ids"]))

    @endpoint
    @blp.arguments(InboxMembersWriteSchema)
    @blp.response(200, AgentListSchema)
    @documented(blp, MEMBERS_ERRORS)
    def patch(self, body: dict[str, Any], account_id: int) -> Response:
        """Replace the agents of an inbox (everyone not listed is removed)"""
        return _members(inboxes().replace_members(body["inbox_id"], body["user_ids"]))

    put = patch

    @endpoint
    @blp.arguments(InboxMembersWriteSchema)
    @blp.response(200, description="Removed (empty body)")
    @documented(blp, MEMBERS_ERRORS)
    def delete(self, body: dict[str, Any], account_id: int) -> Response:
        """Remove agents from an inbox; 200 with an empty body"""
        inboxes().remove_members(body["inbox_id"], body["user_ids"])
        return empty()
