"""Outbound deliveries are fair per target and bounded: a slow receiver holds up only itself."""

from __future__ import annotations

import contextlib
import gc
import socket
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from simulator import create_app
from simulator.config import Config
from simulator.core.clock import Clock
from simulator.core.outbox import (
    IN_PROCESS,
    MAX_REPLY_BYTES,
    Delivery,
    Outbox,
    OutboxLog,
    Reply,
    target_group,
    wsgi_transport,
)
from tests.chatwoot.support import ACCOUNT, ADMIN_TOKEN
from tests.conftest import QuietServer, Receiver, SlowReceiver
from tests.core.builders import in_namespace

HOLD_LIMIT = 10.0  # a held server answers by then at the latest, so a failing test cannot hang


class Tracker:
    """Counts the requests in flight over several servers, and the most seen at once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.current = 0
        self.most = 0

    def enter(self) -> None:
        with self._lock:
            self.current += 1
            self.most = max(self.most, self.current)

    def leave(self) -> None:
        with self._lock:
            self.current -= 1


class Probe:
    """A real local HTTP server that logs when each request starts and ends; it may be slow or held."""

    def __init__(self, delay: float = 0.0, held: bool = False, tracker: Tracker | None = None) -> None:
        self.log: list[tuple[str, str]] = []
        self.delay = delay
        self.tracker = tracker or Tracker()
        self.release = threading.Event()
        if not held:
            self.release.set()
        self._changed = threading.Condition()
        probe = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                probe.handle(self.path)
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_POST = _answer

            def log_message(self, *args: Any) -> None:
                return None

        self.server = QuietServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def handle(self, path: str) -> None:
        self.tracker.enter()
        self._note("start", path)
        self.release.wait(HOLD_LIMIT)
        if self.delay:
            threading.Event().wait(self.delay)  # the receiver is slow; the test waits on `join`
        self.tracker.leave()
        self._note("end", path)

    def _note(self, event: str, path: str) -> None:
        with self._changed:
            self.log.append((event, path))
            self._changed.notify_all()

    @property
    def paths(self) -> list[str]:
        return [path for event, path in self.log if event == "start"]

    def wait_for(self, count: int, timeout: float) -> bool:
        """True once `count` requests have arrived."""
        with self._changed:
            return self._changed.wait_for(lambda: len(self.paths) >= count, timeout)

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


class Silent:
    """Accepts connections and never answers: every request to it waits for the outbound timeout."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.connections: list[socket.socket] = []
        self._changed = threading.Condition()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.sock.accept()
            except OSError:
                return
            with self._changed:
                self.connections.append(connection)
                self._changed.notify_all()

    def wait_for(self, count: int, timeout: float) -> bool:
        """True once `count` connections were accepted."""
        with self._changed:
            return self._changed.wait_for(lambda: len(self.connections) >= count, timeout)

    def close(self) -> None:
        """Hang up on everyone: deliveries still waiting on it fail at once (closing twice is fine)."""
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread
        self.sock.close()
        with self._changed:
            for connection in self.connections:
                connection.close()


class Harness:
    """Outboxes and servers of one test, torn down servers first so nothing waits for a timeout."""

    def __init__(self) -> None:
        self.outboxes: list[Outbox] = []
        self.servers: list[Probe | Silent | Receiver] = []

    def outbox(self, timeout: float = 5.0, queue_size: int = 1000, concurrency: int = 16) -> Outbox:
        outbox = Outbox(Clock(), timeout=timeout, queue_size=queue_size, concurrency=concurrency)
        self.outboxes.append(outbox)
        return outbox

    def server(self, server: Any) -> Any:
        self.servers.append(server)
        return server

    def close(self) -> None:
        for server in self.servers:
            server.close()
        for outbox in self.outboxes:
            outbox.shutdown()
            assert outbox.join(timeout=5.0)


@pytest.fixture
def harness() -> Iterator[Harness]:
    made = Harness()
    yield made
    made.close()


def post(outbox: Outbox, log: OutboxLog, url: str, on_reply: Any = None, kind: str = "test") -> Delivery:
    return outbox.send(log, kind=kind, method="POST", target=url, payload={"url": url}, on_reply=on_reply)


def counting(total: int) -> tuple[threading.Event, Callable[[Delivery, Reply | None], None]]:
    """An event set once `total` deliveries have finished, and the callback that counts them."""
    done = threading.Event()
    finished: list[int] = []

    def on_reply(delivery: Delivery, reply: Reply | None) -> None:
        finished.append(delivery.id)
        if len(finished) == total:
            done.set()

    return done, on_reply


