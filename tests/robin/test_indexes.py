"""ROBIN's conversations by GUID: looked up, not searched, in a world of any size; the index follows every write."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import timedelta

from flask import Flask

from simulator.core.clock import Clock
from simulator.robin.models import Conversation, Tenant, chronological
from simulator.robin.store.indexes import KEY, conversations_by_guid
from tests.conftest import ROBIN_KEY
from tests.robin.support import CANONICAL_GUID, channel_message, conversations, post_robin
from tests.touches import touched


def tenant_of(app: Flask) -> Tenant:
    tenant: Tenant = app.extensions["simulator"].registry.get().state("robin").tenants[ROBIN_KEY]
    return tenant


def grow(tenant: Tenant, copies: int) -> None:
    """Copies of the tenant's conversations under new GUIDs, put straight into the state (oldest first)."""
    originals = list(tenant.conversations)
    added = [dataclasses.replace(original, guid=str(uuid.UUID(int=n)), conversation_id=str(uuid.UUID(int=n)))
             for n in range(copies) for original in originals[:1]]
    tenant.conversations[:0] = added


def touched_by_lookup(app: Flask, guid: str) -> int:
    client = app.test_client()
    assert [c["guid"] for c in conversations(client, guid=guid)] == [guid]  # builds the index if it must
    with touched(Conversation) as seen:
        assert [c["guid"] for c in conversations(client, guid=guid)] == [guid]
    return len(seen)


def test_lookup_by_guid__touches_as_many_conversations_in_a_world_200_times_larger(app: Flask) -> None:
    small = touched_by_lookup(app, CANONICAL_GUID)
    grow(tenant_of(app), copies=200 * len(tenant_of(app).conversations))

    assert touched_by_lookup(app, CANONICAL_GUID) == small
    assert small <= 2


def test_index__follows_new_conversations_and_equals_a_fresh_build(app: Flask) -> None:
    client = app.test_client()
    conversations(client, guid=CANONICAL_GUID)  # the index exists before the writes
    for number in range(3):
        response = post_robin(client, "/robin/messages",
                              channel_message(ConversationExternalIdentifier=f"thread-{number}"))
        assert response.status_code in (200, 201), response.get_data(as_text=True)
    tenant = tenant_of(app)

    assert conversations_by_guid(tenant) == {c.guid: c for c in tenant.conversations}
    newest = tenant.conversations[-1]
    assert [c["guid"] for c in conversations(client, guid=newest.guid.upper())] == [newest.guid]


def test_index__is_derived_data_never_exported(app: Flask) -> None:
    client = app.test_client()
    conversations(client, guid=CANONICAL_GUID)
    assert KEY in vars(tenant_of(app))

    exported = client.get("/__admin/state").get_json()
    assert KEY not in str(exported)
    assert client.put("/__admin/state", json=exported).status_code == 200
    assert [c["guid"] for c in conversations(client, guid=CANONICAL_GUID)] == [CANONICAL_GUID]


def touched_by_message(app: Flask, clock: Clock, thread: str) -> int:
    """The conversations a channel message on `thread` reads, a second after the last (the index is built by a
    first message before)."""
    client = app.test_client()
    clock.advance(1)
    response = post_robin(client, "/robin/messages", channel_message(ConversationExternalIdentifier="warm-up"))
    assert response.status_code in (200, 201), response.get_data(as_text=True)
    clock.advance(1)
    with touched(Conversation) as seen:
        response = post_robin(client, "/robin/messages", channel_message(
            ConversationExternalIdentifier=thread, MessageExternalIdentifier=f"m-{uuid.uuid4()}"))
    assert response.status_code in (200, 201), response.get_data(as_text=True)
    return len(seen)


def test_message_on_a_new_thread__touches_as_many_conversations_in_a_world_200_times_larger(
    app: Flask, clock: Clock
) -> None:
    small = touched_by_message(app, clock, "new-thread-1")
    grow(tenant_of(app), copies=200 * len(tenant_of(app).conversations))

    assert touched_by_message(app, clock, "new-thread-2") == small
    assert small == 2  # the new conversation and the newest before it


def test_message_on_a_known_thread__touches_as_many_conversations_in_a_world_200_times_larger(
    app: Flask, clock: Clock
) -> None:
    client = app.test_client()
    assert post_robin(client, "/robin/messages", channel_message(ConversationExternalIdentifier="known")).status_code \
        in (200, 201)
    small = touched_by_message(app, clock, "known")
    grow(tenant_of(app), copies=200 * len(tenant_of(app).conversations))

    assert touched_by_message(app, clock, "known") == small
    assert small <= 2
    assert len([c for c in tenant_of(app).conversations if c.external_identifier == "known"]) == 1


def test_thread__is_its_oldest_conversation_as_a_scan_in_the_tenants_order_finds_it(app: Flask) -> None:
    client = app.test_client()
    assert post_robin(client, "/robin/messages", channel_message(ConversationExternalIdentifier="t")).status_code \
        in (200, 201)
    tenant = tenant_of(app)
    first = next(c for c in tenant.conversations if c.external_identifier == "t")
    older = dataclasses.replace(first, guid=str(uuid.UUID(int=7)), started_at=tenant.conversations[0].started_at,
                                messages=[])
    tenant.conversations.insert(0, older)  # an imported world may hold two conversations of one thread

    response = post_robin(client, "/robin/messages",
                          channel_message(ConversationExternalIdentifier="t", MessageExternalIdentifier="again"))
    assert response.status_code in (200, 201), response.get_data(as_text=True)
    assert [m.external_identifier for m in older.messages] == ["again"]
    assert conversations_by_guid(tenant) == {c.guid: c for c in tenant.conversations}


def test_new_conversations__keep_the_tenants_order_when_the_clock_went_back(app: Flask, clock: Clock) -> None:
    client = app.test_client()
    tenant = tenant_of(app)
    oldest, newest = tenant.conversations[0].started_at, tenant.conversations[-1].started_at
    for number, at in enumerate((newest, oldest - timedelta(days=1), newest - (newest - oldest) / 2)):
        clock.freeze(at)
        response = post_robin(client, "/robin/messages", channel_message(ConversationExternalIdentifier=f"b-{number}"))
        assert response.status_code in (200, 201), response.get_data(as_text=True)

    assert tenant.conversations == sorted(tenant.conversations, key=chronological)
    assert tenant.conversations[0].external_identifier == "b-1"
