"""Fixtures of the CMI contact tests: an empty contact center, the demo agent and the restricted one."""

from __future__ import annotations

import pytest

from simulator.sinch_cmi.models import User
from tests.sinch_cmi.contact_builders import empty_center
from tests.sinch_cmi.support import Cmi


@pytest.fixture
def center(cmi: Cmi) -> Cmi:
    return empty_center(cmi)


@pytest.fixture
def agent(cmi: Cmi) -> User:
    return cmi.user()


@pytest.fixture
def restricted(cmi: Cmi) -> User:
    return cmi.user("demo-restricted")
