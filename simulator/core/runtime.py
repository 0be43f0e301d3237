"""The per-app runtime (config, clock, namespaces, limiter, outbox, persister) and per-request accessors."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from flask import Flask, current_app, g

from simulator.config import Config
from simulator.core.clock import Clock
from simulator.core.faults import DelaySlots
from simulator.core.outbox import Outbox
from simulator.core.ratelimit import RateLimiter
from simulator.core.storage import DEFAULT_NAMESPACE, Namespace, NamespaceRegistry

if TYPE_CHECKING:
    from simulator.core.api import ApiModule
    from simulator.core.persistence import Persister



@dataclass
class Runtime:
    config: Config
    clock: Clock
    registry: NamespaceRegistry
    limiter: RateLimiter
    outbox: Outbox
    modules: list[ApiModule] = field(default_factory=list)
    app: Flask | None = None
    persister: Persister | None = None  # with SIMULATOR_STATE_DIR: saves the namespaces that change
    delays: DelaySlots = field(default_factory=DelaySlots)  # requests waiting on injected delays
    _by_mount_length: list[tuple[str, ApiModule]] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        mounts = [(mount, module) for module in self.modules for mount in module.mounts]
        self._by_mount_length = sorted(mounts, key=lambda pair: -len(pair[0]))

    def module(self, name: str) -> ApiModule:
        return next(m for m in self.modules if m.name == name)

    def module_for_path(self, path: str) -> ApiModule | None:
        """The module with the longest mount that contains `path` (e.g. /robin/webshop over /robin)."""
        for mount, module in self._by_mount_length:
            if path.startswith(mount) and (len(path) == len(mount) or path[len(mount)] == "/"):
                return module
        return None


def runtime() -> Runtime:
    return current_app.extensions["simulator"]


def namespace() -> Namespace:
    """The current request's namespace, created from the seed and locked on first use.

    The lock is held until the request ends (the pipeline releases it), so requests of one
    namespace never interleave their changes. Requests that never touch state (health, docs)
    neither build nor lock a namespace.
    """
    found = g.get("namespace")
    if found is None:
        registry = runtime().registry
        name = g.get("namespace_name") or DEFAULT_NAMESPACE
        while True:
            found = registry.get(name)
            found.lock.acquire()
            if not found.retired:
                break
            found.lock.release()  # reset, replaced or evicted before this request got it: take the new one
        g.namespace = found
    return found
