"""Assembles a Flask app from state modules and API modules: the request pipeline lives here."""

from __future__ import annotations

import inspect
import time
from collections.abc import Callable
from typing import Any

from flask import Flask, Request, Response, g, request
from marshmallow import fields

from simulator.config import Config
from simulator.core.api import ApiModule
from simulator.core.body import BODY_TIMEOUT_KEY, BodyBuffer, BodyError, BodyRefused
from simulator.core.clock import Clock
from simulator.core.docs import docs
from simulator.core.errors import ApiError, ErrorFor, ProblemError, install_error_handler
from simulator.core.faults import DROP_KEY, DelaySlots, Fault, FaultDropper, InjectedFault, preferred_fault
from simulator.core.journal import Exchange, request_headers
from simulator.core.json_text import JsonProvider
from simulator.core.namespace_names import DEFAULT_NAMESPACE, NAMESPACE_HEADER, NAMESPACE_PATTERN
from simulator.core.outbox import Outbox
from simulator.core.persistence import Persister
from simulator.core.persistence import start as start_persistence
from simulator.core.ratelimit import RateLimiter
from simulator.core.resources import require_resources
from simulator.core.runtime import Runtime, declared_reads_only
from simulator.core.storage import Namespace, NamespaceRegistry, StateModule
from simulator.core.wsgi import RAW_PATH_KEY, PathNormaliser

ADMIN_MOUNT = "/__admin"
STATE_PATH = ADMIN_MOUNT + "/state"  # state import: its own, larger body limit
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def build_app(
    config: Config,
    state_modules: list[StateModule],
    api_modules: list[ApiModule],
    *,
    clock: Clock | None = None,
) -> Flask:
    require_resources(config.fixtures_dir)
    app = SyncFlask("simulator")
    app.config["MAX_CONTENT_LENGTH"] = None  # BodyBuffer has read and size-checked every body already
    app.json = JsonProvider(app)  # keys in insertion order; compact answers written by orjson
    app.url_map.strict_slashes = False
    clock = clock or Clock()
    outbox = Outbox(clock, timeout=config.outbound_timeout, queue_size=config.outbound_queue_size,
                    concurrency=config.outbound_concurrency)
    runtime = Runtime(
        config=config,
        clock=clock,
        registry=NamespaceRegistry(config, state_modules, clock),
        limiter=RateLimiter(enabled=config.rate_limits),
        outbox=outbox,
        modules=api_modules,
        app=app,
    )
    runtime.registry.on_retire = lambda gone: _retired(runtime, gone)
    runtime.persister = start_persistence(runtime.registry, config, warn=lambda _: None)  # the CLI has warned
    app.extensions["simulator"] = runtime
    for module in api_modules:
        module.install(app)
    app.register_blueprint(docs)
    _install_pipeline(app, runtime)
    install_error_handler(app, lambda path: _error_for(runtime, path))
    body_limits = {("PUT", STATE_PATH): config.max_state_bytes}
    buffered = BodyBuffer(FaultDropper(app.wsgi_app), max_bytes=config.max_body_bytes, timeout=config.body_timeout,
                          limits=body_limits)
    app.wsgi_app = PathNormaliser(buffered)  # type: ignore[method-assign]
    app.refuse_async()
    return app


class SyncFlask(Flask):
    """Flask without the per-call check for `async def` views and hooks (about ten per request): the app has none,
    which `refuse_async` makes sure of once it is built."""

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        return func

    def refuse_async(self) -> None:
        """TypeError naming the first view, hook or error handler defined with `async def`."""
        hooks = [*self.view_functions.values(), *self.teardown_appcontext_funcs]
        for registry in (self.before_request_funcs, self.after_request_funcs, self.teardown_request_funcs,
                         self.url_value_preprocessors, self.url_default_functions, self.template_context_processors):
            hooks += [func for funcs in registry.values() for func in funcs]
        for by_code in self.error_handler_spec.values():
            hooks += [func for handlers in by_code.values() for func in handlers.values()]
        for func in hooks:
            view_class = getattr(func, "view_class", None)
            handlers = [getattr(view_class, method.lower()) for method in view_class.methods or ()] \
                if view_class is not None else [func]
            for handler in handlers:
                if inspect.iscoroutinefunction(handler):
                    raise TypeError(f"{handler.__qualname__} is async; the simulator serves synchronous views only")


def _retired(runtime: Runtime, gone: Namespace) -> None:
    """A namespace reset, replaced, deleted or evicted: its waiting deliveries are dropped, its saved file
    brought up to date."""
    runtime.outbox.cancel(gone.outbox)
    if runtime.persister is not None:
        runtime.persister.mark(gone.name)


def _error_for(runtime: Runtime, path: str) -> ErrorFor:
    """How the API mounted at `path` answers failures it did not raise; problem+json outside every mount."""
    module = runtime.module_for_path(path)
    return module.error_for if module is not None else ProblemError.from_info


class InvalidNamespace(ProblemError):
    """The simulator's own failure: answered as problem+json whichever API was called."""

    status = 400


