"""GET /contacts/{id}/details, /contacts/{id}/remarks and /contactData."""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import fromstring

import pytest
from werkzeug.test import TestResponse

from simulator.core.clock import Clock
from simulator.sinch_cmi.models import (
    LISTEN_TO_RECORDING,
    MANAGE_CONTACT_HISTORY,
    STATISTICS_DETAILS,
    CallRecording,
    Contact,
    ContactDatum,
    ListenLog,
    ScriptResult,
    User,
)
from tests.sinch_cmi.contact_builders import (
    add_chat,
    add_contact,
    add_email,
    add_user,
    assert_text,
    at,
    contacts,
    handled_call,
    new_guid,
)
from tests.sinch_cmi.support import JSON, RESTRICTED_AUTH, UNKNOWN_GUID, XML, Cmi, assert_no_content

TEXT = "text/plain"
NOW = "2025-01-15T12:00:00.000Z"
DETAIL_EXTRAS = {"remarks", "email", "chat", "callRecordings", "scriptResults", "contactData"}


def details(cmi: Cmi, contact: Contact, **params: str) -> dict[str, Any]:
    response = cmi.get(f"/contacts/{contact.id}/details", query_string=params)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == JSON
    return response.get_json()


def add_datum(cmi: Cmi, contact: Contact, key: str, value: str, minutes: float = -1) -> ContactDatum:
    datum = ContactDatum(id=new_guid(), contact_id=contact.id, key=key, value=value, time_stamp=at(minutes))
    cmi.state.contact_data[datum.id] = datum
    return datum


def datum_wire(datum: ContactDatum) -> dict[str, Any]:
    return {"id": datum.id, "contactId": datum.contact_id, "key": datum.key, "value": datum.value,
            "timeStamp": datum.time_stamp.strftime("%Y-%m-%dT%H:%M:%S.000Z")}


def remarks_call(cmi: Cmi, method: str, group: str, body: str | bytes = "New remarks.",
                 content_type: str | None = TEXT, auth: dict[str, str] | None = None) -> TestResponse:
    headers = {"Content-Type": content_type} if content_type else {}
    return cmi.call(method, f"/contacts/{group}/remarks", data=body, headers=headers, auth=auth)


def remarks_of(cmi: Cmi, group: str, auth: dict[str, str] | None = None) -> TestResponse:
    return cmi.get(f"/contacts/{group}/remarks", auth=auth)


def assert_remarks(cmi: Cmi, group: str, text: str) -> None:
    response = remarks_of(cmi, group)
    assert (response.status_code, response.mimetype, response.get_data(as_text=True)) == (200, TEXT, text)


# ---- /contacts/{id}/details ------------------------------------------------------------------


def test_contact_details__email(center: Cmi, agent: User) -> None:
    email = add_email(center, "<p>Your invoice 4711 is wrong.</p>", agent=agent, arrival=-30, connect=-25,
                      disconnect=-20, wrap_up_end=-19, subject="Invoice question", case_id="12345")
    center.state.remarks[email.contact_group_id] = "Customer wants a refund"
    datum = add_datum(center, email, "customerId", "CUST-1")

    found = details(center, email)

    (listed,) = contacts(center, statistics="true")
    assert {k: v for k, v in found.items() if k not in DETAIL_EXTRAS} == listed
    assert (found["waitingDuration"], found["handlingDuration"], found["wrapUpTotalDuration"]) == (
        300000, 300000, 60000)
    assert found["remarks"] == "Customer wants a refund"
    assert found["contactData"] == [datum_wire(datum)]
    assert (found["email"]["id"], found["email"]["title"], found["email"]["content"], found["email"]["case_id"]) == (
        email.id, "Invoice question", "<p>Your invoice 4711 is wrong.</p>", "12345")
    assert found["email"]["remarks"] == "Customer wants a refund"
    assert not {"chat", "callRecordings", "scriptResults"} & found.keys()


