"""Indexed default orders: a first page or a lookup touches as many records in a big world as in a small one."""

from __future__ import annotations

import copy
import dataclasses
from datetime import timedelta
from typing import Any

import pytest

from simulator.core.clock import Clock
from simulator.sinch_cmi.models import (
    Callback,
    CallRecording,
    Chat,
    CmiState,
    Consent,
    Contact,
    ContactDatum,
    Email,
    ScheduledMessage,
    ScriptResult,
)
from simulator.sinch_cmi.store.indexes import check_indexes, index_drift, indexes
from tests.sinch_cmi.contact_builders import add_contact, hyphenated, new_guid
from tests.sinch_cmi.support import JSON, RESTRICTED_AUTH, Cmi
from tests.touches import touched

RECORDS = (Contact, Chat, Email, CallRecording, ScriptResult, Callback, ScheduledMessage, Consent, ContactDatum)

PAGES = (
    "/contacts?limit=20",
    "/contacts?limit=20&statistics=true",
    "/chats?limit=20",
    "/emails?limit=20",
    "/callbacks?limit=20",
    "/messages?limit=20",
    "/customerConsents?limit=20",
    "/scriptResults?limit=20",
    "/callRecordings?limit=20",
    "/contactData?limit=20",
)


def grow(state: CmiState, times: int) -> None:
    """`times` as many records: copies under new ids, older and newer than the originals, of contacts of their own."""
    originals = {table: list(getattr(state, table).values()) for table in (
        "contacts", "emails", "chats", "recordings", "script_results", "callbacks", "messages", "consents",
        "contact_data")}
    for n in range(1, times):
        shift = timedelta(hours=n * (1 if n % 2 else -1), milliseconds=n)
        renamed: dict[str, str] = {}
        for contact in originals["contacts"]:
            renamed[contact.id] = new_id = new_guid()
            group = hyphenated(new_guid()) if "-" in contact.contact_group_id else new_guid()
            state.contacts[new_id] = dataclasses.replace(contact, id=new_id, contact_group_id=group,
                                                         arrival_time=contact.arrival_time + shift)
        for table in ("emails", "chats"):
            records: dict[str, Any] = getattr(state, table)
            for record in originals[table]:
                records[renamed[record.id]] = dataclasses.replace(record, id=renamed[record.id])
        for recording in originals["recordings"]:
            new_id = new_guid()
            state.recordings[new_id] = dataclasses.replace(
                recording, id=new_id, contact_id=renamed.get(recording.contact_id, recording.contact_id),
                creation_time=recording.creation_time + shift, listen_log=[])
        for result in originals["script_results"]:
            new_id = new_guid()
            state.script_results[new_id] = dataclasses.replace(
                result, id=new_id, contact_id=renamed.get(result.contact_id, result.contact_id),
                modificationtime=result.modificationtime + shift)
        for callback in originals["callbacks"]:
            new_id = new_guid()
            state.callbacks[new_id] = dataclasses.replace(callback, id=new_id,
                                                          creation_time=callback.creation_time + shift)
        for message in originals["messages"]:
            new_id = new_guid()
            state.messages[new_id] = dataclasses.replace(message, id=new_id,
                                                         creation_time=message.creation_time + shift)
        for consent in originals["consents"]:
            added = dataclasses.replace(consent, address=f"{n}{consent.address}")
            state.consents[added.key] = added
        for datum in originals["contact_data"]:
            new_id = new_guid()
            state.contact_data[new_id] = dataclasses.replace(
                datum, id=new_id, contact_id=renamed.get(datum.contact_id, datum.contact_id))


def touches(cmi: Cmi, path: str, auth: dict[str, str] | None = None) -> int:
    """How many records answering `path` reads (after a first call, which builds the indexes it needs), in a new
    generation of the namespace: the records were changed behind its lock, and the measure is of an answer made
    from the indexes, not one a read-only request kept."""
    namespace = cmi.app.extensions["simulator"].registry.get()
    with namespace.lock:
        pass  # as any writer would: a new generation
    assert cmi.get(path, auth=auth).status_code == 200
    with namespace.lock:
        pass
    with touched(*RECORDS) as seen:
        response = cmi.get(path, auth=auth)
    assert response.status_code == 200
    return len(seen)


