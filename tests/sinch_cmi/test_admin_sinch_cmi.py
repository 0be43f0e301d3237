"""/__admin/sinch-cmi: Contact Pro users with rights, and the queues."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import basic
from tests.sinch_cmi.support import Cmi

USERS = "/__admin/sinch-cmi/users"


def _user(**overrides: Any) -> dict[str, Any]:
    return {"login": "viewer", "password": "secret", "name": "Viewer, Vera", "rights": ["CALLBACKS_VIEW"],
            **overrides}


def _admin(app: Flask) -> FlaskClient:
    return app.test_client()


def test_list_users__shows_the_demo_users_without_passwords(unlimited_app: Flask) -> None:
    users = _admin(unlimited_app).get(USERS).get_json()
    logins = {u["login"] for u in users}
    assert {"demo-agent", "demo-restricted"} <= logins
    assert all("password" not in u for u in users)
    assert all(len(u["id"]) == 32 for u in users)


def test_create_user__can_call_with_exactly_its_rights(unlimited_app: Flask, cmi: Cmi) -> None:
    response = _admin(unlimited_app).post(USERS, json=_user())
    assert response.status_code == 201
    assert response.get_json()["login"] == "viewer"
    auth = basic("viewer", "secret")
    assert cmi.get("/callbacks", auth=auth).status_code == 200
    denied = cmi.get("/messages", auth=auth)
    assert (denied.status_code, denied.get_data(as_text=True)) == (403, "HTTP 403 Forbidden")


def test_create_user__same_login_replaces_and_keeps_the_id(unlimited_app: Flask, cmi: Cmi) -> None:
    admin = _admin(unlimited_app)
    first = admin.post(USERS, json=_user()).get_json()
    second = admin.post(USERS, json=_user(password="other", rights=["MESSAGING"])).get_json()
    assert first["id"] == second["id"]
    assert cmi.get("/callbacks", auth=basic("viewer", "secret")).status_code == 401
    assert cmi.get("/messages", auth=basic("viewer", "other")).status_code == 200


def test_create_user__unknown_right_is_a_problem_400(unlimited_app: Flask) -> None:
    response = _admin(unlimited_app).post(USERS, json=_user(rights=["EVERYTHING"]))
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert "rights" in response.get_data(as_text=True)


def test_create_user__unknown_queue_is_a_problem_400(unlimited_app: Flask, cmi: Cmi) -> None:
    before = set(cmi.state.users)
    response = _admin(unlimited_app).post(USERS, json=_user(queues=["NOPE"]))
    assert response.status_code == 400
    assert response.get_json()["detail"] == "Unknown queue id 'NOPE'"
    assert set(cmi.state.users) == before


def test_create_user__missing_fields_are_a_problem_400(unlimited_app: Flask) -> None:
    response = _admin(unlimited_app).post(USERS, json={"login": "x"})
    assert response.status_code == 400
    assert set(response.get_json()["errors"]) >= {"password", "name"}


def test_list_queues__has_every_channel_with_addresses_and_numbers(unlimited_app: Flask) -> None:
    queues = _admin(unlimited_app).get("/__admin/sinch-cmi/queues").get_json()
    assert {q["channel"] for q in queues} == {"PHONE", "CHAT", "EMAIL"}
    assert {"152", "153", "505"} <= {q["number"] for q in queues}
    assert "12345678@sms.social365.com" in {q["address"] for q in queues}
