"""POST /__admin/seed: rebuild a namespace (or every one) from another seed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient

from simulator import create_app
from simulator.config import Config
from tests.core.builders import (
    assert_problem,
    customer_emails,
    customers,
    export,
    in_namespace,
    without_name,
)


@pytest.fixture
def seed_seven_baseline() -> Iterator[dict]:
    """What a simulator started with seed 7 exports."""
    app = create_app(Config(seed=7, rate_limits=False))
    yield without_name(export(app.test_client(), "default"))
    app.extensions["simulator"].outbox.shutdown()


def test_seed__changes_the_world_to_that_seeds_baseline(
    free_robin: FlaskClient, seed_seven_baseline: dict
) -> None:
    before = export(free_robin)

    response = free_robin.post("/__admin/seed", json={"seed": 7})

    assert response.status_code == 200
    assert response.get_json() == {"namespace": "default", "seed": 7}
    after = export(free_robin)
    assert after["seed"] == 7
    assert after["people"] != before["people"]
    assert without_name(after) == seed_seven_baseline


def test_seed__reset_keeps_the_new_seed(
    free_robin: FlaskClient, seed_seven_baseline: dict
) -> None:
    free_robin.post("/__admin/seed", json={"seed": 7})
    free_robin.post("/robin/dynamic/customers", json=customers("after.seed@example.com"))

    free_robin.post("/__admin/reset")

    after = export(free_robin)
    assert "after.seed@example.com" not in customer_emails(after)
    assert without_name(after) == seed_seven_baseline


def test_seed__applies_to_the_header_namespace_only(free_robin: FlaskClient) -> None:
    other_before = export(free_robin, "other")

    free_robin.post("/__admin/seed", json={"seed": 7}, headers=in_namespace("a"))

    assert export(free_robin, "a")["seed"] == 7
    assert export(free_robin, "other") == other_before
    assert export(free_robin, "never-used-before")["seed"] == other_before["seed"]


def test_seed__all_changes_every_namespace_and_new_ones(
    free_robin: FlaskClient, seed_seven_baseline: dict
) -> None:
    free_robin.post("/__admin/seed", json={"seed": 3}, headers=in_namespace("a"))
    export(free_robin, "b")

    response = free_robin.post("/__admin/seed?all=true", json={"seed": 7})

    assert response.get_json() == {"namespace": "*", "seed": 7}
    for name in ("a", "b", "brand-new"):
        assert without_name(export(free_robin, name)) == seed_seven_baseline


def test_seed__reset_all_keeps_per_namespace_seeds(free_robin: FlaskClient) -> None:
    free_robin.post("/__admin/seed", json={"seed": 7}, headers=in_namespace("a"))

    free_robin.post("/__admin/reset?all=true")

    assert export(free_robin, "a")["seed"] == 7


@pytest.mark.parametrize(
    ("body", "field"),
    [({}, "seed"), ({"seed": "seven"}, "seed"), ({"seed": -1}, "seed"), ({"seed": 2**63}, "seed")],
)
def test_seed__invalid_body_returns_400_problem_and_keeps_world(
    free_robin: FlaskClient, body: dict, field: str
) -> None:
    before = export(free_robin)

    response = free_robin.post("/__admin/seed", json=body)

    problem = assert_problem(response, 400, field)
    assert field in problem["errors"]
    assert export(free_robin) == before
