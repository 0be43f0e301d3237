"""Request-time enforcement: a view's guard authenticates the caller and applies the vendor's rate limit."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from flask import g

from simulator.config import Config
from simulator.core.ratelimit import RateDecision, RatePolicy
from simulator.core.runtime import namespace, runtime
from simulator.core.schemes import AuthScheme, Credentials
from simulator.core.storage import DEFAULT_NAMESPACE, Namespace


@dataclass
class Principal:
    """Who is calling: `credential` keys the rate limit; `subject` is whatever the vendor needs."""

    credential: str
    subject: Any = None


Authenticator = Callable[[Credentials | None, Namespace], Principal | None]


@dataclass(frozen=True)
class RateLimitDoc:
    """The 429 a guard's rate limit answers, documented on every view the guard guards."""

    description: str
    content_type: str = "text/plain"
    schema: dict[str, Any] = field(default_factory=lambda: {"type": "string"})
    headers: dict[str, Any] = field(default_factory=dict)

    def response(self) -> dict[str, Any]:
        """smorest's doc of an alternative response, new for each view (documenting a view consumes it)."""
        doc = {"description": self.description, "schema": copy.deepcopy(self.schema),
               "content_type": self.content_type}
        if self.headers:
            doc["headers"] = copy.deepcopy(self.headers)
        return doc


@dataclass
class Guard:
    """Decorator for views: authenticate, then count the hit against the vendor's rate policy."""

    vendor: str
    scheme: AuthScheme
    authenticate: Authenticator
    rejected: Callable[[Credentials | None], Exception]
    rate_policy: RatePolicy | None = None
    rate_limited: Callable[[RateDecision], Exception] | None = None
    policy_from_config: Callable[[Config], RatePolicy | None] | None = None  # when the limit is a setting
    rate_limit_doc: RateLimitDoc | None = None  # the 429 to document on each guarded view

    def __call__(self, func: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(func)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            rt = runtime()
            credentials = self.scheme.credentials()
            ctx = g._get_current_object()  # one proxy lookup
            name = ctx.get("namespace_name") or DEFAULT_NAMESPACE
            unbuilt = ctx.get("namespace") is None and rt.registry.find(name) is None
            # Not built yet: check against the seeded world, so a refused request builds nothing.
            if unbuilt and self.authenticate(credentials, rt.registry.pristine_view(name)) is None:
                raise self.rejected(credentials)
            ns = namespace()
            principal = self.authenticate(credentials, ns)
            if principal is None:
                raise self.rejected(credentials)
            ctx.principal = principal
            policy = self.rate_policy
            if policy is None and self.policy_from_config is not None:
                policy = self.policy_from_config(rt.config)
            if policy is not None and self.rate_limited is not None:
                decision = rt.limiter.hit(policy, ns.rates, self.vendor, principal.credential)
                if not decision.allowed:
                    raise self.rate_limited(decision)
            return func(*args, **kwargs)

        security = self.scheme.requirements()
        # What `Blueprint.doc(security=...)` stores, without its per-call wrapper and its deep copy of the doc;
        # new dicts, so the doc `wraps` shares with `func` stays as it was.
        doc = dict(getattr(guarded, "_apidoc", {}))
        doc["manual_doc"] = {**doc.get("manual_doc", {}), "security": security}
        if self.rate_limit_doc is not None:
            response = dict(doc.get("response", {}))
            codes = {status: list(entries) for status, entries in response.get("responses", {}).items()}
            codes.setdefault(429, []).append(self.rate_limit_doc.response())
            doc["response"] = {**response, "responses": codes}
        guarded._apidoc = doc  # type: ignore[attr-defined]  # noqa: SLF001  (setup.cfg pins smorest)
        return guarded


def principal() -> Principal:
    return g.principal
