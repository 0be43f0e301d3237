"""Automation rules: CRUD with the real envelopes and 422 bodies, and rules running on events."""

from __future__ import annotations

from typing import Any

import pytest

from tests.chatwoot.support import (
    ACCOUNT,
    AGENT_TOKEN,
    NOT_AUTHORIZED,
    NOT_FOUND,
    RULES,
    Chatwoot,
    Deliveries,
    action,
    add_rule,
    assert_json,
    condition,
    incoming,
    ok,
)
from tests.conftest import Receiver

ACTIVITY = 2  # message_type


def activities(chatwoot: Chatwoot, display_id: int) -> list[str]:
    """The contents of the conversation's activity messages, oldest first."""
    messages = ok(chatwoot.get(f"{ACCOUNT}/conversations/{display_id}/messages"))["payload"]
    return [m["content"] for m in messages if m["message_type"] == ACTIVITY]


def api_conversation(chatwoot: Chatwoot, status: str = "open") -> int:
    """A seeded conversation of the API inbox (2), where incoming messages may be posted."""
    return next(cv.display_id for cv in sorted(chatwoot.state.conversations.values(), key=lambda cv: cv.id)
                if cv.inbox_id == 2 and cv.status == status)


# ---- CRUD -------------------------------------------------------------------------------------------


def test_rules__index_show_update_wrapped_create_bare_delete_empty(chatwoot: Chatwoot, clock: Any) -> None:
    assert_json(chatwoot.get(RULES), 200, {"payload": []})
    created = add_rule(chatwoot, "message_created", [condition("content", "contains", "invoice")],
                       [action("add_label", "billing")], description="Invoices")
    assert created == {"id": 1, "account_id": 1, "name": "rule", "description": "Invoices",
                       "event_name": "message_created",
                       "conditions": [condition("content", "contains", "invoice")],
                       "actions": [action("add_label", "billing")], "created_on": int(clock.now().timestamp()),
                       "active": True, "files": []}
    assert_json(chatwoot.get(RULES), 200, {"payload": [created]})
    assert_json(chatwoot.get(f"{RULES}/1"), 200, {"payload": created})
    updated = chatwoot.patch(f"{RULES}/1", json={"active": False, "name": "Invoices off"}).get_json()["payload"]
    assert (updated["active"], updated["name"]) == (False, "Invoices off")
    deleted = chatwoot.delete(f"{RULES}/1")
    assert (deleted.status_code, deleted.get_data()) == (200, b"")
    assert_json(chatwoot.get(f"{RULES}/1"), 404, NOT_FOUND)


@pytest.mark.parametrize(("body", "errors"), [
    ({"event_name": "message_created", "conditions": [condition("shoe_size", "equal_to", 42)],
      "actions": [action("add_label", "x")]}, {"conditions": ["Automation conditions shoe_size not supported."]}),
    ({"event_name": "message_created", "conditions": [condition("status", "equal_to", "open")],
      "actions": [action("launch_rocket")]}, {"actions": ["Automation actions launch_rocket not supported."]}),
    ({"event_name": "message_created", "conditions": [condition("status", "equal_to", "open"),
                                                       condition("priority", "equal_to", "high")],
      "actions": [action("add_label", "x")]}, {"conditions": ["Automation conditions should have query operator."]}),
    ({"event_name": "contact_created", "conditions": [], "actions": []},
     {"event_name": ["is not included in the list"]}),
])
def test_create__invalid_rules_are_422_with_the_errors_hash(chatwoot: Chatwoot, body: dict[str, Any],
                                                            errors: dict[str, list[str]]) -> None:
    assert_json(chatwoot.post(RULES, json=body), 422, {"error": errors})
    assert chatwoot.state.automation_rules == {}


