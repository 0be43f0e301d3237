"""An injectable clock: real time by default, frozen or shifted on demand, never slept on."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta


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
        with self._lock:
            step = timedelta(seconds=seconds)
            if self._frozen_at is not None:
                self._frozen_at += step
            else:
                self._offset += step
        return self.now()

    def freeze(self, at: datetime | None = None) -> datetime:
        with self._lock:
            self._frozen_at = _aware(at) if at else self.now()
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
