"""The public (client) API: inbox, contacts, conversations and messages of an API inbox, and what the agents see."""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from simulator.chatwoot.models import Contact, ContactInbox, Conversation, Message
from simulator.core.clock import Clock
from tests.chatwoot.support import ACCOUNT, UUID, Chatwoot, assert_json, ok

PUBLIC = "/chatwoot/public/api/v1/inboxes"
INBOX = f"{PUBLIC}/demo-api-inbox"
CONTACTS = f"{INBOX}/contacts"
RAILS_404 = {"status": 404, "error": "Not Found"}
HMAC_FAILED = {"error": "HMAC failed: Invalid Identifier Hash Provided"}
CSAT_LOCKED = {"error": "You cannot update the CSAT survey after 14 days"}
HAIKU = re.compile(r"^[a-z]+-[a-z]+-\d{4}$")
PUBLIC_CONTACT_KEYS = ["source_id", "pubsub_token", "id", "name", "email", "phone_number"]
RECORD_KEYS = ["id", "name", "email", "phone_number", "account_id", "created_at", "updated_at",
               "additional_attributes", "identifier", "custom_attributes", "last_activity_at"]
CONVERSATION_KEYS = ["id", "uuid", "inbox_id", "contact_last_seen_at", "status", "agent_last_seen_at", "messages",
                     "contact"]
INCOMING, OUTGOING, ACTIVITY = 0, 1, 2
SEEDED = 7  # display id of a Shop API conversation: incoming, reply, private note, incoming, activity


# ---- helpers -------------------------------------------------------------------------------------


def iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def unix(moment: datetime) -> int:
    return int(moment.timestamp())


def contact_path(source_id: str) -> str:
    return f"{CONTACTS}/{source_id}"


def conversations_path(source_id: str) -> str:
    return f"{contact_path(source_id)}/conversations"


def messages_path(source_id: str, display_id: int) -> str:
    return f"{conversations_path(source_id)}/{display_id}/messages"


def new_contact(chatwoot: Chatwoot, **body: Any) -> dict[str, Any]:
    return ok(chatwoot.post(CONTACTS, json=body, token=None))


def new_conversation(chatwoot: Chatwoot, source_id: str) -> dict[str, Any]:
    return ok(chatwoot.post(conversations_path(source_id), json={}, token=None))


def say(chatwoot: Chatwoot, source_id: str, display_id: int, content: str) -> dict[str, Any]:
    return ok(chatwoot.post(messages_path(source_id, display_id), json={"content": content}, token=None))


def link_of(chatwoot: Chatwoot, source_id: str) -> ContactInbox:
    return next(ci for ci in chatwoot.state.contact_inboxes.values() if ci.source_id == source_id)


def seeded_source(chatwoot: Chatwoot, display_id: int = SEEDED) -> tuple[str, Conversation]:
    conversation = chatwoot.conversation(display_id)
    return chatwoot.state.contact_inboxes[conversation.contact_inbox_id].source_id, conversation


def stored_messages(chatwoot: Chatwoot, conversation: Conversation) -> list[Message]:
    return sorted((m for m in chatwoot.state.messages.values() if m.conversation_id == conversation.id),
                  key=lambda m: m.id)


def signature(chatwoot: Chatwoot, identifier: str, inbox_id: int = 2) -> str:
    token = chatwoot.state.inboxes[inbox_id].hmac_token or ""
    return hmac.new(token.encode(), identifier.encode(), hashlib.sha256).hexdigest()


def contact_push(contact: Contact) -> dict[str, Any]:
    return {"additional_attributes": contact.additional_attributes, "custom_attributes": contact.custom_attributes,
            "email": contact.email, "id": contact.id, "identifier": contact.identifier, "name": contact.name,
            "phone_number": contact.phone_number, "thumbnail": contact.avatar_url, "type": "contact"}


def record(contact: Contact) -> dict[str, Any]:
    return {"id": contact.id, "name": contact.name, "email": contact.email, "phone_number": contact.phone_number,
            "account_id": contact.account_id, "created_at": iso(contact.created_at),
            "updated_at": iso(contact.updated_at), "additional_attributes": contact.additional_attributes,
            "identifier": contact.identifier, "custom_attributes": contact.custom_attributes,
            "last_activity_at": iso(contact.last_activity_at)}


def counts(chatwoot: Chatwoot) -> tuple[int, int, int, int]:
    state = chatwoot.state
    return len(state.contacts), len(state.contact_inboxes), len(state.conversations), len(state.messages)


# ---- GET /inboxes/{inbox_identifier} ---------------------------------------------------------------


