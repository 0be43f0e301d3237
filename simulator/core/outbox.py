"""Outbound HTTP deliveries: in the background, fair per target, bounded in number, recorded."""

from __future__ import annotations

import itertools
import json
import logging
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from simulator.core.clock import Clock
from simulator.core.deadline import deadline
from simulator.core.journal import redact_headers

log = logging.getLogger(__name__)
MAX_RESPONSE_CHARS = 2048  # of the answer's text kept in the outbox
MAX_REPLY_BYTES = 1_048_576  # of the answer read at most; a larger one fails the delivery
DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass
class Delivery:
    id: int
    kind: str
    method: str
    target: str
    payload: Any
    headers: dict[str, str]
    queued_at: str
    state: str = "pending"  # then delivered, failed or dropped
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
OnReply = Callable[[Delivery, Reply | None], None]
Group = tuple[str, str, int | None]
IN_PROCESS = "in-process"  # the scheme of in-process groups: one per set of extra headers (per namespace)


class DeliveryTimeout(Exception):
    """The receiver did not answer in full within the outbound timeout."""


class ReplyTooLarge(Exception):
    """The receiver's answer is larger than MAX_REPLY_BYTES."""


def http_transport(method: str, url: str, payload: Any, headers: dict[str, str], timeout: float) -> Reply:
    """A real HTTP request; the whole exchange must end within `timeout` and the answer stay within
    MAX_REPLY_BYTES, so a receiver that trickles its answer fails like one that never answers."""
    import requests  # imported on first delivery: keeps start-up short

    ends = time.monotonic() + timeout
    with deadline(timeout, DeliveryTimeout(f"the answer did not arrive in full within {timeout:g} s")):
        response = requests.request(method, url, json=payload, headers=headers, timeout=timeout, stream=True)
        try:
            body = read_bounded(response.raw, ends, timeout)
        except (DeliveryTimeout, ReplyTooLarge) as exc:
            exc.status = response.status_code  # type: ignore[attr-defined]  # the outbox records it
            raise
        finally:
            response.close()
    try:
        body_json = json.loads(body) if body.strip() else None
    except (ValueError, RecursionError):
        body_json = None
    text = body.decode(response.encoding or "utf-8", "replace")
    return Reply(response.status_code, text[:MAX_RESPONSE_CHARS], body_json)


def read_bounded(raw: Any, ends: float, timeout: float) -> bytes:
    """The answer's body, read a socket read at a time until the deadline or MAX_REPLY_BYTES."""
    parts: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > ends:
            raise DeliveryTimeout(f"the answer did not arrive in full within {timeout:g} s")
        chunk = raw.read1(65536, decode_content=True)
        if not chunk:
            return b"".join(parts)
        size += len(chunk)
        if size > MAX_REPLY_BYTES:
            raise ReplyTooLarge(f"the answer is larger than {MAX_REPLY_BYTES} bytes")
        parts.append(chunk)


class _Expired(BaseException):
    """An in-process call's deadline: a BaseException, so the app's own error handlers let it through."""


class WsgiTransport:
    """Delivers to a route of this very app, in process (used for the built-in example webshop)."""

    def __init__(self, app: Any, extra_headers: dict[str, str], alive: Callable[[], bool] | None = None) -> None:
        self.app = app
        self.extra_headers = extra_headers
        self.alive = alive
        self.key = "&".join(f"{name}={value}" for name, value in sorted(extra_headers.items()))

    def __call__(self, method: str, url: str, payload: Any, headers: dict[str, str], timeout: float) -> Reply:
        if self.alive is not None and not self.alive():  # it would land in the namespace's successor
            raise ConnectionAbortedError("its namespace was reset, replaced or deleted while it waited")
        try:
            with deadline(timeout, _Expired()):  # e.g. a delay fault's
                response = self.app.test_client().open(
                    url, method=method, json=payload, headers={**headers, **self.extra_headers}
                )
        except _Expired:
            raise TimeoutError(f"no answer within {timeout:g} s") from None
        text = response.get_data(as_text=True)
        return Reply(response.status_code, text[:MAX_RESPONSE_CHARS], response.get_json(silent=True))


