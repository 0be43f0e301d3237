"""GET /chats, GET /chats/{id} and POST /chats (JSON and XML): fields, filters, contacts, validation."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from xml.etree import ElementTree

import pytest

from simulator.core.clock import Clock
from tests.sinch_cmi.support import JSON, UNKNOWN_GUID, XML, Cmi, assert_plain, chat_body, ok_json

GUID32 = re.compile(r"^[0-9A-F]{32}$")
GROUP36 = re.compile(r"^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$")
ISO_MS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
NOW = "2025-01-15T12:00:00.000Z"
LIST_REQUIRED = {"id", "channel_type", "channel_sub_type", "type", "typeDetails", "status", "statusDetails",
                 "originator", "destination", "date_created", "from_queue"}
LIST_OPTIONAL = {"title", "agentId", "agentName"}
LINE_KEYS = {"message", "originator", "timestamp", "system_message", "type"}
MISSING = object()

OUTBOUND_ORIGINATOR = "kjiouioy9i89987ttydrtxfc@sms.sinchconversation.com"
OUTBOUND_TEXT = ("It's time do yearly maintenance for your Mercedes. You can call us or check our website "
                 "www.sinch.com for booking online.")


# ---- helpers ---------------------------------------------------------------------------------


def chats(cmi: Cmi, query: str = "") -> list[dict[str, Any]]:
    return ok_json(cmi.get(f"/chats{query}"))


def chat(cmi: Cmi, chat_id: str, query: str = "") -> dict[str, Any]:
    return ok_json(cmi.get(f"/chats/{chat_id}{query}"))


def contact(cmi: Cmi, contact_id: str) -> dict[str, Any]:
    return ok_json(cmi.get(f"/contacts/{contact_id}"))


def text_queue(cmi: Cmi) -> str:
    return cmi.queue("CHAT", "text").id


def inbound(cmi: Cmi, **overrides: Any) -> dict[str, Any]:
    """The vendor's inbound example aimed at the seeded text chat queue; MISSING drops a field."""
    body = chat_body(text_queue(cmi), **overrides)
    return {k: v for k, v in body.items() if v is not MISSING}


def outbound(cmi: Cmi) -> dict[str, Any]:
    """The vendor's "Outbound chat message" example, aimed at the seeded SMS queue."""
    return {
        "originator": OUTBOUND_ORIGINATOR,
        "destination": "+5521244222225555",
        "from_queue": {"id": cmi.queue("CHAT", "sms").id, "name": "Sinch conversation SMS Queue"},
        "title": "",
        "date_created": "2021-11-07T12:42:12.670Z",
        "channel_type": "chatout",
        "channel_sub_type": "sms",
        "participants": [{"alias": "SMS Queue", "uniquekey": OUTBOUND_ORIGINATOR}],
        "transcript": {"messages": [{"message": OUTBOUND_TEXT, "originator": OUTBOUND_ORIGINATOR}]},
    }


def line(message: str, originator: str = "sam.i.am@greeneggs.ham", **extra: Any) -> dict[str, Any]:
    return {"message": message, "originator": originator, **extra}


def created_id(response: Any, collection: str = "/chats") -> str:
    """201, the new 32-character upper-case hex id as text/html, and a Location ending in it."""
    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.mimetype == "text/html"
    new_id = response.get_data(as_text=True)
    assert GUID32.match(new_id), new_id
    assert response.headers["Location"].endswith(f"/sinch/cmi{collection}/{new_id}")
    return new_id


def post_json(cmi: Cmi, body: Any) -> Any:
    return cmi.post("/chats", json=body)


def post_xml(cmi: Cmi, text: str, content_type: str = XML) -> Any:
    return cmi.post("/chats", data=text.encode(), content_type=content_type)


def stored_counts(cmi: Cmi) -> tuple[int, int]:
    """How many chats and contacts the API shows (the state, seen from outside)."""
    return len(chats(cmi, "?limit=100000")), len(ok_json(cmi.get("/contacts?limit=100000")))


def assert_refused(cmi: Cmi, send: Callable[[], Any], status: int, text: str) -> None:
    before = stored_counts(cmi)
    assert_plain(send(), status, text)
    assert stored_counts(cmi) == before


