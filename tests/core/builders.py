"""Request payloads and small readers of admin exports shared by the core and admin tests."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from tests.conftest import ROBIN_KEY

NAMESPACE_HEADER = "X-Simulator-Namespace"
SEEDED_CHANNEL = "customChannel"


def in_namespace(name: str) -> dict[str, str]:
    return {NAMESPACE_HEADER: name}


def customer(email: str, **extra: Any) -> dict[str, Any]:
    return {
        "email_address": email,
        "customer_since": "2020-01-01T00:00:00Z",
        "order_count": 1,
        "total_revenue": 10.0,
        "currency": "EUR",
        **extra,
    }


def customers(*emails: str) -> dict[str, Any]:
    return {"customers": [customer(email) for email in emails]}


def channel_message(
    relation: str,
    *,
    channel: str = SEEDED_CHANNEL,
    conversation: str = "conv-1",
    message: str = "msg-1",
    content: str = "Hello",
) -> dict[str, Any]:
    return {
        "ChannelAccountExternalIdentifier": channel,
        "ConversationExternalIdentifier": conversation,
        "MessageExternalIdentifier": message,
        "RelationExternalIdentifier": relation,
        "RelationName": "Test Relation",
        "Content": content,
    }


def export(client: FlaskClient, namespace: str = "default") -> dict[str, Any]:
    response = client.get("/__admin/state", headers=in_namespace(namespace))
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def tenant(state: dict[str, Any], key: str = ROBIN_KEY) -> dict[str, Any]:
    return state["vendors"]["robin"]["tenants"][key]


def customer_emails(state: dict[str, Any]) -> set[str]:
    return set(tenant(state)["customers"])


def without_name(state: dict[str, Any]) -> dict[str, Any]:
    """An export minus the namespace it was taken from (the only part that names its origin)."""
    return {key: value for key, value in state.items() if key != "namespace"}


def conversations_of(client: FlaskClient, email: str, namespace: str = "default") -> list[dict]:
    """ROBIN's own view: POST /robin/conversations by email (client must send ROBIN auth)."""
    response = client.post(
        "/robin/conversations", json={"emailAddress": email}, headers=in_namespace(namespace)
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["conversations"]


def assert_problem(response: Any, status: int, *fragments: str) -> dict[str, Any]:
    """An application/problem+json answer with this status whose detail mentions `fragments`."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json(force=True)
    assert body["status"] == status
    assert body["type"] == "about:blank"
    for fragment in fragments:
        assert fragment in body["detail"] or fragment in str(body.get("errors", {}))
    return body