def test_a_custom_attribute_key_is_a_condition_on_its_value(chatwoot: Chatwoot, receiver: Receiver,
                                                             delivered: Deliveries) -> None:
    add_rule(chatwoot, "conversation_created", [condition("order_number", "is_present")],
             [action("add_label", "order")])
    ok(chatwoot.post(f"{ACCOUNT}/webhooks", json={"url": f"{receiver.url}/",
                                                  "subscriptions": ["conversation_updated"]}))
    matched = ok(chatwoot.post(f"{ACCOUNT}/conversations", json={
        "inbox_id": 2, "contact_id": 4, "custom_attributes": {"order_number": "A-1001"}}))["id"]
    unmatched = ok(chatwoot.post(f"{ACCOUNT}/conversations", json={"inbox_id": 1, "contact_id": 4}))["id"]
    assert (chatwoot.conversation(matched).labels, chatwoot.conversation(unmatched).labels) == (["order"], [])
    assert activities(chatwoot, matched) == ["Automation System added order"]
    assert activities(chatwoot, unmatched) == []
    (updated,) = delivered()
    assert (updated["event"], updated["id"], updated["labels"]) == ("conversation_updated", matched, ["order"])
    assert {"label_list": {"previous_value": None, "current_value": "order"}} in updated["changed_attributes"]


def test_rules__administrators_only(chatwoot: Chatwoot) -> None:
    add_rule(chatwoot, "message_created", [], [action("add_label", "x")])
    for method, path in (("GET", RULES), ("GET", f"{RULES}/1"), ("POST", RULES), ("PATCH", f"{RULES}/1"),
                         ("DELETE", f"{RULES}/1")):
        assert_json(chatwoot.call(method, path, token=AGENT_TOKEN, json={}), 401, NOT_AUTHORIZED)
    assert len(chatwoot.state.automation_rules) == 1


# ---- running ------------------------------------------------------------------------------------------


def test_message_created__label_and_team_when_the_content_matches(chatwoot: Chatwoot) -> None:
    add_rule(chatwoot, "message_created", [condition("content", "contains", "invoice")],
             [action("add_label", "invoice-question"), action("assign_team", 2)])
    display_id = api_conversation(chatwoot)
    incoming(chatwoot, display_id, "Hello there")
    assert "invoice-question" not in chatwoot.conversation(display_id).labels
    incoming(chatwoot, display_id, "My INVOICE is wrong")
    conversation = chatwoot.get(f"{ACCOUNT}/conversations/{display_id}").get_json()
    assert "invoice-question" in conversation["labels"]
    assert conversation["meta"]["team"] == {"id": 2, "name": "sales"}
    texts = [m["content"] for m in chatwoot.get(f"{ACCOUNT}/conversations/{display_id}/messages").get_json()["payload"]]
    assert "Assigned to sales by Automation System" in texts


def test_conversation_created__priority_and_a_greeting_without_a_sender(chatwoot: Chatwoot) -> None:
    add_rule(chatwoot, "conversation_created", [condition("inbox_id", "equal_to", 2)],
             [action("change_priority", "high"), action("send_message", "Thanks, we are on it!")])
    created = chatwoot.post(f"{ACCOUNT}/conversations", json={"inbox_id": 2, "contact_id": 4}).get_json()
    shown = chatwoot.get(f"{ACCOUNT}/conversations/{created['id']}").get_json()
    assert shown["priority"] == "high"
    (activity, greeting) = chatwoot.get(f"{ACCOUNT}/conversations/{created['id']}/messages").get_json()["payload"]
    assert (activity["content"], activity["message_type"]) == ("Automation System set the priority to high", 2)
    assert (greeting["content"], greeting["message_type"], "sender" in greeting) == (
        "Thanks, we are on it!", 1, False)
    other = chatwoot.post(f"{ACCOUNT}/conversations", json={"inbox_id": 1, "contact_id": 4}).get_json()
    assert chatwoot.get(f"{ACCOUNT}/conversations/{other['id']}").get_json()["priority"] is None


