"""Request bodies are read in full, size-checked and time-limited before the app runs."""

from __future__ import annotations

import gc
import io
import json
import platform
import socket
import time
import tracemalloc
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from simulator import create_app
from simulator.config import Config
from simulator.core.body import (
    BODY_TIMEOUT_KEY,
    RELEASE_AFTER_BYTES,
    BodyBuffer,
    BodyError,
    BodyRefused,
    release_memory,
)
from simulator.core.clock import Clock
from tests.conftest import ROBIN_AUTH
from tests.core.builders import assert_problem, export, in_namespace

MiB = 1_048_576


class Recorder:
    """A WSGI app that keeps the environ it was called with and the body it could read."""

    def __init__(self) -> None:
        self.environ: dict[str, Any] = {}
        self.body = b""
        self.refused: BodyRefused | None = None

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        self.environ = environ
        try:
            self.body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        except BodyRefused as refused:
            self.refused = refused
        start_response("200 OK", [])
        return [b""]


class Trickle(io.RawIOBase):
    """A chunked request body as a server hands it over: `total` bytes in reads of `step`."""

    def __init__(self, total: int, step: int = 1000) -> None:
        self.left, self.step = total, step

    def read(self, size: int = -1) -> bytes:
        count = min(self.left, self.step if size < 0 else min(size, self.step))
        self.left -= count
        return b" " * count


def call(buffer: BodyBuffer, **environ: Any) -> dict[str, Any]:
    base = {"REQUEST_METHOD": "POST", "PATH_INFO": "/x", "wsgi.input": io.BytesIO(b"")}
    buffer(base | environ, lambda *args: None)
    return base | environ


def test_declared_length__is_read_in_full_before_the_app() -> None:
    app = Recorder()

    call(BodyBuffer(app, max_bytes=100, timeout=1), CONTENT_LENGTH="5", **{"wsgi.input": io.BytesIO(b"hello")})

    assert app.body == b"hello"
    assert (app.refused, app.environ.get(BODY_TIMEOUT_KEY)) == (None, None)


def test_declared_length_over_the_limit__is_refused_unread() -> None:
    app, stream = Recorder(), io.BytesIO(b"x" * 200)

    call(BodyBuffer(app, max_bytes=100, timeout=1), CONTENT_LENGTH="200", **{"wsgi.input": stream})

    assert app.refused is not None
    assert (app.refused.status, app.refused.message) == (413, "Request body too large: the limit is 100 bytes")
    assert (app.body, stream.tell()) == (b"", 0)


def test_chunked_body_over_the_limit__is_413_not_cut() -> None:
    app = Recorder()

    call(BodyBuffer(app, max_bytes=MiB, timeout=1), HTTP_TRANSFER_ENCODING="chunked",
         **{"wsgi.input": Trickle(2 * MiB)})

    assert app.refused is not None and app.refused.status == 413
    assert app.body == b""


def test_chunked_body_within_the_limit__arrives_whole_with_its_length() -> None:
    app = Recorder()

    call(BodyBuffer(app, max_bytes=MiB, timeout=1), HTTP_TRANSFER_ENCODING="chunked",
         **{"wsgi.input": Trickle(5000)})

    assert len(app.body) == 5000
    assert app.environ["CONTENT_LENGTH"] == "5000"
    assert "HTTP_TRANSFER_ENCODING" not in app.environ


def test_a_route_may_have_its_own_limit() -> None:
    app = Recorder()
    buffer = BodyBuffer(app, max_bytes=10, timeout=1, limits={("PUT", "/big"): 1000})

    call(buffer, REQUEST_METHOD="PUT", PATH_INFO="/big", CONTENT_LENGTH="500",
         **{"wsgi.input": io.BytesIO(b"y" * 500)})

    assert len(app.body) == 500


def test_content_length_that_is_not_a_number__is_400() -> None:
    app = Recorder()

    call(BodyBuffer(app, max_bytes=10, timeout=1), CONTENT_LENGTH="ten")

    assert app.refused is not None and app.refused.status == 400


def test_body_that_stalls__times_out_at_once_and_stops_reading_the_socket() -> None:
    app = Recorder()
    server_side, client_side = socket.socketpair()
    client_side.sendall(b"{")
    try:
        started = time.monotonic()
        call(BodyBuffer(app, max_bytes=100, timeout=0.3), CONTENT_LENGTH="50",
             **{"wsgi.input": server_side.makefile("rb"), "gunicorn.socket": server_side})
        waited = time.monotonic() - started

        assert app.environ[BODY_TIMEOUT_KEY] == BodyError(408, "The request body did not arrive within 0.3 s")
        assert (app.body, app.refused) == (b"", None)
        assert 0.3 <= waited < 2
        assert server_side.recv(10) == b""  # the read side is shut: the server closes the connection
    finally:
        server_side.close()
        client_side.close()


