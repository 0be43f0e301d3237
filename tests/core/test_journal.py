"""The request journal: what vendor APIs received, filterable, bounded, secrets redacted."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from simulator import create_app
from simulator.config import Config
from simulator.core.journal import Exchange, Journal, Kept, redact_query, redact_text, request_headers
from tests.conftest import ROBIN_AUTH, ROBIN_KEY, WEBSHOP_AUTH, basic
from tests.core.builders import customers, in_namespace

VOIP_EVENT = {
    "Id": "journal-call",
    "EventType": "Answered",
    "PhoneNumber": "+31687654321",
    "PhoneExtension": "201",
    "Direction": "Inbound",
}


def journal(client: FlaskClient, query: str = "?vendor=robin", namespace: str = "default") -> list[dict]:
    """ROBIN's entries by default: new conversations also make the in-process webshop journal
    the profile fetch (vendor robin-webshop), in the background."""
    response = client.get(f"/__admin/requests{query}", headers=in_namespace(namespace))
    assert response.status_code == 200
    return response.get_json()["requests"]


def test_journal__records_method_path_status_and_bodies(free_robin: FlaskClient) -> None:
    payload = customers("journal@example.com")
    free_robin.post("/robin/dynamic/customers", json=payload)
    free_robin.post("/robin/conversations", json={"emailAddress": "journal@example.com"})

    entries = journal(free_robin)

    assert [(e["method"], e["path"], e["status"]) for e in entries] == [
        ("POST", "/robin/dynamic/customers", 201),
        ("POST", "/robin/conversations", 200),
    ]
    first, second = entries
    assert first["vendor"] == "robin"
    assert json.loads(first["body"]) == payload
    assert first["response_body"] == ""
    assert json.loads(second["response_body"]) == {"conversations": []}
    assert first["at"] == "2025-01-15T12:00:00+00:00"
    assert first["id"] < second["id"]


def test_journal__records_refused_requests_with_their_status(free_robin: FlaskClient) -> None:
    free_robin.post("/robin/dynamic/customers", json={"customers": [{"email_address": "x"}]})
    free_robin.post("/robin/conversations", json={}, headers=basic("nope", "no"))

    entries = journal(free_robin)

    assert [e["status"] for e in entries] == [400, 401]
    assert "message" in json.loads(entries[1]["response_body"])


def test_journal__records_query_parameters(free_robin: FlaskClient) -> None:
    free_robin.get("/robin/presence/api/v1?Channel=Chat&apikey=" + ROBIN_KEY)

    (entry,) = journal(free_robin)

    assert entry["method"] == "GET"
    assert entry["query"]["Channel"] == "Chat"
    assert entry["response_body"] in {"Online", "Offline"}


def test_journal__filters_by_vendor_method_and_path(free_robin: FlaskClient) -> None:
    free_robin.post("/robin/conversations", json={})
    free_robin.post("/robin/dynamic/customers", json=customers("f@example.com"))
    free_robin.get("/robin/presence/api/v1?Channel=Chat&apikey=" + ROBIN_KEY)
    free_robin.get("/robin/webshop/customers?email=nobody@example.com", headers=WEBSHOP_AUTH)

    by_vendor = journal(free_robin, "?vendor=robin-webshop")
    by_method = journal(free_robin, "?method=get")
    by_path = journal(free_robin, "?path=dynamic")
    combined = journal(free_robin, "?vendor=robin&method=GET")

    assert [(e["vendor"], e["path"]) for e in by_vendor] == [
        ("robin-webshop", "/robin/webshop/customers")
    ]
    assert [e["path"] for e in by_method] == ["/robin/presence/api/v1", "/robin/webshop/customers"]
    assert [e["path"] for e in by_path] == ["/robin/dynamic/customers"]
    assert [e["path"] for e in combined] == ["/robin/presence/api/v1"]
    assert len(journal(free_robin, "?vendor=robin")) == 3


def test_journal__path_filter_finds_the_path_as_sent_or_as_routed(free_robin: FlaskClient) -> None:
    free_robin.post("/robin/dynamic/customers/", json=customers("f@example.com"))

    assert [e["path"] for e in journal(free_robin, "?path=/robin/dynamic/customers/")] == ["/robin/dynamic/customers"]
    assert [e["path"] for e in journal(free_robin, "?path=/robin/dynamic/customers")] == ["/robin/dynamic/customers"]


def test_journal__delete_clears_only_the_header_namespace(free_robin: FlaskClient) -> None:
    free_robin.post("/robin/conversations", json={})
    free_robin.post("/robin/conversations", json={})
    free_robin.post("/robin/conversations", json={}, headers=in_namespace("other"))

    response = free_robin.delete("/__admin/requests")

    assert response.status_code == 200
    assert response.get_json() == {"cleared": 2}
    assert journal(free_robin) == []
    assert len(journal(free_robin, namespace="other")) == 1


def test_journal__is_kept_per_namespace(free_robin: FlaskClient) -> None:
    free_robin.post("/robin/conversations", json={}, headers=in_namespace("a"))

    assert [e["path"] for e in journal(free_robin, namespace="a")] == ["/robin/conversations"]
    assert journal(free_robin, namespace="b") == []
    assert journal(free_robin) == []


def test_journal__admin_calls_are_not_recorded(free_robin: FlaskClient) -> None:
    free_robin.post("/robin/conversations", json={})
    free_robin.get("/__admin/health")
    free_robin.get("/__admin/state")
    free_robin.post("/__admin/clock/advance", json={"seconds": 1})
    free_robin.get("/docs")
    free_robin.get("/openapi/robin.json")

    assert [e["path"] for e in journal(free_robin)] == ["/robin/conversations"]


def test_journal__redacts_authorization_header(free_robin: FlaskClient) -> None:
    free_robin.post("/robin/conversations", json={})

    (entry,) = journal(free_robin)

    assert entry["headers"]["Authorization"] == "***"
    assert ROBIN_AUTH["Authorization"].split()[1] not in json.dumps(entry)


def test_journal__redacts_voip_key_in_path(free_robin: FlaskClient) -> None:
    response = free_robin.post(f"/robin/voip/registerevent/{ROBIN_KEY}", json=VOIP_EVENT)
    assert response.status_code == 201

    (entry,) = journal(free_robin)

    assert entry["path"] == "/robin/voip/registerevent/***"
    assert entry["tags"]["raw_path"] == "/robin/voip/registerevent/***"
    assert ROBIN_KEY not in json.dumps(entry)


def test_journal__redacts_unknown_voip_key_in_path(free_robin: FlaskClient) -> None:
    response = free_robin.post("/robin/voip/registerevent/guessed-key-123", json=VOIP_EVENT)
    assert response.status_code == 401

    (entry,) = journal(free_robin)

    assert entry["path"] == "/robin/voip/registerevent/***"
    assert "guessed-key-123" not in json.dumps(entry)


def test_journal__redacts_voip_key_when_no_route_matches(free_robin: FlaskClient) -> None:
    response = free_robin.get(f"/robin/voip/registerevent/{ROBIN_KEY}")
    assert response.status_code == 405

    (entry,) = journal(free_robin)

    assert entry["status"] == 405
    assert entry["path"] == "/robin/voip/registerevent/***"
    assert ROBIN_KEY not in json.dumps(entry)


def test_journal__redacts_voip_key_in_raw_path_with_double_slashes(free_robin: FlaskClient) -> None:
    free_robin.post(f"/robin//voip//registerevent//{ROBIN_KEY}/", json=VOIP_EVENT)

    (entry,) = journal(free_robin)

    assert ROBIN_KEY not in json.dumps(entry)


def test_journal__redacts_presence_apikey_query_parameter(free_robin: FlaskClient) -> None:
    free_robin.get(f"/robin/presence/api/v1?apikey={ROBIN_KEY}&Channel=Chat")

    (entry,) = journal(free_robin)

    assert entry["query"] == {"apikey": "***", "Channel": "Chat"}
    assert ROBIN_KEY not in json.dumps(entry)


def test_journal__redacts_secret_values_in_json_bodies(free_robin: FlaskClient) -> None:
    body = {
        "emailAddress": "kept@example.com",
        "password": "hunter2",
        "token": "tok-123",
        "client_secret": "s3cr3t",
        "nested": {"api_token": "inner-456", "AccessToken": 987654321},
        "quoted": {"password": 'pa"ss-tail'},
    }
    free_robin.post("/robin/conversations", json=body)

    (entry,) = journal(free_robin)

    for secret in ("hunter2", "tok-123", "s3cr3t", "inner-456", "987654321", "ss-tail"):
        assert secret not in entry["body"]
    assert "kept@example.com" in entry["body"]
    assert entry["body"].count('"***"') == 6


def test_journal__keeps_raw_path_in_tags(free_robin: FlaskClient) -> None:
    response = free_robin.post(
        "/", environ_overrides={"PATH_INFO": "//robin//conversations/"}, json={}
    )
    assert response.status_code == 200

    (entry,) = journal(free_robin)

    assert entry["path"] == "/robin/conversations"
    assert entry["tags"]["raw_path"] == "//robin//conversations/"


@pytest.fixture
def small_journal_app() -> Iterator[Flask]:
    app = create_app(Config(journal_size=3, rate_limits=False))
    yield app
    app.extensions["simulator"].outbox.shutdown()


def test_journal__is_bounded_by_journal_size_keeping_the_newest(
    small_journal_app: Flask,
) -> None:
    client = small_journal_app.test_client()
    for number in range(5):
        body = {"emailAddress": f"n{number}@example.com"}
        client.post("/robin/conversations", json=body, headers=ROBIN_AUTH)

    entries = journal(client)

    assert [json.loads(e["body"])["emailAddress"] for e in entries] == [
        "n2@example.com",
        "n3@example.com",
        "n4@example.com",
    ]


def entry(number: int, **values: Any) -> Exchange:
    fields: dict[str, Any] = {
        "vendor": "v", "method": "GET", "path": "/v/x", "raw_path": "/v/x", "query_string": b"",
        "headers": {}, "body": b"", "status": 200, "response_body": b"", "duration_ms": 0.0,
        "redact_path": lambda path: path,
    }
    merged = {**fields, **values}
    for name in ("body", "response_body"):
        merged[name] = Kept.of(merged[name], 4096)
    return Exchange(id=number, at=datetime(2025, 1, 1, tzinfo=UTC), **merged)


def test_exchange__is_redacted_when_read() -> None:
    exchange = entry(
        1,
        path="/v/key-123",
        raw_path="//v/key-123/",
        query_string=b"apikey=k&q=v&q=w",
        headers=request_headers({"HTTP_AUTHORIZATION": "Basic abc", "HTTP_ACCEPT": "*/*", "wsgi.input": None}),
        body=b'{"api_secret": "s", "name": "n"}',
        response_body=b'{"token": 5}',
        redact_path=lambda path: path.replace("key-123", "***"),
    ).entry()

    assert exchange.path == "/v/***"
    assert exchange.tags == {"raw_path": "//v/***/"}
    assert exchange.query == {"apikey": "***", "q": "v"}
    assert exchange.headers == {"Authorization": "***", "Accept": "*/*"}
    assert exchange.body == '{"api_secret": "***", "name": "n"}'
    assert exchange.response_body == '{"token": "***"}'
    assert exchange.at == "2025-01-01T00:00:00+00:00"


def test_journal_unit__bounded_deque_and_filters() -> None:
    log = Journal(2)
    log.add(entry(log.next_id(), path="/v/first"))
    log.add(entry(log.next_id(), method="POST", path="/v/second"))
    log.add(entry(log.next_id(), vendor="w", path="/w/third"))

    assert [e.id for e in log.entries()] == [2, 3]
    assert [e.id for e in log.entries(vendor="w")] == [3]
    assert [e.id for e in log.entries(method="post")] == [2]
    assert [e.id for e in log.entries(path="third")] == [3]
    assert log.clear() == 2
    assert log.entries() == []
    assert log.next_id() == 4


def test_redact_query__masks_secret_named_parameters_only() -> None:
    assert redact_query({"apikey": "k", "api_key": "k", "access_token": "t", "q": "v"}) == {
        "apikey": "***",
        "api_key": "***",
        "access_token": "***",
        "q": "v",
    }


def test_kept__bounds_long_bodies_and_keeps_their_size() -> None:
    kept = Kept.of(b"x" * 10_000, 4096)

    assert (len(kept.data), kept.size, kept.truncated) == (4096, 10_000, True)
    assert Kept.of(b"short", 4096).truncated is False


def test_kept__a_secret_cut_by_the_bound_is_still_masked() -> None:
    body = b'{"name": "n", "password": "' + b"s" * 100 + b'"}'

    text = Kept.of(body, len(body) - 50).text()

    assert "s" * 10 not in text
    assert text.endswith('"password": "***"')


def test_redact_text__leaves_non_secret_values() -> None:
    text = '{"note": "my password is safe here", "count": 3}'

    assert redact_text(text) == text


def test_redact_text__an_authorization_field_in_json_is_masked() -> None:
    # an ECF login sent as JSON instead of a form: its Basic credentials must not reach the journal
    text = '{"Authorization": "Basic ZGVtby1hZ2VudDpkZW1vLXBhc3N3b3Jk", "user": "demo-agent"}'
    assert redact_text(text) == '{"Authorization": "***", "user": "demo-agent"}'