def test_inbox__the_public_inbox_json(chatwoot: Chatwoot) -> None:
    body = ok(chatwoot.get(INBOX, token=None))
    assert list(body) == ["identifier", "name", "timezone", "working_hours", "working_hours_enabled",
                          "csat_survey_enabled", "greeting_enabled", "identity_validation_enabled"]
    assert {k: v for k, v in body.items() if k != "working_hours"} == {
        "identifier": "demo-api-inbox", "name": "Shop API", "timezone": "UTC", "working_hours_enabled": False,
        "csat_survey_enabled": False, "greeting_enabled": False, "identity_validation_enabled": False}
    assert [day["day_of_week"] for day in body["working_hours"]] == list(range(7))
    assert body["working_hours"][1] == {"day_of_week": 1, "closed_all_day": False, "open_hour": 9,
                                        "open_minutes": 0, "close_hour": 17, "close_minutes": 0,
                                        "open_all_day": False}


def test_inbox__identity_validation_is_the_inbox_hmac_mandatory(chatwoot: Chatwoot) -> None:
    chatwoot.state.inboxes[2].hmac_mandatory = True
    assert ok(chatwoot.get(INBOX, token=None))["identity_validation_enabled"] is True


def test_inbox__another_api_inbox_by_its_identifier(chatwoot: Chatwoot) -> None:
    identifier = chatwoot.state.inboxes[3].identifier
    assert ok(chatwoot.get(f"{PUBLIC}/{identifier}", token=None))["name"] == "Mobile app"


@pytest.mark.parametrize("identifier", ["nope", "DEMO-API-INBOX", "2", "None"])
def test_inbox__unknown_identifier_is_rails_404(chatwoot: Chatwoot, identifier: str) -> None:
    """The web-widget inbox has no identifier: nothing, not even "None", reaches it."""
    assert_json(chatwoot.get(f"{PUBLIC}/{identifier}", token=None), 404, RAILS_404)


def test_inbox__no_auth_header_needed_and_a_token_changes_nothing(chatwoot: Chatwoot) -> None:
    assert ok(chatwoot.get(INBOX)) == ok(chatwoot.get(INBOX, token=None))


# ---- POST /contacts --------------------------------------------------------------------------------


def test_create_contact__a_new_contact_and_its_contact_inbox(chatwoot: Chatwoot, clock: Clock) -> None:
    before = counts(chatwoot)
    body = new_contact(chatwoot, name="Ada Lovelace", email="Ada@Example.com", phone_number="+31600000001",
                       identifier="ada-1815", custom_attributes={"plan": "pro"}, additional_attributes={"x": 1})
    assert list(body) == PUBLIC_CONTACT_KEYS
    assert UUID.match(body["source_id"])
    assert re.fullmatch(r"[0-9a-f]{24}", body["pubsub_token"])
    assert (body["name"], body["email"], body["phone_number"]) == ("Ada Lovelace", "ada@example.com", "+31600000001")
    contact = chatwoot.state.contacts[body["id"]]
    link = link_of(chatwoot, body["source_id"])
    assert (link.contact_id, link.inbox_id, link.pubsub_token, link.hmac_verified) == (
        contact.id, 2, body["pubsub_token"], False)
    assert (contact.identifier, contact.custom_attributes, contact.additional_attributes) == (
        "ada-1815", {"plan": "pro"}, {})  # additional attributes are not permitted
    assert contact.created_at == clock.now()
    assert counts(chatwoot) == (before[0] + 1, before[1] + 1, before[2], before[3])


def test_create_contact__without_a_name_gets_an_adjective_noun_number_name(chatwoot: Chatwoot) -> None:
    body = new_contact(chatwoot)
    assert HAIKU.match(body["name"]), body["name"]
    assert (body["email"], body["phone_number"]) == (None, None)
    assert new_contact(chatwoot, name="")["name"] == ""  # only a missing name is made up


def test_create_contact__the_made_up_name_and_ids_are_the_same_for_the_same_seed(chatwoot: Chatwoot) -> None:
    first = [new_contact(chatwoot) for _ in range(3)]
    chatwoot.app.extensions["simulator"].registry.reset("default")
    again = [new_contact(chatwoot) for _ in range(3)]
    assert again == first
    assert len({body["name"] for body in first}) == 3


def test_create_contact__a_given_source_id_is_the_contact_identifier(chatwoot: Chatwoot) -> None:
    body = new_contact(chatwoot, source_id="shop-customer-77", name="Bo")
    assert body["source_id"] == "shop-customer-77"
    assert ok(chatwoot.get(contact_path("shop-customer-77"), token=None)) == body


def test_create_contact__a_known_source_id_answers_its_contact_inbox_as_it_is(chatwoot: Chatwoot) -> None:
    source_id, conversation = seeded_source(chatwoot)
    contact = chatwoot.state.contacts[conversation.contact_id]
    before = counts(chatwoot)
    body = new_contact(chatwoot, source_id=source_id, name="Someone Else", email="else@example.com")
    assert body == {"source_id": source_id, "pubsub_token": link_of(chatwoot, source_id).pubsub_token,
                    "id": contact.id, "name": contact.name, "email": contact.email,
                    "phone_number": contact.phone_number}
    assert counts(chatwoot) == before


