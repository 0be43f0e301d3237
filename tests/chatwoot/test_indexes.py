"""Cost against world size: the records a request touches stay the same in a world 10 and 100 times larger."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from simulator.chatwoot.integrity import CHANNEL_SEQUENCES
from simulator.chatwoot.models import (
    INCOMING,
    OUTGOING,
    Account,
    ChatwootState,
    Contact,
    ContactInbox,
    Conversation,
    Inbox,
    Message,
)
from simulator.chatwoot.module import STATE
from simulator.chatwoot.store.indexes import check_indexes, indexes, store_contact, store_conversation, store_link
from simulator.chatwoot.store.indexes import store_message as keep_message
from tests.chatwoot.support import ACCOUNT, ADMIN_TOKEN, AGENT_TOKEN, Chatwoot
from tests.touches import touched

SEEDED = 36  # the seeded world's conversations
STATUSES = ("open", "resolved", "pending", "open", "snoozed")


def _other_account(state: ChatwootState) -> tuple[int, Inbox, Contact, ContactInbox]:
    """A second account with an API inbox and one contact linked to it."""
    first = state.conversations[min(state.conversations)]
    account = Account(id=state.next_id("accounts"), name="Other", created_at=first.created_at)
    state.accounts[account.id] = account
    channel = state.next_id(CHANNEL_SEQUENCES["Channel::Api"])
    inbox = Inbox(id=state.next_id("inboxes"), account_id=account.id, name="Other API",
                  channel_type="Channel::Api", channel_id=channel, created_at=first.created_at)
    state.inboxes[inbox.id] = inbox
    contact = Contact(id=state.next_id("contacts"), account_id=account.id, name="Other contact",
                      created_at=first.created_at, updated_at=first.created_at, email="other@example.com")
    store_contact(state, contact)
    link = ContactInbox(id=state.next_id("contact_inboxes"), contact_id=contact.id, inbox_id=inbox.id,
                        source_id="other-source", created_at=first.created_at, updated_at=first.created_at)
    store_link(state, link)
    return account.id, inbox, contact, link


def grow(state: ChatwootState, count: int, other: tuple[int, Inbox, Contact, ContactInbox]) -> None:
    """`count` more conversations (3 messages each) and a third as many contacts in account 1, as many in the
    other account, all older than the seeded ones, so page 1 stays the seeded world's while the tables grow."""
    indexes(state)  # built first: the records below go in through the writes that keep it current
    seeded = [cv for cv in state.conversations.values() if cv.account_id == 1]
    oldest = min(cv.created_at for cv in seeded) - timedelta(days=400)
    assignees = sorted({cv.assignee_id for cv in seeded if cv.assignee_id is not None})
    for number in range(count):
        model = seeded[number % len(seeded)]
        at = oldest - timedelta(minutes=number)
        assignee = assignees[number % len(assignees)] if number % 3 else None
        mine = _conversation(state, 1, model.inbox_id, model.contact_id, model.contact_inbox_id, at,
                             STATUSES[number % len(STATUSES)], assignee)
        account_id, inbox, contact, link = other
        theirs = _conversation(state, account_id, inbox.id, contact.id, link.id, at, STATUSES[number % 5], None)
        if number % 3 == 0:
            for account in (1, account_id):
                store_contact(state, Contact(id=state.next_id("contacts"), account_id=account, name=f"Grown {number}",
                                             created_at=at, updated_at=at, email=f"grown{number}@example.com"))
        for conversation in (mine, theirs):
            for kind in (INCOMING, OUTGOING, INCOMING):
                keep_message(state, Message(id=state.next_id("messages"), account_id=conversation.account_id,
                                            inbox_id=conversation.inbox_id, conversation_id=conversation.id,
                                            message_type=kind, content=f"old question {number}", created_at=at,
                                            updated_at=at, sender_type="Contact", sender_id=conversation.contact_id))


def _conversation(state: ChatwootState, account_id: int, inbox_id: int, contact_id: int, link_id: int, at: Any,
                  status: str, assignee_id: int | None) -> Conversation:
    conversation = Conversation(id=state.next_id("conversations"), display_id=state.next_display_id(account_id),
                                account_id=account_id, inbox_id=inbox_id, contact_id=contact_id,
                                contact_inbox_id=link_id, uuid=f"uuid-{state.sequences['conversations']}",
                                created_at=at, updated_at=at, last_activity_at=at, status=status,
                                assignee_id=assignee_id)
    store_conversation(state, conversation)
    return conversation


