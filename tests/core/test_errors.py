"""Error rendering: unknown mounts as problem+json, oversized bodies in the owner's shape."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from simulator import create_app
from simulator.config import Config
from simulator.core.errors import ErrorInfo, describe, flatten_messages, summarise
from tests.conftest import ROBIN_AUTH
from tests.core.builders import assert_problem, customer, customer_emails, export

LIMIT = 600


@pytest.mark.parametrize("path", ["/nope", "/nope/deeper", "/robinx/customers", "/__adminx"])
def test_unknown_mount__returns_404_problem(client: FlaskClient, path: str) -> None:
    response = client.get(path)

    body = assert_problem(response, 404)
    assert body["title"] == "Not Found"


def test_unknown_route_under_vendor_mount__returns_404_in_vendor_shape(
    client: FlaskClient,
) -> None:
    response = client.get("/robin/no-such-thing", headers=ROBIN_AUTH)

    assert response.status_code == 404
    assert response.mimetype == "application/json"
    assert response.get_json() == {"message": "Not Found"}


@pytest.fixture
def small_body_app() -> Iterator[Flask]:
    app = create_app(Config(max_body_bytes=LIMIT, rate_limits=False))
    yield app
    app.extensions["simulator"].outbox.shutdown()


def test_body_over_limit__robin_gets_413_message_and_nothing_is_stored(
    small_body_app: Flask,
) -> None:
    client = small_body_app.test_client()
    payload = {"customers": [customer("too.big@example.com", name="x" * LIMIT)]}

    response = client.post("/robin/dynamic/customers", json=payload, headers=ROBIN_AUTH)

    assert response.status_code == 413
    assert response.mimetype == "application/json"
    assert response.get_json() == {"message": f"Request body too large: the limit is {LIMIT} bytes"}
    assert "too.big@example.com" not in customer_emails(export(client))


def test_body_under_limit__is_accepted(small_body_app: Flask) -> None:
    client = small_body_app.test_client()
    payload = {"customers": [customer("fits@example.com", name="x" * 100)]}

    response = client.post("/robin/dynamic/customers", json=payload, headers=ROBIN_AUTH)

    assert response.status_code == 201
    assert "fits@example.com" in customer_emails(export(client))


def test_body_over_limit__admin_gets_413_problem_and_nothing_changes(
    small_body_app: Flask,
) -> None:
    client = small_body_app.test_client()
    before = export(client)

    response = client.post("/__admin/robin/channels", json={
        "external_identifier": "big", "name": "n" * LIMIT,
    })

    assert_problem(response, 413, "too large")
    assert export(client) == before


def test_body_over_limit__is_journaled_without_its_content(small_body_app: Flask) -> None:
    client = small_body_app.test_client()
    payload = {"customers": [customer("too.big@example.com", name="x" * LIMIT)]}
    client.post("/robin/dynamic/customers", json=payload, headers=ROBIN_AUTH)

    (entry,) = client.get("/__admin/requests").get_json()["requests"]

    assert entry["status"] == 413
    assert "x" * LIMIT not in entry["body"]


def test_flatten_messages__nested_marshmallow_errors_become_paths() -> None:
    messages = {
        "json": {
            "customers": {0: {"order_count": ["Not a valid integer."]}},
            "_schema": ["Whole body wrong."],
            "Content": ["Missing data for required field."],
        }
    }

    assert flatten_messages(messages) == {
        "customers[0].order_count": ["Not a valid integer."],
        "body": ["Whole body wrong."],
        "Content": ["Missing data for required field."],
    }


def test_summarise__names_the_first_field() -> None:
    assert summarise({"seed": ["Not a valid integer."]}) == (
        "Invalid field 'seed': Not a valid integer."
    )
    assert summarise({"body": ["Invalid JSON body."]}) == "Invalid JSON body."


def test_describe__unexpected_exception_is_a_generic_500() -> None:
    info = describe(RuntimeError("secret internals"))

    assert info == ErrorInfo(500, "Internal Server Error")
    assert info.title == "Internal Server Error"
