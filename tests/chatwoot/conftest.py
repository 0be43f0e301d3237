"""Fixtures the Chatwoot tests share: what the local receiver got once every queued delivery has run."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from simulator.chatwoot.render.renderer import check_wire_cache
from simulator.chatwoot.store.indexes import check_indexes
from tests.chatwoot.support import Chatwoot, Deliveries
from tests.conftest import Receiver


@pytest.fixture
def delivered(chatwoot: Chatwoot, receiver: Receiver) -> Deliveries:
    """`delivered(path)`: the bodies the receiver got at `path` (default `/`), in the order they were queued."""
    return Deliveries(chatwoot, receiver)


@pytest.fixture(autouse=True)
def indexes_follow_the_records(request: pytest.FixtureRequest) -> Iterator[None]:
    """After every test that used the application API: each namespace's indexes equal a fresh build, and the JSON
    cached in its current generation equals the records'."""
    if "chatwoot" not in request.fixturenames:
        yield
        return
    registry = request.getfixturevalue("chatwoot").app.extensions["simulator"].registry
    yield
    for name in registry.names():
        found = registry.find(name)
        if found is not None:
            check_indexes(found.state("chatwoot"))
            check_wire_cache(found.state("chatwoot"), (found.lock.token, found.lock.generation, found.clock.version()))
