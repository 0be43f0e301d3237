"""The seeded contact center: deterministic, consistent across resources, drawn from the shared pool; exported
and imported again."""

from __future__ import annotations

from typing import Any

from flask import Flask

from simulator.core.serialize import to_jsonable
from tests.sinch_cmi.support import Cmi, own_app


def _export(seed: int) -> dict[str, Any]:
    with own_app(seed=seed) as app:
        return to_jsonable(app.extensions["simulator"].registry.get().state("sinch_cmi"))


def test_seed__same_seed_gives_the_same_contact_center() -> None:
    assert _export(7) == _export(7)


def test_seed__other_seed_gives_another_contact_center() -> None:
    assert _export(7)["contacts"] != _export(8)["contacts"]


def test_seed__ids_are_upper_case_guids_and_group_ids_follow_the_channel(cmi: Cmi) -> None:
    for contact in cmi.state.contacts.values():
        assert len(contact.id) == 32 and contact.id == contact.id.upper()
        expected = 32 if contact.channel == "PHONE" else 36
        assert len(contact.contact_group_id) == expected, contact
        assert ("-" in contact.contact_group_id) == (contact.channel != "PHONE")


def test_seed__every_email_and_chat_is_a_contact_with_the_same_facts(cmi: Cmi) -> None:
    for email_id in cmi.state.emails:
        email = cmi.get(f"/emails/{email_id}").get_json()
        contact = cmi.get(f"/contacts/{email_id}").get_json()
        assert contact["channel"] == "EMAIL"
        for email_field, contact_field in (("type", "type"), ("status", "status"), ("agentId", "agentId")):
            assert email.get(email_field) == contact.get(contact_field)
        assert email["from_queue"]["id"] == contact["queueId"]
    for chat_id in cmi.state.chats:
        chat = cmi.get(f"/chats/{chat_id}").get_json()
        contact = cmi.get(f"/contacts/{chat_id}").get_json()
        assert contact["channel"] == "CHAT"
        assert (chat["type"], chat["status"], chat.get("agentId")) == (
            contact["type"], contact["status"], contact.get("agentId"))
        assert chat["from_queue"]["id"] == contact["queueId"]


def test_seed__recordings_and_script_results_point_at_existing_calls(cmi: Cmi) -> None:
    contacts = cmi.state.contacts
    assert cmi.state.recordings and cmi.state.script_results
    for recording in cmi.state.recordings.values():
        contact = contacts[recording.contact_id]
        assert contact.channel == "PHONE" and contact.record is True
        assert recording.call_id == contact.contact_group_id
    for result in cmi.state.script_results.values():
        assert contacts[result.contact_id].script is True
        assert result.originalcontact_id in contacts


def test_seed__remarks_belong_to_contact_groups(cmi: Cmi) -> None:
    groups = {c.contact_group_id for c in cmi.state.contacts.values()}
    assert cmi.state.remarks
    assert set(cmi.state.remarks) <= groups


def test_seed__contacts_come_from_the_shared_people_pool(unlimited_app: Flask, cmi: Cmi) -> None:
    namespace = unlimited_app.extensions["simulator"].registry.get()
    robin_emails = {c.email_address for t in namespace.state("robin").tenants.values() for c in t.customers.values()}
    by_address = {p.phone: p for p in namespace.pool.people} | {p.email: p for p in namespace.pool.people}
    customers = [by_address[c.source] for c in cmi.state.contacts.values() if c.source in by_address]
    assert len(customers) >= len(cmi.state.contacts) // 2
    assert any(person.email in robin_emails for person in customers)


CANONICAL_USERS = {"mark.smith", "jack.jonhnson"}  # the agents of the vendor page's examples


def test_seed__every_agent_of_the_pool_is_a_user(unlimited_app: Flask, cmi: Cmi) -> None:
    pool = unlimited_app.extensions["simulator"].registry.get().pool
    generated = [u for login, u in cmi.state.users.items() if login not in CANONICAL_USERS]
    assert {u.email for u in generated} == {a.email for a in pool.agents}
    assert set(cmi.state.users) >= CANONICAL_USERS
    demo = cmi.user()
    assert any(c.agent_id == demo.id for c in cmi.state.contacts.values())