def inbound_xml(queue_id: str, doctype: str = "", title: str = "Discussion with Bot") -> str:
    """The vendor's inbound example in the simulator's XML shape (wrapped lists, RAML item names)."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>{doctype}
<chat>
  <originator>sam.i.am@greeneggs.ham</originator>
  <destination> 123456Support@Test.com</destination>
  <from_queue><id>{queue_id}</id><name>My support chat</name></from_queue>
  <title>{title}</title>
  <channel_type>chat</channel_type>
  <channel_sub_type>text</channel_sub_type>
  <participants>
    <chatParticipant><alias>Sam</alias><uniquekey>sam.i.am@greeneggs.ham</uniquekey></chatParticipant>
    <chatParticipant><alias>The Bot</alias><uniquekey>bot@acme.com</uniquekey></chatParticipant>
  </participants>
  <transcript>
    <messages>
      <chatTranscript>
        <message>Goodbye. Please wait while I transfer you to the queue.</message>
        <originator>bot@acme.com</originator>
        <timeStamp>2021-08-07T12:44:22.453Z</timeStamp>
        <type>text</type>
      </chatTranscript>
      <chatTranscript>
        <message>I would like to talk to a human agent</message>
        <originator>sam.i.am@greeneggs.ham</originator>
        <timeStamp>2021-08-07T12:44:21.453Z</timeStamp>
        <type>text</type>
      </chatTranscript>
    </messages>
  </transcript>
</chat>"""


def without_id(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k != "id"}


# ---- GET /chats ------------------------------------------------------------------------------


def test_list_chats__returns_every_chat_newest_first(cmi: Cmi) -> None:
    listed = chats(cmi)

    assert {c["id"] for c in listed} == set(cmi.state.chats) and len(listed) == len(cmi.state.chats)
    dates = [c["date_created"] for c in listed]
    assert dates == sorted(dates, reverse=True)


def test_list_chats__leaves_out_participants_and_transcript(cmi: Cmi) -> None:
    created = created_id(post_json(cmi, inbound(cmi)))

    for item in chats(cmi):
        assert "participants" not in item and "transcript" not in item
    assert created in {c["id"] for c in chats(cmi)}


def test_list_chats__items_carry_the_documented_fields(cmi: Cmi) -> None:
    for item in chats(cmi):
        assert LIST_REQUIRED <= set(item) <= LIST_REQUIRED | LIST_OPTIONAL, set(item) ^ LIST_REQUIRED
        assert None not in item.values()
        assert GUID32.match(item["id"]) and ISO_MS.match(item["date_created"])
        assert set(item["from_queue"]) == {"id", "name"}
        assert item["type"] in ("ChatIn", "ChatOut")
        assert item["status"] in ("InQueue", "InProcess", "Handled", "Abandoned")
        stored = cmi.state.contacts[item["id"]]
        assert ("agentId" in item) == ("agentName" in item) == (stored.agent_id is not None)
        assert item["from_queue"]["id"] == stored.queue_id


def test_list_chats__originator_filter_ignores_case(cmi: Cmi) -> None:
    seeded = next(iter(cmi.state.chats))
    originator = cmi.state.contacts[seeded].source
    expected = {c for c in cmi.state.chats if cmi.state.contacts[c].source.lower() == originator.lower()}

    assert {c["id"] for c in chats(cmi, f"?originator={originator.upper()}")} == expected
    assert all(c["originator"] == originator for c in chats(cmi, f"?originator={originator}"))


def test_list_chats__destination_filter_matches_the_whole_address(cmi: Cmi) -> None:
    sms = cmi.queue("CHAT", "sms")
    in_sms_queue = {c for c in cmi.state.chats if cmi.state.contacts[c].destination == sms.address}

    assert in_sms_queue
    assert {c["id"] for c in chats(cmi, f"?destination={sms.address}")} == in_sms_queue
    assert chats(cmi, "?destination=12345678") == []


def test_list_chats__destination_filter_finds_the_vendor_example_despite_its_leading_space(cmi: Cmi) -> None:
    created = created_id(post_json(cmi, inbound(cmi)))
    expected = {c for c in cmi.state.chats if cmi.state.contacts[c].destination.strip() == "123456Support@Test.com"}

    listed = chats(cmi, "?destination=123456Support@Test.com")

    assert created in expected and {c["id"] for c in listed} == expected
    assert listed[0]["destination"] == " 123456Support@Test.com"