def test_contact_details__chat_with_transcript(center: Cmi, clock: Clock) -> None:
    chat = add_chat(center, ["Where is my order?", "Position in queue: 1"], status="InQueue", status_details="Open",
                    arrival=-3, subject="Order status")

    found = details(center, chat)

    assert found["chat"]["id"] == chat.id
    assert found["chat"]["title"] == "Order status"
    assert [m["message"] for m in found["chat"]["transcript"]["messages"]] == ["Where is my order?",
                                                                               "Position in queue: 1"]
    assert found["chat"]["participants"] == [{"alias": "Carl", "uniquekey": chat.source}]
    assert found["contactData"] == []
    assert (found["connectTime"], found["waitingDuration"], found["totalDuration"]) == (None, 180000, 180000)
    assert not {"remarks", "email", "callRecordings", "scriptResults"} & found.keys()
    clock.advance(60)
    assert details(center, chat)["waitingDuration"] == 240000


def test_contact_details__call_with_recordings_and_script_results(center: Cmi, agent: User) -> None:
    call = handled_call(center, agent, record=True, script=True)
    other = handled_call(center, agent, arrival=-120)
    recording = CallRecording(
        id=new_guid(), call_id=call.contact_group_id, contact_id=call.id, owner_id=agent.id, owner_type="user",
        owner_name=agent.name, file_name="201\\call.wav", file_path="", creation_time=at(-50),
        listen_log=[ListenLog(id=new_guid(), user_guid=agent.id, user_id=agent.login, user_name=agent.name,
                              description="quality check", user_session_id=new_guid(), time_stamp=at(-1))],
    )
    center.state.recordings[recording.id] = recording
    center.state.recordings["OTHER"] = CallRecording(
        id="OTHER", call_id=other.contact_group_id, contact_id=other.id, owner_id=agent.id, owner_type="user",
        owner_name=agent.name, file_name="other.wav", file_path="", creation_time=at(-100))
    result = ScriptResult(id=new_guid(), script_id=new_guid(), name="Simple car selector", contact_id=call.id,
                          originalcontact_id=call.id, modificationtime=at(-49))
    center.state.script_results[result.id] = result
    center.state.remarks[call.contact_group_id] = "Call back on Monday"

    found = details(center, call)

    assert [(r["id"], r["contact_id"], r["file_name"]) for r in found["callRecordings"]] == [
        (recording.id, call.id, "201\\call.wav")]
    assert "listen_log" not in found["callRecordings"][0]
    assert [(s["id"], s["name"], s["modificationtime"]) for s in found["scriptResults"]] == [
        (result.id, "Simple car selector", "2025-01-15T11:11:00.000Z")]
    assert found["remarks"] == "Call back on Monday"
    assert (found["record"], found["script"]) == (True, True)
    assert not {"email", "chat"} & found.keys()


def test_contact_details__call_without_content_has_empty_lists(center: Cmi, agent: User) -> None:
    call = handled_call(center, agent)

    found = details(center, call)

    assert (found["callRecordings"], found["scriptResults"], found["contactData"]) == ([], [], [])
    assert "remarks" not in found


def test_contact_details__xml(center: Cmi, agent: User) -> None:
    call = handled_call(center, agent)
    add_datum(center, call, "ivrChoice", "2")
    add_datum(center, call, "customerId", "CUST-9")

    response = center.xml(f"/contacts/{call.id}/details")

    assert response.status_code == 200
    assert response.mimetype == XML
    root = fromstring(response.get_data())
    assert root.tag == "contactDetails"
    assert root.findtext("id") == call.id
    assert root.findtext("waitingDuration") == "120000"
    assert [(e.tag, e.findtext("key")) for e in root.find("contactData")] == [
        ("contactDatum", "ivrChoice"), ("contactDatum", "customerId")]


def test_contact_details__language_translates(center: Cmi, agent: User) -> None:
    email = add_email(center, "<p>Hi</p>", agent=agent, status="Handled", status_details="Handled")

    found = details(center, email, language="fi")

    assert (found["statusDetails"], found["email"]["statusDetails"]) == ("Käsitelty", "Käsitelty")


