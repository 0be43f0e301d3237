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
from urllib.parse import parse_qsl, unquote_plus

from werkzeug.datastructures import EnvironHeaders

REDACTED = "***"
SECRET_HEADERS = {"authorization", "api_access_token", "x-api-key", "cookie", "proxy-authorization"}
_SECRET_HEADER_KEYS = {name.replace("_", "-") for name in SECRET_HEADERS}
SECRET_WORDS = re.compile(r"(secret|password|token|apikey|api_key|authorization)", re.I)
DEFAULT_BODY_BYTES = 4096
MAX_HEADER_CHARS = 1024  # each header value kept in the journal
SIMULATOR_VENDOR = "simulator"  # the journal's `vendor` of the simulator's own events
FORM = "application/x-www-form-urlencoded"


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
    body_size: int = 0  # bytes received; `body` keeps at most SIMULATOR_JOURNAL_BODY_BYTES of them
    body_truncated: bool = False
    response_body_size: int = 0
    response_body_truncated: bool = False


@dataclass
class Kept:
    """At most a bounded prefix of a body, with the size of the whole."""

    data: bytes
    size: int

    @classmethod
    def of(cls, data: bytes, limit: int) -> Kept:
        return cls(data if len(data) <= limit else data[:limit], len(data))

    @property
    def truncated(self) -> bool:
        return len(self.data) < self.size

    def text(self, *, form: bool = False) -> str:
        """The kept bytes as text, secrets masked: form fields (`form`) or JSON-ish pairs."""
        text = self.data.decode("utf-8", "replace")
        return redact_form(text) if form else redact_text(text, cut=self.truncated)


def request_headers(environ: dict[str, Any]) -> dict[str, str]:
    """The request's headers, each value bounded, without holding on to the WSGI environ (or its body)."""
    return {
        key: value if len(value) <= MAX_HEADER_CHARS else value[:MAX_HEADER_CHARS] + "…"
        for key, value in environ.items()
        if isinstance(value, str) and (key.startswith("HTTP_") or key in ("CONTENT_TYPE", "CONTENT_LENGTH"))
    }


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
    headers: dict[str, str]  # WSGI keys (HTTP_ACCEPT, CONTENT_TYPE), from `request_headers`
    body: Kept
    status: int
    response_body: Kept
    duration_ms: float
    redact_path: Callable[[str], str]
    fault: dict[str, Any] | None = None  # what an injected fault did (Fault.mark)

    def entry(self) -> JournalEntry:
        return JournalEntry(
            id=self.id,
            at=self.at.isoformat(),
            vendor=self.vendor,
            method=self.method,
            path=self.redact_path(self.path),
            query=redact_query(_first_values(self.query_string)),
            headers=redact_headers(dict(EnvironHeaders(self.headers))),
            body=self.body.text(form=self.headers.get("CONTENT_TYPE", "").split(";")[0].strip().lower() == FORM),
            status=self.status,
            response_body=self.response_body.text(),
            duration_ms=self.duration_ms,
            tags={"raw_path": self.redact_path(self.raw_path), **({"fault": self.fault} if self.fault else {})},
            body_size=self.body.size,
            body_truncated=self.body.truncated,
            response_body_size=self.response_body.size,
            response_body_truncated=self.response_body.truncated,
        )


@dataclass
class Note:
    """Something the simulator did on its own (e.g. evicting a namespace), listed among the requests."""

    id: int
    at: datetime
    event: str
    details: dict[str, Any]

    def entry(self) -> JournalEntry:
        subject = self.details.get("namespace", "")
        return JournalEntry(
            id=self.id, at=self.at.isoformat(), vendor=SIMULATOR_VENDOR, method="EVENT",
            path=f"/__admin/namespaces/{subject}" if subject else "/__admin", query={}, headers={}, body="",
            tags={"event": self.event, **self.details},
        )


class Journal:
    """The latest `size` entries of one namespace; each body is kept to at most `body_bytes`."""

    def __init__(self, size: int, *, body_bytes: int = DEFAULT_BODY_BYTES) -> None:
        self._entries: deque[Exchange | Note] = deque(maxlen=size)
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self.body_bytes = body_bytes

    def next_id(self) -> int:
        return next(self._ids)

    def keep(self, data: bytes) -> Kept:
        return Kept.of(data, self.body_bytes)

    def add(self, exchange: Exchange | Note) -> None:
        with self._lock:
            self._entries.append(exchange)

    def note(self, at: datetime, event: str, details: dict[str, Any]) -> None:
        self.add(Note(self.next_id(), at, event, details))

    def entries(
        self, *, vendor: str | None = None, method: str | None = None, path: str | None = None
    ) -> list[JournalEntry]:
        with self._lock:
            found = [exchange.entry() for exchange in self._entries]
        if vendor:
            found = [e for e in found if e.vendor == vendor]
        if method:
            found = [e for e in found if e.method == method.upper()]
        if path:  # the path as routed (no trailing slash) or as sent
            found = [e for e in found if path in e.path or path in str(e.tags.get("raw_path", ""))]
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


def redact_form(body: str) -> str:
    """Mask the values of form fields whose names say they are secret (`Authorization=Basic …`, `password=…`)."""

    def field(pair: str) -> str:
        name, separator, _ = pair.partition("=")
        return f"{name}={REDACTED}" if separator and SECRET_WORDS.search(unquote_plus(name)) else pair

    return "&".join(field(pair) for pair in body.split("&"))


def redact_text(body: str, *, cut: bool = False) -> str:
    """Mask the values of JSON-ish "secret": "…" pairs; `cut`: the text was truncated, so a last
    string may have lost its closing quote (its value is masked all the same)."""
    end = r'(?:"|$)' if cut else '"'
    return re.sub(
        r'("(?:[^"]*?)(?:secret|password|token|apikey|api_key|authorization)(?:[^"]*?)"\s*:\s*)'
        rf'(?:"(?:[^"\\]|\\.)*{end}|-?\d[\d.eE+-]*)',
        rf'\1"{REDACTED}"',
        body,
        flags=re.I,
    )
