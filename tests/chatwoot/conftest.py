"""Fixtures the Chatwoot tests share: what the local receiver got once every queued delivery has run."""

from __future__ import annotations

import pytest

from tests.chatwoot.support import Chatwoot, Deliveries
from tests.conftest import Receiver


@pytest.fixture
def delivered(chatwoot: Chatwoot, receiver: Receiver) -> Deliveries:
    """`delivered(path)`: the bodies the receiver got at `path` (default `/`), in the order they were queued."""
    return Deliveries(chatwoot, receiver)
