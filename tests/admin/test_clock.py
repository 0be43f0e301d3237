"""/__admin/clock: read, freeze, resume, reset and advance the simulator's clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask.testing import FlaskClient

from simulator.core.clock import Clock
from tests.conftest import FROZEN_AT
from tests.core.builders import assert_problem, in_namespace


def moment(body: dict) -> datetime:
    return datetime.fromisoformat(body["now"])


def test_get_clock__reports_the_frozen_instant(client: FlaskClient) -> None:
    response = client.get("/__admin/clock")

    assert response.status_code == 200
    assert response.get_json() == {"now": "2025-01-15T12:00:00+00:00", "frozen": True}


def test_put_clock__freezes_at_the_given_instant(client: FlaskClient, clock: Clock) -> None:
    response = client.put("/__admin/clock", json={"now": "2030-05-01T08:00:00+02:00"})

    assert response.status_code == 200
    assert moment(response.get_json()) == datetime(2030, 5, 1, 6, 0, tzinfo=UTC)
    assert response.get_json()["frozen"] is True
    assert clock.now() == datetime(2030, 5, 1, 6, 0, tzinfo=UTC)


def test_put_clock__frozen_false_resumes_from_the_current_instant(
    client: FlaskClient, clock: Clock
) -> None:
    response = client.put("/__admin/clock", json={"frozen": False})

    body = response.get_json()
    assert response.status_code == 200
    assert body["frozen"] is False
    assert not clock.frozen
    assert abs(moment(body) - FROZEN_AT) < timedelta(seconds=30)


def test_put_clock__empty_body_freezes_a_running_clock_where_it_is(
    client: FlaskClient, clock: Clock
) -> None:
    clock.resume()

    response = client.put("/__admin/clock", json={})

    assert response.get_json()["frozen"] is True
    assert clock.frozen
    assert clock.now() == moment(response.get_json())


def test_delete_clock__returns_to_real_time(client: FlaskClient, clock: Clock) -> None:
    response = client.delete("/__admin/clock")

    body = response.get_json()
    assert response.status_code == 200
    assert body["frozen"] is False
    assert abs(moment(body) - datetime.now(UTC)) < timedelta(seconds=30)
    assert not clock.frozen


def test_advance_clock__moves_the_clock_forward(client: FlaskClient, clock: Clock) -> None:
    response = client.post("/__admin/clock/advance", json={"seconds": 90})

    assert response.status_code == 200
    assert response.get_json() == {"now": "2025-01-15T12:01:30+00:00", "frozen": True}
    assert clock.now() == FROZEN_AT + timedelta(seconds=90)


def test_advance_clock__is_shared_by_every_namespace(client: FlaskClient) -> None:
    client.post("/__admin/clock/advance", json={"seconds": 60}, headers=in_namespace("a"))

    response = client.get("/__admin/clock", headers=in_namespace("b"))

    assert response.get_json()["now"] == "2025-01-15T12:01:00+00:00"


def test_advance_clock__reopens_rate_limit_windows(robin: FlaskClient, client: FlaskClient) -> None:
    for _ in range(3):
        assert robin.post("/robin/conversations", json={}).status_code == 200
    assert robin.post("/robin/conversations", json={}).status_code == 429

    client.post("/__admin/clock/advance", json={"seconds": 1})

    assert robin.post("/robin/conversations", json={}).status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [({}, "seconds"), ({"seconds": -1}, "seconds"), ({"seconds": "soon"}, "seconds"),
     ({"seconds": 400 * 365 * 86400}, "seconds")],
)
def test_advance_clock__invalid_body_returns_400_problem(
    client: FlaskClient, clock: Clock, body: dict, field: str
) -> None:
    response = client.post("/__admin/clock/advance", json=body)

    problem = assert_problem(response, 400, field)
    assert field in problem["errors"]
    assert clock.now() == FROZEN_AT


@pytest.mark.parametrize(
    ("body", "field"),
    [({"now": "2030-01-01T00:00:00"}, "now"), ({"now": "tomorrow"}, "now"),
     ({"frozen": "perhaps"}, "frozen")],
)
def test_put_clock__invalid_body_returns_400_problem(
    client: FlaskClient, clock: Clock, body: dict, field: str
) -> None:
    response = client.put("/__admin/clock", json=body)

    problem = assert_problem(response, 400, field)
    assert field in problem["errors"]
    assert clock.now() == FROZEN_AT
