"""What every application-API view shares: token auth, the account scope, the store, Rails wrapping."""

from __future__ import annotations

import hmac
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Response, g, jsonify

from simulator.chatwoot.errors import ErrorSchema, NotFound, SignInRequired, Unauthorized
from simulator.chatwoot.models import ChatwootState, User
from simulator.chatwoot.store import ChatwootStore, Context
from simulator.core.api import VendorBlueprint, error_responses
from simulator.core.auth import Credentials, Guard, HeaderToken, Principal, principal
from simulator.core.runtime import namespace, runtime
from simulator.core.storage import Namespace

VENDOR = "chatwoot"
STATE_NAME = "chatwoot"
MOUNT = "/chatwoot"
USER_TOKEN = HeaderToken("userApiKey", "api_access_token",
                         "The access token of a user (Profile settings), e.g. `demo-chatwoot-admin-token`")


def chatwoot_state(ns: Namespace | None = None) -> ChatwootState:
    return (ns or namespace()).state(STATE_NAME)


def _authenticate(credentials: Credentials | None, ns: Namespace) -> Principal | None:
    if not credentials:
        return None
    token = credentials[0]
    user = next((u for u in chatwoot_state(ns).users.values()
                 if hmac.compare_digest(u.access_token.encode(), token.encode())), None)
    return Principal(f"user:{user.id}", user) if user else None


def _rejected(credentials: Credentials | None) -> Exception:
    return SignInRequired() if not credentials else Unauthorized("Invalid Access Token")


user_auth = Guard(VENDOR, USER_TOKEN, _authenticate, _rejected)


def member(func: Callable[..., Any]) -> Callable[..., Any]:
    """After the token: the account must exist (404), be active and count the user as a member (401)."""

    @wraps(func)
    def scoped(*args: Any, **kwargs: Any) -> Any:
        state = chatwoot_state()
        account = state.accounts.get(kwargs["account_id"])
        if account is None:
            raise NotFound()
        if account.status == "suspended":
            raise Unauthorized("Account is suspended")
        user: User = principal().subject
        membership = state.membership(account.id, user.id)
        if membership is None:
            raise Unauthorized("You are not authorized to access this account")
        g.chatwoot_scope = (account, membership)
        return func(*args, **kwargs)

    return scoped


def endpoint(func: Callable[..., Any]) -> Callable[..., Any]:
    """Token, then account membership, then the view (the real server's order of checks)."""
    return user_auth(member(func))


def store() -> ChatwootStore:
    ns = namespace()
    account, membership = g.chatwoot_scope
    rt = runtime()
    return ChatwootStore(
        chatwoot_state(ns), account, principal().subject, membership,
        Context(now=rt.clock.now, new_token=lambda: ns.new_uuid().replace("-", "")[:24],
                agent_limit=int(account.limits.get("agents", rt.config.chatwoot_agent_limit))),
    )


def answer(data: Any, status: int = 200) -> Response:
    response = jsonify(data)
    response.status_code = status
    return response


def empty() -> Response:
    """200 with an empty body (Rails `head :ok`)."""
    return Response(b"", 200)


def blueprint(name: str, import_name: str, description: str) -> VendorBlueprint:
    return VendorBlueprint(name, import_name, url_prefix=f"{MOUNT}/api/v1", description=description,
                           validation_status=422)


MEMBER_ERRORS = {401: "No, unknown or unauthorised token; not a member", 404: "Unknown account"}
RECORD_ERRORS = {**MEMBER_ERRORS, 404: "Unknown account or record"}
WRITE_ERRORS = {**RECORD_ERRORS, 400: "Malformed JSON (Rails' parse error)", 422: "Invalid record"}


def documented(blp: VendorBlueprint, errors: dict[int, str]) -> Any:
    return error_responses(blp, ErrorSchema, errors)
