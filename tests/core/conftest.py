"""Fixtures for tests that make many vendor calls at one frozen instant (rate limits off)."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from simulator.core.runtime import Runtime
from tests.conftest import ROBIN_AUTH


@pytest.fixture
def free_robin(unlimited_app: Flask) -> FlaskClient:
    """A client of the unlimited app that sends the demo ROBIN credentials by default."""
    client = unlimited_app.test_client()
    client.environ_base.update({"HTTP_AUTHORIZATION": ROBIN_AUTH["Authorization"]})
    return client


@pytest.fixture
def free_runtime(unlimited_app: Flask) -> Runtime:
    return unlimited_app.extensions["simulator"]
