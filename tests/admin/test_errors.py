"""Control API errors: problem+json naming the field, 405, malformed JSON, body-less GETs."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.conftest import ROBIN_KEY
from tests.core.builders import assert_problem, export


def test_admin_validation_error__400_problem_names_the_field(client: FlaskClient) -> None:
    response = client.post("/__admin/robin/channels", json={"name": "No id"})

    body = assert_problem(response, 400, "external_identifier")
    assert body["title"] == "Bad Request"
    assert body["errors"] == {"external_identifier": ["Missing data for required field."]}
    assert body["detail"].startswith("Invalid field 'external_identifier'")


def test_admin_validation_error__query_parameter_is_named(client: FlaskClient) -> None:
    response = client.post("/__admin/reset?all=perhaps")

    body = assert_problem(response, 400, "all")
    assert "all" in body["errors"]


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("delete", "/__admin/health", "GET"),
        ("post", "/__admin/state", "PUT"),
        ("get", "/__admin/reset", "POST"),
        ("put", "/__admin/clock/advance", "POST"),
    ],
)
def test_admin_wrong_method__405_problem_with_allow(
    client: FlaskClient, method: str, path: str, allowed: str
) -> None:
    response = client.open(path, method=method.upper())

    body = assert_problem(response, 405)
    assert body["title"] == "Method Not Allowed"
    assert allowed in response.headers["Allow"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/__admin/seed"),
        ("PUT", "/__admin/state"),
        ("PUT", "/__admin/clock"),
        ("POST", "/__admin/robin/channels"),
    ],
)
def test_admin_malformed_json__400_problem(client: FlaskClient, method: str, path: str) -> None:
    before = export(client)

    response = client.open(path, method=method, data='{"seed": ', content_type="application/json")

    body = assert_problem(response, 400, "Invalid JSON body.")
    assert body["errors"] == {"body": ["Invalid JSON body."]}
    assert export(client) == before


@pytest.mark.parametrize(
    "path", ["/__admin/health", "/__admin/state", "/__admin/requests", "/__admin/outbox",
             "/__admin/clock", "/__admin/namespaces"],
)
def test_admin_get_with_json_content_type_and_no_body__is_not_malformed(
    client: FlaskClient, path: str
) -> None:
    response = client.get(path, headers={"Content-Type": "application/json"})

    assert response.status_code == 200
    assert response.mimetype == "application/json"


def test_health_get_with_json_content_type__answers_ok(client: FlaskClient) -> None:
    response = client.get("/__admin/health", headers={"Content-Type": "application/json"})

    assert response.get_json() == {"status": "ok"}


def test_presence_get_with_json_content_type_and_no_body__is_not_malformed(
    client: FlaskClient,
) -> None:
    response = client.get(
        f"/robin/presence/api/v1?apikey={ROBIN_KEY}&Channel=Chat",
        headers={"Content-Type": "application/json"},
    )

    assert response.status_code == 200
    assert response.get_data(as_text=True) in {"Online", "Offline"}
