"""The activity messages a rule's actions write, named "Automation System" as the real server names them."""

from __future__ import annotations

from typing import Any

import pytest

from tests.chatwoot.support import ACCOUNT, Chatwoot, Deliveries, action, add_rule, condition, incoming
from tests.conftest import Receiver

INCOMING, OUTGOING, ACTIVITY = 0, 1, 2
TRIGGER = "automate this please"
SHOP_OPEN = 17  # Shop API inbox: open, Rhonda Mccarthy (6) assigned, no team, medium, labels billing and vip
SHOP_SALES = 24  # Shop API inbox: open, nobody assigned, team sales (2), no priority, label vip


def messages_after(chatwoot: Chatwoot, display_id: int, after: int) -> list[tuple[int, str | None]]:
    """(message_type, content) of the messages newer than `after`, oldest first, as the API lists them."""
    response = chatwoot.get(f"{ACCOUNT}/conversations/{display_id}/messages?after={after}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return [(m["message_type"], m["content"]) for m in response.get_json()["payload"]]


def run_rule(chatwoot: Chatwoot, display_id: int, *actions: dict[str, Any]) -> list[tuple[int, str | None]]:
    """A message_created rule with the actions, triggered by an incoming message; what it wrote after it."""
    add_rule(chatwoot, "message_created", [condition("content", "contains", TRIGGER)], list(actions))
    latest = chatwoot.get(f"{ACCOUNT}/conversations/{display_id}/messages").get_json()["payload"][-1]["id"]
    incoming(chatwoot, display_id, TRIGGER)
    written = messages_after(chatwoot, display_id, latest)
    assert written[0] == (INCOMING, TRIGGER)
    return written[1:]


def shown(chatwoot: Chatwoot, display_id: int) -> dict[str, Any]:
    return chatwoot.get(f"{ACCOUNT}/conversations/{display_id}").get_json()


@pytest.mark.parametrize(("labels", "written", "after"), [
    (["refund", "vip"], [(ACTIVITY, "Automation System added refund")], ["billing", "vip", "refund"]),
    (["refund", "vip", "late"], [(ACTIVITY, "Automation System added refund, late")],
     ["billing", "vip", "refund", "late"]),
    (["vip", "billing"], [], ["billing", "vip"]),
])
def test_add_label__names_only_the_labels_added(chatwoot: Chatwoot, labels: list[str],
                                                written: list[tuple[int, str]], after: list[str]) -> None:
    assert run_rule(chatwoot, SHOP_OPEN, action("add_label", *labels)) == written
    assert shown(chatwoot, SHOP_OPEN)["labels"] == after


def test_assign_team__one_activity_even_when_the_assignee_leaves(chatwoot: Chatwoot) -> None:
    # Rhonda is not in sales: she is unassigned, and the team's activity is the only one written
    assert run_rule(chatwoot, SHOP_OPEN, action("assign_team", 2)) == [
        (ACTIVITY, "Assigned to sales by Automation System")]
    meta = shown(chatwoot, SHOP_OPEN)["meta"]
    assert (meta["team"], "assignee" in meta) == ({"id": 2, "name": "sales"}, False)


@pytest.mark.parametrize("team_id", [0, "nil"])
def test_assign_team__zero_or_nil_unassigns_the_team(chatwoot: Chatwoot, team_id: Any) -> None:
    assert run_rule(chatwoot, SHOP_SALES, action("assign_team", team_id)) == [
        (ACTIVITY, "Unassigned from sales by Automation System")]
    assert "team" not in shown(chatwoot, SHOP_SALES)["meta"]


@pytest.mark.parametrize("team_id", [2, 99])
def test_assign_team__the_same_or_an_unknown_team_writes_nothing(chatwoot: Chatwoot, team_id: int) -> None:
    assert run_rule(chatwoot, SHOP_SALES, action("assign_team", team_id)) == []
    assert shown(chatwoot, SHOP_SALES)["meta"]["team"] == {"id": 2, "name": "sales"}


@pytest.mark.parametrize(("agent_id", "text", "assignee"), [
    (5, "Assigned to John Perez by Automation System", 5),  # an agent of the inbox
    (1, "Assigned to Petra by Automation System", 1),  # the administrator whose call ran the rule: no self-assign
    ("nil", "Conversation unassigned by Automation System", None),
])
def test_assign_agent__assigned_or_unassigned_by_automation_system(chatwoot: Chatwoot, agent_id: Any, text: str,
                                                                   assignee: int | None) -> None:
    assert run_rule(chatwoot, SHOP_OPEN, action("assign_agent", agent_id)) == [(ACTIVITY, text)]
    assert shown(chatwoot, SHOP_OPEN)["meta"].get("assignee", {}).get("id") == assignee


@pytest.mark.parametrize("agent_id", [6, 4, 999])  # the assignee already, an agent of another inbox, nobody
def test_assign_agent__no_change_writes_nothing(chatwoot: Chatwoot, agent_id: int) -> None:
    assert run_rule(chatwoot, SHOP_OPEN, action("assign_agent", agent_id)) == []
    assert shown(chatwoot, SHOP_OPEN)["meta"]["assignee"]["id"] == 6


@pytest.mark.parametrize(("actions", "texts", "status"), [
    ([action("resolve_conversation")], ["Conversation was marked resolved by Automation System"], "resolved"),
    ([action("snooze_conversation")], ["Conversation was snoozed by Automation System"], "snoozed"),
    ([action("change_status", "pending")], ["Conversation was marked as pending by Automation System"], "pending"),
    ([action("change_status", "resolved"), action("change_status", "open")],
     ["Conversation was marked resolved by Automation System", "Conversation was reopened by Automation System"],
     "open"),
    ([action("change_status", "open")], [], "open"),
])
def test_status_actions__the_status_activity(chatwoot: Chatwoot, actions: list[dict[str, Any]], texts: list[str],
                                             status: str) -> None:
    assert run_rule(chatwoot, SHOP_OPEN, *actions) == [(ACTIVITY, text) for text in texts]
    assert shown(chatwoot, SHOP_OPEN)["status"] == status


@pytest.mark.parametrize(("display_id", "priority", "written", "after"), [
    (SHOP_SALES, "low", ["Automation System set the priority to low"], "low"),
    (SHOP_OPEN, "urgent", ["Automation System changed the priority from medium to urgent"], "urgent"),
    (SHOP_OPEN, "nil", ["Automation System removed the priority"], None),
    (SHOP_OPEN, "medium", [], "medium"),
    (SHOP_OPEN, "none", [], "medium"),  # not a value of the enum: the update fails
])
def test_change_priority__added_updated_or_removed(chatwoot: Chatwoot, display_id: int, priority: str,
                                                   written: list[str], after: str | None) -> None:
    assert run_rule(chatwoot, display_id, action("change_priority", priority)) == [(ACTIVITY, t) for t in written]
    assert shown(chatwoot, display_id)["priority"] == after


def test_mute_conversation__resolves_and_writes_no_muted_activity(chatwoot: Chatwoot) -> None:
    assert run_rule(chatwoot, SHOP_OPEN, action("mute_conversation")) == [
        (ACTIVITY, "Conversation was marked resolved by Automation System")]
    conversation = shown(chatwoot, SHOP_OPEN)
    assert (conversation["status"], conversation["muted"]) == ("resolved", True)


def test_send_message__an_outgoing_message_and_no_activity(chatwoot: Chatwoot) -> None:
    assert run_rule(chatwoot, SHOP_OPEN, action("send_message", "We are on it")) == [(OUTGOING, "We are on it")]


def test_send_webhook_event__posts_and_writes_nothing(chatwoot: Chatwoot, receiver: Receiver,
                                                     delivered: Deliveries) -> None:
    assert run_rule(chatwoot, SHOP_OPEN, action("send_webhook_event", f"{receiver.url}/rule")) == []
    assert [payload["event"] for payload in delivered("/rule")] == ["automation_event.message_created"]
    assert [request["path"] for request in receiver.requests] == ["/rule"]


@pytest.mark.parametrize("rule_action", [
    action("send_email_to_team", {"team_ids": [2], "message": "Look"}),
    action("send_email_transcript", "someone@example.com"),
    action("send_attachment", 1),
])
def test_actions_that_change_no_conversation_write_nothing(chatwoot: Chatwoot, rule_action: dict[str, Any]) -> None:
    assert run_rule(chatwoot, SHOP_OPEN, rule_action) == []


def test_conversation_created__the_rules_write_after_the_first_message(chatwoot: Chatwoot) -> None:
    # The real server runs rules in a background job, after the request stored the conversation and its message
    add_rule(chatwoot, "conversation_created", [], [action("add_label", "refund")])
    created = chatwoot.post(f"{ACCOUNT}/conversations", json={"inbox_id": 2, "contact_id": 4,
                                                             "message": {"content": "Where is my parcel?"}})
    assert created.status_code == 200, created.get_data(as_text=True)
    written = messages_after(chatwoot, created.get_json()["id"], 0)
    assert written == [(OUTGOING, "Where is my parcel?"), (ACTIVITY, "Automation System added refund")]
