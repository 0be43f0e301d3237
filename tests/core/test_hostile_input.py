"""Hostile input gets a 4xx in the owning API's shape: huge integers, odd XML encodings, the clock's edges."""

from __future__ import annotations

import json

import pytest
from flask import Flask
from flask.testing import FlaskClient

from simulator.core.clock import LATEST, Clock
from tests.chatwoot.support import ADMIN_TOKEN
from tests.conftest import ROBIN_AUTH, WEBSHOP_AUTH
from tests.core.builders import assert_problem
from tests.sinch_cmi.support import CMI_AUTH

HUGE = "1" * 5000  # Python refuses to convert integers of more than 4300 digits
PLATFORM = {"api_access_token": "demo-chatwoot-platform-token"}
CHATWOOT = {"api_access_token": ADMIN_TOKEN}
JSON_WRITES = [  # one JSON write of each API: what a malformed body gets there
    ("/robin/dynamic/customers", ROBIN_AUTH),
    ("/sinch/cmi/callbacks", CMI_AUTH),
    ("/chatwoot/api/v1/accounts/1/contacts", CHATWOOT),
    ("/__admin/clock/advance", {}),
]


def credentials_for(path: str) -> dict[str, str]:
    if path.startswith("/robin/webshop"):
        return WEBSHOP_AUTH
    if path.startswith("/robin"):
        return ROBIN_AUTH
    if path.startswith("/sinch/cmi"):
        return CMI_AUTH
    if path.startswith("/chatwoot/platform"):
        return PLATFORM
    return CHATWOOT if path.startswith("/chatwoot") else {}


def writes(app: Flask) -> list[tuple[str, str]]:
    """Every POST, PUT and PATCH route of the app, its path parameters filled with `1`."""
    found = {(method, _fill(rule.rule)) for rule in app.url_map.iter_rules()
             for method in (rule.methods or set()) & {"POST", "PUT", "PATCH"}}
    return sorted(found)


def _fill(rule: str) -> str:
    """`/a/<int:id>/b/<name>` → `/a/1/b/1`."""
    parts = []
    for segment in rule.split("/"):
        parts.append("1" if segment.startswith("<") and segment.endswith(">") else segment)
    return "/".join(parts)


def test_huge_json_integer__is_a_4xx_on_every_write_route(unlimited_app: Flask) -> None:
    client = unlimited_app.test_client()
    body = '{"id": ' + HUGE + ', "seconds": ' + HUGE + ', "customers": [' + HUGE + "]}"
    statuses: dict[str, int] = {}

    for method, path in writes(unlimited_app):
        response = client.open(path, method=method, data=body, content_type="application/json",
                               headers=credentials_for(path))
        statuses[f"{method} {path}"] = response.status_code

    server_errors = {route: status for route, status in statuses.items() if status >= 500}
    assert server_errors == {}
    assert sum(status == 400 for status in statuses.values()) >= 40  # the body was parsed and refused


@pytest.mark.parametrize(("path", "headers"), JSON_WRITES)
def test_huge_json_integer__answers_like_any_malformed_json(
    unlimited_app: Flask, path: str, headers: dict[str, str]
) -> None:
    client = unlimited_app.test_client()
    malformed = client.post(path, data="{", content_type="application/json", headers=headers)

    huge = client.post(path, data=HUGE, content_type="application/json", headers=headers)

    assert malformed.status_code in (400, 422)
    assert (huge.status_code, huge.mimetype) == (malformed.status_code, malformed.mimetype)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity", "1e999", "-2e400"])
@pytest.mark.parametrize(("path", "headers"), JSON_WRITES)
def test_nan_and_infinity_in_json__answer_like_any_malformed_json(
    unlimited_app: Flask, path: str, headers: dict[str, str], constant: str
) -> None:
    """Python's parser reads them; JSON, Rails, Jackson and System.Text.Json do not, and nothing is stored."""
    client = unlimited_app.test_client()
    malformed = client.post(path, data="{", content_type="application/json", headers=headers)
    before = client.get("/__admin/state").get_json()

    body = '{"name": "x", "seconds": ' + constant + ', "custom_attributes": {"a": ' + constant + "}}"
    refused = client.post(path, data=body, content_type="application/json", headers=headers)

    assert malformed.status_code in (400, 422)
    assert (refused.status_code, refused.mimetype, refused.get_data()) == (
        malformed.status_code, malformed.mimetype, malformed.get_data())
    assert client.get("/__admin/state").get_json()["vendors"] == before["vendors"]


