"""`ccsim serve --scale N`: checked options, and every namespace seeded N times as large."""

from __future__ import annotations

import os
from typing import Any

import pytest
from click.testing import CliRunner, Result

from simulator import server
from simulator.app import create_app
from simulator.chatwoot.models import ChatwootState
from simulator.chatwoot.module import STATE as CHATWOOT
from simulator.cli import main
from simulator.config import Config
from simulator.core.storage import Namespace
from simulator.fixtures import VENDORS
from tests.test_server_smoke import HOST, free_port


class FakeServer:
    """Stands in for gunicorn: keeps the config `serve` would run with."""

    configs: list[Config] = []

    def __init__(self, config: Config, **_: Any) -> None:
        FakeServer.configs.append(config)

    def run(self) -> None:
        return None


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[Config]:
    for name in [n for n in os.environ if n.startswith("SIMULATOR_")]:
        monkeypatch.delenv(name)
    monkeypatch.setattr(server, "SimulatorServer", FakeServer)
    FakeServer.configs = []
    return FakeServer.configs


def serve(*args: str, **environment: str) -> Result:
    return CliRunner().invoke(main, ["serve", "--host", HOST, "--port", str(free_port()), *args], env=environment)


@pytest.mark.parametrize("scale", ["0", "-1", "101", "two", "1.5"])
def test_serve__scale_out_of_range_is_refused_before_serving(served: list[Config], scale: str) -> None:
    result = serve("--scale", scale)

    assert result.exit_code == 2
    assert "Invalid value for '--scale'" in result.output
    assert served == []


def test_serve__scale_is_documented_in_help() -> None:
    result = CliRunner().invoke(main, ["serve", "--help"])

    assert result.exit_code == 0
    assert "--scale" in result.output
    assert "1<=x<=100" in result.output


@pytest.mark.parametrize(("args", "environment", "people"), [
    ((), {}, 40),
    (("--scale", "1"), {}, 40),
    (("--scale", "3"), {}, 120),
    (("--scale", "100"), {}, 4000),
    (("--scale", "2"), {"SIMULATOR_PEOPLE": "10"}, 20),
])
def test_serve__scale_multiplies_the_people_of_the_config(
    served: list[Config], args: tuple[str, ...], environment: dict[str, str], people: int
) -> None:
    result = serve(*args, **environment)

    assert result.exit_code == 0, result.output
    assert [config.people for config in served] == [people]


def chatwoot_counts(state: ChatwootState) -> tuple[int, int, int, int]:
    return len(state.contacts), len(state.conversations), len(state.messages), len(state.reporting_events)


def test_serve__every_namespace_of_a_scaled_server_is_scaled(served: list[Config]) -> None:
    assert serve("--scale", "2", "--seed", "9").exit_code == 0
    app = create_app(served[0])
    try:
        registry = app.extensions["simulator"].registry
        unscaled = Namespace.seeded("one", 9, Config(seed=9), list(VENDORS.values()))
        single = chatwoot_counts(unscaled.state("chatwoot"))
        worlds = [registry.get("default"), registry.get("later"), registry.reset("later")]

        counts = [chatwoot_counts(namespace.state("chatwoot")) for namespace in worlds]
    finally:
        app.extensions["simulator"].outbox.shutdown()

    assert counts == [counts[0]] * 3
    contacts, conversations, messages, events = counts[0]
    assert (contacts, conversations) == (2 * single[0], 2 * single[1])
    assert messages > 1.5 * single[2] and events > 1.5 * single[3]
    assert len(worlds[0].pool.people) > len(unscaled.pool.people)


def test_scaled_chatwoot_world__exports_and_imports_intact() -> None:
    namespace = Namespace.seeded("big", 4, Config(seed=4, people=120), [CHATWOOT])
    state: ChatwootState = namespace.state("chatwoot")

    again = CHATWOOT.import_state(CHATWOOT.export_state(state))

    assert CHATWOOT.export_state(again) == CHATWOOT.export_state(state)
    display_ids = {c.display_id for c in state.conversations.values()}
    assert not display_ids & set(state.conversations), "a database id is also a display id"
