"""Helpers for the ROBIN tests: canonical ids, request payloads and state inspection."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.serving import make_server
from werkzeug.test import TestResponse

from simulator import create_app
from simulator.config import Config
from simulator.core.clock import Clock
from tests.conftest import FROZEN_AT, ROBIN_AUTH, ROBIN_KEY, WEBSHOP_AUTH

CANONICAL_GUID = "400a5018-0bee-44a4-fe5e-14d431134de5"
CANONICAL_CONVERSATION_ID = "28ba3e2a-55e6-ec11-9973-8038fb72f8ed"
ORDER_GUID = "2eeb7f72-0239-4104-9d85-d2300d214ff2"
VOIP_URL = f"/robin/voip/registerevent/{ROBIN_KEY}"
PRESENCE_URL = "/robin/presence/api/v1"
FROZEN_ISO = "2025-01-15T12:00:00+00:00"
FROZEN_NAIVE = "2025-01-15T12:00:00"
EXCLUDED_MOUNTS = ("/robin/webshop", "/robin/presence", "/robin/voip")
CHANNEL_WEBHOOK = "robin.channel_webhook"  # outbox kinds
PROFILE_FETCH = "robin.dynamic_integration"


@cache
def basic_auth_routes() -> tuple[tuple[str, str], ...]:
    """(method, path) of every ROBIN route that takes HTTP Basic auth, read from the URL map of an app built once."""
    application = make_app()
    try:
        rules = list(application.url_map.iter_rules())
    finally:
        close_app(application)
    found: set[tuple[str, str]] = set()
    for rule in rules:
        path = rule.rule
        if not (path == "/robin" or path.startswith("/robin/")):
            continue
        if any(path == mount or path.startswith(mount + "/") for mount in EXCLUDED_MOUNTS):
            continue
        for method in rule.methods or ():
            if method not in {"HEAD", "OPTIONS"}:
                found.add((method, path))
    return tuple(sorted(found))


def customer(**overrides: Any) -> dict[str, Any]:
    """A customer as documented for POST /dynamic/customers/."""
    return {
        "email_address": "email@address.com",
        "customer_since": "2017-01-29T12:34:56Z",
        "order_count": 12,
        "total_revenue": 123.45,
        "currency": "$",
        "last_order_date": "2017-04-05T12:34:56Z",
        **overrides,
    }


def order(**overrides: Any) -> dict[str, Any]:
    """An order as documented for POST /dynamic/orders/."""
    return {
        "order_number": "O1243",
        "email_address": "email@address.com",
        "revenue": 113.34,
        "profit": 13.34,
        "order_date": "2017-04-05T12:34:56Z",
        "is_first_order": True,
        "webstore_url": "https://www.yourwebstore.com/",
        **overrides,
    }


def channel_message(**overrides: Any) -> dict[str, Any]:
    """An incoming custom-channel message as documented for POST /messages/."""
    return {
        "ChannelAccountExternalIdentifier": "customChannel",
        "ConversationGuid": "",
        "ConversationExternalIdentifier": "conv-1",
        "MessageExternalIdentifier": "msg-1",
        "RelationExternalIdentifier": "new.customer@example.com",
        "RelationName": "New Customer",
        "Content": "This is a message",
        "IsPrivate": False,
        "Referrer": "http://cm.com",
        "Subject": "Question",
        "SentDateTime": "2017-09-12T12:34:56",
        "Attachments": [{"FileName": "attachment.txt", "Base64Content": "MQ=="}],
        **overrides,
    }


def voip_event(**overrides: Any) -> dict[str, Any]:
    """A VoIP register event as documented."""
    return {
        "Id": "24c562241e9f",
        "EventType": "Answered",
        "PhoneNumber": "+31612345678",
        "PhoneExtension": "201",
        "Direction": "Inbound",
        "PhoneReferrer": "+31858770023",
        **overrides,
    }


def post_robin(client: FlaskClient, path: str, body: Any) -> TestResponse:
    return client.post(path, json=body, headers=ROBIN_AUTH)


def conversations(client: FlaskClient, **query: Any) -> list[dict[str, Any]]:
    """POST /robin/conversations with the demo credentials; the `conversations` list."""
    response = post_robin(client, "/robin/conversations", query)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["conversations"]


def all_conversations(client: FlaskClient, **query: Any) -> list[dict[str, Any]]:
    """Every page of POST /robin/conversations, following `skip`."""
    found: list[dict[str, Any]] = []
    while True:
        page = conversations(client, skip=len(found), **query)
        if not page:
            return found
        found.extend(page)


def detail(client: FlaskClient, guid: str, tenant: str | None = None) -> dict[str, Any]:
    """The admin view of a conversation (call log, profile, external ids)."""
    suffix = f"?tenant={tenant}" if tenant else ""
    response = client.get(f"/__admin/robin/conversations/{guid}{suffix}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def tenant_state(client: FlaskClient, key: str = ROBIN_KEY) -> dict[str, Any]:
    """One tenant's records, as exported by GET /__admin/state."""
    response = client.get("/__admin/state")
    assert response.status_code == 200
    return response.get_json()["vendors"]["robin"]["tenants"][key]


