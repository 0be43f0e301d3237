"""Contacts: resolved lists, sort, search, filter, create/update/delete, conversations and contact inboxes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from typing import Any

import pytest
from werkzeug.test import TestResponse

from simulator.chatwoot.models import Contact
from simulator.core.clock import Clock
from tests.chatwoot.support import (
    ACCOUNT,
    AGENT_TOKEN,
    ISO_MS,
    NOT_AUTHORIZED,
    NOT_FOUND,
    SIGN_IN,
    UUID,
    Chatwoot,
    assert_json,
)

CONTACTS = f"{ACCOUNT}/contacts"
FILTER = f"{CONTACTS}/filter"
SEARCH = f"{CONTACTS}/search"
NO_Q = {"error": "Specify search string with parameter q"}
INVALID_PAYLOAD = {"error": 'Invalid payload. Send {"payload": [{"attribute_key": ..., "filter_operator": ..., '
                            '"values": [...], "query_operator": ...}]}'}
CONTACT_KEYS = {"additional_attributes", "availability_status", "email", "id", "name", "phone_number", "identifier",
                "thumbnail", "custom_attributes", "created_at"}


def ids(response: TestResponse) -> list[int]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return [c["id"] for c in response.get_json()["payload"]]


def pages(chatwoot: Chatwoot, path: str, query: str = "") -> list[int]:
    """The ids of pages 1..3 (15 per page) in order; the seeded lists never need a fourth."""
    joiner = "&" if "?" in path or query else "?"
    return [i for page in ("1", "2", "3") for i in ids(chatwoot.get(f"{path}{query}{joiner}page={page}"))]


def resolved(chatwoot: Chatwoot) -> list[Contact]:
    return [c for c in sorted(chatwoot.state.contacts.values(), key=lambda c: c.id)
            if c.email or c.phone_number or c.identifier]


def inbox_json(chatwoot: Chatwoot, inbox_id: int) -> dict[str, Any]:
    return chatwoot.get(f"{ACCOUNT}/inboxes/{inbox_id}").get_json()


def link_ids(chatwoot: Chatwoot, contact_id: int) -> list[int]:
    return sorted(ci.id for ci in chatwoot.state.contact_inboxes.values() if ci.contact_id == contact_id)


def cond(key: str, operator: str, values: Any, query_operator: str | None = None) -> dict[str, Any]:
    return {"attribute_key": key, "filter_operator": operator, "values": values, "query_operator": query_operator}


def count_of(chatwoot: Chatwoot) -> tuple[int, int, int, int]:
    state = chatwoot.state
    return len(state.contacts), len(state.contact_inboxes), len(state.conversations), len(state.messages)


# ---- GET /contacts ---------------------------------------------------------------------------------


def test_list__envelope_only_resolved_contacts_15_per_page(chatwoot: Chatwoot) -> None:
    first = chatwoot.get(CONTACTS, token=AGENT_TOKEN).get_json()
    assert first["meta"] == {"count": 30, "current_page": 1}
    assert set(first) == {"meta", "payload"}
    assert len(first["payload"]) == 15
    second = chatwoot.get(f"{CONTACTS}?page=2").get_json()
    assert second["meta"] == {"count": 30, "current_page": "2"}
    listed = [c["id"] for c in first["payload"] + second["payload"]]
    assert sorted(listed) == [c.id for c in resolved(chatwoot)] == list(range(1, 31))
    assert not {31, 32, 33} & set(listed)


def test_list__page_past_the_end_is_empty_with_the_full_count(chatwoot: Chatwoot) -> None:
    assert_json(chatwoot.get(f"{CONTACTS}?page=3"), 200, {"meta": {"count": 30, "current_page": "3"}, "payload": []})


@pytest.mark.parametrize("page", ["abc", "0", "-3"])
def test_list__junk_page_is_page_one_but_echoed(chatwoot: Chatwoot, page: str) -> None:
    body = chatwoot.get(f"{CONTACTS}?page={page}").get_json()
    assert body["meta"] == {"count": 30, "current_page": page}
    assert body["payload"] == chatwoot.get(CONTACTS).get_json()["payload"]


def test_list__contact_json_keys_and_types(chatwoot: Chatwoot) -> None:
    listed = {c["id"]: c for c in chatwoot.get(CONTACTS).get_json()["payload"]}
    contact = chatwoot.state.contacts[1]
    assert contact.last_activity_at is not None
    links = [ci for ci in chatwoot.state.contact_inboxes.values() if ci.contact_id == 1]
    assert listed[1] == {
        "additional_attributes": contact.additional_attributes,
        "availability_status": "offline",
        "email": contact.email,
        "id": 1,
        "name": contact.name,
        "phone_number": contact.phone_number,
        "identifier": contact.identifier,
        "thumbnail": "",
        "custom_attributes": contact.custom_attributes,
        "last_activity_at": int(contact.last_activity_at.timestamp()),
        "created_at": int(contact.created_at.timestamp()),
        "contact_inboxes": [{"source_id": ci.source_id, "inbox": inbox_json(chatwoot, ci.inbox_id)}
                            for ci in sorted(links, key=lambda ci: ci.id)],
    }
    assert [c["availability_status"] for c in listed.values()].count("online") == 1
    assert listed[2]["availability_status"] == "online"
    assert all(type(c["created_at"]) is int and type(c["last_activity_at"]) is int for c in listed.values())


def test_list__last_activity_at_omitted_when_null(chatwoot: Chatwoot, clock: Clock) -> None:
    created = chatwoot.post(CONTACTS, json={"name": "Newcomer", "email": "new@example.test"}).get_json()
    contact = created["payload"]["contact"]
    assert "last_activity_at" not in contact
    assert set(contact) == CONTACT_KEYS | {"contact_inboxes"}
    assert contact["created_at"] == int(clock.now().timestamp())
    listed = {c["id"]: c for c in chatwoot.get(f"{CONTACTS}?page=3").get_json()["payload"]}
    assert set(listed[contact["id"]]) == CONTACT_KEYS | {"contact_inboxes"}


def test_list__include_contact_inboxes_false_drops_them(chatwoot: Chatwoot) -> None:
    without = chatwoot.get(f"{CONTACTS}?include_contact_inboxes=false").get_json()["payload"]
    assert [set(c) for c in without] == [CONTACT_KEYS | {"last_activity_at"}] * 15
    with_them = chatwoot.get(f"{CONTACTS}?include_contact_inboxes=true").get_json()["payload"]
    assert all("contact_inboxes" in c for c in with_them)
    assert [{k: v for k, v in c.items() if k != "contact_inboxes"} for c in with_them] == without


SORT_VALUES: dict[str, Callable[[Contact], Any]] = {
    "name": lambda c: c.name.lower(),
    "email": lambda c: c.email,
    "phone_number": lambda c: c.phone_number,
    "last_activity_at": lambda c: c.last_activity_at,
    "created_at": lambda c: c.created_at,
    "company": lambda c: (c.additional_attributes.get("company_name") or "").lower() or None,
    "city": lambda c: (c.additional_attributes.get("city") or "").lower() or None,
    "country": lambda c: (c.additional_attributes.get("country") or "").lower() or None,
}


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("key", list(SORT_VALUES))
def test_list__sort_by_key_with_missing_values_last(chatwoot: Chatwoot, key: str, descending: bool) -> None:
    # a contact with only a phone number: no email, no activity, no company, city or country
    assert chatwoot.post(CONTACTS, json={"name": "Aaron Phone", "phone_number": "+3197000000001"}).status_code == 200
    value_of = SORT_VALUES[key]
    contacts = resolved(chatwoot)
    listed = pages(chatwoot, CONTACTS, f"?sort={'-' if descending else ''}{key}")
    assert sorted(listed) == [c.id for c in contacts]
    present = sorted((value_of(c) for c in contacts if value_of(c) is not None), reverse=descending)
    missing = [None] * sum(value_of(c) is None for c in contacts)
    assert [value_of(chatwoot.state.contacts[i]) for i in listed] == present + missing


def test_list__sort_puts_a_contact_without_phone_last_both_ways(chatwoot: Chatwoot) -> None:
    """Contact 5 has no phone number and several seeded companies are blank: the sort tests see missing values."""
    assert chatwoot.state.contacts[5].phone_number is None
    assert not chatwoot.state.contacts[2].additional_attributes["company_name"]
    listed = pages(chatwoot, CONTACTS, "?sort=phone_number")
    assert listed[-1] == 5
    assert pages(chatwoot, CONTACTS, "?sort=-phone_number")[-1] == 5


def test_list__unknown_sort_is_ignored(chatwoot: Chatwoot) -> None:
    assert pages(chatwoot, CONTACTS, "?sort=shoe_size") == pages(chatwoot, CONTACTS)
    assert pages(chatwoot, CONTACTS, "?sort=-shoe_size") == pages(chatwoot, CONTACTS)


@pytest.mark.parametrize("query", ["?labels[]=vip&labels[]=lead", "?labels=vip,lead"])
def test_list__labels_filter_any_of_them(chatwoot: Chatwoot, query: str) -> None:
    expected = [c.id for c in resolved(chatwoot) if {"vip", "lead"} & set(c.labels)]
    assert len(expected) > 15  # two pages
    assert chatwoot.get(f"{CONTACTS}{query}").get_json()["meta"] == {"count": len(expected), "current_page": 1}
    assert sorted(pages(chatwoot, CONTACTS, query)) == expected


def test_list__single_label(chatwoot: Chatwoot) -> None:
    expected = [c.id for c in resolved(chatwoot) if "churn-risk" in c.labels]
    assert expected
    assert sorted(ids(chatwoot.get(f"{CONTACTS}?labels[]=churn-risk"))) == expected


# ---- POST /contacts --------------------------------------------------------------------------------


def test_create__without_inbox_contact_inbox_is_null(chatwoot: Chatwoot) -> None:
    response = chatwoot.post(CONTACTS, token=AGENT_TOKEN, json={
        "name": "Ada Lovelace", "email": "Ada@Example.TEST", "phone_number": "+31612340000",
        "identifier": "ada-1", "additional_attributes": {"city": "London"}, "custom_attributes": {"plan": "pro"}})
    body = response.get_json()
    assert response.status_code == 200
    assert set(body) == {"payload"}
    assert set(body["payload"]) == {"contact", "contact_inbox"}
    assert body["payload"]["contact_inbox"] == {"inbox": None, "source_id": None}
    contact = body["payload"]["contact"]
    assert contact == {
        "additional_attributes": {"city": "London"}, "availability_status": "offline", "email": "ada@example.test",
        "id": contact["id"], "name": "Ada Lovelace", "phone_number": "+31612340000", "identifier": "ada-1",
        "thumbnail": "", "custom_attributes": {"plan": "pro"}, "created_at": contact["created_at"],
        "contact_inboxes": [],
    }
    assert chatwoot.state.contacts[contact["id"]].email == "ada@example.test"
    assert chatwoot.get(f"{CONTACTS}/{contact['id']}").get_json() == {"payload": contact}
    assert chatwoot.get(CONTACTS).get_json()["meta"]["count"] == 31


@pytest.mark.parametrize("source_id", [None, "shop-customer-77"])
def test_create__with_inbox_raw_inbox_record_and_source_id(chatwoot: Chatwoot, source_id: str | None) -> None:
    body = {"name": "Grace", "email": "grace@example.test", "inbox_id": 2}
    if source_id is not None:
        body["source_id"] = source_id
    payload = chatwoot.post(CONTACTS, json=body).get_json()["payload"]
    inbox = chatwoot.state.inboxes[2]
    record = payload["contact_inbox"]["inbox"]
    assert record["id"] == 2
    assert (record["name"], record["channel_type"], record["account_id"], record["channel_id"]) == (
        "Shop API", "Channel::Api", 1, inbox.channel_id)
    assert ISO_MS.match(record["created_at"])
    assert record["created_at"] == inbox.created_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    assert "working_hours" not in record and "web_widget_script" not in record  # the record, not the view
    sent = payload["contact_inbox"]["source_id"]
    if source_id is None:
        assert UUID.match(sent)
    else:
        assert sent == source_id
    assert payload["contact"]["contact_inboxes"] == [{"source_id": sent, "inbox": inbox_json(chatwoot, 2)}]
    links = [ci for ci in chatwoot.state.contact_inboxes.values() if ci.contact_id == payload["contact"]["id"]]
    assert [(ci.inbox_id, ci.source_id) for ci in links] == [(2, sent)]


def test_create__unknown_inbox_is_404_and_stores_nothing(chatwoot: Chatwoot) -> None:
    before = count_of(chatwoot)
    assert_json(chatwoot.post(CONTACTS, json={"name": "Nobody", "email": "nobody@example.test", "inbox_id": 99}),
                404, NOT_FOUND)
    assert count_of(chatwoot) == before
    assert "nobody@example.test" not in {c.email for c in chatwoot.state.contacts.values()}


@pytest.mark.parametrize(("body", "error"), [
    ({"email": "EMAIL@address.com"}, {"message": "Email has already been taken", "attributes": ["email"]}),
    ({"phone_number": "+31612345678"}, {"message": "Phone number has already been taken",
                                        "attributes": ["phone_number"]}),
    ({"identifier": "customer_1234"}, {"message": "Identifier has already been taken", "attributes": ["identifier"]}),
    ({"phone_number": "0612345678"}, {"message": "Phone number should be in e164 format",
                                      "attributes": ["phone_number"]}),
    ({"phone_number": "+0612345678"}, {"message": "Phone number should be in e164 format",
                                       "attributes": ["phone_number"]}),
    ({"email": "not-an-email"}, {"message": "Email Invalid email", "attributes": ["email"]}),
    ({"email": "email@address.com", "phone_number": "12345"},
     {"message": "Email has already been taken, Phone number should be in e164 format",
      "attributes": ["email", "phone_number"]}),
    ({"email": "email@address.com", "identifier": "customer_1234", "phone_number": "+31612345678"},
     {"message": "Email has already been taken, Identifier has already been taken, "
                 "Phone number has already been taken", "attributes": ["email", "identifier", "phone_number"]}),
])
def test_create__invalid_is_422_record_body_and_stores_nothing(chatwoot: Chatwoot, body: dict[str, Any],
                                                               error: dict[str, Any]) -> None:
    assert chatwoot.state.contacts[1].identifier == "customer_1234"
    before = count_of(chatwoot)
    assert_json(chatwoot.post(CONTACTS, json={"name": "Dup", "inbox_id": 2, **body}), 422, error)
    assert count_of(chatwoot) == before


def test_create__only_a_name_is_stored_but_not_listed(chatwoot: Chatwoot) -> None:
    contact = chatwoot.post(CONTACTS, json={"name": "Anonymous visitor"}).get_json()["payload"]["contact"]
    assert (contact["email"], contact["phone_number"], contact["identifier"]) == (None, None, None)
    assert contact["id"] in chatwoot.state.contacts
    assert chatwoot.get(CONTACTS).get_json()["meta"]["count"] == 30
    assert contact["id"] not in pages(chatwoot, CONTACTS)
    assert chatwoot.get(f"{CONTACTS}/{contact['id']}").status_code == 200


# ---- GET /contacts/{id} ------------------------------------------------------------------------------


def test_show__payload_with_contact_inboxes(chatwoot: Chatwoot) -> None:
    shown = chatwoot.get(f"{CONTACTS}/1", token=AGENT_TOKEN).get_json()
    assert set(shown) == {"payload"}
    listed = next(c for c in chatwoot.get(CONTACTS, token=AGENT_TOKEN).get_json()["payload"] if c["id"] == 1)
    assert shown["payload"] == listed
    assert [ci["inbox"]["id"] for ci in shown["payload"]["contact_inboxes"]] == [1, 2]
    visitor = chatwoot.get(f"{CONTACTS}/31").get_json()["payload"]  # unresolved contacts are still shown
    assert (visitor["id"], visitor["name"], visitor["email"]) == (31, "quiet-river-5261", None)


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE"])
def test_contact__unknown_id_is_404(chatwoot: Chatwoot, method: str) -> None:
    assert_json(chatwoot.call(method, f"{CONTACTS}/999", json={"name": "x"}), 404, NOT_FOUND)


# ---- PUT / PATCH /contacts/{id} ----------------------------------------------------------------------


@pytest.mark.parametrize("method", ["PUT", "PATCH"])
def test_update__200_payload_custom_merged_additional_replaced(chatwoot: Chatwoot, method: str) -> None:
    before = chatwoot.state.contacts[1]
    custom = dict(before.custom_attributes)
    response = chatwoot.call(method, f"{CONTACTS}/1", token=AGENT_TOKEN, json={
        "name": "Johnny Doe", "email": "Johnny@Example.TEST", "additional_attributes": {"city": "Delft"},
        "custom_attributes": {"tier": "gold", "plan": "pro"}})
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"payload"}
    contact = body["payload"]
    assert (contact["name"], contact["email"], contact["phone_number"], contact["identifier"]) == (
        "Johnny Doe", "johnny@example.test", before.phone_number, before.identifier)
    assert contact["additional_attributes"] == {"city": "Delft"}
    assert contact["custom_attributes"] == {**custom, "tier": "gold", "plan": "pro"}
    assert chatwoot.get(f"{CONTACTS}/1", token=AGENT_TOKEN).get_json() == body


def test_update__own_values_are_not_duplicates(chatwoot: Chatwoot) -> None:
    contact = chatwoot.state.contacts[1]
    response = chatwoot.put(f"{CONTACTS}/1", json={"email": contact.email, "phone_number": contact.phone_number,
                                                   "identifier": contact.identifier})
    assert response.status_code == 200


@pytest.mark.parametrize(("body", "error"), [
    ({"email": "EMAIL@address.com"}, {"message": "Email has already been taken", "attributes": ["email"]}),
    ({"phone_number": "+31612345678"}, {"message": "Phone number has already been taken",
                                        "attributes": ["phone_number"]}),
    ({"identifier": "customer_1234"}, {"message": "Identifier has already been taken", "attributes": ["identifier"]}),
    ({"phone_number": "31687654321"}, {"message": "Phone number should be in e164 format",
                                       "attributes": ["phone_number"]}),
])
def test_update__invalid_is_422_and_changes_nothing(chatwoot: Chatwoot, body: dict[str, Any],
                                                    error: dict[str, Any]) -> None:
    before = chatwoot.get(f"{CONTACTS}/2").get_json()
    assert_json(chatwoot.patch(f"{CONTACTS}/2", json={"name": "Changed", **body}), 422, error)
    assert chatwoot.get(f"{CONTACTS}/2").get_json() == before


def test_update__clearing_fields(chatwoot: Chatwoot) -> None:
    contact = chatwoot.put(f"{CONTACTS}/1", json={"phone_number": "", "identifier": None}).get_json()["payload"]
    assert (contact["email"], contact["phone_number"], contact["identifier"]) == ("email@address.com", None, None)
    # contact 5 has only an email: clearing it makes the contact unresolved, so it leaves the list
    assert (chatwoot.state.contacts[5].phone_number, chatwoot.state.contacts[5].identifier) == (None, None)
    cleared = chatwoot.patch(f"{CONTACTS}/5", json={"email": ""}).get_json()["payload"]
    assert cleared["email"] is None
    assert chatwoot.get(CONTACTS).get_json()["meta"]["count"] == 29
    assert 5 not in pages(chatwoot, CONTACTS)


# ---- DELETE /contacts/{id} ---------------------------------------------------------------------------


def test_delete__administrators_only_checked_before_the_lookup(chatwoot: Chatwoot) -> None:
    before = count_of(chatwoot)
    assert_json(chatwoot.delete(f"{CONTACTS}/1", token=AGENT_TOKEN), 401, NOT_AUTHORIZED)
    assert_json(chatwoot.delete(f"{CONTACTS}/999", token=AGENT_TOKEN), 401, NOT_AUTHORIZED)
    assert count_of(chatwoot) == before


def test_delete__removes_conversations_messages_and_contact_inboxes(chatwoot: Chatwoot) -> None:
    state = chatwoot.state
    conversations = {cv.id for cv in state.conversations.values() if cv.contact_id == 1}
    assert conversations
    messages = {m.id for m in state.messages.values() if m.conversation_id in conversations}
    assert messages
    links = link_ids(chatwoot, 1)
    others = count_of(chatwoot)
    response = chatwoot.delete(f"{CONTACTS}/1")
    assert (response.status_code, response.get_data()) == (200, b"")
    assert_json(chatwoot.get(f"{CONTACTS}/1"), 404, NOT_FOUND)
    assert not conversations & set(state.conversations)
    assert not messages & set(state.messages)
    assert not set(links) & set(state.contact_inboxes)
    assert count_of(chatwoot) == (others[0] - 1, others[1] - len(links), others[2] - len(conversations),
                                  others[3] - len(messages))
    assert chatwoot.get(CONTACTS).get_json()["meta"]["count"] == 29


def test_delete__online_contact_is_422_message_only(chatwoot: Chatwoot) -> None:
    before = count_of(chatwoot)
    name = chatwoot.state.contacts[2].name
    assert_json(chatwoot.delete(f"{CONTACTS}/2"), 422, {"message": f"{name} is Online, please try again later"})
    assert count_of(chatwoot) == before


# ---- GET /contacts/{id}/conversations ----------------------------------------------------------------


def test_conversations__only_inboxes_the_caller_may_see(chatwoot: Chatwoot) -> None:
    state = chatwoot.state
    mine = sorted((cv for cv in state.conversations.values() if cv.contact_id == 2), key=lambda cv: -cv.id)
    assert {cv.inbox_id for cv in mine} == {2, 3}
    assert 3 not in [i.id for i in state.inboxes.values() if 2 in i.member_ids]
    admin = chatwoot.get(f"{CONTACTS}/2/conversations").get_json()
    assert set(admin) == {"payload"}
    assert [cv["id"] for cv in admin["payload"]] == [cv.display_id for cv in mine]
    agent = chatwoot.get(f"{CONTACTS}/2/conversations", token=AGENT_TOKEN).get_json()
    assert [cv["id"] for cv in agent["payload"]] == [cv.display_id for cv in mine if cv.inbox_id != 3]
    shown = chatwoot.get(f"{ACCOUNT}/conversations/{mine[0].display_id}").get_json()
    assert admin["payload"][0] == shown


def test_conversations__newest_first_at_most_20(chatwoot: Chatwoot) -> None:
    for _ in range(21):
        assert chatwoot.post(f"{ACCOUNT}/conversations", json={"inbox_id": 2, "contact_id": 1}).status_code == 200
    state = chatwoot.state
    theirs = sorted((cv for cv in state.conversations.values() if cv.contact_id == 1), key=lambda cv: -cv.id)
    assert len(theirs) == 23
    listed = [cv["id"] for cv in chatwoot.get(f"{CONTACTS}/1/conversations").get_json()["payload"]]
    assert listed == [cv.display_id for cv in theirs[:20]]


def test_conversations__unknown_contact_is_404(chatwoot: Chatwoot) -> None:
    assert_json(chatwoot.get(f"{CONTACTS}/999/conversations"), 404, NOT_FOUND)


# ---- GET /contacts/search ----------------------------------------------------------------------------


@pytest.mark.parametrize(("q", "expected"), [
    ("bAKKer", [4, 5]),  # name and email, case-insensitive
    ("CUSTOMER@SHOP", [3]),  # email, case-insensitive
    ("%2B3161111", [3]),  # phone number ("+3161111")
    ("CUST-1000", [4]),  # identifier
    ("cust-1000", []),  # identifier matching is case-sensitive
    ("river", []),  # contact 31 "quiet-river-5261" is not resolved
])
def test_search__matches(chatwoot: Chatwoot, q: str, expected: list[int]) -> None:
    body = chatwoot.get(f"{SEARCH}?q={q}", token=AGENT_TOKEN).get_json()
    assert body["meta"] == {"count": len(expected), "current_page": 1}
    assert sorted(c["id"] for c in body["payload"]) == expected


def test_search__pagination_and_meta_like_the_list(chatwoot: Chatwoot) -> None:
    expected = [c.id for c in resolved(chatwoot)
                if any("example" in (v or "").lower() for v in (c.name, c.email, c.phone_number))
                or "example" in (c.identifier or "")]
    assert 15 < len(expected) <= 30
    first = chatwoot.get(f"{SEARCH}?q=example").get_json()
    second = chatwoot.get(f"{SEARCH}?q=example&page=2").get_json()
    assert (first["meta"], second["meta"]) == ({"count": len(expected), "current_page": 1},
                                               {"count": len(expected), "current_page": "2"})
    assert len(first["payload"]) == 15
    assert sorted(c["id"] for c in first["payload"] + second["payload"]) == expected
    assert_json(chatwoot.get(f"{SEARCH}?q=example&page=9"), 200,
                {"meta": {"count": len(expected), "current_page": "9"}, "payload": []})


@pytest.mark.parametrize("query", ["", "?q=", "?q=%20%20", "?page=2"])
def test_search__blank_or_missing_q_is_422(chatwoot: Chatwoot, query: str) -> None:
    assert_json(chatwoot.get(f"{SEARCH}{query}"), 422, NO_Q)


# ---- POST /contacts/filter ---------------------------------------------------------------------------


def test_filter__searches_every_contact_including_unresolved_with_pages(chatwoot: Chatwoot) -> None:
    everyone = {"payload": [cond("created_at", "is_greater_than", ["2000-01-01"])]}
    first = chatwoot.post(FILTER, token=AGENT_TOKEN, json=everyone).get_json()
    assert first["meta"] == {"count": 33, "current_page": 1}
    assert set(first) == {"meta", "payload"}
    listed = [c["id"] for page in ("1", "2", "3")
              for c in chatwoot.post(f"{FILTER}?page={page}", json=everyone).get_json()["payload"]]
    assert sorted(listed) == list(range(1, 34))
    third = chatwoot.post(f"{FILTER}?page=3", json=everyone).get_json()
    assert (third["meta"], len(third["payload"])) == ({"count": 33, "current_page": "3"}, 3)
    assert chatwoot.post(f"{FILTER}?page=4", json=everyone).get_json() == {
        "meta": {"count": 33, "current_page": "4"}, "payload": []}


def _pro(c: Contact) -> bool:
    return c.custom_attributes.get("plan") == "pro"


@pytest.mark.parametrize(("payload", "matches"), [
    ([cond("email", "contains", ["EXAMPLE.COM"])], lambda c: "example.com" in (c.email or "")),
    ([cond("name", "contains", ["meadow"])], lambda c: "meadow" in c.name),
    ([cond("labels", "contains", ["vip", "lead"])], lambda c: bool({"vip", "lead"} & set(c.labels))),
    ([cond("plan", "equal_to", ["PRO"])], _pro),
    ([cond("plan", "equal_to", ["pro"], "AND"), cond("labels", "contains", ["vip"])],
     lambda c: _pro(c) and "vip" in c.labels),
    ([cond("plan", "equal_to", ["pro"], "OR"), cond("labels", "contains", ["vip"])],
     lambda c: _pro(c) or "vip" in c.labels),
    ([cond("name", "contains", ["meadow"], "OR"), cond("plan", "equal_to", ["pro"], "and"),
      cond("labels", "contains", ["vip"])],
     lambda c: "meadow" in c.name or (_pro(c) and "vip" in c.labels)),
])
def test_filter__route_conditions(chatwoot: Chatwoot, payload: list[dict[str, Any]],
                                  matches: Callable[[Contact], bool]) -> None:
    expected = sorted(c.id for c in chatwoot.state.contacts.values() if matches(c))
    assert expected
    body = chatwoot.post(FILTER, json={"payload": payload}).get_json()
    assert body["meta"] == {"count": len(expected), "current_page": 1}
    listed = [c["id"] for page in ("1", "2")
              for c in chatwoot.post(f"{FILTER}?page={page}", json={"payload": payload}).get_json()["payload"]]
    assert sorted(listed) == expected


def test_filter__unresolved_visitor_is_found(chatwoot: Chatwoot) -> None:
    body = chatwoot.post(FILTER, json={"payload": [cond("name", "contains", ["meadow"])]}).get_json()
    assert [c["id"] for c in body["payload"]] == [32]
    assert body["payload"][0] == chatwoot.get(f"{CONTACTS}/32").get_json()["payload"]


@pytest.mark.parametrize(("payload", "error"), [
    ([cond("shoe_size", "equal_to", ["42"])],
     {"error": "Invalid attribute key - [shoe_size]. The key should be one of [name, phone_number, email, "
               "identifier, country_code, city, browser_language, company, labels, created_at, last_activity_at] "
               "or a custom attribute defined in the account."}),
    ([cond("identifier", "contains", ["CUST"])],
     {"error": "Invalid operator. The allowed operators for identifier are [equal_to, not_equal_to]."}),
    ([cond("name", "equal_to", [])], {"error": "Invalid value. The values provided for name are invalid"}),
    ("name", INVALID_PAYLOAD),
    ({"attribute_key": "name", "filter_operator": "equal_to", "values": ["x"]}, INVALID_PAYLOAD),
    ([], INVALID_PAYLOAD),
])
def test_filter__invalid_is_422(chatwoot: Chatwoot, payload: Any, error: dict[str, Any]) -> None:
    assert_json(chatwoot.post(FILTER, json={"payload": payload}), 422, error)


def test_filter__malformed_json_is_400(chatwoot: Chatwoot) -> None:
    response = chatwoot.post(FILTER, data='{"payload": [', content_type="application/json")
    assert_json(response, 400, {"status": 400, "error": "Bad Request"})


def test_filter__bots_are_refused(chatwoot: Chatwoot) -> None:
    assert_json(chatwoot.post(FILTER, token="demo-chatwoot-bot-token",
                              json={"payload": [cond("name", "contains", ["a"])]}),
                401, {"error": "Access to this endpoint is not authorized for bots"})


# ---- POST /contacts/{id}/contact_inboxes -------------------------------------------------------------


@pytest.mark.parametrize("source_id", [None, "app-user-31"])
def test_contact_inboxes__links_the_contact(chatwoot: Chatwoot, source_id: str | None) -> None:
    body: dict[str, Any] = {"inbox_id": 2} if source_id is None else {"inbox_id": 2, "source_id": source_id}
    response = chatwoot.post(f"{CONTACTS}/31/contact_inboxes", token=AGENT_TOKEN, json=body)
    assert response.status_code == 200
    answer = response.get_json()
    assert set(answer) == {"source_id", "inbox"}
    assert answer["inbox"]["id"] == 2
    assert answer["inbox"]["channel_type"] == "Channel::Api"
    assert UUID.match(answer["source_id"]) if source_id is None else answer["source_id"] == source_id
    links = [ci for ci in chatwoot.state.contact_inboxes.values() if ci.contact_id == 31]
    assert [(ci.inbox_id, ci.source_id) for ci in links] == [(1, links[0].source_id), (2, answer["source_id"])]
    shown = chatwoot.get(f"{CONTACTS}/31").get_json()["payload"]["contact_inboxes"]
    assert shown[-1] == {"source_id": answer["source_id"], "inbox": inbox_json(chatwoot, 2)}


def test_contact_inboxes__the_same_link_again_is_not_duplicated(chatwoot: Chatwoot) -> None:
    first = chatwoot.post(f"{CONTACTS}/31/contact_inboxes", json={"inbox_id": 2, "source_id": "again"})
    second = chatwoot.post(f"{CONTACTS}/31/contact_inboxes", json={"inbox_id": 2, "source_id": "again"})
    assert (first.status_code, second.status_code) == (200, 200)
    assert first.get_json() == second.get_json()
    assert len(link_ids(chatwoot, 31)) == 2


def test_contact_inboxes__source_id_of_another_contact_is_422(chatwoot: Chatwoot) -> None:
    taken = next(ci.source_id for ci in chatwoot.state.contact_inboxes.values()
                 if ci.contact_id == 2 and ci.inbox_id == 2)
    before = count_of(chatwoot)
    assert_json(chatwoot.post(f"{CONTACTS}/31/contact_inboxes", json={"inbox_id": 2, "source_id": taken}), 422,
                {"message": "Source has already been taken", "attributes": ["source_id"]})
    assert count_of(chatwoot) == before
    # the same source id in another inbox is free
    assert chatwoot.post(f"{CONTACTS}/31/contact_inboxes",
                         json={"inbox_id": 3, "source_id": taken}).get_json()["source_id"] == taken


def test_contact_inboxes__unknown_inbox_or_contact_is_404(chatwoot: Chatwoot) -> None:
    before = count_of(chatwoot)
    assert_json(chatwoot.post(f"{CONTACTS}/31/contact_inboxes", json={"inbox_id": 99}), 404, NOT_FOUND)
    assert_json(chatwoot.post(f"{CONTACTS}/999/contact_inboxes", json={"inbox_id": 2}), 404, NOT_FOUND)
    assert count_of(chatwoot) == before


def test_contact_inboxes__missing_inbox_id_is_404_as_find_nil(chatwoot: Chatwoot) -> None:
    before = count_of(chatwoot)
    assert_json(chatwoot.post(f"{CONTACTS}/31/contact_inboxes", json={"source_id": "x"}), 404, NOT_FOUND)
    assert count_of(chatwoot) == before


def test_contact_inboxes__an_inbox_the_agent_is_not_in_is_401(chatwoot: Chatwoot) -> None:
    before = count_of(chatwoot)
    assert_json(chatwoot.post(f"{CONTACTS}/31/contact_inboxes", token=AGENT_TOKEN, json={"inbox_id": 3}), 401,
                NOT_AUTHORIZED)
    assert count_of(chatwoot) == before
    assert chatwoot.post(f"{CONTACTS}/31/contact_inboxes", token=AGENT_TOKEN,
                         json={"inbox_id": 2}).status_code == 200


def test_filter__without_payload_is_the_invalid_payload_error(chatwoot: Chatwoot) -> None:
    response = chatwoot.post(f"{CONTACTS}/filter", json={})
    assert response.status_code == 422
    assert response.get_json()["error"].startswith("Invalid payload.")


# ---- GET /contacts/{id}/contactable_inboxes ----------------------------------------------------------


def contactable(chatwoot: Chatwoot, contact_id: int, token: str | None = None) -> list[tuple[int, str]]:
    kwargs = {} if token is None else {"token": token}
    body = chatwoot.get(f"{CONTACTS}/{contact_id}/contactable_inboxes", **kwargs).get_json()
    assert set(body) == {"payload"}
    assert all(set(entry) == {"inbox", "source_id"} for entry in body["payload"])
    return [(entry["inbox"]["id"], entry["source_id"]) for entry in body["payload"]]


def source_of(chatwoot: Chatwoot, contact_id: int, inbox_id: int) -> str:
    return max((ci for ci in chatwoot.state.contact_inboxes.values()
                if (ci.contact_id, ci.inbox_id) == (contact_id, inbox_id)), key=lambda ci: ci.id).source_id


def test_contactable_inboxes__api_always_widget_only_without_conversation(chatwoot: Chatwoot) -> None:
    # contact 1: a widget link with a conversation (left out), a Shop API link, no Mobile app link
    listed = contactable(chatwoot, 1)
    assert [inbox for inbox, _ in listed] == [2, 3]
    assert listed[0][1] == source_of(chatwoot, 1, 2)
    assert UUID.match(listed[1][1])
    assert listed[1][1] not in {ci.source_id for ci in chatwoot.state.contact_inboxes.values()}
    body = chatwoot.get(f"{CONTACTS}/1/contactable_inboxes").get_json()
    assert body["payload"][0]["inbox"] == inbox_json(chatwoot, 2)


def test_contactable_inboxes__widget_link_without_conversation(chatwoot: Chatwoot) -> None:
    created = chatwoot.post(CONTACTS, json={"name": "Widget", "email": "w@example.test", "inbox_id": 1,
                                            "source_id": "web-session-1"}).get_json()["payload"]["contact"]
    listed = contactable(chatwoot, created["id"])
    assert [inbox for inbox, _ in listed] == [1, 2, 3]
    assert listed[0] == (1, "web-session-1")
    # the contact's LATEST widget link decides: a new link without a conversation brings the widget back
    assert chatwoot.post(f"{CONTACTS}/1/contact_inboxes", json={"inbox_id": 1, "source_id": "web-2"}).status_code == 200
    assert chatwoot.post(f"{CONTACTS}/1/contact_inboxes", json={"inbox_id": 2, "source_id": "api-2"}).status_code == 200
    assert contactable(chatwoot, 1)[:2] == [(1, "web-2"), (2, "api-2")]


def test_contactable_inboxes__only_the_callers_inboxes(chatwoot: Chatwoot) -> None:
    assert 2 not in chatwoot.state.inboxes[3].member_ids
    assert contactable(chatwoot, 1, AGENT_TOKEN) == [(2, source_of(chatwoot, 1, 2))]


def test_contactable_inboxes__unknown_contact_is_404(chatwoot: Chatwoot) -> None:
    assert_json(chatwoot.get(f"{CONTACTS}/999/contactable_inboxes"), 404, NOT_FOUND)


# ---- authentication ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("method", "path"), [
    ("GET", CONTACTS), ("POST", CONTACTS), ("GET", f"{SEARCH}?q=john"), ("POST", FILTER),
    ("GET", f"{CONTACTS}/1"), ("PUT", f"{CONTACTS}/1"), ("PATCH", f"{CONTACTS}/1"), ("DELETE", f"{CONTACTS}/1"),
    ("GET", f"{CONTACTS}/1/conversations"), ("POST", f"{CONTACTS}/1/contact_inboxes"),
    ("GET", f"{CONTACTS}/1/contactable_inboxes"),
])
def test_contact_routes__no_token_is_401(chatwoot: Chatwoot, method: str, path: str) -> None:
    before = count_of(chatwoot)
    body = {"name": "x", "email": "x@example.test", "inbox_id": 2,
            "payload": [cond("name", "contains", ["a"])]}
    assert_json(chatwoot.call(method, path, token=None, json=body), 401, SIGN_IN)
    assert count_of(chatwoot) == before
