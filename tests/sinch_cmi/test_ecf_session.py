"""The ECF web session: form or token login, a JSESSIONID with the user's rights, idle timeout, logout, reset."""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from simulator.core.clock import Clock
from simulator.sinch_cmi.store.sessions import IDLE_TIMEOUT, SessionStore
from tests.conftest import FROZEN_AT, basic
from tests.sinch_cmi.support import CMI_PASSWORD, CMI_USER, Cmi, assert_plain, own_app

LOGIN = "/sinch/ecfs/authentication/"
LOGOUT = "/sinch/ecfs/authentication/logout"
RI = "/sinch/ecfs/RI/cmi"
TOKENS = "/__admin/sinch-cmi/tokens"
FORM = "application/x-www-form-urlencoded"
ECF = {"Authorization": "ECFAuth"}


def form(user: str = CMI_USER, password: str = CMI_PASSWORD) -> dict[str, str]:
    """The login form the official samples post."""
    return {"Authorization": basic(user, password)["Authorization"]}


def log_in(client: FlaskClient, user: str = CMI_USER, password: str = CMI_PASSWORD, *, path: str = LOGIN,
           headers: dict[str, str] | None = None) -> TestResponse:
    return client.post(path, data=form(user, password), headers={**ECF, **(headers or {})})


def session_of(response: TestResponse) -> str:
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("JSESSIONID=")
    return cookie.split(";")[0].split("=", 1)[1]


# ---- logging in --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [LOGIN, LOGIN.rstrip("/")])
@pytest.mark.parametrize("header", ["ECFAuth", "ECFAUTH", "ecfauth"])
def test_login__with_or_without_the_slash_any_header_case(browser: FlaskClient, cmi: Cmi, path: str,
                                                          header: str) -> None:
    response = log_in(browser, path=path, headers={"Authorization": header})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    user = cmi.user(CMI_USER)
    assert response.get_json()["id"] == user.id  # agentbot.js: `userGUID = data.id`
    cookie = response.headers["Set-Cookie"]
    assert len(session_of(response)) == 32 and "Path=/sinch/ecfs" in cookie and "HttpOnly" in cookie


def test_login__the_body_describes_the_user_as_the_ecf_server_does(browser: FlaskClient, cmi: Cmi) -> None:
    user = cmi.user("demo-restricted")
    body = log_in(browser, "demo-restricted").get_json()
    last, first = user.name.split(", ")
    assert body == {"id": user.id, "username": "demo-restricted", "name": {"first_name": first, "last_name": last},
                    "alias": f"{first} {last}", "login_status": "logged_in", "language": user.language.upper(),
                    "chat_address": user.email, "email_address": user.email, "extension": user.extension}


@pytest.mark.parametrize(("data", "headers"), [
    (form(password="wrong"), ECF),  # a wrong password
    (form(user="nobody"), ECF),  # an unknown user
    ({}, ECF),  # no form field
    ({"Username": CMI_USER}, ECF),  # not the field
    ({"Authorization": "Basic not-base64!"}, ECF),
    ({"Authorization": "Digest abc"}, ECF),
    (form(), {}),  # no ECFAuth header
    (form(), basic(CMI_USER, CMI_PASSWORD)),  # HTTP Basic is not how this login is called
])
def test_login__refused_is_401_plain_text_without_a_cookie(browser: FlaskClient, data: dict[str, str],
                                                          headers: dict[str, str]) -> None:
    response = browser.post(LOGIN, data=data, headers=headers)
    assert_plain(response, 401, "HTTP 401 Unauthorized")
    assert "Set-Cookie" not in response.headers


def test_login__a_plus_of_the_base64_sent_unescaped_reads_as_a_space_and_still_counts(
        browser: FlaskClient, unlimited_app: Flask) -> None:
    """CPC.js sends `encodeURI('Authorization=Basic ' + btoa(...))`: a `+` stays a `+`, which a form reads as a
    space."""
    password = "pa~word"  # `~` as every third byte of "agent:pa~word" is a `+` of its base64
    browser.post("/__admin/sinch-cmi/users", json={"login": "agent", "password": password, "name": "Doe, Jane"})
    encoded = base64.b64encode(f"agent:{password}".encode()).decode()
    assert "+" in encoded
    body = quote(f"Authorization=Basic {encoded}", safe="=+/")  # as encodeURI leaves it
    response = browser.post(LOGIN, data=body, headers={**ECF, "Content-Type": FORM})
    assert response.status_code == 200, response.get_data(as_text=True)


