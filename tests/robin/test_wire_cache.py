"""The cached wire form of conversations never goes stale through any ROBIN operation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient

from simulator.robin.models import Conversation, Message, Sender, Tenant
from simulator.robin.render.conversations import conversation_wire
from simulator.robin.schemas.conversations import ConversationSchema
from tests.conftest import ROBIN_AUTH
from tests.robin.support import CANONICAL_GUID, ORDER_GUID, VOIP_URL, channel_message, settle, voip_event

Step = Callable[[FlaskClient], object]


def _reply(guid: str, **body: object) -> Step:
    return lambda c: c.post(f"/__admin/robin/conversations/{guid}/replies", json={"content": "Hi", **body})


def _unowned_reply(client: FlaskClient) -> object:
    tenant = _tenant(client.application)
    unowned = next(c for c in tenant.conversations if c.owner is None)
    return _reply(unowned.guid, agent_email="petra@email.com")(client)


OPERATIONS: dict[str, list[Step]] = {
    "new channel conversation": [lambda c: c.post("/robin/messages", json=channel_message())],
    "continued channel conversation": [
        lambda c: c.post("/robin/messages", json=channel_message()),
        lambda c: c.post("/robin/messages", json=channel_message(MessageExternalIdentifier="msg-2")),
    ],
    "agent reply": [_reply(CANONICAL_GUID, agent_email="user@robinhq.com")],
    "reply to an archived conversation": [_reply(ORDER_GUID)],
    "reply that sets the owner": [_unowned_reply],
    "voip answered": [lambda c: c.post(VOIP_URL, json=voip_event())],
    "voip transferred": [
        lambda c: c.post(VOIP_URL, json=voip_event()),
        lambda c: c.post(VOIP_URL, json=voip_event(EventType="Transfer", PhoneExtension="202")),
    ],
    "voip disconnected": [
        lambda c: c.post(VOIP_URL, json=voip_event()),
        lambda c: c.post(VOIP_URL, json=voip_event(EventType="Disconnected")),
    ],
    "show customer": [
        lambda c: c.post("/robin/showcustomer", json={"customer": {"email_address": "email@address.com"}})
    ],
}


def _tenant(app: Flask) -> Tenant:
    return app.extensions["simulator"].registry.get().state("robin").tenants["demo-robin-key"]


@pytest.mark.parametrize("operation", OPERATIONS, ids=list(OPERATIONS))
def test_conversation_wire__matches_a_fresh_dump_after_every_operation(
    unlimited_app: Flask, operation: str
) -> None:
    client = unlimited_app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = ROBIN_AUTH["Authorization"]
    fresh = ConversationSchema()

    for step in OPERATIONS[operation]:
        for conversation in _tenant(unlimited_app).conversations:
            conversation_wire(conversation)  # every conversation cached before each change
        assert step(client).status_code in {200, 201}
        settle(client)

    tenant = _tenant(unlimited_app)
    stale = [c.guid for c in tenant.conversations if conversation_wire(c) != fresh.dump(c)]
    assert stale == []
    page = client.post("/robin/conversations", json={}).get_json()["conversations"]
    assert page == [fresh.dump(c) for c in reversed(tenant.conversations[-20:])]


def test_conversation_wire__follows_state_owner_and_new_messages() -> None:
    at = datetime(2025, 1, 1, tzinfo=UTC)
    conversation = Conversation(guid="g", conversation_id="c", subject="s", channel="Chat", started_at=at)
    assert conversation_wire(conversation)["owner"] is None

    conversation.owner = Sender("User", "Petra", "petra@email.com")
    assert conversation_wire(conversation)["owner"]["name"] == "Petra"
    conversation.state = "Archived"
    assert conversation_wire(conversation)["state"] == "Archived"
    conversation.messages.append(Message(id="m", sent_at=at, sender=Sender("Relation", "Nick"), content="Hi"))
    assert [m["content"] for m in conversation_wire(conversation)["messages"]] == ["Hi"]
    assert conversation_wire(conversation) is conversation_wire(conversation)  # served from the cache
