"""Helpers for the Chatwoot tests: demo tokens, a client that sends them, shared expectations and rule makers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask
from werkzeug.test import TestResponse

from simulator import create_app
from simulator.chatwoot.models import ChatwootState, Conversation
from simulator.config import Config
from simulator.core.clock import Clock
from tests.conftest import FROZEN_AT, Receiver

ADMIN_TOKEN = "demo-chatwoot-admin-token"
AGENT_TOKEN = "demo-chatwoot-agent-token"
BOT_TOKEN = "demo-chatwoot-bot-token"
PLATFORM_TOKEN = "demo-chatwoot-platform-token"
API = "/chatwoot/api/v1"
ACCOUNT = f"{API}/accounts/1"
RULES = f"{ACCOUNT}/automation_rules"
NOT_AUTHORIZED = {"error": "You are not authorized to do this action"}
NOT_FOUND = {"error": "Resource could not be found"}
SIGN_IN = {"errors": ["You need to sign in or sign up before continuing."]}
ISO_MS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")  # a raw record's time
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
TRIAGE_BOT = {"id": 1, "name": "Triage bot", "description": "Answers the first question in the mobile app",
              "outgoing_url": None, "bot_type": "webhook", "bot_config": {}, "account_id": 1,
              "access_token": BOT_TOKEN}
FAQ_BOT = {"id": 2, "name": "FAQ bot", "description": "A bot every account may use", "outgoing_url": None,
           "bot_type": "webhook", "bot_config": {}, "account_id": None}


@contextmanager
def own_app(**settings: Any) -> Iterator[Flask]:
    """An app of its own with these settings, on a clock frozen at FROZEN_AT; its outbox shut down after."""
    app = create_app(Config(**settings), clock=Clock(frozen_at=FROZEN_AT))
    try:
        yield app
    finally:
        app.extensions["simulator"].outbox.shutdown()


def routes_under(prefix: str) -> list[tuple[str, str]]:
    """(method, path) of every route under `prefix` (ids set to 1), read from an app built for it and shut down."""
    found: set[tuple[str, str]] = set()
    with own_app() as app:
        for rule in app.url_map.iter_rules():
            if rule.rule.startswith(prefix):
                path = re.sub(r"<(?:int:)?[^>]+>", "1", rule.rule)
                found |= {(method, path) for method in rule.methods or () if method not in {"HEAD", "OPTIONS"}}
    return sorted(found)


class Chatwoot:
    """Calls the application API with a token (the administrator's by default)."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.client = app.test_client()

    def call(self, method: str, path: str, *, token: str | None = ADMIN_TOKEN, **kwargs: Any) -> TestResponse:
        headers = {"api_access_token": token} if token is not None else {}
        return self.client.open(path, method=method, headers=headers, **kwargs)

    def get(self, path: str, **kwargs: Any) -> TestResponse:
        return self.call("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> TestResponse:
        return self.call("POST", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> TestResponse:
        return self.call("PATCH", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> TestResponse:
        return self.call("PUT", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> TestResponse:
        return self.call("DELETE", path, **kwargs)

    @property
    def state(self) -> ChatwootState:
        return self.app.extensions["simulator"].registry.get().state("chatwoot")

    def conversation(self, display_id: int, account_id: int = 1) -> Conversation:
        """A stored conversation by its display id (the database ids differ)."""
        return next(cv for cv in self.state.conversations.values()
                    if (cv.account_id, cv.display_id) == (account_id, display_id))


def assert_json(response: TestResponse, status: int, body: Any) -> None:
    assert (response.status_code, response.get_json()) == (status, body), response.get_data(as_text=True)
    assert response.mimetype == "application/json"


def ok(response: TestResponse) -> Any:
    """The JSON of a 200 answer."""
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    return response.get_json()


class Deliveries:
    """What the local receiver got, path by path, once every queued delivery has run."""

    def __init__(self, chatwoot: Chatwoot, receiver: Receiver) -> None:
        self.chatwoot = chatwoot
        self.receiver = receiver

    def __call__(self, path: str = "/") -> list[dict[str, Any]]:
        """The bodies received at `path`, in the order they were queued (deliveries run in parallel, as the
        real server's jobs do, so they may arrive in another order)."""
        runtime = self.chatwoot.app.extensions["simulator"]
        assert runtime.outbox.join()
        got = [r["json"] for r in self.receiver.requests if r["path"] == path]
        queued = [d.payload for d in runtime.registry.get().outbox.items() if d.target == self.receiver.url + path]
        assert sorted(map(repr, got)) == sorted(map(repr, queued))
        return sorted(got, key=lambda payload: queued.index(payload))


# ---- automation rules ------------------------------------------------------------------------------


def condition(key: str, operator: str, *values: Any, query_operator: str | None = None) -> dict[str, Any]:
    return {"attribute_key": key, "filter_operator": operator, "values": list(values), "query_operator": query_operator}


def action(name: str, *params: Any) -> dict[str, Any]:
    return {"action_name": name, "action_params": list(params)}


def add_rule(chatwoot: Chatwoot, event: str, conditions: list[dict[str, Any]], actions: list[dict[str, Any]],
             **extra: Any) -> dict[str, Any]:
    return ok(chatwoot.post(RULES, json={"name": "rule", "event_name": event, "conditions": conditions,
                                         "actions": actions, **extra}))


def incoming(chatwoot: Chatwoot, display_id: int, content: str) -> None:
    """An incoming message (from the contact) posted through the application API."""
    ok(chatwoot.post(f"{ACCOUNT}/conversations/{display_id}/messages",
                     json={"content": content, "message_type": "incoming"}))