def test_login__again_replaces_the_session(browser: FlaskClient) -> None:
    first = session_of(log_in(browser))
    second = session_of(log_in(browser))
    assert first != second
    assert browser.get(f"{RI}/contacts?limit=1").status_code == 200
    browser.set_cookie("JSESSIONID", first, path="/sinch/ecfs")
    assert_plain(browser.get(f"{RI}/contacts?limit=1"), 401, "HTTP 401 Unauthorized")


# ---- the session on RI calls ------------------------------------------------------------------------------


def test_session__ri_calls_with_the_cookie_alone(browser: FlaskClient, cmi: Cmi) -> None:
    log_in(browser)
    listed = browser.get(f"{RI}/contacts?limit=3")
    assert listed.status_code == 200
    assert listed.get_json() == cmi.get("/contacts?limit=3").get_json()
    assert browser.get(f"{RI}/contacts?limit=3", headers={"Accept": "application/xml"}).mimetype == "application/xml"


def test_session__acts_with_the_rights_of_the_user_who_logged_in(browser: FlaskClient, cmi: Cmi) -> None:
    restricted = cmi.user("demo-restricted")
    log_in(browser, "demo-restricted")
    own = browser.get(f"{RI}/contacts?limit=20").get_json()
    assert own and {contact["agentId"] for contact in own} == {restricted.id}
    assert own == cmi.get("/contacts?limit=20", auth=basic("demo-restricted", CMI_PASSWORD)).get_json()
    assert_plain(browser.get(f"{RI}/messages"), 403, "HTTP 403 Forbidden")  # no Messaging right, as with Basic
    assert cmi.get("/messages", auth=basic("demo-restricted", CMI_PASSWORD)).status_code == 403


def test_session__follows_the_users_rights_as_they_change(browser: FlaskClient) -> None:
    user = {"login": "viewer", "password": "secret", "name": "Viewer, Vera", "rights": ["CALLBACKS_VIEW"]}
    browser.post("/__admin/sinch-cmi/users", json=user)
    log_in(browser, "viewer", "secret")
    assert browser.get(f"{RI}/messages").status_code == 403
    browser.post("/__admin/sinch-cmi/users", json={**user, "rights": ["MESSAGING"]})
    assert browser.get(f"{RI}/messages").status_code == 200


@pytest.mark.parametrize("cookie", ["", "0123456789ABCDEF0123456789ABCDEF", "not a session"])
def test_session__unknown_is_401_as_without_credentials(browser: FlaskClient, cookie: str) -> None:
    browser.set_cookie("JSESSIONID", cookie, path="/sinch/ecfs")
    response = browser.get(f"{RI}/contacts")
    assert_plain(response, 401, "HTTP 401 Unauthorized")
    assert response.headers["WWW-Authenticate"] == 'Basic realm="Sinch Contact Center RI"'


def test_session__idle_for_the_timeout_ends_it_each_call_starting_it_again(browser: FlaskClient,
                                                                           clock: Clock) -> None:
    assert IDLE_TIMEOUT.total_seconds() == 30 * 60  # Tomcat's default session-timeout
    log_in(browser)
    for _ in range(3):  # 87 minutes in all, never 30 of them idle
        clock.advance(29 * 60)
        assert browser.get(f"{RI}/contacts?limit=1").status_code == 200
    clock.advance(30 * 60)
    assert_plain(browser.get(f"{RI}/contacts?limit=1"), 401, "HTTP 401 Unauthorized")
    clock.advance(-60 * 60)  # the clock back: the session is gone all the same
    assert browser.get(f"{RI}/contacts?limit=1").status_code == 401


def test_session__a_call_refused_for_want_of_a_right_still_uses_it(browser: FlaskClient, clock: Clock) -> None:
    log_in(browser, "demo-restricted")
    clock.advance(20 * 60)
    assert browser.get(f"{RI}/messages").status_code == 403  # authenticated, then refused: counts as a use
    clock.advance(20 * 60)
    assert browser.get(f"{RI}/contacts?limit=1").status_code == 200


def test_store__sessions_idle_for_the_timeout_go_when_a_new_one_opens() -> None:
    store = SessionStore()
    store.open("a", FROZEN_AT)
    kept = store.open("b", FROZEN_AT + timedelta(minutes=10))
    store.open("c", FROZEN_AT + IDLE_TIMEOUT)
    assert len(store) == 2 and store.use(kept.id, FROZEN_AT + IDLE_TIMEOUT) is not None


def test_store__at_its_cap_the_longest_idle_session_ends() -> None:
    store = SessionStore(max_sessions=3)
    first, second, _ = (store.open("a", FROZEN_AT) for _ in range(3))
    later = FROZEN_AT + timedelta(seconds=1)
    assert store.use(first.id, later) is not None  # used again: no longer the longest idle
    store.open("a", later)
    assert len(store) == 3
    assert store.use(second.id, later) is None and store.use(first.id, later) is not None


