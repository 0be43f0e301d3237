"""ROBIN's conversations by GUID: looked up, not searched, in a world of any size; the index follows every write."""

from __future__ import annotations

import dataclasses
import uuid

from flask import Flask

from simulator.robin.models import Conversation, Tenant
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
