"""Request bodies and paths on every ROBIN POST route: malformed JSON, wrong types, slashes."""

from __future__ import annotations

import json

import pytest
from flask.testing import FlaskClient

from tests.conftest import ROBIN_AUTH, ROBIN_KEY
from tests.robin.support import FROZEN_ISO, VOIP_URL, basic_auth_routes, customer, robin_state, tenant_state

INVALID_JSON = {"message": "Invalid JSON body.", "errors": {"body": ["Invalid JSON body."]}}
INVALID_TYPE = {"message": "Invalid input type.", "errors": {"body": ["Invalid input type."]}}


POST_ROUTES = [*(path for method, path in basic_auth_routes() if method == "POST"), VOIP_URL]
MALFORMED = {
    "unclosed-object": '{"customers": [',
    "single-quotes": "{'customers': []}",
    "trailing-garbage": '{"customers": []} x',
    "bare-word": "customers",
    "not-utf8": b"\xff\xfe{}",
    "nested-too-deeply": "[" * 50_000 + "]" * 50_000,  # past Python's recursion limit
}


def headers_for(path: str) -> dict[str, str]:
    json_type = {"Content-Type": "application/json"}
    return json_type if path.startswith("/robin/voip/") else {**ROBIN_AUTH, **json_type}


def test_post_routes__include_voip_and_every_basic_route() -> None:
    assert POST_ROUTES == [
        "/robin/conversations",
        "/robin/customers",
        "/robin/dynamic/customers",
        "/robin/dynamic/orders",
        "/robin/messages",
        "/robin/orders",
        "/robin/showcustomer",
        VOIP_URL,
    ]


@pytest.mark.parametrize("case", list(MALFORMED))
@pytest.mark.parametrize("path", POST_ROUTES)
def test_post__malformed_json_returns_400_and_stores_nothing(
    client: FlaskClient, path: str, case: str
) -> None:
    before = robin_state(client)

    response = client.post(path, data=MALFORMED[case], headers=headers_for(path))

    assert response.status_code == 400
    assert response.mimetype == "application/json"
    assert response.get_json() == INVALID_JSON
    assert robin_state(client) == before
    assert client.get("/__admin/outbox").get_json() == {"deliveries": []}


@pytest.mark.parametrize("document", ["null", "42", '"text"', "true"])
@pytest.mark.parametrize("path", POST_ROUTES)
def test_post__json_that_is_not_an_object_returns_400(
    shared: FlaskClient, path: str, document: str
) -> None:
    response = shared.post(path, data=document, headers=headers_for(path))

    assert response.status_code == 400
    assert response.get_json() == INVALID_TYPE


@pytest.mark.parametrize("path", POST_ROUTES)
def test_post__malformed_json_is_journaled_with_its_400(client: FlaskClient, path: str) -> None:
    client.post(path, data="{oops", headers=headers_for(path))

    entries = client.get("/__admin/requests?vendor=robin").get_json()["requests"]

    assert [(e["method"], e["status"]) for e in entries] == [("POST", 400)]
    assert ROBIN_KEY not in entries[0]["path"]


# What each route answers an empty JSON object: conversations lists, every other route misses required fields.
EMPTY_OBJECT_STATUS = {path: 200 if path == "/robin/conversations" else 400 for path in POST_ROUTES}

SLASH_VARIANTS = {
    "trailing-slash": "{}/",
    "double-slash-after-mount": "{}",
    "double-trailing-slash": "{}//",
}


def slash_variant(path: str, variant: str) -> str:
    if variant == "double-slash-after-mount":
        return path.replace("/robin/", "/robin//", 1)
    return SLASH_VARIANTS[variant].format(path)


@pytest.mark.parametrize("path", POST_ROUTES)
@pytest.mark.parametrize("variant", list(SLASH_VARIANTS))
def test_post__slash_variants_reach_the_same_view(
    shared: FlaskClient, path: str, variant: str
) -> None:
    canonical = shared.post(path, json={}, headers=headers_for(path))

    response = shared.post(slash_variant(path, variant), json={}, headers=headers_for(path))

    assert response.status_code == canonical.status_code == EMPTY_OBJECT_STATUS[path]
    assert response.get_json() == canonical.get_json()


@pytest.mark.parametrize("path", POST_ROUTES)
def test_post__leading_double_slash_reaches_the_view(shared: FlaskClient, path: str) -> None:
    canonical = shared.post(path, json={}, headers=headers_for(path))

    response = shared.post(
        path, json={}, headers=headers_for(path), environ_overrides={"PATH_INFO": "/" + path}
    )

    assert response.status_code == canonical.status_code
    assert response.get_json() == canonical.get_json()


def test_post__double_slash_inside_the_path_reaches_the_view(client: FlaskClient) -> None:
    body = {"customers": [customer(email_address="double.slash@example.com")]}

    response = client.post("/robin//dynamic//customers", json=body, headers=ROBIN_AUTH)

    assert response.status_code == 201
    assert response.get_data() == b""
    stored = tenant_state(client)["customers"]["double.slash@example.com"]
    assert (stored["order_count"], stored["currency"], stored["updated_at"]) == (12, "$", FROZEN_ISO)


def test_post__json_with_charset_is_accepted(client: FlaskClient) -> None:
    batch = {"customers": [customer(email_address="charset@example.com", name="Zoë Ĳsselmeer")]}

    response = client.post(
        "/robin/dynamic/customers/",
        data=json.dumps(batch, ensure_ascii=False).encode(),
        headers={**ROBIN_AUTH, "Content-Type": "application/json; charset=utf-8"},
    )

    assert response.status_code == 201
    assert response.get_data() == b""
    stored = tenant_state(client)["customers"]["charset@example.com"]
    assert (stored["name"], stored["order_count"], stored["updated_at"]) == ("Zoë Ĳsselmeer", 12, FROZEN_ISO)


def test_post__date_pushed_out_of_range_by_its_offset_returns_400(shared: FlaskClient) -> None:
    customer = {"email_address": "x@example.com", "customer_since": "0001-01-01T00:00:00+01:00",
                "order_count": 1, "total_revenue": 1.0, "currency": "EUR"}
    response = shared.post("/robin/dynamic/customers", json={"customers": [customer]}, headers=ROBIN_AUTH)

    assert response.status_code == 400
    assert response.get_json()["errors"] == {
        "customers[0].customer_since": ["Not a valid datetime: out of range: '0001-01-01T00:00:00+01:00'."]
    }