# ---- logging out ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("method", "path"), [("DELETE", LOGIN), ("DELETE", LOGIN.rstrip("/")), ("POST", LOGOUT)])
def test_logout__ends_the_session_and_expires_the_cookie(browser: FlaskClient, method: str, path: str) -> None:
    session = session_of(log_in(browser))
    response = browser.open(path, method=method)
    assert response.status_code == 200 and response.get_data() == b""
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("JSESSIONID=;") and "Max-Age=0" in cookie and "Path=/sinch/ecfs" in cookie
    browser.set_cookie("JSESSIONID", session, path="/sinch/ecfs")  # a client that kept it
    assert_plain(browser.get(f"{RI}/contacts?limit=1"), 401, "HTTP 401 Unauthorized")
    assert_plain(browser.open(path, method=method), 401, "HTTP 401 Unauthorized")


def test_logout__without_a_session_is_401(browser: FlaskClient) -> None:
    assert_plain(browser.post(LOGOUT), 401, "HTTP 401 Unauthorized")
    assert_plain(browser.delete(LOGIN), 401, "HTTP 401 Unauthorized")


def test_logout__ends_only_its_own_session(unlimited_app: Flask) -> None:
    first, second = unlimited_app.test_client(), unlimited_app.test_client()
    log_in(first)
    log_in(second, "demo-restricted")
    assert first.post(LOGOUT).status_code == 200
    assert first.get(f"{RI}/contacts?limit=1").status_code == 401
    assert second.get(f"{RI}/contacts?limit=1").status_code == 200


# ---- namespaces -------------------------------------------------------------------------------------------


def test_namespace__reset_drops_its_sessions(browser: FlaskClient) -> None:
    log_in(browser)
    assert browser.post("/__admin/reset").status_code == 200
    assert_plain(browser.get(f"{RI}/contacts?limit=1"), 401, "HTTP 401 Unauthorized")


def test_namespace__deleted_or_replaced_drops_its_sessions(browser: FlaskClient) -> None:
    team = {"X-Simulator-Namespace": "team-a"}
    log_in(browser, headers=team)
    assert browser.get(f"{RI}/contacts?limit=1", headers=team).status_code == 200
    assert browser.delete("/__admin/namespaces/team-a").status_code in (200, 204)
    assert browser.get(f"{RI}/contacts?limit=1", headers=team).status_code == 401
    session = session_of(log_in(browser, headers=team))
    exported = browser.get("/__admin/state", headers=team).get_json()
    assert session not in json.dumps(exported)  # sessions are no state: never exported
    assert browser.put("/__admin/state", json=exported, headers=team).status_code == 200
    assert browser.get(f"{RI}/contacts?limit=1", headers=team).status_code == 401


def test_namespace__a_session_belongs_to_its_namespace(browser: FlaskClient) -> None:
    log_in(browser, headers={"X-Simulator-Namespace": "team-a"})
    assert browser.get(f"{RI}/contacts?limit=1", headers={"X-Simulator-Namespace": "team-a"}).status_code == 200
    assert browser.get(f"{RI}/contacts?limit=1", headers={"X-Simulator-Namespace": "team-b"}).status_code == 401
    assert browser.get(f"{RI}/contacts?limit=1").status_code == 401  # `default`


def test_namespace__a_refused_login_builds_none(unlimited_app: Flask, browser: FlaskClient) -> None:
    registry = unlimited_app.extensions["simulator"].registry
    log_in(browser, password="wrong", headers={"X-Simulator-Namespace": "never-built"})
    browser.set_cookie("JSESSIONID", "0123456789ABCDEF0123456789ABCDEF", path="/sinch/ecfs")
    browser.get(f"{RI}/contacts", headers={"X-Simulator-Namespace": "never-built"})
    assert "never-built" not in registry.names()


# ---- bearer tokens ----------------------------------------------------------------------------------------


def issue(client: FlaskClient, **body: object) -> TestResponse:
    return client.post(TOKENS, json={"login": CMI_USER, **body})


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_tokens__issued_for_a_login_with_an_expiry_on_the_simulator_clock(browser: FlaskClient) -> None:
    response = issue(browser)
    assert response.status_code == 201
    token = response.get_json()
    assert token["token_type"] == "Bearer" and token["login"] == CMI_USER and token["expires_in"] == 3600
    assert token["expires_at"].startswith("2025-01-15T13:00:00")  # FROZEN_AT plus an hour
    assert len(token["access_token"]) >= 32
    chosen = issue(browser, token="my.sso-token~1", expires_in=60).get_json()
    assert (chosen["access_token"], chosen["expires_in"]) == ("my.sso-token~1", 60)