@pytest.mark.parametrize(("path", "status", "body"), [
    ("/contacts/abc/details", 400, "Invalid GUID: 'abc'"),
    (f"/contacts/{UNKNOWN_GUID}/details", 404, "HTTP 404 Not Found"),
])
def test_contact_details__bad_id(cmi: Cmi, path: str, status: int, body: str) -> None:
    assert_text(cmi.get(path), status, body)


def test_contact_details__unknown_parameter_is_400(center: Cmi, agent: User) -> None:
    call = handled_call(center, agent)

    assert_text(center.get(f"/contacts/{call.id}/details?foo=1"), 400, "Unknown parameter: 'foo'")


def test_contact_details__rights(center: Cmi, agent: User, restricted: User) -> None:
    own = handled_call(center, restricted)
    others = handled_call(center, agent, queue=center.state.queues[restricted.queues[0]])
    _, auth = add_user(center, "historian", [MANAGE_CONTACT_HISTORY], list(center.state.queues))

    assert center.get(f"/contacts/{own.id}/details", auth=RESTRICTED_AUTH).get_json()["id"] == own.id
    assert_text(center.get(f"/contacts/{others.id}/details", auth=RESTRICTED_AUTH), 403, "HTTP 403 Forbidden")
    assert_text(center.get(f"/contacts/{own.id}/details", auth=auth), 403, "HTTP 403 Forbidden")


def test_contact_details__sections_follow_the_rights_of_their_resources(cmi: Cmi) -> None:
    recording = next(iter(cmi.state.recordings.values()))
    email_id = next(iter(cmi.state.emails))
    queues = list(cmi.state.queues)
    _, statistics_only = add_user(cmi, "stats-only", [STATISTICS_DETAILS], queues)
    call = cmi.get(f"/contacts/{recording.contact_id}/details", auth=statistics_only).get_json()
    email = cmi.get(f"/contacts/{email_id}/details", auth=statistics_only).get_json()
    assert "callRecordings" not in call and call["scriptResults"] == []
    assert "email" not in email
    _, everything = add_user(cmi, "stats-and-more", [STATISTICS_DETAILS, LISTEN_TO_RECORDING, MANAGE_CONTACT_HISTORY],
                             queues)
    call = cmi.get(f"/contacts/{recording.contact_id}/details", auth=everything).get_json()
    assert recording.id in {r["id"] for r in call["callRecordings"]}
    assert cmi.get(f"/contacts/{email_id}/details", auth=everything).get_json()["email"]["id"] == email_id


# ---- GET /contacts/{groupId}/remarks ---------------------------------------------------------


def test_get_remarks__email_answers_plain_text(center: Cmi) -> None:
    email = add_email(center, "<p>Hi</p>")
    center.state.remarks[email.contact_group_id] = "Customer wants a refund"

    assert_remarks(center, email.contact_group_id, "Customer wants a refund")
    assert_remarks(center, email.contact_group_id.lower(), "Customer wants a refund")


def test_get_remarks__chat_without_remarks_is_empty(center: Cmi) -> None:
    chat = add_chat(center, ["Hello"])

    assert_remarks(center, chat.contact_group_id, "")


def test_get_remarks__call_without_remarks_is_404(center: Cmi, agent: User) -> None:
    call = handled_call(center, agent)

    assert_text(remarks_of(center, call.contact_group_id), 404, "HTTP 404 Not Found")


def test_get_remarks__transferred_call_shares_the_group(center: Cmi, agent: User, restricted: User) -> None:
    first = handled_call(center, restricted, arrival=-30, status_details="Transferred")
    handled_call(center, agent, arrival=-20, group=first.contact_group_id, type_details="Transfer")
    center.state.remarks[first.contact_group_id] = "Transferred to billing"

    assert_remarks(center, first.contact_group_id, "Transferred to billing")