def test_list_chats__channel_sub_type_filter(cmi: Cmi) -> None:
    sms = {c.id for c in cmi.state.chats.values() if c.channel_sub_type == "sms"}
    listed = chats(cmi, "?channel_sub_type=SMS")

    assert sms and {c["id"] for c in listed} == sms
    assert all(c["channel_sub_type"] == "sms" for c in listed)
    assert chats(cmi, "?channel_sub_type=video") == []


def test_list_chats__filters_combine(cmi: Cmi) -> None:
    created = created_id(post_json(cmi, outbound(cmi)))

    assert [c["id"] for c in chats(cmi, f"?originator={OUTBOUND_ORIGINATOR}&channel_sub_type=sms")] == [created]
    assert [c["id"] for c in chats(cmi, f"?originator={OUTBOUND_ORIGINATOR}&destination=%2B5521244222225555")] == [
        created]
    assert chats(cmi, f"?originator={OUTBOUND_ORIGINATOR}&channel_sub_type=text") == []


def test_list_chats__limit_keeps_the_newest(cmi: Cmi) -> None:
    assert chats(cmi, "?limit=4") == chats(cmi)[:4]


@pytest.mark.parametrize(("query", "text"), [
    ("?limit=0", "Invalid limit: '0' (must be a positive integer)"),
    ("?limit=many", "limit: Not a valid integer."),
    ("?sort=bogus", "Invalid sort field: 'bogus'"),
    ("?language=xyz", "Invalid language: 'xyz'"),
    ("?participants=Sam", "Unknown parameter: 'participants'"),
])
def test_list_chats__bad_query_is_400(cmi: Cmi, query: str, text: str) -> None:
    assert_plain(cmi.get(f"/chats{query}"), 400, text)


def test_list_chats__language_fi_translates_status_details(cmi: Cmi) -> None:
    finnish = {"Open": "Avoin", "Handled": "Käsitelty", "Closed": "Suljettu"}
    english = {c["id"]: c for c in chats(cmi)}

    assert {"Open", "Handled"} <= {c["statusDetails"] for c in english.values()} <= set(finnish)
    for item in chats(cmi, "?language=fi"):
        assert item["statusDetails"] == finnish[english[item["id"]]["statusDetails"]]
        assert item["status"] == english[item["id"]]["status"]


def test_list_chats__xml_is_chats_of_chat(cmi: Cmi) -> None:
    listed = chats(cmi)
    response = cmi.xml("/chats")

    assert response.status_code == 200 and response.mimetype == XML
    root = ElementTree.fromstring(response.data)
    assert root.tag == "chats" and [e.tag for e in root] == ["chat"] * len(listed)
    for element, item in zip(root, listed, strict=True):
        assert element.findtext("id") == item["id"]
        assert element.findtext("from_queue/id") == item["from_queue"]["id"]
        assert element.find("participants") is None and element.find("transcript") is None


# ---- GET /chats/{id} -------------------------------------------------------------------------


def test_get_chat__adds_participants_and_transcript_to_the_list_item(cmi: Cmi) -> None:
    for item in chats(cmi):
        single = chat(cmi, item["id"])
        stored = cmi.state.chats[item["id"]]
        assert {k: v for k, v in single.items() if k not in ("participants", "transcript")} == item
        assert single["participants"] == [{"alias": p.alias, "uniquekey": p.uniquekey} for p in stored.participants]
        messages = single["transcript"]["messages"]
        assert list(single["transcript"]) == ["messages"]
        assert messages and all(set(m) == LINE_KEYS for m in messages)
        assert all(ISO_MS.match(m["timestamp"]) for m in messages)
        assert [m["timestamp"] for m in messages] == sorted((m["timestamp"] for m in messages), reverse=True)
        assert [m["message"] for m in messages] == [line.message for line in stored.transcript]


