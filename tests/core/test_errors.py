"""Error rendering: unknown mounts as problem+json, oversized bodies in the owner's shape."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

import simulator.app  # noqa: F401  (imports every vendor: all their error classes)
from simulator import create_app
from simulator.chatwoot import errors as chatwoot_errors
from simulator.config import Config
from simulator.core.errors import ErrorInfo, ProblemError, VendorError, describe, flatten_messages, summarise
from simulator.robin import errors as robin_errors
from simulator.robin.webshop import errors as webshop_errors
from simulator.sinch_cmi import errors as cmi_errors
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


def _all_subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *_all_subclasses(sub)]
    return found


def test_every_error_class_of_the_app__renders_itself() -> None:
    """Each VendorError class of the simulator knows its wire form: none falls back to the abstract base."""
    classes = [c for c in _all_subclasses(VendorError) if c.__module__.startswith("simulator.")]
    assert len(classes) > 20
    unrendered = [c.__qualname__ for c in classes if c.response is VendorError.response]
    assert unrendered == []


@pytest.mark.parametrize(("error", "status", "mimetype", "body"), [
    (robin_errors.NotFound("gone"), 404, "application/json", {"message": "gone"}),
    (robin_errors.PresenceError("Channel missing"), 400, "text/plain", "Channel missing"),
    (webshop_errors.WebshopError("nope", status=409), 409, "application/json", {"message": "nope"}),
    (cmi_errors.NotFound(), 404, "text/plain", "HTTP 404 Not Found"),
    (cmi_errors.CmiError("x", details={"limit": ["Not a valid integer."]}), 400, "text/plain",
     "limit: Not a valid integer."),
    (chatwoot_errors.SignInRequired(), 401, "application/json",
     {"errors": ["You need to sign in or sign up before continuing."]}),
    (chatwoot_errors.RecordInvalid([("name", "Name can't be blank")]), 422, "application/json",
     {"message": "Name can't be blank", "attributes": ["name"]}),
    (chatwoot_errors.ErrorsHash("bad", {"event_name": ["is not included in the list"]}), 422, "application/json",
     {"error": {"event_name": ["is not included in the list"]}}),
    (chatwoot_errors.MessageOnly("Jo is Online"), 422, "application/json", {"message": "Jo is Online"}),
    (chatwoot_errors.RailsNotFound(), 404, "application/json", {"status": 404, "error": "Not Found"}),
    (chatwoot_errors.HeadOnly(422), 422, "text/plain", ""),
    (chatwoot_errors.RateLimited(), 429, "text/plain", "Retry later\n"),
    (ProblemError("no such rule", status=404), 404, "application/problem+json",
     {"type": "about:blank", "title": "Not Found", "status": 404, "detail": "no such rule"}),
], ids=lambda value: type(value).__name__ if isinstance(value, VendorError) else None)
def test_error_class__renders_its_own_body(error: VendorError, status: int, mimetype: str, body: object) -> None:
    answer = error.response()

    assert (answer.status_code, answer.mimetype) == (status, mimetype)
    assert (answer.get_json() if answer.is_json else answer.get_data(as_text=True)) == body


@pytest.mark.parametrize(("info", "body", "status"), [
    (ErrorInfo(405, "Method Not Allowed", headers={"Allow": "GET"}), {"status": 404, "error": "Not Found"}, 404),
    (ErrorInfo(400, "Invalid JSON", {"body": ["Invalid JSON body."]}), {"status": 400, "error": "Bad Request"}, 400),
    (ErrorInfo(422, "x", {"page": ["Not a valid integer."]}),
     {"message": "page Not a valid integer.", "attributes": ["page"]}, 422),
    (ErrorInfo(413, "Request body too large"), {"error": "Request body too large"}, 413),
])
def test_chatwoot__answers_failures_it_did_not_raise_as_rails_does(info: ErrorInfo, body: object, status: int) -> None:
    error = chatwoot_errors.chatwoot_error_for(info)
    answer = error.response()

    assert (answer.status_code, answer.get_json()) == (status, body)
    assert "Allow" not in error.headers
