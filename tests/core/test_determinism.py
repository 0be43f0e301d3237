"""Determinism: one seed gives the same world, the same people everywhere, the same new ids."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient

from simulator import create_app
from simulator.config import Config
from simulator.core.clock import Clock
from tests.conftest import ROBIN_AUTH
from tests.core.builders import channel_message, conversations_of, export, tenant

AppMaker = Callable[..., Flask]


@pytest.fixture
def make_app() -> Iterator[AppMaker]:
    made: list[Flask] = []

    def make(seed: int = 1234, clock: Clock | None = None) -> Flask:
        app = create_app(Config(seed=seed, rate_limits=False), clock=clock or Clock())
        made.append(app)
        return app

    yield make
    for app in made:
        app.extensions["simulator"].outbox.shutdown()


def robin_client(app: Flask) -> FlaskClient:
    client = app.test_client()
    client.environ_base.update({"HTTP_AUTHORIZATION": ROBIN_AUTH["Authorization"]})
    return client


def test_export_state__same_seed_different_start_times_is_identical(make_app: AppMaker) -> None:
    running = make_app(clock=Clock())
    frozen_elsewhere = make_app(clock=Clock(frozen_at=datetime(2031, 6, 1, 8, 30, tzinfo=UTC)))

    first = export(running.test_client())
    second = export(frozen_elsewhere.test_client())

    assert first == second
    assert tenant(first)["conversations"]
    assert first["people"]["people"]


def test_export_state__different_seed_differs(make_app: AppMaker) -> None:
    one = export(make_app(seed=1).test_client())
    other = export(make_app(seed=2).test_client())

    assert one["seed"] == 1
    assert other["seed"] == 2
    assert one["people"] != other["people"]
    assert one["vendors"] != other["vendors"]


def test_export_state__canonical_people_are_kept_whatever_the_seed(make_app: AppMaker) -> None:
    one = export(make_app(seed=1).test_client())["people"]
    other = export(make_app(seed=2).test_client())["people"]

    canonical = one["canonical"]
    assert canonical > 0
    assert one["people"][:canonical] == other["people"][:canonical]
    assert one["people"][canonical:] != other["people"][canonical:]


def test_people_pool__every_person_is_the_same_robin_customer(make_app: AppMaker) -> None:
    state = export(make_app().test_client())
    robin_customers = tenant(state)["customers"]
    people = state["people"]["people"]

    assert len(people) > 5
    for person in people:
        found = robin_customers[person["email"].lower()]
        assert found["email_address"] == person["email"]
        assert found["name"] == f"{person['first_name']} {person['last_name']}".strip()
        assert found["phone_number"] == person["phone"]


def test_people_pool__agents_are_the_robin_agents(make_app: AppMaker) -> None:
    state = export(make_app().test_client())

    pool = [(a["email"], a["name"]) for a in state["people"]["agents"]]
    robin_agents = [(a["email"], a["name"]) for a in tenant(state)["agents"]]
    assert pool == robin_agents


def test_new_ids__same_calls_give_same_ids_in_two_apps(make_app: AppMaker) -> None:
    first = robin_client(make_app(clock=Clock()))
    second = robin_client(make_app(clock=Clock(frozen_at=datetime(2030, 1, 1, tzinfo=UTC))))

    guids = []
    for client in (first, second):
        for number in range(3):
            response = client.post(
                "/robin/messages",
                json=channel_message(f"ids{number}@example.com", conversation=f"c{number}"),
            )
            assert response.status_code == 201
        guids.append(
            [conversations_of(client, f"ids{n}@example.com")[0]["guid"] for n in range(3)]
        )

    assert guids[0] == guids[1]
    assert len(set(guids[0])) == 3


def test_new_ids__different_seed_gives_different_ids(make_app: AppMaker) -> None:
    guids = []
    for seed in (1, 2):
        client = robin_client(make_app(seed=seed))
        client.post("/robin/messages", json=channel_message("seeded@example.com"))
        guids.append(conversations_of(client, "seeded@example.com")[0]["guid"])

    assert guids[0] != guids[1]