def test_create_contact__reuses_a_contact_by_identifier_first(chatwoot: Chatwoot) -> None:
    by_identifier, other = chatwoot.state.contacts[4], chatwoot.state.contacts[2]
    body = new_contact(chatwoot, identifier=by_identifier.identifier, email=other.email,
                       phone_number=other.phone_number, name="Not Used")
    assert (body["id"], body["name"], body["email"]) == (4, by_identifier.name, by_identifier.email)
    link = link_of(chatwoot, body["source_id"])
    assert (link.contact_id, link.inbox_id) == (4, 2)


def test_create_contact__then_by_email_in_any_case(chatwoot: Chatwoot) -> None:
    by_email, other = chatwoot.state.contacts[5], chatwoot.state.contacts[3]
    before = counts(chatwoot)
    body = new_contact(chatwoot, identifier="new-identifier", email=by_email.email.upper(),
                       phone_number=other.phone_number)
    assert body["id"] == 5
    assert chatwoot.state.contacts[5].identifier is None  # a reused contact is not updated
    assert counts(chatwoot)[:2] == (before[0], before[1] + 1)


def test_create_contact__then_by_phone_number(chatwoot: Chatwoot) -> None:
    by_phone = chatwoot.state.contacts[6]
    body = new_contact(chatwoot, email="someone.new@example.com", phone_number=by_phone.phone_number)
    assert (body["id"], body["email"]) == (6, by_phone.email)


def test_create_contact__reused_contacts_get_a_new_contact_inbox_each_time(chatwoot: Chatwoot) -> None:
    first = new_contact(chatwoot, email="nick@mail.com")
    second = new_contact(chatwoot, email="nick@mail.com")
    assert first["id"] == second["id"] == 2
    assert first["source_id"] != second["source_id"]


@pytest.mark.parametrize(("body", "error"), [
    ({"email": "not-an-email"}, {"message": "Email Invalid email", "attributes": ["email"]}),
    ({"phone_number": "0612345678"}, {"message": "Phone number should be in e164 format",
                                      "attributes": ["phone_number"]}),
    ({"name": "x" * 256}, {"message": "Name is too long (maximum is 255 characters)", "attributes": ["name"]}),
])
def test_create_contact__an_invalid_contact_is_422_and_stores_nothing(
    chatwoot: Chatwoot, body: dict[str, Any], error: dict[str, Any]
) -> None:
    before = counts(chatwoot)
    assert_json(chatwoot.post(CONTACTS, json=body, token=None), 422, error)
    assert counts(chatwoot) == before


def test_create_contact__a_field_of_the_wrong_type_is_422(chatwoot: Chatwoot) -> None:
    response = chatwoot.post(CONTACTS, json={"custom_attributes": "plan"}, token=None)
    assert response.status_code == 422
    assert response.get_json()["attributes"] == ["custom_attributes"]


def test_create_contact__unknown_inbox_is_rails_404(chatwoot: Chatwoot) -> None:
    before = counts(chatwoot)
    assert_json(chatwoot.post(f"{PUBLIC}/nope/contacts", json={"name": "A"}, token=None), 404, RAILS_404)
    assert counts(chatwoot) == before


def test_create_contact__malformed_json_is_400(chatwoot: Chatwoot) -> None:
    response = chatwoot.post(CONTACTS, data="{", content_type="application/json", token=None)
    assert_json(response, 400, {"status": 400, "error": "Bad Request"})


# ---- identifier_hash ---------------------------------------------------------------------------


def test_identifier_hash__a_valid_hash_verifies_the_contact_inbox(chatwoot: Chatwoot) -> None:
    body = new_contact(chatwoot, identifier="ada-1815", identifier_hash=signature(chatwoot, "ada-1815"))
    assert link_of(chatwoot, body["source_id"]).hmac_verified is True
    assert chatwoot.state.contacts[body["id"]].identifier == "ada-1815"


@pytest.mark.parametrize("given", ["0" * 64, "not-a-hash"])
def test_identifier_hash__a_wrong_hash_is_401_and_stores_nothing(chatwoot: Chatwoot, given: str) -> None:
    before = counts(chatwoot)
    response = chatwoot.post(CONTACTS, json={"identifier": "ada-1815", "identifier_hash": given}, token=None)
    assert_json(response, 401, HMAC_FAILED)
    assert counts(chatwoot) == before