def test_conversation_updated__runs_on_the_update_and_resolve_snooze_mute_assign(chatwoot: Chatwoot) -> None:
    add_rule(chatwoot, "conversation_updated", [condition("priority", "equal_to", "urgent")],
             [action("assign_agent", 2), action("mute_conversation")])
    display_id = api_conversation(chatwoot)
    chatwoot.post(f"{ACCOUNT}/conversations/{display_id}/toggle_priority", json={"priority": "urgent"})
    conversation = chatwoot.get(f"{ACCOUNT}/conversations/{display_id}").get_json()
    assert (conversation["meta"]["assignee"]["id"], conversation["muted"]) == (2, True)


@pytest.mark.parametrize(("actions", "status"), [([action("resolve_conversation")], "resolved"),
                                                 ([action("snooze_conversation")], "snoozed"),
                                                 ([action("change_status", "pending")], "pending")])
def test_status_actions(chatwoot: Chatwoot, actions: list[dict[str, Any]], status: str) -> None:
    add_rule(chatwoot, "message_created", [condition("message_type", "equal_to", "incoming")], actions)
    display_id = api_conversation(chatwoot)
    incoming(chatwoot, display_id, "Thanks, all good")
    assert chatwoot.conversation(display_id).status == status


def test_conditions__and_binds_tighter_than_or(chatwoot: Chatwoot) -> None:
    # content contains "refund" OR (status = resolved AND message_type = outgoing)
    add_rule(chatwoot, "message_created",
             [condition("content", "contains", "refund", query_operator="OR"),
              condition("status", "equal_to", "resolved", query_operator="AND"),
              condition("message_type", "equal_to", "outgoing")],
             [action("add_label", "hit")])
    display_id = api_conversation(chatwoot)
    chatwoot.post(f"{ACCOUNT}/conversations/{display_id}/messages", json={"content": "an open reply"})
    assert "hit" not in chatwoot.conversation(display_id).labels  # left to right would match nothing either
    incoming(chatwoot, display_id, "I want a refund")
    assert "hit" in chatwoot.conversation(display_id).labels


def test_inactive_rules_do_not_run(chatwoot: Chatwoot) -> None:
    add_rule(chatwoot, "message_created", [], [action("add_label", "never")], active=False)
    display_id = api_conversation(chatwoot)
    incoming(chatwoot, display_id, "hello")
    assert "never" not in chatwoot.conversation(display_id).labels


def test_no_loops__what_a_rule_causes_runs_no_rule(chatwoot: Chatwoot) -> None:
    add_rule(chatwoot, "message_created", [], [action("send_message", "Auto reply")])
    add_rule(chatwoot, "conversation_updated", [], [action("add_label", "touched")])
    display_id = api_conversation(chatwoot)
    before = len(chatwoot.state.messages)
    incoming(chatwoot, display_id, "ping")
    contents = [m.content for m in chatwoot.state.messages.values()][before:]
    assert contents.count("Auto reply") == 1 and contents.count("ping") == 1


def test_send_webhook_event__posts_the_conversation_to_the_url(chatwoot: Chatwoot, receiver: Receiver,
                                                               delivered: Deliveries) -> None:
    add_rule(chatwoot, "message_created", [condition("content", "contains", "urgent")],
             [action("send_webhook_event", f"{receiver.url}/automation")])
    display_id = api_conversation(chatwoot)
    incoming(chatwoot, display_id, "This is URGENT")
    (payload,) = delivered("/automation")
    assert (payload["event"], payload["id"]) == ("automation_event.message_created", display_id)
    assert [request["path"] for request in receiver.requests] == ["/automation"]


def test_create__conditions_and_actions_without_names_are_named_blank(chatwoot: Chatwoot) -> None:
    assert_json(chatwoot.post(RULES, json={"name": "r", "event_name": "conversation_created", "conditions": [{}],
                                           "actions": [{}]}), 422,
                {"error": {"conditions": ["Automation conditions  not supported."],
                           "actions": ["Automation actions  not supported."]}})
