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
from simulator.core.journal import JournalEntry, redact_headers, redact_query, redact_text
from simulator.core.outbox import Outbox
from simulator.core.ratelimit import RateLimiter
from simulator.core.runtime import NAMESPACE_HEADER, NAMESPACE_PATTERN, Runtime
from simulator.core.storage import DEFAULT_NAMESPACE, NamespaceRegistry, StateModule
from simulator.core.wsgi import RAW_PATH_KEY, PathNormaliser


def build_app(
    config: Config,
    state_modules: list[StateModule],
    api_modules: list[ApiModule],
    *,
    clock: Clock | None = None,
    configure: Callable[[Flask, Runtime], None] | None = None,
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
    if configure is not None:
        configure(app, runtime)
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
        module = runtime.module_for_path(request.path)
        g.module = module
        if module is None:
            return
        g.started = time.perf_counter()
        name = request.headers.get(NAMESPACE_HEADER) or DEFAULT_NAMESPACE
        if not NAMESPACE_PATTERN.match(name):
            raise InvalidNamespace(
                f"{NAMESPACE_HEADER} must be 1-64 characters of letters, digits, '_', '.', ':' or '-'"
            )
        namespace = runtime.registry.get(name)
        namespace.lock.acquire()
        g.namespace = namespace
        g.media_type = module.representations.choose()

    @app.after_request
    def leave_namespace(response: Response) -> Response:
        module: ApiModule | None = g.get("module")
        if module is None:
            return response
        media_type = g.get("media_type")
        if media_type:
            response = module.representations.convert(response, media_type)
        namespace = g.get("namespace")
        if namespace is not None and module.vendor is not None:
            namespace.journal.add(_journal_entry(runtime, namespace.journal.next_id(), module, response))
        return response

    @app.teardown_request
    def release_namespace(_exc: BaseException | None) -> None:
        namespace = g.pop("namespace", None)
        if namespace is not None:
            namespace.lock.release()


def _journal_entry(runtime: Runtime, entry_id: int, module: ApiModule, response: Response) -> JournalEntry:
    try:
        body = request.get_data(cache=True, as_text=True)
    except Exception:  # an oversized or unreadable body is journaled without its content
        body = ""
    response_body = "" if response.is_streamed else response.get_data(as_text=True)
    raw_path = request.environ.get(RAW_PATH_KEY, request.path)
    return JournalEntry(
        id=entry_id,
        at=runtime.clock.now().isoformat(),
        vendor=module.vendor or "",
        method=request.method,
        path=module.redact_path(request.path),
        query=redact_query(request.args.to_dict()),
        headers=redact_headers(dict(request.headers)),
        body=redact_text(body),
        status=response.status_code,
        response_body=redact_text(response_body),
        duration_ms=round((time.perf_counter() - g.get("started", time.perf_counter())) * 1000, 3),
        tags={"raw_path": module.redact_path(raw_path)},
    )

