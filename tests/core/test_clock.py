"""The injectable clock: frozen, advanced, resumed and reset without ever sleeping."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from simulator.core.clock import Clock

FROZEN = datetime(2025, 1, 15, 12, 0, 0, tzinfo=UTC)
TOLERANCE = timedelta(seconds=30)


def close_to(moment: datetime, expected: datetime) -> bool:
    return abs(moment - expected) < TOLERANCE


def test_now__follows_real_time_by_default() -> None:
    clock = Clock()

    assert not clock.frozen
    assert close_to(clock.now(), datetime.now(UTC))
    assert clock.now().tzinfo is not None


def test_now__frozen_stands_still() -> None:
    clock = Clock(frozen_at=FROZEN)

    assert clock.frozen
    assert clock.now() == FROZEN
    assert clock.now() == FROZEN
    assert clock.timestamp() == FROZEN.timestamp()


def test_init__naive_instant_is_taken_as_utc() -> None:
    clock = Clock(frozen_at=datetime(2025, 1, 15, 12, 0, 0))

    assert clock.now() == FROZEN
    assert clock.now().utcoffset() == timedelta(0)


def test_advance__moves_a_frozen_clock_exactly() -> None:
    clock = Clock(frozen_at=FROZEN)

    returned = clock.advance(90.5)

    assert returned == FROZEN + timedelta(seconds=90.5)
    assert clock.now() == returned
    assert clock.frozen


def test_advance__shifts_a_running_clock() -> None:
    clock = Clock()

    clock.advance(86400)

    assert not clock.frozen
    assert close_to(clock.now(), datetime.now(UTC) + timedelta(days=1))


def test_freeze__at_a_given_instant_in_any_zone() -> None:
    clock = Clock()
    amsterdam = timezone(timedelta(hours=1))

    clock.freeze(datetime(2030, 3, 1, 13, 0, tzinfo=amsterdam))

    assert clock.frozen
    assert clock.now() == datetime(2030, 3, 1, 12, 0, tzinfo=UTC)


def test_freeze__without_instant_stops_where_it_is() -> None:
    clock = Clock()
    clock.advance(3600)

    stopped = clock.freeze()

    assert clock.frozen
    assert clock.now() == stopped
    assert close_to(stopped, datetime.now(UTC) + timedelta(hours=1))


def test_resume__runs_on_from_the_frozen_instant() -> None:
    clock = Clock(frozen_at=datetime(2030, 1, 1, tzinfo=UTC))

    resumed = clock.resume()

    assert not clock.frozen
    assert close_to(resumed, datetime(2030, 1, 1, tzinfo=UTC))
    assert clock.now() >= resumed


def test_resume__on_a_running_clock_keeps_its_offset() -> None:
    clock = Clock()
    clock.advance(7200)

    clock.resume()

    assert close_to(clock.now(), datetime.now(UTC) + timedelta(hours=2))


def test_reset__back_to_real_time() -> None:
    clock = Clock(frozen_at=datetime(2030, 1, 1, tzinfo=UTC))
    clock.advance(3600)

    now = clock.reset()

    assert not clock.frozen
    assert close_to(now, datetime.now(UTC))
    assert close_to(clock.now(), datetime.now(UTC))
