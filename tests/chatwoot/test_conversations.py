"""Conversations: list, meta, filter, show, create, status, priority, assignments and labels."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from werkzeug.test import TestResponse

from simulator.chatwoot.models import Contact, Conversation, Message
from simulator.core.clock import Clock
from tests.chatwoot.support import (
    ACCOUNT,
    ADMIN_TOKEN,
    AGENT_TOKEN,
    NOT_AUTHORIZED,
    NOT_FOUND,
    UUID,
    Chatwoot,
    assert_json,
)

CONVERSATIONS = f"{ACCOUNT}/conversations"
INCOMING, OUTGOING, ACTIVITY = 0, 1, 2
PRIORITY_RANK = {"low": 0, "medium": 1, "high": 2, "urgent": 3}
CONVERSATION_KEYS = {
    "meta", "id", "messages", "account_id", "uuid", "additional_attributes", "agent_last_seen_at",
    "assignee_last_seen_at", "can_reply", "contact_last_seen_at", "custom_attributes", "inbox_id", "labels", "muted",
    "snoozed_until", "status", "created_at", "timestamp", "first_reply_created_at", "unread_count",
    "last_non_activity_message", "last_activity_at", "priority", "waiting_since",
}
UNIX_KEYS = ("agent_last_seen_at", "assignee_last_seen_at", "contact_last_seen_at", "created_at", "timestamp",
             "first_reply_created_at", "last_activity_at", "waiting_since", "unread_count")


# ---- helpers -----------------------------------------------------------------------------------

def url(display_id: int, action: str = "") -> str:
    return f"{CONVERSATIONS}/{display_id}{'/' + action if action else ''}"


def listing(chatwoot: Chatwoot, query: str = "", token: str = ADMIN_TOKEN) -> dict[str, Any]:
    """The `data` of GET /conversations (asserting the envelope)."""
    response = chatwoot.get(f"{CONVERSATIONS}?{query}", token=token)
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert list(body) == ["data"]
    assert set(body["data"]) == {"meta", "payload"}
    return body["data"]


def listed_ids(chatwoot: Chatwoot, query: str = "", token: str = ADMIN_TOKEN) -> list[int]:
    """Display ids over every page, in the order answered."""
    ids: list[int] = []
    for page in range(1, 10):
        payload = listing(chatwoot, f"{query}&page={page}", token)["payload"]
        if not payload:
            return ids
        ids += [c["id"] for c in payload]
    raise AssertionError("more pages than expected")


def meta(chatwoot: Chatwoot, query: str = "", token: str = ADMIN_TOKEN) -> dict[str, int]:
    response = chatwoot.get(f"{CONVERSATIONS}/meta?{query}", token=token)
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert list(body) == ["meta"]
    return body["meta"]


def seeded(chatwoot: Chatwoot) -> list[Conversation]:
    return sorted(chatwoot.state.conversations.values(), key=lambda cv: cv.display_id)


def conversation(chatwoot: Chatwoot, display_id: int) -> Conversation:
    return next(cv for cv in chatwoot.state.conversations.values() if cv.display_id == display_id)


def messages_of(chatwoot: Chatwoot, conv: Conversation) -> list[Message]:
    return sorted((m for m in chatwoot.state.messages.values() if m.conversation_id == conv.id), key=lambda m: m.id)


def visible(chatwoot: Chatwoot, user_id: int) -> list[Conversation]:
    """What the user's role and inboxes let them see (administrators: everything)."""
    if user_id == 1:
        return seeded(chatwoot)
    return [cv for cv in seeded(chatwoot) if user_id in chatwoot.state.inboxes[cv.inbox_id].member_ids]


def newest_first(conversations: list[Conversation]) -> list[int]:
    return [cv.display_id for cv in sorted(conversations, key=lambda cv: (cv.last_activity_at, cv.id), reverse=True)]


def counts(conversations: list[Conversation], user_id: int) -> dict[str, int]:
    unassigned = sum(1 for cv in conversations if cv.assignee_id is None)
    return {"mine_count": sum(1 for cv in conversations if cv.assignee_id == user_id),
            "assigned_count": len(conversations) - unassigned, "unassigned_count": unassigned,
            "all_count": len(conversations)}


def unix(moment: datetime | None) -> int:
    return int(moment.timestamp()) if moment is not None else 0


