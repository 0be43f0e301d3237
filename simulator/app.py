"""The simulator app: core mechanisms plus each vendor's modules, mounted side by side."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from flask import Flask

from simulator.admin.examples import ADMIN_EXAMPLES
from simulator.admin.operation_ids import OPERATION_NAMES as ADMIN_OPERATION_NAMES
from simulator.admin.routes import BLUEPRINTS as ADMIN_CORE
from simulator.chatwoot import module as chatwoot
from simulator.config import DEFAULT_EPOCH, Config
from simulator.core.api import ApiModule
from simulator.core.clock import Clock
from simulator.core.errors import ErrorSchema, ProblemError
from simulator.core.factory import build_app
from simulator.robin import module as robin
from simulator.sinch_cmi import module as sinch_cmi
from simulator.version import __version__

ADMIN_DESCRIPTION = """Control API of the simulator: health, reset, seed, state export/import, the
request journal, outbound deliveries, the clock, and vendor-side actions that the real products
perform through their own user interfaces. Select a namespace with `X-Simulator-Namespace`.
Errors are `application/problem+json`."""


STATE_MODULES = [robin.STATE, sinch_cmi.STATE, chatwoot.STATE]


def admin_module() -> ApiModule:
    return ApiModule(
        name="admin",
        title="Contact-center simulator control API",
        version=__version__,
        mount="/__admin",
        blueprints=[*ADMIN_CORE, *robin.ADMIN_BLUEPRINTS, *sinch_cmi.ADMIN_BLUEPRINTS],
        error_for=ProblemError.from_info,
        error_schema=ErrorSchema,
        description=ADMIN_DESCRIPTION,
        error_content_type="application/problem+json",
        operation_names=ADMIN_OPERATION_NAMES,
        examples=ADMIN_EXAMPLES,
    )


def create_app(config: Config | None = None, *, clock: Clock | None = None, **overrides: Any) -> Flask:
    config = (config or Config.from_env()).with_overrides(**overrides)
    modules = [*robin.api_modules(), *sinch_cmi.api_modules(), *chatwoot.api_modules(), admin_module()]
    scratch = example_world()
    for module in modules:
        module.example_app = scratch
    return build_app(config, STATE_MODULES, modules, clock=clock)


def example_world() -> Callable[[], Flask]:
    """The app the specs' examples are made in, built on first use: default settings whatever this server's,
    rate limits off and the clock standing at the epoch, so every server publishes the same examples."""
    built: list[Flask] = []
    lock = threading.Lock()

    def app() -> Flask:
        with lock:
            if not built:
                built.append(create_app(Config(rate_limits=False), clock=Clock(frozen_at=DEFAULT_EPOCH)))
            return built[0]

    return app