def test_nan_after_a_byte_order_mark__is_cmis_malformed_json(cmi: object) -> None:
    malformed = cmi.post("/callbacks", data=b"\xef\xbb\xbf{", content_type="application/json")  # type: ignore[attr-defined]

    refused = cmi.post("/callbacks", data=b'\xef\xbb\xbf{"a": NaN}', content_type="application/json")  # type: ignore[attr-defined]

    assert malformed.status_code == 400
    assert (refused.status_code, refused.get_data()) == (malformed.status_code, malformed.get_data())


@pytest.mark.parametrize("encoding", ["UTF-7", "UTF-32", "EBCDIC", "no-such-encoding", "cp500", "UTF-16"])
def test_xml_declaration_with_an_unreadable_encoding__is_400_text(cmi: object, encoding: str) -> None:
    body = f'<?xml version="1.0" encoding="{encoding}"?><contact><subject>x</subject></contact>'

    response = cmi.post("/callbacks", data=body.encode(), content_type="application/xml")  # type: ignore[attr-defined]

    assert response.status_code == 400, response.get_data(as_text=True)
    assert response.mimetype == "text/plain"
    assert response.get_data(as_text=True).startswith("Malformed XML")


def test_clock_put_beyond_the_latest_instant__is_400(client: FlaskClient, clock: Clock) -> None:
    before = clock.now()

    response = client.put("/__admin/clock", json={"now": "9999-12-31T00:00:00Z"})

    assert_problem(response, 400, "now", LATEST.isoformat())
    assert clock.now() == before


def test_clock_advance_past_the_latest_instant__is_400_and_leaves_the_clock(
    client: FlaskClient, clock: Clock
) -> None:
    assert client.put("/__admin/clock", json={"now": "8999-06-01T00:00:00Z"}).status_code == 200
    before = clock.now()

    response = client.post("/__admin/clock/advance", json={"seconds": 3 * 365 * 86400})

    assert_problem(response, 400, "seconds")
    assert clock.now() == before


def test_clock_at_the_latest_instant__vendor_writes_and_reads_answer(
    unlimited_app: Flask, clock: Clock, cmi: object, chatwoot: object
) -> None:
    client = unlimited_app.test_client()
    assert client.put("/__admin/clock", json={"now": LATEST.isoformat()}).status_code == 200

    answers = [
        client.post("/robin/conversations", json={}, headers=ROBIN_AUTH),
        client.post("/robin/dynamic/customers", json={"customers": []}, headers=ROBIN_AUTH),
        cmi.get("/messages"),  # type: ignore[attr-defined]
        cmi.get("/contacts"),  # type: ignore[attr-defined]
        chatwoot.get("/chatwoot/api/v1/accounts/1/conversations"),  # type: ignore[attr-defined]
        chatwoot.post("/chatwoot/api/v1/accounts/1/conversations/1/toggle_status",  # type: ignore[attr-defined]
                      json={"status": "snoozed"}),
        chatwoot.get("/chatwoot/api/v1/accounts/1/reports/summary?type=account"),  # type: ignore[attr-defined]
    ]

    assert [response.status_code for response in answers if response.status_code >= 500] == []


def test_large_json_number__stays_a_4xx_in_the_state_import(client: FlaskClient) -> None:
    response = client.put("/__admin/state", data='{"format": "ccsim-state/1", "seed": ' + HUGE + "}",
                          content_type="application/json")

    assert_problem(response, 400)


def test_huge_json_integer_in_a_query_free_body__is_journaled_without_error(
    free_robin: FlaskClient,
) -> None:
    free_robin.post("/robin/dynamic/customers", data=HUGE, content_type="application/json")

    (entry,) = free_robin.get("/__admin/requests").get_json()["requests"]

    assert entry["status"] == 400
    assert json.loads(json.dumps(entry))["body_size"] == len(HUGE)