def test_get_chat__queue_greeting_is_a_system_message(cmi: Cmi) -> None:
    greetings = 0
    for chat_id in cmi.state.chats:
        messages = chat(cmi, chat_id)["transcript"]["messages"]
        system = [m for m in messages if m["system_message"]]
        assert all(m["originator"] == "Sinch Contact Center" for m in system)
        if system:
            assert system == [messages[-1]]  # the oldest line: the queue's greeting
            greetings += 1
    assert greetings


def test_get_chat__lower_case_id_is_accepted(cmi: Cmi) -> None:
    chat_id = next(iter(cmi.state.chats))

    assert chat(cmi, chat_id.lower())["id"] == chat_id


def test_get_chat__xml_wraps_participants_and_transcript(cmi: Cmi) -> None:
    chat_id = created_id(post_json(cmi, inbound(cmi)))
    response = cmi.xml(f"/chats/{chat_id}")

    assert response.status_code == 200 and response.mimetype == XML
    root = ElementTree.fromstring(response.data)
    assert root.tag == "chat" and root.findtext("id") == chat_id
    assert [(p.findtext("alias"), p.findtext("uniquekey")) for p in root.findall("participants/chatParticipant")] == [
        ("Sam", "sam.i.am@greeneggs.ham"), ("The Bot", "bot@acme.com")]
    lines = root.findall("transcript/messages/chatTranscript")
    assert [x.findtext("timestamp") for x in lines] == ["2021-08-07T12:44:22.453Z", "2021-08-07T12:44:21.453Z"]
    assert {x.findtext("system_message") for x in lines} == {"false"}
    assert root.findtext("destination") == " 123456Support@Test.com"


@pytest.mark.parametrize("bad_id", ["2B8ED95B0EC911E79675005056A75D9", "not-a-guid"])
def test_get_chat__invalid_guid_is_400(cmi: Cmi, bad_id: str) -> None:
    assert_plain(cmi.get(f"/chats/{bad_id}"), 400, f"Invalid GUID: '{bad_id}'")


def test_get_chat__unknown_id_is_404(cmi: Cmi) -> None:
    assert_plain(cmi.get(f"/chats/{UNKNOWN_GUID}"), 404, "HTTP 404 Not Found")


def test_get_chat__an_email_id_is_not_a_chat(cmi: Cmi) -> None:
    assert_plain(cmi.get(f"/chats/{next(iter(cmi.state.emails))}"), 404, "HTTP 404 Not Found")


# ---- POST /chats: created ---------------------------------------------------------------------


def test_post_chat__vendor_inbound_example_is_created(cmi: Cmi) -> None:
    chat_id = created_id(post_json(cmi, inbound(cmi)))
    queue = cmi.queue("CHAT", "text")

    assert chat(cmi, chat_id) == {
        "id": chat_id,
        "channel_type": "chat",
        "channel_sub_type": "text",
        "type": "ChatIn",
        "typeDetails": "Chat",
        "status": "InQueue",
        "statusDetails": "Open",
        "originator": "sam.i.am@greeneggs.ham",
        "destination": " 123456Support@Test.com",
        "title": "Discussion with Bot",
        "date_created": NOW,
        "from_queue": {"id": queue.id, "name": queue.name},  # the queue's own name, not the caller's
        "participants": [{"alias": "Sam", "uniquekey": "sam.i.am@greeneggs.ham"},
                         {"alias": "The Bot", "uniquekey": "bot@acme.com"}],
        "transcript": {"messages": [
            {"message": "Goodbye. Please wait while I transfer you to the queue.", "originator": "bot@acme.com",
             "timestamp": "2021-08-07T12:44:22.453Z", "system_message": False, "type": "text"},
            {"message": "I would like to talk to a human agent", "originator": "sam.i.am@greeneggs.ham",
             "timestamp": "2021-08-07T12:44:21.453Z", "system_message": False, "type": "text"},
        ]},
    }


def test_post_chat__new_chat_heads_the_list(cmi: Cmi) -> None:
    chat_id = created_id(post_json(cmi, inbound(cmi)))

    listed = chats(cmi)
    assert listed[0]["id"] == chat_id
    assert len(listed) == len(cmi.state.chats)
    assert {k: v for k, v in chat(cmi, chat_id).items() if k not in ("participants", "transcript")} == listed[0]


