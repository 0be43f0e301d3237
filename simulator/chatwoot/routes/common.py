"""What every application-API view shares: token auth, the account scope wired to its subscribers, answers."""

from __future__ import annotations

import hmac
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Response, g, jsonify, request

from simulator.chatwoot.delivery import Deliveries, deliverer
from simulator.chatwoot.errors import ErrorSchema, NotFound, RateLimited, SignInRequired, Unauthorized
from simulator.chatwoot.models import Account, AgentBot, ChatwootState
from simulator.chatwoot.render.renderer import Renderer
from simulator.chatwoot.store.automation_rules import AutomationRules
from simulator.chatwoot.store.base import Actor
from simulator.chatwoot.store.events import Subscribers
from simulator.chatwoot.store.scope import AccountScope, Context
from simulator.core.api import VendorBlueprint, error_responses
from simulator.core.guard import Guard, Principal, RateLimitDoc, principal
from simulator.core.ratelimit import RatePolicy
from simulator.core.runtime import namespace, read_stamp, runtime
from simulator.core.schemes import Credentials, HeaderToken
from simulator.core.storage import Namespace

VENDOR = "chatwoot"
STATE_NAME = "chatwoot"
MOUNT = "/chatwoot"
USER_TOKEN = HeaderToken("userApiKey", "api_access_token",
                         "The access token of a user (Profile settings), e.g. `demo-chatwoot-admin-token`")


def chatwoot_state(ns: Namespace | None = None) -> ChatwootState:
    return (ns or namespace()).state(STATE_NAME)


BOTS_REFUSED = "Access to this endpoint is not authorized for bots"


def _authenticate(credentials: Credentials | None, ns: Namespace) -> Principal | None:
    """A user's token, or an agent bot's (bots pass only where `bot_endpoint` lets them)."""
    if not credentials:
        return None
    token = credentials[0].encode()
    state = chatwoot_state(ns)
    user = next((u for u in state.users.values() if hmac.compare_digest(u.access_token.encode(), token)), None)
    caller = f"ip:{request.remote_addr}"  # Rack::Attack counts per client IP, not per token
    if user is not None:
        return Principal(caller, user)
    bot = next((b for b in state.agent_bots.values() if hmac.compare_digest(b.access_token.encode(), token)), None)
    return Principal(caller, bot) if bot is not None else None


def _rejected(credentials: Credentials | None) -> Exception:
    return SignInRequired() if not credentials else Unauthorized("Invalid Access Token")


RATES = RatePolicy.parse("3000/minute")
RATE_LIMITED = RateLimitDoc("More than 3000 requests a minute from the client's IP, counted over the application, "
                            "platform and public APIs together (Rack::Attack): `Retry later`, no Retry-After "
                            "(SIMULATOR_RATE_LIMITS=off lifts the limit)")
user_auth = Guard(VENDOR, USER_TOKEN, _authenticate, _rejected, rate_policy=RATES,
                  rate_limited=RateLimited, rate_limit_doc=RATE_LIMITED)


def users_only(func: Callable[..., Any]) -> Callable[..., Any]:
    """Right after the token: a bot's token is refused here (401), before the account is looked up."""

    @wraps(func)
    def checked(*args: Any, **kwargs: Any) -> Any:
        if isinstance(principal().subject, AgentBot):
            raise Unauthorized(BOTS_REFUSED)
        return func(*args, **kwargs)

    return checked


def member(func: Callable[..., Any]) -> Callable[..., Any]:
    """After the token: the account must exist (404), be active and count the caller in (401).

    A user must be a member; a bot must be attached to one of the account's inboxes.
    """

    @wraps(func)
    def scoped(*args: Any, **kwargs: Any) -> Any:
        state = chatwoot_state()
        account = state.accounts.get(kwargs["account_id"])
        if account is None:
            raise NotFound()
        if account.status == "suspended":
            raise Unauthorized("Account is suspended")
        subject = principal().subject
        if isinstance(subject, AgentBot):
            attached = any(i.account_id == account.id and i.agent_bot_id == subject.id for i in state.inboxes.values())
            if not attached:
                raise Unauthorized("You are not authorized to access this account")
            g.chatwoot_scope = (account, None)
            return func(*args, **kwargs)
        membership = state.membership(account.id, subject.id)
        if membership is None:
            raise Unauthorized("You are not authorized to access this account")
        g.chatwoot_scope = (account, membership)
        return func(*args, **kwargs)

    return scoped


