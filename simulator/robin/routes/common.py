"""What every ROBIN view shares: the auth guards and rate limits, the store for the caller (wired to delivery)."""

from __future__ import annotations

import hmac
from typing import Any

from simulator.core.api import VendorBlueprint, error_responses
from simulator.core.guard import Guard, Principal, principal
from simulator.core.ratelimit import RatePolicy
from simulator.core.runtime import namespace, runtime
from simulator.core.schemes import Credentials, HttpBasic, PathKey, QueryKey
from simulator.core.storage import Namespace
from simulator.robin.delivery import RobinEffects
from simulator.robin.errors import (
    INVALID_AUTH,
    InvalidAuthorisation,
    PresenceError,
    RateLimited,
    RobinErrorSchema,
)
from simulator.robin.models import RobinState, Tenant
from simulator.robin.store import RobinStore
from simulator.robin.store.base import Context

VENDOR = "robin"
RATES = RatePolicy.parse("3/second;180/minute;10000/hour;100000/day")
BASIC = HttpBasic("robinBasic", "HTTP Basic: API key as the username, API secret as the password")
VOIP_KEY = PathKey("voipKey", "apikey")
PRESENCE_KEY = QueryKey("presenceKey", "apikey", "The apikey of your subscription")


def robin_state(ns: Namespace | None = None) -> RobinState:
    return (ns or namespace()).state(VENDOR)


def tenant_for_key(key: str, ns: Namespace) -> Tenant | None:
    return robin_state(ns).tenants.get(key)


def _basic(credentials: Credentials | None, ns: Namespace) -> Principal | None:
    if not credentials:
        return None
    key, secret = credentials
    tenant = tenant_for_key(key, ns)
    if tenant is None or not hmac.compare_digest(tenant.api_secret.encode(), secret.encode()):
        return None
    return Principal(key, tenant)


def _key_only(credentials: Credentials | None, ns: Namespace) -> Principal | None:
    tenant = tenant_for_key(credentials[0], ns) if credentials else None
    return Principal(tenant.api_key, tenant) if tenant else None


def _presence_rejected(credentials: Credentials | None) -> Exception:
    if not credentials:
        return PresenceError("The apikey parameter is required")
    return PresenceError("Not Found", status=404)


basic_auth = Guard(VENDOR, BASIC, _basic, lambda _: InvalidAuthorisation(), RATES, RateLimited)
voip_auth = Guard(VENDOR, VOIP_KEY, _key_only, lambda _: InvalidAuthorisation(challenge=False), RATES, RateLimited)
presence_auth = Guard(VENDOR, PRESENCE_KEY, _key_only, _presence_rejected, RATES, RateLimited)


def store_for(tenant: Tenant, ns: Namespace | None = None) -> RobinStore:
    ns = ns or namespace()
    rt = runtime()
    effects = RobinEffects(rt, ns, tenant, robin_state(ns).webshop.settings)
    return RobinStore(tenant, Context(now=ns.clock.now, new_id=ns.new_uuid, effects=effects))


def store() -> RobinStore:
    return store_for(principal().subject)


BASIC_ERRORS = {400: "Bad Request", 401: INVALID_AUTH, 429: "Rate limit exceeded"}


def documented(blueprint: VendorBlueprint, errors: dict[int, str] | None = None) -> Any:
    return error_responses(blueprint, RobinErrorSchema, errors or BASIC_ERRORS)