def test_post_chat__inbound_chat_is_a_queued_contact(cmi: Cmi) -> None:
    chat_id = created_id(post_json(cmi, inbound(cmi)))
    queue = cmi.queue("CHAT", "text")

    record = contact(cmi, chat_id)

    assert record["id"] == chat_id
    assert GROUP36.match(record["contactGroupId"])
    assert (record["channel"], record["type"], record["status"]) == ("CHAT", "ChatIn", "InQueue")
    assert (record["queueId"], record["queueName"]) == (queue.id, queue.name)
    assert (record["source"], record["destination"]) == ("sam.i.am@greeneggs.ham", " 123456Support@Test.com")
    assert (record["arrivalTime"], record["subject"], record["subtype"]) == (NOW, "Discussion with Bot", "text")
    assert "agentId" not in record and "disconnectTime" not in record
    assert chat_id in {c["id"] for c in ok_json(cmi.get("/contacts?channel=CHAT&limit=1000"))}


def test_post_chat__each_chat_gets_its_own_id_and_contact_group(cmi: Cmi) -> None:
    first = created_id(post_json(cmi, inbound(cmi)))
    second = created_id(post_json(cmi, inbound(cmi)))

    assert first != second
    assert contact(cmi, first)["contactGroupId"] != contact(cmi, second)["contactGroupId"]


def test_post_chat__inbound_total_duration_grows_with_the_clock(cmi: Cmi, clock: Clock) -> None:
    chat_id = created_id(post_json(cmi, inbound(cmi)))
    assert contact(cmi, chat_id)["totalDuration"] == 0

    clock.advance(90)
    assert contact(cmi, chat_id)["totalDuration"] == 90_000

    clock.advance(30.5)
    assert contact(cmi, chat_id)["totalDuration"] == 120_500
    assert chat(cmi, chat_id)["date_created"] == NOW


def test_post_chat__vendor_outbound_example_is_handled_at_once(cmi: Cmi, clock: Clock) -> None:
    chat_id = created_id(post_json(cmi, outbound(cmi)))
    sms = cmi.queue("CHAT", "sms")

    created = chat(cmi, chat_id)
    assert (created["channel_type"], created["channel_sub_type"]) == ("chatout", "sms")
    assert (created["type"], created["typeDetails"], created["status"], created["statusDetails"]) == (
        "ChatOut", "ChatOut", "Handled", "Sent")
    assert created["date_created"] == "2021-11-07T12:42:12.670Z"
    assert created["title"] == ""
    assert created["from_queue"] == {"id": sms.id, "name": sms.name}
    assert created["transcript"]["messages"] == [
        {"message": OUTBOUND_TEXT, "originator": OUTBOUND_ORIGINATOR, "timestamp": "2021-11-07T12:42:12.670Z",
         "system_message": False, "type": "text"}]

    record = contact(cmi, chat_id)
    assert (record["channel"], record["type"], record["status"]) == ("CHAT", "ChatOut", "Handled")
    assert GROUP36.match(record["contactGroupId"]) and record["queueId"] == sms.id
    assert record["arrivalTime"] == record["disconnectTime"] == "2021-11-07T12:42:12.670Z"
    clock.advance(600)
    assert contact(cmi, chat_id)["totalDuration"] == 0


def test_post_chat__xml_vendor_example_equals_the_json_one(cmi: Cmi) -> None:
    from_json = created_id(post_json(cmi, inbound(cmi)))
    from_xml = created_id(post_xml(cmi, inbound_xml(text_queue(cmi))))

    assert without_id(chat(cmi, from_xml)) == without_id(chat(cmi, from_json))
    assert without_id(contact(cmi, from_xml)) | {"contactGroupId": ""} == \
           without_id(contact(cmi, from_json)) | {"contactGroupId": ""}
    assert GROUP36.match(contact(cmi, from_xml)["contactGroupId"])


def test_post_chat__text_xml_content_type_is_accepted(cmi: Cmi) -> None:
    chat_id = created_id(post_xml(cmi, inbound_xml(text_queue(cmi)), content_type="text/xml"))

    assert chat(cmi, chat_id)["title"] == "Discussion with Bot"