def endpoint(func: Callable[..., Any]) -> Callable[..., Any]:
    """Token, bots refused, then account membership, then the view (the real server's order of checks)."""
    return user_auth(users_only(member(func)))


def bot_endpoint(func: Callable[..., Any]) -> Callable[..., Any]:
    """As `endpoint`, but open to agent bots too (conversation create, toggle_status, message create)."""
    return user_auth(member(func))


def agent_limit(account: Account, default: int) -> int:
    """The account's agent limit; absent or null (`{"agents": null}`, which the platform API accepts): the default."""
    value = account.limits.get("agents")
    return default if value is None else int(value)


def account_scope(ns: Namespace, account: Account, actor: Actor) -> AccountScope:
    """`account` as `actor` acts in it, its events heard by their subscribers: the deliveries as each event
    happens, then the account's automation rules once the write that raised it is done."""
    rt = runtime()
    state = chatwoot_state(ns)
    subscribers = Subscribers()
    scope = AccountScope(state, account, actor,
                         Context(now=ns.clock.now, new_token=lambda: ns.new_uuid().replace("-", "")[:24],
                                 agent_limit=agent_limit(account, rt.config.chatwoot_agent_limit),
                                 new_uuid=ns.new_uuid, subscribers=subscribers))
    subscribers.at_once.append(Deliveries(state, account.id, deliverer(rt, ns)))
    subscribers.afterwards.append(AutomationRules(scope).on_event)
    return scope


def scope() -> AccountScope:
    """This request's account, as its caller (a member or a bot) acts in it."""
    account, membership = g.chatwoot_scope
    subject = principal().subject
    actor = Actor(bot=subject) if isinstance(subject, AgentBot) else Actor(user=subject, membership=membership)
    return account_scope(namespace(), account, actor)


def renderer() -> Renderer:
    """The JSON writer for this request's caller (hmac tokens only for administrators)."""
    account, membership = g.chatwoot_scope
    is_admin = membership is not None and membership.role == "administrator"
    return Renderer(chatwoot_state(), account, is_admin=is_admin, base_url=request.host_url, stamp=read_stamp())


def answer(data: Any, status: int = 200) -> Response:
    response = jsonify(data)
    response.status_code = status
    return response


def empty() -> Response:
    """200 with an empty body (Rails `head :ok`)."""
    return Response(b"", 200)


def no_content() -> Response:
    """204 No Content (Rails `head :no_content`)."""
    return Response(status=204)


def label_params() -> list[str]:
    """`labels[]=a&labels[]=b` (Rails) and `labels=a,b` (the tag parser splits on commas) both work."""
    raw = request.args.getlist("labels[]") + request.args.getlist("labels")
    return list(dict.fromkeys(part.strip() for item in raw for part in item.split(",") if part.strip()))


def current_page() -> Any:
    """`meta.current_page` echoes the raw `page` parameter (a string), or is 1 without one."""
    return request.args.get("page", 1)


def blueprint(name: str, import_name: str, description: str) -> VendorBlueprint:
    return VendorBlueprint(name, import_name, url_prefix=f"{MOUNT}/api/v1", description=description,
                           validation_status=422)


MEMBER_ERRORS = {401: "No, unknown or unauthorised token; not a member", 404: "Unknown account"}
RECORD_ERRORS = {**MEMBER_ERRORS, 404: "Unknown account or record"}
WRITE_ERRORS = {**RECORD_ERRORS, 400: "Malformed JSON (Rails' parse error)", 422: "Invalid record"}


def documented(blp: VendorBlueprint, errors: dict[int, str]) -> Any:
    return error_responses(blp, ErrorSchema, errors)
