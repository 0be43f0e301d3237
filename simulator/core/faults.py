"""Injected faults: a namespace's rules and the `Prefer` header make matching requests slow, fail or drop."""

from __future__ import annotations

import contextlib
import errno
import itertools
import random
import re
import socket
import struct
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from fnmatch import fnmatchcase
from typing import Any

from simulator.core.errors import ApiError, ProblemError

ACTIONS = ("reset", "empty")  # a connection reset (TCP RST), or closed without a byte of answer
MAX_DELAY_MS = 60_000
MAX_RULES = 100  # per namespace: rules are for tests, and every request of the namespace reads them
MAX_DELAYED = 100  # requests waiting on injected delays at once, server-wide: the others keep connections free
DROP_KEY = "simulator.fault.drop"  # WSGI environ: the connection to drop after the app has run


@dataclass
class FaultRule:
    """What to do to the requests a rule matches: fail with `status`, wait, or drop the connection."""

    id: int
    vendor: str | None = None
    method: str | None = None
    path: str = "*"  # a glob over the request path, e.g. /robin/conversations*
    status: int | None = None
    delay_ms: int | None = None
    delay_max_ms: int | None = None  # with delay_ms: a delay drawn uniformly between the two
    action: str | None = None
    probability: float = 1.0
    times: int | None = None  # the next N matching calls; None: every one
    fired: int = 0

    def matches(self, vendor: str, method: str, path: str) -> bool:
        return ((self.vendor is None or self.vendor == vendor)
                and (self.method is None or self.method == method)
                and fnmatchcase(path, self.path))

    @property
    def remaining(self) -> int | None:
        return None if self.times is None else max(0, self.times - self.fired)

    def wire(self) -> dict[str, Any]:
        return {**asdict(self), "remaining": self.remaining}


@dataclass(frozen=True)
class Fault:
    """What happens to one request: a delay first, then a status or a dropped connection (or neither)."""

    source: str  # "rule" or "prefer"
    rule: int | None = None
    status: int | None = None
    delay_ms: float = 0.0
    action: str | None = None

    def mark(self) -> dict[str, Any]:
        """The journal entry's `tags.fault`."""
        return {key: value for key, value in asdict(self).items() if value is not None}


class InjectedFault(ApiError):
    """An injected failure status, answered in the shape of the vendor called."""


class DelaysExhausted(ProblemError):
    """Too many requests wait on injected delays already: the simulator's own 503 (problem+json)."""

    status = 503


class DelaySlots:
    """At most `limit` requests of the whole server wait on injected delays at once.

    Each waiting request holds one of the worker's connections; without a bound, delayed requests
    (`Prefer: delay=` needs no credentials) could take them all and lock every client out.
    """

    def __init__(self, limit: int = MAX_DELAYED) -> None:
        self.limit = limit
        self._taken = 0
        self._lock = threading.Lock()

    def wait(self, milliseconds: float, sleep: Callable[[float], None]) -> None:
        """Sleep `milliseconds` in a slot, or DelaysExhausted at once when every slot is taken."""
        with self._lock:
            if self._taken >= self.limit:
                raise DelaysExhausted(f"{self.limit} requests are waiting on injected delays already; retry later",
                                      headers={"Retry-After": "1"})
            self._taken += 1
        try:
            sleep(milliseconds / 1000)
        finally:
            with self._lock:
                self._taken -= 1


class PreferRefused(ProblemError):
    """A `Prefer: code=` or `delay=` the simulator cannot honour: its own 400 (problem+json)."""

    status = 400