def test_post_chat__xml_with_one_participant_and_one_line(cmi: Cmi) -> None:
    body = f"""<chat><originator>+358401234567</originator><destination>12345678@sms.social365.com</destination>
<from_queue><id>{cmi.queue("CHAT", "sms").id}</id></from_queue><title></title>
<channel_type>chatout</channel_type><channel_sub_type>sms</channel_sub_type>
<participants><chatParticipant><alias>SMS Queue</alias><uniquekey>12345678@sms.social365.com</uniquekey>
</chatParticipant></participants>
<transcript><messages><chatTranscript><message>Your parcel is on its way</message>
<originator>12345678@sms.social365.com</originator><system_message>true</system_message>
</chatTranscript></messages></transcript></chat>"""

    created = chat(cmi, created_id(post_xml(cmi, body)))

    assert created["participants"] == [{"alias": "SMS Queue", "uniquekey": "12345678@sms.social365.com"}]
    assert created["transcript"]["messages"] == [
        {"message": "Your parcel is on its way", "originator": "12345678@sms.social365.com", "timestamp": NOW,
         "system_message": True, "type": "text"}]
    assert (created["title"], created["status"]) == ("", "Handled")


@pytest.mark.parametrize(("participants", "messages"), [
    ("<participants/>", "<messages/>"),
    ("<participants></participants>", "<messages></messages>"),
    ("<participants>\n  </participants>", "<messages>\n    </messages>"),  # pretty-printed, still empty
])
def test_post_chat__xml_empty_list_wrappers_are_empty_lists(cmi: Cmi, participants: str, messages: str) -> None:
    body = f"""<chat>
  <originator>sam.i.am@greeneggs.ham</originator>
  <destination>support@chat.example.com</destination>
  <from_queue><id>{text_queue(cmi)}</id></from_queue>
  <title>Empty</title>
  <channel_type>chat</channel_type>
  <channel_sub_type>text</channel_sub_type>
  {participants}
  <transcript>{messages}</transcript>
</chat>"""

    created = chat(cmi, created_id(post_xml(cmi, body)))

    assert created["participants"] == [] and created["transcript"] == {"messages": []}


def test_post_chat__timeStamp_and_timestamp_are_both_accepted(cmi: Cmi) -> None:
    body = inbound(cmi, transcript={"messages": [
        line("camel", timeStamp="2024-06-01T10:00:01.250Z"),
        line("lower", timestamp="2024-06-01T10:00:03.500Z"),
        line("offset", timestamp="2024-06-01T12:00:02+02:00"),
        line("none"),
    ]})

    messages = chat(cmi, created_id(post_json(cmi, body)))["transcript"]["messages"]

    assert [(m["message"], m["timestamp"]) for m in messages] == [
        ("none", NOW),  # no timestamp: the time the chat arrived
        ("lower", "2024-06-01T10:00:03.500Z"),
        ("offset", "2024-06-01T10:00:02.000Z"),
        ("camel", "2024-06-01T10:00:01.250Z"),
    ]


def test_post_chat__optional_fields_take_their_defaults(cmi: Cmi) -> None:
    body = inbound(cmi, participants=MISSING, transcript={"messages": [line("Hello")]})

    created = chat(cmi, created_id(post_json(cmi, body)))

    assert created["participants"] == []
    assert created["transcript"]["messages"] == [
        {"message": "Hello", "originator": "sam.i.am@greeneggs.ham", "timestamp": NOW, "system_message": False,
         "type": "text"}]


def test_post_chat__date_created_sets_the_arrival(cmi: Cmi) -> None:
    chat_id = created_id(post_json(cmi, inbound(cmi, date_created="2025-01-15T11:59:00.000Z")))

    assert chat(cmi, chat_id)["date_created"] == "2025-01-15T11:59:00.000Z"
    assert contact(cmi, chat_id)["totalDuration"] == 60_000


def test_post_chat__title_of_256_characters_is_accepted(cmi: Cmi) -> None:
    chat_id = created_id(post_json(cmi, inbound(cmi, title="t" * 256)))

    assert chat(cmi, chat_id)["title"] == "t" * 256


