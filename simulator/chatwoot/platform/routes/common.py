"""What every view of the platform API shares: the platform app's token, its blueprint, its operations' context."""

from __future__ import annotations

import hmac
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import request

from simulator.chatwoot.errors import RateLimited, Unauthorized
from simulator.chatwoot.platform.store.base import PlatformContext, PlatformPart
from simulator.chatwoot.routes.common import MOUNT, RATE_LIMITED, RATES, VENDOR, chatwoot_state
from simulator.core.api import VendorBlueprint
from simulator.core.guard import Guard, Principal, principal
from simulator.core.runtime import namespace
from simulator.core.schemes import Credentials, HeaderToken
from simulator.core.storage import Namespace

PLATFORM_TOKEN = HeaderToken("platformAppApiKey", "api_access_token",
                             "The access token of a platform app, e.g. `demo-chatwoot-platform-token`")
INVALID_PLATFORM_TOKEN = "Invalid access_token"


def _authenticate_platform(credentials: Credentials | None, ns: Namespace) -> Principal | None:
    if not credentials:
        return None
    token = credentials[0].encode()
    app = next((a for a in chatwoot_state(ns).platform_apps.values()
                if hmac.compare_digest(a.access_token.encode(), token)), None)
    return Principal(f"ip:{request.remote_addr}", app) if app is not None else None


platform_auth = Guard(VENDOR, PLATFORM_TOKEN, _authenticate_platform,
                      lambda credentials: Unauthorized(INVALID_PLATFORM_TOKEN), rate_policy=RATES,
                      rate_limited=RateLimited, rate_limit_doc=RATE_LIMITED)
blp = VendorBlueprint("chatwoot_platform", __name__, url_prefix=f"{MOUNT}/platform/api/v1", description="Platform API",
                      validation_status=422)

TOKEN_ERROR = "No, unknown or non-platform token (`Invalid access_token`)"
APP_ERRORS = {401: TOKEN_ERROR}
CREATE_ERRORS = {**APP_ERRORS, 400: "Malformed JSON (Rails' parse error)", 422: "Invalid record"}
RECORD_ERRORS = {401: f"{TOKEN_ERROR}, or a record another app created (`Non permissible resource`)",
                 404: "Unknown id (Rails' `{\"status\": 404, \"error\": \"Not Found\"}`)"}
WRITE_ERRORS = {**RECORD_ERRORS, 400: "Malformed JSON (Rails' parse error)", 422: "Invalid record"}


P = TypeVar("P", bound=PlatformPart)


def app_part(kind: type[P]) -> P:
    """One kind of operations, as this request's platform app may do them."""
    ns = namespace()
    ctx = PlatformContext(now=ns.clock.now, new_token=lambda: ns.new_uuid().replace("-", "")[:24],
                          new_secret=lambda: ns.new_uuid().replace("-", "") + ns.new_uuid().replace("-", ""))
    return kind(chatwoot_state(ns), principal().subject, ctx)


def permitted(kind: str, view_arg: str) -> Callable[..., Any]:
    """Rails' before-actions, ahead of the body: the record (404), then this app's permission for it (401)."""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(func)
        def checked(*args: Any, **kwargs: Any) -> Any:
            app_part(PlatformPart).lookup(kind, kwargs[view_arg])
            return func(*args, **kwargs)

        return checked

    return decorate
