"""The seeded Chatwoot world: complete, drawn from the people pool, consistent, deterministic and exportable."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask
from werkzeug.test import TestResponse

from simulator import create_app
from simulator.chatwoot.models import ChatwootState
from simulator.cli import main
from simulator.config import Config
from simulator.core.clock import Clock
from simulator.core.serialize import to_jsonable
from tests.chatwoot.support import ACCOUNT, ADMIN_TOKEN, Chatwoot, ok
from tests.conftest import FROZEN_AT

NAMESPACE_HEADER = "X-Simulator-Namespace"
INCOMING, OUTGOING, ACTIVITY = 0, 1, 2
STATUSES = ("open", "resolved", "pending", "snoozed")
PRIORITIES = ("low", "medium", "high", "urgent")
FIXTURE_ENTITIES = {"accounts": "accounts", "users": "users", "account_users": "account_users",
                    "agent_bots": "agent_bots", "inboxes": "inboxes", "teams": "teams",
                    "canned_responses": "canned_responses", "custom_attribute_definitions": "custom_attributes",
                    "contacts": "contacts", "contact_inboxes": "contact_inboxes",
                    "conversations": "conversations", "messages": "messages"}  # file → ChatwootState table


@pytest.fixture
def build() -> Iterator[Any]:
    """Builds apps of their own (a seed each) on a frozen clock; shuts them down afterwards."""
    made: list[Flask] = []

    def make(seed: int) -> Flask:
        application = create_app(Config(seed=seed, rate_limits=False), clock=Clock(frozen_at=FROZEN_AT))
        made.append(application)
        return application

    yield make
    for application in made:
        application.extensions["simulator"].outbox.shutdown()


def chatwoot_state(application: Flask) -> ChatwootState:
    return application.extensions["simulator"].registry.get().state("chatwoot")


def all_conversations(chatwoot: Chatwoot) -> list[dict[str, Any]]:
    """Every conversation through the list (status=all, pages of 25)."""
    found: list[dict[str, Any]] = []
    page = 1
    while True:
        payload = ok(chatwoot.get(f"{ACCOUNT}/conversations?status=all&page={page}"))["data"]["payload"]
        if not payload:
            return found
        found.extend(payload)
        page += 1


def all_contacts(chatwoot: Chatwoot) -> list[dict[str, Any]]:
    """Every listed (resolved) contact, pages of 15."""
    found: list[dict[str, Any]] = []
    page = 1
    while True:
        payload = ok(chatwoot.get(f"{ACCOUNT}/contacts?page={page}"))["payload"]
        if not payload:
            return found
        found.extend(payload)
        page += 1


def messages_of(chatwoot: Chatwoot, display_id: int) -> list[dict[str, Any]]:
    return ok(chatwoot.get(f"{ACCOUNT}/conversations/{display_id}/messages"))["payload"]


# ---- what the world holds -------------------------------------------------------------------------


def test_seeded_world__account_1_with_web_widget_and_api_inboxes(chatwoot: Chatwoot) -> None:
    assert [(a.id, a.name) for a in chatwoot.state.accounts.values()] == [(1, "Demo Account")]
    inboxes = ok(chatwoot.get(f"{ACCOUNT}/inboxes"))["payload"]
    assert {i["channel_type"] for i in inboxes} == {"Channel::WebWidget", "Channel::Api"}
    assert all(i["inbox_identifier"] for i in inboxes if i["channel_type"] == "Channel::Api")
    assert all(i["website_token"] for i in inboxes if i["channel_type"] == "Channel::WebWidget")


def test_seeded_world__agents_of_both_roles_and_the_demo_tokens(chatwoot: Chatwoot) -> None:
    agents = ok(chatwoot.get(f"{ACCOUNT}/agents"))
    assert {a["role"] for a in agents} == {"administrator", "agent"}
    roles = {m.user_id: m.role for m in chatwoot.state.members(1)}
    by_token = {u.access_token: u.id for u in chatwoot.state.users.values()}
    assert roles[by_token[ADMIN_TOKEN]] == "administrator"
    assert roles[by_token["demo-chatwoot-agent-token"]] == "agent"


def test_seeded_world__teams_canned_responses_and_attribute_definitions(chatwoot: Chatwoot) -> None:
    teams = ok(chatwoot.get(f"{ACCOUNT}/teams"))
    assert teams and all(ok(chatwoot.get(f"{ACCOUNT}/teams/{t['id']}/team_members")) for t in teams)
    assert ok(chatwoot.get(f"{ACCOUNT}/canned_responses"))
    definitions = ok(chatwoot.get(f"{ACCOUNT}/custom_attribute_definitions"))
    assert {d["attribute_model"] for d in definitions} == {"contact_attribute", "conversation_attribute"}


@pytest.mark.parametrize("status", STATUSES)
def test_seeded_world__conversations_in_every_status(chatwoot: Chatwoot, status: str) -> None:
    counts = ok(chatwoot.get(f"{ACCOUNT}/conversations/meta?status={status}"))["meta"]
    assert counts["all_count"] > 0


def test_seeded_world__every_conversation_is_listed_in_some_status(chatwoot: Chatwoot) -> None:
    conversations = all_conversations(chatwoot)
    assert len(conversations) == len(chatwoot.state.conversations)
    assert {c["status"] for c in conversations} == set(STATUSES)


def test_seeded_world__messages_of_every_kind(chatwoot: Chatwoot) -> None:
    messages = [m for c in all_conversations(chatwoot) for m in messages_of(chatwoot, c["id"])]
    kinds = {(m["message_type"], m["private"]) for m in messages}
    assert {(INCOMING, False), (OUTGOING, False), (OUTGOING, True), (ACTIVITY, False)} <= kinds
    senders = {m["sender"]["type"] for m in messages if "sender" in m}
    assert senders == {"contact", "user"}
    assert all("sender" not in m for m in messages if m["message_type"] == ACTIVITY)
    assert len(messages) == len(chatwoot.state.messages)


def test_seeded_world__labels_and_priorities(chatwoot: Chatwoot) -> None:
    conversations = all_conversations(chatwoot)
    assert any(c["labels"] for c in conversations) and any(not c["labels"] for c in conversations)
    priorities = {c["priority"] for c in conversations}
    assert None in priorities and len(priorities - {None}) >= 2 and priorities - {None} <= set(PRIORITIES)
    assert any(contact.labels for contact in chatwoot.state.contacts.values())


# ---- the people pool ------------------------------------------------------------------------------


def test_seeded_world__resolved_contacts_are_people_of_the_pool(unlimited_app: Flask, chatwoot: Chatwoot) -> None:
    pool = unlimited_app.extensions["simulator"].registry.get().pool
    people = {person.email.lower(): person for person in pool.people}
    contacts = all_contacts(chatwoot)
    resolved = [c for c in chatwoot.state.contacts.values() if c.is_resolved]
    assert len(contacts) == len(resolved) >= 20
    phones = {c["phone_number"] for c in contacts}
    for contact in contacts:
        person = people.get(contact["email"])
        assert person is not None, contact
        assert contact["name"] == person.name
        # a phone number already taken by another contact stays empty (phone numbers are unique per account)
        assert contact["phone_number"] == person.phone or (contact["phone_number"] is None and person.phone in phones)
        assert contact["identifier"] in (None, person.external_identifier)
    assert sum(1 for c in contacts if c["phone_number"]) >= len(contacts) // 2


def test_seeded_world__unidentified_visitors_are_not_listed(chatwoot: Chatwoot) -> None:
    visitors = [c for c in chatwoot.state.contacts.values() if not c.is_resolved]
    assert visitors
    listed = {c["id"] for c in all_contacts(chatwoot)}
    assert not listed & {c.id for c in visitors}
    assert all(ok(chatwoot.get(f"{ACCOUNT}/contacts/{c.id}"))["payload"]["name"] == c.name for c in visitors)


# ---- consistency ----------------------------------------------------------------------------------


def test_seeded_world__conversations_contacts_inboxes_and_links_agree(chatwoot: Chatwoot) -> None:
    state = chatwoot.state
    for conversation in state.conversations.values():
        assert conversation.account_id == 1
        assert state.contacts[conversation.contact_id].account_id == 1
        assert state.inboxes[conversation.inbox_id].account_id == 1
        link = state.contact_inboxes[conversation.contact_inbox_id]
        assert (link.contact_id, link.inbox_id) == (conversation.contact_id, conversation.inbox_id), conversation
    for link in state.contact_inboxes.values():
        assert link.contact_id in state.contacts and link.inbox_id in state.inboxes
    sources = [(link.inbox_id, link.source_id) for link in state.contact_inboxes.values()]
    assert len(sources) == len(set(sources))


def test_seeded_world__messages_agree_with_their_conversation(chatwoot: Chatwoot) -> None:
    state = chatwoot.state
    for message in state.messages.values():
        conversation = state.conversations[message.conversation_id]
        assert (message.account_id, message.inbox_id) == (conversation.account_id, conversation.inbox_id), message
        if message.sender_type == "Contact":
            assert (message.message_type, message.sender_id) == (INCOMING, conversation.contact_id), message
        elif message.sender_type == "User":
            assert message.message_type == OUTGOING and state.membership(1, message.sender_id) is not None, message
        else:
            assert (message.message_type, message.sender_type, message.sender_id) == (ACTIVITY, None, None), message


def test_seeded_world__assignees_are_members_of_the_account_and_the_inbox(chatwoot: Chatwoot) -> None:
    state = chatwoot.state
    assigned = [cv for cv in state.conversations.values() if cv.assignee_id is not None]
    assert assigned
    for conversation in assigned:
        assert state.membership(1, conversation.assignee_id) is not None, conversation
        assert conversation.assignee_id in state.inboxes[conversation.inbox_id].member_ids, conversation
    for conversation in state.conversations.values():
        assert conversation.team_id is None or conversation.team_id in state.teams


def test_seeded_world__display_ids_run_from_1_to_n(chatwoot: Chatwoot) -> None:
    display_ids = sorted(cv.display_id for cv in chatwoot.state.conversations.values())
    assert display_ids == list(range(1, len(display_ids) + 1))
    assert sorted(c["id"] for c in all_conversations(chatwoot)) == display_ids
    assert chatwoot.state.display_ids[1] == len(display_ids)


def test_seeded_world__activity_and_wait_agree_with_the_messages(chatwoot: Chatwoot) -> None:
    """last_activity_at is the last message's time; the first public reply of a user is the first reply;
    the wait starts when the conversation is created (`ensure_waiting_since`), ends at a public reply of a
    user, and starts again at the next incoming message."""
    for conversation in all_conversations(chatwoot):
        messages = messages_of(chatwoot, conversation["id"])
        assert messages, conversation["id"]
        assert conversation["last_activity_at"] == conversation["timestamp"] == messages[-1]["created_at"]
        assert conversation["messages"][0]["id"] == messages[-1]["id"]
        first_reply, waiting = 0, conversation["created_at"]
        for message in messages:
            human_reply = (message["message_type"] == OUTGOING and not message["private"]
                           and message.get("sender", {}).get("type") == "user")
            if human_reply:
                first_reply = first_reply or message["created_at"]
                waiting = 0
            elif message["message_type"] == INCOMING:
                waiting = waiting or message["created_at"]
        assert (conversation["first_reply_created_at"], conversation["waiting_since"]) == (first_reply, waiting), (
            conversation["id"])


def test_seeded_world__pending_conversations_of_a_bot_inbox_wait_for_the_bot(chatwoot: Chatwoot) -> None:
    state = chatwoot.state
    bot_inboxes = {inbox.id for inbox in state.inboxes.values() if inbox.agent_bot_id is not None}
    assert bot_inboxes
    in_bot_inboxes = [cv for cv in state.conversations.values() if cv.inbox_id in bot_inboxes]
    assert in_bot_inboxes and all(cv.status == "pending" and cv.assignee_id is None for cv in in_bot_inboxes)


# ---- determinism, export and import, fixtures -----------------------------------------------------


def test_seeded_world__same_seed_gives_the_same_world(build: Any) -> None:
    assert to_jsonable(chatwoot_state(build(7))) == to_jsonable(chatwoot_state(build(7)))


def test_seeded_world__other_seed_gives_another_world(build: Any) -> None:
    one, other = to_jsonable(chatwoot_state(build(7))), to_jsonable(chatwoot_state(build(8)))
    for table in ("contacts", "conversations", "messages"):
        assert one[table] != other[table], table


def namespaced(chatwoot: Chatwoot, method: str, path: str, namespace: str, **kwargs: Any) -> TestResponse:
    headers = {"api_access_token": ADMIN_TOKEN, NAMESPACE_HEADER: namespace}
    return chatwoot.client.open(path, method=method, headers=headers, **kwargs)


PROBES = ("/conversations/1", "/contacts/1", "/conversations/7/messages", "/inboxes", "/agents", "/teams",
          "/conversations?status=all")


def test_state_export_import__keeps_the_chatwoot_world_and_its_api(chatwoot: Chatwoot) -> None:
    ok(chatwoot.post(f"{ACCOUNT}/conversations/1/messages", json={"content": "Before the export"}))
    exported = ok(chatwoot.get("/__admin/state", token=None))
    answers = {probe: ok(chatwoot.get(f"{ACCOUNT}{probe}")) for probe in probes_with_ids(chatwoot)}

    imported = namespaced(chatwoot, "PUT", "/__admin/state", "copy", json=exported)
    assert imported.status_code == 200, imported.get_data(as_text=True)

    copied = ok(namespaced(chatwoot, "GET", "/__admin/state", "copy"))
    assert copied["vendors"]["chatwoot"] == exported["vendors"]["chatwoot"]
    for probe, answer in answers.items():
        assert ok(namespaced(chatwoot, "GET", f"{ACCOUNT}{probe}", "copy")) == answer, probe
    body = {"content": "After the import", "message_type": "incoming"}
    in_copy = ok(namespaced(chatwoot, "POST", f"{ACCOUNT}/conversations/2/messages", "copy", json=body))
    in_default = ok(chatwoot.post(f"{ACCOUNT}/conversations/2/messages", json=body))
    assert in_copy == in_default


def probes_with_ids(chatwoot: Chatwoot) -> list[str]:
    contact = max(chatwoot.state.contacts)
    return [*PROBES, f"/contacts/{contact}", f"/contacts/{contact}/conversations"]


def test_state_import__restores_a_snapshot_of_the_chatwoot_world(chatwoot: Chatwoot) -> None:
    snapshot = ok(chatwoot.get("/__admin/state", token=None))
    before = to_jsonable(chatwoot.state)
    conversation = ok(chatwoot.get(f"{ACCOUNT}/conversations/1"))
    ok(chatwoot.post(f"{ACCOUNT}/conversations/1/messages", json={"content": "Later"}))
    ok(chatwoot.post(f"{ACCOUNT}/conversations/1/toggle_status", json={"status": "resolved"}))

    assert chatwoot.client.put("/__admin/state", json=snapshot).status_code == 200

    assert to_jsonable(chatwoot.state) == before
    assert ok(chatwoot.get(f"{ACCOUNT}/conversations/1")) == conversation


def secrets_of(state: ChatwootState) -> set[str]:
    tokens = {u.access_token for u in state.users.values()} | {u.pubsub_token for u in state.users.values()}
    tokens |= {b.access_token for b in state.agent_bots.values()}
    tokens |= {i.hmac_token for i in state.inboxes.values() if i.hmac_token}
    tokens |= {ci.pubsub_token for ci in state.contact_inboxes.values() if ci.pubsub_token}
    return {token for token in tokens if token}


def test_fixtures_generate__writes_the_chatwoot_world_without_tokens(tmp_path: Path, build: Any) -> None:
    result = CliRunner().invoke(main, ["fixtures", "generate", "--out", str(tmp_path), "--seed", "7",
                                       "--vendor", "chatwoot"])
    assert result.exit_code == 0, result.output
    state = chatwoot_state(build(7))
    written = {str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*.json")}
    assert {f"chatwoot/{name}.json" for name in FIXTURE_ENTITIES} <= written
    assert not any(name.startswith(("robin/", "sinch_cmi/")) for name in written)
    for name, table in FIXTURE_ENTITIES.items():
        records = json.loads((tmp_path / "chatwoot" / f"{name}.json").read_text(encoding="utf-8"))
        assert sorted(r["id"] for r in records) == sorted(getattr(state, table)), name
    for kind in ("inboxes", "contacts", "conversations", "messages"):
        by_id = {r["id"]: r for r in json.loads((tmp_path / "chatwoot" / f"{kind}.json").read_text())}
        original = to_jsonable(getattr(state, kind))
        for key, record in original.items():
            kept = by_id[int(key)]
            assert {k: v for k, v in record.items() if k in kept} == kept, (kind, key)
    conversations = json.loads((tmp_path / "chatwoot" / "conversations.json").read_text())
    assert {c["status"] for c in conversations} == set(STATUSES)
    secrets = secrets_of(state)
    assert ADMIN_TOKEN in secrets
    for path in tmp_path.rglob("*.json"):
        text = path.read_text(encoding="utf-8")
        for key in ('"access_token"', '"pubsub_token"', '"hmac_token"'):
            assert key not in text, (path, key)
        leaked = {token for token in secrets if token in text}
        assert not leaked, (path, leaked)