def test_get_remarks__contact_id_is_not_the_group_id(center: Cmi, agent: User) -> None:
    email = add_email(center, "<p>Hi</p>")
    call = handled_call(center, agent)
    for contact in (email, call):
        center.state.remarks[contact.contact_group_id] = "Remarks"

    assert_text(remarks_of(center, email.id), 404, "HTTP 404 Not Found")
    assert_text(remarks_of(center, call.id), 404, "HTTP 404 Not Found")


@pytest.mark.parametrize(("group", "status", "body"), [
    ("abc", 400, "Invalid GUID: 'abc'"),
    ("B4AFCD2CA791-4D1D-8ED6-AF4E25AEA0961", 400, "Invalid GUID: 'B4AFCD2CA791-4D1D-8ED6-AF4E25AEA0961'"),
    (UNKNOWN_GUID, 404, "HTTP 404 Not Found"),
    ("B4AFCD2C-A791-4D1D-8ED6-AF4E25AEA096", 404, "HTTP 404 Not Found"),
])
def test_get_remarks__bad_group(cmi: Cmi, group: str, status: int, body: str) -> None:
    assert_text(remarks_of(cmi, group), status, body)


def test_get_remarks__rights(center: Cmi, agent: User, restricted: User) -> None:
    own = add_email(center, "<p>Mine</p>", agent=restricted)
    others = add_email(center, "<p>Theirs</p>", agent=agent)
    for email in (own, others):
        center.state.remarks[email.contact_group_id] = "Remarks"
    _, auth = add_user(center, "historian", [MANAGE_CONTACT_HISTORY], list(center.state.queues))

    assert remarks_of(center, own.contact_group_id, RESTRICTED_AUTH).get_data(as_text=True) == "Remarks"
    assert_text(remarks_of(center, others.contact_group_id, RESTRICTED_AUTH), 403, "HTTP 403 Forbidden")
    assert_text(remarks_of(center, own.contact_group_id, auth), 403, "HTTP 403 Forbidden")


# ---- POST /contacts/{groupId}/remarks --------------------------------------------------------


def test_add_remarks__phone_call_answers_204_and_stores_them(center: Cmi, agent: User) -> None:
    call = handled_call(center, agent)

    assert_no_content(remarks_call(center, "POST", call.contact_group_id, "Customer asked for a call back."))

    assert center.state.remarks[call.contact_group_id] == "Customer asked for a call back."
    assert_remarks(center, call.contact_group_id, "Customer asked for a call back.")
    assert [c["id"] for c in contacts(center, remarks="call back")] == [call.id]


def test_add_remarks__lower_case_group_id_keeps_the_stored_key(center: Cmi, agent: User) -> None:
    call = handled_call(center, agent)

    assert_no_content(remarks_call(center, "POST", call.contact_group_id.lower()))

    assert center.state.remarks == {call.contact_group_id: "New remarks."}


def test_add_remarks__responsible_agent_of_any_leg(center: Cmi, agent: User, restricted: User) -> None:
    first = handled_call(center, restricted, arrival=-30)
    handled_call(center, agent, arrival=-20, group=first.contact_group_id)

    assert_no_content(remarks_call(center, "POST", first.contact_group_id))
    assert_remarks(center, first.contact_group_id, "New remarks.")


def test_add_remarks__not_the_responsible_agent_is_403(center: Cmi, restricted: User) -> None:
    theirs = handled_call(center, restricted)
    queued = add_contact(center, status="InQueue", arrival=-1)

    assert_text(remarks_call(center, "POST", theirs.contact_group_id), 403, "HTTP 403 Forbidden")
    assert_text(remarks_call(center, "POST", queued.contact_group_id), 403, "HTTP 403 Forbidden")
    assert center.state.remarks == {}
    assert_no_content(remarks_call(center, "POST", theirs.contact_group_id, auth=RESTRICTED_AUTH))


def test_add_remarks__twice_is_400(center: Cmi, agent: User) -> None:
    call = handled_call(center, agent)
    assert_no_content(remarks_call(center, "POST", call.contact_group_id, "First"))

    assert_text(remarks_call(center, "POST", call.contact_group_id, "Second"), 400,
                "The contact already has remarks; use PUT to update them")
    assert_remarks(center, call.contact_group_id, "First")