@pytest.mark.parametrize("body", [{"login": "nobody"}, {"login": ""}, {"expires_in": 0},
                                  {"token": "has space"}, {"expires_in": 10**9}])
def test_tokens__refused_is_a_problem_400(browser: FlaskClient, body: dict[str, object]) -> None:
    response = browser.post(TOKENS, json={"login": CMI_USER, **body})
    assert response.status_code == 400 and response.mimetype == "application/problem+json"


@pytest.mark.parametrize("base", ["/sinch/cmi", RI])
def test_tokens__work_directly_on_ri_calls(browser: FlaskClient, base: str) -> None:
    token = issue(browser, login="demo-restricted").get_json()["access_token"]
    assert browser.get(f"{base}/contacts?limit=1", headers=bearer(token)).status_code == 200
    assert browser.get(f"{base}/messages", headers=bearer(token)).status_code == 403  # its user's rights
    assert_plain(browser.get(f"{base}/contacts", headers=bearer("unknown")), 401, "HTTP 401 Unauthorized")


def test_tokens__log_in_to_a_session(browser: FlaskClient, cmi: Cmi) -> None:
    token = issue(browser).get_json()["access_token"]
    response = browser.post(LOGIN, headers={**bearer(token), "Content-Type": "application/json"})  # as CPC.js
    assert response.status_code == 200 and response.get_json()["id"] == cmi.user(CMI_USER).id
    assert browser.get(f"{RI}/contacts?limit=1").status_code == 200  # the cookie, no token
    assert_plain(browser.post(LOGIN, headers=bearer("unknown")), 401, "HTTP 401 Unauthorized")


def test_tokens__expire_on_the_simulator_clock(browser: FlaskClient, clock: Clock) -> None:
    token = issue(browser, expires_in=600).get_json()["access_token"]
    clock.advance(599)
    assert browser.get(f"{RI}/contacts?limit=1", headers=bearer(token)).status_code == 200
    clock.advance(1)
    assert browser.get(f"{RI}/contacts?limit=1", headers=bearer(token)).status_code == 401
    assert browser.post(LOGIN, headers=bearer(token)).status_code == 401


def test_tokens__dropped_with_the_namespace(browser: FlaskClient) -> None:
    token = issue(browser).get_json()["access_token"]
    browser.post("/__admin/reset")
    assert browser.get(f"{RI}/contacts?limit=1", headers=bearer(token)).status_code == 401


def test_cloud_mode__the_api_key_is_for_basic_calls_only() -> None:
    with own_app(rate_limits=False, sinch_cmi_api_key="gateway-key") as app:
        client = app.test_client()
        assert client.get("/sinch/cmi/contacts?limit=1", headers=basic(CMI_USER, CMI_PASSWORD)).status_code == 401
        assert log_in(client).status_code == 200  # the ECF web server is no gateway
        assert client.get(f"{RI}/contacts?limit=1").status_code == 200


# ---- the journal ------------------------------------------------------------------------------------------


def test_journal__neither_the_password_nor_the_session_id_is_kept(browser: FlaskClient) -> None:
    session = session_of(log_in(browser))
    browser.get(f"{RI}/contacts?limit=1")
    token = issue(browser).get_json()["access_token"]
    browser.get(f"{RI}/contacts?limit=1", headers=bearer(token))
    browser.post(LOGOUT)
    entries = browser.get("/__admin/requests", query_string={"vendor": "sinch-cmi"}).get_json()["requests"]
    text = json.dumps(entries)
    encoded = form()["Authorization"].split()[1]
    assert session not in text and encoded not in text and CMI_PASSWORD not in text and token not in text
    login = next(entry for entry in entries if entry["method"] == "POST" and entry["path"].endswith("/authentication"))
    assert login["body"] == "Authorization=***" and login["headers"]["Authorization"] == "***"
    call = next(entry for entry in entries if entry["method"] == "GET")
    assert call["headers"]["Cookie"] == "***"
    assert {entry["tags"]["raw_path"] for entry in entries if entry["method"] != "GET"} == {LOGIN, LOGOUT}


def test_login_sent_as_json__its_credentials_are_not_journaled(browser: FlaskClient) -> None:
    client = browser
    secret = base64.b64encode(b"demo-agent:demo-password").decode()
    answer = client.post("/sinch/ecfs/authentication/", headers={"Authorization": "ECFAuth"},
                         json={"Authorization": f"Basic {secret}"})
    assert answer.status_code == 401
    assert secret not in client.get("/__admin/requests").get_data(as_text=True)
