"""Webhooks: CRUD with the real envelopes, and the events a real local HTTP receiver gets (v3.1 payloads)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.chatwoot.support import (
    ACCOUNT,
    AGENT_TOKEN,
    NOT_AUTHORIZED,
    NOT_FOUND,
    Chatwoot,
    Deliveries,
    assert_json,
)
from tests.conftest import Receiver

WEBHOOKS = f"{ACCOUNT}/webhooks"


def named(received: list[dict[str, Any]], event: str) -> list[dict[str, Any]]:
    return [payload for payload in received if payload["event"] == event]


def subscribe(chatwoot: Chatwoot, receiver: Receiver, *subscriptions: str) -> dict[str, Any]:
    body: dict[str, Any] = {"url": f"{receiver.url}/"}
    if subscriptions:
        body["subscriptions"] = list(subscriptions)
    response = chatwoot.post(WEBHOOKS, json=body)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["payload"]["webhook"]


# ---- CRUD -------------------------------------------------------------------------------------


def test_webhooks__list_create_update_delete_with_the_real_envelopes(chatwoot: Chatwoot) -> None:
    assert_json(chatwoot.get(WEBHOOKS), 200, {"payload": {"webhooks": []}})
    created = chatwoot.post(WEBHOOKS, json={"webhook": {"url": "https://example.com/a",
                                                        "subscriptions": ["message_created"]}})
    assert_json(created, 200, {"payload": {"webhook": {"id": 1, "url": "https://example.com/a", "account_id": 1,
                                                       "subscriptions": ["message_created"]}}})
    assert_json(chatwoot.get(WEBHOOKS), 200, {"payload": {"webhooks": [created.get_json()["payload"]["webhook"]]}})
    updated = chatwoot.patch(f"{WEBHOOKS}/1", json={"subscriptions": ["contact_created", "contact_updated"]})
    assert updated.get_json()["payload"]["webhook"]["subscriptions"] == ["contact_created", "contact_updated"]
    deleted = chatwoot.delete(f"{WEBHOOKS}/1")
    assert (deleted.status_code, deleted.get_data()) == (200, b"")
    assert_json(chatwoot.delete(f"{WEBHOOKS}/1"), 404, NOT_FOUND)


def test_create__every_event_by_default_and_an_inbox_webhook_names_its_inbox(chatwoot: Chatwoot) -> None:
    every = chatwoot.post(WEBHOOKS, json={"url": "http://example.com/all"}).get_json()["payload"]["webhook"]
    assert every["subscriptions"] == ["conversation_created", "conversation_status_changed", "conversation_updated",
                                      "contact_created", "contact_updated", "message_created", "message_updated",
                                      "webwidget_triggered"]
    scoped = chatwoot.post(WEBHOOKS, json={"url": "http://example.com/inbox", "inbox_id": 2}).get_json()
    assert scoped["payload"]["webhook"]["inbox"] == {"id": 2, "name": "Shop API"}


@pytest.mark.parametrize(("body", "message", "attributes"), [
    ({"url": "ftp://example.com/x"}, "Url is invalid", ["url"]),
    ({"url": "not a url"}, "Url is invalid", ["url"]),
    ({"url": "https://example.com/x", "subscriptions": []}, "Subscriptions Invalid events", ["subscriptions"]),
    ({"url": "https://example.com/x", "subscriptions": ["conversation_typing_on"]}, "Subscriptions Invalid events",
     ["subscriptions"]),
    ({"subscriptions": ["nope"]}, "Url is invalid, Subscriptions Invalid events", ["url", "subscriptions"]),
])
def test_create__invalid_is_422_and_stores_nothing(chatwoot: Chatwoot, body: dict[str, Any], message: str,
                                                   attributes: list[str]) -> None:
    assert_json(chatwoot.post(WEBHOOKS, json=body), 422, {"message": message, "attributes": attributes})
    assert chatwoot.state.webhooks == {}


def test_create__a_url_already_in_the_account_is_422(chatwoot: Chatwoot) -> None:
    chatwoot.post(WEBHOOKS, json={"url": "https://example.com/x"})
    assert_json(chatwoot.post(WEBHOOKS, json={"url": "https://example.com/x"}), 422,
                {"message": "Url has already been taken", "attributes": ["url"]})


def test_webhooks__administrators_only_even_to_list_and_before_the_lookup(chatwoot: Chatwoot) -> None:
    chatwoot.post(WEBHOOKS, json={"url": "https://example.com/x"})
    for method, path, body in (("GET", WEBHOOKS, None), ("POST", WEBHOOKS, {"url": "https://example.com/y"}),
                               ("PATCH", f"{WEBHOOKS}/1", {"url": "https://example.com/z"}),
                               ("DELETE", f"{WEBHOOKS}/99", None)):
        assert_json(chatwoot.call(method, path, token=AGENT_TOKEN, json=body), 401, NOT_AUTHORIZED)
    assert [w.url for w in chatwoot.state.webhooks.values()] == ["https://example.com/x"]


# ---- events -------------------------------------------------------------------------------------


def test_contact_events__created_then_updated_with_changed_attributes(chatwoot: Chatwoot, receiver: Receiver,
                                                                      delivered: Deliveries) -> None:
    subscribe(chatwoot, receiver, "contact_created", "contact_updated")
    contact = chatwoot.post(f"{ACCOUNT}/contacts", json={"name": "Ada", "email": "ada@example.com"}).get_json()
    contact_id = contact["payload"]["contact"]["id"]
    chatwoot.put(f"{ACCOUNT}/contacts/{contact_id}", json={"name": "Ada L."})
    chatwoot.put(f"{ACCOUNT}/contacts/{contact_id}", json={"name": "Ada L."})  # nothing changed: no event
    received = delivered()
    assert [p["event"] for p in received] == ["contact_created", "contact_updated"]
    assert received[0] == {"account": {"id": 1, "name": "Demo Account"}, "additional_attributes": {}, "avatar": "",
                           "custom_attributes": {}, "email": "ada@example.com", "id": contact_id,
                           "identifier": None, "name": "Ada", "phone_number": None, "thumbnail": "",
                           "event": "contact_created"}
    assert received[1]["changed_attributes"] == [{"name": {"previous_value": "Ada", "current_value": "Ada L."}}]
    headers = receiver.requests[0]["headers"]
    assert (headers["Content-Type"], headers["Accept"]) == ("application/json", "application/json")


def test_message_created__the_v31_payload(chatwoot: Chatwoot, receiver: Receiver, delivered: Deliveries) -> None:
    subscribe(chatwoot, receiver, "message_created")
    created = chatwoot.post(f"{ACCOUNT}/conversations/2/messages",
                            json={"content": "Where is my parcel?", "message_type": "incoming"}).get_json()
    (payload,) = delivered()
    assert payload["event"] == "message_created"
    assert (payload["id"], payload["message_type"], payload["content"], payload["private"]) == (
        created["id"], "incoming", "Where is my parcel?", False)
    assert payload["created_at"].endswith("Z") and "T" in payload["created_at"]
    assert payload["account"] == {"id": 1, "name": "Demo Account"}
    assert payload["inbox"] == {"id": chatwoot.conversation(2).inbox_id,
                                "name": chatwoot.state.inboxes[chatwoot.conversation(2).inbox_id].name}
    contact = chatwoot.state.contacts[chatwoot.conversation(2).contact_id]
    assert payload["sender"]["id"] == contact.id and "type" not in payload["sender"]
    conversation = payload["conversation"]
    assert (conversation["id"], conversation["meta"]["sender"]["type"]) == (2, "contact")
    assert conversation["messages"][0]["id"] == created["id"]


def test_message_events__notes_are_sent_activity_never_and_deletes_are_updates(chatwoot: Chatwoot, receiver: Receiver,
                                                                               delivered: Deliveries) -> None:
    subscribe(chatwoot, receiver, "message_created", "message_updated")
    note = chatwoot.post(f"{ACCOUNT}/conversations/1/messages", json={"content": "VIP", "private": True}).get_json()
    chatwoot.post(f"{ACCOUNT}/conversations/1/toggle_status", json={"status": "resolved"})  # an activity message
    chatwoot.delete(f"{ACCOUNT}/conversations/1/messages/{note['id']}")
    received = delivered()
    assert [(p["event"], p["id"], p["private"]) for p in received] == [
        ("message_created", note["id"], True), ("message_updated", note["id"], True)]
    assert received[0]["sender"] == {"id": 1, "name": chatwoot.state.users[1].name,
                                     "email": chatwoot.state.users[1].email, "type": "user"}
    assert received[1]["content"] == "This message was deleted"


def test_conversation_events__status_change_sends_both_and_updated_lists_the_changes(chatwoot: Chatwoot,
                                                                                     receiver: Receiver,
                                                                                     delivered: Deliveries) -> None:
    subscribe(chatwoot, receiver, "conversation_status_changed", "conversation_updated")
    assert chatwoot.conversation(1).status == "open"
    chatwoot.post(f"{ACCOUNT}/conversations/1/toggle_status", json={"status": "resolved"})
    received = delivered()
    assert [p["event"] for p in received] == ["conversation_status_changed", "conversation_updated"]
    assert received[0]["changed_attributes"] is None
    assert received[0]["status"] == received[1]["status"] == "resolved"
    assert {"status": {"previous_value": "open", "current_value": "resolved"}} in received[1]["changed_attributes"]


def test_conversation_updated__only_for_the_listed_attributes(chatwoot: Chatwoot, receiver: Receiver,
                                                              delivered: Deliveries) -> None:
    subscribe(chatwoot, receiver, "conversation_updated")
    chatwoot.post(f"{ACCOUNT}/conversations/1/toggle_priority", json={"priority": "urgent"})
    chatwoot.post(f"{ACCOUNT}/conversations/1/labels", json={"labels": ["billing", "vip"]})
    chatwoot.post(f"{ACCOUNT}/conversations/1/assignments", json={"team_id": 2})
    received = delivered()
    changes = [list(change) for payload in received for change in payload["changed_attributes"]]
    assert ["priority"] in changes and ["label_list"] in changes and ["team_id"] in changes
    label_change = next(c for p in received for c in p["changed_attributes"] if "label_list" in c)
    assert label_change["label_list"]["current_value"] == "billing,vip"


def test_conversation_created__payload_is_the_push_data(chatwoot: Chatwoot, receiver: Receiver,
                                                        delivered: Deliveries) -> None:
    subscribe(chatwoot, receiver, "conversation_created")
    created = chatwoot.post(f"{ACCOUNT}/conversations", json={"inbox_id": 2, "contact_id": 3}).get_json()
    (payload,) = delivered()
    assert (payload["event"], payload["id"], payload["inbox_id"], payload["status"]) == (
        "conversation_created", created["id"], 2, "open")
    assert payload["contact_inbox"]["contact_id"] == 3
    assert payload["contact_inbox"]["created_at"].endswith("Z")
    assert payload["meta"]["assignee"] is None and payload["meta"]["team"] is None
    assert payload["messages"] == [] and payload["waiting_since"] == payload["created_at"]
    assert payload["channel"] == "Channel::Api"


def test_subscriptions__only_subscribed_events_reach_an_account_webhook(chatwoot: Chatwoot, receiver: Receiver,
                                                                        delivered: Deliveries) -> None:
    subscribe(chatwoot, receiver, "contact_created")
    chatwoot.post(f"{ACCOUNT}/conversations/1/messages", json={"content": "Hello"})
    chatwoot.post(f"{ACCOUNT}/contacts", json={"name": "Bo", "email": "bo@example.com"})
    assert [p["event"] for p in delivered()] == ["contact_created"]


def test_api_inbox_webhook_url__every_conversation_and_message_event_of_its_inbox(chatwoot: Chatwoot,
                                                                                  receiver: Receiver,
                                                                                  delivered: Deliveries) -> None:
    chatwoot.patch(f"{ACCOUNT}/inboxes/2", json={"channel": {"webhook_url": f"{receiver.url}/inbox"}})
    in_api = next(cv.display_id for cv in chatwoot.state.conversations.values() if cv.inbox_id == 2)
    in_widget = next(cv.display_id for cv in chatwoot.state.conversations.values() if cv.inbox_id == 1)
    chatwoot.post(f"{ACCOUNT}/conversations/{in_api}/messages", json={"content": "to the api inbox"})
    chatwoot.post(f"{ACCOUNT}/conversations/{in_widget}/messages", json={"content": "to the widget"})
    chatwoot.post(f"{ACCOUNT}/contacts", json={"name": "Cy", "email": "cy@example.com", "inbox_id": 2})
    received = delivered("/inbox")
    assert [(p["event"], p.get("content")) for p in received] == [("message_created", "to the api inbox")]


def test_agent_bot__gets_messages_and_opened_resolved_at_its_outgoing_url(chatwoot: Chatwoot, receiver: Receiver,
                                                                          delivered: Deliveries) -> None:
    chatwoot.patch(f"{ACCOUNT}/agent_bots/1", json={"outgoing_url": f"{receiver.url}/bot"})
    pending = next(cv for cv in chatwoot.state.conversations.values() if cv.inbox_id == 3)
    source_id = chatwoot.state.contact_inboxes[pending.contact_inbox_id].source_id
    chatwoot.post(f"{ACCOUNT}/conversations/{pending.display_id}/toggle_status", json={"status": "open"})
    said = chatwoot.post(f"{ACCOUNT}/conversations/{pending.display_id}/messages", json={"content": "Hi bot"})
    chatwoot.delete(f"{ACCOUNT}/conversations/{pending.display_id}/messages/{said.get_json()['id']}")
    chatwoot.post(f"{ACCOUNT}/conversations/{pending.display_id}/toggle_status", json={"status": "resolved"})
    received = delivered("/bot")
    assert [p["event"] for p in received] == ["conversation_opened", "message_created", "message_updated",
                                              "conversation_resolved"]
    assert received[0]["contact_inbox"]["source_id"] == source_id
    assert received[1]["message_type"] == "outgoing"
    # the bot acts back with its own token
    reply = chatwoot.post(f"{ACCOUNT}/conversations/{pending.display_id}/messages", token="demo-chatwoot-bot-token",
                          json={"content": "How can I help?"})
    assert reply.get_json()["sender"]["type"] == "agent_bot"


def test_delivery__a_failing_receiver_is_recorded_once_and_never_retried(chatwoot: Chatwoot) -> None:
    failing = Receiver(status=500)
    try:
        chatwoot.post(WEBHOOKS, json={"url": f"{failing.url}/", "subscriptions": ["contact_created"]})
        chatwoot.post(f"{ACCOUNT}/contacts", json={"name": "Di", "email": "di@example.com"})
        assert chatwoot.app.extensions["simulator"].outbox.join()
        assert len(failing.requests) == 1
        recorded = chatwoot.get("/__admin/outbox?kind=chatwoot_webhook").get_json()
        deliveries = recorded if isinstance(recorded, list) else recorded.get("deliveries", recorded)
        assert [(d["state"], d["status"]) for d in deliveries] == [("failed", 500)]
    finally:
        failing.close()


def test_conversation_updated__changed_attributes_include_updated_at(chatwoot: Chatwoot, receiver: Receiver,
                                                                      clock: Any, delivered: Deliveries) -> None:
    subscribe(chatwoot, receiver, "conversation_updated")
    previous = chatwoot.conversation(1).updated_at
    clock.advance(5)
    chatwoot.post(f"{ACCOUNT}/conversations/1/assignments", json={"assignee_id": 3})
    (payload,) = delivered()
    keys = [key for change in payload["changed_attributes"] for key in change]
    assert "assignee_id" in keys and "updated_at" in keys
    moved = next(c["updated_at"] for c in payload["changed_attributes"] if "updated_at" in c)
    assert moved["previous_value"] == previous.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    assert moved["current_value"] != moved["previous_value"]