@pytest.mark.parametrize("channel", ["CHAT", "EMAIL"])
def test_add_remarks__only_for_phone_calls(center: Cmi, agent: User, channel: str) -> None:
    contact = add_contact(center, channel=channel, agent=agent)

    assert_text(remarks_call(center, "POST", contact.contact_group_id), 400,
                "Remarks can be added only to phone calls; use PUT for chats and emails")
    assert center.state.remarks == {}


@pytest.mark.parametrize("body", ["", "   \n\t"])
def test_add_remarks__empty_is_400(center: Cmi, agent: User, body: str) -> None:
    call = handled_call(center, agent)

    assert_text(remarks_call(center, "POST", call.contact_group_id, body), 400, "Remarks must not be empty")


@pytest.mark.parametrize("content_type", ["application/json", "application/xml", "text/html", None])
def test_add_remarks__non_text_body_is_415(center: Cmi, agent: User, content_type: str | None) -> None:
    call = handled_call(center, agent)

    response = remarks_call(center, "POST", call.contact_group_id, '"New remarks."', content_type)

    assert_text(response, 415, "HTTP 415 Unsupported Media Type")
    assert center.state.remarks == {}


def test_add_remarks__declared_charset_is_honoured(center: Cmi, agent: User) -> None:
    call = handled_call(center, agent)

    response = remarks_call(center, "POST", call.contact_group_id, "Asiakas ärsyyntyi".encode("latin-1"),
                            "text/plain; charset=ISO-8859-1")

    assert_no_content(response)
    assert center.state.remarks[call.contact_group_id] == "Asiakas ärsyyntyi"


def test_add_remarks__undecodable_body_is_400(center: Cmi, agent: User) -> None:
    call = handled_call(center, agent)

    assert_text(remarks_call(center, "POST", call.contact_group_id, "ärsyyntyi".encode("latin-1")), 400,
                "Remarks must be text in the declared charset (default UTF-8)")


@pytest.mark.parametrize(("group", "status", "body"), [
    ("abc", 400, "Invalid GUID: 'abc'"),
    (UNKNOWN_GUID, 404, "HTTP 404 Not Found"),
])
def test_add_remarks__bad_group(cmi: Cmi, group: str, status: int, body: str) -> None:
    assert_text(remarks_call(cmi, "POST", group), status, body)


def test_add_remarks__contact_id_is_not_the_group_id(center: Cmi, agent: User) -> None:
    call = handled_call(center, agent)

    assert_text(remarks_call(center, "POST", call.id), 404, "HTTP 404 Not Found")


# ---- PUT /contacts/{groupId}/remarks ---------------------------------------------------------


@pytest.mark.parametrize("channel", ["CHAT", "EMAIL"])
def test_update_remarks__chat_or_email_without_remarks(center: Cmi, agent: User, channel: str) -> None:
    contact = add_contact(center, channel=channel, agent=agent)

    assert_no_content(remarks_call(center, "PUT", contact.contact_group_id, "Updated."))
    assert_remarks(center, contact.contact_group_id, "Updated.")


def test_update_remarks__replaces_existing(center: Cmi, agent: User) -> None:
    email = add_email(center, "<p>Hi</p>", agent=agent)
    call = handled_call(center, agent)
    center.state.remarks.update({email.contact_group_id: "Old email remarks", call.contact_group_id: "Old call"})

    assert_no_content(remarks_call(center, "PUT", email.contact_group_id, "New email remarks"))
    assert_no_content(remarks_call(center, "PUT", call.contact_group_id, "New call remarks"))

    assert center.state.remarks == {email.contact_group_id: "New email remarks",
                                    call.contact_group_id: "New call remarks"}
    assert [c["id"] for c in contacts(center, remarks="new email")] == [email.id]


