"""GET /contacts and GET /contacts/{id}: the contact index, its filters, sort, limit, statistics and rights."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from xml.etree.ElementTree import fromstring

import pytest

from simulator.core.clock import Clock
from simulator.sinch_cmi.models import (
    OWN_STATISTICS_DETAILS,
    STATISTICS_DETAILS,
    Contact,
    RequiredAgent,
    User,
)
from tests.conftest import basic
from tests.sinch_cmi.contact_builders import (
    CUSTOMER_EMAIL,
    PHONE_NUMBER,
    add_chat,
    add_contact,
    add_email,
    add_user,
    assert_text,
    at,
    contacts,
    error_of,
    handled_call,
    listed,
    phone_queues,
)
from tests.sinch_cmi.support import JSON, RESTRICTED_AUTH, UNKNOWN_GUID, XML, Cmi

# ---- representation --------------------------------------------------------------------------


def test_list_contacts__phone_call_has_the_vendor_fields(center: Cmi, agent: User) -> None:
    call = handled_call(center, agent, status_details="Handled_AOT", record=True, script=True)
    queue = center.state.queues[call.queue_id]

    assert contacts(center) == [{
        "id": call.id,
        "contactGroupId": call.contact_group_id,
        "channel": "PHONE",
        "type": "CallIn",
        "typeDetails": "Direct",
        "status": "Handled",
        "statusDetails": "Handled_AOT",
        "source": PHONE_NUMBER,
        "destination": queue.address,
        "agentId": agent.id,
        "agentName": agent.name,
        "queueId": queue.id,
        "queueName": queue.name,
        "arrivalTime": "2025-01-15T11:00:00.000Z",
        "disconnectTime": "2025-01-15T11:10:00.000Z",
        "totalDuration": 600000,
        "record": True,
        "script": True,
    }]


def test_list_contacts__open_chat_leaves_out_absent_values(center: Cmi) -> None:
    chat = add_contact(center, channel="CHAT", status="InQueue", status_details="Open", arrival=-3,
                       subject="Request for support")
    queue = center.state.queues[chat.queue_id]

    assert contacts(center) == [{
        "id": chat.id,
        "contactGroupId": chat.contact_group_id,
        "channel": "CHAT",
        "type": "ChatIn",
        "typeDetails": "Chat",
        "subtype": "text",
        "status": "InQueue",
        "statusDetails": "Open",
        "source": CUSTOMER_EMAIL,
        "destination": queue.address,
        "queueId": queue.id,
        "queueName": queue.name,
        "arrivalTime": "2025-01-15T11:57:00.000Z",
        "totalDuration": 180000,
        "subject": "Request for support",
    }]
    assert len(chat.contact_group_id) == 36


def test_get_contact__shows_the_required_agent(center: Cmi, restricted: User) -> None:
    call = add_contact(center, status="InQueue", arrival=-1, required_agent=RequiredAgent(
        id=restricted.id, name=restricted.name, type=2, expiration_time=at(4)))

    record = center.get(f"/contacts/{call.id}").get_json()

    assert record["requiredAgent"] == {"id": restricted.id, "name": restricted.name, "type": 2,
                                       "expirationTime": "2025-01-15T12:04:00.000Z"}


def test_list_contacts__xml_has_contacts_and_contact_elements(center: Cmi, agent: User) -> None:
    call = handled_call(center, agent, record=True)
    chat = add_contact(center, channel="CHAT", status="InQueue", arrival=-3)

    response = center.xml("/contacts")

    assert response.status_code == 200
    assert response.mimetype == XML
    root = fromstring(response.get_data())
    assert root.tag == "contacts"
    assert [(element.tag, element.findtext("id")) for element in root] == [("contact", chat.id), ("contact", call.id)]
    open_chat, ended_call = list(root)
    assert ended_call.findtext("record") == "true"
    assert ended_call.findtext("totalDuration") == "600000"
    assert ended_call.findtext("disconnectTime") == "2025-01-15T11:10:00.000Z"
    assert open_chat.find("disconnectTime") is None
    assert open_chat.find("agentId") is None
    assert open_chat.findtext("subtype") == "text"


def test_get_contact__xml_has_one_contact_element(center: Cmi, agent: User) -> None:
    call = handled_call(center, agent)

    response = center.xml(f"/contacts/{call.id}")

    assert response.status_code == 200
    assert response.mimetype == XML
    root = fromstring(response.get_data())
    assert root.tag == "contact"
    assert root.findtext("id") == call.id
    assert root.findtext("agentName") == agent.name


def test_get_contact__is_the_list_entry(center: Cmi, agent: User) -> None:
    call = handled_call(center, agent)
    add_contact(center, arrival=-5)

    response = center.get(f"/contacts/{call.id}")

    assert response.status_code == 200
    assert response.mimetype == JSON
    assert response.get_json() == next(c for c in contacts(center) if c["id"] == call.id)


def test_get_contact__lower_case_id_is_accepted(center: Cmi, agent: User) -> None:
    call = handled_call(center, agent)

    response = center.get(f"/contacts/{call.id.lower()}")

    assert response.status_code == 200
    assert response.get_json()["id"] == call.id


# ---- single fetch errors ---------------------------------------------------------------------


@pytest.mark.parametrize("value", ["2B8ED95B0EC911E79675005056A75D9", "abc", "B4AFCD2C-A791-4D1D-8ED6-AF4E25AEA096"])
def test_get_contact__invalid_guid_is_400(cmi: Cmi, value: str) -> None:
    assert_text(cmi.get(f"/contacts/{value}"), 400, f"Invalid GUID: '{value}'")


def test_get_contact__guid_with_a_trailing_newline_is_invalid(cmi: Cmi) -> None:
    guid = next(iter(cmi.state.contacts))
    assert_text(cmi.get(f"/contacts/{guid}%0A"), 400, f"Invalid GUID: '{guid}\n'")


def test_get_contact__unknown_is_404(cmi: Cmi) -> None:
    assert_text(cmi.get(f"/contacts/{UNKNOWN_GUID}"), 404, "HTTP 404 Not Found")


def test_get_contact__unknown_parameter_is_400(center: Cmi, agent: User) -> None:
    call = handled_call(center, agent)

    assert_text(error_of(center, f"/contacts/{call.id}", foo="1"), 400, "Unknown parameter: 'foo'")


def test_get_contact__wrong_password_is_401(center: Cmi, agent: User) -> None:
    call = handled_call(center, agent)

    response = center.get(f"/contacts/{call.id}", auth=basic(agent.login, "wrong"))

    assert_text(response, 401, "HTTP 401 Unauthorized")
    assert response.headers["WWW-Authenticate"].startswith("Basic realm=")


# ---- default sort and limit ------------------------------------------------------------------


def test_list_contacts__default_sort_is_newest_arrival_first(cmi: Cmi) -> None:
    records = contacts(cmi)

    arrivals = [record["arrivalTime"] for record in records]
    assert len(records) == len(cmi.state.contacts) > 20
    assert arrivals == sorted(arrivals, reverse=True)
    assert len(set(arrivals)) > 20


def test_list_contacts__default_limit_is_100(center: Cmi) -> None:
    made = [add_contact(center, arrival=-minute) for minute in range(1, 121)]

    assert listed(center) == [c.id for c in made[:100]]


def test_list_contacts__explicit_limit_takes_the_newest(center: Cmi) -> None:
    made = [add_contact(center, arrival=-minute) for minute in (30, 10, 20, 40)]

    assert listed(center, limit=2) == [made[1].id, made[2].id]
    assert listed(center, limit=500) == [made[1].id, made[2].id, made[0].id, made[3].id]


def test_list_contacts__limit_applies_after_sort_and_filters(center: Cmi) -> None:
    oldest, _, queued_old, queued_new = (
        add_contact(center, arrival=-50), add_contact(center, arrival=-10),
        add_contact(center, status="InQueue", arrival=-40), add_contact(center, status="InQueue", arrival=-5),
    )

    assert listed(center, sort="arrivalTime", limit=1) == [oldest.id]
    assert listed(center, status="InQueue", limit=1) == [queued_new.id]
    assert listed(center, status="InQueue", sort="arrivalTime", limit=1) == [queued_old.id]


@pytest.mark.parametrize(("value", "body"), [
    ("0", "Invalid limit: '0' (must be a positive integer)"),
    ("-5", "Invalid limit: '-5' (must be a positive integer)"),
    ("abc", "limit: Not a valid integer."),
    ("1.5", "limit: Not a valid integer."),
])
def test_list_contacts__invalid_limit_is_400(cmi: Cmi, value: str, body: str) -> None:
    assert_text(error_of(cmi, limit=value), 400, body)


# ---- search ----------------------------------------------------------------------------------


@pytest.fixture
def parties(center: Cmi) -> dict[str, Contact]:
    """An inbound call from PHONE_NUMBER, an outbound call to it, an email, and an unrelated call."""
    return {
        "inbound": add_contact(center, arrival=-10),
        "outbound": add_contact(center, arrival=-20, type="CallOut", type_details="CallOut",
                                source="+358201000152", destination=PHONE_NUMBER),
        "email": add_contact(center, channel="EMAIL", arrival=-30, source=CUSTOMER_EMAIL),
        "other": add_contact(center, arrival=-40, source="+46701112233", destination="+358201000153"),
    }


@pytest.mark.parametrize(("search", "expected"), [
    (PHONE_NUMBER, ["inbound", "outbound"]),  # source or destination
    ("*4567", ["inbound", "outbound"]),
    ("+35840123456?", ["inbound", "outbound"]),
    ("+3584012345?", []),  # `?` is exactly one character
    ("4567", []),  # the whole value must match
    ("CUSTOMER@HOST.COM", ["email"]),
    (f"*4567,{CUSTOMER_EMAIL}", ["inbound", "outbound", "email"]),
    (f" {CUSTOMER_EMAIL} , +46701112233 ", ["email", "other"]),
    ("+358201000153", ["other"]),
    ("nobody@nowhere", []),
])
def test_list_contacts__search_matches_source_or_destination(
    center: Cmi, parties: dict[str, Contact], search: str, expected: list[str]
) -> None:
    assert listed(center, search=search) == [parties[name].id for name in expected]


# ---- startTime / endTime ---------------------------------------------------------------------

WINDOW_START, WINDOW_END = "2025-01-15T11:00:00Z", "2025-01-15T11:30:00Z"  # minutes -60 and -30


@pytest.fixture
def timeline(center: Cmi) -> dict[str, Contact]:
    def call(arrival: float, disconnect: float | None) -> Contact:
        return add_contact(center, arrival=arrival, disconnect=disconnect)

    return {
        "before": call(-120, -90),
        "into_window": call(-120, -45),  # arrived before the window, ended inside it
        "inside": call(-50, -40),
        "after": call(-20, -10),
        "open_since_before": call(-125, None),
        "at_start": call(-60, None),
        "at_end": call(-30, -5),
        "spanning": call(-130, -10),
    }


@pytest.mark.parametrize(("params", "expected"), [
    ({"startTime": WINDOW_START}, {"into_window", "inside", "after", "at_start", "at_end", "spanning"}),
    ({"endTime": WINDOW_END}, {"before", "into_window", "inside", "open_since_before", "at_start", "at_end",
                               "spanning"}),
    ({"startTime": WINDOW_START, "endTime": WINDOW_END}, {"into_window", "inside", "at_start", "at_end",
                                                          "spanning"}),
    ({"startTime": "2025-01-15T13:00:00+02:00", "endTime": "2025-01-15T13:30:00.000+02:00"},
     {"into_window", "inside", "at_start", "at_end", "spanning"}),
    ({"startTime": "2025-01-15T11:55:00Z"}, {"at_end"}),  # disconnected exactly then
    ({"startTime": "2025-01-15T11:55:00.001Z"}, set()),
])
def test_list_contacts__time_window_uses_arrival_or_disconnect(
    center: Cmi, timeline: dict[str, Contact], params: dict[str, str], expected: set[str]
) -> None:
    names = {contact.id: name for name, contact in timeline.items()}

    assert {names[i] for i in listed(center, **params)} == expected


@pytest.mark.parametrize("name", ["startTime", "endTime"])
@pytest.mark.parametrize("value", ["yesterday", "2019-02-30T10:00:00Z", ""])
def test_list_contacts__invalid_date_is_400(cmi: Cmi, name: str, value: str) -> None:
    assert_text(error_of(cmi, **{name: value}), 400,
                f"Invalid date in '{name}': '{value}' (expected ISO-8601, e.g. 2019-10-17T16:25:59.000Z)")


# ---- subject / body / remarks (operative database) -------------------------------------------


@pytest.fixture
def operative(center: Cmi, agent: User) -> dict[str, Contact]:
    """Contacts with subjects, bodies and remarks; a phone call carries a subject it should never match by."""
    made = {
        "chat": add_chat(center, ["Hello, I have a question about my invoice", "Thanks a lot"], arrival=-10,
                         subject="Order status"),
        "email": add_email(center, "<p>Dear support,</p> <p>Your invoice 4711 is wrong.</p>", arrival=-20,
                           subject="Invoice question", case_id="12345"),
        "reply": add_email(center, "<p>Dear Carl,</p> <p>The order is on its way.</p>", arrival=-30,
                           subject="RE: Broken delivery", case_id="54321", type="EmailOut",
                           type_details="EMAILOUT"),
        "call": handled_call(center, agent, subject="Order status"),
    }
    made["transfer"] = add_contact(center, arrival=-50, group=made["call"].contact_group_id,
                                   type_details="Transfer")
    center.state.remarks[made["email"].contact_group_id] = "Customer wants a refund"
    center.state.remarks[made["call"].contact_group_id] = "Refund promised by phone"
    return made


def assert_finds(cmi: Cmi, made: dict[str, Contact], expected: list[str], **params: str) -> None:
    names = {contact.id: name for name, contact in made.items()}
    assert [names[i] for i in listed(cmi, **params)] == expected


@pytest.mark.parametrize(("subject", "expected"), [
    ("order", ["chat"]),  # the call's subject is never searched
    ("INVOICE", ["email"]),
    ("broken delivery", ["reply"]),
    ("deliv", []),  # whole words…
    ("deliv*", ["reply"]),  # …or prefixes
    ('"order*" OR "deliv*"', ["chat", "reply"]),
    ('"invoice" OR "status"', ["chat", "email"]),
    ('"delivery broken"', []),
    ('"RE" AND "delivery"', ["reply"]),
    ('"question" AND NOT "invoice"', []),
])
def test_list_contacts__subject_is_full_text(
    center: Cmi, operative: dict[str, Contact], subject: str, expected: list[str]
) -> None:
    assert_finds(center, operative, expected, subject=subject)


@pytest.mark.parametrize(("body", "expected"), [
    ("invoice", ["chat", "email"]),
    ("voic", ["chat"]),  # a chat message only has to contain it; an email body is full text
    ("HELLO, I HAVE", ["chat"]),
    ('"invoice 4711"', ["email"]),
    ("invoice 4711", ["email"]),
    ('"wrong" OR "way"', ["email", "reply"]),
    ("order", ["reply"]),
    ("refund", []),  # remarks are not the body
])
def test_list_contacts__body_searches_email_and_chat_text(
    center: Cmi, operative: dict[str, Contact], body: str, expected: list[str]
) -> None:
    assert_finds(center, operative, expected, body=body)


@pytest.mark.parametrize(("remarks", "expected"), [
    ("refund", ["email", "transfer", "call"]),  # every contact of the call's group
    ('"refund promised"', ["transfer", "call"]),
    ('"wants" OR "phone"', ["email", "transfer", "call"]),
    ("refunds", []),
    ("invoice", []),
])
def test_list_contacts__remarks_search_the_contact_group(
    center: Cmi, operative: dict[str, Contact], remarks: str, expected: list[str]
) -> None:
    assert_finds(center, operative, expected, remarks=remarks)


def test_list_contacts__case_id_is_exact(center: Cmi, operative: dict[str, Contact]) -> None:
    assert_finds(center, operative, ["email"], caseId="12345")
    assert_finds(center, operative, [], caseId="1234")


def test_list_contacts__operative_filters_combine(center: Cmi, operative: dict[str, Contact]) -> None:
    assert_finds(center, operative, ["email"], subject="invoice", body="invoice", remarks="refund")
    assert_finds(center, operative, [], subject="order", remarks="refund")


# ---- agentId / queueId / contactGroupId ------------------------------------------------------


def test_list_contacts__agent_id_list(center: Cmi, agent: User, restricted: User) -> None:
    mine = handled_call(center, agent, arrival=-10)
    theirs = handled_call(center, restricted, arrival=-20)
    add_contact(center, status="InQueue", arrival=-5)

    assert listed(center, agentId=agent.id) == [mine.id]
    assert listed(center, agentId=f"{agent.id.lower()},{restricted.id}") == [mine.id, theirs.id]
    assert listed(center, agentId=UNKNOWN_GUID) == []


def test_list_contacts__queue_id_list(center: Cmi) -> None:
    sales, support = phone_queues(center)
    in_sales = add_contact(center, queue=sales, arrival=-10)
    in_support = add_contact(center, queue=support, arrival=-20)
    chat = add_contact(center, channel="CHAT", arrival=-30)

    assert listed(center, queueId=support.id) == [in_support.id]
    assert listed(center, queueId=f"{sales.id},{chat.queue_id.lower()}") == [in_sales.id, chat.id]


@pytest.mark.parametrize("name", ["agentId", "queueId"])
@pytest.mark.parametrize(("value", "bad"), [
    ("x", "x"),
    (f"{UNKNOWN_GUID},nope", "nope"),
    ("B4AFCD2C-A791-4D1D-8ED6-AF4E25AEA096", "B4AFCD2C-A791-4D1D-8ED6-AF4E25AEA096"),
])
def test_list_contacts__invalid_guid_in_list_is_400(cmi: Cmi, name: str, value: str, bad: str) -> None:
    assert_text(error_of(cmi, **{name: value}), 400, f"Invalid GUID: '{bad}'")


def test_list_contacts__contact_group_id_takes_both_formats(center: Cmi, agent: User) -> None:
    call = handled_call(center, agent, arrival=-10)
    transfer = add_contact(center, arrival=-5, group=call.contact_group_id)
    chat = add_contact(center, channel="CHAT", arrival=-20)
    email = add_contact(center, channel="EMAIL", arrival=-30)

    assert listed(center, contactGroupId=call.contact_group_id) == [transfer.id, call.id]
    assert listed(center, contactGroupId=chat.contact_group_id) == [chat.id]
    assert listed(center, contactGroupId=f"{email.contact_group_id.lower()},{call.contact_group_id}") == [
        transfer.id, call.id, email.id]


@pytest.mark.parametrize("value", [
    "abc",
    "B4AFCD2CA7914D1D8ED6AF4E25AEA096AAAA",  # 36 characters without hyphens
    "B4AFCD2C-A791-4D1D-8ED6AF4E25AEA096",
])
def test_list_contacts__invalid_contact_group_id_is_400(cmi: Cmi, value: str) -> None:
    assert_text(error_of(cmi, contactGroupId=f"{UNKNOWN_GUID},{value}"), 400, f"Invalid GUID: '{value}'")


# ---- pickable --------------------------------------------------------------------------------


def test_list_contacts__pickable_chats_and_emails(center: Cmi, agent: User, restricted: User) -> None:
    queued_chat = add_contact(center, channel="CHAT", status="InQueue", arrival=-1)
    queued_email = add_contact(center, channel="EMAIL", status="InQueue", arrival=-2)
    inbound_in_process = add_contact(center, channel="EMAIL", status="InProcess", agent=restricted, arrival=-3)
    own_outbound = add_contact(center, channel="EMAIL", status="InProcess", type="EmailOut", agent=agent,
                               created_by=agent.id, arrival=-4)
    others_outbound = add_contact(center, channel="EMAIL", status="InProcess", type="EmailOut", agent=restricted,
                                  created_by=restricted.id, arrival=-5)
    chat_in_process = add_contact(center, channel="CHAT", status="InProcess", agent=agent, arrival=-6)
    handled_chat = add_contact(center, channel="CHAT", status="Handled", agent=agent, arrival=-7)
    queued_call = add_contact(center, status="InQueue", arrival=-8)

    assert listed(center, pickable="true") == [queued_chat.id, queued_email.id, inbound_in_process.id,
                                               own_outbound.id]
    assert listed(center, pickable="false") == [c.id for c in (
        queued_chat, queued_email, inbound_in_process, own_outbound, others_outbound, chat_in_process, handled_chat,
        queued_call)]


def test_list_contacts__pickable_needs_the_queue_served(center: Cmi) -> None:
    chat_queue, email_queue = center.queue("CHAT"), center.queue("EMAIL")
    user, auth = add_user(center, "picker", [OWN_STATISTICS_DETAILS, STATISTICS_DETAILS], [chat_queue.id])
    queued_chat = add_contact(center, channel="CHAT", status="InQueue", arrival=-1)
    own_email = add_contact(center, channel="EMAIL", status="InProcess", type="EmailOut", agent=user,
                            created_by=user.id, queue=email_queue, arrival=-2)
    add_contact(center, channel="EMAIL", status="InQueue", queue=email_queue, arrival=-3)  # not seen at all

    assert listed(center, auth) == [queued_chat.id, own_email.id]
    assert listed(center, auth, pickable="true") == [queued_chat.id]


def test_list_contacts__invalid_boolean_is_400(cmi: Cmi) -> None:
    assert_text(error_of(cmi, pickable="maybe"), 400, "pickable: Not a valid boolean.")
    assert_text(error_of(cmi, statistics="x"), 400, "statistics: Not a valid boolean.")


# ---- statistics and durations ----------------------------------------------------------------

STATISTICS = ("connectTime", "waitingDuration", "handlingDuration", "wrapUpTotalDuration", "totalDuration")


def statistics_of(cmi: Cmi, contact: Contact) -> dict[str, Any]:
    record = next(r for r in contacts(cmi, statistics="true") if r["id"] == contact.id)
    return {name: record[name] for name in STATISTICS}


def stats(connect: str | None, waiting: int, handling: int, wrap_up: int, total: int) -> dict[str, Any]:
    return dict(zip(STATISTICS, (connect, waiting, handling, wrap_up, total), strict=True))


def test_list_contacts__statistics_of_a_handled_call(center: Cmi, clock: Clock, agent: User) -> None:
    call = handled_call(center, agent)
    expected = stats("2025-01-15T11:02:00.000Z", 120000, 480000, 60000, 600000)

    assert statistics_of(center, call) == expected
    clock.advance(3600)
    assert statistics_of(center, call) == expected


def test_list_contacts__statistics_while_in_wrap_up(center: Cmi, clock: Clock, agent: User) -> None:
    call = add_contact(center, agent=agent, arrival=-20, connect=-19, disconnect=-5)

    assert statistics_of(center, call) == stats("2025-01-15T11:41:00.000Z", 60000, 840000, 300000, 900000)
    clock.advance(60)
    assert statistics_of(center, call) == stats("2025-01-15T11:41:00.000Z", 60000, 840000, 360000, 900000)


def test_list_contacts__statistics_wrap_up_ending_later(center: Cmi, clock: Clock, agent: User) -> None:
    call = add_contact(center, agent=agent, arrival=-10, connect=-9, disconnect=-2, wrap_up_end=3)

    assert statistics_of(center, call)["wrapUpTotalDuration"] == 120000
    clock.advance(120)
    assert statistics_of(center, call)["wrapUpTotalDuration"] == 240000
    clock.advance(480)  # wrap-up ended at 12:03
    assert statistics_of(center, call)["wrapUpTotalDuration"] == 300000


def test_list_contacts__statistics_in_queue(center: Cmi, clock: Clock) -> None:
    chat = add_contact(center, channel="CHAT", status="InQueue", arrival=-3)

    assert statistics_of(center, chat) == stats(None, 180000, 0, 0, 180000)
    clock.advance(30)
    assert statistics_of(center, chat) == stats(None, 210000, 0, 0, 210000)


def test_list_contacts__statistics_in_process(center: Cmi, clock: Clock, agent: User) -> None:
    chat = add_contact(center, channel="CHAT", status="InProcess", agent=agent, arrival=-10, connect=-8)

    assert statistics_of(center, chat) == stats("2025-01-15T11:52:00.000Z", 120000, 480000, 0, 600000)
    clock.advance(60)
    assert statistics_of(center, chat) == stats("2025-01-15T11:52:00.000Z", 120000, 540000, 0, 660000)


def test_list_contacts__statistics_of_an_abandoned_call(center: Cmi, clock: Clock) -> None:
    call = add_contact(center, status="Abandoned", arrival=-10, disconnect=-9, wrap_up_end=-9)

    assert statistics_of(center, call) == stats(None, 60000, 0, 0, 60000)
    clock.advance(600)
    assert statistics_of(center, call) == stats(None, 60000, 0, 0, 60000)


@pytest.mark.parametrize("params", [{}, {"statistics": "false"}])
def test_list_contacts__statistics_only_when_asked(center: Cmi, agent: User, params: dict[str, str]) -> None:
    handled_call(center, agent)

    (record,) = contacts(center, **params)

    assert not {"connectTime", "waitingDuration", "handlingDuration", "wrapUpTotalDuration"} & record.keys()


def test_list_contacts__total_duration_follows_the_clock_while_open(center: Cmi, clock: Clock, agent: User) -> None:
    open_call = add_contact(center, status="InProcess", agent=agent, arrival=-3, connect=-2)
    ended = handled_call(center, agent)

    def durations() -> dict[str, int]:
        return {record["id"]: record["totalDuration"] for record in contacts(center)}

    assert durations() == {open_call.id: 180000, ended.id: 600000}
    clock.advance(90)
    assert durations() == {open_call.id: 270000, ended.id: 600000}
    assert center.get(f"/contacts/{open_call.id}").get_json()["totalDuration"] == 270000


def test_list_contacts__total_duration_in_milliseconds(center: Cmi) -> None:
    call = add_contact(center, arrival=-1)
    call.arrival_time = datetime.fromisoformat("2019-10-17T13:35:49.773+00:00")
    call.disconnect_time = datetime.fromisoformat("2019-10-17T13:35:49.780+00:00")

    (record,) = contacts(center)

    assert (record["arrivalTime"], record["disconnectTime"], record["totalDuration"]) == (
        "2019-10-17T13:35:49.773Z", "2019-10-17T13:35:49.780Z", 7)


# ---- "any fields" wildcards ------------------------------------------------------------------


@pytest.fixture
def zoo(center: Cmi, agent: User) -> dict[str, Contact]:
    sms = center.queue("CHAT", "sms")
    return {
        "call": handled_call(center, agent, arrival=-10, source="+358401111234", type_details="IVR"),
        "queued": add_contact(center, status="InQueue", arrival=-20, source="+358402221234"),
        "sms": add_contact(center, channel="CHAT", queue=sms, status="InProcess", agent=agent, arrival=-30,
                           source="+358409990000"),
        "email": add_contact(center, channel="EMAIL", arrival=-40, status_details="Sent", type="EmailOut",
                             destination="mailbox@example.com"),
    }


@pytest.mark.parametrize(("params", "expected"), [
    ({"source": "*1234"}, ["call", "queued"]),
    ({"source": "1234"}, []),  # the whole value must match
    ({"source": "+35840?221234"}, ["queued"]),
    ({"source": "+3584?221234"}, []),
    ({"status": "Handled"}, ["call", "email"]),
    ({"status": "handled"}, ["call", "email"]),
    ({"status": "In*"}, ["queued", "sms"]),
    ({"status": "In???ue"}, ["queued"]),
    ({"channel": "PHONE", "status": "Handled"}, ["call"]),
    ({"subtype": "sms"}, ["sms"]),
    ({"typeDetails": "IV?"}, ["call"]),
    ({"type": "Email*"}, ["email"]),
    ({"statusDetails": "Sent"}, ["email"]),
    ({"queueName": "SMS*"}, ["sms"]),
    ({"destination": "*@example.com"}, ["email"]),
])
def test_list_contacts__any_field_wildcards(
    center: Cmi, zoo: dict[str, Contact], params: dict[str, str], expected: list[str]
) -> None:
    assert_finds(center, zoo, expected, **params)


def test_list_contacts__any_field_agent_name_and_id(center: Cmi, zoo: dict[str, Contact], agent: User) -> None:
    assert_finds(center, zoo, ["call", "sms"], agentName=agent.name)
    assert_finds(center, zoo, ["call", "sms"], agentName=f"{agent.name[:2]}*")
    assert_finds(center, zoo, ["queued"], id=zoo["queued"].id.lower())


@pytest.mark.parametrize("name", ["foo", "contactId", "connectTime", "offset", "Status"])
def test_list_contacts__unknown_parameter_is_400(cmi: Cmi, name: str) -> None:
    assert_text(error_of(cmi, **{name: "1"}), 400, f"Unknown parameter: '{name}'")


# ---- sort ------------------------------------------------------------------------------------


def test_list_contacts__sort_ascending(center: Cmi) -> None:
    made = [add_contact(center, arrival=-minute) for minute in (30, 10, 20)]

    assert listed(center, sort="arrivalTime") == [made[0].id, made[2].id, made[1].id]
    assert listed(center, sort="-arrivalTime") == [made[1].id, made[2].id, made[0].id]


def test_list_contacts__sort_numbers_by_value(center: Cmi) -> None:
    def lasting(seconds: int, arrival: float) -> Contact:
        return add_contact(center, arrival=arrival, disconnect=arrival + seconds / 60)

    short, long, longest = lasting(9, -10), lasting(10, -20), lasting(90, -30)  # 9000, 10000 and 90000 ms

    assert listed(center, sort="-totalDuration") == [longest.id, long.id, short.id]
    assert listed(center, sort="totalDuration") == [short.id, long.id, longest.id]


def test_list_contacts__sort_by_several_fields(center: Cmi) -> None:
    chat_old, call_old, chat_new, call_new = (
        add_contact(center, channel="CHAT", arrival=-40), add_contact(center, arrival=-30),
        add_contact(center, channel="CHAT", arrival=-20), add_contact(center, arrival=-10),
    )

    assert listed(center, sort="channel,-arrivalTime") == [chat_new.id, chat_old.id, call_new.id, call_old.id]
    assert listed(center, sort="-channel,arrivalTime") == [call_old.id, call_new.id, chat_old.id, chat_new.id]


def test_list_contacts__sort_puts_missing_values_first(center: Cmi, agent: User, restricted: User) -> None:
    agent.name, restricted.name = "berg, Bo", "Aalto, Anna"
    by_agent = handled_call(center, agent, arrival=-10)
    by_restricted = handled_call(center, restricted, arrival=-20)
    unassigned = add_contact(center, status="InQueue", arrival=-30)

    assert listed(center, sort="agentName") == [unassigned.id, by_restricted.id, by_agent.id]
    assert listed(center, sort="-agentName") == [by_agent.id, by_restricted.id, unassigned.id]


def test_list_contacts__sort_by_required_agent(center: Cmi, agent: User) -> None:
    def waiting(name: str | None, arrival: float) -> Contact:
        required = RequiredAgent(id=agent.id, name=name, type=1) if name else None
        return add_contact(center, status="InQueue", arrival=arrival, required_agent=required)

    bertil, none, anna = waiting("Bertil", -10), waiting(None, -20), waiting("anna", -30)

    assert listed(center, sort="requiredAgent.name") == [none.id, anna.id, bertil.id]


@pytest.fixture
def nordic(center: Cmi) -> dict[str, Contact]:
    subjects = ("Östberg", "Zetterlund", "Åberg", "Ahonen", "Älvsjö", "Olsson")
    return {s: add_contact(center, channel="CHAT", arrival=-i, subject=s) for i, s in enumerate(subjects, 1)}


@pytest.mark.parametrize(("sort", "expected"), [
    ("subject,LOCALE-sv", ["Ahonen", "Olsson", "Zetterlund", "Åberg", "Älvsjö", "Östberg"]),
    ("subject,LOCALE-fi", ["Ahonen", "Olsson", "Zetterlund", "Åberg", "Älvsjö", "Östberg"]),
    ("subject,LOCALE-fi-FI", ["Ahonen", "Olsson", "Zetterlund", "Åberg", "Älvsjö", "Östberg"]),
    ("subject,LOCALE-de", ["Åberg", "Ahonen", "Älvsjö", "Olsson", "Östberg", "Zetterlund"]),
    ("subject,LOCALE-en-US", ["Åberg", "Ahonen", "Älvsjö", "Olsson", "Östberg", "Zetterlund"]),
    ("subject", ["Åberg", "Ahonen", "Älvsjö", "Olsson", "Östberg", "Zetterlund"]),
    ("-subject,LOCALE-sv", ["Östberg", "Älvsjö", "Åberg", "Zetterlund", "Olsson", "Ahonen"]),
])
def test_list_contacts__sort_with_locale(center: Cmi, nordic: dict[str, Contact], sort: str,
                                         expected: list[str]) -> None:
    assert_finds(center, nordic, expected, sort=sort)


def test_list_contacts__locale_alone_keeps_the_default_sort(center: Cmi, nordic: dict[str, Contact]) -> None:
    newest_first = list(nordic)

    assert_finds(center, nordic, newest_first, sort="LOCALE-fi")
    assert_finds(center, nordic, newest_first[:2], sort="LOCALE-sv", limit="2")


@pytest.mark.parametrize(("sort", "name"), [
    ("nope", "nope"), ("-nope", "nope"), ("arrivalTime,queue", "queue"), ("requiredAgent.nope", "requiredAgent.nope"),
])
def test_list_contacts__unknown_sort_field_is_400(cmi: Cmi, sort: str, name: str) -> None:
    assert_text(error_of(cmi, sort=sort), 400, f"Invalid sort field: '{name}'")


# ---- language --------------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "expected"), [
    ("fi", "Käsitelty"), ("FI", "Käsitelty"), ("sv", "Hanterad"), ("de", "Bearbeitet"), ("en", "Handled"),
    ("it", "Handled"),
])
def test_list_contacts__language_translates_status_details(
    center: Cmi, agent: User, language: str, expected: str
) -> None:
    handled_call(center, agent)

    (record,) = contacts(center, language=language)

    assert (record["status"], record["statusDetails"]) == ("Handled", expected)


def test_list_contacts__language_defaults_to_the_users(center: Cmi, agent: User) -> None:
    call = handled_call(center, agent, status_details="Handled_AOT")
    add_contact(center, channel="CHAT", status="InQueue", status_details="Open", arrival=-1)
    agent.language = "fi"

    assert [r["statusDetails"] for r in contacts(center)] == ["Avoin", "Käsitelty (AOT)"]
    assert [r["statusDetails"] for r in contacts(center, language="en")] == ["Open", "Handled_AOT"]
    assert center.get(f"/contacts/{call.id}", query_string={"language": "sv"}).get_json()["statusDetails"] == (
        "Hanterad (AOT)")


def test_list_contacts__untranslated_values_stay(center: Cmi, agent: User) -> None:
    handled_call(center, agent, status_details="Custom_State")

    assert contacts(center, language="fi")[0]["statusDetails"] == "Custom_State"


@pytest.mark.parametrize("language", ["xyz", "f", "f1"])
def test_list_contacts__invalid_language_is_400(cmi: Cmi, language: str) -> None:
    assert_text(error_of(cmi, language=language), 400, f"Invalid language: '{language}'")


def test_get_contact__invalid_language_is_400(center: Cmi, agent: User) -> None:
    call = handled_call(center, agent)

    assert_text(error_of(center, f"/contacts/{call.id}", language="xyz"), 400, "Invalid language: 'xyz'")


# ---- rights ----------------------------------------------------------------------------------


def test_list_contacts__without_statistics_rights_is_403(center: Cmi, agent: User) -> None:
    call = handled_call(center, agent)
    queues = list(center.state.queues)
    _, auth = add_user(center, "historian", ["MANAGE_CONTACT_HISTORY", "LISTEN_TO_RECORDING"], queues)

    assert_text(center.get("/contacts", auth=auth), 403, "HTTP 403 Forbidden")
    assert_text(center.get(f"/contacts/{call.id}", auth=auth), 403, "HTTP 403 Forbidden")
    assert_text(center.get(f"/contacts/{UNKNOWN_GUID}", auth=auth), 403, "HTTP 403 Forbidden")


def test_list_contacts__restricted_sees_only_its_own_contacts(center: Cmi, agent: User, restricted: User) -> None:
    own_queue = center.state.queues[restricted.queues[0]]
    other_queue = center.queue("EMAIL")
    own = handled_call(center, restricted, queue=own_queue, arrival=-10)
    own_elsewhere = add_contact(center, channel="EMAIL", agent=restricted, queue=other_queue, arrival=-20)
    handled_call(center, agent, queue=own_queue, arrival=-5)
    add_contact(center, status="InQueue", queue=own_queue, arrival=-1)

    assert listed(center, RESTRICTED_AUTH) == [own.id, own_elsewhere.id]
    assert listed(center, RESTRICTED_AUTH, statistics="true", status="Handled") == [own.id, own_elsewhere.id]
    assert len(listed(center)) == 4


def test_get_contact__restricted_gets_403_for_another_agents_contact(
    center: Cmi, agent: User, restricted: User
) -> None:
    queue = center.state.queues[restricted.queues[0]]
    own = handled_call(center, restricted, queue=queue)
    others = handled_call(center, agent, queue=queue)

    assert center.get(f"/contacts/{own.id}", auth=RESTRICTED_AUTH).get_json()["id"] == own.id
    assert_text(center.get(f"/contacts/{others.id}", auth=RESTRICTED_AUTH), 403, "HTTP 403 Forbidden")
    assert_text(center.get(f"/contacts/{UNKNOWN_GUID}", auth=RESTRICTED_AUTH), 404, "HTTP 404 Not Found")


def test_list_contacts__queue_scope_covers_the_users_queues(center: Cmi, agent: User) -> None:
    sales, support = phone_queues(center)
    user, auth = add_user(center, "supervisor", [STATISTICS_DETAILS], [support.id])
    in_support = handled_call(center, agent, queue=support, arrival=-10)
    queued_in_support = add_contact(center, status="InQueue", queue=support, arrival=-5)
    in_sales = handled_call(center, user, queue=sales, arrival=-20)  # own, but no OWN_ right

    assert listed(center, auth) == [queued_in_support.id, in_support.id]
    assert_text(center.get(f"/contacts/{in_sales.id}", auth=auth), 403, "HTTP 403 Forbidden")


# ---- follow-ups: filters on stored values, statistics on one contact --------------------------


def test_list_contacts__field_filters_compare_stored_values_not_translations(center: Cmi, agent: User) -> None:
    call = handled_call(center, agent)
    found = contacts(center, statusDetails="Handled", language="fi")
    assert [c["id"] for c in found] == [call.id]
    assert found[0]["statusDetails"] == "Käsitelty"
    assert contacts(center, statusDetails="Käsitelty", language="fi") == []


def test_get_contact__statistics_true_adds_the_durations(center: Cmi, agent: User) -> None:
    call = handled_call(center, agent)
    plain = center.get(f"/contacts/{call.id}").get_json()
    with_statistics = center.get(f"/contacts/{call.id}?statistics=true").get_json()
    assert "waitingDuration" not in plain
    assert with_statistics == {
        **plain,
        "connectTime": "2025-01-15T11:02:00.000Z",
        "waitingDuration": 120000,
        "handlingDuration": 480000,
        "wrapUpTotalDuration": 60000,
    }