def test_post_chat__unknown_fields_are_ignored(cmi: Cmi) -> None:
    body = inbound(cmi, id=UNKNOWN_GUID, status="Handled", agentId=UNKNOWN_GUID)

    created = chat(cmi, created_id(post_json(cmi, body)))

    assert created["id"] != UNKNOWN_GUID and created["status"] == "InQueue" and "agentId" not in created


def test_post_chat__lower_case_queue_id_is_accepted(cmi: Cmi) -> None:
    queue = cmi.queue("CHAT", "whatsapp")
    body = inbound(cmi, from_queue={"id": queue.id.lower()}, channel_sub_type="whatsapp")

    chat_id = created_id(post_json(cmi, body))

    assert chat(cmi, chat_id)["from_queue"] == {"id": queue.id, "name": queue.name}
    assert contact(cmi, chat_id)["subtype"] == "whatsapp"


# ---- POST /chats: refused --------------------------------------------------------------------

REQUIRED_FIELDS = ["channel_type", "channel_sub_type", "originator", "destination", "title", "from_queue",
                   "transcript"]


@pytest.mark.parametrize("field", REQUIRED_FIELDS)
def test_post_chat__missing_required_field_is_400(cmi: Cmi, field: str) -> None:
    body = inbound(cmi, **{field: MISSING})

    assert_refused(cmi, lambda: post_json(cmi, body), 400, f"{field}: Missing data for required field.")


@pytest.mark.parametrize(("overrides", "text"), [
    ({"title": "t" * 257}, "title: Longer than maximum length 256."),
    ({"title": None}, "title: Field may not be null."),
    ({"title": 5}, "title: Not a valid string."),
    ({"channel_type": "video"}, "channel_type: Must be one of: chat, chatout."),
    ({"channel_type": "CHAT"}, "channel_type: Must be one of: chat, chatout."),
    ({"channel_sub_type": ""}, "channel_sub_type: Shorter than minimum length 1."),
    ({"originator": ""}, "originator: Shorter than minimum length 1."),
    ({"destination": ["support@chat.example.com"]}, "destination: Not a valid string."),
    ({"from_queue": {}}, "from_queue.id: Missing data for required field."),
    ({"from_queue": {"id": 42}}, "from_queue.id: Not a valid string."),
    ({"from_queue": {"id": "999102030405060708090A0B0C0D0E0"}}, "Invalid GUID: '999102030405060708090A0B0C0D0E0'"),
    ({"participants": "Sam"}, "participants: Not a valid list."),
    ({"participants": [{"alias": "Sam"}]}, "participants[0].uniquekey: Missing data for required field."),
    ({"transcript": {}}, "transcript.messages: Missing data for required field."),
    ({"transcript": {"messages": "hello"}}, "transcript.messages: Not a valid list."),
    ({"transcript": {"messages": [{"originator": "bot@acme.com"}]}},
     "transcript.messages[0].message: Missing data for required field."),
    ({"transcript": {"messages": [line("a"), {"message": "b"}]}},
     "transcript.messages[1].originator: Missing data for required field."),
    ({"transcript": {"messages": [line("a", timestamp="nope")]}},
     "transcript.messages[0].timestamp: Not a valid datetime: not an ISO-8601 date: 'nope'."),
    ({"transcript": {"messages": [line("a", timeStamp="07.08.2021 12:44")]}},
     "transcript.messages[0].timestamp: Not a valid datetime: not an ISO-8601 date: '07.08.2021 12:44'."),
    ({"transcript": {"messages": [line("a", system_message="sometimes")]}},
     "transcript.messages[0].system_message: Not a valid boolean."),
    ({"transcript": {"messages": [line("a", type="attachment")]}},
     "transcript.messages[0].type: Must be one of: text."),
    ({"date_created": "yesterday"}, "date_created: Not a valid datetime: not an ISO-8601 date: 'yesterday'."),
])
def test_post_chat__invalid_body_is_400(cmi: Cmi, overrides: dict[str, Any], text: str) -> None:
    body = inbound(cmi, **overrides)

    assert_refused(cmi, lambda: post_json(cmi, body), 400, text)


def test_post_chat__unknown_queue_is_400(cmi: Cmi) -> None:
    body = inbound(cmi, from_queue={"id": UNKNOWN_GUID})

    assert_refused(cmi, lambda: post_json(cmi, body), 400, f"Unknown chat queue: from_queue.id '{UNKNOWN_GUID}'")