def wsgi_transport(app: Any, extra_headers: dict[str, str], alive: Callable[[], bool] | None = None) -> Transport:
    """A transport to a route of `app`, in process, sending `extra_headers` too; `alive` false: it fails instead."""
    return WsgiTransport(app, extra_headers, alive)


def target_group(target: str, transport: Transport) -> Group:
    """Who receives a delivery: scheme, host and port of its URL; in-process calls, one group per namespace (so a
    slow built-in webshop in one namespace holds up no other)."""
    if isinstance(transport, WsgiTransport):
        return IN_PROCESS, transport.key, None
    try:
        parts = urlsplit(target)
    except ValueError:  # e.g. "http://[::1/x": the delivery will fail; group it by what was written
        return "invalid", target, None
    scheme = parts.scheme.lower()
    try:
        port = parts.port or DEFAULT_PORTS.get(scheme)
    except ValueError:  # a malformed port: the delivery will fail; group it by what was written
        return scheme, parts.netloc.lower(), None
    return scheme, parts.hostname or "", port


class OutboxLog:
    """The deliveries of one namespace, newest last, bounded; stamped by the namespace's clock (if given)."""

    def __init__(self, size: int, clock: Clock | None = None) -> None:
        self.clock = clock
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


@dataclass(slots=True)
class _Job:
    """A queued delivery and what it takes to make it; forgotten once made or dropped."""

    delivery: Delivery
    headers: dict[str, str]
    transport: Transport
    on_reply: OnReply | None
    group: Group
    log: OutboxLog


