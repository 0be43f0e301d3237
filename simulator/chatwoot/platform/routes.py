"""/platform/api/v1: accounts, account users, agent bots and users, as a platform app sees them."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Response, request
from flask.views import MethodView

from simulator.chatwoot.platform.schemas import (
    AccountUserDeleteSchema,
    AccountUserRecordSchema,
    AccountUserWriteSchema,
    LoginLinkSchema,
    PlatformAccountSchema,
    PlatformAccountWriteSchema,
    PlatformAgentBotSchema,
    PlatformAgentBotWriteSchema,
    PlatformUserSchema,
    PlatformUserWriteSchema,
)
from simulator.chatwoot.platform.store import (
    Platform,
    PlatformContext,
    account_user_record,
    account_wire,
    agent_bot_wire,
    user_wire,
)
from simulator.chatwoot.routes.common import (
    MOUNT,
    answer,
    chatwoot_state,
    documented,
    empty,
    platform_auth,
    platform_blueprint,
)
from simulator.core.guard import principal
from simulator.core.runtime import namespace

blp = platform_blueprint("chatwoot_platform", __name__, "Platform API")

TOKEN_ERROR = "No, unknown or non-platform token (`Invalid access_token`)"
APP_ERRORS = {401: TOKEN_ERROR}
CREATE_ERRORS = {**APP_ERRORS, 400: "Malformed JSON (Rails' parse error)", 422: "Invalid record"}
RECORD_ERRORS = {401: f"{TOKEN_ERROR}, or a record another app created (`Non permissible resource`)",
                 404: "Unknown id (Rails' `{\"status\": 404, \"error\": \"Not Found\"}`)"}
WRITE_ERRORS = {**RECORD_ERRORS, 400: "Malformed JSON (Rails' parse error)", 422: "Invalid record"}


def platform() -> Platform:
    ns = namespace()
    ctx = PlatformContext(now=ns.clock.now, new_token=lambda: ns.new_uuid().replace("-", "")[:24],
                          new_secret=lambda: ns.new_uuid().replace("-", "") + ns.new_uuid().replace("-", ""))
    return Platform(chatwoot_state(ns), principal().subject, ctx)


def permitted(kind: str, view_arg: str) -> Callable[..., Any]:
    """Rails' before-actions, ahead of the body: the record (404), then this app's permission for it (401)."""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(func)
        def checked(*args: Any, **kwargs: Any) -> Any:
            platform().find(kind, kwargs[view_arg])
            return func(*args, **kwargs)

        return checked

    return decorate


# ---- accounts ------------------------------------------------------------------------------------


@blp.route("/accounts")
class AccountsViews(MethodView):
    @platform_auth
    @blp.arguments(PlatformAccountWriteSchema, example={"name": "Acme", "locale": "en",
                                                        "features": {"help_center": True}, "limits": {"agents": 5}})
    @blp.response(200, PlatformAccountSchema)
    @documented(blp, CREATE_ERRORS)
    def post(self, body: dict[str, Any]) -> Response:
        """Create an Account

        The account becomes permissible for this platform app. A blank name gives 422;
        `status` is active or suspended (a suspended account's members get 401 in the
        application API); `features` enables each present value and disables blank ones.
        """
        return answer(account_wire(platform().create_account(body)))


@blp.route("/accounts/<int:account_id>")
class AccountByIdViews(MethodView):
    @platform_auth
    @blp.response(200, PlatformAccountSchema)
    @documented(blp, RECORD_ERRORS)
    def get(self, account_id: int) -> Response:
        """Get the details of an account

        Only an account this app created (401 `Non permissible resource` otherwise).
        """
        return answer(account_wire(platform().account(account_id)))

    @platform_auth
    @permitted("Account", "account_id")
    @blp.arguments(PlatformAccountWriteSchema, example={"name": "Acme Inc", "status": "suspended"})
    @blp.response(200, PlatformAccountSchema)
    @documented(blp, WRITE_ERRORS)
    def patch(self, body: dict[str, Any], account_id: int) -> Response:
        """Update an account's attributes

        An unknown id is a 404, checked before the permission (401 `Non permissible resource`).
        `limits` and `custom_attributes` replace the stored ones.
        """
        return answer(account_wire(platform().update_account(account_id, body)))

    put = patch

    @platform_auth
    @blp.response(200, description="Deleted (empty body)")
    @documented(blp, RECORD_ERRORS)
    def delete(self, account_id: int) -> Response:
        """Delete an account

        The real server queues the deletion; here the account and its memberships go at once.
        """
        platform().delete_account(account_id)
        return empty()


@blp.route("/accounts/<int:account_id>/account_users")
class AccountUsersViews(MethodView):
    @platform_auth
    @blp.response(200, AccountUserRecordSchema(many=True))
    @documented(blp, RECORD_ERRORS)
    def get(self, account_id: int) -> Response:
        """List the users of an account

        A plain array of raw AccountUser records.
        """
        return answer([account_user_record(m) for m in platform().account_users(account_id)])

    @platform_auth
    @permitted("Account", "account_id")
    @blp.arguments(AccountUserWriteSchema, example={"user_id": 1, "role": "administrator"})
    @blp.response(200, AccountUserRecordSchema)
    @documented(blp, WRITE_ERRORS)
    def post(self, body: dict[str, Any], account_id: int) -> Response:
        """Create an Account User

        An upsert by `user_id`: an existing member gets the new role. Answers the raw
        AccountUser record. An unknown user is a 422 (`User must exist`), so is a role other
        than agent or administrator.
        """
        return answer(account_user_record(platform().upsert_account_user(account_id, body)))

    @platform_auth
    @permitted("Account", "account_id")
    @blp.arguments(AccountUserDeleteSchema, example={"user_id": 1})
    @blp.response(200, description="Removed (empty body), also when the user was not a member")
    @documented(blp, WRITE_ERRORS)
    def delete(self, body: dict[str, Any], account_id: int) -> Response:
        """Delete an Account User

        200 with an empty body even when the user was not a member; 404 only for an unknown
        account.
        """
        platform().remove_account_user(account_id, body.get("user_id"))
        return empty()


# ---- agent bots ----------------------------------------------------------------------------------


@blp.route("/agent_bots")
class AgentBotsViews(MethodView):
    @platform_auth
    @blp.response(200, PlatformAgentBotSchema(many=True))
    @documented(blp, APP_ERRORS)
    def get(self) -> Response:
        """List the agent bots this app created"""
        return answer([agent_bot_wire(bot) for bot in platform().agent_bots()])

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
        return answer(agent_bot_wire(platform().create_agent_bot(body)))


@blp.route("/agent_bots/<int:bot_id>")
class AgentBotByIdViews(MethodView):
    @platform_auth
    @blp.response(200, PlatformAgentBotSchema)
    @documented(blp, RECORD_ERRORS)
    def get(self, bot_id: int) -> Response:
        """Get the details of an agent bot

        Only a bot this app created (401 `Non permissible resource` otherwise).
        """
        return answer(agent_bot_wire(platform().agent_bot(bot_id)))

    @platform_auth
    @permitted("AgentBot", "bot_id")
    @blp.arguments(PlatformAgentBotWriteSchema)
    @blp.response(200, PlatformAgentBotSchema)
    @documented(blp, WRITE_ERRORS)
    def patch(self, body: dict[str, Any], bot_id: int) -> Response:
        """Update an agent bot's attributes

        The answer's `outgoing_url` is the bot's name, as on create (upstream bug, kept).
        """
        return answer(agent_bot_wire(platform().update_agent_bot(bot_id, body)))

    put = patch

    @platform_auth
    @blp.response(200, description="Deleted (empty body)")
    @documented(blp, RECORD_ERRORS)
    def delete(self, bot_id: int) -> Response:
        """Delete an agent bot

        Inboxes using it lose it.
        """
        platform().delete_agent_bot(bot_id)
        return empty()


# ---- users ---------------------------------------------------------------------------------------


@blp.route("/users")
class UsersViews(MethodView):
    @platform_auth
    @blp.arguments(PlatformUserWriteSchema, example={"name": "Jane Doe", "email": "jane@example.com",
                                                     "password": "Secret-123", "custom_attributes": {"plan": "pro"}})
    @blp.response(200, PlatformUserSchema)
    @documented(blp, CREATE_ERRORS)
    def post(self, body: dict[str, Any]) -> Response:
        """Create a User

        Confirmed at once; its `access_token` calls the application API once it is an account
        user. An existing email returns that user unchanged (and makes it permissible). A blank
        name or email, or a weak password, gives 422: the password needs 6 to 128 characters
        with an uppercase and a lowercase letter, a digit and a special character, e.g.
        `Password must contain at least 1 uppercase character (A..Z)`.
        """
        return answer(user_wire(platform().create_user(body), chatwoot_state()))


@blp.route("/users/<int:user_id>")
class UserByIdViews(MethodView):
    @platform_auth
    @blp.response(200, PlatformUserSchema)
    @documented(blp, RECORD_ERRORS)
    def get(self, user_id: int) -> Response:
        """Get the details of an user

        Only a user this app created, or found by email on create (401 otherwise).
        """
        return answer(user_wire(platform().user(user_id), chatwoot_state()))

    @platform_auth
    @permitted("User", "user_id")
    @blp.arguments(PlatformUserWriteSchema)
    @blp.response(200, PlatformUserSchema)
    @documented(blp, WRITE_ERRORS)
    def patch(self, body: dict[str, Any], user_id: int) -> Response:
        """Update a user's attributes

        `custom_attributes` are merged into the stored ones; an email change applies without
        reconfirmation.
        """
        return answer(user_wire(platform().update_user(user_id, body), chatwoot_state()))

    put = patch

    @platform_auth
    @blp.response(200, description="Deleted (empty body)")
    @documented(blp, RECORD_ERRORS)
    def delete(self, user_id: int) -> Response:
        """Delete a user

        Its account memberships go too; its access token stops working.
        """
        platform().delete_user(user_id)
        return empty()


@blp.route("/users/<int:user_id>/login")
class UserLoginViews(MethodView):
    @platform_auth
    @blp.response(200, LoginLinkSchema)
    @documented(blp, RECORD_ERRORS)
    def get(self, user_id: int) -> Response:
        """Get a login link for a user

        `{"url": "<frontend>/app/login?email=…&sso_auth_token=…"}` with a fresh token; the
        frontend is this simulator's Chatwoot root (`…/chatwoot`).
        """
        frontend = request.host_url.rstrip("/") + MOUNT
        return answer({"url": platform().login_url(user_id, frontend)})
