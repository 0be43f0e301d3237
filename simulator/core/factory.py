"""Assembles a Flask app from state modules and API modules: the request pipeline lives here."""

from __future__ import annotations

import time
from collections.abc import Callable

from flask import Flask, Response, g, request

from simulator.config import Config
from simulator.core.api import ApiModule
from simulator.core.clock import Clock
from simulator.core.docs import docs
from simulator.core.errors import (
    SIMULATOR_ERROR,
    ErrorInfo,
    VendorError,
    install_error_handler,
    problem_response,
)
from simulator.core.journal import Exchange
from simulator.core.outbox import Outbox
from simulator.core.ratelimit import RateLimiter
from simulator.core.runtime import NAMESPACE_HEADER, NAMESPACE_PATTERN, Runtime
from simulator.core.runtime import namespace as current_namespace
from simulator.core.storage import DEFAULT_NAMESPACE, NamespaceRegistry, StateModule
from simulator.core.wsgi import RAW_PATH_KEY, PathNormaliser


def build_app(
    config: Config,
    state_modules: list[StateModule],
    api_modules: list[ApiModule],
    *,
    clock: Clock | None = None,
) -> Flask:
    app = Flask("simulator")
    app.config["MAX_CONTENT_LENGTH"] = config.max_body_bytes
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.url_map.strict_slashes = False
    clock = clock or Clock()
    runtime = Runtime(
        config=config,
        clock=clock,
        registry=NamespaceRegistry(config, state_modules),
        limiter=RateLimiter(clock, enabled=config.rate_limits),
        outbox=Outbox(clock, timeout=config.outbound_timeout),
        modules=api_modules,
        app=app,
    )
    app.extensions["simulator"] = runtime
    for module in api_modules:
        module.install(app)
    app.register_blueprint(docs)
    _install_pipeline(app, runtime)
    install_error_handler(app, lambda path: _renderer_for(runtime, path))
    app.wsgi_app = PathNormaliser(app.wsgi_app)  # type: ignore[method-assign]
    return app


def _renderer_for(runtime: Runtime, path: str) -> Callable[[ErrorInfo], Response]:
    module = runtime.module_for_path(path)
    return module.render_error if module is not None else problem_response


class InvalidNamespace(VendorError):
    """The simulator's own failure: answered as problem+json whichever API was called."""

    status = 400
    kind = SIMULATOR_ERROR


def _install_pipeline(app: Flask, runtime: Runtime) -> None:
    @app.before_request
    def enter_namespace() -> None:
        req, ctx = request._get_current_object(), g._get_current_object()  # one proxy lookup each
        module = runtime.module_for_path(req.path)
        ctx.module = module
        if module is None:
            return
        ctx.started = time.perf_counter()
        name = req.headers.get(NAMESPACE_HEADER) or DEFAULT_NAMESPACE
        if not NAMESPACE_PATTERN.match(name):
            raise InvalidNamespace(
                f"{NAMESPACE_HEADER} must be 1-64 characters of letters, digits, '_', '.', ':' or '-'"
            )
        ctx.namespace_name = name  # built (from the seed) and locked on first use: runtime.namespace()
        ctx.media_type = module.representations.choose()

    @app.after_request
    def leave_namespace(response: Response) -> Response:
        ctx = g._get_current_object()
        module: ApiModule | None = ctx.get("module")
        if module is None:
            return response
        media_type = ctx.get("media_type")
        if media_type:
            response = module.representations.convert(response, media_type)
        if module.vendor is not None and ctx.get("namespace_name"):
            namespace = current_namespace()
            started = ctx.get("started", time.perf_counter())
            namespace.journal.add(_exchange(runtime, namespace.journal.next_id(), module, response, started))
        return response

    @app.teardown_request
    def release_namespace(_exc: BaseException | None) -> None:
        namespace = g.pop("namespace", None)
        if namespace is not None:
            namespace.lock.release()


def _exchange(
    runtime: Runtime, entry_id: int, module: ApiModule, response: Response, started: float
) -> Exchange:
    """Capture the request cheaply; redaction and decoding wait until the journal is read."""
    req = request._get_current_object()
    try:
        body = req.get_data(cache=True)
    except Exception:  # an oversized or unreadable body is journaled without its content
        body = b""
    path = req.path
    return Exchange(
        id=entry_id,
        at=runtime.clock.now(),
        vendor=module.vendor or "",
        method=req.method,
        path=path,
        raw_path=req.environ.get(RAW_PATH_KEY, path),
        query_string=req.query_string,
        environ=req.environ,
        body=body,
        status=response.status_code,
        response_body=b"" if response.is_streamed else response.get_data(),
        duration_ms=round((time.perf_counter() - started) * 1000, 3),
        redact_path=module.redact_path,
    )