def lookups(state: CmiState) -> list[str]:
    contact = next(c for c in state.contacts.values() if c.id in state.emails)
    call = next(r.contact_id for r in state.script_results.values())
    return [
        f"/contacts/{contact.id}",
        f"/contacts/{contact.id}/details",
        f"/contacts/{call}/details",
        f"/contactData/{call}",
        f"/emails/{contact.id}",
        f"/chats/{next(iter(state.chats))}",
        f"/callbacks/{next(iter(state.callbacks))}",
        f"/messages/{next(iter(state.messages))}",
        f"/scriptResults/{next(iter(state.script_results))}",
        f"/callRecordings/{next(iter(state.recordings))}",
    ]


def test_first_pages_and_lookups__touch_as_many_records_in_a_world_five_times_bigger(cmi: Cmi) -> None:
    """Four times the seeded world (every first page full) against twenty times: the same records read."""
    before = len(cmi.state.contacts)
    grow(cmi.state, 4)
    paths = [*PAGES, *lookups(cmi.state)]
    small = {path: touches(cmi, path) for path in paths}

    grow(cmi.state, 5)

    assert len(cmi.state.contacts) == 20 * before
    assert {path: touches(cmi, path) for path in paths} == small
    assert all(count <= 2 * 20 for count in small.values())  # a page's records and the contacts they belong to
    check_indexes(cmi.state)


def test_first_pages__the_same_answers_as_before_the_copies_were_indexed(cmi: Cmi) -> None:
    grow(cmi.state, 3)
    first = {path: cmi.get(path).get_json() for path in PAGES}
    vars(cmi.state).pop("derived_indexes")  # a state without its indexes builds them again from the records
    assert {path: cmi.get(path).get_json() for path in PAGES} == first


def chat_body(cmi: Cmi, title: str) -> dict[str, Any]:
    queue = cmi.queue("CHAT", "text")
    return {"originator": "ada@example.test", "destination": queue.address, "from_queue": {"id": queue.id},
            "title": title, "channel_type": "chat", "channel_sub_type": "text", "participants": [],
            "transcript": {"messages": [{"message": "Hello", "originator": "ada@example.test"}]}}


def test_writes__keep_the_indexes_without_reading_the_tables_again(cmi: Cmi, clock: Clock) -> None:
    grow(cmi.state, 5)
    for path in PAGES:
        cmi.get(path)  # every index built
    with touched(*RECORDS) as seen:
        assert cmi.post("/chats", json=chat_body(cmi, "First")).status_code == 201
        clock.advance(1)
        assert cmi.post("/chats", json=chat_body(cmi, "Second")).status_code == 201
    assert len(seen) <= 4  # the new chats and their contacts

    with touched(*RECORDS) as seen:
        contacts = cmi.get("/contacts?limit=2").get_json()
    assert [c["subject"] for c in contacts] == ["Second", "First"]
    assert len(seen) == 2
    assert [c["title"] for c in cmi.get("/chats?limit=2").get_json()] == ["Second", "First"]
    assert index_drift(cmi.state) == []


