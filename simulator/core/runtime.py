"""The per-app runtime (config, clock, namespaces, limiter, outbox, persister) and per-request accessors."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

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


View = TypeVar("View", bound=Callable[..., Any])
READS_ONLY = "reads_only"  # an attribute of a view: it changes no state (the pipeline reads it before the view runs)


def reads_only(view: View) -> View:
    """Declare that a view only reads state: its request takes the namespace's lock without starting a new
    generation, and may use answers cached in the current one (`read_stamp`). A test checks that each such view
    leaves the state as it was."""
    setattr(view, READS_ONLY, True)
    return view


def declared_reads_only(app: Flask, endpoint: str | None, method: str) -> bool:
    """Whether the view that will answer (the method's handler of a MethodView) is declared `reads_only`."""
    view = app.view_functions.get(endpoint) if endpoint else None
    handler = getattr(getattr(view, "view_class", None), "get" if method == "HEAD" else method.lower(), view)
    return bool(getattr(handler, READS_ONLY, False))


def read_stamp() -> Hashable | None:
    """In a read-only request, what an answer cached now stays valid for: this namespace, its generation (no holder
    of the lock since) and its clock's version (not moved by hand since); None elsewhere (caches are not used)."""
    ctx = g._get_current_object()  # one proxy lookup
    if not ctx.get(READS_ONLY):
        return None
    found = ctx.get("namespace") or namespace()
    return (found.lock.token, found.lock.generation, found.clock.version())


def namespace() -> Namespace:
    """The current request's namespace, created from the seed and locked on first use.

    The lock is held until the request ends (the pipeline releases it), so requests of one
    namespace never interleave their changes. Requests that never touch state (health, docs)
    neither build nor lock a namespace.
    """
    ctx = g._get_current_object()  # one proxy lookup
    found = ctx.get("namespace")
    if found is None:
        registry = runtime().registry
        name = ctx.get("namespace_name") or DEFAULT_NAMESPACE
        reading = bool(ctx.get(READS_ONLY))
        while True:
            found = registry.get(name)
            if reading:
                found.lock.acquire_to_read()
            else:
                found.lock.acquire()
            if not found.retired:
                break
            found.lock.release()  # reset, replaced or evicted before this request got it: take the new one
        ctx.namespace = found
    return found