def test_update_remarks__call_without_remarks_is_404(center: Cmi, agent: User) -> None:
    call = handled_call(center, agent)

    assert_text(remarks_call(center, "PUT", call.contact_group_id), 404, "HTTP 404 Not Found")
    assert center.state.remarks == {}


def test_update_remarks__not_the_responsible_agent_is_403(center: Cmi, agent: User, restricted: User) -> None:
    email = add_email(center, "<p>Hi</p>", agent=restricted)
    queued = add_email(center, "<p>Waiting</p>", status="InQueue")
    center.state.remarks[email.contact_group_id] = "Original"

    assert_text(remarks_call(center, "PUT", email.contact_group_id), 403, "HTTP 403 Forbidden")
    assert_text(remarks_call(center, "PUT", queued.contact_group_id), 403, "HTTP 403 Forbidden")
    assert center.state.remarks == {email.contact_group_id: "Original"}


def test_update_remarks__non_text_body_is_415(center: Cmi, agent: User) -> None:
    email = add_email(center, "<p>Hi</p>", agent=agent)
    center.state.remarks[email.contact_group_id] = "Original"

    response = remarks_call(center, "PUT", email.contact_group_id, '{"remarks": "x"}', "application/json")

    assert_text(response, 415, "HTTP 415 Unsupported Media Type")
    assert center.state.remarks[email.contact_group_id] == "Original"


@pytest.mark.parametrize(("group", "status", "body"), [
    ("abc", 400, "Invalid GUID: 'abc'"),
    (UNKNOWN_GUID, 404, "HTTP 404 Not Found"),
    ("B4AFCD2C-A791-4D1D-8ED6-AF4E25AEA096", 404, "HTTP 404 Not Found"),
])
def test_update_remarks__bad_group(cmi: Cmi, group: str, status: int, body: str) -> None:
    assert_text(remarks_call(cmi, "PUT", group), status, body)


# ---- GET /contactData ------------------------------------------------------------------------


@pytest.fixture
def data(center: Cmi, agent: User, restricted: User) -> dict[str, Any]:
    first = handled_call(center, agent, arrival=-30)
    second = handled_call(center, restricted, arrival=-20, queue=center.state.queues[restricted.queues[0]])
    third = handled_call(center, agent, arrival=-10)
    return {
        "contacts": (first, second, third),
        "first_customer": add_datum(center, first, "customerId", "CUST-1", -30),
        "first_ivr": add_datum(center, first, "ivrChoice", "2", -29),
        "second_customer": add_datum(center, second, "customerId", "CUST-2", -20),
    }


def contact_data(cmi: Cmi, path: str = "/contactData", auth: dict[str, str] | None = None,
                 **params: str) -> list[dict[str, Any]]:
    response = cmi.get(path, query_string=params, auth=auth)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == JSON
    return response.get_json()


def test_list_contact_data__every_entry(center: Cmi, data: dict[str, Any]) -> None:
    assert contact_data(center) == [datum_wire(data[name]) for name in
                                    ("first_customer", "first_ivr", "second_customer")]


def test_list_contact_data__contact_id_list(center: Cmi, data: dict[str, Any]) -> None:
    first, second, third = data["contacts"]

    assert [d["id"] for d in contact_data(center, contactId=second.id)] == [data["second_customer"].id]
    assert [d["id"] for d in contact_data(center, contactId=f"{second.id},{first.id.lower()}")] == [
        data["first_customer"].id, data["first_ivr"].id, data["second_customer"].id]
    assert contact_data(center, contactId=third.id) == []


def test_list_contact_data__key_is_case_insensitive(center: Cmi, data: dict[str, Any]) -> None:
    first, _, _ = data["contacts"]

    assert [d["value"] for d in contact_data(center, key="CUSTOMERID")] == ["CUST-1", "CUST-2"]
    assert [d["value"] for d in contact_data(center, key="customerId", contactId=first.id)] == ["CUST-1"]
    assert contact_data(center, key="customer") == []


