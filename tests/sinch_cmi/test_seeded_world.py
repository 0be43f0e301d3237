"""The seeded contact center: deterministic, consistent across resources, drawn from the shared pool."""

from __future__ import annotations

from typing import Any

from flask import Flask

from simulator import create_app
from simulator.config import Config
from simulator.core.clock import Clock
from simulator.core.serialize import to_jsonable
from tests.conftest import FROZEN_AT
from tests.sinch_cmi.support import Cmi


def _export(seed: int) -> dict[str, Any]:
    app = create_app(Config(seed=seed), clock=Clock(frozen_at=FROZEN_AT))
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


def test_seed__every_user_handles_from_the_agent_pool(unlimited_app: Flask, cmi: Cmi) -> None:
    pool = unlimited_app.extensions["simulator"].registry.get().pool
    assert {u.email for u in cmi.state.users.values()} == {a.email for a in pool.agents}
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