def robin_state(client: FlaskClient) -> dict[str, Any]:
    response = client.get("/__admin/state")
    assert response.status_code == 200
    return response.get_json()["vendors"]["robin"]


def conversation_for_call(client: FlaskClient, call_id: str) -> dict[str, Any]:
    """The exported conversation that logs the phone call `call_id`."""
    matches = [
        c
        for c in tenant_state(client)["conversations"]
        if c.get("call") and c["call"]["call_id"] == call_id
    ]
    assert len(matches) == 1, f"{len(matches)} conversations for call {call_id!r}"
    return matches[0]


def new_conversations(client: FlaskClient, before: dict[str, Any]) -> list[dict[str, Any]]:
    """Exported conversations that did not exist in the tenant export `before`."""
    known = {c["guid"] for c in before["conversations"]}
    return [c for c in tenant_state(client)["conversations"] if c["guid"] not in known]


def set_channel(client: FlaskClient, **fields: Any) -> dict[str, Any]:
    """Configure (or replace) a custom channel through the admin API."""
    body = {"external_identifier": "customChannel", "name": "Custom channel", **fields}
    response = client.post("/__admin/robin/channels", json=body)
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()


def deliveries(client: FlaskClient, kind: str) -> list[dict[str, Any]]:
    """The outbox's deliveries of one kind (CHANNEL_WEBHOOK, PROFILE_FETCH)."""
    response = client.get("/__admin/outbox", query_string={"kind": kind})
    assert response.status_code == 200
    return response.get_json()["deliveries"]


def webshop_get(client: FlaskClient, endpoint: str, **query: str) -> TestResponse:
    """GET /robin/webshop/<endpoint> with the demo pre-shared key."""
    return client.get(f"/robin/webshop/{endpoint}", query_string=query, headers=WEBSHOP_AUTH)


def webshop_ok(client: FlaskClient, endpoint: str, **query: str) -> Any:
    """The JSON of the example webshop's 200 answer."""
    response = webshop_get(client, endpoint, **query)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    return response.get_json()


def make_app(**config: Any) -> Flask:
    """A fresh simulator with a frozen clock (for module-scoped, read-only fixtures)."""
    return create_app(Config(**config), clock=Clock(frozen_at=FROZEN_AT))


def close_app(app: Flask) -> None:
    app.extensions["simulator"].outbox.shutdown()


def settle(client: FlaskClient) -> None:
    """Wait for the background work (profile fetches, webhooks) that requests have queued."""
    assert client.application.extensions["simulator"].outbox.join()


@contextmanager
def serving(app: Callable[..., Any]) -> Iterator[str]:
    """Serve a WSGI app over real HTTP on a free local port."""
    server = make_server(host="127.0.0.1", port=0, app=app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
