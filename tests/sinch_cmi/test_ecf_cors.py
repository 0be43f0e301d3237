"""Browsers of other origins on the ECF web server: preflights and credentialed answers, as Tomcat's CorsFilter."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask.testing import FlaskClient

from simulator.config import Config
from tests.conftest import basic
from tests.sinch_cmi.support import CMI_PASSWORD, CMI_USER, assert_plain, own_app

LOGIN = "/sinch/ecfs/authentication/"
RI = "/sinch/ecfs/RI/cmi"
APP_ORIGIN = "http://localhost:3000"
OTHER_ORIGIN = "https://evil.example.com"
FORM = {"Authorization": basic(CMI_USER, CMI_PASSWORD)["Authorization"]}


def preflight(client: FlaskClient, path: str, origin: str = APP_ORIGIN, method: str = "POST",
              headers: str = "authorization,content-type") -> dict[str, str]:
    response = client.options(path, headers={"Origin": origin, "Access-Control-Request-Method": method,
                                             "Access-Control-Request-Headers": headers})
    return {"status": str(response.status_code), **response.headers}


@contextmanager
def app_with(origins: str) -> Iterator[FlaskClient]:
    """A client of an app whose SIMULATOR_SINCH_CMI_CORS_ORIGINS is `origins`."""
    with own_app(rate_limits=False, sinch_cmi_cors_origins=origins) as app:
        yield app.test_client()


@pytest.fixture
def listed() -> Iterator[FlaskClient]:
    """SIMULATOR_SINCH_CMI_CORS_ORIGINS=http://localhost:3000"""
    with app_with(APP_ORIGIN) as client:
        yield client


@pytest.mark.parametrize(("path", "method", "headers"), [
    (LOGIN, "POST", "authorization,content-type"),  # CPC.js's login
    (LOGIN, "DELETE", ""),  # CPC.js's unload
    (LOGIN + "logout", "POST", ""),
    (f"{RI}/contacts", "GET", "content-type"),  # CPC.RI.request sends Content-Type: application/json
    (f"{RI}/callbacks/C42C6D5CF4004CC3B75E104654D9C5BE", "PUT", "content-type,x-simulator-namespace"),
])
def test_preflight__allowed_origin_gets_credentials_and_the_filters_lists(listed: FlaskClient, path: str,
                                                                           method: str, headers: str) -> None:
    answer = preflight(listed, path, method=method, headers=headers)
    assert answer["status"] == "200"
    assert answer["Access-Control-Allow-Origin"] == APP_ORIGIN  # the origin itself, never `*`
    assert answer["Access-Control-Allow-Credentials"] == "true"
    assert answer["Access-Control-Max-Age"] == "1800"
    assert answer["Access-Control-Allow-Methods"] == "GET,POST,PUT,DELETE,HEAD,OPTIONS"
    assert "Authorization" in answer["Access-Control-Allow-Headers"].split(",")
    assert "Origin" in answer["Vary"]


@pytest.mark.parametrize(("origin", "method", "headers"), [
    (OTHER_ORIGIN, "POST", "content-type"),  # an origin not listed
    (APP_ORIGIN, "PATCH", "content-type"),  # a method not allowed
    (APP_ORIGIN, "POST", "x-custom"),  # a header not allowed
    (APP_ORIGIN, "", ""),  # an empty Access-Control-Request-Method
])
def test_preflight__refused_is_403_without_cors_headers(listed: FlaskClient, origin: str, method: str,
                                                        headers: str) -> None:
    answer = preflight(listed, LOGIN, origin=origin, method=method, headers=headers)
    assert answer["status"] == "403"
    assert "Access-Control-Allow-Origin" not in answer


def test_preflight__without_the_trailing_slash_is_not_routed_to_the_filter(listed: FlaskClient) -> None:
    """CPC.js: "Remember to include last trailing slash - Otherwise pre-flight OPTIONS is not routed to
    CorsFilter": the login answers it as any OPTIONS, with nothing a browser accepts."""
    answer = preflight(listed, LOGIN.rstrip("/"))
    assert answer["status"] == "200" and answer["Allow"]
    assert "Access-Control-Allow-Origin" not in answer