QUERY_NAMES = ("page", "per_page", "limit", "skip", "id", "inbox_id", "team_id", "assignee_id", "label",
               "before", "after", "since", "until", "type", "metric", "status", "q", "sort", "startTime", "endTime",
               "email", "phone", "order_number", "apikey", "Channel", "conversation_id", "contact_id", "user_id")


def reads(app: Flask) -> list[str]:
    """Every GET route of the vendors and the control API, path parameters filled with `1`."""
    return sorted({_fill(rule.rule) for rule in app.url_map.iter_rules()
                   if "GET" in (rule.methods or set()) and rule.rule.startswith(("/robin", "/sinch", "/chatwoot",
                                                                                 "/__admin"))})


@pytest.mark.parametrize("value", [HUGE, "-" + HUGE, "9" * 30, "1e999", "\u0661\u0662"])
def test_long_numbers_in_query_and_path__never_a_5xx(unlimited_app: Flask, value: str) -> None:
    client = unlimited_app.test_client()
    query = {name: value for name in QUERY_NAMES}
    failures = {}

    for path in reads(unlimited_app):
        for target in (path, path.replace("/1", f"/{value}")):
            headers = credentials_for(target)
            response = client.get(target, query_string=query, headers=headers)
            if response.status_code >= 500:
                failures[target] = response.status_code

    assert failures == {}


@pytest.mark.parametrize("value", [HUGE, "9" * 25, "-" + "9" * 25])
def test_long_numbers_as_string_ids_in_chatwoot_bodies__never_a_5xx(chatwoot: object, value: str) -> None:
    calls = [
        ("POST", "/chatwoot/api/v1/accounts/1/conversations/1/assignments", {"assignee_id": value}),
        ("POST", "/chatwoot/api/v1/accounts/1/conversations/1/assignments", {"team_id": value}),
        ("POST", "/chatwoot/api/v1/accounts/1/conversations", {"inbox_id": value, "contact_id": value}),
        ("POST", "/chatwoot/api/v1/accounts/1/conversations/filter?page=" + value, {"payload": []}),
        ("PATCH", "/chatwoot/api/v1/accounts/1/contacts/1", {"name": value}),
    ]

    statuses = [chatwoot.call(method, path, json=body).status_code for method, path, body in calls]  # type: ignore[attr-defined]

    assert [status for status in statuses if status >= 500] == []


@pytest.mark.parametrize("header", ["Basic \u00e9", "Basic /w==", "Basic w6k=", "Basic ====", "Basic"])
@pytest.mark.parametrize(("method", "path"), [
    ("POST", "/robin/conversations"),
    ("GET", "/robin/webshop/customers?email=a@b.c"),
    ("GET", "/sinch/cmi/contacts"),
])
def test_malformed_basic_credentials__are_401(unlimited_app: Flask, header: str, method: str, path: str) -> None:
    response = unlimited_app.test_client().open(path, method=method, json={} if method == "POST" else None,
                                                headers={"Authorization": header.encode("utf-8").decode("latin-1")})

    assert response.status_code == 401, response.get_data(as_text=True)


@pytest.mark.parametrize("window", [f"since={HUGE}&until=1", f"since=1&until={HUGE}", f"since=-{HUGE}&until={HUGE}"])
@pytest.mark.parametrize("report", ["reports?metric=conversations_count&type=account", "reports/summary?type=account"])
def test_long_report_windows__never_a_5xx(chatwoot: object, report: str, window: str) -> None:
    response = chatwoot.get(f"/chatwoot/api/v2/accounts/1/{report}&{window}")  # type: ignore[attr-defined]

    assert response.status_code < 500, response.get_data(as_text=True)


@pytest.mark.parametrize(("path", "body"), [
    ("/contactData", '{"contactId": "\\ud800"}'),
    ("/scriptResults", '{"script_id": "\\ud800", "contactId": "\\udfff"}'),
    ("/callbacks", '{"queueId": "\\ud800"}'),
])
def test_lone_surrogates_in_json__are_a_plain_400(cmi: object, path: str, body: str) -> None:
    response = cmi.post(path, data=body, content_type="application/json")  # type: ignore[attr-defined]

    assert response.status_code == 400, response.get_data(as_text=True)
    assert response.mimetype == "text/plain"
