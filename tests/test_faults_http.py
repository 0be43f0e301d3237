"""Injected faults on a real `ccsim serve`: dropped connections as clients see them, delays that block nobody else."""

from __future__ import annotations

import http.client
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import suppress
from datetime import datetime
from typing import Any

import pytest
import requests

from tests.conftest import ROBIN_AUTH
from tests.test_server_smoke import Server, running_server

CHATWOOT = {"api_access_token": "demo-chatwoot-admin-token"}
LIST = "/chatwoot/api/v1/accounts/1/conversations"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_server(tmp_path_factory.mktemp("faults"), SIMULATOR_RATE_LIMITS="off") as started:
        yield started


def headers(namespace: str, **extra: str) -> dict[str, str]:
    return {"X-Simulator-Namespace": f"faults-{namespace}", **extra}


def add(server: Server, namespace: str, **rule: Any) -> None:
    response = requests.post(f"{server.url}/__admin/faults", json=rule, headers=headers(namespace), timeout=5)
    assert response.status_code == 201, response.text


def raw_get(server: Server, path: str, extra: dict[str, str]) -> bytes:
    """What the server sends back to a bare socket: bytes until it closes, or ConnectionResetError."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        lines = [f"GET {path} HTTP/1.1", "Host: 127.0.0.1", *(f"{k}: {v}" for k, v in extra.items()), "", ""]
        sock.sendall("\r\n".join(lines).encode())
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
        return received


def test_reset__the_client_sees_a_connection_reset(server: Server) -> None:
    add(server, "reset", vendor="chatwoot", action="reset")

    with pytest.raises(ConnectionResetError):
        raw_get(server, LIST, {**CHATWOOT, **headers("reset")})
    with pytest.raises(requests.ConnectionError):
        requests.get(server.url + LIST, headers={**CHATWOOT, **headers("reset")}, timeout=5)


def test_empty__the_client_sees_the_connection_closed_without_an_answer(server: Server) -> None:
    add(server, "empty", vendor="chatwoot", action="empty")

    assert raw_get(server, LIST, {**CHATWOOT, **headers("empty")}) == b""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    connection.request("GET", LIST, headers={**CHATWOOT, **headers("empty")})
    with pytest.raises(http.client.RemoteDisconnected):
        connection.getresponse()
    connection.close()


def test_dropped_connections__are_journaled_and_the_server_goes_on(server: Server) -> None:
    add(server, "journal", vendor="robin", action="reset", times=1)

    with pytest.raises(requests.ConnectionError):
        requests.post(f"{server.url}/robin/conversations", json={}, headers={**ROBIN_AUTH, **headers("journal")},
                      timeout=5)
    after = requests.post(f"{server.url}/robin/conversations", json={}, headers={**ROBIN_AUTH, **headers("journal")},
                          timeout=5)

    assert after.status_code == 200
    entries = requests.get(f"{server.url}/__admin/requests", headers=headers("journal"), timeout=5).json()["requests"]
    assert [(entry["status"], entry["tags"].get("fault", {}).get("action")) for entry in entries] == [
        (0, "reset"), (200, None)]
    assert requests.get(f"{server.url}/__admin/health", timeout=5).status_code == 200
    assert "Traceback" not in server.errors() and "Error handling request" not in server.errors()


def test_delay__holds_up_neither_its_namespace_nor_others(server: Server) -> None:
    add(server, "slow", vendor="chatwoot", path=LIST, delay_ms=1500)
    finished: dict[str, float] = {}
    started = time.perf_counter()

    def slow() -> None:
        response = requests.get(server.url + LIST, headers={**CHATWOOT, **headers("slow")}, timeout=10)
        assert response.status_code == 200
        finished["slow"] = time.perf_counter() - started

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.2)  # the slow request is waiting now
    same = requests.get(f"{server.url}/chatwoot/api/v1/accounts/1/contacts",
                        headers={**CHATWOOT, **headers("slow")}, timeout=10)
    other = requests.get(server.url + LIST, headers={**CHATWOOT, **headers("other")}, timeout=10)
    quick = time.perf_counter() - started
    thread.join()

    assert (same.status_code, other.status_code) == (200, 200)
    assert quick < 1.2, "a delayed request held up others"
    assert finished["slow"] >= 1.5


def test_prefer__over_http(server: Server) -> None:
    started = time.perf_counter()
    response = requests.get(server.url + LIST, timeout=5,
                            headers={**CHATWOOT, **headers("prefer"), "Prefer": "code=503, delay=300"})

    assert response.status_code == 503
    assert response.json() == {"error": "Service Unavailable"}
    assert time.perf_counter() - started >= 0.3


def test_delays__cannot_take_every_connection(server: Server) -> None:
    request = (f"GET {LIST} HTTP/1.1\r\nHost: 127.0.0.1\r\nPrefer: delay=4000\r\nConnection: close\r\n"
               "X-Simulator-Namespace: faults-flood\r\n\r\n").encode()
    sockets = []
    try:
        for _ in range(150):  # no credentials needed: anyone may ask for a delay
            sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
            sock.sendall(request)
            sockets.append(sock)
        time.sleep(0.5)
        started = time.perf_counter()
        assert requests.get(f"{server.url}/__admin/health", timeout=5).status_code == 200
        assert time.perf_counter() - started < 1.0
        refused = 0
        for sock in sockets:
            sock.settimeout(0.2)
            with suppress(TimeoutError):  # still waiting on its delay
                refused += sock.recv(64).startswith(b"HTTP/1.1 503")
        assert refused == 50  # beyond the 100 delay slots, answered at once
    finally:
        for sock in sockets:
            sock.close()


def test_a_slow_builtin_webshop__holds_up_only_its_own_namespace(tmp_path_factory: pytest.TempPathFactory) -> None:
    message = {"ChannelAccountExternalIdentifier": "customChannel", "ConversationExternalIdentifier": "c1",
               "MessageExternalIdentifier": "m1", "RelationExternalIdentifier": "email@address.com",
               "RelationName": "John", "Content": "Hi!"}
    with running_server(tmp_path_factory.mktemp("webshop"), SIMULATOR_RATE_LIMITS="off",
                        SIMULATOR_OUTBOUND_TIMEOUT="1") as slow_server:
        add(slow_server, "slow", vendor="robin-webshop", delay_ms=8000)
        for namespace in ("slow", "fast"):
            answer = requests.post(f"{slow_server.url}/robin/messages/", json=message, timeout=5,
                                   headers={**ROBIN_AUTH, **headers(namespace)})
            assert answer.status_code == 201, answer.text

        def fetches(namespace: str) -> list[dict[str, Any]]:
            return requests.get(f"{slow_server.url}/__admin/outbox", params={"kind": "robin.dynamic_integration"},
                                headers=headers(namespace), timeout=5).json()["deliveries"]

        deadline = time.monotonic() + 8
        while time.monotonic() < deadline and not all(
                fetches(n) and all(d["state"] != "pending" for d in fetches(n)) for n in ("slow", "fast")):
            time.sleep(0.05)
        fast, slow = fetches("fast"), fetches("slow")
        assert (len(fast), len(slow)) == (2, 1)  # the customer, then their orders once the customer is found
        for delivery in fast:
            took = datetime.fromisoformat(delivery["finished_at"]) - datetime.fromisoformat(delivery["queued_at"])
            assert (delivery["state"], delivery["status"]) == ("delivered", 200), delivery
            assert took.total_seconds() < 0.8, delivery  # not behind the slow namespace's
        for delivery in slow:
            assert delivery["state"] == "failed" and "within 1 s" in delivery["error"], delivery
        assert "Traceback" not in slow_server.errors(), slow_server.errors()
