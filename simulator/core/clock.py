"""An injectable clock: real time by default, frozen or shifted on demand, never slept on."""

from __future__ import annotations

import math
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

# The instants the clock may show: far enough from datetime's limits (years 1 and 9999) that every
# duration a store adds to "now" (snoozes, retries, windows, report ranges) stays representable.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(9000, 1, 1, tzinfo=UTC)


class ClockOutOfRange(ValueError):
    """The clock would leave [EARLIEST, LATEST]."""


def within_range(moment: datetime) -> datetime:
    if not EARLIEST <= moment <= LATEST:
        raise ClockOutOfRange(
            f"the clock must stay between {EARLIEST.isoformat()} and {LATEST.isoformat()}; "
            f"{moment.isoformat()} is outside"
        )
    return moment


class Clock:
    """A time source for stores and rate limiting, never slept on.

    It runs (real time plus an offset) or stands still at a frozen instant. Given a `base` (the server's
    clock, under a namespace's), it follows that clock plus an offset until it is frozen or set running on
    its own; `reset` makes it follow again. Tests and the admin API move it with `advance`, so nothing
    time-dependent ever needs `sleep`.
    """

    def __init__(self, frozen_at: datetime | None = None, *, base: Clock | None = None) -> None:
        self._lock = threading.Lock()
        self._offset = timedelta(0)
        self._frozen_at = _aware(frozen_at) if frozen_at else None
        self.base = base
        self._following = base is not None and frozen_at is None
        self.changes = 0  # moves by hand (freeze, advance, resume, reset, restore): what cached answers key on

    def _source(self, following: bool | None = None) -> datetime:
        """What a running clock adds its offset to: its base while it follows it (or would), else real time."""
        follows = self._following if following is None else following
        return self.base.now() if follows and self.base is not None else datetime.now(UTC)

    def now(self) -> datetime:
        frozen = self._frozen_at
        if frozen is not None:
            return frozen
        return self._source() + self._offset

    def timestamp(self) -> float:
        return self.now().timestamp()

    def version(self) -> tuple[int, int]:
        """Changes when this clock or its base is moved by hand (running time alone changes nothing)."""
        return (self.changes, self.base.changes if self.base is not None else 0)

    @property
    def frozen(self) -> bool:
        """Standing still: frozen itself, or following a base that is."""
        if self._frozen_at is not None:
            return True
        return self._following and self.base is not None and self.base.frozen

    @property
    def following(self) -> bool:
        """Moving with its base (plus an offset): the server's clock moves it too."""
        return self._following and self._frozen_at is None

    def state(self) -> dict[str, Any]:
        """What `restore` takes back, as this clock shows time now: frozen at an instant (itself, or following a
        frozen base), or running at an offset from real time (for a following clock: its base's offset and its
        own together, so a restart, whose server clock runs at real time, shows the same time)."""
        with self._lock:
            if self.frozen:
                return {"frozen_at": self.now().isoformat()}
            offset = (self.now() - datetime.now(UTC)).total_seconds() if self._following else (
                self._offset.total_seconds())
            return {"following": self._following, "offset_seconds": offset}

    def restore(self, state: dict[str, Any]) -> None:
        """Put back what `state` returned (a saved namespace's clock); ValueError, the clock unchanged, for a state
        it cannot show (a wrong type, an instant or offset outside EARLIEST to LATEST)."""
        frozen_at, offset = state.get("frozen_at"), state.get("offset_seconds", 0.0)
        following = state.get("following", True)
        if not isinstance(following, bool):
            raise ValueError(f"following: expected true or false, got {following!r}")
        if not isinstance(offset, int | float) or isinstance(offset, bool) or not math.isfinite(offset):
            raise ValueError(f"offset_seconds: expected a number, got {offset!r}")
        moment = None
        if frozen_at is not None:
            if not isinstance(frozen_at, str):
                raise ValueError(f"frozen_at: expected an ISO 8601 instant, got {frozen_at!r}")
            try:
                moment = within_range(_aware(datetime.fromisoformat(frozen_at.replace("Z", "+00:00"))))
            except ValueError as exc:
                raise ValueError(f"frozen_at: {exc}") from None
        follows = following and self.base is not None and moment is None
        try:
            step = timedelta(seconds=offset)
            within_range(self._source(follows) + step)
        except (OverflowError, ValueError):
            raise ValueError(f"offset_seconds: {offset} puts the clock outside {EARLIEST.year} to "
                             f"{LATEST.year}") from None
        with self._lock:
            self._offset = step
            self._frozen_at = moment
            self._following = follows
            self.changes += 1

    def advance(self, seconds: float) -> datetime:
        """Move forward (or back, for a negative step); ClockOutOfRange leaves the clock as it was."""
        with self._lock:
            try:
                step = timedelta(seconds=seconds)
                within_range(self.now() + step)
            except OverflowError:
                raise ClockOutOfRange(f"an advance of {seconds} s leaves the clock's range") from None
            if self._frozen_at is not None:
                self._frozen_at += step
            else:
                self._offset += step
            self.changes += 1
        return self.now()

    def freeze(self, at: datetime | None = None) -> datetime:
        """Stand still at `at` (or now); ClockOutOfRange for an instant outside the clock's range."""
        with self._lock:
            self._frozen_at = within_range(_aware(at)) if at else self.now()
            self.changes += 1
        return self.now()

    def resume(self) -> datetime:
        """Run from the instant it shows, on its own (a frozen base no longer holds it); one that follows a
        running base keeps following it."""
        with self._lock:
            if self.frozen:
                self._offset = self.now() - datetime.now(UTC)
                self._frozen_at = None
                self._following = False
            self.changes += 1
        return self.now()

    def reset(self) -> datetime:
        """Follow the base exactly again (without a base: real time)."""
        with self._lock:
            self._offset = timedelta(0)
            self._frozen_at = None
            self._following = self.base is not None
            self.changes += 1
        return self.now()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class Clocks:
    """The server's clock and the namespaces' clocks that follow it, moved together (`?all=true`)."""

    def __init__(self, base: Clock, namespaces: list[Clock]) -> None:
        self.base = base
        self.namespaces = namespaces

    def freeze(self, at: datetime | None = None) -> datetime:
        if at is not None:
            within_range(_aware(at))
        self.base.freeze(at)
        for clock in self.namespaces:
            clock.freeze(at)  # without `at`, each where it stands
        return self.base.now()

    def advance(self, seconds: float) -> datetime:
        """Every clock `seconds` on; ClockOutOfRange (nothing moved) when any would leave the range."""
        for clock in (self.base, *self.namespaces):
            try:
                within_range(clock.now() + timedelta(seconds=seconds))
            except OverflowError:
                raise ClockOutOfRange(f"an advance of {seconds} s leaves the clock's range") from None
        self.base.advance(seconds)
        for clock in self.namespaces:
            if not clock.following:  # one that follows the base has moved with it
                clock.advance(seconds)
        return self.base.now()

    def resume(self) -> datetime:
        self.base.resume()
        for clock in self.namespaces:
            if not clock.following:
                clock.resume()
        return self.base.now()

    def reset(self) -> datetime:
        self.base.reset()
        for clock in self.namespaces:
            clock.reset()
        return self.base.now()
