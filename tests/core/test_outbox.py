"""Outbound deliveries: made in the background, recorded with their outcome, never blocking."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from simulator import create_app
from simulator.config import Config
from simulator.core.clock import Clock
from simulator.core.outbox import Outbox, OutboxLog, Reply
from simulator.core.runtime import Runtime
from tests.conftest import ROBIN_AUTH, Receiver
from tests.core.builders import channel_message, conversations_of, in_namespace

WEBHOOK = "robin.channel_webhook"
PROFILE_FETCH = "robin.dynamic_integration"


def configure_channel(client: FlaskClient, webhook_url: str, namespace: str = "default") -> None:
    response = client.post(
        "/__admin/robin/channels",
        json={"external_identifier": "hooked", "name": "Hooked", "webhook_url": webhook_url},
        headers=in_namespace(namespace),
    )
    assert response.status_code == 201


def agent_reply(
    client: FlaskClient, content: str = "Agent here", namespace: str = "default"
) -> Any:
    """Inbound message on the hooked channel, then an agent reply: the reply goes to the webhook."""
    headers = in_namespace(namespace)
    email = "outbox.customer@example.com"
    message = channel_message(email, channel="hooked")
    assert client.post("/robin/messages", json=message, headers=headers).status_code == 201
    guid = conversations_of(client, email, namespace)[0]["guid"]
    response = client.post(
        f"/__admin/robin/conversations/{guid}/replies", json={"content": content}, headers=headers
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    return response


def deliveries(client: FlaskClient, kind: str | None = WEBHOOK, namespace: str = "default") -> list:
    query = f"?kind={kind}" if kind else ""
    response = client.get(f"/__admin/outbox{query}", headers=in_namespace(namespace))
    assert response.status_code == 200
    return response.get_json()["deliveries"]


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_webhook__delivered_to_receiver_and_recorded(
    free_robin: FlaskClient, free_runtime: Runtime, receiver: Receiver
) -> None:
    configure_channel(free_robin, receiver.url + "/hook")

    reply = agent_reply(free_robin, "Your parcel left")
    assert free_runtime.outbox.join()

    assert reply.get_json()["delivered_to"] == receiver.url + "/hook"
    (received,) = receiver.requests
    assert received["method"] == "POST"
    assert received["path"] == "/hook"
    assert received["json"]["Content"] == "Your parcel left"
    (delivery,) = deliveries(free_robin)
    assert delivery["state"] == "delivered"
    assert delivery["status"] == 200
    assert delivery["target"] == receiver.url + "/hook"
    assert delivery["method"] == "POST"
    assert delivery["payload"] == received["json"]
    assert delivery["response_body"] == '{"ok": true}'
    assert delivery["error"] == ""
    assert delivery["queued_at"] == "2025-01-15T12:00:00+00:00"
    assert delivery["finished_at"] == "2025-01-15T12:00:00+00:00"
    assert delivery["context"]["conversation_guid"] == received["json"]["ConversationGuid"]


def test_webhook__receiver_error_status_is_recorded_as_failed(
    free_robin: FlaskClient, free_runtime: Runtime, receiver: Receiver
) -> None:
    receiver.status = 500
    receiver.body = {"error": "boom"}
    configure_channel(free_robin, receiver.url + "/hook")

    reply = agent_reply(free_robin)
    assert free_runtime.outbox.join()

    assert reply.status_code == 201
    assert len(receiver.requests) == 1
    (delivery,) = deliveries(free_robin)
    assert delivery["state"] == "failed"
    assert delivery["status"] == 500
    assert delivery["error"] == "HTTP 500"
    assert delivery["response_body"] == '{"error": "boom"}'


def test_webhook__unreachable_target_is_recorded_as_failed_with_error_text(
    free_robin: FlaskClient, free_runtime: Runtime
) -> None:
    target = f"http://127.0.0.1:{closed_port()}/hook"
    configure_channel(free_robin, target)

    reply = agent_reply(free_robin)
    assert free_runtime.outbox.join()

    assert reply.status_code == 201
    (delivery,) = deliveries(free_robin)
    assert delivery["state"] == "failed"
    assert delivery["status"] is None
    assert delivery["error"].startswith("ConnectionError:")
    assert "127.0.0.1" in delivery["error"]


@pytest.fixture
def impatient_app() -> Iterator[Flask]:
    app = create_app(Config(rate_limits=False, outbound_timeout=1.0), clock=Clock())
    yield app
    app.extensions["simulator"].outbox.shutdown()


def test_webhook__slow_target_does_not_block_the_request_and_times_out(
    impatient_app: Flask,
) -> None:
    slow = Receiver(delay=4.0)
    client = impatient_app.test_client()
    client.environ_base.update({"HTTP_AUTHORIZATION": ROBIN_AUTH["Authorization"]})
    runtime: Runtime = impatient_app.extensions["simulator"]
    try:
        configure_channel(client, slow.url + "/slow")
        started = time.perf_counter()
        reply = agent_reply(client)
        elapsed = time.perf_counter() - started
        (pending,) = deliveries(client)

        assert reply.status_code == 201
        assert elapsed < 1.0
        assert pending["state"] == "pending"
        assert runtime.outbox.join()
    finally:
        slow.close()

    (delivery,) = deliveries(client)
    assert delivery["state"] == "failed"
    assert "Timeout" in delivery["error"]
    assert delivery["status"] is None


def test_outbox__kind_filter_and_delete(
    free_robin: FlaskClient, free_runtime: Runtime, receiver: Receiver
) -> None:
    configure_channel(free_robin, receiver.url + "/hook")
    agent_reply(free_robin)
    assert free_runtime.outbox.join()

    everything = deliveries(free_robin, kind=None)
    webhooks = deliveries(free_robin, kind=WEBHOOK)
    fetches = deliveries(free_robin, kind=PROFILE_FETCH)
    assert {d["kind"] for d in everything} == {WEBHOOK, PROFILE_FETCH}
    assert [d["kind"] for d in webhooks] == [WEBHOOK]
    assert fetches and all(d["kind"] == PROFILE_FETCH for d in fetches)
    assert len(everything) == len(webhooks) + len(fetches)
    assert deliveries(free_robin, kind="no.such.kind") == []

    response = free_robin.delete("/__admin/outbox")

    assert response.status_code == 200
    assert response.get_json() == {"cleared": len(everything)}
    assert deliveries(free_robin, kind=None) == []


def test_outbox__is_kept_per_namespace(
    free_robin: FlaskClient, free_runtime: Runtime, receiver: Receiver
) -> None:
    configure_channel(free_robin, receiver.url + "/hook", namespace="a")
    agent_reply(free_robin, namespace="a")
    assert free_runtime.outbox.join()

    assert len(deliveries(free_robin, namespace="a")) == 1
    assert deliveries(free_robin, kind=None, namespace="b") == []
    assert deliveries(free_robin, kind=None) == []


def test_outbox__delivery_headers_are_redacted(free_runtime: Runtime) -> None:
    log = OutboxLog(10)
    seen: dict[str, str] = {}

    def transport(
        method: str, url: str, payload: Any, headers: dict[str, str], timeout: float
    ) -> Reply:
        seen.update(headers)
        return Reply(204, "")

    delivery = free_runtime.outbox.send(
        log,
        kind="test",
        method="POST",
        target="http://example.invalid/x",
        headers={"Authorization": "Basic c2VjcmV0", "X-Trace": "1"},
        transport=transport,
    )
    assert free_runtime.outbox.join()

    assert seen["Authorization"] == "Basic c2VjcmV0"
    assert delivery.headers == {"Authorization": "***", "X-Trace": "1"}
    assert delivery.state == "delivered"
    assert log.items() == [delivery]


def test_outbox__transport_exception_and_callback_failure_are_contained() -> None:
    outbox = Outbox(Clock(), timeout=1.0)
    log = OutboxLog(10)
    replies: list[Any] = []

    def broken(
        method: str, url: str, payload: Any, headers: dict[str, str], timeout: float
    ) -> Reply:
        raise RuntimeError("wire cut")

    def callback(delivery: Any, reply: Any) -> None:
        replies.append(reply)
        raise ValueError("callback bug")

    try:
        first = outbox.send(log, kind="k", method="GET", target="t", transport=broken,
                            on_reply=callback)
        assert outbox.join()
    finally:
        outbox.shutdown()

    assert first.state == "failed"
    assert first.error == "RuntimeError: wire cut"
    assert replies == [None]


def test_outbox_log__is_bounded_and_filters_by_kind() -> None:
    outbox = Outbox(Clock(), timeout=1.0)
    log = OutboxLog(2)

    def ok(method: str, url: str, payload: Any, headers: dict[str, str], timeout: float) -> Reply:
        return Reply(200, "")

    try:
        for kind in ("a", "b", "a"):
            outbox.send(log, kind=kind, method="GET", target="t", transport=ok)
        assert outbox.join()
    finally:
        outbox.shutdown()

    assert [d.kind for d in log.items()] == ["b", "a"]
    assert [d.id for d in log.items("a")] == [3]
    assert log.clear() == 2
    assert log.items() == []


def test_wsgi_transport__of_a_namespace_gone_fails_instead_of_landing_in_its_successor() -> None:
    from simulator.core.outbox import wsgi_transport

    called: list[str] = []

    class App:
        def test_client(self) -> Any:
            called.append("called")
            raise AssertionError("the app must not be called")

    transport = wsgi_transport(App(), {"X-Simulator-Namespace": "gone"}, alive=lambda: False)

    with pytest.raises(ConnectionAbortedError, match="namespace was reset"):
        transport("GET", "/robin/webshop/customer", None, {}, 1.0)
    assert called == []