def test_fairness__a_never_answering_target_does_not_delay_another(harness: Harness) -> None:
    outbox = harness.outbox(timeout=3.0, concurrency=4)
    silent = harness.server(Silent())
    healthy = harness.server(Probe())
    log = OutboxLog(100)
    stuck = [post(outbox, log, f"{silent.url}/{n}") for n in range(20)]
    done, on_reply = counting(5)

    started = time.perf_counter()
    fast = [post(outbox, log, f"{healthy.url}/{n}", on_reply) for n in range(5)]

    assert done.wait(2.0), [d.state for d in fast]
    assert time.perf_counter() - started < 0.5
    assert [d.state for d in fast] == ["delivered"] * 5
    assert [d.state for d in stuck[1:]] == ["pending"] * 19


def test_fairness__when_every_worker_is_busy_waiting_targets_take_turns(harness: Harness) -> None:
    outbox = harness.outbox(timeout=1.0, concurrency=1)
    silent = harness.server(Silent())
    healthy = harness.server(Probe())
    log = OutboxLog(100)
    stuck = [post(outbox, log, f"{silent.url}/{n}") for n in range(12)]
    done, on_reply = counting(1)

    started = time.perf_counter()
    post(outbox, log, f"{healthy.url}/after", on_reply)

    assert done.wait(2.5)  # one silent delivery times out (1 s), then it is the healthy target's turn
    assert time.perf_counter() - started < 2.0
    assert stuck[0].state == "failed"
    assert [d.state for d in stuck[2:]] == ["pending"] * 10


def test_bound__a_full_queue_drops_the_oldest_pending_delivery_which_is_never_sent(harness: Harness) -> None:
    outbox = harness.outbox(queue_size=3, concurrency=1)
    gate = harness.server(Probe(held=True))
    receiver = harness.server(Receiver())
    log = OutboxLog(100)
    called: list[int] = []

    def on_reply(delivery: Delivery, reply: Reply | None) -> None:
        called.append(delivery.id)

    first = post(outbox, log, f"{gate.url}/first")
    assert gate.wait_for(1, timeout=5.0)  # under way, no longer queued
    queued = [post(outbox, log, f"{receiver.url}/{n}", on_reply) for n in range(4)]
    oldest = queued[0]

    assert oldest.state == "dropped"
    assert oldest.error == "dropped: the outbound queue was full (3 pending)"
    assert oldest.finished_at
    assert [d.state for d in queued[1:]] == ["pending"] * 3
    gate.release.set()
    assert outbox.join(timeout=5.0)
    assert first.state == "delivered"
    assert [r["path"] for r in receiver.requests] == ["/1", "/2", "/3"]
    assert sorted(called) == [d.id for d in queued[1:]]
    assert [(d.id, d.state) for d in log.items()] == [(first.id, "delivered"), (oldest.id, "dropped")] + [
        (d.id, "delivered") for d in queued[1:]
    ]


def test_bound__nothing_is_kept_for_dropped_or_finished_deliveries(harness: Harness) -> None:
    outbox = harness.outbox(queue_size=2, concurrency=1)
    gate = harness.server(Probe(held=True))
    log = OutboxLog(100)
    post(outbox, log, f"{gate.url}/first")
    assert gate.wait_for(1, timeout=5.0)

    class Callback:
        def __call__(self, delivery: Delivery, reply: Reply | None) -> None:
            return None

    callbacks = [Callback() for _ in range(50)]
    refs = [weakref.ref(callback) for callback in callbacks]
    deliveries = [post(outbox, log, f"{gate.url}/{n}", callback) for n, callback in enumerate(callbacks)]
    del callbacks
    gc.collect()

    assert [d.state for d in deliveries].count("dropped") == 48
    assert sum(ref() is not None for ref in refs) == 2  # only what still waits is held
    gate.release.set()
    assert outbox.join(timeout=5.0)
    gc.collect()
    assert all(ref() is None for ref in refs)


def test_order__one_target_gets_its_deliveries_one_at_a_time_in_queue_order(harness: Harness) -> None:
    outbox = harness.outbox(concurrency=4)
    probe = harness.server(Probe(delay=0.02))
    log = OutboxLog(100)

    for n in range(10):
        post(outbox, log, f"{probe.url}/{n}")
    assert outbox.join(timeout=5.0)

    assert probe.log == [(event, f"/{n}") for n in range(10) for event in ("start", "end")]


def test_concurrency__at_most_the_configured_number_of_targets_at_once(harness: Harness) -> None:
    outbox = harness.outbox(concurrency=3)
    tracker = Tracker()
    probes = [harness.server(Probe(delay=0.1, tracker=tracker)) for _ in range(6)]
    log = OutboxLog(100)

    for n in range(2):
        for probe in probes:
            post(outbox, log, f"{probe.url}/{n}")
    assert outbox.join(timeout=5.0)

    assert tracker.most == 3
    assert all(probe.paths == ["/0", "/1"] for probe in probes)
    assert [d.state for d in log.items()] == ["delivered"] * 12


