"""Fixtures of the ROBIN tests: the app without rate limits by default, the limited one, a read-only app per module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from simulator.config import Config
from simulator.core.clock import Clock
from simulator.robin.store.indexes import check_indexes
from tests.conftest import app_for
from tests.robin.support import close_app, make_app


@pytest.fixture
def app(unlimited_app: Flask) -> Iterator[Flask]:
    """Rate limits off: ROBIN allows 3 calls a second, and the tests make many at one frozen instant. At the end,
    every tenant's index equals a fresh build from its records."""
    yield unlimited_app
    registry = unlimited_app.extensions["simulator"].registry
    for name in registry.names():
        found = registry.find(name)
        if found is not None:
            for tenant in found.state("robin").tenants.values():
                check_indexes(tenant)


@pytest.fixture
def limited_app(shared_apps: dict[str, Flask], clock: Clock, shared_clock: Clock) -> Iterator[Flask]:
    """What `app` is outside this folder: rate limits on, clock frozen, every namespace back to the seeded world."""
    yield from app_for(shared_apps["limited"], clock, shared_clock, Config())


@pytest.fixture(scope="module")
def shared() -> Iterator[FlaskClient]:
    """A client of the module's own seeded app without rate limits, never reset: for tests that only read."""
    application = make_app(rate_limits=False)
    yield application.test_client()
    close_app(application)
