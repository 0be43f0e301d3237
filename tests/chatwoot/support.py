"""Helpers for the Chatwoot tests: demo tokens and a client that sends them."""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.test import TestResponse

from simulator.chatwoot.models import ChatwootState, Conversation

ADMIN_TOKEN = "demo-chatwoot-admin-token"
AGENT_TOKEN = "demo-chatwoot-agent-token"
API = "/chatwoot/api/v1"
ACCOUNT = f"{API}/accounts/1"
NOT_AUTHORIZED = {"error": "You are not authorized to do this action"}
NOT_FOUND = {"error": "Resource could not be found"}


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