def test_join__waits_for_a_long_chain_of_deliveries_queued_by_callbacks(harness: Harness) -> None:
    outbox = harness.outbox()
    receiver = harness.server(Receiver())
    log = OutboxLog(200)
    links = 150

    def next_link(delivery: Delivery, reply: Reply | None) -> None:
        number = int(delivery.target.rsplit("/", 1)[1])
        if number + 1 < links:
            post(outbox, log, f"{receiver.url}/{number + 1}", next_link)

    post(outbox, log, f"{receiver.url}/0", next_link)

    assert outbox.join(timeout=10.0)
    assert [r["path"] for r in receiver.requests] == [f"/{n}" for n in range(links)]
    assert {d.state for d in log.items()} == {"delivered"}


def test_shutdown__drops_what_waits_and_what_comes_later(harness: Harness) -> None:
    outbox = harness.outbox(concurrency=1)
    gate = harness.server(Probe(held=True))
    log = OutboxLog(100)
    under_way = post(outbox, log, f"{gate.url}/0")
    assert gate.wait_for(1, timeout=5.0)
    waiting = post(outbox, log, f"{gate.url}/1")

    outbox.shutdown()
    later = post(outbox, log, f"{gate.url}/2")
    gate.release.set()

    assert outbox.join(timeout=5.0)
    assert under_way.state == "delivered"
    assert (waiting.state, waiting.error) == ("dropped", "dropped: the outbox was shut down")
    assert (later.state, later.error) == ("dropped", "dropped: the outbox was shut down")
    assert gate.paths == ["/0"]


def test_target_group__scheme_host_and_port_with_in_process_calls_apart() -> None:
    def http(method: str, url: str, payload: Any, headers: dict[str, str], timeout: float) -> Reply:
        return Reply(200, "")

    assert target_group("http://Example.com/a?x=1", http) == ("http", "example.com", 80)
    assert target_group("http://example.com:80/b", http) == target_group("http://example.com/c", http)
    assert target_group("https://example.com/a", http) == ("https", "example.com", 443)
    assert target_group("http://example.com:8080/a", http) == ("http", "example.com", 8080)
    assert target_group("/robin/webshop/customers", wsgi_transport(object(), {})) == (IN_PROCESS, "", None)
    one, other = ({"X-Simulator-Namespace": name} for name in ("a", "b"))
    assert target_group("/robin/webshop/customers", wsgi_transport(object(), one)) != target_group(
        "/robin/webshop/customers", wsgi_transport(object(), other))  # a slow one holds up no other namespace


# ---- through the API: Chatwoot webhooks of two namespaces ------------------------------------------


@pytest.fixture
def bounded_app() -> Iterator[Flask]:
    config = Config(rate_limits=False, outbound_timeout=3.0, outbound_queue_size=3, outbound_concurrency=4)
    application = create_app(config, clock=Clock())
    yield application
    application.extensions["simulator"].outbox.shutdown()


