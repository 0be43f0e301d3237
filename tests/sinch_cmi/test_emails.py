"""GET /emails and /emails/{id}: documented fields, filters, translation, XML, errors and rights."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from simulator.sinch_cmi.models import (
    ALL_RIGHTS,
    MANAGE_CONTACT_HISTORY,
    MANAGE_OWN_CONTACT_HISTORY,
    Attachment,
    EmailAddress,
)
from tests.conftest import basic
from tests.sinch_cmi.support import (
    CMI_PASSWORD,
    RESTRICTED_AUTH,
    UNKNOWN_GUID,
    Cmi,
    assert_plain,
    ok_json,
    xml_root,
)
from tests.sinch_cmi.support import wire_time as iso

GUID32 = re.compile(r"^[0-9A-F]{32}$")
GROUP36 = re.compile(r"^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$")
ISO_MS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
REQUIRED = {"id", "from_queue", "channel_type", "channel_sub_type", "type", "typeDetails", "status", "statusDetails",
            "title", "content", "originator", "destination", "from_address", "to_address", "date_created"}
OPTIONAL = {"case_id", "cid", "remarks", "attachments", "cc_address", "bcc_address", "agentId", "agentName"}
FINNISH = {"Handled": "Käsitelty", "Sent": "Lähetetty", "Open": "Avoin"}


# ---- helpers ---------------------------------------------------------------------------------


def emails(cmi: Cmi, query: str = "", **kwargs: Any) -> list[dict[str, Any]]:
    return ok_json(cmi.get(f"/emails{query}", **kwargs))


def email(cmi: Cmi, email_id: str, query: str = "", **kwargs: Any) -> dict[str, Any]:
    return ok_json(cmi.get(f"/emails/{email_id}{query}", **kwargs))


def make_user(cmi: Cmi, login: str, rights: list[str], queues: list[str] | None = None,
              language: str = "en") -> dict[str, str]:
    """A Contact Pro user created through the admin API; returns its Basic auth header."""
    response = cmi.client.post("/__admin/sinch-cmi/users", json={
        "login": login, "password": CMI_PASSWORD, "name": f"{login}, Test", "language": language,
        "rights": rights, "queues": queues or [],
    })
    assert response.status_code == 201, response.get_data(as_text=True)
    return basic(login, CMI_PASSWORD)


def email_ids_where(cmi: Cmi, keep: Any) -> set[str]:
    return {e.id for e in cmi.state.emails.values() if keep(cmi.state.contacts[e.id])}


def email_with(cmi: Cmi, keep: Any) -> str:
    return next(iter(sorted(email_ids_where(cmi, keep))))


def give_to(cmi: Cmi, login: str, email_ids: list[str]) -> None:
    agent_id = cmi.user(login).id
    for email_id in email_ids:
        cmi.state.contacts[email_id].agent_id = agent_id


def no_nulls(value: Any) -> bool:
    if isinstance(value, dict):
        return all(v is not None and no_nulls(v) for v in value.values())
    if isinstance(value, list):
        return all(no_nulls(v) for v in value)
    return value is not None


# ---- list and fields -------------------------------------------------------------------------


def test_list_emails__returns_every_seeded_email_newest_first(cmi: Cmi) -> None:
    listed = emails(cmi)

    assert [e["id"] for e in listed] and {e["id"] for e in listed} == set(cmi.state.emails)
    assert len(listed) == len(cmi.state.emails)
    dates = [e["date_created"] for e in listed]
    assert dates == sorted(dates, reverse=True)


def test_list_emails__items_carry_the_documented_fields(cmi: Cmi) -> None:
    for item in emails(cmi):
        assert REQUIRED <= set(item) <= REQUIRED | OPTIONAL, set(item) ^ REQUIRED
        assert GUID32.match(item["id"])
        assert set(item["from_queue"]) == {"id", "name"} and GUID32.match(item["from_queue"]["id"])
        assert item["channel_type"] == "email"
        assert item["type"] in ("EmailIn", "EmailOut")
        assert item["channel_sub_type"] == ("inbound" if item["type"] == "EmailIn" else "outbound")
        assert ISO_MS.match(item["date_created"])
        assert item["to_address"] and all("address" in a for a in item["to_address"])
        assert "address" in item["from_address"]
        for attachment in item.get("attachments", []):
            assert set(attachment) == {"id", "filename", "mime_type", "size", "originator"}
            assert GUID32.match(attachment["id"]) and isinstance(attachment["size"], int)
            assert attachment["originator"] in ("customer", "agent")
        if "agentId" in item:
            assert GUID32.match(item["agentId"])


def test_list_emails__values_come_from_the_stored_email_and_contact(cmi: Cmi) -> None:
    state = cmi.state
    for item in emails(cmi):
        stored, contact = state.emails[item["id"]], state.contacts[item["id"]]
        queue = state.queues[contact.queue_id]
        assert item["from_queue"] == {"id": queue.id, "name": queue.name}
        assert (item["title"], item["content"]) == (stored.title, stored.content)
        assert (item["case_id"], item["cid"]) == (contact.case_id, stored.cid)
        assert (item["originator"], item["destination"]) == (contact.source, contact.destination)
        assert item["from_address"]["address"] == stored.from_address.address
        assert [a["address"] for a in item["to_address"]] == [a.address for a in stored.to_address]
        assert [a["id"] for a in item.get("attachments", [])] == [a.id for a in stored.attachments]
        assert item["date_created"] == iso(contact.arrival_time)
        assert item["statusDetails"] == stored.status_details


def test_list_emails__absent_values_are_left_out_not_null(cmi: Cmi) -> None:
    state = cmi.state
    listed = emails(cmi)

    assert no_nulls(listed)
    for item in listed:
        stored, contact = state.emails[item["id"]], state.contacts[item["id"]]
        assert ("agentId" in item) == ("agentName" in item) == (contact.agent_id is not None)
        assert ("remarks" in item) == (contact.contact_group_id in state.remarks)
        assert ("attachments" in item) == bool(stored.attachments)
        assert ("cc_address" in item) == bool(stored.cc_address)
        assert ("bcc_address" in item) == bool(stored.bcc_address)
        assert "attachedData" not in item
    assert any("agentId" not in item for item in listed), "the seed has emails waiting in a queue"
    assert any("remarks" in item for item in listed) and any("remarks" not in item for item in listed)


def test_list_emails__agent_and_remarks_are_shown_when_present(cmi: Cmi) -> None:
    email_id = email_with(cmi, lambda c: c.status == "InQueue")
    contact = cmi.state.contacts[email_id]
    agent = cmi.user("demo-restricted")
    contact.agent_id = agent.id
    cmi.state.remarks[contact.contact_group_id] = "Customer called back about this"

    item = next(e for e in emails(cmi) if e["id"] == email_id)

    assert (item["agentId"], item["agentName"]) == (agent.id, agent.name)
    assert item["remarks"] == "Customer called back about this"


def test_get_email__equals_the_list_item(cmi: Cmi) -> None:
    for item in emails(cmi):
        assert email(cmi, item["id"]) == item


def test_get_email__lower_case_id_is_accepted(cmi: Cmi) -> None:
    email_id = next(iter(cmi.state.emails))

    assert email(cmi, email_id.lower())["id"] == email_id


def test_get_email__date_created_is_utc_with_milliseconds(cmi: Cmi) -> None:
    email_id = next(iter(cmi.state.emails))
    helsinki = timezone(timedelta(hours=2))
    cmi.state.contacts[email_id].arrival_time = datetime(2024, 3, 5, 9, 7, 3, 45_678, tzinfo=helsinki)

    assert email(cmi, email_id)["date_created"] == "2024-03-05T07:07:03.045Z"


def test_get_email__unnamed_addresses_and_copies(cmi: Cmi) -> None:
    email_id = next(iter(cmi.state.emails))
    stored = cmi.state.emails[email_id]
    stored.from_address = EmailAddress(address="Mr.Boss@Big.Company.corp")
    stored.cc_address = [EmailAddress(address="Jack@bcmtr.bcm.corp", name="Jonhnson, Jack"),
                         EmailAddress(address="jill@bcmtr.bcm.corp")]
    stored.bcc_address = [EmailAddress(address="Mark.Smith@bcmtr.bcm.corp", name="Smith, Mark")]

    item = email(cmi, email_id)

    assert item["from_address"] == {"address": "Mr.Boss@Big.Company.corp"}
    assert item["cc_address"] == [{"name": "Jonhnson, Jack", "address": "Jack@bcmtr.bcm.corp"},
                                  {"address": "jill@bcmtr.bcm.corp"}]
    assert item["bcc_address"] == [{"name": "Smith, Mark", "address": "Mark.Smith@bcmtr.bcm.corp"}]


# ---- filters, limit, sort --------------------------------------------------------------------


def test_list_emails__case_id_filter_keeps_that_case(cmi: Cmi) -> None:
    email_id = next(iter(cmi.state.emails))
    case_id = cmi.state.contacts[email_id].case_id
    other = next(e for e in cmi.state.emails if e != email_id)
    cmi.state.contacts[other].case_id = case_id  # two emails of one case

    listed = emails(cmi, f"?case_id={case_id}")

    assert {e["id"] for e in listed} == email_ids_where(cmi, lambda c: c.case_id == case_id) == {email_id, other}
    assert all(e["case_id"] == case_id for e in listed)


def test_list_emails__case_id_filter_without_match_is_empty(cmi: Cmi) -> None:
    assert emails(cmi, "?case_id=no-such-case") == []


def test_list_emails__cid_filter_ignores_case(cmi: Cmi) -> None:
    stored = next(iter(cmi.state.emails.values()))
    assert stored.cid is not None

    assert [e["id"] for e in emails(cmi, f"?cid={stored.cid.lower()}")] == [stored.id]
    assert [e["id"] for e in emails(cmi, f"?cid={stored.cid}")] == [stored.id]
    assert emails(cmi, "?cid=CID000000000000") == []


def test_list_emails__limit_keeps_the_newest(cmi: Cmi) -> None:
    everything = emails(cmi)

    assert emails(cmi, "?limit=3") == everything[:3]
    assert emails(cmi, "?limit=1000") == everything


def test_list_emails__limit_applies_after_the_filter(cmi: Cmi) -> None:
    chosen = [e["id"] for e in emails(cmi)][1::2][:3]  # every other email: the first match is not the newest
    for email_id in chosen:
        cmi.state.contacts[email_id].case_id = "42"

    assert [e["id"] for e in emails(cmi, "?case_id=42")] == chosen
    assert [e["id"] for e in emails(cmi, "?case_id=42&limit=2")] == chosen[:2]


@pytest.mark.parametrize(("query", "text"), [
    ("?limit=0", "Invalid limit: '0' (must be a positive integer)"),
    ("?limit=-5", "Invalid limit: '-5' (must be a positive integer)"),
    ("?limit=abc", "limit: Not a valid integer."),
    ("?sort=nope", "Invalid sort field: 'nope'"),
    ("?language=finnish", "Invalid language: 'finnish'"),
    ("?includeAttachedData=maybe", "includeAttachedData: Not a valid boolean."),
    ("?foo=1", "Unknown parameter: 'foo'"),
])
def test_list_emails__bad_query_is_400(cmi: Cmi, query: str, text: str) -> None:
    assert_plain(cmi.get(f"/emails{query}"), 400, text)


def test_list_emails__sort_by_case_id_ascending_and_descending(cmi: Cmi) -> None:
    ascending = [e["case_id"] for e in emails(cmi, "?sort=case_id")]
    descending = [e["case_id"] for e in emails(cmi, "?sort=-case_id")]

    assert ascending == sorted(ascending) and len(ascending) == len(cmi.state.emails)
    assert descending == sorted(ascending, reverse=True)


def test_list_emails__sort_by_nested_queue_name_then_date(cmi: Cmi) -> None:
    listed = emails(cmi, "?sort=from_queue.name,-date_created")

    keys = [(e["from_queue"]["name"], e["date_created"]) for e in listed]
    expected = sorted(keys, key=lambda k: k[1], reverse=True)
    expected.sort(key=lambda k: k[0])
    assert keys == expected
    assert len({name for name, _ in keys}) >= 2


def test_list_emails__sort_then_limit(cmi: Cmi) -> None:
    assert emails(cmi, "?sort=case_id&limit=2") == emails(cmi, "?sort=case_id")[:2]


# ---- language and attached data --------------------------------------------------------------


def test_list_emails__language_fi_translates_status_details(cmi: Cmi) -> None:
    english = {e["id"]: e for e in emails(cmi)}
    finnish = emails(cmi, "?language=fi")

    assert {"Handled", "Open"} <= {e["statusDetails"] for e in english.values()} <= set(FINNISH)
    for item in finnish:
        source = english[item["id"]]
        assert item["statusDetails"] == FINNISH[source["statusDetails"]]
        assert item["status"] == source["status"]  # only the details are translated
        assert {k: v for k, v in item.items() if k != "statusDetails"} == \
               {k: v for k, v in source.items() if k != "statusDetails"}


def test_get_email__language_code_is_case_insensitive(cmi: Cmi) -> None:
    email_id = email_with(cmi, lambda c: c.status == "Handled" and c.type == "EmailOut")

    assert email(cmi, email_id, "?language=FI")["statusDetails"] == "Lähetetty"
    assert email(cmi, email_id, "?language=sv")["statusDetails"] == "Skickad"
    assert email(cmi, email_id)["statusDetails"] == "Sent"


def test_list_emails__users_own_language_is_the_default(cmi: Cmi) -> None:
    email_queues = [q.id for q in cmi.state.queues.values() if q.channel == "EMAIL"]
    auth = make_user(cmi, "finnish.supervisor", [MANAGE_CONTACT_HISTORY], email_queues, language="fi")

    english = {e["id"]: e["statusDetails"] for e in emails(cmi)}
    by_default = emails(cmi, auth=auth)
    asked_english = emails(cmi, "?language=en", auth=auth)

    assert by_default and {e["id"]: e["statusDetails"] for e in by_default} == {
        email_id: FINNISH[details] for email_id, details in english.items()}
    assert {e["id"]: e["statusDetails"] for e in asked_english} == english


def test_list_emails__include_attached_data_adds_key_value_pairs(cmi: Cmi) -> None:
    listed = emails(cmi, "?includeAttachedData=true")

    for item in listed:
        stored = cmi.state.emails[item["id"]]
        assert item["attachedData"] == [{"key": k, "value": v} for k, v in stored.attached_data.items()]
    assert all("attachedData" not in e for e in emails(cmi, "?includeAttachedData=false"))


def test_get_email__include_attached_data(cmi: Cmi) -> None:
    email_id = next(iter(cmi.state.emails))
    cmi.state.emails[email_id].attached_data = {"orderNumber": "#1234"}

    assert email(cmi, email_id, "?includeAttachedData=true")["attachedData"] == [
        {"key": "orderNumber", "value": "#1234"}]
    assert "attachedData" not in email(cmi, email_id)


# ---- XML -------------------------------------------------------------------------------------


def test_list_emails__xml_is_emails_of_email(cmi: Cmi) -> None:
    listed = emails(cmi)
    root = xml_root(cmi.xml("/emails"))

    assert root.tag == "emails"
    assert [child.tag for child in root] == ["email"] * len(listed)
    for element, item in zip(root, listed, strict=True):
        assert element.findtext("id") == item["id"]
        assert element.findtext("date_created") == item["date_created"]
        assert element.findtext("content") == item["content"]  # HTML survives escaping
        assert element.findtext("from_queue/id") == item["from_queue"]["id"]
        assert element.findtext("from_queue/name") == item["from_queue"]["name"]
        assert [a.findtext("address") for a in element.findall("to_address/emailAddress")] == \
               [a["address"] for a in item["to_address"]]
        assert [a.findtext("filename") for a in element.findall("attachments/attachmentInfo")] == \
               [a["filename"] for a in item.get("attachments", [])]
        assert (element.find("agentId") is None) == ("agentId" not in item)
        assert (element.find("attachments") is None) == ("attachments" not in item)


def test_get_email__xml_wraps_every_list_field(cmi: Cmi) -> None:
    email_id = next(iter(cmi.state.emails))
    stored = cmi.state.emails[email_id]
    stored.attachments = [Attachment(id=UNKNOWN_GUID, filename="Offer.pdf", mime_type="application/pdf", size=440721,
                                     originator="customer")]
    stored.cc_address = [EmailAddress(address="Jack@bcmtr.bcm.corp", name="Jonhnson, Jack")]
    stored.bcc_address = [EmailAddress(address="Mark.Smith@bcmtr.bcm.corp")]

    root = xml_root(cmi.xml(f"/emails/{email_id}?includeAttachedData=true"))

    assert root.tag == "email"
    attachment = root.find("attachments/attachmentInfo")
    assert attachment is not None
    assert {child.tag: child.text for child in attachment} == {
        "id": UNKNOWN_GUID, "filename": "Offer.pdf", "mime_type": "application/pdf", "size": "440721",
        "originator": "customer"}
    assert [(a.findtext("name"), a.findtext("address")) for a in root.findall("cc_address/emailAddress")] == [
        ("Jonhnson, Jack", "Jack@bcmtr.bcm.corp")]
    bcc = root.findall("bcc_address/emailAddress")
    assert len(bcc) == 1 and bcc[0].find("name") is None
    assert [(e.findtext("key"), e.findtext("value")) for e in root.findall("attachedData/entry")] == list(
        stored.attached_data.items())
    assert root.findtext("title") == stored.title


def test_get_email__xml_errors_stay_plain_text(cmi: Cmi) -> None:
    assert_plain(cmi.xml(f"/emails/{UNKNOWN_GUID}"), 404, "HTTP 404 Not Found")
    assert_plain(cmi.xml("/emails/nope"), 400, "Invalid GUID: 'nope'")


def test_list_emails__unsupported_accept_is_406(cmi: Cmi) -> None:
    assert_plain(cmi.get("/emails", headers={"Accept": "text/html"}), 406, "HTTP 406 Not Acceptable")


# ---- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize("bad_id", [
    "2B8ED95B0EC911E79675005056A75D9",  # the vendor's 31-character example
    "2B8ED95B0EC911E79675005056A75D9AA",
    "2B8ED95B-0EC9-11E7-9675-005056A75D9A",
    "ZZ8ED95B0EC911E79675005056A75D9A",
])
def test_get_email__invalid_guid_is_400(cmi: Cmi, bad_id: str) -> None:
    assert_plain(cmi.get(f"/emails/{bad_id}"), 400, f"Invalid GUID: '{bad_id}'")


def test_get_email__guid_with_a_trailing_newline_is_invalid(cmi: Cmi) -> None:
    guid = next(iter(cmi.state.emails))
    assert_plain(cmi.get(f"/emails/{guid}%0A"), 400, f"Invalid GUID: '{guid}\n'")


def test_get_email__unknown_id_is_404(cmi: Cmi) -> None:
    assert_plain(cmi.get(f"/emails/{UNKNOWN_GUID}"), 404, "HTTP 404 Not Found")


def test_get_email__chat_id_is_not_an_email(cmi: Cmi) -> None:
    chat_id = next(iter(cmi.state.chats))

    assert_plain(cmi.get(f"/emails/{chat_id}"), 404, "HTTP 404 Not Found")


def test_list_emails__without_credentials_is_401(cmi: Cmi) -> None:
    response = cmi.get("/emails", auth={})

    assert_plain(response, 401, "HTTP 401 Unauthorized")
    assert response.headers["WWW-Authenticate"].startswith("Basic realm=")


# ---- rights ----------------------------------------------------------------------------------


def test_list_emails__without_contact_history_right_is_403(cmi: Cmi) -> None:
    others = [r for r in ALL_RIGHTS if r not in (MANAGE_CONTACT_HISTORY, MANAGE_OWN_CONTACT_HISTORY)]
    auth = make_user(cmi, "no.history", others, list(cmi.state.queues))
    email_id = next(iter(cmi.state.emails))
    give_to(cmi, "no.history", [email_id])

    assert_plain(cmi.get("/emails", auth=auth), 403, "HTTP 403 Forbidden")
    assert_plain(cmi.get(f"/emails/{email_id}", auth=auth), 403, "HTTP 403 Forbidden")


def test_list_emails__restricted_user_sees_only_emails_it_handled(cmi: Cmi) -> None:
    restricted_id = cmi.user("demo-restricted").id
    before = {e["id"] for e in emails(cmi, auth=RESTRICTED_AUTH)}
    assert before == email_ids_where(cmi, lambda c: c.agent_id == restricted_id)

    handled = sorted(set(cmi.state.emails) - before)[:2]
    give_to(cmi, "demo-restricted", handled)
    after = emails(cmi, auth=RESTRICTED_AUTH)

    assert {e["id"] for e in after} == before | set(handled)
    assert all(e["agentId"] == restricted_id for e in after)


def test_get_email__restricted_user_and_an_email_of_another_agent(cmi: Cmi) -> None:
    restricted_id = cmi.user("demo-restricted").id
    own, foreign = sorted(email_ids_where(cmi, lambda c: c.agent_id != restricted_id))[:2]
    give_to(cmi, "demo-restricted", [own])

    assert email(cmi, own, auth=RESTRICTED_AUTH)["id"] == own
    assert_plain(cmi.get(f"/emails/{foreign}", auth=RESTRICTED_AUTH), 403, "HTTP 403 Forbidden")


def test_list_emails__queue_right_covers_only_the_users_queues(cmi: Cmi) -> None:
    sales = next(q for q in cmi.state.queues.values() if q.name == "Direct Sales email")
    auth = make_user(cmi, "sales.supervisor", [MANAGE_CONTACT_HISTORY], [sales.id])
    in_sales = email_ids_where(cmi, lambda c: c.queue_id == sales.id)
    elsewhere = sorted(set(cmi.state.emails) - in_sales)

    assert in_sales and elsewhere
    assert {e["id"] for e in emails(cmi, auth=auth)} == in_sales
    assert_plain(cmi.get(f"/emails/{elsewhere[0]}", auth=auth), 403, "HTTP 403 Forbidden")


def test_list_emails__own_right_does_not_cover_the_users_queues(cmi: Cmi) -> None:
    sales = next(q for q in cmi.state.queues.values() if q.name == "Direct Sales email")
    auth = make_user(cmi, "sales.agent", [MANAGE_OWN_CONTACT_HISTORY], [sales.id])

    assert emails(cmi, auth=auth) == []


# ---- consistency with /contacts --------------------------------------------------------------


def test_every_email__is_a_contact_with_the_same_id_type_status_queue_and_agent(cmi: Cmi) -> None:
    for item in emails(cmi):
        contact = ok_json(cmi.get(f"/contacts/{item['id']}"))
        assert contact["id"] == item["id"]
        assert contact["channel"] == "EMAIL"
        assert (contact["type"], contact["typeDetails"]) == (item["type"], item["typeDetails"])
        assert contact["status"] == item["status"]
        assert (contact["queueId"], contact["queueName"]) == (item["from_queue"]["id"], item["from_queue"]["name"])
        assert contact.get("agentId") == item.get("agentId")
        assert contact.get("agentName") == item.get("agentName")
        assert (contact["source"], contact["destination"]) == (item["originator"], item["destination"])
        assert contact["arrivalTime"] == item["date_created"]
        assert contact["subject"] == item["title"]
        assert GROUP36.match(contact["contactGroupId"])


def test_every_email_contact__is_an_email(cmi: Cmi) -> None:
    email_contacts = ok_json(cmi.get("/contacts?channel=EMAIL&limit=1000"))

    assert {c["id"] for c in email_contacts} == {e["id"] for e in emails(cmi)}