def _requests(state: ChatwootState) -> dict[str, tuple[str, str, str, Any]]:
    """Each guarded request: method, path, token and body."""
    contact = next(c for c in state.contacts.values() if c.account_id == 1 and c.is_resolved)
    api_inbox = next(i for i in state.inboxes.values() if i.account_id == 1 and i.is_api
                     and not i.lock_to_single_conversation)
    create = {"contact_id": contact.id, "inbox_id": api_inbox.id, "message": {"content": "Hello there"}}
    return {
        "show": ("GET", f"{ACCOUNT}/conversations/3", ADMIN_TOKEN, None),
        "list page 1": ("GET", f"{ACCOUNT}/conversations", ADMIN_TOKEN, None),
        "list page 1, all statuses": ("GET", f"{ACCOUNT}/conversations?status=all", ADMIN_TOKEN, None),
        "list page 1, an agent": ("GET", f"{ACCOUNT}/conversations", AGENT_TOKEN, None),
        "meta": ("GET", f"{ACCOUNT}/conversations/meta", ADMIN_TOKEN, None),
        "meta, an agent": ("GET", f"{ACCOUNT}/conversations/meta", AGENT_TOKEN, None),
        "messages": ("GET", f"{ACCOUNT}/conversations/3/messages", ADMIN_TOKEN, None),
        "create with a message": ("POST", f"{ACCOUNT}/conversations", ADMIN_TOKEN, create),
        "contacts page 1": ("GET", f"{ACCOUNT}/contacts", ADMIN_TOKEN, None),
        "contact create": ("POST", f"{ACCOUNT}/contacts", ADMIN_TOKEN, {"name": "New", "email": "new@example.com"}),
    }


def touches(chatwoot: Chatwoot, factor: int) -> dict[str, int]:
    """In a namespace of its own grown `factor` times: the records each guarded request touches."""
    name = f"grown-{factor}"
    state = chatwoot.app.extensions["simulator"].registry.get(name).state("chatwoot")
    grow(state, factor * SEEDED, _other_account(state))
    counts = {}
    for label, (method, path, token, body) in _requests(state).items():
        headers = {"api_access_token": token, "X-Simulator-Namespace": name}
        with touched(Conversation, Message, Contact) as seen:
            response = chatwoot.client.open(path, method=method, headers=headers, json=body)
        assert response.status_code == 200, (label, response.get_json())
        counts[label] = len(seen)
    check_indexes(state)
    return counts


def test_touched_records_do_not_grow_with_the_world(chatwoot: Chatwoot) -> None:
    """Ten and a hundred times the seeded conversations and messages, in account 1 and in another account: the same."""
    at_ten = touches(chatwoot, 10)
    at_hundred = touches(chatwoot, 100)
    assert at_ten == at_hundred
    assert max(at_hundred.values()) < 150  # a page and what it embeds, not a table


def test_counts_and_pages_read_from_the_index_match_a_scan(chatwoot: Chatwoot) -> None:
    """The grown world's answers: the counts equal the records', page 1 is the newest activity first."""
    state = chatwoot.state
    grow(state, 4 * SEEDED, _other_account(state))
    mine = [cv for cv in state.conversations.values() if cv.account_id == 1]
    for status in ("open", "resolved", "pending", "snoozed", "all"):
        body = chatwoot.get(f"{ACCOUNT}/conversations?status={status}&page=2").get_json()["data"]
        wanted = sorted((cv for cv in mine if status in ("all", cv.status)),
                        key=lambda cv: (cv.last_activity_at, cv.id), reverse=True)
        assert body["meta"]["all_count"] == len(wanted)
        assert body["meta"]["unassigned_count"] == sum(1 for cv in wanted if cv.assignee_id is None)
        assert [item["id"] for item in body["payload"]] == [cv.display_id for cv in wanted[25:50]]


@pytest.mark.parametrize("page", ["0", "3", "999999999999999999999"])
def test_pages_beyond_the_end_are_empty_with_the_counts(chatwoot: Chatwoot, page: str) -> None:
    body = chatwoot.get(f"{ACCOUNT}/conversations?status=all&page={page}").get_json()["data"]
    assert body["meta"]["all_count"] == SEEDED
    assert len(body["payload"]) == (25 if page == "0" else 0)


def test_writes_keep_the_indexes_current(chatwoot: Chatwoot) -> None:
    """Status, assignment, team, messages, a new contact and conversation, a deleted contact: still a fresh build."""
    state = chatwoot.state
    indexes(state)
    assert chatwoot.post(f"{ACCOUNT}/conversations/3/toggle_status", json={"status": "resolved"}).status_code == 200
    assert chatwoot.post(f"{ACCOUNT}/conversations/4/assignments", json={"assignee_id": None}).status_code == 200
    assert chatwoot.post(f"{ACCOUNT}/conversations/5/messages", json={"content": "hi"}).status_code == 200
    contact = chatwoot.post(f"{ACCOUNT}/contacts", json={"name": "New", "email": "new@example.com",
                                                          "inbox_id": 2}).get_json()["payload"]["contact"]
    created = chatwoot.post(f"{ACCOUNT}/conversations", json={"contact_id": contact["id"], "inbox_id": 2})
    assert created.status_code == 200
    check_indexes(state)
    assert chatwoot.delete(f"{ACCOUNT}/contacts/{contact['id']}").status_code == 200
    check_indexes(state)


def test_an_imported_state_gets_its_indexes_from_its_records(chatwoot: Chatwoot) -> None:
    """Export and import: the indexes are no part of the export, and the import's are built afresh."""
    state = chatwoot.state
    grow(state, 2 * SEEDED, _other_account(state))
    exported = STATE.export_state(state)
    assert "indexes" not in exported and "indexer" not in exported["conversations"][str(min(state.conversations))]
    imported = STATE.import_state(exported)
    assert STATE.export_state(imported) == exported
    assert indexes(imported).snapshot() == indexes(state).snapshot()
    check_indexes(imported)
