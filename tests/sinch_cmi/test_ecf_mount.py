"""/sinch/ecfs/RI/cmi, the RI behind the ECF web server, answers as /sinch/cmi does: bodies, errors, spec."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.sinch_cmi.support import CMI_AUTH, UNKNOWN_GUID

GATEWAY = "/sinch/cmi"
ECF = "/sinch/ecfs/RI/cmi"
EMAIL = "50753BBE49774211AC8286DBCBE17741"  # canonical records (simulator/canonical/sinch_cmi.json)
CALLBACK = "C42C6D5CF4004CC3B75E104654D9C5BE"
XML = {"Accept": "application/xml"}


def answered(response: TestResponse) -> tuple[int, str, bytes, str | None, str | None]:
    return (response.status_code, response.mimetype, response.get_data(), response.headers.get("Allow"),
            response.headers.get("WWW-Authenticate"))


@pytest.mark.parametrize(("method", "path", "headers"), [
    ("GET", "/contacts?limit=5&sort=-arrivalTime", CMI_AUTH),
    ("GET", "/contacts?limit=5", {**CMI_AUTH, **XML}),
    ("GET", f"/emails/{EMAIL}", CMI_AUTH),
    ("GET", f"/emails/{EMAIL}", {**CMI_AUTH, **XML}),
    ("GET", "/emails/50753BBE-4977", CMI_AUTH),  # 400 Invalid GUID
    ("GET", f"/emails/{UNKNOWN_GUID}", CMI_AUTH),  # 404
    ("GET", "/emails", {**CMI_AUTH, "Accept": "text/csv"}),  # 406
    ("GET", "/nothing-here", CMI_AUTH),  # 404 of no route
    ("PATCH", f"/callbacks/{CALLBACK}", CMI_AUTH),  # 405
    ("GET", "/emails", {}),  # 401
    ("GET", "/messages", {"Authorization": "Basic ZGVtby1yZXN0cmljdGVkOmRlbW8tcGFzc3dvcmQ="}),  # 403
])
def test_same_answer_on_both_mounts(browser: FlaskClient, method: str, path: str, headers: dict[str, str]) -> None:
    gateway = answered(browser.open(GATEWAY + path, method=method, headers=headers))
    assert answered(browser.open(ECF + path, method=method, headers=headers)) == gateway


def test_writes__on_the_ecf_mount_locate_their_record_there(browser: FlaskClient) -> None:
    created = browser.post(f"{ECF}/callbacks", headers=CMI_AUTH,
                          json={"customerNumber": "+358401234567", "callbackQueueNumber": "505"})
    assert created.status_code == 201
    assert created.headers["Location"] == f"http://localhost{ECF}/callbacks/{created.get_data(as_text=True)}"
    assert browser.get(created.headers["Location"], headers=CMI_AUTH).status_code == 200
    assert browser.get(f"{GATEWAY}/callbacks/{created.get_data(as_text=True)}", headers=CMI_AUTH).status_code == 200
    updated = browser.put(f"{ECF}/callbacks/{CALLBACK}", headers=CMI_AUTH,
                         json={"customerNumber": "+35854852156", "notes": "Line busy", "lastResult": "BUSY"})
    assert updated.status_code == 204


def test_journal__names_the_mount_called(browser: FlaskClient) -> None:
    browser.get(f"{ECF}/contacts?limit=1", headers=CMI_AUTH)
    entries = browser.get("/__admin/requests", query_string={"vendor": "sinch-cmi"}).get_json()["requests"]
    assert [entry["path"] for entry in entries] == [f"{ECF}/contacts"]


def test_spec__one_document_two_servers(browser: FlaskClient) -> None:
    spec = browser.get("/openapi/sinch-cmi.json").get_json()
    assert [server["url"] for server in spec["servers"]] == [GATEWAY, ECF]
    login = browser.get("/openapi/sinch-ecfs.json").get_json()
    assert [server["url"] for server in login["servers"]] == ["/sinch/ecfs/authentication"]
    assert set(login["paths"]) == {"/", "/logout"}
