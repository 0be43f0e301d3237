"""The per-app runtime (config, clock, namespaces, limiter, outbox) and per-request accessors."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from flask import Flask, current_app, g

from simulator.config import Config
from simulator.core.clock import Clock
from simulator.core.outbox import Outbox
from simulator.core.ratelimit import RateLimiter
from simulator.core.storage import DEFAULT_NAMESPACE, Namespace, NamespaceRegistry

if TYPE_CHECKING:
    from simulator.core.api import ApiModule

NAMESPACE_HEADER = "X-Simulator-Namespace"
NAMESPACE_PATTERN = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")


@dataclass
class Runtime:
    config: Config
    clock: Clock
    registry: NamespaceRegistry
    limiter: RateLimiter
    outbox: Outbox
    modules: list[ApiModule] = field(default_factory=list)
    app: Flask | None = None
    extras: dict[str, Any] = field(default_factory=dict)

    def module(self, name: str) -> ApiModule:
        return next(m for m in self.modules if m.name == name)

    def module_for_path(self, path: str) -> ApiModule | None:
        matches = [m for m in self.modules if path == m.mount or path.startswith(m.mount + "/")]
        return max(matches, key=lambda m: len(m.mount), default=None)


def runtime() -> Runtime:
    return current_app.extensions["simulator"]


def namespace() -> Namespace:
    """The namespace of the current request (set by the request pipeline)."""
    found = g.get("namespace")
    if found is None:
        found = runtime().registry.get(DEFAULT_NAMESPACE)
        g.namespace = found
    return found
