"""ROBIN authentication on every route, and the per-API-key rate limits (3/s, 180/min)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from simulator.core.clock import Clock
from simulator.core.ratelimit import FROZEN_NOTE
from simulator.robin.routes.common import RATES
from tests.conftest import ROBIN_AUTH, ROBIN_KEY, ROBIN_SECRET, basic
from tests.robin.support import PRESENCE_URL, VOIP_URL, basic_auth_routes, conversations

INVALID_AUTH = {"message": "Invalid authorisation data"}
SECOND_KEY = "second-robin-key"
SECOND_SECRET = "second-robin-secret"
BASIC_ROUTES = basic_auth_routes()
ROUTE_IDS = [f"{method} {path}" for method, path in BASIC_ROUTES]
BAD_CREDENTIALS = {
    "missing": {},
    "wrong-secret": basic(ROBIN_KEY, "not-the-secret"),
    "unknown-key": basic("unknown-key", ROBIN_SECRET),
    "empty-credentials": basic("", ""),
    "bearer-scheme": {"Authorization": f"Bearer {ROBIN_KEY}"},
    "garbled-basic": {"Authorization": "Basic !!!not-base64!!!"},
}


def concrete(path: str) -> str:
    """A rule such as /robin/x/<guid> as a requestable path."""
    return re.sub(r"<[^>]+>", "placeholder", path)


def call(
    client: FlaskClient, method: str, path: str, headers: dict[str, str] | None = None
) -> TestResponse:
    return client.open(concrete(path), method=method, json={}, headers=headers or {})


# Every ROBIN endpoint with a request that passes authentication (its body may still be a 400).
ENDPOINTS: dict[str, tuple[str, str, dict[str, str]]] = {
    **{f"{m} {p}": (m, p, ROBIN_AUTH) for m, p in BASIC_ROUTES},
    "voip": ("POST", VOIP_URL, {}),
    "presence": ("GET", f"{PRESENCE_URL}?apikey={ROBIN_KEY}&Channel=Chat", {}),
}


def hit(client: FlaskClient, endpoint: str) -> TestResponse:
    method, path, headers = ENDPOINTS[endpoint]
    return call(client, method, path, headers)


def assert_rate_limited(response: TestResponse) -> None:
    assert response.status_code == 429, response.get_data(as_text=True)
    assert response.headers["Retry-After"] == "1"
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"message"}
    # The tests' clock is frozen, so the message says what ends the window.
    assert body["message"] == f"Rate limit exceeded (3 per 1 second); retry after 1 s. {FROZEN_NOTE}"


@pytest.fixture
def client(limited_app: Flask) -> FlaskClient:
    """These tests are about the rate limits: the app that applies them."""
    return limited_app.test_client()


def add_tenant(client: FlaskClient, key: str = SECOND_KEY, secret: str = SECOND_SECRET) -> None:
    response = client.post("/__admin/robin/tenants", json={"api_key": key, "api_secret": secret})
    assert response.status_code == 201


# ---- authentication ------------------------------------------------------------------------


def test_basic_auth_routes__discovered_from_url_map() -> None:
    """Every ROBIN route but the webshop's, presence and VoIP (keys of their own), sorted."""
    assert BASIC_ROUTES == (
        ("POST", "/robin/conversations"),
        ("POST", "/robin/customers"),
        ("POST", "/robin/dynamic/customers"),
        ("POST", "/robin/dynamic/orders"),
        ("POST", "/robin/messages"),
        ("POST", "/robin/orders"),
        ("POST", "/robin/showcustomer"),
    )


@pytest.mark.parametrize("case", list(BAD_CREDENTIALS))
@pytest.mark.parametrize(("method", "path"), BASIC_ROUTES, ids=ROUTE_IDS)
def test_request__bad_credentials_returns_401(
    client: FlaskClient, method: str, path: str, case: str
) -> None:
    response = call(client, method, path, BAD_CREDENTIALS[case])

    assert response.status_code == 401
    assert response.mimetype == "application/json"
    assert response.get_json() == INVALID_AUTH
    assert response.headers["WWW-Authenticate"].startswith("Basic")


MISSING = "Missing data for required field."


def missing(*fields: str) -> dict[str, Any]:
    """ROBIN's 400 for required fields left out: the first named in the message, every one in `errors`."""
    return {"message": f"Invalid field '{fields[0]}': {MISSING}", "errors": {field: [MISSING] for field in fields}}


