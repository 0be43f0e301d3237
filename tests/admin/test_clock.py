"""/__admin/clock: read, freeze, resume, reset and advance a namespace's clock, or every clock with ?all=true."""

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
    assert response.get_json() == {"now": "2025-01-15T12:00:00+00:00", "frozen": True, "namespace": "default"}


def test_put_clock__freezes_the_namespace_at_the_given_instant(client: FlaskClient, clock: Clock) -> None:
    response = client.put("/__admin/clock", json={"now": "2030-05-01T08:00:00+02:00"})

    assert response.status_code == 200
    assert moment(response.get_json()) == datetime(2030, 5, 1, 6, 0, tzinfo=UTC)
    assert response.get_json()["frozen"] is True
    assert moment(client.get("/__admin/clock").get_json()) == datetime(2030, 5, 1, 6, 0, tzinfo=UTC)
    assert clock.now() == FROZEN_AT  # the server's clock, which other namespaces follow, stays


def test_put_clock__frozen_false_resumes_from_the_current_instant(
    client: FlaskClient, clock: Clock
) -> None:
    response = client.put("/__admin/clock", json={"frozen": False})

    body = response.get_json()
    assert response.status_code == 200
    assert body["frozen"] is False
    assert clock.frozen  # the server's clock: untouched
    assert abs(moment(body) - FROZEN_AT) < timedelta(seconds=30)


def test_put_clock__frozen_false_runs_the_namespace_clock_on_its_own(client: FlaskClient, clock: Clock) -> None:
    client.put("/__admin/clock", json={"now": "2030-01-01T00:00:00Z"})
    client.put("/__admin/clock", json={"frozen": False})
    clock.advance(3600)  # a namespace clock set running no longer follows the server's frozen one

    body = client.get("/__admin/clock").get_json()

    assert body["frozen"] is False
    assert abs(moment(body) - datetime(2030, 1, 1, 0, 0, tzinfo=UTC)) < timedelta(seconds=30)


def test_put_clock__empty_body_freezes_a_running_clock_where_it_is(
    client: FlaskClient, clock: Clock
) -> None:
    clock.resume()

    response = client.put("/__admin/clock", json={})

    assert response.get_json()["frozen"] is True
    clock.advance(600)
    assert client.get("/__admin/clock").get_json() == response.get_json()


def test_delete_clock__follows_the_server_clock_again(client: FlaskClient, clock: Clock) -> None:
    client.post("/__admin/clock/advance", json={"seconds": 3600})

    response = client.delete("/__admin/clock")

    assert response.status_code == 200
    assert response.get_json() == {"now": "2025-01-15T12:00:00+00:00", "frozen": True, "namespace": "default"}


def test_delete_clock_all__returns_every_clock_to_real_time(client: FlaskClient, clock: Clock) -> None:
    client.post("/__admin/clock/advance", json={"seconds": 3600}, headers=in_namespace("a"))

    response = client.delete("/__admin/clock?all=true")

    body = response.get_json()
    assert response.status_code == 200
    assert (body["frozen"], body["namespace"]) == (False, "*")
    assert abs(moment(body) - datetime.now(UTC)) < timedelta(seconds=30)
    assert not clock.frozen
    mine = client.get("/__admin/clock", headers=in_namespace("a")).get_json()
    assert not mine["frozen"]
    assert abs(moment(mine) - datetime.now(UTC)) < timedelta(seconds=30)


def test_advance_clock__moves_the_namespace_clock_forward(client: FlaskClient, clock: Clock) -> None:
    response = client.post("/__admin/clock/advance", json={"seconds": 90})

    assert response.status_code == 200
    assert response.get_json() == {"now": "2025-01-15T12:01:30+00:00", "frozen": True, "namespace": "default"}
    assert clock.now() == FROZEN_AT


def test_advance_clock__leaves_other_namespaces_alone(client: FlaskClient) -> None:
    client.post("/__admin/clock/advance", json={"seconds": 60}, headers=in_namespace("a"))

    theirs = client.get("/__admin/clock", headers=in_namespace("b")).get_json()
    mine = client.get("/__admin/clock", headers=in_namespace("a")).get_json()

    assert theirs == {"now": "2025-01-15T12:00:00+00:00", "frozen": True, "namespace": "b"}
    assert mine == {"now": "2025-01-15T12:01:00+00:00", "frozen": True, "namespace": "a"}


