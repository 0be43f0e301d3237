"""An injectable clock: real time by default, frozen or shifted on demand, never slept on."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

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
    """Time source shared by every store and by rate limiting.

    It follows the system clock plus an offset, or stands still at a frozen instant. Tests and
    the admin API move it with `advance`, so nothing time-dependent ever needs `sleep`.
    """

    def __init__(self, frozen_at: datetime | None = None) -> None:
        self._lock = threading.Lock()
        self._offset = timedelta(0)
        self._frozen_at = _aware(frozen_at) if frozen_at else None

    def now(self) -> datetime:
        frozen = self._frozen_at
        if frozen is not None:
            return frozen
        return datetime.now(UTC) + self._offset

    def timestamp(self) -> float:
        return self.now().timestamp()

    @property
    def frozen(self) -> bool:
        return self._frozen_at is not None

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
        return self.now()

    def freeze(self, at: datetime | None = None) -> datetime:
        """Stand still at `at` (or now); ClockOutOfRange for an instant outside the clock's range."""
        with self._lock:
            self._frozen_at = within_range(_aware(at)) if at else self.now()
        return self.now()

    def resume(self) -> datetime:
        """Run again from the frozen instant (or keep running), keeping the shifted time."""
        with self._lock:
            if self._frozen_at is not None:
                self._offset = self._frozen_at - datetime.now(UTC)
                self._frozen_at = None
        return self.now()

    def reset(self) -> datetime:
        with self._lock:
            self._offset = timedelta(0)
            self._frozen_at = None
        return self.now()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