LISTED = "POST /robin/conversations"  # answers an empty JSON object with the tenant's newest conversations
# What every other route answers an empty JSON object once past authentication, whichever the tenant: its problems.
REFUSED_EMPTY_OBJECT: dict[str, dict[str, Any]] = {
    "POST /robin/customers": missing("customers"),
    "POST /robin/dynamic/customers": missing("customers"),
    "POST /robin/dynamic/orders": missing("orders"),
    "POST /robin/messages": missing(
        "ChannelAccountExternalIdentifier",
        "ConversationExternalIdentifier",
        "MessageExternalIdentifier",
        "RelationExternalIdentifier",
        "RelationName",
        "Content",
    ),
    "POST /robin/orders": missing("orders"),
    "POST /robin/showcustomer": missing("customer"),
}


def test_past_authentication__lists_every_basic_route() -> None:
    assert {LISTED, *REFUSED_EMPTY_OBJECT} == set(ROUTE_IDS)


def answer_to_an_empty_object(route: str, listed: list[dict[str, Any]]) -> tuple[int, dict[str, Any]]:
    """The status and body past authentication; `listed`: the tenant's first page of conversations."""
    if route == LISTED:
        return 200, {"conversations": listed}
    return 400, REFUSED_EMPTY_OBJECT[route]


@pytest.mark.parametrize(("method", "path"), BASIC_ROUTES, ids=ROUTE_IDS)
def test_request__valid_credentials_pass_authentication(
    client: FlaskClient, shared: FlaskClient, method: str, path: str
) -> None:
    seeded_page = conversations(shared)  # the seeded demo tenant's, from an app without rate limits

    response = call(client, method, path, ROBIN_AUTH)

    status, body = answer_to_an_empty_object(f"{method} {path}", seeded_page)
    assert len(seeded_page) == 20  # a full page
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    assert response.get_json() == body


@pytest.mark.parametrize(("method", "path"), BASIC_ROUTES, ids=ROUTE_IDS)
def test_request__credentials_of_an_added_tenant_are_accepted(
    client: FlaskClient, method: str, path: str
) -> None:
    add_tenant(client)

    accepted = call(client, method, path, basic(SECOND_KEY, SECOND_SECRET))
    crossed = call(client, method, path, basic(SECOND_KEY, ROBIN_SECRET))

    status, body = answer_to_an_empty_object(f"{method} {path}", [])  # a new tenant has no conversations
    assert accepted.status_code == status, accepted.get_data(as_text=True)
    assert accepted.mimetype == "application/json"
    assert accepted.get_json() == body
    assert crossed.status_code == 401
    assert crossed.get_json() == INVALID_AUTH


def test_register_event__unknown_key_in_path_returns_401(client: FlaskClient) -> None:
    response = client.post("/robin/voip/registerevent/unknown-key", json={"Id": "1"})

    assert response.status_code == 401
    assert response.get_json() == INVALID_AUTH
    assert "WWW-Authenticate" not in response.headers  # the key travels in the path, not in Basic


def test_register_event__secret_in_path_is_not_a_key(client: FlaskClient) -> None:
    response = client.post(f"/robin/voip/registerevent/{ROBIN_SECRET}", json={})

    assert response.status_code == 401
    assert response.get_json() == INVALID_AUTH


def test_register_event__unknown_key_is_rejected_before_the_body_is_read(
    client: FlaskClient,
) -> None:
    response = client.post(
        "/robin/voip/registerevent/unknown-key",
        data="{not json",
        headers={"Content-Type": "application/json"},
    )

    assert response.status_code == 401
    assert response.get_json() == INVALID_AUTH


def test_presence__missing_apikey_returns_400_text(client: FlaskClient) -> None:
    response = client.get(f"{PRESENCE_URL}?Channel=Chat")

    assert response.status_code == 400
    assert response.mimetype == "text/plain"
    assert response.get_data(as_text=True) == "The apikey parameter is required"


def test_presence__empty_apikey_returns_400_text(client: FlaskClient) -> None:
    response = client.get(f"{PRESENCE_URL}?apikey=&Channel=Chat")

    assert response.status_code == 400
    assert response.mimetype == "text/plain"
    assert response.get_data(as_text=True) == "The apikey parameter is required"


def test_presence__unknown_apikey_returns_404_text(client: FlaskClient) -> None:
    response = client.get(f"{PRESENCE_URL}?apikey=unknown-key&Channel=Chat")

    assert response.status_code == 404
    assert response.mimetype == "text/plain"
    assert response.get_data(as_text=True) == "Not Found"


def test_presence__basic_auth_does_not_replace_the_apikey(client: FlaskClient) -> None:
    response = client.get(f"{PRESENCE_URL}?Channel=Chat", headers=ROBIN_AUTH)

    assert response.status_code == 400
    assert response.get_data(as_text=True) == "The apikey parameter is required"


# ---- rate limits ---------------------------------------------------------------------------


def test_rate_policy__documented_limits() -> None:
    assert RATES.describe() == (
        "3 per 1 second, 180 per 1 minute, 10000 per 1 hour, 100000 per 1 day"
    )