def test_writes__every_write_path_keeps_its_index(cmi: Cmi) -> None:
    state = cmi.state
    for index in indexes(state).all().values():
        index.ensure(state)  # every index built before the writes
    queue = next(q for q in state.queues.values() if q.channel == "PHONE" and q.number)
    chat_queue = cmi.queue("CHAT", "text")
    call = next(r.contact_id for r in state.script_results.values())
    created = cmi.post("/callbacks", json={"callbackQueueNumber": queue.number, "customerNumber": "+3585551"})
    assert created.status_code == 201, created.data
    message = cmi.post("/messages", json={"message": "Hi", "source": chat_queue.address, "subType": "sms",
                                          "destinations": [{"address": "+3585552"}]})
    assert message.status_code == 201, message.data
    second = cmi.post("/messages", json={"message": "Bye", "source": chat_queue.address, "subType": "sms",
                                         "destinations": [{"address": "+3585553"}]})
    assert cmi.delete(f"/messages/{message.data.decode()}").status_code == 204
    datum = cmi.post("/contactData", json={"contactId": call, "key": "k", "value": "v"})
    assert datum.status_code == 201, datum.data
    result = cmi.post("/scriptResults", json={
        "script_id": "0123456789ABCDEF0123456789ABCDEF", "name": "Survey", "contact_id": call,
        "scriptquestions": [{"data": "Q", "controltype": "text", "datatype": "string", "ordinal": 1,
                             "scriptanswers": [{"answerdata": "A", "ordinal": 1}]}]})
    assert result.status_code == 201, result.data
    assert cmi.post("/chats", json=chat_body(cmi, "Third")).status_code == 201

    assert index_drift(state) == []
    derived = indexes(state).all()
    assert all(index.built and index.current(state) for index in derived.values()), [
        name for name, index in derived.items() if not (index.built and index.current(state))]
    assert cmi.get("/callbacks?limit=1").get_json()[0]["id"] == created.data.decode()
    assert cmi.get("/messages?limit=1").get_json()[0]["id"] == second.data.decode()
    assert datum.data.decode() in {d["id"] for d in cmi.get(f"/contactData/{call}").get_json()}


@pytest.mark.parametrize("path", PAGES)
def test_imported_state__answers_as_the_exported_one(cmi: Cmi, path: str) -> None:
    grow(cmi.state, 2)
    expected = cmi.get(path).get_json()
    exported = cmi.client.get("/__admin/state").get_json()
    assert cmi.client.put("/__admin/state", json=exported, headers={"Content-Type": JSON}).status_code in (200, 204)
    assert "derived_indexes" not in vars(cmi.state)  # a new state: its indexes are built on first use
    assert cmi.get(path).get_json() == expected


def test_field_filters__default_order_equals_the_explicit_sort_within_one_millisecond(center: Cmi) -> None:
    """Filtered, the default order compares the written times: contacts within one millisecond keep the table's
    order, as the explicit sort keeps them."""
    for n, microseconds in enumerate((900, 100, 500, 100, 999, 0)):
        contact = add_contact(center, arrival=-n // 2, source=f"+35840{n}")
        contact.arrival_time = contact.arrival_time.replace(microsecond=microseconds)
    for query in ("type=CallIn", "type=CallIn&limit=3", "source=*&limit=5", "statistics=true&type=*"):
        default = center.get(f"/contacts?{query}").get_json()
        assert default == center.get(f"/contacts?{query}&sort=-arrivalTime,LOCALE-en").get_json(), query
        assert default


def test_own_contacts__a_first_page_reads_only_the_callers_contacts(cmi: Cmi) -> None:
    """A user who may see only the contacts they handled: the first page walks those alone."""
    restricted = cmi.user("demo-restricted")
    assert any(c.agent_id == restricted.id for c in cmi.state.contacts.values())
    grow(cmi.state, 4)
    small = touches(cmi, "/contacts?limit=5", RESTRICTED_AUTH)

    grow(cmi.state, 5)

    assert touches(cmi, "/contacts?limit=5", RESTRICTED_AUTH) == small <= 5
    found = cmi.get("/contacts?limit=5", auth=RESTRICTED_AUTH).get_json()
    assert found == cmi.get("/contacts?limit=5&sort=-arrivalTime,LOCALE-en", auth=RESTRICTED_AUTH).get_json()
    assert {c["agentId"] for c in found} == {restricted.id}


def test_deep_copies_of_a_state__build_indexes_of_their_own(cmi: Cmi) -> None:
    """As a namespace's world is copied from the pristine seeded one."""
    state = cmi.state
    cmi.get("/contacts?limit=1")
    copied = copy.deepcopy(state)
    assert indexes(copied) is not indexes(state)
    assert not indexes(copied).contacts.built
    assert copied == state