def test_identifier_hash__signs_the_identifier_with_the_inbox_token(chatwoot: Chatwoot) -> None:
    """A hash of another inbox's token, or of another identifier, does not pass."""
    wrong_inbox = {"identifier": "ada-1815", "identifier_hash": signature(chatwoot, "ada-1815", inbox_id=3)}
    wrong_identifier = {"identifier": "ada-1815", "identifier_hash": signature(chatwoot, "ada-1816")}
    for body in (wrong_inbox, wrong_identifier):
        assert_json(chatwoot.post(CONTACTS, json=body, token=None), 401, HMAC_FAILED)


def test_identifier_hash__blank_is_not_checked_unless_the_inbox_requires_it(chatwoot: Chatwoot) -> None:
    body = new_contact(chatwoot, identifier="ada-1815", identifier_hash="")
    assert link_of(chatwoot, body["source_id"]).hmac_verified is False


def test_identifier_hash__required_by_an_hmac_mandatory_inbox(chatwoot: Chatwoot) -> None:
    chatwoot.state.inboxes[2].hmac_mandatory = True
    assert_json(chatwoot.post(CONTACTS, json={"identifier": "ada-1815"}, token=None), 401, HMAC_FAILED)
    assert_json(chatwoot.post(CONTACTS, json={}, token=None), 401, HMAC_FAILED)
    body = new_contact(chatwoot, identifier="ada-1815", identifier_hash=signature(chatwoot, "ada-1815"))
    assert link_of(chatwoot, body["source_id"]).hmac_verified is True


def test_identifier_hash__checked_on_update_after_the_contact_lookup(chatwoot: Chatwoot) -> None:
    source_id, _ = seeded_source(chatwoot)
    wrong = {"identifier": "x", "identifier_hash": "0" * 64, "name": "Changed"}
    assert_json(chatwoot.patch(contact_path("unknown"), json=wrong, token=None), 404, RAILS_404)
    assert_json(chatwoot.patch(contact_path(source_id), json=wrong, token=None), 401, HMAC_FAILED)
    assert chatwoot.state.contacts[7].name != "Changed"
    right = {"identifier": "x", "identifier_hash": signature(chatwoot, "x")}
    ok(chatwoot.patch(contact_path(source_id), json=right, token=None))
    assert link_of(chatwoot, source_id).hmac_verified is True


# ---- GET /contacts/{contact_identifier} -------------------------------------------------------------


def test_show_contact__the_same_shape_as_create(chatwoot: Chatwoot) -> None:
    source_id, conversation = seeded_source(chatwoot)
    contact = chatwoot.state.contacts[conversation.contact_id]
    assert_json(chatwoot.get(contact_path(source_id), token=None), 200, {
        "source_id": source_id, "pubsub_token": link_of(chatwoot, source_id).pubsub_token, "id": contact.id,
        "name": contact.name, "email": contact.email, "phone_number": contact.phone_number})


def test_show_contact__unknown_or_of_another_inbox_is_rails_404(chatwoot: Chatwoot) -> None:
    widget_link = next(ci for ci in chatwoot.state.contact_inboxes.values() if ci.inbox_id == 1)
    for source_id in ("unknown", widget_link.source_id):
        assert_json(chatwoot.get(contact_path(source_id), token=None), 404, RAILS_404)
    assert_json(chatwoot.get(f"{PUBLIC}/nope/contacts/{widget_link.source_id}", token=None), 404, RAILS_404)


# ---- PATCH/PUT /contacts/{contact_identifier} ------------------------------------------------------


