"""One simulator app for the CMI tests, reset before each test (seeded state, frozen clock).

Building an app per test cost most of these tests' time; resetting is a deep copy of the
pristine seeded world, so every test still starts from the same state.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from simulator import create_app
from simulator.config import Config
from simulator.core.clock import Clock
from tests.conftest import FROZEN_AT


@pytest.fixture(scope="session")
def shared_cmi_app() -> Iterator[Flask]:
    application = create_app(Config(rate_limits=False), clock=Clock(frozen_at=FROZEN_AT))
    yield application
    application.extensions["simulator"].outbox.shutdown()


@pytest.fixture
def clock(shared_cmi_app: Flask) -> Clock:
    """The shared app's clock, frozen again at FROZEN_AT."""
    shared = shared_cmi_app.extensions["simulator"].clock
    shared.freeze(FROZEN_AT)
    return shared


@pytest.fixture
def unlimited_app(shared_cmi_app: Flask, clock: Clock) -> Flask:
    """The shared app with every namespace back to the default seed, empty rate windows."""
    runtime = shared_cmi_app.extensions["simulator"]
    runtime.registry.reseed_all(runtime.config.seed)
    runtime.limiter.reset()
    return shared_cmi_app
