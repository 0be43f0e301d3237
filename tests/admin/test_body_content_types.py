"""The control API reads a JSON body whatever its Content-Type (curl -d sends a form's); the vendor APIs do not."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask.testing import FlaskClient

from tests.conftest import FROZEN_AT, ROBIN_AUTH
from tests.core.builders import assert_problem

FORM = "application/x-www-form-urlencoded"


def test_put_clock__form_content_type_json_body__freezes_at_that_instant(client: FlaskClient) -> None:
    response = client.put("/__admin/clock", data='{"now":"2030-01-01T00:00:00Z"}', content_type=FORM)

    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["frozen"] is True
    assert datetime.fromisoformat(response.get_json()["now"]) == datetime(2030, 1, 1, tzinfo=UTC)


def test_put_clock__form_content_type_frozen_false__resumes(client: FlaskClient) -> None:
    response = client.put("/__admin/clock", data='{"frozen": false}', content_type=FORM)

    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["frozen"] is False


def test_post_faults__text_plain_json_body__creates_the_rule(client: FlaskClient) -> None:
    response = client.post("/__admin/faults", data='{"status": 503}', content_type="text/plain")

    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.get_json()["status"] == 503
    assert [rule["status"] for rule in client.get("/__admin/faults").get_json()["faults"]] == [503]


@pytest.mark.parametrize("content_type", [FORM, "text/plain", None])
def test_put_clock__body_that_is_not_json__400_problem(client: FlaskClient, content_type: str | None) -> None:
    response = client.put("/__admin/clock", data='now=2030-01-01', content_type=content_type)

    body = assert_problem(response, 400, "Invalid JSON body.")
    assert body["errors"] == {"body": ["Invalid JSON body."]}
    assert datetime.fromisoformat(client.get("/__admin/clock").get_json()["now"]) == FROZEN_AT


def test_put_clock__form_content_type_empty_body__is_no_body(client: FlaskClient) -> None:
    response = client.put("/__admin/clock", data="", content_type=FORM)

    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["frozen"] is True


def test_robin_admin_channels__json_body_without_content_type__creates_the_channel(client: FlaskClient) -> None:
    response = client.post("/__admin/robin/channels", data='{"external_identifier": "curl", "name": "Curl"}')

    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.get_json()["external_identifier"] == "curl"


def test_sinch_cmi_admin_tokens__json_body_without_content_type__issues_a_token(client: FlaskClient) -> None:
    response = client.post("/__admin/sinch-cmi/tokens", data='{"login": "demo-agent"}')

    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.get_json()["login"] == "demo-agent" and response.get_json()["access_token"]


@pytest.mark.parametrize("content_type", ["text/plain", FORM, None])
def test_robin_conversations__json_body_not_sent_as_json__is_ignored_as_before(
    client: FlaskClient, content_type: str | None
) -> None:
    refused = client.post("/robin/conversations", data='{"skip": -1}', content_type="application/json",
                          headers=ROBIN_AUTH)
    assert refused.status_code == 400  # the same body sent as JSON is read (and refused)

    response = client.post("/robin/conversations", data='{"skip": -1}', content_type=content_type,
                           headers=ROBIN_AUTH)

    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["conversations"]


@pytest.mark.parametrize("content_type", ["text/plain", FORM])
def test_robin_conversations__body_that_is_not_json_and_not_sent_as_json__is_ignored(
    client: FlaskClient, content_type: str
) -> None:
    response = client.post("/robin/conversations", data="not json", content_type=content_type, headers=ROBIN_AUTH)

    assert response.status_code == 200, response.get_data(as_text=True)