def test_list_contact_data__limit(center: Cmi, data: dict[str, Any]) -> None:
    _, _, third = data["contacts"]
    for index in range(105):
        add_datum(center, third, f"key{index}", str(index))

    assert [d["id"] for d in contact_data(center, limit="2")] == [data["first_customer"].id, data["first_ivr"].id]
    assert len(contact_data(center)) == 108  # not in the vendor's page: no default cap
    assert len(contact_data(center, limit="200")) == 108


def test_list_contact_data__xml(center: Cmi, data: dict[str, Any]) -> None:
    response = center.xml("/contactData")

    root = fromstring(response.get_data())
    assert (response.status_code, response.mimetype, root.tag) == (200, XML, "contactData")
    assert [(e.tag, e.findtext("value")) for e in root] == [
        ("contactDatum", "CUST-1"), ("contactDatum", "2"), ("contactDatum", "CUST-2")]


@pytest.mark.parametrize(("params", "body"), [
    ({"contactId": "abc"}, "Invalid GUID: 'abc'"),
    ({"contactId": f"{UNKNOWN_GUID},nope"}, "Invalid GUID: 'nope'"),
    ({"limit": "0"}, "Invalid limit: '0' (must be a positive integer)"),
    ({"limit": "many"}, "limit: Not a valid integer."),
    ({"value": "CUST-1"}, "Unknown parameter: 'value'"),
])
def test_list_contact_data__bad_query_is_400(cmi: Cmi, params: dict[str, str], body: str) -> None:
    assert_text(cmi.get("/contactData", query_string=params), 400, body)


def test_list_contact_data__rights(center: Cmi, data: dict[str, Any]) -> None:
    _, auth = add_user(center, "historian", [MANAGE_CONTACT_HISTORY], list(center.state.queues))

    assert contact_data(center, auth=RESTRICTED_AUTH) == [datum_wire(data["second_customer"])]
    assert_text(center.get("/contactData", auth=auth), 403, "HTTP 403 Forbidden")


# ---- GET /contactData/{contactId} ------------------------------------------------------------


def test_contact_data_of_contact__its_entries(center: Cmi, data: dict[str, Any]) -> None:
    first, _, third = data["contacts"]

    assert contact_data(center, f"/contactData/{first.id}") == [datum_wire(data["first_customer"]),
                                                                datum_wire(data["first_ivr"])]
    assert contact_data(center, f"/contactData/{first.id.lower()}") == contact_data(center, f"/contactData/{first.id}")
    assert contact_data(center, f"/contactData/{third.id}") == []


@pytest.mark.parametrize(("contact_id", "status", "body"), [
    ("abc", 400, "Invalid GUID: 'abc'"),
    (UNKNOWN_GUID, 404, "HTTP 404 Not Found"),
])
def test_contact_data_of_contact__bad_id(cmi: Cmi, contact_id: str, status: int, body: str) -> None:
    assert_text(cmi.get(f"/contactData/{contact_id}"), status, body)


def test_contact_data_of_contact__rights(center: Cmi, data: dict[str, Any]) -> None:
    first, second, _ = data["contacts"]

    assert contact_data(center, f"/contactData/{second.id}", RESTRICTED_AUTH) == [
        datum_wire(data["second_customer"])]
    assert_text(center.get(f"/contactData/{first.id}", auth=RESTRICTED_AUTH), 403, "HTTP 403 Forbidden")


# ---- POST /contactData -----------------------------------------------------------------------


def post_datum(cmi: Cmi, body: dict[str, Any], auth: dict[str, str] | None = None) -> TestResponse:
    return cmi.post("/contactData", json=body, auth=auth, headers={"Accept": "text/html"})


