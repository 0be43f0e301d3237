"""Namespaces are bounded: refused requests build none, a cap evicts idle ones, and they can be deleted."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import Flask
from flask.testing import FlaskClient

from simulator import create_app
from simulator.config import Config
from simulator.core.clock import Clock
from simulator.core.storage import Namespace, NamespaceRegistry
from tests.conftest import FROZEN_AT, ROBIN_AUTH, basic
from tests.core.builders import assert_problem, customer_emails, customers, export, in_namespace

LIMIT = 4  # `default` and three others
CHATWOOT_TEAMS = "/chatwoot/api/v1/accounts/1/teams"

REFUSED = [
    ("post", "/robin/conversations", basic("demo-robin-key", "wrong")),
    ("post", "/robin/conversations", {}),
    ("post", "/robin/voip/registerevent/guessed-key", {}),
    ("get", "/robin/presence/api/v1?apikey=guessed&Channel=Chat", {}),
    ("get", "/robin/webshop/customer?email=a@b.c", basic("demo-webshop-key", "wrong")),
    ("get", "/sinch/cmi/contacts", basic("demo-agent", "wrong")),
    ("get", "/sinch/cmi/contacts", {}),
    ("get", CHATWOOT_TEAMS, {"api_access_token": "guessed"}),
    ("get", CHATWOOT_TEAMS, {}),
    ("get", "/chatwoot/public/api/v1/inboxes/guessed-inbox", {}),
    ("get", "/chatwoot/platform/api/v1/accounts/1", {"api_access_token": "guessed"}),
    ("get", "/robin/no-such-route", ROBIN_AUTH),
]


@pytest.fixture
def small(clock: Clock) -> Iterator[Flask]:
    app = create_app(Config(max_namespaces=LIMIT, rate_limits=False), clock=clock)
    yield app
    app.extensions["simulator"].outbox.shutdown()


def registry(app: Flask) -> NamespaceRegistry:
    return app.extensions["simulator"].registry


def touch(client: FlaskClient, name: str) -> None:
    """An authenticated request: it builds the namespace (or marks it as just used)."""
    response = client.post("/robin/conversations", json={}, headers={**ROBIN_AUTH, **in_namespace(name)})
    assert response.status_code == 200, response.get_data(as_text=True)


@contextmanager
def in_use(*namespaces: Namespace) -> Iterator[None]:
    """Hold the namespaces' locks in another thread, as running requests would."""
    taken, done = threading.Barrier(2), threading.Event()

    def hold() -> None:
        for namespace in namespaces:
            namespace.lock.acquire()
        taken.wait()
        done.wait()
        for namespace in namespaces:
            namespace.lock.release()

    holder = threading.Thread(target=hold)
    holder.start()
    taken.wait()
    try:
        yield
    finally:
        done.set()
        holder.join()


def listing(client: FlaskClient) -> dict:
    response = client.get("/__admin/namespaces")
    assert response.status_code == 200
    return response.get_json()


@pytest.mark.parametrize(("method", "path", "headers"), REFUSED, ids=[f"{m} {p} {sorted(h)}" for m, p, h in REFUSED])
def test_refused_request__builds_no_namespace(
    small: Flask, method: str, path: str, headers: dict[str, str]
) -> None:
    client = small.test_client()

    response = getattr(client, method)(path, headers={**headers, **in_namespace("stranger")}, json=None)

    assert 400 <= response.status_code < 500, response.get_data(as_text=True)
    assert registry(small).find("stranger") is None
    assert "stranger" not in listing(client)["namespaces"]


def test_refused_request__is_journaled_where_the_namespace_exists(small: Flask) -> None:
    client = small.test_client()
    touch(client, "known")

    client.post("/robin/conversations", json={}, headers={**basic("demo-robin-key", "wrong"), **in_namespace("known")})

    entries = client.get("/__admin/requests", headers=in_namespace("known")).get_json()["requests"]
    statuses = [entry["status"] for entry in entries]
    assert statuses == [200, 401]


def test_authenticated_request__builds_its_namespace(small: Flask) -> None:
    client = small.test_client()

    touch(client, "a")

    assert listing(client)["namespaces"] == ["a", "default"]
    assert listing(client)["max_namespaces"] == LIMIT