def _install_pipeline(app: Flask, runtime: Runtime) -> None:
    @app.before_request
    def enter_namespace() -> Response | None:
        req, ctx = request._get_current_object(), g._get_current_object()  # one proxy lookup each
        module = runtime.module_for_path(req.path)
        ctx.module = module
        stalled: BodyError | None = req.environ.get(BODY_TIMEOUT_KEY)
        if module is None:
            if stalled is not None:
                raise ApiError(stalled.message, status=stalled.status)
            return None
        ctx.started = time.perf_counter()
        name = req.headers.get(NAMESPACE_HEADER) or DEFAULT_NAMESPACE
        if not NAMESPACE_PATTERN.match(name):
            raise InvalidNamespace(
                f"{NAMESPACE_HEADER} must be 1-64 characters of letters, digits, '_', '.', ':' or '-'"
            )
        ctx.namespace_name = name  # built (from the seed) and locked on first use: runtime.namespace()
        if declared_reads_only(app, req.endpoint, req.method):
            ctx.reads_only = True  # before any guard or handler takes the lock
        if stalled is not None:  # before any handler, so before any namespace is locked
            raise ApiError(stalled.message, status=stalled.status)
        if module.vendor is not None:
            fault = _fault_for(runtime, module.vendor, req, name)
            if fault is not None:
                ctx.fault = fault
                answered = _inject(fault, module, req, runtime.delays)
                if answered is not None:
                    return answered
        if module.cors is not None:
            answered = module.cors.enter(req, runtime.config)  # a preflight, as a filter answers it
            if answered is not None:
                return answered
        ctx.media_type = module.representations.choose()
        return None

    @app.after_request
    def leave_namespace(response: Response) -> Response:
        ctx = g._get_current_object()
        module: ApiModule | None = ctx.get("module")
        if module is None:
            return response
        media_type = ctx.get("media_type")
        if media_type:
            response = module.representations.convert(response, media_type)
        if module.cors is not None:
            module.cors.leave(response)
        name = ctx.get("namespace_name")
        if module.vendor is not None and name:
            # A request refused before it touched state journals into its namespace only if that exists.
            namespace = ctx.get("namespace") or runtime.registry.find(name)
            if namespace is not None:
                started = ctx.get("started", time.perf_counter())
                namespace.journal.add(_exchange(runtime, namespace, module, response, started))
        return response

    @app.teardown_request
    def release_namespace(_exc: BaseException | None) -> None:
        namespace = g.pop("namespace", None)
        if namespace is not None:
            namespace.lock.release()
        if runtime.persister is not None and request.method not in SAFE_METHODS and g.get("namespace_name"):
            _mark_changed(runtime.persister, request._get_current_object(), g.namespace_name)


def _mark_changed(persister: Persister, req: Request, name: str) -> None:
    """What a write may have changed: its namespace, or with the control API's `?all=true` every one (a reset,
    deletion, eviction or import is marked by the registry itself, through `_retired`)."""
    if req.path.startswith(ADMIN_MOUNT + "/") and req.args.get("all") in fields.Boolean.truthy:
        persister.mark_all()
    else:
        persister.mark(name)


def _fault_for(runtime: Runtime, vendor: str, req: Request, name: str) -> Fault | None:
    """The fault `Prefer` asks for, else the first of the namespace's rules to fire (none if it does not exist)."""
    preferred = preferred_fault(req.headers.getlist("Prefer"))
    if preferred is not None:
        return preferred
    found = runtime.registry.find(name)
    return found.faults.draw(vendor, req.method, req.path) if found is not None else None


def _inject(fault: Fault, module: ApiModule, req: Request, delays: DelaySlots) -> Response | None:
    """Wait (outside any namespace lock: other requests go on), then fail or drop; None lets the request run."""
    if fault.delay_ms:
        delays.wait(fault.delay_ms, time.sleep)  # gevent's sleep under the server: only this request waits
    if fault.action is not None:
        req.environ[DROP_KEY] = fault.action
        return Response(status=204)  # never sent: FaultDropper drops the connection instead
    if fault.status is not None:
        raise InjectedFault(module.fault_text(fault.status), status=fault.status)
    return None


def _body(req: Request) -> bytes:
    try:
        return req.get_data(cache=True)
    except BodyRefused:  # too large: journaled without its content
        return b""


def _exchange(
    runtime: Runtime, namespace: Namespace, module: ApiModule, response: Response, started: float
) -> Exchange:
    """Capture the request cheaply and bounded; redaction and decoding wait until the journal is read."""
    req = request._get_current_object()
    fault: Fault | None = g.get("fault")
    journal = namespace.journal
    path = req.path
    return Exchange(
        id=journal.next_id(),
        at=namespace.clock.now(),
        vendor=module.vendor or "",
        method=req.method,
        path=path,
        raw_path=req.environ.get(RAW_PATH_KEY, path),
        query_string=req.query_string,
        headers=request_headers(req.environ),
        body=journal.keep(_body(req)),
        status=0 if fault is not None and fault.action else response.status_code,  # 0: no answer was sent
        response_body=journal.keep(b"" if response.is_streamed or (fault is not None and fault.action)
                                   else response.get_data()),
        duration_ms=round((time.perf_counter() - started) * 1000, 3),
        redact_path=module.redact_path,
        fault=fault.mark() if fault is not None else None,
    )