@dataclass
class FaultRules:
    """The rules of one namespace, checked in the order they were added; draws come from the namespace's seed."""

    rng: random.Random
    _rules: list[FaultRule] = field(default_factory=list)
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, spec: dict[str, Any]) -> FaultRule:
        with self._lock:
            if len(self._rules) >= MAX_RULES:
                raise ProblemError(f"A namespace holds at most {MAX_RULES} fault rules: delete some first",
                                  status=409, details={"body": [f"at most {MAX_RULES} rules"]})
            rule = FaultRule(id=next(self._ids), **spec)
            self._rules.append(rule)
            return rule

    def rules(self) -> list[FaultRule]:
        with self._lock:
            return list(self._rules)

    def remove(self, rule_id: int) -> bool:
        with self._lock:
            kept = [rule for rule in self._rules if rule.id != rule_id]
            found = len(kept) < len(self._rules)
            self._rules = kept
            return found

    def clear(self) -> int:
        with self._lock:
            count = len(self._rules)
            self._rules = []
            return count

    def draw(self, vendor: str, method: str, path: str) -> Fault | None:
        """The fault of the first rule that matches, has calls left and wins its probability draw."""
        if not self._rules:
            return None
        with self._lock:
            for rule in self._rules:
                if rule.remaining == 0 or not rule.matches(vendor, method, path):
                    continue
                if rule.probability < 1 and self.rng.random() >= rule.probability:
                    continue
                rule.fired += 1
                delay = float(rule.delay_ms or 0)
                if rule.delay_max_ms is not None:
                    delay = round(self.rng.uniform(delay, rule.delay_max_ms), 3)
                return Fault("rule", rule.id, rule.status, delay, rule.action)
        return None


PREFERENCE = re.compile(r"^\s*([A-Za-z][\w-]*)\s*(?:=\s*(\"[^\"]*\"|[^;,\s]*))?")


def preferred_fault(values: Iterable[str]) -> Fault | None:
    """The fault that `Prefer` headers ask for (Prism's `code=503`, `delay=250` in milliseconds), or None.

    Preferences are comma-separated, in one header or several (RFC 7240); others (`return=minimal`) are
    left alone. A code outside 400-599 or a delay that is not 0 to MAX_DELAY_MS raises PreferRefused.
    """
    wanted: dict[str, str] = {}
    for value in values:
        for part in value.split(","):
            found = PREFERENCE.match(part)
            if found and found.group(1).lower() in ("code", "delay"):
                wanted.setdefault(found.group(1).lower(), (found.group(2) or "").strip('"'))
    if not wanted:
        return None
    status = delay = None
    if "code" in wanted:
        status = _bounded(wanted["code"], 400, 599, "code", "an HTTP status from 400 to 599")
    if "delay" in wanted:
        delay = _bounded(wanted["delay"], 0, MAX_DELAY_MS, "delay", f"milliseconds from 0 to {MAX_DELAY_MS}")
    return Fault("prefer", status=status, delay_ms=float(delay or 0))


def _bounded(raw: str, low: int, high: int, name: str, expected: str) -> int:
    if not (raw.isascii() and raw.isdigit()) or not low <= int(raw) <= high:  # "²" is a digit int() refuses
        raise PreferRefused(f"Prefer: {name}={raw} is not {expected}",
                            details={"Prefer": [f"{name}: expected {expected}"]})
    return int(raw)


FaultText = Callable[[int], str]  # the message of an injected status, in the vendor's words


class ConnectionDropped(ConnectionError):
    """Raised to the caller of the WSGI app when there is no socket to drop (a test client)."""


class FaultDropper:
    """WSGI middleware: after the app has run, drops the connection of a request whose fault says so.

    Nothing has been written yet (gunicorn sends the status with the first body bytes), so the client gets
    a TCP reset (`reset`: SO_LINGER 0, then the server's close) or a connection closed without a byte
    (`empty`). The OSError raised tells gunicorn the peer is gone, which it ignores quietly.
    """

    def __init__(self, app: Callable[..., Any]) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        body = self.app(environ, start_response)
        action = environ.get(DROP_KEY)
        if action is None:
            return body
        if hasattr(body, "close"):
            body.close()
        sock = environ.get("gunicorn.socket")
        if sock is None:
            raise ConnectionDropped(f"injected fault: connection {action}")
        if action == "reset":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            raise ConnectionResetError(errno.ECONNRESET, "injected fault: connection reset")
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        raise BrokenPipeError(errno.EPIPE, "injected fault: empty reply")