@pytest.mark.parametrize("method", ["PATCH", "PUT"])
def test_update_contact__answers_the_full_contact_record(chatwoot: Chatwoot, clock: Clock, method: str) -> None:
    source_id, _ = seeded_source(chatwoot)
    clock.advance(60)
    body = ok(chatwoot.call(method, contact_path(source_id), token=None, json={
        "name": "Roberto W.", "email": "Roberto@New.example", "phone_number": "+31600000002",
        "custom_attributes": {"plan": "pro", "vip": True}}))
    contact = chatwoot.state.contacts[7]
    assert list(body) == RECORD_KEYS
    assert body == record(contact)
    assert (body["name"], body["email"], body["phone_number"]) == ("Roberto W.", "roberto@new.example",
                                                                   "+31600000002")
    assert body["custom_attributes"] == {"plan": "pro", "signed_up_at": "2023-07-07", "vip": True}
    assert body["updated_at"] == iso(clock.now()) != body["created_at"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", body["last_activity_at"])


def test_update_contact__blank_values_are_skipped_and_the_identifier_is_kept(chatwoot: Chatwoot) -> None:
    source_id, _ = seeded_source(chatwoot)
    contact = chatwoot.state.contacts[7]
    kept = (contact.name, contact.email, contact.phone_number, contact.identifier)
    body = ok(chatwoot.patch(contact_path(source_id), token=None, json={
        "name": " ", "email": "", "phone_number": None, "identifier": "CUST-NEW"}))
    assert (body["name"], body["email"], body["phone_number"], body["identifier"]) == kept


def test_update_contact__custom_attributes_are_deep_merged(chatwoot: Chatwoot) -> None:
    body = new_contact(chatwoot, custom_attributes={"address": {"city": "Delft", "zip": "2611"}, "plan": "free"})
    updated = ok(chatwoot.patch(contact_path(body["source_id"]), token=None,
                                json={"custom_attributes": {"address": {"city": "Leiden"}}}))
    assert updated["custom_attributes"] == {"address": {"city": "Leiden", "zip": "2611"}, "plan": "free"}


@pytest.mark.parametrize(("field", "taken", "error"), [
    ("email", "nick@mail.com", {"message": "Email has already been taken", "attributes": ["email"]}),
    ("phone_number", "+31687654321", {"message": "Phone number has already been taken",
                                      "attributes": ["phone_number"]}),
])
def test_update_contact__an_email_or_phone_of_another_contact_is_422(
    chatwoot: Chatwoot, field: str, taken: str, error: dict[str, Any]
) -> None:
    source_id, _ = seeded_source(chatwoot)
    before = getattr(chatwoot.state.contacts[7], field)
    assert_json(chatwoot.patch(contact_path(source_id), json={field: taken}, token=None), 422, error)
    assert getattr(chatwoot.state.contacts[7], field) == before


def test_update_contact__unknown_contact_or_inbox_is_rails_404(chatwoot: Chatwoot) -> None:
    source_id, _ = seeded_source(chatwoot)
    assert_json(chatwoot.patch(contact_path("unknown"), json={"name": "A"}, token=None), 404, RAILS_404)
    assert_json(chatwoot.put(f"{PUBLIC}/nope/contacts/{source_id}", json={"name": "A"}, token=None), 404,
                RAILS_404)


def test_update_contact__the_agents_see_the_change(chatwoot: Chatwoot) -> None:
    source_id, _ = seeded_source(chatwoot)
    ok(chatwoot.patch(contact_path(source_id), json={"name": "Renamed"}, token=None))
    assert ok(chatwoot.get(f"{ACCOUNT}/contacts/7"))["payload"]["name"] == "Renamed"


# ---- conversations -----------------------------------------------------------------------------


def test_create_conversation__the_public_conversation(chatwoot: Chatwoot, clock: Clock) -> None:
    contact = new_contact(chatwoot, name="Ada", email="ada@example.com")
    body = new_conversation(chatwoot, contact["source_id"])
    assert list(body) == CONVERSATION_KEYS
    stored = chatwoot.conversation(body["id"])
    assert body == {"id": stored.display_id, "uuid": stored.uuid, "inbox_id": 2, "contact_last_seen_at": 0,
                    "status": "open", "agent_last_seen_at": 0, "messages": [],
                    "contact": record(chatwoot.state.contacts[contact["id"]])}
    assert UUID.match(body["uuid"])
    assert body["id"] == max(cv.display_id for cv in chatwoot.state.conversations.values())
    assert (stored.contact_id, stored.contact_inbox_id, stored.created_at) == (
        contact["id"], link_of(chatwoot, contact["source_id"]).id, clock.now())


def test_create_conversation__custom_attributes_are_ignored(chatwoot: Chatwoot) -> None:
    contact = new_contact(chatwoot)
    body = ok(chatwoot.post(conversations_path(contact["source_id"]), token=None,
                            json={"custom_attributes": {"order": "1"}}))
    assert chatwoot.conversation(body["id"]).custom_attributes == {}


def test_create_conversation__pending_in_an_inbox_with_an_agent_bot(chatwoot: Chatwoot) -> None:
    identifier = chatwoot.state.inboxes[3].identifier
    contact = ok(chatwoot.post(f"{PUBLIC}/{identifier}/contacts", json={"name": "Bo"}, token=None))
    body = ok(chatwoot.post(f"{PUBLIC}/{identifier}/contacts/{contact['source_id']}/conversations", json={},
                            token=None))
    assert (body["inbox_id"], body["status"]) == (3, "pending")


def test_create_conversation__the_agents_see_it(chatwoot: Chatwoot) -> None:
    contact = new_contact(chatwoot, name="Ada", email="ada@example.com")
    body = new_conversation(chatwoot, contact["source_id"])
    shown = ok(chatwoot.get(f"{ACCOUNT}/conversations/{body['id']}"))
    assert (shown["id"], shown["inbox_id"], shown["status"], shown["meta"]["sender"]["id"]) == (
        body["id"], 2, "open", contact["id"])


def test_create_conversation__unknown_contact_or_inbox_is_rails_404(chatwoot: Chatwoot) -> None:
    before = counts(chatwoot)
    source_id, _ = seeded_source(chatwoot)
    assert_json(chatwoot.post(conversations_path("unknown"), json={}, token=None), 404, RAILS_404)
    assert_json(chatwoot.post(f"{PUBLIC}/nope/contacts/{source_id}/conversations", json={}, token=None), 404,
                RAILS_404)
    assert counts(chatwoot) == before


def test_list_conversations__a_plain_array_of_the_contact_inbox_conversations(chatwoot: Chatwoot) -> None:
    contact = new_contact(chatwoot, name="Ada")
    first = new_conversation(chatwoot, contact["source_id"])
    second = new_conversation(chatwoot, contact["source_id"])
    new_conversation(chatwoot, new_contact(chatwoot, name="Other")["source_id"])
    listed = ok(chatwoot.get(conversations_path(contact["source_id"]), token=None))
    assert [c["id"] for c in listed] == [first["id"], second["id"]]
    assert listed[0] == first


def test_list_conversations__messages_without_private_notes_and_activities(chatwoot: Chatwoot) -> None:
    source_id, conversation = seeded_source(chatwoot)
    stored = stored_messages(chatwoot, conversation)
    listed = ok(chatwoot.get(conversations_path(source_id), token=None))
    assert [c["id"] for c in listed] == [SEEDED]
    shown = listed[0]
    assert shown["status"] == conversation.status == "resolved"
    assert shown["agent_last_seen_at"] == unix(conversation.agent_last_seen_at)
    assert [m["id"] for m in shown["messages"]] == [m.id for m in stored
                                                   if not m.private and m.message_type != ACTIVITY]
    assert [m["message_type"] for m in shown["messages"]] == [INCOMING, OUTGOING, INCOMING]
    assert shown["contact"] == record(chatwoot.state.contacts[conversation.contact_id])


def test_list_conversations__unknown_contact_is_rails_404(chatwoot: Chatwoot) -> None:
    assert_json(chatwoot.get(conversations_path("unknown"), token=None), 404, RAILS_404)


# ---- messages ----------------------------------------------------------------------------------


def test_create_message__incoming_from_the_contact(chatwoot: Chatwoot, clock: Clock) -> None:
    contact = new_contact(chatwoot, name="Ada", email="ada@example.com")
    conversation = new_conversation(chatwoot, contact["source_id"])
    clock.advance(30)
    body = ok(chatwoot.post(messages_path(contact["source_id"], conversation["id"]), token=None,
                            json={"content": "Where is my order?", "echo_id": "e-1", "message_type": "outgoing",
                                  "private": True}))
    stored = chatwoot.state.messages[body["id"]]
    assert body == {"id": stored.id, "content": "Where is my order?", "message_type": INCOMING,
                    "content_type": "text", "content_attributes": {}, "created_at": unix(clock.now()),
                    "conversation_id": conversation["id"],
                    "sender": contact_push(chatwoot.state.contacts[contact["id"]])}
    assert (stored.sender_type, stored.sender_id, stored.private, stored.echo_id) == (
        "Contact", contact["id"], False, "e-1")
    assert chatwoot.state.contacts[contact["id"]].last_activity_at == clock.now()


def test_create_message__the_agents_see_it_as_incoming(chatwoot: Chatwoot) -> None:
    contact = new_contact(chatwoot, name="Ada", email="ada@example.com")
    conversation = new_conversation(chatwoot, contact["source_id"])
    sent = say(chatwoot, contact["source_id"], conversation["id"], "Hello from the shop")
    listed = ok(chatwoot.get(f"{ACCOUNT}/conversations/{conversation['id']}/messages"))["payload"]
    assert [(m["id"], m["content"], m["message_type"], m["private"], m["sender"]["type"], m["sender"]["id"])
            for m in listed] == [(sent["id"], "Hello from the shop", INCOMING, False, "contact", contact["id"])]


def test_create_message__reopens_a_resolved_conversation(chatwoot: Chatwoot) -> None:
    source_id, conversation = seeded_source(chatwoot)
    assert conversation.status == "resolved"
    say(chatwoot, source_id, SEEDED, "One more question")
    assert conversation.status == "open"
    assert ok(chatwoot.get(f"{ACCOUNT}/conversations/{SEEDED}"))["status"] == "open"


def test_create_message__content_may_be_absent(chatwoot: Chatwoot) -> None:
    source_id, _ = seeded_source(chatwoot)
    body = ok(chatwoot.post(messages_path(source_id, SEEDED), json={}, token=None))
    assert (body["content"], body["message_type"]) == (None, INCOMING)


def test_create_message__too_long_content_is_422(chatwoot: Chatwoot) -> None:
    source_id, _ = seeded_source(chatwoot)
    before = counts(chatwoot)
    response = chatwoot.post(messages_path(source_id, SEEDED), json={"content": "x" * 150_001}, token=None)
    assert_json(response, 422, {"error": "Validation failed: Content is too long (maximum is 150000 characters)"})
    assert counts(chatwoot) == before


def test_messages__a_conversation_of_another_contact_or_unknown_is_rails_404(chatwoot: Chatwoot) -> None:
    source_id, _ = seeded_source(chatwoot)
    other, _ = seeded_source(chatwoot, 2)  # another contact's conversation in the same inbox
    before = counts(chatwoot)
    for path in (messages_path(source_id, 2), messages_path(source_id, 999), messages_path(other, SEEDED),
                 f"{conversations_path(source_id)}/abc/messages", messages_path("unknown", SEEDED),
                 f"{PUBLIC}/nope/contacts/{source_id}/conversations/{SEEDED}/messages"):
        assert_json(chatwoot.get(path, token=None), 404, RAILS_404)
        assert_json(chatwoot.post(path, json={"content": "hi"}, token=None), 404, RAILS_404)
    assert counts(chatwoot) == before


def test_list_messages__without_private_notes_and_activities(chatwoot: Chatwoot) -> None:
    source_id, conversation = seeded_source(chatwoot)
    stored = [m for m in stored_messages(chatwoot, conversation) if not m.private and m.message_type != ACTIVITY]
    listed = ok(chatwoot.get(messages_path(source_id, SEEDED), token=None))
    assert [m["id"] for m in listed] == [m.id for m in stored]
    first = listed[0]
    assert first == {"id": stored[0].id, "content": stored[0].content, "message_type": INCOMING,
                     "content_type": "text", "content_attributes": {}, "created_at": unix(stored[0].created_at),
                     "conversation_id": SEEDED, "sender": contact_push(chatwoot.state.contacts[7])}
    assert listed[1]["sender"]["type"] == "user"


@pytest.fixture
def chatty(chatwoot: Chatwoot, clock: Clock) -> tuple[str, int, list[int]]:
    """A public conversation with 30 contact messages, an agent's note after each fifth and a status toggle."""
    contact = new_contact(chatwoot, name="Ada")
    display_id = new_conversation(chatwoot, contact["source_id"])["id"]
    shown: list[int] = []
    for number in range(30):
        clock.advance(1)
        shown.append(say(chatwoot, contact["source_id"], display_id, f"message {number}")["id"])
        if number % 5 == 4:
            note = chatwoot.post(f"{ACCOUNT}/conversations/{display_id}/messages",
                                 json={"content": "note", "private": True})
            assert note.status_code == 200
    assert chatwoot.post(f"{ACCOUNT}/conversations/{display_id}/toggle_status").status_code == 200
    return contact["source_id"], display_id, shown


def test_list_messages__the_latest_20_oldest_first(chatwoot: Chatwoot, chatty: tuple[str, int, list[int]]) -> None:
    source_id, display_id, shown = chatty
    listed = ok(chatwoot.get(messages_path(source_id, display_id), token=None))
    assert [m["id"] for m in listed] == shown[-20:]


def test_list_messages__before_gives_the_20_before_that_id(
    chatwoot: Chatwoot, chatty: tuple[str, int, list[int]]
) -> None:
    source_id, display_id, shown = chatty
    path = messages_path(source_id, display_id)
    assert [m["id"] for m in ok(chatwoot.get(f"{path}?before={shown[25]}", token=None))] == shown[5:25]
    assert [m["id"] for m in ok(chatwoot.get(f"{path}?before={shown[3]}", token=None))] == shown[:3]
    assert [m["id"] for m in ok(chatwoot.get(f"{path}?before={shown[3]}abc", token=None))] == shown[:3]


@pytest.mark.parametrize("before", ["abc", "0", "-5"])
def test_list_messages__a_before_that_is_no_id_lists_nothing(
    chatwoot: Chatwoot, chatty: tuple[str, int, list[int]], before: str
) -> None:
    """Ruby's `to_i`: no leading number is 0, and no message id is below it."""
    source_id, display_id, _ = chatty
    assert ok(chatwoot.get(f"{messages_path(source_id, display_id)}?before={before}", token=None)) == []


def test_list_messages__a_blank_before_is_no_window(chatwoot: Chatwoot, chatty: tuple[str, int, list[int]]) -> None:
    source_id, display_id, shown = chatty
    listed = ok(chatwoot.get(f"{messages_path(source_id, display_id)}?before=", token=None))
    assert [m["id"] for m in listed] == shown[-20:]


# ---- PATCH messages/{message_id} -------------------------------------------------------------------


def csat_survey(chatwoot: Chatwoot, display_id: int) -> int:
    """What the agents' side sends at resolution: an input_csat message."""
    return ok(chatwoot.post(f"{ACCOUNT}/conversations/{display_id}/messages",
                            json={"content": "Please rate us", "content_type": "input_csat"}))["id"]


def message_path(source_id: str, display_id: int, message_id: int) -> str:
    return f"{messages_path(source_id, display_id)}/{message_id}"


def test_update_message__submitted_values_go_into_content_attributes(chatwoot: Chatwoot, clock: Clock) -> None:
    source_id, _ = seeded_source(chatwoot)
    message_id = csat_survey(chatwoot, SEEDED)
    clock.advance(60)
    answer = {"csat_survey_response": {"rating": 5, "feedback_message": "Great", "extra": 1}, "other": "x"}
    body = ok(chatwoot.patch(message_path(source_id, SEEDED, message_id), json={"submitted_values": answer},
                             token=None))
    values = {"csat_survey_response": {"feedback_message": "Great", "rating": 5}}
    stored = chatwoot.state.messages[message_id]
    assert body == {"id": message_id, "content": "Please rate us", "message_type": OUTGOING,
                    "content_type": "input_csat", "content_attributes": {"submitted_values": values},
                    "created_at": unix(stored.created_at), "conversation_id": SEEDED,
                    "sender": body["sender"]}
    assert (body["sender"]["type"], body["sender"]["id"]) == ("user", 1)
    assert (stored.content_attributes, stored.updated_at) == ({"submitted_values": values}, clock.now())
    shown = ok(chatwoot.get(f"{ACCOUNT}/conversations/{SEEDED}/messages"))["payload"][-1]
    assert shown["content_attributes"] == {"submitted_values": values}


def test_update_message__a_list_of_form_values(chatwoot: Chatwoot) -> None:
    source_id, conversation = seeded_source(chatwoot)
    message_id = stored_messages(chatwoot, conversation)[1].id
    values = [{"name": "size", "title": "Size", "value": "M", "secret": 1}, "not-an-object"]
    body = ok(chatwoot.patch(message_path(source_id, SEEDED, message_id), json={"submitted_values": values},
                             token=None))
    assert body["content_attributes"] == {"submitted_values": [{"name": "size", "title": "Size", "value": "M"}]}


def test_update_message__without_submitted_values_nothing_changes(chatwoot: Chatwoot) -> None:
    source_id, conversation = seeded_source(chatwoot)
    message = stored_messages(chatwoot, conversation)[0]
    updated_at = message.updated_at
    for body in ({}, {"submitted_values": None}, {"submitted_values": "text"}):
        assert ok(chatwoot.patch(message_path(source_id, SEEDED, message.id), json=body, token=None))[
            "content_attributes"] == {}
    assert message.updated_at == updated_at


def test_update_message__a_csat_survey_closes_after_14_days(chatwoot: Chatwoot, clock: Clock) -> None:
    """Counted in calendar days (UTC): the 14th day after it is the last one with answers."""
    source_id, _ = seeded_source(chatwoot)
    message_id = csat_survey(chatwoot, SEEDED)
    path = message_path(source_id, SEEDED, message_id)
    rating = {"submitted_values": {"csat_survey_response": {"rating": 3}}}
    sent = clock.now()
    clock.freeze(datetime.combine(sent.date() + timedelta(days=14), datetime.max.time(), tzinfo=UTC))
    ok(chatwoot.patch(path, json=rating, token=None))
    clock.freeze(datetime.combine(sent.date() + timedelta(days=15), datetime.min.time(), tzinfo=UTC))
    assert_json(chatwoot.patch(path, json={"submitted_values": {"csat_survey_response": {"rating": 1}}},
                               token=None), 422, CSAT_LOCKED)
    assert chatwoot.state.messages[message_id].content_attributes == {
        "submitted_values": {"csat_survey_response": {"rating": 3}}}


def test_update_message__other_messages_stay_open_after_14_days(chatwoot: Chatwoot, clock: Clock) -> None:
    source_id, conversation = seeded_source(chatwoot)
    message_id = stored_messages(chatwoot, conversation)[0].id
    clock.advance(timedelta(days=400).total_seconds())
    body = ok(chatwoot.patch(message_path(source_id, SEEDED, message_id), token=None,
                             json={"submitted_values": {"value": "yes"}}))
    assert body["content_attributes"] == {"submitted_values": {"value": "yes"}}


def test_update_message__a_message_of_another_conversation_is_rails_404(chatwoot: Chatwoot) -> None:
    source_id, _ = seeded_source(chatwoot)
    _, other = seeded_source(chatwoot, 2)
    foreign = stored_messages(chatwoot, other)[0].id
    for path in (message_path(source_id, SEEDED, foreign), message_path(source_id, SEEDED, 99_999),
                 message_path(source_id, 2, foreign), message_path("unknown", SEEDED, foreign)):
        assert_json(chatwoot.patch(path, json={"submitted_values": {"value": "x"}}, token=None), 404, RAILS_404)
    assert stored_messages(chatwoot, other)[0].content_attributes == {}
