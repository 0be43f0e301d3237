"""Rate-limit windows follow the simulator clock both ways and live and die with their namespace."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient

from simulator.chatwoot.routes.common import RATES as CHATWOOT_RATES
from simulator.core.clock import Clock
from simulator.core.ratelimit import FROZEN_NOTE, ClockStorage, RatePolicy, RateWindows
from simulator.robin.errors import RateLimited as RobinRateLimited
from simulator.robin.routes.common import RATES as ROBIN_RATES
from tests.conftest import ROBIN_AUTH
from tests.core.builders import export, in_namespace

FAR = "2030-01-01T00:00:00Z"
START = datetime(2025, 1, 15, 12, 0, 0, tzinfo=UTC)


def robin_calls(client: FlaskClient, count: int, namespace: str = "default") -> list[int]:
    headers = {**ROBIN_AUTH, **in_namespace(namespace)}
    return [client.post("/robin/conversations", json={}, headers=headers).status_code for _ in range(count)]


def test_clock_storage__a_clock_set_before_the_window_opened_starts_a_fresh_one() -> None:
    clock = Clock(frozen_at=START)
    storage = ClockStorage(clock)
    storage.incr("k", 60)
    storage.incr("k", 60)

    clock.freeze(datetime(2024, 1, 1, tzinfo=UTC))

    assert storage.get("k") == 0
    assert storage.get_expiry("k") == clock.timestamp()


def test_windows__retry_after_never_exceeds_the_window_after_the_clock_moved_back() -> None:
    clock = Clock(frozen_at=datetime(2030, 1, 1, tzinfo=UTC))
    windows = RateWindows(clock)
    assert [windows.hit(ROBIN_RATES, "robin", "key").allowed for _ in range(4)] == [True, True, True, False]

    clock.freeze(START)  # back five years

    assert [windows.hit(ROBIN_RATES, "robin", "key").allowed for _ in range(4)] == [True, True, True, False]
    refused = windows.hit(ROBIN_RATES, "robin", "key")
    assert refused.retry_after == 1


def test_windows__every_refusal_waits_at_most_its_window_length() -> None:
    clock = Clock(frozen_at=START)
    windows = RateWindows(clock)
    policy = RatePolicy.parse("1/day")
    windows.hit(policy, "v", "key")
    for step in (0.2, 3600, 40_000):
        clock.advance(step)
        decision = windows.hit(policy, "v", "key")
        assert not decision.allowed
        assert 1 <= decision.retry_after <= 86_400


def test_robin__clock_frozen_far_ahead_then_back_to_real_time_does_not_lock_out(
    client: FlaskClient, clock: Clock
) -> None:
    assert client.put("/__admin/clock", json={"now": FAR}).status_code == 200
    assert robin_calls(client, 3) == [200, 200, 200]

    assert client.delete("/__admin/clock").status_code == 200

    assert robin_calls(client, 1) == [200]


def test_robin__clock_put_to_an_earlier_instant_starts_fresh_windows(client: FlaskClient, clock: Clock) -> None:
    assert client.put("/__admin/clock", json={"now": FAR}).status_code == 200
    assert robin_calls(client, 4) == [200, 200, 200, 429]

    assert client.put("/__admin/clock", json={"now": "2029-12-31T23:00:00Z"}).status_code == 200

    assert robin_calls(client, 4) == [200, 200, 200, 429]


def test_robin__429_under_a_frozen_clock_says_only_an_advance_ends_the_window(
    client: FlaskClient, clock: Clock
) -> None:
    robin_calls(client, 3)

    refused = client.post("/robin/conversations", json={}, headers=ROBIN_AUTH)

    assert refused.status_code == 429
    assert FROZEN_NOTE in refused.get_json()["message"]
    assert refused.headers["Retry-After"] == "1"


def test_windows__a_running_clock_gives_no_frozen_note() -> None:
    windows = RateWindows(Clock())  # real time, never frozen
    policy = RatePolicy.parse("1/day")
    windows.hit(policy, "v", "key")

    refused = windows.hit(policy, "v", "key")

    assert (refused.allowed, refused.frozen, refused.note) == (False, False, "")
    message = RobinRateLimited(refused).message
    assert message == f"Rate limit exceeded (1 per 1 day); retry after {refused.retry_after} s"


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", "/__admin/reset", None),
        ("post", "/__admin/seed", {"seed": 7}),
    ],
)
def test_robin__namespace_reset_and_reseed_clear_its_windows(
    client: FlaskClient, clock: Clock, method: str, path: str, body: dict | None
) -> None:
    assert robin_calls(client, 4, "a") == [200, 200, 200, 429]
    assert robin_calls(client, 4, "b") == [200, 200, 200, 429]

    answer = getattr(client, method)(path, headers=in_namespace("a"), json=body)

    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert robin_calls(client, 1, "a") == [200]
    assert robin_calls(client, 1, "b") == [429]  # another namespace keeps its windows


def test_robin__state_import_clears_the_namespace_windows(client: FlaskClient, clock: Clock) -> None:
    snapshot = export(client, "a")
    assert robin_calls(client, 4, "a") == [200, 200, 200, 429]

    assert client.put("/__admin/state", json=snapshot, headers=in_namespace("a")).status_code == 200

    assert robin_calls(client, 1, "a") == [200]


def test_chatwoot__namespace_reset_clears_its_windows(app: Flask, client: FlaskClient, clock: Clock) -> None:
    runtime = app.extensions["simulator"]
    namespace = runtime.registry.get("a")
    for _ in range(3000):
        namespace.rates.hit(CHATWOOT_RATES, "chatwoot", "ip:127.0.0.1")
    headers = {"api_access_token": "demo-chatwoot-admin-token", **in_namespace("a")}
    teams = "/chatwoot/api/v1/accounts/1/teams"
    assert client.get(teams, headers=headers).status_code == 429

    assert client.post("/__admin/reset", headers=in_namespace("a")).status_code == 200

    assert client.get(teams, headers=headers).status_code == 200