def chatwoot_call(client: FlaskClient, path: str, body: dict[str, Any], namespace: str) -> Any:
    headers = {"api_access_token": ADMIN_TOKEN, **in_namespace(namespace)}
    response = client.post(path, json=body, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def create_contact(client: FlaskClient, name: str, namespace: str) -> None:
    chatwoot_call(client, f"{ACCOUNT}/contacts", {"name": name, "email": f"{name}@example.com"}, namespace)


def outbox_states(client: FlaskClient, namespace: str) -> list[tuple[str, str]]:
    response = client.get("/__admin/outbox", headers=in_namespace(namespace))
    return [(d["payload"]["name"], d["state"]) for d in response.get_json()["deliveries"]]


def test_api__a_stuck_namespace_neither_delays_another_nor_grows_the_queue(
    bounded_app: Flask, harness: Harness
) -> None:
    client = bounded_app.test_client()
    runtime = bounded_app.extensions["simulator"]
    silent = harness.server(Silent())
    healthy = harness.server(Probe())
    for namespace, url in (("stuck", silent.url), ("healthy", healthy.url)):
        chatwoot_call(client, f"{ACCOUNT}/webhooks", {"url": f"{url}/", "subscriptions": ["contact_created"]},
                      namespace)
    create_contact(client, "s0", "stuck")
    assert silent.wait_for(1, timeout=5.0)
    for name in ("s1", "s2", "s3"):
        create_contact(client, name, "stuck")

    started = time.perf_counter()
    create_contact(client, "h0", "healthy")

    assert healthy.wait_for(1, timeout=2.0)
    assert time.perf_counter() - started < 0.5
    assert outbox_states(client, "stuck") == [("s0", "pending"), ("s1", "dropped"), ("s2", "pending"),
                                              ("s3", "pending")]
    silent.close()
    assert runtime.outbox.join(timeout=5.0)
    assert outbox_states(client, "healthy") == [("h0", "delivered")]
    dropped = client.get("/__admin/outbox", headers=in_namespace("stuck")).get_json()["deliveries"][1]
    assert dropped["error"] == "dropped: the outbound queue was full (3 pending)"
    assert dropped["finished_at"]


def test_timeout__a_receiver_trickling_its_answer_fails_within_the_timeout(harness: Harness) -> None:
    outbox = harness.outbox(timeout=1.0)
    trickle = harness.server(SlowReceiver(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n", b" " * 1000))
    log = OutboxLog(10)
    started = time.perf_counter()

    delivery = post(outbox, log, f"{trickle.url}/slow")

    assert outbox.join(timeout=5.0)
    assert time.perf_counter() - started < 2.5  # the deadline plus at most one socket read
    assert delivery.state == "failed"
    assert "did not arrive in full within 1 s" in delivery.error


def test_bound__an_answer_larger_than_the_reply_limit_fails_without_being_kept(harness: Harness) -> None:
    outbox = harness.outbox(timeout=5.0)
    size = MAX_REPLY_BYTES + 1
    huge = harness.server(SlowReceiver(f"HTTP/1.1 200 OK\r\nContent-Length: {size}\r\n\r\n".encode() + b" " * size))
    log = OutboxLog(10)

    delivery = post(outbox, log, f"{huge.url}/huge")

    assert outbox.join(timeout=5.0)
    assert delivery.state == "failed"
    assert f"larger than {MAX_REPLY_BYTES} bytes" in delivery.error
    assert (delivery.status, delivery.response_body) == (200, "")


@pytest.mark.parametrize("url", ["http://[::1/x", "http://]/x", "http://a@[::1/x", "not a url at all"])
def test_malformed_target__fails_as_a_delivery_and_breaks_nothing(harness: Harness, url: str) -> None:
    outbox = harness.outbox(timeout=1.0)
    log = OutboxLog(10)

    delivery = post(outbox, log, url)

    assert outbox.join(timeout=5.0)
    assert delivery.state == "failed"


def test_cancel__drops_only_the_waiting_deliveries_of_that_log(harness: Harness) -> None:
    outbox = harness.outbox(timeout=3.0, concurrency=1)
    silent = harness.server(Silent())
    gone, kept = OutboxLog(10), OutboxLog(10)
    first = post(outbox, gone, f"{silent.url}/0")
    assert silent.wait_for(1, 2.0)  # under way
    waiting = [post(outbox, gone, f"{silent.url}/{n}") for n in range(1, 4)]
    other = post(outbox, kept, f"{silent.url}/other")

    assert outbox.cancel(gone) == 3

    assert [d.state for d in waiting] == ["dropped"] * 3
    assert all("namespace" in d.error for d in waiting)
    assert (first.state, other.state) == ("pending", "pending")


def test_api__deleting_a_namespace_drops_its_waiting_deliveries(clock: Clock) -> None:
    app = create_app(Config(rate_limits=False, outbound_timeout=3.0, outbound_concurrency=1), clock=clock)
    silent = Silent()
    try:
        client = app.test_client()
        headers = {"api_access_token": ADMIN_TOKEN, **in_namespace("doomed")}
        created = client.post(f"{ACCOUNT}/webhooks", json={"webhook": {"url": f"{silent.url}/hook",
                                                                      "subscriptions": ["contact_created"]}},
                              headers=headers)
        assert created.status_code == 200, created.get_data(as_text=True)
        for number in range(4):
            client.post(f"{ACCOUNT}/contacts", json={"name": f"c{number}"}, headers=headers)
        log = app.extensions["simulator"].registry.get("doomed").outbox
        assert silent.wait_for(1, 2.0)

        assert client.delete("/__admin/namespaces/doomed").status_code == 200

        assert [d.state for d in log.items()][1:] == ["dropped"] * 3
    finally:
        silent.close()
        app.extensions["simulator"].outbox.shutdown()


def test_api__a_malformed_webhook_url_never_breaks_a_write(unlimited_app: Flask) -> None:
    client = unlimited_app.test_client()
    headers = {"api_access_token": ADMIN_TOKEN}
    client.post(f"{ACCOUNT}/webhooks", json={"webhook": {"url": "http://[::1/x"}}, headers=headers)

    response = client.post(f"{ACCOUNT}/contacts", json={"name": "after a bad hook"}, headers=headers)

    assert response.status_code == 200, response.get_data(as_text=True)