def iso_ms(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def contact_push(contact: Contact) -> dict[str, Any]:
    return {"additional_attributes": contact.additional_attributes, "custom_attributes": contact.custom_attributes,
            "email": contact.email, "id": contact.id, "identifier": contact.identifier, "name": contact.name,
            "phone_number": contact.phone_number, "thumbnail": "", "type": "contact"}


def agent_json(chatwoot: Chatwoot, user_id: int) -> dict[str, Any]:
    """The agent as GET /agents writes it."""
    return next(a for a in chatwoot.get(f"{ACCOUNT}/agents").get_json() if a["id"] == user_id)


def show(chatwoot: Chatwoot, display_id: int) -> dict[str, Any]:
    response = chatwoot.get(url(display_id))
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def create(chatwoot: Chatwoot, token: str = ADMIN_TOKEN, **body: Any) -> dict[str, Any]:
    response = chatwoot.post(CONVERSATIONS, token=token, json=body)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def stored(chatwoot: Chatwoot) -> tuple[int, int, int]:
    state = chatwoot.state
    return len(state.conversations), len(state.contact_inboxes), len(state.messages)


def last_contents(chatwoot: Chatwoot, display_id: int, count: int) -> list[str]:
    return [m.content for m in messages_of(chatwoot, conversation(chatwoot, display_id))[-count:]]


def assert_null(response: TestResponse) -> None:
    """200 with the JSON literal `null`."""
    assert (response.status_code, response.get_data().strip()) == (200, b"null"), response.get_data(as_text=True)
    assert response.mimetype == "application/json"


def add_message(chatwoot: Chatwoot, display_id: int, **body: Any) -> None:
    response = chatwoot.post(f"{url(display_id)}/messages", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)


# ---- GET /conversations ------------------------------------------------------------------------

def test_list__envelope_counts_and_default_open_newest_activity_first(chatwoot: Chatwoot) -> None:
    data = listing(chatwoot)
    open_ones = [cv for cv in seeded(chatwoot) if cv.status == "open"]
    assert data["meta"] == counts(open_ones, 1)
    assert list(data["meta"]) == ["mine_count", "assigned_count", "unassigned_count", "all_count"]
    assert [c["id"] for c in data["payload"]] == newest_first(open_ones)
    assert listed_ids(chatwoot, "sort_by=latest") == newest_first(open_ones)


@pytest.mark.parametrize("status", ["open", "resolved", "pending", "snoozed"])
def test_list__each_status(chatwoot: Chatwoot, status: str) -> None:
    matching = [cv for cv in seeded(chatwoot) if cv.status == status]
    assert matching
    data = listing(chatwoot, f"status={status}")
    assert [c["id"] for c in data["payload"]] == newest_first(matching)
    assert {c["status"] for c in data["payload"]} == {status}
    assert data["meta"] == counts(matching, 1)


def test_list__status_all_is_every_conversation_over_two_pages(chatwoot: Chatwoot) -> None:
    everything = seeded(chatwoot)
    assert len(everything) == 36
    first, second = listing(chatwoot, "status=all"), listing(chatwoot, "status=all&page=2")
    assert [c["id"] for c in first["payload"] + second["payload"]] == newest_first(everything)
    assert (len(first["payload"]), len(second["payload"])) == (25, 11)
    assert first["meta"] == second["meta"] == counts(everything, 1)
    assert listing(chatwoot, "status=all&page=3") == {"meta": counts(everything, 1), "payload": []}


def test_list__25_per_page_then_the_rest_then_empty(chatwoot: Chatwoot, clock: Clock) -> None:
    seeded_open = newest_first([cv for cv in seeded(chatwoot) if cv.status == "open"])
    created = []
    for contact_id in range(1, 16):
        clock.advance(60)
        created.append(create(chatwoot, inbox_id=2, contact_id=contact_id)["id"])
    expected = created[::-1] + seeded_open
    assert len(expected) == 28
    pages = [listing(chatwoot, f"page={page}") for page in (1, 2, 3)]
    assert [[c["id"] for c in page["payload"]] for page in pages] == [expected[:25], expected[25:], []]
    assert {page["meta"]["all_count"] for page in pages} == {28}


def test_list__q_ignores_the_status_and_matches_message_content_case_insensitively(chatwoot: Chatwoot) -> None:
    assert conversation(chatwoot, 2).status == "resolved"
    add_message(chatwoot, 2, content="Your Marmalade order is on its way")  # outgoing: the status stays
    assert conversation(chatwoot, 2).status == "resolved"
    for query in ("q=marmalade", "q=MARMALADE", "q=marmalade&status=open", "q=marmalade&status=pending"):
        data = listing(chatwoot, query)
        assert [c["id"] for c in data["payload"]] == [2], query
        assert data["meta"] == {"mine_count": 0, "assigned_count": 0, "unassigned_count": 1, "all_count": 1}


def test_list__q_matches_incoming_and_outgoing_messages_of_any_status(chatwoot: Chatwoot) -> None:
    state = chatwoot.state
    hits = {m.conversation_id for m in state.messages.values()
            if m.message_type in (INCOMING, OUTGOING) and "finland" in (m.content or "").lower()}
    matching = [cv for cv in seeded(chatwoot) if cv.id in hits]
    assert len({cv.status for cv in matching}) > 1  # the premise: more than open ones
    assert listed_ids(chatwoot, "q=finland") == newest_first(matching)
    assert meta(chatwoot, "q=finland") == counts(matching, 1)


def test_list__q_never_matches_activity_messages(chatwoot: Chatwoot) -> None:
    assert any(m.message_type == ACTIVITY and "marked resolved" in (m.content or "")
               for m in chatwoot.state.messages.values())
    data = listing(chatwoot, "q=marked resolved")
    assert data == {"meta": {"mine_count": 0, "assigned_count": 0, "unassigned_count": 0, "all_count": 0},
                    "payload": []}


def test_list__q_matches_a_private_note_an_outgoing_message(chatwoot: Chatwoot) -> None:
    """§3: `q` is an ILIKE on the content of incoming/outgoing messages; a note is an outgoing message."""
    add_message(chatwoot, 1, content="kumquat shipment noted", private=True)
    assert [c["id"] for c in listing(chatwoot, "q=kumquat")["payload"]] == [1]


@pytest.mark.parametrize(("query", "keep"), [
    ("inbox_id=2", lambda cv: cv.inbox_id == 2),
    ("inbox_id=3", lambda cv: cv.inbox_id == 3),
    ("team_id=1", lambda cv: cv.team_id == 1),
    ("team_id=2", lambda cv: cv.team_id == 2),
    ("labels[]=billing&labels[]=returns", lambda cv: bool({"billing", "returns"} & set(cv.labels))),
    ("labels=billing,returns", lambda cv: bool({"billing", "returns"} & set(cv.labels))),
    ("labels[]=vip", lambda cv: "vip" in cv.labels),
    ("inbox_id=1&team_id=2&labels=vip", lambda cv: (cv.inbox_id, cv.team_id) == (1, 2) and "vip" in cv.labels),
])
def test_list__inbox_team_and_labels_narrow_the_list_and_the_counts(
        chatwoot: Chatwoot, query: str, keep: Callable[[Conversation], bool]) -> None:
    matching = [cv for cv in seeded(chatwoot) if keep(cv)]
    assert matching
    assert listed_ids(chatwoot, f"status=all&{query}") == newest_first(matching)
    assert listing(chatwoot, f"status=all&{query}")["meta"] == counts(matching, 1)
    assert meta(chatwoot, f"status=all&{query}") == counts(matching, 1)
    open_ones = [cv for cv in matching if cv.status == "open"]
    assert listed_ids(chatwoot, query) == newest_first(open_ones)


def test_list__source_id_picks_the_contact_inbox(chatwoot: Chatwoot) -> None:
    state = chatwoot.state
    for link in list(state.contact_inboxes.values())[:6]:
        matching = [cv for cv in seeded(chatwoot) if cv.contact_inbox_id == link.id]
        assert listed_ids(chatwoot, f"status=all&source_id={link.source_id}") == newest_first(matching)
    assert listing(chatwoot, "status=all&source_id=no-such-source")["payload"] == []


@pytest.mark.parametrize(("assignee_type", "keep"), [
    ("me", lambda cv: cv.assignee_id == 2),
    ("unassigned", lambda cv: cv.assignee_id is None),
    ("assigned", lambda cv: cv.assignee_id is not None),
    ("all", lambda cv: True),
])
def test_list__assignee_type_narrows_the_list_but_not_the_counts(
        chatwoot: Chatwoot, assignee_type: str, keep: Callable[[Conversation], bool]) -> None:
    mine = visible(chatwoot, 2)
    data = listing(chatwoot, f"status=all&assignee_type={assignee_type}", AGENT_TOKEN)
    expected_counts = counts(mine, 2)
    assert data["meta"] == expected_counts
    assert expected_counts["mine_count"] > 0
    assert expected_counts["assigned_count"] == expected_counts["all_count"] - expected_counts["unassigned_count"]
    assert listed_ids(chatwoot, f"status=all&assignee_type={assignee_type}", AGENT_TOKEN) == newest_first(
        [cv for cv in mine if keep(cv)])


def test_list__an_agent_sees_only_the_conversations_of_their_inboxes(chatwoot: Chatwoot) -> None:
    assert [i.id for i in chatwoot.state.inboxes.values() if 2 in i.member_ids] == [1, 2]
    mine = visible(chatwoot, 2)
    assert {cv.inbox_id for cv in mine} == {1, 2}
    assert listed_ids(chatwoot, "status=all", AGENT_TOKEN) == newest_first(mine)
    assert meta(chatwoot, "status=all", AGENT_TOKEN) == counts(mine, 2)
    assert listing(chatwoot, "status=all&inbox_id=3", AGENT_TOKEN) == {
        "meta": {"mine_count": 0, "assigned_count": 0, "unassigned_count": 0, "all_count": 0}, "payload": []}


def test_list__sort_on_created_at_is_oldest_first(chatwoot: Chatwoot) -> None:
    expected = [cv.display_id for cv in sorted(seeded(chatwoot), key=lambda cv: cv.created_at)]
    assert listed_ids(chatwoot, "status=all&sort_by=sort_on_created_at") == expected


def test_list__sort_on_priority_is_urgent_first_nulls_last_then_newest_activity(chatwoot: Chatwoot) -> None:
    def key(cv: Conversation) -> tuple[int, datetime]:
        return (PRIORITY_RANK[cv.priority] if cv.priority else -1, cv.last_activity_at)

    expected = [cv.display_id for cv in sorted(seeded(chatwoot), key=key, reverse=True)]
    assert listed_ids(chatwoot, "status=all&sort_by=sort_on_priority") == expected


def test_list__sort_on_waiting_since_is_longest_waiting_first_nulls_last(chatwoot: Chatwoot) -> None:
    ids = listed_ids(chatwoot, "status=all&sort_by=sort_on_waiting_since")
    assert sorted(ids) == [cv.display_id for cv in seeded(chatwoot)]
    waiting = [conversation(chatwoot, i).waiting_since for i in ids]
    present = [w for w in waiting if w is not None]
    assert present and len(present) < len(waiting)
    assert waiting == present + [None] * (len(waiting) - len(present))
    assert present == sorted(present)


def test_list__last_user_message_at_puts_those_awaiting_a_reply_first_oldest_first(chatwoot: Chatwoot) -> None:
    """Chatwoot's scope: by the type of each conversation's last message (incoming first), then its time, ascending."""
    last = {cv.display_id: messages_of(chatwoot, cv)[-1] for cv in seeded(chatwoot)}
    ids = listed_ids(chatwoot, "status=all&sort_by=last_user_message_at")
    assert sorted(ids) == sorted(last)
    keys = [(last[i].message_type, last[i].created_at) for i in ids]
    assert keys == sorted(keys)
    assert last[ids[0]].message_type == INCOMING and {m.message_type for m in last.values()} != {INCOMING}


def test_list__items_are_the_show_json(chatwoot: Chatwoot) -> None:
    for item in listing(chatwoot, "status=all")["payload"]:
        assert item == show(chatwoot, item["id"])


# ---- GET /conversations/meta -------------------------------------------------------------------

@pytest.mark.parametrize("query", ["", "status=all", "status=resolved", "inbox_id=2", "team_id=1&status=all",
                                   "labels[]=vip", "labels=vip,billing&status=all", "q=thank"])
@pytest.mark.parametrize("token", [ADMIN_TOKEN, AGENT_TOKEN])
def test_meta__the_list_counts_for_the_same_filters(chatwoot: Chatwoot, query: str, token: str) -> None:
    counted = meta(chatwoot, query, token)
    assert list(counted) == ["mine_count", "unassigned_count", "assigned_count", "all_count"]
    assert counted == listing(chatwoot, query, token)["meta"]


@pytest.mark.parametrize("team", ["999", "\u00b2"])  # "²" is a digit to str.isdigit() that int() refuses
def test_meta__a_team_id_of_no_team_is_404(chatwoot: Chatwoot, team: str) -> None:
    assert_json(chatwoot.get(f"{CONVERSATIONS}/meta?team_id={team}"), 404, NOT_FOUND)


def test_meta__does_not_depend_on_assignee_type(chatwoot: Chatwoot) -> None:
    expected = counts(visible(chatwoot, 2), 2)
    for kind in ("me", "unassigned", "assigned", "all"):
        assert meta(chatwoot, f"status=all&assignee_type={kind}", AGENT_TOKEN) == expected


# ---- the conversation JSON ---------------------------------------------------------------------

def test_conversation_json__every_seeded_conversation_as_stored(chatwoot: Chatwoot) -> None:
    state = chatwoot.state
    for conv in seeded(chatwoot):
        wire = show(chatwoot, conv.display_id)
        assert set(wire) == CONVERSATION_KEYS
        assert all(type(wire[key]) is int for key in UNIX_KEYS), conv.display_id
        messages = messages_of(chatwoot, conv)
        chat = [m for m in messages if m.message_type != ACTIVITY]
        seen = conv.agent_last_seen_at
        team = state.teams.get(conv.team_id) if conv.team_id else None
        expected = {
            "id": conv.display_id, "account_id": 1, "inbox_id": conv.inbox_id, "uuid": conv.uuid,
            "status": conv.status, "priority": conv.priority, "labels": conv.labels,
            "custom_attributes": conv.custom_attributes, "additional_attributes": conv.additional_attributes,
            "created_at": unix(conv.created_at), "timestamp": unix(conv.last_activity_at),
            "last_activity_at": unix(conv.last_activity_at), "waiting_since": unix(conv.waiting_since),
            "first_reply_created_at": unix(conv.first_reply_created_at), "agent_last_seen_at": unix(seen),
            "assignee_last_seen_at": unix(conv.assignee_last_seen_at),
            "contact_last_seen_at": unix(conv.contact_last_seen_at), "can_reply": True, "muted": False,
            "snoozed_until": iso_ms(conv.snoozed_until) if conv.snoozed_until else None,
            "unread_count": sum(1 for m in messages if m.message_type == INCOMING
                                and (seen is None or m.created_at > seen)),
            "messages": [(messages[-1].id, messages[-1].message_type, unix(messages[-1].created_at))],
            "last_non_activity_message": chat[-1].id if chat else None,
            "meta": {"sender": contact_push(state.contacts[conv.contact_id]),
                     "channel": state.inboxes[conv.inbox_id].channel_type,
                     "assignee": conv.assignee_id, "team": {"id": team.id, "name": team.name} if team else None},
        }
        actual = {**wire,
                  "messages": [(m["id"], m["message_type"], m["created_at"]) for m in wire["messages"]],
                  "last_non_activity_message": (wire["last_non_activity_message"] or {}).get("id"),
                  "meta": {"sender": wire["meta"]["sender"], "channel": wire["meta"]["channel"],
                           "assignee": wire["meta"].get("assignee", {}).get("id"),
                           "team": wire["meta"].get("team")}}
        assert actual == expected, conv.display_id
        assert ("assignee" in wire["meta"], "team" in wire["meta"]) == (conv.assignee_id is not None,
                                                                        team is not None), conv.display_id


def test_conversation_json__messages_holds_the_last_message_even_an_activity(chatwoot: Chatwoot) -> None:
    conv = conversation(chatwoot, 2)
    messages = messages_of(chatwoot, conv)
    assert messages[-1].message_type == ACTIVITY and len(messages) > 1
    wire = show(chatwoot, 2)
    assert [m["id"] for m in wire["messages"]] == [messages[-1].id]
    last = wire["messages"][0]
    assert (last["message_type"], last["content"], last["created_at"]) == (
        ACTIVITY, messages[-1].content, unix(messages[-1].created_at))
    chat = [m for m in messages if m.message_type != ACTIVITY]
    assert wire["last_non_activity_message"]["id"] == chat[-1].id
    assert wire["last_non_activity_message"]["message_type"] == chat[-1].message_type


def test_conversation_json__unread_count_counts_incoming_after_agent_last_seen(chatwoot: Chatwoot) -> None:
    conv = conversation(chatwoot, 9)
    assert conv.status == "resolved" and conv.agent_last_seen_at is not None
    assert show(chatwoot, 9)["unread_count"] == 0
    response = chatwoot.post(f"{url(9)}/messages", json={"content": "One more thing", "message_type": "incoming"})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert show(chatwoot, 9)["unread_count"] == 1


def test_conversation_json__unread_count_looks_at_the_last_10_incoming_only(chatwoot: Chatwoot,
                                                                             clock: Clock) -> None:
    """`unread_incoming_messages` takes `.last(10)`: the count never exceeds 10."""
    for number in range(12):
        clock.advance(1)
        chatwoot.post(f"{url(9)}/messages", json={"content": f"ping {number}", "message_type": "incoming"})
    assert show(chatwoot, 9)["unread_count"] == 10


def test_create__a_new_conversation_waits_from_its_creation(chatwoot: Chatwoot, clock: Clock) -> None:
    created = chatwoot.post(CONVERSATIONS, json={"inbox_id": 2, "contact_id": 1}).get_json()
    assert created["waiting_since"] == created["created_at"] == int(clock.now().timestamp())
    clock.advance(30)
    chatwoot.post(f"{url(created['id'])}/messages", json={"content": "Noted", "private": True})
    assert show(chatwoot, created["id"])["waiting_since"] == created["created_at"]
    chatwoot.post(f"{url(created['id'])}/messages", json={"content": "Hello!"})
    assert show(chatwoot, created["id"])["waiting_since"] == 0


def test_list__sort_on_waiting_since_breaks_ties_by_creation(chatwoot: Chatwoot, clock: Clock) -> None:
    ids = []
    for _ in range(3):
        ids.append(chatwoot.post(CONVERSATIONS, json={"inbox_id": 2, "contact_id": 1}).get_json()["id"])
        clock.advance(5)
    for display_id in ids:  # the same wait for all three, set in reverse order of creation
        conversation(chatwoot, display_id).waiting_since = datetime(2020, 1, 1, tzinfo=UTC)
    ordered = listed_ids(chatwoot, "status=all&sort_by=sort_on_waiting_since")
    assert ordered[:3] == ids


# ---- GET /conversations/{id} ---------------------------------------------------------------------

def test_show__unknown_is_404_and_an_agent_outside_the_inbox_401(chatwoot: Chatwoot) -> None:
    assert conversation(chatwoot, 5).inbox_id == 3
    assert_json(chatwoot.get(url(999)), 404, NOT_FOUND)
    assert_json(chatwoot.get(url(5), token=AGENT_TOKEN), 401, NOT_AUTHORIZED)
    assert chatwoot.get(url(1), token=AGENT_TOKEN).status_code == 200
    assert chatwoot.get(url(5)).status_code == 200


# ---- POST /conversations -------------------------------------------------------------------------

def test_create__answers_the_full_conversation(chatwoot: Chatwoot, clock: Clock) -> None:
    now = unix(clock.now())
    body = create(chatwoot, inbox_id=2, contact_id=5, assignee_id=2, team_id=1,
                  additional_attributes={"mail_subject": "Order"}, custom_attributes={"order_number": "ORD-1"},
                  message={"content": "Hello from the shop"})
    message = body["messages"][0]
    assert (message["content"], message["message_type"], message["created_at"], message["private"],
            message["conversation_id"]) == ("Hello from the shop", OUTGOING, now, False, 37)
    assert (message["sender"]["type"], message["sender"]["id"]) == ("user", 1)
    assert UUID.match(body["uuid"])
    assert body == {
        "meta": {"sender": contact_push(chatwoot.state.contacts[5]), "channel": "Channel::Api",
                 "assignee": agent_json(chatwoot, 2), "team": {"id": 1, "name": "support"}, "hmac_verified": False},
        "id": 37, "messages": [message], "account_id": 1, "uuid": body["uuid"],
        "additional_attributes": {"mail_subject": "Order"}, "agent_last_seen_at": 0, "assignee_last_seen_at": 0,
        "can_reply": True, "contact_last_seen_at": 0, "custom_attributes": {"order_number": "ORD-1"},
        "inbox_id": 2, "labels": [], "muted": False, "snoozed_until": None, "status": "open", "created_at": now,
        "timestamp": now, "first_reply_created_at": now, "unread_count": 0, "last_non_activity_message": message,
        "last_activity_at": now, "priority": None, "waiting_since": 0,
    }
    assert show(chatwoot, 37) == body


def test_create__display_ids_continue_per_account(chatwoot: Chatwoot) -> None:
    assert chatwoot.state.display_ids[1] == 36
    assert [create(chatwoot, inbox_id=1, contact_id=c)["id"] for c in (4, 5, 6)] == [37, 38, 39]
    assert show(chatwoot, 39)["meta"]["sender"]["id"] == 6


def test_create__inbox_and_contact_make_a_contact_inbox_with_the_source_id(chatwoot: Chatwoot) -> None:
    state = chatwoot.state
    before = len(state.contact_inboxes)
    first = create(chatwoot, inbox_id=2, contact_id=3, source_id="shop-3")
    assert len(state.contact_inboxes) == before + 1
    link = state.contact_inboxes[conversation(chatwoot, first["id"]).contact_inbox_id]
    assert (link.contact_id, link.inbox_id, link.source_id) == (3, 2, "shop-3")
    second = create(chatwoot, inbox_id=2, contact_id=3, source_id="shop-3")  # found, not made again
    assert len(state.contact_inboxes) == before + 1
    assert conversation(chatwoot, second["id"]).contact_inbox_id == link.id
    assert second["id"] == first["id"] + 1
    assert listed_ids(chatwoot, "source_id=shop-3") == [second["id"], first["id"]]


def test_create__by_source_id_alone(chatwoot: Chatwoot) -> None:
    link = next(ci for ci in chatwoot.state.contact_inboxes.values() if (ci.contact_id, ci.inbox_id) == (4, 2))
    before = len(chatwoot.state.contact_inboxes)
    body = create(chatwoot, source_id=link.source_id)
    assert (body["id"], body["inbox_id"], body["meta"]["sender"]["id"], body["meta"]["channel"]) == (
        37, 2, 4, "Channel::Api")
    assert conversation(chatwoot, 37).contact_inbox_id == link.id
    assert len(chatwoot.state.contact_inboxes) == before


def test_create__the_message_is_outgoing_from_the_caller(chatwoot: Chatwoot) -> None:
    body = create(chatwoot, AGENT_TOKEN, inbox_id=1, contact_id=7, message={"content": "We saw your order"})
    last = body["messages"][0]
    assert (last["content"], last["message_type"], last["sender"]["id"], last["sender"]["type"]) == (
        "We saw your order", OUTGOING, 2, "user")
    assert [m.content for m in messages_of(chatwoot, conversation(chatwoot, body["id"]))] == ["We saw your order"]


@pytest.mark.parametrize("status", ["open", "resolved", "pending", "snoozed"])
def test_create__status(chatwoot: Chatwoot, status: str) -> None:
    body = create(chatwoot, inbox_id=1, contact_id=8, status=status)
    assert (body["status"], show(chatwoot, body["id"])["status"]) == (status, status)


def test_create__snoozed_until_is_iso_in_the_answer(chatwoot: Chatwoot, clock: Clock) -> None:
    until = clock.now() + timedelta(days=2)
    body = create(chatwoot, inbox_id=1, contact_id=8, status="snoozed", snoozed_until=unix(until))
    assert (body["status"], body["snoozed_until"]) == ("snoozed", iso_ms(until))


def test_create__assignee_and_team_without_either(chatwoot: Chatwoot) -> None:
    body = create(chatwoot, inbox_id=2, contact_id=9)
    assert "assignee" not in body["meta"] and "team" not in body["meta"]
    assigned = create(chatwoot, inbox_id=2, contact_id=9, assignee_id=5, team_id=2)
    assert (assigned["meta"]["assignee"], assigned["meta"]["team"]) == (agent_json(chatwoot, 5),
                                                                        {"id": 2, "name": "sales"})


def test_create__an_inbox_with_an_active_bot_starts_pending(chatwoot: Chatwoot) -> None:
    assert chatwoot.state.inboxes[3].agent_bot_id == 1
    body = create(chatwoot, inbox_id=3, contact_id=12, status="open")  # contact 12 has no link to inbox 3 yet
    assert (body["status"], body["inbox_id"], body["id"]) == ("pending", 3, 37)


def test_create__lock_to_single_conversation_answers_the_existing_one(chatwoot: Chatwoot) -> None:
    assert chatwoot.state.inboxes[3].lock_to_single_conversation
    existing = conversation(chatwoot, 5)
    link = chatwoot.state.contact_inboxes[existing.contact_inbox_id]
    assert link.inbox_id == 3
    before = stored(chatwoot)
    assert create(chatwoot, source_id=link.source_id) == show(chatwoot, 5)
    assert create(chatwoot, inbox_id=3, contact_id=link.contact_id, source_id=link.source_id) == show(chatwoot, 5)
    assert stored(chatwoot) == before


@pytest.mark.parametrize(("token", "body", "status", "error"), [
    (ADMIN_TOKEN, {"inbox_id": 1, "contact_id": 3, "status": "closed"}, 422,
     {"error": "'closed' is not a valid status"}),
    (AGENT_TOKEN, {"inbox_id": 3, "contact_id": 3}, 401, NOT_AUTHORIZED),
    (ADMIN_TOKEN, {"source_id": "no-such-source"}, 404, NOT_FOUND),
    (ADMIN_TOKEN, {"inbox_id": 99, "contact_id": 3}, 404, NOT_FOUND),
    (ADMIN_TOKEN, {"inbox_id": 1, "contact_id": 999}, 404, NOT_FOUND),
    (ADMIN_TOKEN, {"inbox_id": 1, "contact_id": 3, "message": {"content": "hi", "message_type": "incoming"}}, 422,
     {"error": "Incoming messages are only allowed in Api inboxes"}),
])
def test_create__refused_stores_nothing(chatwoot: Chatwoot, token: str, body: dict[str, Any], status: int,
                                        error: dict[str, Any]) -> None:
    before = stored(chatwoot)
    assert_json(chatwoot.post(CONVERSATIONS, token=token, json=body), status, error)
    assert stored(chatwoot) == before
    assert create(chatwoot, inbox_id=1, contact_id=3)["id"] == 37


def test_create__a_source_id_of_another_contact_in_the_inbox_is_422(chatwoot: Chatwoot) -> None:
    links = chatwoot.state.contact_inboxes.values()
    taken = next(ci.source_id for ci in links if (ci.contact_id, ci.inbox_id) == (1, 1))
    before = stored(chatwoot)
    response = chatwoot.post(CONVERSATIONS, json={"inbox_id": 1, "contact_id": 3, "source_id": taken})
    assert_json(response, 422, {"error": "source_id should be unique"})
    assert stored(chatwoot) == before


# ---- POST /conversations/filter ------------------------------------------------------------------

def run_filter(chatwoot: Chatwoot, conditions: list[dict[str, Any]], token: str = ADMIN_TOKEN,
               page: int | None = None) -> dict[str, Any]:
    query = f"?page={page}" if page else ""
    response = chatwoot.post(f"{CONVERSATIONS}/filter{query}", token=token, json={"payload": conditions})
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert list(body) == ["meta", "payload"]
    assert list(body["meta"]) == ["mine_count", "unassigned_count", "all_count"]
    return body


def condition(key: str, operator: str, values: list[Any]) -> dict[str, Any]:
    return {"attribute_key": key, "filter_operator": operator, "values": values, "query_operator": None}


def filter_counts(conversations: list[Conversation], user_id: int) -> dict[str, int]:
    full = counts(conversations, user_id)
    return {k: full[k] for k in ("mine_count", "unassigned_count", "all_count")}


def test_filter__no_data_wrapper_no_assigned_count_25_per_page(chatwoot: Chatwoot) -> None:
    everything = seeded(chatwoot)
    status_all = [condition("status", "equal_to", ["all"])]
    pages = [run_filter(chatwoot, status_all, page=page) for page in (None, 2, 3)]
    assert [len(p["payload"]) for p in pages] == [25, 11, 0]
    assert [c["id"] for p in pages for c in p["payload"]] == newest_first(everything)
    assert {tuple(p["meta"].values()) for p in pages} == {tuple(filter_counts(everything, 1).values())}
    assert pages[0]["payload"][0] == show(chatwoot, pages[0]["payload"][0]["id"])


def test_filter__covers_every_inbox_whatever_the_callers(chatwoot: Chatwoot) -> None:
    pending = [cv for cv in seeded(chatwoot) if cv.status == "pending"]
    assert 3 in {cv.inbox_id for cv in pending}
    body = run_filter(chatwoot, [condition("status", "equal_to", ["pending"])], AGENT_TOKEN)
    assert [c["id"] for c in body["payload"]] == newest_first(pending)
    assert body["meta"] == filter_counts(pending, 2)


@pytest.mark.parametrize(("conditions", "keep"), [
    ([condition("status", "equal_to", ["open", "snoozed"])], lambda cv: cv.status in ("open", "snoozed")),
    ([condition("status", "not_equal_to", ["open"])], lambda cv: cv.status != "open"),
    ([condition("labels", "contains", ["billing", "returns"])],
     lambda cv: bool({"billing", "returns"} & set(cv.labels))),
    ([condition("labels", "does_not_contain", ["vip"])], lambda cv: "vip" not in cv.labels),
    ([condition("assignee_id", "is_not_present", [])], lambda cv: cv.assignee_id is None),
    ([{**condition("status", "equal_to", ["open"]), "query_operator": "AND"},
      condition("assignee_id", "is_not_present", [])], lambda cv: cv.status == "open" and cv.assignee_id is None),
    ([condition("order_number", "is_present", [])], lambda cv: bool(cv.custom_attributes.get("order_number"))),
])
def test_filter__route_level_conditions(chatwoot: Chatwoot, conditions: list[dict[str, Any]],
                                        keep: Callable[[Conversation], bool]) -> None:
    matching = [cv for cv in seeded(chatwoot) if keep(cv)]
    assert 0 < len(matching) < 36
    body = run_filter(chatwoot, conditions)
    assert [c["id"] for c in body["payload"]] == newest_first(matching)[:25]
    assert body["meta"] == filter_counts(matching, 1)


def test_filter__a_conversation_custom_attribute_equal_to(chatwoot: Chatwoot) -> None:
    number = conversation(chatwoot, 1).custom_attributes["order_number"]
    for value in (number, number.lower()):
        body = run_filter(chatwoot, [condition("order_number", "equal_to", [value])])
        assert [c["id"] for c in body["payload"]] == [1], value


def test_filter__created_at_days_before_counts_from_the_clock(chatwoot: Chatwoot, clock: Clock) -> None:
    def expected() -> list[int]:
        cutoff = clock.now().date() - timedelta(days=30)
        return newest_first([cv for cv in seeded(chatwoot) if cv.created_at.date() < cutoff])

    days_before = [condition("created_at", "days_before", [30])]
    now_ids = [c["id"] for c in run_filter(chatwoot, days_before)["payload"]]
    assert now_ids == expected()
    clock.advance(timedelta(days=12).total_seconds())
    later = expected()
    assert len(later) > len(now_ids)
    assert [c["id"] for c in run_filter(chatwoot, days_before)["payload"]] == later[:25]


@pytest.mark.parametrize(("conditions", "message"), [
    ([condition("status", "contains", ["open"])],
     "Invalid operator. The allowed operators for status are [equal_to, not_equal_to]."),
    ([condition("status", "equal_to", [])], "Invalid value. The values provided for status are invalid"),
])
def test_filter__a_bad_filter_is_422(chatwoot: Chatwoot, conditions: list[dict[str, Any]], message: str) -> None:
    response = chatwoot.post(f"{CONVERSATIONS}/filter", json={"payload": conditions})
    assert_json(response, 422, {"error": message})


# ---- POST toggle_status --------------------------------------------------------------------------

def toggle(chatwoot: Chatwoot, display_id: int, token: str = ADMIN_TOKEN, **body: Any) -> TestResponse:
    return chatwoot.post(url(display_id, "toggle_status"), token=token, json=body)


def status_answer(display_id: int, status: str, snoozed_until: str | None = None) -> dict[str, Any]:
    return {"meta": {}, "payload": {"success": True, "conversation_id": display_id, "current_status": status,
                                    "snoozed_until": snoozed_until}}


@pytest.mark.parametrize(("display_id", "before", "after"), [
    (1, "open", "resolved"), (2, "resolved", "open"), (4, "pending", "open"), (12, "snoozed", "open"),
])
def test_toggle_status__without_a_status(chatwoot: Chatwoot, display_id: int, before: str, after: str) -> None:
    conv = conversation(chatwoot, display_id)
    assert conv.status == before
    assignee = conv.assignee_id
    assert_json(toggle(chatwoot, display_id), 200, status_answer(display_id, after))
    wire = show(chatwoot, display_id)
    assert (wire["status"], wire["snoozed_until"]) == (after, None)
    assert wire["meta"].get("assignee", {}).get("id") == assignee  # an administrator is not assigned


@pytest.mark.parametrize("status", ["open", "resolved", "pending", "snoozed"])
def test_toggle_status__an_explicit_status(chatwoot: Chatwoot, status: str) -> None:
    assert_json(toggle(chatwoot, 2, status=status), 200, status_answer(2, status))
    assert show(chatwoot, 2)["status"] == status


def test_toggle_status__snoozed_until_unix_is_iso_in_the_answer_and_show(chatwoot: Chatwoot, clock: Clock) -> None:
    until = clock.now() + timedelta(hours=30)
    assert_json(toggle(chatwoot, 1, status="snoozed", snoozed_until=unix(until)), 200,
                status_answer(1, "snoozed", iso_ms(until)))
    assert (show(chatwoot, 1)["status"], show(chatwoot, 1)["snoozed_until"]) == ("snoozed", iso_ms(until))
    assert_json(toggle(chatwoot, 1, status="open"), 200, status_answer(1, "open"))
    assert show(chatwoot, 1)["snoozed_until"] is None


@pytest.mark.parametrize("status", ["resolved", "pending", "open"])
def test_toggle_status__leaving_snoozed_clears_snoozed_until(chatwoot: Chatwoot, status: str) -> None:
    assert show(chatwoot, 12)["snoozed_until"] == iso_ms(conversation(chatwoot, 12).snoozed_until)
    assert_json(toggle(chatwoot, 12, status=status), 200, status_answer(12, status))
    assert show(chatwoot, 12)["snoozed_until"] is None


def test_toggle_status__an_agent_who_opens_it_is_assigned(chatwoot: Chatwoot) -> None:
    conv = conversation(chatwoot, 23)
    assert (conv.status, conv.assignee_id, conv.inbox_id) == ("resolved", 3, 1)
    assert_json(toggle(chatwoot, 23, AGENT_TOKEN), 200, status_answer(23, "open"))
    assert show(chatwoot, 23)["meta"]["assignee"] == agent_json(chatwoot, 2)
    assert last_contents(chatwoot, 23, 2) == ["Conversation was reopened by Robin User",
                                              "Robin User self-assigned this conversation"]


def test_toggle_status__an_agent_who_resolves_it_is_not_assigned(chatwoot: Chatwoot) -> None:
    assert conversation(chatwoot, 3).assignee_id == 3
    assert_json(toggle(chatwoot, 3, AGENT_TOKEN), 200, status_answer(3, "resolved"))
    assert show(chatwoot, 3)["meta"]["assignee"]["id"] == 3


def test_toggle_status__writes_activity_messages(chatwoot: Chatwoot) -> None:
    admin = chatwoot.state.users[1].name
    toggle(chatwoot, 1)
    last = show(chatwoot, 1)["messages"][0]
    assert (last["message_type"], last["content"]) == (ACTIVITY, f"Conversation was marked resolved by {admin}")
    toggle(chatwoot, 1)
    assert last_contents(chatwoot, 1, 2) == [f"Conversation was marked resolved by {admin}",
                                             f"Conversation was reopened by {admin}"]


def test_toggle_status__an_invalid_status_is_422(chatwoot: Chatwoot) -> None:
    before = stored(chatwoot)
    assert_json(toggle(chatwoot, 1, status="closed"), 422, {"error": "'closed' is not a valid status"})
    assert (conversation(chatwoot, 1).status, stored(chatwoot)) == ("open", before)


# ---- POST toggle_priority ------------------------------------------------------------------------

@pytest.mark.parametrize("priority", ["low", "medium", "high", "urgent"])
def test_toggle_priority__sets_it_with_an_empty_body(chatwoot: Chatwoot, priority: str) -> None:
    assert conversation(chatwoot, 3).priority is None
    response = chatwoot.post(url(3, "toggle_priority"), json={"priority": priority})
    assert (response.status_code, response.get_data()) == (200, b"")
    assert show(chatwoot, 3)["priority"] == priority


@pytest.mark.parametrize("priority", [None, ""])
def test_toggle_priority__null_or_empty_clears_it(chatwoot: Chatwoot, priority: str | None) -> None:
    assert conversation(chatwoot, 1).priority == "high"
    response = chatwoot.post(url(1, "toggle_priority"), json={"priority": priority})
    assert (response.status_code, response.get_data()) == (200, b"")
    assert show(chatwoot, 1)["priority"] is None


def test_toggle_priority__none_is_not_a_priority(chatwoot: Chatwoot) -> None:
    response = chatwoot.post(url(1, "toggle_priority"), json={"priority": "none"})
    assert_json(response, 422, {"error": "'none' is not a valid priority"})
    assert show(chatwoot, 1)["priority"] == "high"


# ---- POST assignments ----------------------------------------------------------------------------

def assign(chatwoot: Chatwoot, display_id: int, body: dict[str, Any], token: str = ADMIN_TOKEN) -> TestResponse:
    return chatwoot.post(url(display_id, "assignments"), token=token, json=body)


def test_assignments__an_agent_answers_the_agent_json(chatwoot: Chatwoot) -> None:
    state = chatwoot.state
    assert conversation(chatwoot, 3).assignee_id == 3
    assert_json(assign(chatwoot, 3, {"assignee_id": 4}), 200, agent_json(chatwoot, 4))
    assert show(chatwoot, 3)["meta"]["assignee"] == agent_json(chatwoot, 4)
    assert last_contents(chatwoot, 3, 1) == [f"Assigned to {state.users[4].name} by {state.users[1].name}"]


def test_assignments__self_assignment_activity(chatwoot: Chatwoot) -> None:
    assert_json(assign(chatwoot, 3, {"assignee_id": 1}), 200, agent_json(chatwoot, 1))
    assert last_contents(chatwoot, 3, 1) == [f"{chatwoot.state.users[1].name} self-assigned this conversation"]
    assert_json(assign(chatwoot, 24, {"assignee_id": 2}, AGENT_TOKEN), 200, agent_json(chatwoot, 2))
    assert last_contents(chatwoot, 24, 1) == ["Robin User self-assigned this conversation"]


@pytest.mark.parametrize("assignee_id", [None, 999])
def test_assignments__null_or_unknown_unassigns_and_answers_null(chatwoot: Chatwoot, assignee_id: int | None) -> None:
    assert conversation(chatwoot, 3).assignee_id == 3
    assert_null(assign(chatwoot, 3, {"assignee_id": assignee_id}))
    assert "assignee" not in show(chatwoot, 3)["meta"]
    assert last_contents(chatwoot, 3, 1) == [f"Conversation unassigned by {chatwoot.state.users[1].name}"]
    assert 3 in listed_ids(chatwoot, "assignee_type=unassigned")


def test_assignments__a_team_answers_the_raw_team_record(chatwoot: Chatwoot) -> None:
    team = chatwoot.state.teams[1]
    conv = conversation(chatwoot, 1)
    assert (conv.team_id, conv.assignee_id) == (None, 2) and 2 in team.member_ids
    assert_json(assign(chatwoot, 1, {"team_id": 1}), 200, {
        "id": 1, "name": "support", "description": team.description, "allow_auto_assign": team.allow_auto_assign,
        "account_id": 1, "created_at": iso_ms(team.created_at), "updated_at": iso_ms(team.updated_at)})
    wire = show(chatwoot, 1)
    assert (wire["meta"]["team"], wire["meta"]["assignee"]["id"]) == ({"id": 1, "name": "support"}, 2)
    assert 1 in listed_ids(chatwoot, "team_id=1")


def test_assignments__an_unknown_team_answers_null_and_clears_the_team(chatwoot: Chatwoot) -> None:
    assert conversation(chatwoot, 6).team_id == 2
    assert_null(assign(chatwoot, 6, {"team_id": 99}))
    assert "team" not in show(chatwoot, 6)["meta"]


def test_assignments__neither_key_answers_null_and_changes_nothing(chatwoot: Chatwoot) -> None:
    before = show(chatwoot, 6)
    assert_null(assign(chatwoot, 6, {}))
    assert_null(assign(chatwoot, 6, {"user_id": 4}))
    assert show(chatwoot, 6) == before


def test_assignments__assignee_id_wins_over_team_id(chatwoot: Chatwoot) -> None:
    assert conversation(chatwoot, 3).team_id is None
    assert_json(assign(chatwoot, 3, {"team_id": 2, "assignee_id": 4}), 200, agent_json(chatwoot, 4))
    wire = show(chatwoot, 3)
    assert (wire["meta"]["assignee"]["id"], "team" in wire["meta"]) == (4, False)


# ---- labels -------------------------------------------------------------------------------------

def test_labels__get_is_the_payload_list(chatwoot: Chatwoot) -> None:
    for display_id in (3, 4, 13):
        assert_json(chatwoot.get(url(display_id, "labels")), 200,
                    {"payload": conversation(chatwoot, display_id).labels})


def test_labels__post_replaces_the_list_with_new_labels(chatwoot: Chatwoot) -> None:
    assert conversation(chatwoot, 4).labels == ["delivery", "vip"]
    response = chatwoot.post(url(4, "labels"), json={"labels": ["brand-new", "vip"]})
    assert_json(response, 200, {"payload": ["brand-new", "vip"]})
    assert_json(chatwoot.get(url(4, "labels")), 200, {"payload": ["brand-new", "vip"]})
    assert show(chatwoot, 4)["labels"] == ["brand-new", "vip"]
    assert_json(chatwoot.post(url(4, "labels"), json={"labels": []}), 200, {"payload": []})
    assert show(chatwoot, 4)["labels"] == []


def test_labels__feed_the_list_filter_and_the_counts(chatwoot: Chatwoot) -> None:
    delivery = [cv for cv in seeded(chatwoot) if "delivery" in cv.labels]
    assert 4 in [cv.display_id for cv in delivery]
    chatwoot.post(url(4, "labels"), json={"labels": ["brand-new"]})
    assert listed_ids(chatwoot, "status=all&labels[]=brand-new") == [4]
    assert meta(chatwoot, "status=all&labels=brand-new")["all_count"] == 1
    assert 4 not in listed_ids(chatwoot, "status=all&labels[]=delivery")
    assert meta(chatwoot, "status=all&labels[]=delivery")["all_count"] == len(delivery) - 1


# ---- member routes: unknown and forbidden conversations --------------------------------------------

MEMBER_ROUTES = [
    ("GET", "", None),
    ("POST", "toggle_status", {"status": "resolved"}),
    ("POST", "toggle_priority", {"priority": "low"}),
    ("POST", "assignments", {"assignee_id": 2}),
    ("GET", "labels", None),
    ("POST", "labels", {"labels": ["x"]}),
]


@pytest.mark.parametrize(("method", "action", "body"), MEMBER_ROUTES)
def test_member_routes__unknown_conversation_is_404(chatwoot: Chatwoot, method: str, action: str,
                                                    body: dict[str, Any] | None) -> None:
    assert_json(chatwoot.call(method, url(999, action), json=body), 404, NOT_FOUND)


@pytest.mark.parametrize(("method", "action", "body"), MEMBER_ROUTES)
def test_member_routes__an_agent_outside_the_inbox_is_401_and_nothing_changes(
        chatwoot: Chatwoot, method: str, action: str, body: dict[str, Any] | None) -> None:
    before = show(chatwoot, 5)
    assert_json(chatwoot.call(method, url(5, action), token=AGENT_TOKEN, json=body), 401, NOT_AUTHORIZED)
    assert show(chatwoot, 5) == before


def test_urls_and_ids__the_display_id_never_the_database_id(chatwoot: Chatwoot) -> None:
    stored = chatwoot.conversation(1)
    assert stored.id != 1  # seeded database ids start after other tenants' conversations
    shown = chatwoot.get(f"{CONVERSATIONS}/1").get_json()
    assert (shown["id"], shown["messages"][0]["conversation_id"]) == (1, 1)
    assert_json(chatwoot.get(f"{CONVERSATIONS}/{stored.id}"), 404, NOT_FOUND)
    payload = chatwoot.get(f"{CONVERSATIONS}/1/messages").get_json()["payload"]
    assert {m["conversation_id"] for m in payload} == {1}
    created = chatwoot.post(CONVERSATIONS, json={"inbox_id": 2, "contact_id": 1}).get_json()
    assert created["id"] == 37 != chatwoot.conversation(37).id


@pytest.mark.parametrize("team_id", ["99", "abc", "-1"])
def test_list__an_unknown_team_is_404(chatwoot: Chatwoot, team_id: str) -> None:
    """`Current.account.teams.find(team_id)`: never the conversations without a team."""
    assert_json(chatwoot.get(f"{CONVERSATIONS}?status=all&team_id={team_id}"), 404, NOT_FOUND)
    assert_json(chatwoot.get(f"{CONVERSATIONS}/meta?status=all&team_id={team_id}"), 404, NOT_FOUND)


def test_create__a_locked_inbox_adds_the_message_to_the_existing_conversation(chatwoot: Chatwoot) -> None:
    existing = next(cv for cv in chatwoot.state.conversations.values() if cv.inbox_id == 3)
    source_id = chatwoot.state.contact_inboxes[existing.contact_inbox_id].source_id
    before = len(chatwoot.state.conversations)
    answered = chatwoot.post(CONVERSATIONS, json={"source_id": source_id, "message": {"content": "again"}}).get_json()
    assert (answered["id"], len(chatwoot.state.conversations)) == (existing.display_id, before)
    assert answered["messages"][0]["content"] == "again"


def test_create__an_empty_message_object_is_no_message(chatwoot: Chatwoot) -> None:
    before = len(chatwoot.state.messages)
    created = chatwoot.post(CONVERSATIONS, json={"inbox_id": 2, "contact_id": 3, "message": {}}).get_json()
    assert (created["messages"], len(chatwoot.state.messages)) == ([], before)


def test_create__the_contact_inbox_is_checked_before_the_conversation_fields(chatwoot: Chatwoot) -> None:
    assert_json(chatwoot.post(CONVERSATIONS, json={"inbox_id": 999, "contact_id": 3, "status": "bogus"}), 404,
                NOT_FOUND)
    assert_json(chatwoot.post(CONVERSATIONS, token=AGENT_TOKEN,
                              json={"inbox_id": 3, "contact_id": 3, "assignee_id": 999}), 401, NOT_AUTHORIZED)


def test_labels__posting_without_labels_clears_them(chatwoot: Chatwoot) -> None:
    chatwoot.post(f"{url(1)}/labels", json={"labels": ["a", "b"]})
    assert_json(chatwoot.post(f"{url(1)}/labels", json={}), 200, {"payload": []})
    assert chatwoot.conversation(1).labels == []
    chatwoot.post(f"{url(1)}/labels", json={"labels": ["a"]})
    assert_json(chatwoot.post(f"{url(1)}/labels", json={"labels": None}), 200, {"payload": []})


@pytest.mark.parametrize(("action", "body"), [
    ("labels", {"labels": 1}), ("labels", {"labels": {"a": 1}}), ("labels", {"labels": [1, None, ["x"]]}),
    ("assignments", {"assignee_id": "abc"}), ("assignments", {"assignee_id": [1]}),
    ("assignments", {"team_id": {"id": 1}}), ("assignments", {"team_id": 1.5}), ("assignments", {}),
])
def test_labels_and_assignments__take_any_object(chatwoot: Chatwoot, action: str, body: dict[str, Any]) -> None:
    """Nothing in an object is refused (the spec documents no 422 for them); only a non-object is Rails' 400."""
    assert chatwoot.post(f"{url(1)}/{action}", json=body).status_code == 200
    assert chatwoot.post(f"{url(1)}/{action}", json=[body]).status_code == 400


def test_deleting_a_team__its_conversations_lose_it(chatwoot: Chatwoot) -> None:
    teamed = [cv.display_id for cv in chatwoot.state.conversations.values() if cv.team_id == 1]
    assert teamed
    assert chatwoot.delete(f"{ACCOUNT}/teams/1").status_code == 200
    assert all(show(chatwoot, display_id)["meta"].get("team") is None for display_id in teamed)
    matched = chatwoot.post(f"{CONVERSATIONS}/filter", json={"payload": [
        {"attribute_key": "team_id", "filter_operator": "equal_to", "values": [1]}]}).get_json()
    assert matched["meta"]["all_count"] == 0


def test_deleting_an_agent__unassigns_and_leaves_inboxes_and_teams(chatwoot: Chatwoot) -> None:
    assigned = [cv.display_id for cv in chatwoot.state.conversations.values() if cv.assignee_id == 3]
    assert assigned
    before = chatwoot.get(f"{CONVERSATIONS}/meta?status=all").get_json()["meta"]
    assert chatwoot.delete(f"{ACCOUNT}/agents/3").status_code == 200
    after = chatwoot.get(f"{CONVERSATIONS}/meta?status=all").get_json()["meta"]
    assert after["unassigned_count"] == before["unassigned_count"] + len(assigned)
    assert after["assigned_count"] == before["assigned_count"] - len(assigned)
    assert all("assignee" not in show(chatwoot, display_id)["meta"] for display_id in assigned)
    assert not any(3 in group.member_ids for group in (*chatwoot.state.inboxes.values(),
                                                        *chatwoot.state.teams.values()))
