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
    """In-memory counters for fixed windows whose expiry follows the simulator clock."""

    STORAGE_SCHEME = ["simulator-clock"]

    def __init__(self, clock: Clock) -> None:
        super().__init__(None)
        self._clock = clock
        self._counts: dict[str, int] = {}
        self._expiries: dict[str, float] = {}
        self._lock = threading.Lock()

    @property
    def base_exceptions(self) -> type[Exception]:
        return ValueError

    def _expire(self, key: str, now: float) -> None:
        if self._expiries.get(key, 0.0) <= now:
            self._counts.pop(key, None)
            self._expiries.pop(key, None)

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        with self._lock:
            now = self._clock.timestamp()
            self._expire(key, now)
            if key not in self._counts:
                self._expiries[key] = now + expiry
            self._counts[key] = self._counts.get(key, 0) + amount
            return self._counts[key]

    def get(self, key: str) -> int:
        with self._lock:
            self._expire(key, self._clock.timestamp())
            return self._counts.get(key, 0)

    def get_expiry(self, key: str) -> float:
        with self._lock:
            return self._expiries.get(key, self._clock.timestamp())

    def check(self) -> bool:
        return True

    def reset(self) -> int | None:
        with self._lock:
            cleared = len(self._counts)
            self._counts.clear()
            self._expiries.clear()
            return cleared

    def clear(self, key: str) -> None:
        with self._lock:
            self._counts.pop(key, None)
            self._expiries.pop(key, None)


@dataclass(frozen=True)
class RatePolicy:
    """Named windows, e.g. RatePolicy.parse("3/second;180/minute") for one vendor."""

    items: tuple[RateLimitItem, ...]

    @classmethod
    def parse(cls, text: str) -> RatePolicy:
        return cls(tuple(parse_many(text)))

    def describe(self) -> str:
        return ", ".join(str(item) for item in self.items)


@dataclass(frozen=True)
class RateDecision:
    allowed: bool
    retry_after: int = 0
    limit: str = ""


class RateLimiter:
    """Counts hits per (namespace, vendor, credential); a refused hit consumes no window."""

    def __init__(self, clock: Clock, enabled: bool = True) -> None:
        self.clock = clock
        self.enabled = enabled
        self._storage = ClockStorage(clock)
        self._strategy = FixedWindowRateLimiter(self._storage)
        self._lock = threading.Lock()

    def hit(self, policy: RatePolicy, *identity: str) -> RateDecision:
        if not self.enabled:
            return RateDecision(True)
        with self._lock:
            for item in policy.items:
                if not self._strategy.test(item, *identity):
                    reset_at = self._strategy.get_window_stats(item, *identity).reset_time
                    wait = max(1, math.ceil(reset_at - self.clock.timestamp()))
                    return RateDecision(False, wait, str(item))
            for item in policy.items:
                self._strategy.hit(item, *identity)
        return RateDecision(True)

    def reset(self) -> None:
        self._storage.reset()
