"""Per-credential rate limiting on several windows at once, on the `limits` library and our clock."""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

from limits import RateLimitItem, parse_many
from limits.storage import Storage
from limits.strategies import FixedWindowRateLimiter

from simulator.core.clock import Clock


class ClockStorage(Storage):
    """In-memory counters for fixed windows that follow the simulator clock both ways.

    A window opens at its first hit and lasts its length on the clock. Advancing the clock past
    its end closes it; setting the clock before its start (a PUT to an earlier instant, a return
    to real time) closes it too, so a clock moved backwards never leaves a window years long.
    """

    STORAGE_SCHEME = ["simulator-clock"]
    SWEEP_AT = 4096  # windows kept before closed ones are swept out

    def __init__(self, clock: Clock) -> None:
        super().__init__(None)
        self._clock = clock
        self._windows: dict[str, tuple[int, float, float]] = {}  # key → (count, start, end)
        self._lock = threading.Lock()

    @property
    def base_exceptions(self) -> type[Exception]:
        return ValueError

    def _open(self, key: str, now: float) -> tuple[int, float, float] | None:
        window = self._windows.get(key)
        if window is not None and not window[1] <= now < window[2]:
            del self._windows[key]
            return None
        return window

    def _sweep(self, now: float) -> None:
        if len(self._windows) >= self.SWEEP_AT:
            self._windows = {k: w for k, w in self._windows.items() if w[1] <= now < w[2]}

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        with self._lock:
            now = self._clock.timestamp()
            window = self._open(key, now)
            if window is None:
                self._sweep(now)
                window = (0, now, now + expiry)
            count = window[0] + amount
            self._windows[key] = (count, window[1], window[2])
            return count

    def get(self, key: str) -> int:
        with self._lock:
            window = self._open(key, self._clock.timestamp())
            return window[0] if window else 0

    def get_expiry(self, key: str) -> float:
        with self._lock:
            now = self._clock.timestamp()
            window = self._open(key, now)
            return window[2] if window else now

    def check(self) -> bool:
        return True

    def reset(self) -> int | None:
        with self._lock:
            cleared = len(self._windows)
            self._windows.clear()
            return cleared

    def clear(self, key: str) -> None:
        with self._lock:
            self._windows.pop(key, None)


@dataclass(frozen=True)
class RatePolicy:
    """Named windows, e.g. RatePolicy.parse("3/second;180/minute") for one vendor."""

    items: tuple[RateLimitItem, ...]

    @classmethod
    def parse(cls, text: str) -> RatePolicy:
        return cls(tuple(parse_many(text)))

    def describe(self) -> str:
        return ", ".join(str(item) for item in self.items)


FROZEN_NOTE = ("The simulator clock is frozen: this window ends only when the clock is advanced "
               "(POST /__admin/clock/advance).")


@dataclass(frozen=True)
class RateDecision:
    allowed: bool
    retry_after: int = 0
    limit: str = ""
    frozen: bool = False  # the clock stands still: waiting will not end the window

    @property
    def note(self) -> str:
        """What a 429 body adds for the simulator's user (empty while the clock runs)."""
        return FROZEN_NOTE if self.frozen else ""


class RateWindows:
    """The counters of one namespace: dropped with it, so a reset starts every window afresh."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._storage = ClockStorage(clock)
        self._strategy = FixedWindowRateLimiter(self._storage)
        self._lock = threading.Lock()

    def hit(self, policy: RatePolicy, *identity: str) -> RateDecision:
        """Count one hit on every window of `policy`, or none when any window is full."""
        with self._lock:
            for item in policy.items:
                if not self._strategy.test(item, *identity):
                    reset_at = self._strategy.get_window_stats(item, *identity).reset_time
                    length = item.get_expiry()
                    wait = min(length, max(1, math.ceil(reset_at - self.clock.timestamp())))
                    return RateDecision(False, wait, str(item), self.clock.frozen)
            for item in policy.items:
                self._strategy.hit(item, *identity)
        return RateDecision(True)

    def clear(self) -> None:
        self._storage.reset()


class RateLimiter:
    """The app-wide switch: counts a hit in the caller's namespace windows, or lets all pass."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled

    def hit(self, policy: RatePolicy, windows: RateWindows, *identity: str) -> RateDecision:
        if not self.enabled:
            return RateDecision(True)
        return windows.hit(policy, *identity)
