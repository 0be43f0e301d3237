"""Hostile and careless clients against a real `ccsim serve`: no lockouts, no 5xx, no unbounded growth."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.conftest import ROBIN_AUTH, SlowReceiver, basic
from tests.test_server_smoke import HOST, TIMEOUT, Server, running_server

STALL_TIMEOUT = 1.0  # SIMULATOR_BODY_TIMEOUT of this module's server
NAMESPACE = "X-Simulator-Namespace"
OUTBOUND_TIMEOUT = 1.0  # SIMULATOR_OUTBOUND_TIMEOUT of this module's server


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_server(tmp_path_factory.mktemp("hardening"), SIMULATOR_BODY_TIMEOUT=str(STALL_TIMEOUT),
                        SIMULATOR_OUTBOUND_TIMEOUT=str(OUTBOUND_TIMEOUT)) as started:
        yield started


def stalled_request(server: Server, namespace: str, received: list[bytes]) -> socket.socket:
    """Declare 1000 bytes of JSON, send one, and stop: no credentials at all."""
    sock = socket.create_connection((HOST, server.port), timeout=10)
    sock.sendall(
        b"POST /robin/conversations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + f"{NAMESPACE}: {namespace}\r\n".encode()
        + b"Content-Length: 1000\r\n\r\n{"
    )

    def read() -> None:
        while chunk := sock.recv(65536):
            received.append(chunk)

    threading.Thread(target=read, daemon=True).start()
    return sock


def test_stalled_body__does_not_freeze_its_namespace(server: Server) -> None:
    namespace = {NAMESPACE: "stall"}
    assert requests.post(f"{server.url}/__admin/reset", headers=namespace, timeout=TIMEOUT).status_code == 200
    received: list[bytes] = []
    sock = stalled_request(server, "stall", received)
    try:
        time.sleep(0.2)  # the stalled request is in the server before the others start
        started = time.monotonic()
        answers = [
            requests.get(f"{server.url}/__admin/state", headers=namespace, timeout=TIMEOUT),
            requests.post(f"{server.url}/robin/conversations", json={}, headers={**ROBIN_AUTH, **namespace},
                          timeout=TIMEOUT),
            requests.get(f"{server.url}/sinch/cmi/callbacks", headers={**basic("demo-agent", "demo-password"),
                                                                        **namespace}, timeout=TIMEOUT),
            requests.post(f"{server.url}/__admin/reset", headers=namespace, timeout=TIMEOUT),
        ]
        elapsed = time.monotonic() - started
    finally:
        deadline = time.monotonic() + STALL_TIMEOUT + 5
        while not received and time.monotonic() < deadline:
            time.sleep(0.05)
        sock.close()

    assert [answer.status_code for answer in answers] == [200, 200, 200, 200]
    assert elapsed < STALL_TIMEOUT / 2
    answer = b"".join(received).decode("latin-1")
    assert answer.startswith("HTTP/1.1 408"), answer
    assert "did not arrive within 1 s" in answer


def test_trickled_body__ends_in_408_at_the_deadline(server: Server) -> None:
    sock = socket.create_connection((HOST, server.port), timeout=10)
    received: list[bytes] = []
    try:
        sock.sendall(b"POST /chatwoot/api/v1/accounts/1/contacts HTTP/1.1\r\nHost: x\r\n"
                     b"api_access_token: demo-chatwoot-admin-token\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 100\r\n\r\n")
        started = time.monotonic()
        sock.settimeout(0.3)
        while time.monotonic() - started < STALL_TIMEOUT + 5:  # a byte every 0.3 s: never 100 in time
            try:
                sock.sendall(b" ")
                chunk = sock.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                break
            if not chunk:
                break
            received.append(chunk)
        waited = time.monotonic() - started
    finally:
        sock.close()

    answer = b"".join(received).decode("latin-1")
    assert answer.startswith("HTTP/1.1 408"), answer
    assert waited < STALL_TIMEOUT + 2


def test_chunked_body_over_the_limit__is_413(server: Server) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"customers": [], "padding": "'
        for _ in range(40):
            yield b"p" * 65536
        yield b'"}'

    response = requests.post(f"{server.url}/robin/dynamic/customers", data=chunks(), headers={
        **ROBIN_AUTH, "Content-Type": "application/json", NAMESPACE: "chunked"}, timeout=TIMEOUT)

    assert response.status_code == 413
    assert response.json() == {"message": "Request body too large: the limit is 1048576 bytes"}


def test_clock_frozen_ahead_then_reset__robin_answers_again(server: Server) -> None:
    namespace = {NAMESPACE: "clock"}
    admin = f"{server.url}/__admin/clock"
    assert requests.put(admin, json={"now": "2030-01-01T00:00:00Z"}, headers=namespace,
                        timeout=TIMEOUT).status_code == 200
    try:
        for _ in range(3):
            requests.post(f"{server.url}/robin/conversations", json={}, headers={**ROBIN_AUTH, **namespace},
                          timeout=TIMEOUT)
    finally:
        assert requests.delete(admin, headers=namespace, timeout=TIMEOUT).status_code == 200

    response = requests.post(f"{server.url}/robin/conversations", json={}, headers={**ROBIN_AUTH, **namespace},
                             timeout=TIMEOUT)

    assert response.status_code == 200, (response.status_code, response.headers.get("Retry-After"))


def test_clock_past_its_range__is_400_not_500(server: Server) -> None:
    admin = f"{server.url}/__admin/clock"
    try:
        refused = requests.put(admin, json={"now": "9999-06-01T00:00:00Z"}, timeout=TIMEOUT)
        assert requests.put(admin, json={"now": "8999-12-01T00:00:00Z"}, timeout=TIMEOUT).status_code == 200
        advanced = requests.post(f"{admin}/advance", json={"seconds": 86400 * 365}, timeout=TIMEOUT)
    finally:
        requests.delete(admin, timeout=TIMEOUT)

    assert (refused.status_code, advanced.status_code) == (400, 400)
    assert refused.headers["Content-Type"] == "application/problem+json"


def test_refused_requests_in_many_namespaces__build_none(server: Server) -> None:
    def refused(number: int) -> int:
        headers = {"api_access_token": "guessed", NAMESPACE: f"attacker-{number}"}
        return requests.get(f"{server.url}/chatwoot/api/v1/accounts/1/teams", headers=headers,
                            timeout=TIMEOUT).status_code

    with ThreadPoolExecutor(8) as pool:
        statuses = set(pool.map(refused, range(200)))

    names = requests.get(f"{server.url}/__admin/namespaces", timeout=TIMEOUT).json()["namespaces"]
    assert statuses == {401}
    assert not [name for name in names if name.startswith("attacker-")]


def test_long_filter_query__reaches_the_app(server: Server) -> None:
    query = "q=" + "x" * 7000

    response = requests.get(f"{server.url}/chatwoot/api/v1/accounts/1/contacts/search?{query}",
                            headers={"api_access_token": "demo-chatwoot-admin-token"}, timeout=TIMEOUT)

    assert response.status_code == 200
    assert response.json()["payload"] == []


@pytest.mark.parametrize(
    ("path", "headers", "body", "content_type"),
    [
        ("/robin/dynamic/customers", ROBIN_AUTH, "1" * 5000, "application/json"),
        ("/chatwoot/api/v1/accounts/1/contacts", {"api_access_token": "demo-chatwoot-admin-token"},
         '{"name": ' + "9" * 5000 + "}", "application/json"),
        ("/sinch/cmi/callbacks", basic("demo-agent", "demo-password"),
         '<?xml version="1.0" encoding="UTF-7"?><callback/>', "application/xml"),
        ("/sinch/cmi/callbacks", basic("demo-agent", "demo-password"),
         '<?xml version="1.0" encoding="EBCDIC"?><callback/>', "application/xml"),
    ],
)
def test_unparseable_bodies__are_400(server: Server, path: str, headers: dict[str, str], body: str,
                                     content_type: str) -> None:
    response = requests.post(f"{server.url}{path}", data=body.encode(),
                             headers={**headers, "Content-Type": content_type, NAMESPACE: "bodies"}, timeout=TIMEOUT)

    assert response.status_code == 400, response.text


def test_state_export_over_one_mib__imports_back(server: Server) -> None:
    exported = requests.get(f"{server.url}/__admin/state", timeout=TIMEOUT).json()
    text = json.dumps(exported, indent=12)  # as large as a busy world's export
    assert len(text) > 1_048_576

    response = requests.put(f"{server.url}/__admin/state", data=text, timeout=TIMEOUT,
                            headers={"Content-Type": "application/json", NAMESPACE: "imported"})

    assert response.status_code == 200, response.text[:300]
    assert response.json()["vendors"] == exported["vendors"]


def test_webhook_to_a_receiver_trickling_its_headers__fails_within_the_timeout(server: Server) -> None:
    receiver = SlowReceiver(trickle=b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 200)  # headers that never end
    headers = {"api_access_token": "demo-chatwoot-admin-token", NAMESPACE: "trickle"}
    api = f"{server.url}/chatwoot/api/v1/accounts/1"
    try:
        created = requests.post(f"{api}/webhooks", json={"webhook": {"url": f"{receiver.url}/hook",
                                                                     "subscriptions": ["contact_created"]}},
                                headers=headers, timeout=TIMEOUT)
        assert created.status_code == 200, created.text
        assert requests.post(f"{api}/contacts", json={"name": "slow"}, headers=headers,
                             timeout=TIMEOUT).status_code == 200
        deadline = time.monotonic() + OUTBOUND_TIMEOUT + 5
        deliveries: list[dict] = []
        while time.monotonic() < deadline:
            deliveries = requests.get(f"{server.url}/__admin/outbox", headers={NAMESPACE: "trickle"},
                                      timeout=TIMEOUT).json()["deliveries"]
            if deliveries and deliveries[0]["state"] != "pending":
                break
            time.sleep(0.1)
    finally:
        receiver.close()

    (delivery,) = deliveries
    assert delivery["state"] == "failed", delivery
    assert "within 1 s" in delivery["error"]
    assert delivery["duration_ms"] < (OUTBOUND_TIMEOUT + 1) * 1000
