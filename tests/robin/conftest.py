"""Fixtures of the ROBIN tests: the app without rate limits by default, the limited one, a read-only app per module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from simulator import create_app
from simulator.config import Config
from simulator.core.clock import Clock
from tests.robin.support import close_app, make_app


@pytest.fixture
def app(unlimited_app: Flask) -> Flask:
    """Rate limits off: ROBIN allows 3 calls a second, and the tests make many at one frozen instant."""
    return unlimited_app


@pytest.fixture
def limited_app(shared_apps: dict[str, Flask], clock: Clock, shared_clock: Clock) -> Iterator[Flask]:
    """What `app` is outside this folder: rate limits on, clock frozen, every namespace back to the seeded world
    (the shared app, reset; a module that brings its own clock gets an app of its own on it)."""
    if clock is shared_clock:
        application = shared_apps["limited"]
        runtime = application.extensions["simulator"]
        runtime.outbox.join()
        runtime.registry.reseed_all(runtime.config.seed)
        yield application
        return
    application = create_app(Config(), clock=clock)
    yield application
    close_app(application)


@pytest.fixture(scope="module")
def shared() -> Iterator[FlaskClient]:
    """A client of the module's own seeded app without rate limits, never reset: for tests that only read."""
    application = make_app(rate_limits=False)
    yield application.test_client()
    close_app(application)
