"""Rate limiting on several windows at once, counted on the simulator clock."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask.testing import FlaskClient

from simulator.core.clock import Clock
from simulator.core.ratelimit import ClockStorage, RateDecision, RateLimiter, RatePolicy, RateWindows
from tests.core.builders import in_namespace

START = datetime(2025, 1, 15, 12, 0, 0, tzinfo=UTC)
POLICY = RatePolicy.parse("2/second;3/minute")


@pytest.fixture
def clock() -> Clock:
    return Clock(frozen_at=START)


class Limits:
    """The app's switch with one set of windows per namespace name, as the registry keeps them."""

    def __init__(self, clock: Clock, enabled: bool = True) -> None:
        self.switch = RateLimiter(enabled)
        self.clock = clock
        self.windows: dict[str, RateWindows] = {}

    def hit(self, policy: RatePolicy, namespace: str, *identity: str) -> RateDecision:
        return self.switch.hit(policy, self.windows.setdefault(namespace, RateWindows(self.clock)), *identity)


@pytest.fixture
def limiter(clock: Clock) -> Limits:
    return Limits(clock)


def hits(limiter: Limits, count: int, *identity: str) -> list[bool]:
    return [limiter.hit(POLICY, *(identity or ("ns", "v", "key"))).allowed for _ in range(count)]


def test_policy_parse__reads_several_windows() -> None:
    policy = RatePolicy.parse("3/second;180/minute;10000/hour")

    assert [(item.amount, item.GRANULARITY.name) for item in policy.items] == [
        (3, "second"),
        (180, "minute"),
        (10000, "hour"),
    ]
    assert policy.describe() == "3 per 1 second, 180 per 1 minute, 10000 per 1 hour"


def test_hit__shortest_window_refuses_first(limiter: Limits) -> None:
    assert hits(limiter, 2) == [True, True]

    refused = limiter.hit(POLICY, "ns", "v", "key")

    assert refused == RateDecision(False, 1, "2 per 1 second", frozen=True)


def test_hit__longer_window_refuses_after_the_short_one_resets(
    limiter: Limits, clock: Clock
) -> None:
    assert hits(limiter, 2) == [True, True]
    clock.advance(1)

    assert hits(limiter, 1) == [True]
    refused = limiter.hit(POLICY, "ns", "v", "key")

    assert refused.allowed is False
    assert refused.limit == "3 per 1 minute"
    assert refused.retry_after == 59


def test_hit__refused_hits_do_not_consume_any_window(limiter: Limits, clock: Clock) -> None:
    assert hits(limiter, 2) == [True, True]
    assert hits(limiter, 5) == [False] * 5  # refused by the second window
    clock.advance(1)

    # Had the refused hits counted against the minute window, this one would be refused too.
    assert hits(limiter, 1) == [True]


def test_hit__refused_by_a_long_window_does_not_consume_a_short_one(
    limiter: Limits, clock: Clock
) -> None:
    assert hits(limiter, 2) == [True, True]
    clock.advance(1)
    assert hits(limiter, 1) == [True]  # the minute window is now full until 60 s
    clock.advance(58.5)
    assert hits(limiter, 2) == [False, False]  # refused by the minute window

    clock.advance(0.5)

    # Had the refused hits opened and filled a second window at 59.5 s, these would be refused.
    assert hits(limiter, 2) == [True, True]


def test_hit__retry_after_follows_the_clock(limiter: Limits, clock: Clock) -> None:
    assert hits(limiter, 2) == [True, True]
    clock.advance(1)
    assert hits(limiter, 1) == [True]

    clock.advance(20.5)
    assert limiter.hit(POLICY, "ns", "v", "key").retry_after == 39  # ceil(60 - 21.5)
    clock.advance(38.4)
    assert limiter.hit(POLICY, "ns", "v", "key").retry_after == 1  # never 0


def test_hit__window_resets_after_clock_advance(limiter: Limits, clock: Clock) -> None:
    assert hits(limiter, 2) == [True, True]
    clock.advance(1)
    assert hits(limiter, 2) == [True, False]

    clock.advance(59)

    assert hits(limiter, 3) == [True, True, False]


def test_hit__identities_are_counted_separately(limiter: Limits) -> None:
    assert hits(limiter, 3, "ns", "v", "key") == [True, True, False]

    assert hits(limiter, 2, "ns", "v", "other-key") == [True, True]
    assert hits(limiter, 2, "other-ns", "v", "key") == [True, True]
    assert hits(limiter, 2, "ns", "other-vendor", "key") == [True, True]


def test_hit__switched_off_always_allows(clock: Clock) -> None:
    limiter = Limits(clock, enabled=False)

    assert hits(limiter, 50) == [True] * 50


def test_hit__switching_off_at_runtime_allows_and_on_again_refuses(limiter: Limits) -> None:
    assert hits(limiter, 3) == [True, True, False]

    limiter.switch.enabled = False
    assert hits(limiter, 3) == [True, True, True]
    limiter.switch.enabled = True

    assert hits(limiter, 1) == [False]


def test_windows_clear__clears_every_window(limiter: Limits) -> None:
    assert hits(limiter, 3) == [True, True, False]

    limiter.windows["ns"].clear()

    assert hits(limiter, 2) == [True, True]


def test_clock_storage__counts_until_expiry_on_the_clock(clock: Clock) -> None:
    storage = ClockStorage(clock)

    assert storage.incr("k", 10) == 1
    assert storage.incr("k", 10, amount=2) == 3
    assert storage.get("k") == 3
    assert storage.get_expiry("k") == START.timestamp() + 10
    clock.advance(9.99)
    assert storage.get("k") == 3
    clock.advance(0.01)
    assert storage.get("k") == 0
    assert storage.incr("k", 10) == 1
    assert storage.get_expiry("k") == START.timestamp() + 20


def test_clock_storage__expiry_is_fixed_by_the_first_hit(clock: Clock) -> None:
    storage = ClockStorage(clock)
    storage.incr("k", 10)
    clock.advance(5)

    storage.incr("k", 10)

    assert storage.get_expiry("k") == START.timestamp() + 10


def test_clock_storage__unknown_key_and_clear_and_reset(clock: Clock) -> None:
    storage = ClockStorage(clock)

    assert storage.get("missing") == 0
    assert storage.get_expiry("missing") == START.timestamp()
    storage.incr("a", 10)
    storage.incr("b", 10)
    storage.clear("a")
    assert storage.get("a") == 0
    assert storage.get("b") == 1
    assert storage.reset() == 1
    assert storage.get("b") == 0
    assert storage.check() is True


def test_robin_route__fourth_call_in_a_second_gets_429_with_retry_after(
    robin: FlaskClient, clock: Clock
) -> None:
    for _ in range(3):
        assert robin.post("/robin/conversations", json={}).status_code == 200

    refused = robin.post("/robin/conversations", json={})

    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "1"
    assert "Rate limit exceeded" in refused.get_json()["message"]
    clock.advance(1)
    assert robin.post("/robin/conversations", json={}).status_code == 200


def test_robin_route__namespaces_have_separate_windows(robin: FlaskClient) -> None:
    for _ in range(3):
        assert robin.post("/robin/conversations", json={}).status_code == 200
    assert robin.post("/robin/conversations", json={}).status_code == 429

    response = robin.post("/robin/conversations", json={}, headers=in_namespace("other"))

    assert response.status_code == 200


def test_robin_route__unlimited_app_never_refuses(free_robin: FlaskClient) -> None:
    statuses = {free_robin.post("/robin/conversations", json={}).status_code for _ in range(10)}

    assert statuses == {200}