@pytest.mark.parametrize("channel", ["PHONE", "EMAIL"])
def test_post_chat__queue_of_another_channel_is_400(cmi: Cmi, channel: str) -> None:
    queue = cmi.queue(channel)
    body = inbound(cmi, from_queue={"id": queue.id})

    assert_refused(cmi, lambda: post_json(cmi, body), 400, f"Unknown chat queue: from_queue.id '{queue.id}'")


def test_post_chat__xml_validation_is_the_same_as_json(cmi: Cmi) -> None:
    body = inbound_xml(text_queue(cmi), title="t" * 257)

    assert_refused(cmi, lambda: post_xml(cmi, body), 400, "title: Longer than maximum length 256.")


@pytest.mark.parametrize(("raw", "text"), [
    ('{"originator": "sam.i.am@greeneggs.ham",', "Invalid JSON body."),
    ("{'title': 'single quotes'}", "Invalid JSON body."),
    ("[]", "Invalid input type."),
])
def test_post_chat__malformed_json_is_400(cmi: Cmi, raw: str, text: str) -> None:
    assert_refused(cmi, lambda: cmi.post("/chats", data=raw, content_type=JSON), 400, text)


@pytest.mark.parametrize(("raw", "text"), [
    ("<chat><title>x</chat>", "Malformed XML: mismatched tag: line 1, column 16"),
    ("hello", "Malformed XML: syntax error: line 1, column 0"),
    ("", "Malformed XML: no element found: line 1, column 0"),
])
def test_post_chat__malformed_xml_is_400(cmi: Cmi, raw: str, text: str) -> None:
    assert_refused(cmi, lambda: post_xml(cmi, raw), 400, text)


def test_post_chat__truncated_vendor_xml_is_400(cmi: Cmi) -> None:
    body = inbound_xml(text_queue(cmi)).removesuffix("</chat>")

    assert_refused(cmi, lambda: post_xml(cmi, body), 400, "Malformed XML: no element found: line 29, column 0")


REFUSED_XML = "XML with a DTD, entity declarations or external references is refused"
BILLION_LAUGHS = """
<!DOCTYPE chat [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
]>"""
EXTERNAL_ENTITY = '\n<!DOCTYPE chat [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
PARAMETER_ENTITY = '\n<!DOCTYPE chat [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>'


@pytest.mark.parametrize(("doctype", "title"), [
    (BILLION_LAUGHS, "&lol2;"),
    (EXTERNAL_ENTITY, "&xxe;"),
    (PARAMETER_ENTITY, "Discussion with Bot"),
    ("\n<!DOCTYPE chat>", "Discussion with Bot"),
])
def test_post_chat__xml_with_a_doctype_is_refused(cmi: Cmi, doctype: str, title: str) -> None:
    body = inbound_xml(text_queue(cmi), doctype=doctype, title=title)

    assert_refused(cmi, lambda: post_xml(cmi, body), 400, REFUSED_XML)


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "text/html"])
def test_post_chat__unsupported_content_type_is_415(cmi: Cmi, content_type: str) -> None:
    raw = '{"title": "x"}'

    assert_refused(cmi, lambda: cmi.post("/chats", data=raw, content_type=content_type), 415,
                   "HTTP 415 Unsupported Media Type")


def test_post_chat__without_content_type_is_415(cmi: Cmi) -> None:
    assert_refused(cmi, lambda: cmi.post("/chats", data=b'{"title": "x"}'), 415, "HTTP 415 Unsupported Media Type")


def test_post_chat__without_credentials_is_401(cmi: Cmi) -> None:
    body = inbound(cmi)

    assert_refused(cmi, lambda: cmi.post("/chats", json=body, auth={}), 401, "HTTP 401 Unauthorized")


def test_post_chat__wrong_type_for_a_nested_object_names_the_field(cmi: Cmi) -> None:
    queue = cmi.queue("CHAT", "text")
    response = cmi.post("/chats", json=chat_body(queue.id, from_queue="abc"))
    assert (response.status_code, response.get_data(as_text=True)) == (400, "from_queue: Invalid input type.")