class Outbox:
    """Makes deliveries in the background, fairly and within bounds; `join` lets tests wait without sleeping.

    Each target (see `target_group`) gets its deliveries in queue order, one at a time; up to
    `concurrency` targets are served at once, each by a worker thread (a greenlet under gevent) started
    on demand. When all are busy, waiting targets take turns with the served ones, a delivery each,
    so a receiver that never answers holds up only itself. At most `queue_size` deliveries of all
    namespaces wait; a further one drops the oldest waiting delivery, which is recorded as
    `dropped` and never sent.
    """

    def __init__(self, clock: Clock, timeout: float, queue_size: int = 1000, concurrency: int = 64) -> None:
        if queue_size < 1 or concurrency < 1:
            raise ValueError(
                f"outbound queue size ({queue_size}) and concurrency ({concurrency}) must be at least 1"
            )
        self.clock = clock
        self.timeout = timeout
        self.queue_size = queue_size
        self.concurrency = concurrency
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._settled = threading.Condition(self._lock)
        self._waiting: OrderedDict[int, _Job] = OrderedDict()  # every queued job, oldest first
        self._queues: dict[Group, deque[_Job]] = {}  # the queued jobs of each target, oldest first
        self._ready: OrderedDict[Group, None] = OrderedDict()  # targets with queued jobs and no worker
        self._busy: set[Group] = set()  # targets a worker is delivering to right now
        self._workers = 0
        self._unfinished = 0  # queued or under way, callbacks included: what `join` waits for
        self._closed = False

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
        on_reply: OnReply | None = None,
        context: dict[str, Any] | None = None,
    ) -> Delivery:
        """Queue a delivery and return it at once (pending); `on_reply` runs after it was made."""
        headers = dict(headers or {})
        delivery = Delivery(
            id=next(self._ids),
            kind=kind,
            method=method,
            target=target,
            payload=payload,
            headers=redact_headers(headers),
            queued_at=self._clock_of(log_).now().isoformat(),
            context=dict(context or {}),
        )
        log_.add(delivery)
        job = _Job(delivery, headers, transport, on_reply, target_group(target, transport), log_)
        with self._lock:
            self._enqueue(job)
            start_worker = self._claim_worker()
        if start_worker:
            threading.Thread(target=self._work, name="outbox", daemon=True).start()
        return delivery

    def _enqueue(self, job: _Job) -> None:
        if self._closed:
            self._mark_dropped(job, "dropped: the outbox was shut down")
            return
        self._waiting[job.delivery.id] = job
        self._queues.setdefault(job.group, deque()).append(job)
        if job.group not in self._busy:
            self._ready[job.group] = None  # keeps its place when already waiting
        self._unfinished += 1
        while len(self._waiting) > self.queue_size:
            self._drop_oldest(f"dropped: the outbound queue was full ({self.queue_size} pending)")

    def _drop_oldest(self, reason: str) -> None:
        """The oldest waiting job is always the first of its target's queue."""
        _, job = self._waiting.popitem(last=False)
        queue = self._queues[job.group]
        queue.popleft()
        if not queue:
            del self._queues[job.group]
            self._ready.pop(job.group, None)
        self._mark_dropped(job, reason)
        self._settle()

    def cancel(self, log_: OutboxLog, reason: str = "dropped: its namespace was reset, replaced or deleted") -> int:
        """Drop the waiting deliveries recorded in `log_` (a namespace that goes away); those under way finish."""
        with self._lock:
            doomed = [job for job in self._waiting.values() if job.log is log_]
            for job in doomed:
                del self._waiting[job.delivery.id]
                queue = self._queues[job.group]
                queue.remove(job)
                if not queue:
                    del self._queues[job.group]
                    self._ready.pop(job.group, None)
                self._mark_dropped(job, reason)
                self._settle()
        return len(doomed)

    def _mark_dropped(self, job: _Job, reason: str) -> None:
        delivery = job.delivery
        delivery.state = "dropped"
        delivery.error = reason
        delivery.finished_at = self._clock_of(job.log).now().isoformat()

    def _clock_of(self, log_: OutboxLog) -> Clock:
        """The clock a namespace's deliveries are stamped by: its own, else the outbox's."""
        return log_.clock or self.clock

    def _settle(self) -> None:
        self._unfinished -= 1
        if self._unfinished == 0:
            self._settled.notify_all()

    def _claim_worker(self) -> bool:
        if self._ready and self._workers < self.concurrency:
            self._workers += 1
            return True
        return False

    def _work(self) -> None:
        """A worker: makes one delivery at a time, taking turns among targets, until none waits."""
        group: Group | None = None
        while True:
            with self._lock:
                job = self._next_job(group)
            if job is None:
                return
            group = job.group
            try:
                self._run(job.delivery, job.headers, job.transport, job.on_reply, self._clock_of(job.log))
            except Exception:  # never lose a worker: its target and `join` count on it
                log.exception("outbox delivery %s failed unexpectedly", job.delivery.id)
            with self._lock:
                self._settle()

    def _next_job(self, previous: Group | None) -> _Job | None:
        """The next job for a worker that just served `previous`, which goes behind waiting targets."""
        if previous is not None:
            self._busy.discard(previous)
            if previous in self._queues:
                self._ready[previous] = None
        if self._closed or not self._ready:
            self._workers -= 1
            return None
        group, _ = self._ready.popitem(last=False)
        self._busy.add(group)
        queue = self._queues[group]
        job = queue.popleft()
        if not queue:
            del self._queues[group]
        del self._waiting[job.delivery.id]
        return job

    def _run(
        self,
        delivery: Delivery,
        headers: dict[str, str],
        transport: Transport,
        on_reply: OnReply | None,
        clock: Clock,
    ) -> None:
        started = clock.timestamp()
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
            delivery.status = getattr(exc, "status", None)  # an answer that came, too slowly or too large
            delivery.error = f"{type(exc).__name__}: {exc}"
        delivery.finished_at = clock.now().isoformat()
        delivery.duration_ms = round((clock.timestamp() - started) * 1000, 3)
        if on_reply is not None:
            try:
                on_reply(delivery, reply)
            except Exception:
                log.exception("outbox callback for delivery %s failed", delivery.id)

    def join(self, timeout: float = 10.0) -> bool:
        """Wait for every queued delivery (and deliveries they queue); True when all finished."""
        with self._settled:
            return self._settled.wait_for(lambda: self._unfinished == 0, timeout)

    def shutdown(self) -> None:
        """Stop: queued deliveries are dropped, those under way finish, later ones are dropped at once."""
        with self._lock:
            self._closed = True
            while self._waiting:
                self._drop_oldest("dropped: the outbox was shut down")