def test_seed__open_contacts_exist_on_every_channel(cmi: Cmi) -> None:
    open_channels = {c.channel for c in cmi.state.contacts.values() if c.disconnect_time is None}
    assert open_channels == {"PHONE", "CHAT", "EMAIL"}


def test_state__export_import_round_trip_answers_the_same(unlimited_app: Flask, cmi: Cmi) -> None:
    admin = unlimited_app.test_client()
    before = cmi.get("/contacts?statistics=true").get_json()
    exported = admin.get("/__admin/state").get_json()
    admin.post("/__admin/reset")
    assert admin.put("/__admin/state", json=exported).status_code in (200, 204)
    assert cmi.get("/contacts?statistics=true").get_json() == before


def test_state_import__times_without_a_zone_are_read_as_utc(unlimited_app: Flask, cmi: Cmi) -> None:
    admin = unlimited_app.test_client()
    exported = admin.get("/__admin/state").get_json()
    contact_id, record = next(iter(exported["vendors"]["sinch_cmi"]["contacts"].items()))
    record["arrival_time"] = "2024-01-01T10:00:00"
    assert admin.put("/__admin/state", json=exported).status_code in (200, 204)
    response = cmi.get(f"/contacts/{contact_id}")
    assert response.status_code == 200
    assert response.get_json()["arrivalTime"] == "2024-01-01T10:00:00.000Z"
    assert cmi.get("/contacts").status_code == 200


DOCUMENTED_CALLBACK = {
    "callbackQueueNumber": "153", "creationTime": "2019-09-13T11:51:17.670Z", "customerNumber": "+35854852156",
    "extraData": "<XML><Skills>ENGLISH=4</Skills></XML>", "gwPrefix": "FIN", "failures": 1,
    "id": "C42C6D5CF4004CC3B75E104654D9C5BE", "lastCallTime": "2019-09-16T14:25:02.840Z", "lastResult": "NO_ANSWER",
    "maxCalls": 99, "nextCallTime": "2019-09-13T11:52:21.480Z", "notes": "Comments", "originalQueueNumber": "152",
    "originalQueueName": "Sales",
}


def test_seed__the_vendor_examples_answer_as_documented(cmi: Cmi) -> None:
    assert cmi.get("/callbacks/C42C6D5CF4004CC3B75E104654D9C5BE").get_json() == DOCUMENTED_CALLBACK
    assert cmi.get("/customerConsents/recording_+584214777").get_json() == {
        "address": "+584214777", "usage": "recording", "consent": False}
    email = cmi.get("/emails/50753BBE49774211AC8286DBCBE17741").get_json()
    assert (email["case_id"], email["cid"], email["title"]) == ("68108", "CID0DCB56DFCC80", "Sinch CCtr RI order")
    assert [a["filename"] for a in email["attachments"]] == ["Help.pdf", "Notes.txt", "Picture_small.jpg"]
    recording = cmi.get("/callRecordings/8534EC49FB5BE711810B005056AD5BC6").get_json()
    assert recording["listen_log"][0]["user_id"] == "mark.smith"
    assert recording["call_id"] == cmi.get(f"/contacts/{recording['contact_id']}").get_json()["contactGroupId"]
    chat = cmi.get("/chats/9964A286A4E711E680F7005056AD5BC6").get_json()
    assert len(chat["transcript"]["messages"]) == 12
    assert chat["transcript"]["messages"][-1]["system_message"] is True
    transferred = cmi.get("/contacts?contactGroupId=475CD7FA939747CD9885379F5C4DEE08").get_json()
    assert {c["id"] for c in transferred} == {"76155631FB5BE711810B005056AD5BC6", "08355C40FB5BE711810B005056AD5BC6"}
