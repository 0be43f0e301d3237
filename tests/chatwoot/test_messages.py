"""Messages of a conversation: the list envelope and its windows, create with its effects, the soft delete."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest

from simulator.core.clock import Clock
from tests.chatwoot.support import ACCOUNT, AGENT_TOKEN, NOT_AUTHORIZED, NOT_FOUND, Chatwoot, assert_json

CONVERSATIONS = f"{ACCOUNT}/conversations"
INCOMING, OUTGOING, ACTIVITY = 0, 1, 2
CONTENT_TYPES = ["text", "input_text", "input_textarea", "input_email", "input_select", "cards", "form", "article",
                 "incoming_email", "input_csat", "integrations"]
INCOMING_ONLY_API = {"error": "Incoming messages are only allowed in Api inboxes"}
MESSAGE_KEYS = ["id", "content", "inbox_id", "conversation_id", "message_type", "content_type", "status",
                "content_attributes", "created_at", "private", "source_id", "sender"]


def messages_of(display_id: int) -> str:
    return f"{CONVERSATIONS}/{display_id}/messages"


def unix(moment: datetime | None) -> int:
    return int(moment.timestamp()) if moment is not None else 0


def iso(moment: datetime | None) -> str | None:
    """A raw record time as Rails writes it: `2024-12-20T11:27:00.000Z`."""
    if moment is None:
        return None
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def user_push(chatwoot: Chatwoot, user_id: int) -> dict[str, Any]:
    """`User#push_event_data` (type "user")."""
    user = chatwoot.state.users[user_id]
    membership = chatwoot.state.membership(1, user_id)
    assert membership is not None
    return {"id": user.id, "name": user.name, "available_name": user.display_name or user.name, "avatar_url": "",
            "type": "user", "availability_status": membership.availability, "thumbnail": ""}


def contact_push(chatwoot: Chatwoot, contact_id: int) -> dict[str, Any]:
    """`Contact#push_event_data` (type "contact")."""
    contact = chatwoot.state.contacts[contact_id]
    return {"additional_attributes": contact.additional_attributes, "custom_attributes": contact.custom_attributes,
            "email": contact.email, "id": contact.id, "identifier": contact.identifier, "name": contact.name,
            "phone_number": contact.phone_number, "thumbnail": "", "type": "contact"}


def conversation(chatwoot: Chatwoot, display_id: int) -> dict[str, Any]:
    response = chatwoot.get(f"{CONVERSATIONS}/{display_id}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def listed(chatwoot: Chatwoot, display_id: int, query: str = "", **kwargs: Any) -> list[dict[str, Any]]:
    response = chatwoot.get(f"{messages_of(display_id)}{query}", **kwargs)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["payload"]


def post(chatwoot: Chatwoot, display_id: int, **body: Any) -> dict[str, Any]:
    response = chatwoot.post(messages_of(display_id), json=body)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def now(clock: Clock) -> int:
    return int(clock.now().timestamp())


# ---- the list -------------------------------------------------------------------------------------


def test_list_messages__meta_of_an_assigned_conversation(chatwoot: Chatwoot) -> None:
    seeded = chatwoot.conversation(1)
    assert seeded.assignee_id is not None
    body = chatwoot.get(messages_of(1), token=AGENT_TOKEN).get_json()
    assert body["meta"] == {
        "labels": seeded.labels,
        "additional_attributes": seeded.additional_attributes,
        "contact": contact_push(chatwoot, seeded.contact_id),
        "assignee": user_push(chatwoot, seeded.assignee_id),
        "agent_last_seen_at": iso(seeded.agent_last_seen_at),
        "assignee_last_seen_at": iso(seeded.assignee_last_seen_at),
    }
    assert list(body) == ["meta", "payload"]


def test_list_messages__meta_without_an_assignee_has_no_assignee_key(chatwoot: Chatwoot) -> None:
    seeded = chatwoot.conversation(2)
    assert seeded.assignee_id is None and seeded.agent_last_seen_at is not None
    meta = chatwoot.get(messages_of(2)).get_json()["meta"]
    assert meta == {
        "labels": seeded.labels,
        "additional_attributes": seeded.additional_attributes,
        "contact": contact_push(chatwoot, seeded.contact_id),
        "agent_last_seen_at": iso(seeded.agent_last_seen_at),
        "assignee_last_seen_at": iso(seeded.assignee_last_seen_at),
    }


def test_list_messages__every_kind_with_its_shape_oldest_first(chatwoot: Chatwoot) -> None:
    seeded = chatwoot.conversation(7)
    stored = sorted((m for m in chatwoot.state.messages.values() if m.conversation_id == seeded.id),
                    key=lambda m: m.id)
    assert [(m.message_type, m.private) for m in stored] == [
        (INCOMING, False), (OUTGOING, False), (OUTGOING, True), (INCOMING, False), (ACTIVITY, False)]
    payload = listed(chatwoot, 7)
    assert [m["id"] for m in payload] == [m.id for m in stored]
    incoming, reply, note, _, activity = payload
    assert incoming == {
        "id": stored[0].id, "content": stored[0].content, "inbox_id": seeded.inbox_id, "conversation_id": 7,
        "message_type": INCOMING, "content_type": "text", "status": stored[0].status, "content_attributes": {},
        "created_at": unix(stored[0].created_at), "private": False, "source_id": None,
        "sender": contact_push(chatwoot, seeded.contact_id),
    }
    assert list(reply) == MESSAGE_KEYS
    assert (reply["message_type"], reply["private"], reply["sender"]) == (
        OUTGOING, False, user_push(chatwoot, stored[1].sender_id))
    assert (note["message_type"], note["private"], note["sender"]["type"]) == (OUTGOING, True, "user")
    assert (activity["message_type"], activity["private"], activity["content"]) == (
        ACTIVITY, False, stored[4].content)
    assert "sender" not in activity
    assert all("attachments" not in m and "echo_id" not in m for m in payload)


@pytest.fixture
def long_conversation(chatwoot: Chatwoot, clock: Clock) -> tuple[int, list[int]]:
    """A new API-inbox conversation with 130 messages, one second apart: incoming, outgoing, private notes and
    activity messages (status toggles). Returns its display id and its message ids in order."""
    created = chatwoot.post(CONVERSATIONS, json={"inbox_id": 2, "contact_id": 4})
    assert created.status_code == 200, created.get_data(as_text=True)
    display_id = created.get_json()["id"]
    for number in range(130):
        clock.advance(1)
        kind = number % 4
        if kind == 3:
            response = chatwoot.post(f"{CONVERSATIONS}/{display_id}/toggle_status")
        else:
            body = {"content": f"message {number}", "message_type": "incoming" if kind == 0 else "outgoing",
                    "private": kind == 2}
            response = chatwoot.post(messages_of(display_id), json=body)
        assert response.status_code == 200, response.get_data(as_text=True)
    database_id = next(cv.id for cv in chatwoot.state.conversations.values() if cv.display_id == display_id)
    ids = sorted(m.id for m in chatwoot.state.messages.values() if m.conversation_id == database_id)
    assert len(ids) == 130
    return display_id, ids


def test_list_messages__no_window_gives_the_latest_20_oldest_first(
    chatwoot: Chatwoot, long_conversation: tuple[int, list[int]]
) -> None:
    display_id, ids = long_conversation
    payload = listed(chatwoot, display_id)
    assert [m["id"] for m in payload] == ids[-20:]
    assert [m["created_at"] for m in payload] == sorted(m["created_at"] for m in payload)
    assert {m["message_type"] for m in payload} == {INCOMING, OUTGOING, ACTIVITY}
    assert any(m["private"] for m in payload)


@pytest.mark.parametrize(("before", "window"), [(50, slice(30, 50)), (10, slice(0, 10)), (0, slice(0, 0))])
def test_list_messages__before_gives_up_to_20_older_oldest_first(
    chatwoot: Chatwoot, long_conversation: tuple[int, list[int]], before: int, window: slice
) -> None:
    display_id, ids = long_conversation
    payload = listed(chatwoot, display_id, f"?before={ids[before]}")
    assert [m["id"] for m in payload] == ids[window]


@pytest.mark.parametrize(("after", "window"), [(5, slice(6, 106)), (100, slice(101, 130)), (129, slice(0, 0))])
def test_list_messages__after_gives_up_to_100_newer_ascending(
    chatwoot: Chatwoot, long_conversation: tuple[int, list[int]], after: int, window: slice
) -> None:
    display_id, ids = long_conversation
    payload = listed(chatwoot, display_id, f"?after={ids[after]}")
    assert [m["id"] for m in payload] == ids[window]


def test_list_messages__before_and_after_give_the_range_from_after_inclusive(
    chatwoot: Chatwoot, long_conversation: tuple[int, list[int]]
) -> None:
    display_id, ids = long_conversation
    payload = listed(chatwoot, display_id, f"?after={ids[3]}&before={ids[125]}")
    assert [m["id"] for m in payload] == ids[3:125]  # 122: more than the 20 and the 100 of the other windows
    assert {m["message_type"] for m in payload} == {INCOMING, OUTGOING, ACTIVITY}
    assert sum(m["private"] for m in payload) == sum(1 for number in range(3, 125) if number % 4 == 2)


def test_list_messages__before_and_after_are_capped_at_1000(chatwoot: Chatwoot, clock: Clock) -> None:
    for number in range(1005):
        if number % 100 == 0:
            clock.advance(1)
        assert chatwoot.post(messages_of(1), json={"content": f"m{number}"}).status_code == 200
    stored = chatwoot.conversation(1).id
    ids = [m.id for m in sorted(chatwoot.state.messages.values(), key=lambda m: m.id) if m.conversation_id == stored]
    payload = listed(chatwoot, 1, f"?after={ids[0]}&before={ids[-1] + 1}")
    assert [m["id"] for m in payload] == ids[:1000]


@pytest.mark.parametrize(("query", "name"), [("before=abc", "before"), ("after=1.5", "after"),
                                             ("after=3&before=x", "before"), ("before=\u00b2", "before")])
def test_list_messages__a_window_that_is_not_a_message_id_is_422(chatwoot: Chatwoot, query: str, name: str) -> None:
    assert_json(chatwoot.get(f"{messages_of(1)}?{query}"), 422, {"error": f"{name} must be a message id"})


def test_list_messages__unknown_conversation_is_404_and_a_foreign_inbox_401(chatwoot: Chatwoot) -> None:
    assert_json(chatwoot.get(messages_of(999)), 404, NOT_FOUND)
    assert 2 not in chatwoot.state.inboxes[3].member_ids
    assert_json(chatwoot.get(messages_of(5), token=AGENT_TOKEN), 401, NOT_AUTHORIZED)


# ---- create ---------------------------------------------------------------------------------------


def test_create_message__outgoing_by_default_from_the_caller(chatwoot: Chatwoot, clock: Clock) -> None:
    response = chatwoot.post(messages_of(1), token=AGENT_TOKEN, json={"content": "On its way!"})
    created = response.get_json()
    assert response.status_code == 200
    assert created == {
        "id": max(chatwoot.state.messages), "content": "On its way!", "inbox_id": 1, "conversation_id": 1,
        "message_type": OUTGOING, "content_type": "text", "status": "sent", "content_attributes": {},
        "created_at": now(clock), "private": False, "source_id": None, "sender": user_push(chatwoot, 2),
    }
    assert listed(chatwoot, 1)[-1] == created


def test_create_message__private_note(chatwoot: Chatwoot) -> None:
    note = post(chatwoot, 1, content="Call back tomorrow", private=True)
    assert (note["message_type"], note["private"], note["sender"]) == (OUTGOING, True, user_push(chatwoot, 1))
    assert listed(chatwoot, 1)[-1] == note


@pytest.mark.parametrize("content_type", CONTENT_TYPES)
def test_create_message__every_content_type_is_accepted(chatwoot: Chatwoot, content_type: str) -> None:
    attributes = {"items": [{"title": "Blue jacket", "value": "jacket"}]}
    created = post(chatwoot, 1, content="Pick one", content_type=content_type, content_attributes=attributes)
    assert (created["content_type"], created["content_attributes"]) == (content_type, attributes)


def test_create_message__content_may_be_null(chatwoot: Chatwoot) -> None:
    attributes = {"items": [{"title": "Yes", "value": "yes"}, {"title": "No", "value": "no"}]}
    created = post(chatwoot, 1, content=None, content_type="input_select", content_attributes=attributes)
    assert (created["content"], created["content_type"], created["content_attributes"]) == (
        None, "input_select", attributes)


def test_create_message__echo_id_is_echoed(chatwoot: Chatwoot) -> None:
    created = post(chatwoot, 1, content="Hi", echo_id="client-42")
    assert created["echo_id"] == "client-42"
    assert list(created) == [*MESSAGE_KEYS[:3], "echo_id", *MESSAGE_KEYS[3:]]
    assert listed(chatwoot, 1)[-1] == created


@pytest.mark.parametrize(("body", "error"), [
    ({"content": "x", "content_type": "x"}, "'x' is not a valid content_type"),
    ({"content": "x", "message_type": "x"}, "'x' is not a valid message_type"),
    ({"content": "x", "message_type": "incoming"}, INCOMING_ONLY_API["error"]),
    ({"content": "x" * 150_001}, "Validation failed: Content is too long (maximum is 150000 characters)"),
])
def test_create_message__refused_is_422_and_stores_nothing(chatwoot: Chatwoot, body: dict, error: str) -> None:
    assert chatwoot.state.inboxes[1].channel_type == "Channel::WebWidget"
    before = copy.deepcopy(chatwoot.state)
    assert_json(chatwoot.post(messages_of(1), json=body), 422, {"error": error})
    assert chatwoot.state == before


def test_create_message__content_of_150000_characters_is_accepted(chatwoot: Chatwoot) -> None:
    assert len(post(chatwoot, 1, content="x" * 150_000)["content"]) == 150_000


def test_create_message__unknown_conversation_404_foreign_inbox_401(chatwoot: Chatwoot) -> None:
    before = copy.deepcopy(chatwoot.state)
    assert_json(chatwoot.post(messages_of(999), json={"content": "x"}), 404, NOT_FOUND)
    assert_json(chatwoot.post(messages_of(5), token=AGENT_TOKEN, json={"content": "x"}), 401, NOT_AUTHORIZED)
    assert chatwoot.state == before


@pytest.mark.parametrize("display_id", [2, 12])
def test_create_message__incoming_in_an_api_inbox_is_from_the_contact_waits_and_reopens(
    chatwoot: Chatwoot, clock: Clock, display_id: int
) -> None:
    before = conversation(chatwoot, display_id)
    assert chatwoot.state.inboxes[before["inbox_id"]].channel_type == "Channel::Api"
    assert before["status"] in ("resolved", "snoozed")
    clock.advance(3600)
    created = post(chatwoot, display_id, content="It broke again", message_type="incoming")
    assert (created["message_type"], created["private"], created["sender"]) == (
        INCOMING, False, contact_push(chatwoot, before["meta"]["sender"]["id"]))
    after = conversation(chatwoot, display_id)
    assert (after["status"], after["snoozed_until"], after["last_activity_at"], after["timestamp"]) == (
        "open", None, now(clock), now(clock))
    assert after["waiting_since"] == (before["waiting_since"] or now(clock))  # an earlier wait goes on
    assert after["first_reply_created_at"] == before["first_reply_created_at"]
    assert listed(chatwoot, display_id)[-1] == created


def test_create_message__public_reply_is_the_first_reply_and_ends_the_wait(chatwoot: Chatwoot, clock: Clock) -> None:
    before = conversation(chatwoot, 1)
    assert before["first_reply_created_at"] == 0 and before["waiting_since"] > 0
    clock.advance(60)
    post(chatwoot, 1, content="Looking into it")
    after = conversation(chatwoot, 1)
    assert (after["first_reply_created_at"], after["waiting_since"], after["last_activity_at"]) == (
        now(clock), 0, now(clock))


def test_create_message__a_later_reply_keeps_the_first_reply(chatwoot: Chatwoot, clock: Clock) -> None:
    before = conversation(chatwoot, 6)
    assert before["first_reply_created_at"] > 0 and before["waiting_since"] > 0
    clock.advance(60)
    post(chatwoot, 6, content="Anything else?")
    after = conversation(chatwoot, 6)
    assert (after["first_reply_created_at"], after["waiting_since"]) == (before["first_reply_created_at"], 0)


def test_create_message__private_note_neither_replies_nor_ends_the_wait(chatwoot: Chatwoot, clock: Clock) -> None:
    before = conversation(chatwoot, 1)
    clock.advance(60)
    post(chatwoot, 1, content="Internal only", private=True)
    after = conversation(chatwoot, 1)
    assert (after["first_reply_created_at"], after["waiting_since"]) == (0, before["waiting_since"])


def test_create_message__agent_bot_is_the_sender_in_its_inbox(chatwoot: Chatwoot) -> None:
    created = chatwoot.post(messages_of(5), token="demo-chatwoot-bot-token", json={"content": "Hi, I am a bot"})
    assert created.status_code == 200, created.get_data(as_text=True)
    assert created.get_json()["sender"] == {"id": 1, "name": "Triage bot", "avatar_url": "", "type": "agent_bot"}


# ---- delete ---------------------------------------------------------------------------------------


def test_delete_message__soft_delete_answers_the_message(chatwoot: Chatwoot) -> None:
    cards = {"items": [{"title": "Blue jacket", "description": "Size M"}]}
    created = post(chatwoot, 1, content="Our offer", content_type="cards", content_attributes=cards)
    response = chatwoot.delete(f"{messages_of(1)}/{created['id']}")
    expected = {**created, "content": "This message was deleted", "content_type": "text",
                "content_attributes": {"deleted": True}}
    assert_json(response, 200, expected)
    assert listed(chatwoot, 1)[-1] == expected


def test_delete_message__a_seeded_incoming_message_stays_listed(chatwoot: Chatwoot) -> None:
    first = listed(chatwoot, 7)[0]
    response = chatwoot.delete(f"{messages_of(7)}/{first['id']}", token=AGENT_TOKEN)
    assert response.status_code == 200
    assert listed(chatwoot, 7)[0] == {**first, "content": "This message was deleted",
                                      "content_attributes": {"deleted": True}}


@pytest.mark.parametrize(("display_id", "message_id"), [(1, 99_999), (1, 3), (999, 1)])
def test_delete_message__unknown_or_of_another_conversation_is_404(
    chatwoot: Chatwoot, display_id: int, message_id: int
) -> None:
    assert chatwoot.state.messages[3].conversation_id != chatwoot.conversation(1).id
    before = copy.deepcopy(chatwoot.state)
    assert_json(chatwoot.delete(f"{messages_of(display_id)}/{message_id}"), 404, NOT_FOUND)
    assert chatwoot.state == before


def test_delete_message__agent_outside_the_inbox_is_401(chatwoot: Chatwoot) -> None:
    message_id = listed(chatwoot, 5)[0]["id"]
    before = copy.deepcopy(chatwoot.state)
    assert_json(chatwoot.delete(f"{messages_of(5)}/{message_id}", token=AGENT_TOKEN), 401, NOT_AUTHORIZED)
    assert chatwoot.state == before