@pytest.fixture
def small(clock: Clock) -> Iterator[Flask]:
    app = create_app(Config(max_body_bytes=1000, max_state_bytes=64 * MiB, rate_limits=False), clock=clock)
    yield app
    app.extensions["simulator"].outbox.shutdown()


def test_state_import__has_its_own_limit_above_the_body_limit(small: Flask) -> None:
    client = small.test_client()
    snapshot = export(client)
    text = json.dumps(snapshot, indent=2)
    assert len(text) > 1000

    response = client.put("/__admin/state", data=text, content_type="application/json", headers=in_namespace("b"))

    assert response.status_code == 200, response.get_data(as_text=True)


def test_state_import__over_its_own_limit_is_413(clock: Clock) -> None:
    app = create_app(Config(max_state_bytes=2000, rate_limits=False), clock=clock)
    client = app.test_client()
    snapshot = export(client)

    response = client.put("/__admin/state", json=snapshot)

    assert_problem(response, 413, "2000 bytes")
    app.extensions["simulator"].outbox.shutdown()


def test_state_export_over_one_mib__round_trips(unlimited_app: Flask) -> None:
    client = unlimited_app.test_client()
    for number in range(60):
        client.post("/chatwoot/api/v1/accounts/1/conversations/1/messages",
                    json={"content": f"{number} " + "z" * 20_000},
                    headers={"api_access_token": "demo-chatwoot-admin-token"})
    exported = client.get("/__admin/state").get_data()
    assert len(exported) > MiB

    response = client.put("/__admin/state", data=exported, content_type="application/json",
                          headers=in_namespace("copy"))

    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert export(client, "copy")["vendors"] == json.loads(exported)["vendors"]


def test_journal__keeps_a_bounded_prefix_of_each_body_with_its_size(clock: Clock) -> None:
    app = create_app(Config(max_body_bytes=2 * MiB, journal_body_bytes=100, rate_limits=False), clock=clock)
    client = app.test_client()
    body = json.dumps({"customers": [], "padding": "p" * MiB})

    client.post("/robin/dynamic/customers", data=body, content_type="application/json", headers=ROBIN_AUTH)

    (entry,) = client.get("/__admin/requests").get_json()["requests"]
    assert (len(entry["body"]), entry["body_size"], entry["body_truncated"]) == (100, len(body), True)
    assert (entry["response_body_size"], entry["response_body_truncated"]) == (0, False)
    app.extensions["simulator"].outbox.shutdown()


def test_journal__large_bodies_do_not_grow_memory_beyond_the_bound(clock: Clock) -> None:
    """50 bodies of 1 MiB, refused and unauthenticated ones included, keep at most 50 times 4 KiB."""
    app = create_app(Config(max_body_bytes=2 * MiB, rate_limits=False), clock=clock)
    client = app.test_client()
    body = json.dumps({"customers": [], "padding": "p" * MiB})
    client.get("/__admin/requests")  # `default` is built before measuring

    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for number in range(50):
        headers = ROBIN_AUTH if number % 2 else {}
        client.post("/robin/dynamic/customers", data=body, content_type="application/json", headers=headers)
    gc.collect()  # what the requests left behind as garbage is not what the journal keeps
    grown = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()

    assert len(client.get("/__admin/requests").get_json()["requests"]) == 50
    assert grown < 5 * MiB, f"the journal grew memory by {grown} bytes"
    app.extensions["simulator"].outbox.shutdown()


def test_large_body__memory_is_released_after_the_request(monkeypatch: pytest.MonkeyPatch) -> None:
    released: list[int] = []
    monkeypatch.setattr("simulator.core.body.release_memory", lambda: released.append(1))
    app = Recorder()
    buffer = BodyBuffer(app, max_bytes=64 * MiB, timeout=5)

    call(buffer, CONTENT_LENGTH=str(MiB), **{"wsgi.input": io.BytesIO(b"s" * MiB)})
    assert released == []
    call(buffer, CONTENT_LENGTH=str(RELEASE_AFTER_BYTES), **{"wsgi.input": io.BytesIO(b"l" * RELEASE_AFTER_BYTES)})

    assert released == [1]


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="malloc_trim is glibc's")
def test_release_memory__uses_glibc_malloc_trim_where_there_is_glibc() -> None:
    from simulator.core import body

    assert body.GLIBC is not None
    release_memory()


@pytest.mark.parametrize("declared", ["\u00b2", "\u0661\u0662", "1" * 5000])
def test_odd_content_lengths__are_refused_not_crashed_on(declared: str) -> None:
    app = Recorder()

    call(BodyBuffer(app, max_bytes=100, timeout=1), CONTENT_LENGTH=declared)

    assert app.refused is not None and app.refused.status in (400, 413)
