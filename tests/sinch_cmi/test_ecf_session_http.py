"""The ECF web session over real HTTP against `ccsim serve`, called as Sinch's public samples call it."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from urllib import parse
from xml.etree import ElementTree

import pytest
import requests

from tests.test_server_smoke import TIMEOUT, Server, running_server

USER, PASSWORD = "demo-restricted", "demo-password"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_server(tmp_path_factory.mktemp("ecf-session")) as started:
        yield started


def tenant(server: Server) -> str:
    """The tenant base URL the samples start from (`https://prod-eu.sapcctr.com/standarddemo`)."""
    return f"{server.url}/sinch"


def sample_login(server: Server) -> list[tuple[str, str]]:
    """`authenticate()` of sinch-contact-pro/chatbot-integration py/agentbot/agentbot.py, step by step."""
    basic = USER + ":" + PASSWORD
    b64_str = "Basic " + base64.b64encode(basic.encode("ascii")).decode("ascii")
    data = parse.urlencode({"Authorization": b64_str}).encode()
    heads = {"Content-Type": "application/x-www-form-urlencoded", "Origin": "prod-eu.sapcctr.com",
             "Authorization": "ECFAUTH"}
    resp = requests.post(tenant(server) + "/ecfs/authentication", headers=heads, data=data, timeout=TIMEOUT)
    assert resp.status_code == 200, resp.text
    jsessionid = requests.utils.dict_from_cookiejar(resp.cookies)["JSESSIONID"]
    return [("Cookie", "JSESSIONID=" + jsessionid)]


def test_the_python_sample_logs_in_then_calls_the_ri_with_the_cookie_alone(server: Server) -> None:
    cookiehead = dict(sample_login(server))
    ri = tenant(server) + "/ecfs/RI/cmi"
    as_json = requests.get(f"{ri}/contacts?limit=3", headers={**cookiehead, "Accept": "application/json"},
                           timeout=TIMEOUT)
    assert as_json.status_code == 200 and as_json.headers["Content-Type"].startswith("application/json")
    contacts = as_json.json()
    assert len(contacts) == 3
    as_xml = requests.get(f"{ri}/contacts?limit=3", headers={**cookiehead, "Accept": "application/xml"},
                          timeout=TIMEOUT)
    assert as_xml.status_code == 200 and as_xml.headers["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(as_xml.content)
    assert root.tag == "contacts" and [c.findtext("id") for c in root] == [c["id"] for c in contacts]
    assert requests.get(f"{ri}/messages", headers=cookiehead, timeout=TIMEOUT).status_code == 403  # her rights


def test_a_cookie_jar_session_as_the_cpc_library_holds_it(server: Server) -> None:
    """CPC.js: POST `ecfs/authentication/` (trailing slash), RI calls with `credentials: 'include'`, DELETE to
    log out; a requests.Session keeps the cookie as the browser does."""
    browser = requests.Session()
    browser.headers["X-Simulator-Namespace"] = "ecf-http-cpc"
    form = "Authorization=" + parse.quote("Basic " + base64.b64encode(b"demo-agent:demo-password").decode())
    login = browser.post(tenant(server) + "/ecfs/authentication/", data=form, timeout=TIMEOUT,
                         headers={"AUTHORIZATION": "ECFAuth", "Content-Type": "application/x-www-form-urlencoded"})
    assert login.status_code == 200 and login.json()["username"] == "demo-agent"
    ri = tenant(server) + "/ecfs/RI/cmi"
    listed = browser.get(f"{ri}/contacts?limit=10", headers={"Content-Type": "application/json"}, timeout=TIMEOUT)
    with_basic = requests.get(f"{server.url}/sinch/cmi/contacts?limit=10", auth=("demo-agent", "demo-password"),
                              headers={"X-Simulator-Namespace": "ecf-http-cpc"}, timeout=TIMEOUT)
    assert listed.status_code == 200  # the same records (durations of open contacts grow on a running clock)
    assert [c["id"] for c in listed.json()] == [c["id"] for c in with_basic.json()]
    created = browser.post(f"{ri}/callbacks", json={"customerNumber": "+358401234567", "callbackQueueNumber": "152"},
                           timeout=TIMEOUT)
    assert created.status_code == 201
    assert created.headers["Location"] == f"{ri}/callbacks/{created.text}"
    xml = browser.get(created.headers["Location"], headers={"Accept": "application/xml"}, timeout=TIMEOUT)
    assert xml.status_code == 200 and ElementTree.fromstring(xml.content).findtext("customerNumber") == "+358401234567"
    assert "Cookie" not in browser.get(f"{server.url}/sinch/cmi/contacts", timeout=TIMEOUT).request.headers
    assert browser.delete(tenant(server) + "/ecfs/authentication/", timeout=TIMEOUT).status_code == 200
    assert not browser.cookies  # the expired cookie left the jar
    assert browser.get(f"{ri}/contacts?limit=1", timeout=TIMEOUT).status_code == 401


def test_a_browser_preflight_and_credentialed_answer(server: Server) -> None:
    origin = "http://localhost:3000"
    url = tenant(server) + "/ecfs/authentication/"
    preflight = requests.options(url, timeout=TIMEOUT, headers={
        "Origin": origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type"})
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == origin
    assert preflight.headers["Access-Control-Allow-Credentials"] == "true"
    login = requests.post(url, timeout=TIMEOUT, data={"Authorization": "Basic " + base64.b64encode(
        f"{USER}:{PASSWORD}".encode()).decode()}, headers={"Authorization": "ECFAuth", "Origin": origin,
                                                          "X-Simulator-Namespace": "ecf-http-cors"})
    assert login.status_code == 200 and login.headers["Access-Control-Allow-Origin"] == origin
    assert "JSESSIONID" in login.cookies