def test_freeze_clock__leaves_other_namespaces_running(client: FlaskClient, clock: Clock) -> None:
    clock.resume()
    client.put("/__admin/clock", json={"now": "2031-01-01T00:00:00Z"}, headers=in_namespace("a"))

    theirs = client.get("/__admin/clock", headers=in_namespace("b")).get_json()

    assert theirs["frozen"] is False
    assert abs(moment(theirs) - FROZEN_AT) < timedelta(seconds=30)


def test_clock_all__moves_every_namespace_and_those_made_later(client: FlaskClient, clock: Clock) -> None:
    client.post("/__admin/clock/advance", json={"seconds": 60}, headers=in_namespace("a"))
    client.put("/__admin/clock", json={"now": "2031-01-01T00:00:00Z"}, headers=in_namespace("b"))

    answer = client.post("/__admin/clock/advance?all=true", json={"seconds": 30}).get_json()

    assert answer == {"now": "2025-01-15T12:00:30+00:00", "frozen": True, "namespace": "*"}
    assert client.get("/__admin/clock", headers=in_namespace("a")).get_json()["now"] == "2025-01-15T12:01:30+00:00"
    assert client.get("/__admin/clock", headers=in_namespace("b")).get_json()["now"] == "2031-01-01T00:00:30+00:00"
    assert client.get("/__admin/clock", headers=in_namespace("new")).get_json()["now"] == "2025-01-15T12:00:30+00:00"


def test_put_clock_all__freezes_every_namespace_at_one_instant(client: FlaskClient) -> None:
    client.post("/__admin/clock/advance", json={"seconds": 60}, headers=in_namespace("a"))

    client.put("/__admin/clock?all=true", json={"now": "2026-03-01T10:00:00Z"})

    for name in ("a", "default", "later"):
        body = client.get("/__admin/clock", headers=in_namespace(name)).get_json()
        assert (body["now"], body["frozen"]) == ("2026-03-01T10:00:00+00:00", True)


def test_reset__makes_the_namespace_follow_the_server_clock_again(client: FlaskClient) -> None:
    client.post("/__admin/clock/advance", json={"seconds": 600}, headers=in_namespace("a"))

    client.post("/__admin/reset", headers=in_namespace("a"))

    assert client.get("/__admin/clock", headers=in_namespace("a")).get_json()["now"] == "2025-01-15T12:00:00+00:00"


def test_clock__stamps_new_records_of_its_namespace(free_robin: FlaskClient) -> None:
    free_robin.post("/__admin/clock/advance", json={"seconds": 86400}, headers=in_namespace("a"))
    body = {"email_address": "clock@example.com", "customer_since": "2020-01-01T00:00:00Z", "order_count": 1,
            "total_revenue": 1.0, "currency": "EUR"}

    created = {}
    for name in ("a", "b"):
        answer = free_robin.post("/robin/conversations", json={"from": {"email": "clock@example.com"}},
                                 headers=in_namespace(name))
        assert answer.status_code == 200, answer.get_data(as_text=True)
        created[name] = answer.get_json()
    entries = {name: free_robin.get("/__admin/requests?vendor=robin", headers=in_namespace(name)).get_json()
               for name in ("a", "b")}

    assert body
    assert entries["a"]["requests"][-1]["at"].startswith("2025-01-16T12:00:00")
    assert entries["b"]["requests"][-1]["at"].startswith("2025-01-15T12:00:00")


def test_advance_clock__reopens_rate_limit_windows(robin: FlaskClient, client: FlaskClient) -> None:
    for _ in range(3):
        assert robin.post("/robin/conversations", json={}).status_code == 200
    assert robin.post("/robin/conversations", json={}).status_code == 429

    client.post("/__admin/clock/advance", json={"seconds": 1})

    assert robin.post("/robin/conversations", json={}).status_code == 200


def test_advance_clock__reopens_only_its_namespace_windows(robin: FlaskClient, client: FlaskClient) -> None:
    for name in ("a", "b"):
        for _ in range(3):
            assert robin.post("/robin/conversations", json={}, headers=in_namespace(name)).status_code == 200
        assert robin.post("/robin/conversations", json={}, headers=in_namespace(name)).status_code == 429

    client.post("/__admin/clock/advance", json={"seconds": 1}, headers=in_namespace("a"))

    assert robin.post("/robin/conversations", json={}, headers=in_namespace("a")).status_code == 200
    assert robin.post("/robin/conversations", json={}, headers=in_namespace("b")).status_code == 429


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
