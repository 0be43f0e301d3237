"""Fixtures of the CMI tests: an empty contact center, the demo agent and the restricted one, a browser."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from simulator.sinch_cmi.models import User
from simulator.sinch_cmi.render.json_wire import check_wire_cache
from simulator.sinch_cmi.store.indexes import check_indexes
from tests.sinch_cmi.contact_builders import empty_center
from tests.sinch_cmi.support import Cmi


@pytest.fixture
def cmi(cmi: Cmi) -> Iterator[Cmi]:
    """The CMI calls of every test here; after the test, the state's indexes must still match its records, and so
    must the wire forms cached in the namespace's current generation."""
    yield cmi
    check_indexes(cmi.state)
    namespace = cmi.app.extensions["simulator"].registry.get()
    check_wire_cache(cmi.state, namespace.clock.now(),
                     (namespace.lock.token, namespace.lock.generation, namespace.clock.version()))


@pytest.fixture
def center(cmi: Cmi) -> Cmi:
    return empty_center(cmi)


@pytest.fixture
def agent(cmi: Cmi) -> User:
    return cmi.user()


@pytest.fixture
def restricted(cmi: Cmi) -> User:
    return cmi.user("demo-restricted")


@pytest.fixture
def browser(unlimited_app: Flask) -> FlaskClient:
    """A client that keeps cookies, as a browser or `requests.Session` does (any origin: the default setting)."""
    return unlimited_app.test_client()
