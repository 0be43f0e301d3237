"""Empty ROBIN answers carry `Content-Length: 0` and no Content-Type, in the app, on the wire and in the spec."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import pytest
import requests
from flask import Response
from flask.testing import FlaskClient

from simulator.robin.render.empty import empty, without_type
from tests.conftest import ROBIN_AUTH, ROBIN_KEY, WEBSHOP_AUTH
from tests.robin.support import PRESENCE_URL, channel_message, customer, order, voip_event
from tests.test_server_smoke import Server, running_server

TIMEOUT = 10.0


@dataclass(frozen=True)
class Created:
    """A ROBIN operation that answers 201 Created with no body."""

    spec_path: str
    body: Any

    @property
    def url(self) -> str:
        return "/robin" + self.spec_path.replace("{apikey}", ROBIN_KEY)


CREATED = {
    "dynamic customers": Created("/dynamic/customers", {"customers": [customer()]}),
    "dynamic orders": Created("/dynamic/orders", {"orders": [order()]}),
    "legacy customers": Created("/customers", [{"email_address": "legacy@example.com"}]),
    "legacy orders": Created("/orders", [{"order_number": "L1", "email_address": "legacy@example.com"}]),
    "channel message": Created("/messages", channel_message()),
    "voip event": Created("/voip/registerevent/{apikey}", voip_event()),
    "show customer": Created("/showcustomer", {"customer": {"email_address": "email@address.com"}}),
}
# Flask answers OPTIONS itself: 200 with an Allow header and no body.
OPTIONS_PATHS = ["/robin/dynamic/customers", "/robin/conversations", PRESENCE_URL, "/robin/webshop/customers"]


def assert_bare(status: int, headers: Mapping[str, str], body: bytes, expected: int) -> None:
    assert status == expected
    assert headers.get("Content-Length") == "0"
    assert "Content-Type" not in headers
    assert "Transfer-Encoding" not in headers
    assert body == b""


# ---- the app -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", CREATED)
def test_created__empty_body_without_content_type(free_robin: FlaskClient, name: str) -> None:
    operation = CREATED[name]

    response = free_robin.post(operation.url, json=operation.body)

    assert_bare(response.status_code, response.headers, response.data, 201)


@pytest.mark.parametrize("path", OPTIONS_PATHS)
def test_options__empty_body_without_content_type(client: FlaskClient, path: str) -> None:
    response = client.options(path)

    assert_bare(response.status_code, response.headers, response.data, 200)
    assert "OPTIONS" in response.headers["Allow"]


def test_created__journaled_with_an_empty_body(free_robin: FlaskClient) -> None:
    operation = CREATED["dynamic customers"]
    free_robin.post(operation.url, json=operation.body)

    [entry] = free_robin.get("/__admin/requests", query_string={"path": operation.url}).get_json()["requests"]

    assert entry["status"] == 201
    assert (entry["response_body"], entry["response_body_size"]) == ("", 0)


def test_answers_with_a_body__keep_their_content_type(free_robin: FlaskClient) -> None:
    listed = free_robin.post("/robin/conversations", json={})
    presence = free_robin.get(PRESENCE_URL, query_string={"apikey": ROBIN_KEY, "Channel": "Chat"})
    shop = free_robin.get("/robin/webshop/customers", query_string={"email": "email@address.com"},
                          headers=WEBSHOP_AUTH)

    assert (listed.status_code, listed.mimetype) == (200, "application/json")
    assert (presence.status_code, presence.mimetype) == (200, "text/plain")
    assert (shop.status_code, shop.mimetype) == (200, "application/json")


def test_head__keeps_the_content_type_of_its_get(client: FlaskClient) -> None:
    response = client.head(PRESENCE_URL, query_string={"apikey": ROBIN_KEY, "Channel": "Chat"})

    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    assert response.headers["Content-Length"] == str(len("Online"))


def test_errors__keep_their_content_type(client: FlaskClient) -> None:
    response = client.post("/robin/dynamic/customers", json={"customers": []})

    assert response.status_code == 401
    assert response.mimetype == "application/json"


def test_empty__builds_a_bare_answer() -> None:
    response = empty(204)

    assert (response.status_code, response.get_data()) == (204, b"")
    assert "Content-Type" not in response.headers


@pytest.mark.parametrize("status", [400, 404, 500])
def test_without_type__leaves_empty_errors_alone(status: int) -> None:
    response = without_type(Response(b"", status))

    assert response.headers["Content-Type"].startswith("text/html")


# ---- the wire ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A real `ccsim serve` (gunicorn, gevent) without rate limits, for what really goes on the wire."""
    with running_server(tmp_path_factory.mktemp("ccsim"), SIMULATOR_RATE_LIMITS="off") as started:
        yield started


@pytest.mark.parametrize("name", CREATED)
def test_created_over_http__no_content_type_on_the_wire(server: Server, name: str) -> None:
    operation = CREATED[name]

    response = requests.post(
        server.url + operation.url,
        json=operation.body,
        headers={**ROBIN_AUTH, "X-Simulator-Namespace": f"empty-{name.replace(' ', '-')}"},
        timeout=TIMEOUT,
    )

    assert_bare(response.status_code, response.headers, response.content, 201)


def test_options_over_http__no_content_type_on_the_wire(server: Server) -> None:
    response = requests.options(server.url + "/robin/messages", timeout=TIMEOUT)

    assert_bare(response.status_code, response.headers, response.content, 200)


# ---- the spec ------------------------------------------------------------------------------


def contentless_successes(spec: dict[str, Any]) -> set[tuple[str, str, str]]:
    """(method, path, status) of every success response the spec documents without content."""
    return {
        (method, path, status)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if isinstance(operation, dict) and "responses" in operation
        for status, response in operation["responses"].items()
        if status.startswith("2") and "content" not in response
    }


@pytest.mark.parametrize("name", CREATED)
def test_spec__created_has_no_content(specs: dict[str, dict[str, Any]], name: str) -> None:
    responses = specs["robin"]["paths"][CREATED[name].spec_path]["post"]["responses"]

    assert responses["201"] == {"description": "Created"}


def test_spec__empty_answers_are_exactly_the_contentless_ones(specs: dict[str, dict[str, Any]]) -> None:
    assert contentless_successes(specs["robin"]) == {("post", c.spec_path, "201") for c in CREATED.values()}
    assert contentless_successes(specs["robin-webshop"]) == set()