def test_add_contact_datum__201_with_id_and_location(center: Cmi, clock: Clock, agent: User) -> None:
    call = handled_call(center, agent)
    clock.advance(90)

    response = post_datum(center, {"contactId": call.id, "key": "customerId", "value": "CUST-123456"})

    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.mimetype == "text/html"
    new_id = response.get_data(as_text=True)
    assert len(new_id) == 32 and new_id == new_id.upper()
    assert response.headers["Location"] == f"http://localhost/sinch/cmi/contactData/{new_id}"
    expected = {"id": new_id, "contactId": call.id, "key": "customerId", "value": "CUST-123456",
                "timeStamp": "2025-01-15T12:01:30.000Z"}
    assert contact_data(center, f"/contactData/{call.id}") == [expected]
    assert contact_data(center, key="customerid") == [expected]
    assert details(center, call)["contactData"] == [expected]


def test_add_contact_datum__lower_case_contact_id(center: Cmi, agent: User) -> None:
    call = handled_call(center, agent)

    response = post_datum(center, {"contactId": call.id.lower(), "key": "k", "value": ""})

    assert response.status_code == 201
    assert [(d["contactId"], d["value"]) for d in contact_data(center)] == [(call.id, "")]


def test_add_contact_datum__xml_body(center: Cmi, agent: User) -> None:
    call = handled_call(center, agent)
    body = (f"<contactDatum><contactId>{call.id}</contactId><key>ivrChoice</key><value>3</value>"
            "</contactDatum>")

    response = center.post("/contactData", data=body, headers={"Content-Type": XML})

    assert response.status_code == 201, response.get_data(as_text=True)
    assert [(d["id"], d["key"], d["value"]) for d in contact_data(center)] == [
        (response.get_data(as_text=True), "ivrChoice", "3")]


@pytest.mark.parametrize(("body", "message"), [
    ({"contactId": UNKNOWN_GUID, "key": "k", "value": "v"}, f"Unknown contactId: '{UNKNOWN_GUID}'"),
    ({"key": "k", "value": "v"}, "contactId: Missing data for required field."),
    ({"contactId": "x", "key": "k", "value": "v"}, "Invalid GUID: 'x'"),
    ({"contactId": "CALL", "value": "v"}, "key: Missing data for required field."),
    ({"contactId": "CALL", "key": "", "value": "v"}, "key: Length must be between 1 and 256."),
    ({"contactId": "CALL", "key": "k" * 257, "value": "v"}, "key: Length must be between 1 and 256."),
    ({"contactId": "CALL", "key": "k"}, "value: Missing data for required field."),
])
def test_add_contact_datum__invalid_is_400(center: Cmi, agent: User, body: dict[str, Any], message: str) -> None:
    call = handled_call(center, agent)
    sent = {k: call.id if v == "CALL" else v for k, v in body.items()}

    assert_text(post_datum(center, sent), 400, message)
    assert center.state.contact_data == {}


def test_add_contact_datum__longest_key(center: Cmi, agent: User) -> None:
    call = handled_call(center, agent)

    assert post_datum(center, {"contactId": call.id, "key": "k" * 256, "value": "v"}).status_code == 201


def test_add_contact_datum__non_json_body_is_415(center: Cmi, agent: User) -> None:
    call = handled_call(center, agent)

    response = center.post("/contactData", data=f"contactId={call.id}", headers={"Content-Type": TEXT})

    assert_text(response, 415, "HTTP 415 Unsupported Media Type")


def test_add_contact_datum__rights(center: Cmi, agent: User, restricted: User) -> None:
    own = handled_call(center, restricted)
    others = handled_call(center, agent, queue=center.state.queues[restricted.queues[0]])
    _, statistics_only = add_user(center, "watcher", [STATISTICS_DETAILS], list(center.state.queues))

    assert post_datum(center, {"contactId": own.id, "key": "k", "value": "v"}, RESTRICTED_AUTH).status_code == 201
    assert_text(post_datum(center, {"contactId": others.id, "key": "k", "value": "v"}, RESTRICTED_AUTH), 403,
                "HTTP 403 Forbidden")
    assert_text(post_datum(center, {"contactId": own.id, "key": "k", "value": "v"}, statistics_only), 403,
                "HTTP 403 Forbidden")
    assert [d["contactId"] for d in contact_data(center)] == [own.id]
