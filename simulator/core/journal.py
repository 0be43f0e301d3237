"""A bounded per-namespace record of the requests the mocked APIs received, secrets redacted."""

from __future__ import annotations

import itertools
import re
import threading
from collections import deque
from dataclasses import dataclass, field
from typing import Any

REDACTED = "***"
SECRET_HEADERS = {"authorization", "api_access_token", "x-api-key", "cookie", "proxy-authorization"}
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


class Journal:
    def __init__(self, size: int) -> None:
        self._entries: deque[JournalEntry] = deque(maxlen=size)
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def next_id(self) -> int:
        return next(self._ids)

    def add(self, entry: JournalEntry) -> None:
        with self._lock:
            self._entries.append(entry)

    def entries(
        self, *, vendor: str | None = None, method: str | None = None, path: str | None = None
    ) -> list[JournalEntry]:
        with self._lock:
            found = list(self._entries)
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


def redact_headers(headers: dict[str, str]) -> dict[str, str]:
    # WSGI turns `api_access_token` into `Api-Access-Token`: compare with `_` and `-` alike.
    secret = {name.replace("_", "-") for name in SECRET_HEADERS}
    return {k: (REDACTED if k.lower().replace("_", "-") in secret else v) for k, v in headers.items()}


def redact_query(query: dict[str, str]) -> dict[str, str]:
    return {k: (REDACTED if SECRET_WORDS.search(k) else v) for k, v in query.items()}


# The words of the pattern in `redact_text`: keep both in step.
SECRET_KEY_WORDS = ("secret", "password", "token", "apikey", "api_key")
_KEY_END = re.compile(r'"\s*:')


def _may_hold_secret_pair(body: str) -> bool:
    """A cheap necessary test for the pattern: some secret word inside a quoted key (`"…word…":`)."""
    if not body.isascii():  # non-ASCII case folding is the pattern's business
        return True
    lowered = body.lower()
    for word in SECRET_KEY_WORDS:
        at = lowered.find(word)
        while at >= 0:
            quote = lowered.find('"', at)
            if quote >= 0 and _KEY_END.match(lowered, quote):
                return True
            at = lowered.find(word, at + 1)
    return False


def redact_text(body: str) -> str:
    """Mask the values of JSON-ish "secret": "…" pairs, then bound the length."""
    if not _may_hold_secret_pair(body):
        return body if len(body) <= MAX_BODY_CHARS else body[:MAX_BODY_CHARS] + "…"
    masked = re.sub(
        r'("(?:[^"]*?)(?:secret|password|token|apikey|api_key)(?:[^"]*?)"\s*:\s*)'
        r'(?:"(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]*)',
        rf'\1"{REDACTED}"',
        body,
        flags=re.I,
    )
    return masked if len(masked) <= MAX_BODY_CHARS else masked[:MAX_BODY_CHARS] + "…"