def test_default__any_origin_is_echoed_with_credentials(browser: FlaskClient) -> None:
    for origin in (APP_ORIGIN, OTHER_ORIGIN, "http://127.0.0.1:5173"):
        answer = preflight(browser, LOGIN, origin=origin)
        assert (answer["status"], answer["Access-Control-Allow-Origin"]) == ("200", origin)
    response = browser.post(LOGIN, data=FORM, headers={"Authorization": "ECFAuth", "Origin": OTHER_ORIGIN})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == OTHER_ORIGIN
    assert response.headers["Access-Control-Allow-Credentials"] == "true"


def test_actual_requests__an_allowed_origin_can_read_answers_and_errors(listed: FlaskClient) -> None:
    origin = {"Origin": APP_ORIGIN}
    refused = listed.post(LOGIN, data={}, headers={"Authorization": "ECFAuth", **origin})
    assert refused.status_code == 401 and refused.headers["Access-Control-Allow-Origin"] == APP_ORIGIN
    login = listed.post(LOGIN, data=FORM, headers={"Authorization": "ECFAuth", **origin})
    assert login.status_code == 200 and "JSESSIONID=" in login.headers["Set-Cookie"]
    for response in (login, listed.get(f"{RI}/contacts?limit=1", headers=origin),
                     listed.get(f"{RI}/emails/0123456789ABCDEF0123456789ABCDEF", headers=origin)):
        assert response.headers["Access-Control-Allow-Origin"] == APP_ORIGIN
        assert response.headers["Access-Control-Allow-Credentials"] == "true"
        assert response.headers["Access-Control-Expose-Headers"] == "Location"
        assert "Origin" in response.headers["Vary"]


def test_actual_requests__another_origin_is_refused_before_anything_happens(listed: FlaskClient) -> None:
    login = listed.post(LOGIN, data=FORM, headers={"Authorization": "ECFAuth", "Origin": OTHER_ORIGIN})
    assert_plain(login, 403, "HTTP 403 Forbidden")
    assert "Set-Cookie" not in login.headers and "Access-Control-Allow-Origin" not in login.headers
    listed.post(LOGIN, data=FORM, headers={"Authorization": "ECFAuth"})  # no Origin: not a browser's CORS call
    assert listed.get(f"{RI}/contacts?limit=1").status_code == 200
    assert listed.get(f"{RI}/contacts?limit=1", headers={"Origin": OTHER_ORIGIN}).status_code == 403


def test_actual_requests__same_origin_is_no_cors(listed: FlaskClient) -> None:
    response = listed.post(LOGIN, data=FORM, headers={"Authorization": "ECFAuth", "Origin": "http://localhost"})
    assert response.status_code == 200 and "Access-Control-Allow-Origin" not in response.headers


def test_the_gateway_mount_is_not_behind_the_filter(listed: FlaskClient) -> None:
    """CORS belongs to the ECF web server (`ecfs/…`), not to /sinch/cmi."""
    response = listed.get("/sinch/cmi/contacts?limit=1",
                          headers={"Origin": OTHER_ORIGIN, **basic(CMI_USER, CMI_PASSWORD)})
    assert response.status_code == 200 and "Access-Control-Allow-Origin" not in response.headers


def test_an_empty_setting_allows_no_origin() -> None:
    """Tomcat's own default (cors.allowed.origins empty)."""
    with app_with("") as client:
        assert preflight(client, LOGIN)["status"] == "403"
        assert client.post(LOGIN, data=FORM, headers={"Authorization": "ECFAuth"}).status_code == 200


@pytest.mark.parametrize("setting", ["localhost:3000", "http://localhost:3000/", "ftp://x", "http://a.com?x"])
def test_setting__not_an_origin_stops_the_start(setting: str) -> None:
    with pytest.raises(ValueError, match="SIMULATOR_SINCH_CMI_CORS_ORIGINS"):
        Config.from_env({"SIMULATOR_SINCH_CMI_CORS_ORIGINS": setting})


def test_setting__several_origins_blanks_around_them() -> None:
    with app_with(" http://a.test:8080 , https://b.test ,") as client:
        assert preflight(client, LOGIN, origin="http://a.test:8080")["status"] == "200"
        assert preflight(client, LOGIN, origin="https://b.test")["status"] == "200"
        assert preflight(client, LOGIN, origin="https://b.test:8443")["status"] == "403"