def test_new_namespace_beyond_the_limit__evicts_the_least_recently_used(small: Flask, clock: Clock) -> None:
    client = small.test_client()
    for name in ("a", "b", "c"):
        touch(client, name)
    touch(client, "a")  # b is now the least recently used

    touch(client, "d")

    body = listing(client)
    assert body["namespaces"] == ["a", "c", "d", "default"]
    assert [(e["namespace"], e["at"]) for e in body["evicted"]] == [("b", FROZEN_AT.isoformat())]
    (note,) = client.get("/__admin/requests?vendor=simulator").get_json()["requests"]
    assert (note["method"], note["path"]) == ("EVENT", "/__admin/namespaces/b")
    assert note["tags"]["event"] == "namespace_evicted"
    assert note["tags"]["namespace"] == "b"


def test_evicted_namespace__comes_back_fresh_from_the_default_seed(small: Flask) -> None:
    client = small.test_client()
    client.post("/robin/dynamic/customers", json=customers("kept@example.com"),
                headers={**ROBIN_AUTH, **in_namespace("a")})
    assert client.post("/__admin/seed", json={"seed": 5}, headers=in_namespace("a")).status_code == 200
    for name in ("b", "c", "d"):
        touch(client, name)

    state = export(client, "a")

    assert state["seed"] == small.extensions["simulator"].config.seed
    assert "kept@example.com" not in customer_emails(state)


def test_busy_namespace__is_never_evicted(small: Flask) -> None:
    client = small.test_client()
    for name in ("a", "b", "c"):
        touch(client, name)
    with in_use(registry(small).get("a")):  # a request of `a` is running
        touch(client, "d")

    assert listing(client)["namespaces"] == ["a", "c", "d", "default"]


def test_every_namespace_busy__a_new_one_gets_503(small: Flask) -> None:
    client = small.test_client()
    for name in ("a", "b", "c"):
        touch(client, name)
    with in_use(*(registry(small).get(name) for name in ("a", "b", "c"))):
        response = client.post("/robin/conversations", json={}, headers={**ROBIN_AUTH, **in_namespace("d")})

    assert_problem(response, 503, "SIMULATOR_MAX_NAMESPACES")
    assert response.headers["Retry-After"] == "1"
    assert "d" not in listing(client)["namespaces"]


def test_state_import__into_a_new_namespace_counts_against_the_limit(small: Flask) -> None:
    client = small.test_client()
    snapshot = export(client)
    for name in ("a", "b", "c"):
        touch(client, name)

    assert client.put("/__admin/state", json=snapshot, headers=in_namespace("e")).status_code == 200

    assert len(listing(client)["namespaces"]) == LIMIT
    assert [e["namespace"] for e in listing(client)["evicted"]] == ["a"]


def test_delete_namespace__drops_it_and_its_journal(small: Flask) -> None:
    client = small.test_client()
    touch(client, "a")

    response = client.delete("/__admin/namespaces/a")

    assert (response.status_code, response.get_json()) == (200, {"deleted": "a"})
    assert "a" not in listing(client)["namespaces"]
    assert registry(small).find("a") is None
    assert client.get("/__admin/requests", headers=in_namespace("a")).get_json()["requests"] == []


def test_delete_namespace__unknown_is_404(small: Flask) -> None:
    response = small.test_client().delete("/__admin/namespaces/never-made")

    assert_problem(response, 404, "never-made")


def test_two_thousand_refused_namespaces__build_nothing(small: Flask) -> None:
    client = small.test_client()
    for number in range(2000):
        client.get(CHATWOOT_TEAMS, headers={"api_access_token": "guessed", **in_namespace(f"n{number}")})

    assert listing(client)["namespaces"] == ["default"]


def test_unlimited_requests_in_many_namespaces__stay_within_the_limit(small: Flask) -> None:
    client = small.test_client()
    for number in range(20):
        touch(client, f"n{number}")

    body = listing(client)
    assert len(body["namespaces"]) == LIMIT
    assert len(body["evicted"]) == 20 - (LIMIT - 1)