@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
def test_request__fourth_in_one_second_returns_429(client: FlaskClient, endpoint: str) -> None:
    allowed = [hit(client, endpoint) for _ in range(3)]
    refused = hit(client, endpoint)

    assert [r.status_code for r in allowed if r.status_code == 429] == []
    assert_rate_limited(refused)


@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
def test_request__allowed_again_after_one_second(
    client: FlaskClient, clock: Clock, endpoint: str
) -> None:
    for _ in range(3):
        hit(client, endpoint)
    assert hit(client, endpoint).status_code == 429

    clock.advance(1)

    assert [hit(client, endpoint).status_code != 429 for _ in range(3)] == [True] * 3
    assert hit(client, endpoint).status_code == 429


def test_request__still_limited_within_the_same_second(client: FlaskClient, clock: Clock) -> None:
    for _ in range(3):
        hit(client, "POST /robin/conversations")
    clock.advance(0.6)

    response = hit(client, "POST /robin/conversations")

    assert_rate_limited(response)


def test_request__limit_is_shared_by_every_robin_endpoint(client: FlaskClient) -> None:
    assert hit(client, "POST /robin/conversations").status_code == 200
    assert hit(client, "presence").status_code == 200
    assert hit(client, "voip").status_code == 400

    for endpoint in ENDPOINTS:
        assert_rate_limited(hit(client, endpoint))


def test_request__presence_and_voip_count_against_the_basic_auth_key(client: FlaskClient) -> None:
    hit(client, "presence")
    hit(client, "voip")
    hit(client, "presence")

    assert_rate_limited(hit(client, "POST /robin/messages"))


def test_request__180_per_minute_at_three_per_second(client: FlaskClient, clock: Clock) -> None:
    statuses: list[int] = []
    for _ in range(60):
        statuses.extend(hit(client, "POST /robin/conversations").status_code for _ in range(3))
        assert_rate_limited(hit(client, "POST /robin/conversations"))
        clock.advance(1)

    assert statuses == [200] * 180
    assert hit(client, "POST /robin/conversations").status_code == 200


def test_request__refused_requests_do_not_count(client: FlaskClient, clock: Clock) -> None:
    for _ in range(3):
        hit(client, "POST /robin/conversations")
    for _ in range(200):
        assert hit(client, "POST /robin/conversations").status_code == 429

    clock.advance(1)

    assert [hit(client, "presence").status_code for _ in range(3)] == [200, 200, 200]


def test_request__unauthenticated_requests_do_not_count(client: FlaskClient) -> None:
    for _ in range(10):
        assert (
            call(client, "POST", "/robin/conversations", basic(ROBIN_KEY, "x")).status_code == 401
        )
        assert client.post("/robin/voip/registerevent/nope", json={}).status_code == 401
        assert client.get(f"{PRESENCE_URL}?apikey=nope&Channel=Chat").status_code == 404

    assert [hit(client, "POST /robin/conversations").status_code for _ in range(3)] == [200] * 3


def test_request__limits_are_per_api_key(client: FlaskClient) -> None:
    add_tenant(client)
    second = basic(SECOND_KEY, SECOND_SECRET)
    for _ in range(3):
        hit(client, "POST /robin/conversations")
    assert_rate_limited(hit(client, "POST /robin/conversations"))

    statuses = [call(client, "POST", "/robin/conversations", second).status_code for _ in range(3)]

    assert statuses == [200, 200, 200]
    assert_rate_limited(call(client, "POST", "/robin/conversations", second))
    assert client.get(f"{PRESENCE_URL}?apikey={SECOND_KEY}&Channel=Chat").status_code == 429
    assert_rate_limited(hit(client, "presence"))


def test_request__second_tenant_presence_and_voip_use_its_own_window(client: FlaskClient) -> None:
    add_tenant(client)
    for _ in range(3):
        hit(client, "POST /robin/conversations")

    presence = client.get(f"{PRESENCE_URL}?apikey={SECOND_KEY}&Channel=Chat")
    voip = client.post(f"/robin/voip/registerevent/{SECOND_KEY}", json={})

    assert presence.status_code == 200
    assert voip.status_code == 400


def test_request__admin_and_webshop_calls_do_not_count(client: FlaskClient) -> None:
    for _ in range(5):
        assert client.get("/__admin/robin/agents").status_code == 200
        assert client.get("/robin/webshop/customers?email=email@address.com").status_code == 401

    assert [hit(client, "POST /robin/conversations").status_code for _ in range(3)] == [200] * 3


@pytest.fixture
def unlimited(unlimited_app: Flask) -> FlaskClient:
    return unlimited_app.test_client()


@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
def test_request__no_429_when_rate_limits_are_off(unlimited: FlaskClient, endpoint: str) -> None:
    statuses = {hit(unlimited, endpoint).status_code for _ in range(20)}

    assert 429 not in statuses
    assert 401 not in statuses
