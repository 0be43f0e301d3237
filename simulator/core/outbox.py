"""Outbound HTTP deliveries made in the background and recorded, never blocking their cause."""

from __future__ import annotations

import itertools
import logging
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

from simulator.core.clock import Clock
from simulator.core.journal import redact_headers

log = logging.getLogger(__name__)
MAX_RESPONSE_CHARS = 2048


@dataclass
class Delivery:
    id: int
    kind: str
    method: str
    target: str
    payload: Any
    headers: dict[str, str]
    queued_at: str
    state: str = "pending"
    status: int | None = None
    response_body: str = ""
    error: str = ""
    finished_at: str = ""
    duration_ms: float = 0.0
    context: dict[str, Any] = field(default_factory=dict)


@dataclass
class Reply:
    status: int
    body: str
    json: Any = None


Transport = Callable[[str, str, Any, dict[str, str], float], Reply]


def http_transport(method: str, url: str, payload: Any, headers: dict[str, str], timeout: float) -> Reply:
    import requests  # imported on first delivery: keeps start-up short

    response = requests.request(method, url, json=payload, headers=headers, timeout=timeout)
    try:
        body_json = response.json()
    except ValueError:
        body_json = None
    return Reply(response.status_code, response.text[:MAX_RESPONSE_CHARS], body_json)


def wsgi_transport(app: Any, extra_headers: dict[str, str]) -> Transport:
    """Deliver to a route of this very app, in process (used for the built-in example webshop)."""

    def transport(method: str, url: str, payload: Any, headers: dict[str, str], timeout: float) -> Reply:
        response = app.test_client().open(url, method=method, json=payload, headers={**headers, **extra_headers})
        text = response.get_data(as_text=True)
        return Reply(response.status_code, text[:MAX_RESPONSE_CHARS], response.get_json(silent=True))

    return transport


class OutboxLog:
    """The deliveries of one namespace, newest last, bounded."""

    def __init__(self, size: int) -> None:
        self._items: deque[Delivery] = deque(maxlen=size)
        self._lock = threading.Lock()

    def add(self, delivery: Delivery) -> None:
        with self._lock:
            self._items.append(delivery)

    def items(self, kind: str | None = None) -> list[Delivery]:
        with self._lock:
            found = list(self._items)
        return [d for d in found if kind is None or d.kind == kind]

    def clear(self) -> int:
        with self._lock:
            count = len(self._items)
            self._items.clear()
            return count


class Outbox:
    """Runs deliveries on a small thread pool; `join` lets tests wait without sleeping."""

    def __init__(self, clock: Clock, timeout: float, workers: int = 4) -> None:
        self.clock = clock
        self.timeout = timeout
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="outbox")
        self._pending: set[Future] = set()
        self._lock = threading.Lock()
        self._ids = itertools.count(1)

    def send(
        self,
        log_: OutboxLog,
        *,
        kind: str,
        method: str,
        target: str,
        payload: Any = None,
        headers: dict[str, str] | None = None,
        transport: Transport = http_transport,
        on_reply: Callable[[Delivery, Reply | None], None] | None = None,
        context: dict[str, Any] | None = None,
    ) -> Delivery:
        headers = dict(headers or {})
        delivery = Delivery(
            id=next(self._ids),
            kind=kind,
            method=method,
            target=target,
            payload=payload,
            headers=redact_headers(headers),
            queued_at=self.clock.now().isoformat(),
            context=dict(context or {}),
        )
        log_.add(delivery)
        future = self._executor.submit(self._run, delivery, headers, transport, on_reply)
        with self._lock:
            self._pending.add(future)
        future.add_done_callback(self._forget)
        return delivery

    def _forget(self, future: Future) -> None:
        with self._lock:
            self._pending.discard(future)

    def _run(
        self,
        delivery: Delivery,
        headers: dict[str, str],
        transport: Transport,
        on_reply: Callable[[Delivery, Reply | None], None] | None,
    ) -> None:
        started = self.clock.timestamp()
        reply: Reply | None = None
        try:
            reply = transport(delivery.method, delivery.target, delivery.payload, headers, self.timeout)
            delivery.status = reply.status
            delivery.response_body = reply.body
            delivery.state = "delivered" if 200 <= reply.status < 300 else "failed"
            if delivery.state == "failed":
                delivery.error = f"HTTP {reply.status}"
        except Exception as exc:  # a delivery must never break anything: record and move on
            delivery.state = "failed"
            delivery.error = f"{type(exc).__name__}: {exc}"
        delivery.finished_at = self.clock.now().isoformat()
        delivery.duration_ms = round((self.clock.timestamp() - started) * 1000, 3)
        if on_reply is not None:
            try:
                on_reply(delivery, reply)
            except Exception:
                log.exception("outbox callback for delivery %s failed", delivery.id)

    def join(self, timeout: float = 10.0) -> bool:
        """Wait for every queued delivery (and deliveries they queue); True when all finished."""
        for _ in range(100):
            with self._lock:
                pending = set(self._pending)
            if not pending:
                return True
            _, not_done = wait(pending, timeout=timeout)
            if not_done:
                return False
        return False

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
