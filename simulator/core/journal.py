"""A bounded per-namespace record of the requests the mocked APIs received, secrets redacted."""

from __future__ import annotations

import itertools
import re
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl

from werkzeug.datastructures import EnvironHeaders

REDACTED = "***"
SECRET_HEADERS = {"authorization", "api_access_token", "x-api-key", "cookie", "proxy-authorization"}
_SECRET_HEADER_KEYS = {name.replace("_", "-") for name in SECRET_HEADERS}
SECRET_WORDS = re.compile(r"(secret|password|token|apikey|api_key|authorization)", re.I)
MAX_BODY_CHARS = 4096


@dataclass
class JournalEntry:
    id: int
    at: str
    vendor: str
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: str
    status: int = 0
    response_body: str = ""
    duration_ms: float = 0.0
    tags: dict[str, Any] = field(default_factory=dict)


@dataclass
class Exchange:
    """A request and its answer as captured on the hot path; redacted only when read."""

    id: int
    at: datetime
    vendor: str
    method: str
    path: str
    raw_path: str
    query_string: bytes
    environ: dict[str, Any]
    body: bytes
    status: int
    response_body: bytes
    duration_ms: float
    redact_path: Callable[[str], str]

    def entry(self) -> JournalEntry:
        return JournalEntry(
            id=self.id,
            at=self.at.isoformat(),
            vendor=self.vendor,
            method=self.method,
            path=self.redact_path(self.path),
            query=redact_query(_first_values(self.query_string)),
            headers=redact_headers(dict(EnvironHeaders(self.environ))),
            body=redact_text(self.body.decode("utf-8", "replace")),
            status=self.status,
            response_body=redact_text(self.response_body.decode("utf-8", "replace")),
            duration_ms=self.duration_ms,
            tags={"raw_path": self.redact_path(self.raw_path)},
        )


class Journal:
    def __init__(self, size: int) -> None:
        self._entries: deque[Exchange] = deque(maxlen=size)
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def next_id(self) -> int:
        return next(self._ids)

    def add(self, exchange: Exchange) -> None:
        with self._lock:
            self._entries.append(exchange)

    def entries(
        self, *, vendor: str | None = None, method: str | None = None, path: str | None = None
    ) -> list[JournalEntry]:
        with self._lock:
            found = [exchange.entry() for exchange in self._entries]
        if vendor:
            found = [e for e in found if e.vendor == vendor]
        if method:
            found = [e for e in found if e.method == method.upper()]
        if path:
            found = [e for e in found if path in e.path]
        return found

    def clear(self) -> int:
        with self._lock:
            count = len(self._entries)
            self._entries.clear()
            return count


def _first_values(query_string: bytes) -> dict[str, str]:
    values: dict[str, str] = {}
    for key, value in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
        values.setdefault(key, value)
    return values


def redact_headers(headers: dict[str, str]) -> dict[str, str]:
    # WSGI turns `api_access_token` into `Api-Access-Token`: compare with `_` and `-` alike.
    return {k: (REDACTED if k.lower().replace("_", "-") in _SECRET_HEADER_KEYS else v) for k, v in headers.items()}


def redact_query(query: dict[str, str]) -> dict[str, str]:
    return {k: (REDACTED if SECRET_WORDS.search(k) else v) for k, v in query.items()}


def redact_text(body: str) -> str:
    """Mask the values of JSON-ish "secret": "…" pairs, then bound the length."""
    masked = re.sub(
        r'("(?:[^"]*?)(?:secret|password|token|apikey|api_key)(?:[^"]*?)"\s*:\s*)'
        r'(?:"(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]*)',
        rf'\1"{REDACTED}"',
        body,
        flags=re.I,
    )
    return masked if len(masked) <= MAX_BODY_CHARS else masked[:MAX_BODY_CHARS] + "…"
