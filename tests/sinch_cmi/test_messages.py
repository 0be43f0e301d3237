"""CMI /messages: scheduling, validation, the clock-driven destination statuses, PUT/DELETE, rights."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any
from xml.etree.ElementTree import fromstring

import pytest
from flask import Flask

from simulator.core.clock import Clock
from simulator.sinch_cmi.models import ALL_RIGHTS, MESSAGING
from simulator.sinch_cmi.store.timeline import DELIVERY_SECONDS
from tests.sinch_cmi.support import (
    RESTRICTED_AUTH,
    UNKNOWN_GUID,
    XML,
    Cmi,
    add_user,
    assert_no_content,
    assert_plain,
    message_body,
    next_message_id,
)
from tests.sinch_cmi.support import wire_time as stamp

MESSAGES = "/messages"
SMS_QUEUE = "12345678@sms.social365.com"
WHATSAPP_QUEUE = "11ERHG2PJ0NJKMNF7WRTR9Y1551@whatsapp.sinchconversation.com"
PHONE = "+358401234567"
OTHER_PHONE = "+358401234568"
MS = timedelta(milliseconds=1)
DELIVERY = timedelta(seconds=DELIVERY_SECONDS)
TEMPLATE = json.dumps({"template_body": "Dear Customer Your Reservation is ready.", "type": "template",
                       "template_id": "buttons_appt", "language_code": "en",
                       "parameters": {"body[1]text": "Customer"}})
TEMPLATE_ERROR = "message: A template message must be a JSON object (the Reply Templates format)"
FORBIDDEN = "HTTP 403 Forbidden"
NOT_FOUND = "HTTP 404 Not Found"


# ---- helpers -------------------------------------------------------------------------------


def to(*addresses: str) -> list[dict[str, str]]:
    return [{"address": a} for a in addresses]


def body(**overrides: Any) -> dict[str, Any]:
    """A valid SMS to two phone numbers, sent now (no sendTime), with the schema's defaults."""
    return {"destinations": to(PHONE, OTHER_PHONE), "message": "Your order has shipped.", "source": SMS_QUEUE,
            "subType": "sms", **overrides}


def schedule(cmi: Cmi, payload: dict[str, Any] | None = None, **overrides: Any) -> str:
    response = cmi.post(MESSAGES, json=payload if payload is not None else body(**overrides))
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_data(as_text=True)


def fetch(cmi: Cmi, message_id: str) -> dict[str, Any]:
    response = cmi.get(f"{MESSAGES}/{message_id}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def statuses(cmi: Cmi, message_id: str) -> list[str]:
    return [d["status"] for d in fetch(cmi, message_id)["destinations"]["destination"]]


def listed(cmi: Cmi, **query: Any) -> list[dict[str, Any]]:
    response = cmi.get(MESSAGES, query_string=query)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def listed_ids(cmi: Cmi, **query: Any) -> list[str]:
    return [m["id"] for m in listed(cmi, **query)]


def listed_statuses(cmi: Cmi, message_id: str) -> list[str]:
    found = next(m for m in listed(cmi) if m["id"] == message_id)
    return [d["status"] for d in found["destinations"]["destination"]]


def set_consent(cmi: Cmi, address: str, usage: str, consent: bool) -> None:
    response = cmi.post("/customerConsents", json={"address": address, "usage": usage, "consent": consent})
    assert response.status_code == 204, response.get_data(as_text=True)


def walk(clock: Clock, until: datetime) -> None:
    """Move the frozen clock to `until` (never backwards)."""
    step = (until - clock.now()).total_seconds()
    assert step >= 0
    clock.advance(step)


# ---- GET /messages -------------------------------------------------------------------------


def test_list__newest_first_by_default(cmi: Cmi, clock: Clock) -> None:
    first = schedule(cmi)
    clock.advance(5)
    second = schedule(cmi)
    found = listed(cmi)
    assert [m["id"] for m in found[:2]] == [second, first]
    assert {m["id"] for m in found} == set(cmi.state.messages)
    times = [m["creationTime"] for m in found]
    assert times == sorted(times, reverse=True)


@pytest.mark.parametrize(("query", "expected"), [
    ({"source": "12345678@sms*"}, ["sms", "telegram"]),
    ({"source": "*@whatsapp.sinchconversation.com"}, ["whatsapp"]),
    ({"source": "12345678@sms.social365.co?"}, ["sms", "telegram"]),
    ({"source": "12345678@sms.social365.c?"}, []),
    ({"source": "12345678"}, []),
    ({"source": "*"}, ["sms", "whatsapp", "telegram"]),
    ({"subType": "wh?tsapp"}, ["whatsapp"]),
    ({"subType": "*s*"}, ["sms", "whatsapp"]),
    ({"subType": "SMS"}, ["sms"]),
    ({"subType": "sms", "source": "*whatsapp*"}, []),
    ({"subType": "tele*", "source": SMS_QUEUE}, ["telegram"]),
])
def test_list__source_and_sub_type_wildcards(cmi: Cmi, clock: Clock, query: dict[str, str],
                                             expected: list[str]) -> None:
    ids = {
        "sms": schedule(cmi),
        "whatsapp": schedule(cmi, source=WHATSAPP_QUEUE, subType="whatsapp"),
        "telegram": schedule(cmi, subType="telegram"),
    }
    names = {message_id: name for name, message_id in ids.items()}
    found = listed_ids(cmi, creationTime=stamp(clock.now()), **query)  # only the messages made here
    assert sorted(names[m] for m in found) == sorted(expected)


def test_list__source_filter_covers_seeded_messages(cmi: Cmi) -> None:
    seeded_sms = {m.id for m in cmi.state.messages.values() if m.source == SMS_QUEUE}
    assert set(listed_ids(cmi, source="*sms*")) == seeded_sms


@pytest.mark.parametrize(("query", "expected"), [
    ({"sendTime": "2030-06-01T00:00:00.000Z"}, ["june", "december"]),
    ({"sendTime": "2030-06-01T00:00:00.001Z"}, ["december"]),
    ({"sendTime": "2030-01-01T00:00:00Z", "sendTimeEnd": "2030-06-01T00:00:00Z"}, ["january", "june"]),
    ({"sendTime": "2030-01-01T00:00:00Z", "sendTimeEnd": "2030-05-31T23:59:59.999Z"}, ["january"]),
    ({"sendTime": "2030-06-01T02:00:00+02:00", "sendTimeEnd": "2030-06-01"}, ["june"]),
    ({"sendTime": "2031-01-01T00:00:00Z"}, []),
])
def test_list__send_time_window(cmi: Cmi, query: dict[str, str], expected: list[str]) -> None:
    ids = {
        "january": schedule(cmi, sendTime="2030-01-01T00:00:00.000Z"),
        "june": schedule(cmi, sendTime="2030-06-01T00:00:00.000Z"),
        "december": schedule(cmi, sendTime="2030-12-01T00:00:00.000Z"),
    }
    names = {message_id: name for name, message_id in ids.items()}
    assert sorted(names[m] for m in listed_ids(cmi, **query)) == sorted(expected)


def test_list__send_time_end_alone_includes_seeded_messages(cmi: Cmi) -> None:
    future = schedule(cmi, sendTime="2030-01-01T00:00:00.000Z")
    found = listed_ids(cmi, sendTimeEnd="2029-12-31T23:59:59.999Z")
    assert future not in found
    assert set(found) == set(cmi.state.messages) - {future}


def test_list__creation_time_window(cmi: Cmi, clock: Clock) -> None:
    start = clock.now()
    first = schedule(cmi)
    clock.advance(3600)
    second = schedule(cmi)
    clock.advance(3600)
    third = schedule(cmi)
    hour = timedelta(hours=1)
    assert listed_ids(cmi, creationTime=stamp(start + hour)) == [third, second]
    assert listed_ids(cmi, creationTime=stamp(start + hour + MS)) == [third]
    assert listed_ids(cmi, creationTime=stamp(start), creationTimeEnd=stamp(start + hour)) == [second, first]
    assert listed_ids(cmi, creationTime=stamp(start), creationTimeEnd=stamp(start + hour - MS)) == [first]
    seeded = set(listed_ids(cmi, creationTimeEnd=stamp(start - MS)))
    assert seeded == set(cmi.state.messages) - {first, second, third}


def test_list__limit_and_sort(cmi: Cmi, clock: Clock) -> None:
    late = schedule(cmi, sendTime="2030-03-01T00:00:00Z", maxRetryCount=1)
    early = schedule(cmi, sendTime="2030-01-01T00:00:00Z", maxRetryCount=3)
    middle = schedule(cmi, sendTime="2030-02-01T00:00:00Z", maxRetryCount=2)
    window = {"sendTime": "2030-01-01T00:00:00Z"}
    assert listed_ids(cmi, sort="sendTime", **window) == [early, middle, late]
    assert listed_ids(cmi, sort="-sendTime", **window) == [late, middle, early]
    assert listed_ids(cmi, sort="-maxRetryCount", **window) == [early, middle, late]
    assert listed_ids(cmi, sort="sendTime", limit=2, **window) == [early, middle]
    assert len(listed(cmi, limit=1)) == 1


@pytest.mark.parametrize("name", ["sendTime", "sendTimeEnd", "creationTime", "creationTimeEnd"])
def test_list__invalid_time_is_400(cmi: Cmi, name: str) -> None:
    assert_plain(cmi.get(MESSAGES, query_string={name: "yesterday"}), 400,
                 f"Invalid date in '{name}': 'yesterday' (expected ISO-8601, e.g. 2019-10-17T16:25:59.000Z)")


@pytest.mark.parametrize(("query", "text"), [
    ("limit=0", "Invalid limit: '0' (must be a positive integer)"),
    ("limit=x", "limit: Not a valid integer."),
    ("sort=destinations", "Invalid sort field: 'destinations'"),
    ("address=1", "Unknown parameter: 'address'"),
])
def test_list__bad_query_is_400(cmi: Cmi, query: str, text: str) -> None:
    assert_plain(cmi.get(f"{MESSAGES}?{query}"), 400, text)


def test_list__xml(cmi: Cmi, clock: Clock) -> None:
    schedule(cmi)
    schedule(cmi, destinations=to(PHONE))
    json_items = listed(cmi)
    response = cmi.xml(MESSAGES)
    assert response.status_code == 200
    assert response.mimetype == XML
    root = fromstring(response.get_data())
    assert root.tag == "messages"
    assert [child.tag for child in root] == ["message"] * len(json_items)
    for element, item in zip(root, json_items, strict=True):
        assert element.findtext("id") == item["id"]
        addresses = [d.findtext("address") for d in element.findall("destinations/destination")]
        assert addresses == [d["address"] for d in item["destinations"]["destination"]]


# ---- GET /messages/{id} --------------------------------------------------------------------


def test_get__vendor_example(cmi: Cmi, clock: Clock) -> None:
    message_id = schedule(cmi, message_body())
    assert fetch(cmi, message_id) == {
        "id": message_id,
        "message": "It's time do yearly maintenance for your Mercedes.",
        "source": SMS_QUEUE,
        "subType": "sms",
        "sendTime": "2025-01-20T12:00:00.000Z",
        "creationTime": stamp(clock.now()),
        "maxRetryCount": 2,
        "retryDelay": 300,
        "contentType": "text",
        "destinations": {"destination": [{"address": "+36584215", "status": "ADDED"},
                                         {"address": "854125477", "status": "ADDED"}]},
    }


def test_get__lower_case_id(cmi: Cmi) -> None:
    message_id = schedule(cmi)
    assert fetch(cmi, message_id.lower()) == fetch(cmi, message_id)


def test_get__unknown_id_is_404(cmi: Cmi) -> None:
    assert_plain(cmi.get(f"{MESSAGES}/{UNKNOWN_GUID}"), 404, NOT_FOUND)


@pytest.mark.parametrize("bad", ["abc", UNKNOWN_GUID[1:], "Z" * 32])
def test_get__malformed_id_is_400(cmi: Cmi, bad: str) -> None:
    assert_plain(cmi.get(f"{MESSAGES}/{bad}"), 400, f"Invalid GUID: '{bad}'")


def test_get__xml(cmi: Cmi) -> None:
    message_id = schedule(cmi, message_body())
    response = cmi.xml(f"{MESSAGES}/{message_id}")
    assert response.status_code == 200
    assert response.mimetype == XML
    root = fromstring(response.get_data())
    assert root.tag == "message"
    assert [child.tag for child in root] == ["id", "message", "source", "subType", "sendTime", "creationTime",
                                             "maxRetryCount", "retryDelay", "contentType", "destinations"]
    assert root.findtext("maxRetryCount") == "2"
    destinations = root.find("destinations")
    assert destinations is not None
    assert [(d.tag, d.findtext("address"), d.findtext("status")) for d in destinations] == [
        ("destination", "+36584215", "ADDED"), ("destination", "854125477", "ADDED")]


# ---- POST /messages ------------------------------------------------------------------------


def test_create__201_with_the_id_as_html_and_location(cmi: Cmi) -> None:
    response = cmi.post(MESSAGES, json=body())
    assert response.status_code == 201
    assert response.mimetype == "text/html"
    new_id = response.get_data(as_text=True)
    assert len(new_id) == 32
    assert response.headers["Location"] == f"http://localhost/sinch/cmi/messages/{new_id}"
    assert fetch(cmi, new_id)["id"] == new_id


def test_create__defaults(cmi: Cmi, clock: Clock) -> None:
    clock.advance(42)
    found = fetch(cmi, schedule(cmi))
    now = stamp(clock.now())
    assert (found["maxRetryCount"], found["retryDelay"], found["contentType"]) == (5, 300, "text")
    assert found["sendTime"] == found["creationTime"] == now
    assert found["destinations"]["destination"] == [{"address": PHONE, "status": "PROCESSING"},
                                                    {"address": OTHER_PHONE, "status": "PROCESSING"}]


def test_create__whatsapp_template_vendor_example(cmi: Cmi) -> None:
    message_id = schedule(cmi, {"destinations": {"destination": [{"address": "+32542115485"}]},
                                "message": TEMPLATE, "source": WHATSAPP_QUEUE, "subType": "whatsapp",
                                "contentType": "template"})
    found = fetch(cmi, message_id)
    assert (found["contentType"], found["subType"], found["source"]) == ("template", "whatsapp", WHATSAPP_QUEUE)
    assert json.loads(found["message"]) == json.loads(TEMPLATE)


def test_create__send_time_with_offset_is_stored_in_utc(cmi: Cmi) -> None:
    found = fetch(cmi, schedule(cmi, sendTime="2025-01-20T14:00:00+02:00"))
    assert found["sendTime"] == "2025-01-20T12:00:00.000Z"


def test_create__destinations_as_a_list_or_wrapped(cmi: Cmi) -> None:
    bare = fetch(cmi, schedule(cmi, destinations=to(PHONE, OTHER_PHONE)))
    wrapped = fetch(cmi, schedule(cmi, destinations={"destination": to(PHONE, OTHER_PHONE)}))
    single = fetch(cmi, schedule(cmi, destinations={"destination": {"address": PHONE}}))
    assert bare["destinations"] == wrapped["destinations"]
    assert [d["address"] for d in bare["destinations"]["destination"]] == [PHONE, OTHER_PHONE]
    assert [d["address"] for d in single["destinations"]["destination"]] == [PHONE]


def test_create__destination_status_is_set_by_the_system(cmi: Cmi) -> None:
    found = fetch(cmi, schedule(cmi, sendTime="2030-01-01T00:00:00Z",
                                destinations=[{"address": PHONE, "status": "FAILED"}]))
    assert found["destinations"]["destination"] == [{"address": PHONE, "status": "ADDED"}]


def test_create__fields_added_by_the_system_are_ignored(cmi: Cmi, clock: Clock) -> None:
    message_id = schedule(cmi, id=UNKNOWN_GUID, creationDate="2020-01-01T00:00:00Z",
                          creationTime="2020-01-01T00:00:00Z")
    assert message_id != UNKNOWN_GUID
    assert fetch(cmi, message_id)["creationTime"] == stamp(clock.now())


def test_create__source_is_matched_without_case(cmi: Cmi) -> None:
    found = fetch(cmi, schedule(cmi, source="12345678@SMS.Social365.com"))
    assert found["source"] == SMS_QUEUE


@pytest.mark.parametrize(("overrides", "check"), [
    ({"message": "x" * 2000}, ("message", "x" * 2000)),
    ({"message": "y"}, ("message", "y")),
    ({"maxRetryCount": 0}, ("maxRetryCount", 0)),
    ({"maxRetryCount": 10}, ("maxRetryCount", 10)),
    ({"retryDelay": 60}, ("retryDelay", 60)),
    ({"retryDelay": 3600}, ("retryDelay", 3600)),
    ({"destinations": to("9" * 256)}, ("destinations", {"destination": [{"address": "9" * 256,
                                                                         "status": "PROCESSING"}]})),
    ({"contentType": "template", "message": "{}"}, ("contentType", "template")),
])
def test_create__boundary_values_are_accepted(cmi: Cmi, overrides: dict[str, Any], check: tuple[str, Any]) -> None:
    name, value = check
    assert fetch(cmi, schedule(cmi, **overrides))[name] == value


LENGTH = "message: Length must be between 1 and 2000."
RETRIES = "maxRetryCount: Must be greater than or equal to 0 and less than or equal to 10."
DELAY = "retryDelay: Must be greater than or equal to 60 and less than or equal to 3600."
ADDRESS = "destinations[0].address: Length must be between 1 and 256."
UNKNOWN_SOURCE = "source must be an existing chat queue address: '{}'"


@pytest.mark.parametrize(("payload", "text"), [
    (body(message=""), LENGTH),
    (body(message="x" * 2001), LENGTH),
    (body(maxRetryCount=11), RETRIES),
    (body(maxRetryCount=-1), RETRIES),
    (body(maxRetryCount="five"), "maxRetryCount: Not a valid integer."),
    (body(retryDelay=59), DELAY),
    (body(retryDelay=3601), DELAY),
    (body(retryDelay="slow"), "retryDelay: Not a valid integer."),
    (body(contentType="html"), "contentType: Must be one of: text, template."),
    (body(contentType="template"), TEMPLATE_ERROR),
    (body(contentType="template", message="[1, 2]"), TEMPLATE_ERROR),
    (body(contentType="template", message='"text"'), TEMPLATE_ERROR),
    (body(contentType="template", message="{not json"), TEMPLATE_ERROR),
    (body(destinations=[]), "destinations: Shorter than minimum length 1."),
    (body(destinations={"destination": []}), "destinations: Shorter than minimum length 1."),
    ({k: v for k, v in body().items() if k != "destinations"}, "destinations: Missing data for required field."),
    (body(destinations="+358401234567"), "destinations: Not a valid list."),
    (body(destinations=to("")), ADDRESS),
    (body(destinations=to("1" * 257)), ADDRESS),
    (body(destinations=to(PHONE, "")), "destinations[1].address: Length must be between 1 and 256."),
    (body(destinations=[{}]), "destinations[0].address: Missing data for required field."),
    (body(destinations=[{"address": 358401234567}]), "destinations[0].address: Not a valid string."),
    (body(destinations=[{"address": PHONE, "status": "SENT"}]),
     "destinations[0].status: Must be one of: ADDED, PROCESSING, FAILED, HANDLED."),
    ({k: v for k, v in body().items() if k != "message"}, "message: Missing data for required field."),
    ({k: v for k, v in body().items() if k != "source"}, "source: Missing data for required field."),
    ({k: v for k, v in body().items() if k != "subType"}, "subType: Missing data for required field."),
    (body(subType=""), "subType: Shorter than minimum length 1."),
    (body(sendTime="tomorrow"), "sendTime: Not a valid datetime: not an ISO-8601 date: 'tomorrow'."),
    (body(sendTime=17), "sendTime: Not a valid datetime."),
    (body(sendTime="0001-01-01T00:00:00+01:00"),
     "sendTime: Not a valid datetime: out of range: '0001-01-01T00:00:00+01:00'."),
    (body(source="nobody@example.com"), UNKNOWN_SOURCE.format("nobody@example.com")),
    (body(source="sales@example.com"), UNKNOWN_SOURCE.format("sales@example.com")),  # an email queue
    (body(source="+358201000152"), UNKNOWN_SOURCE.format("+358201000152")),  # a phone queue
])
def test_create__invalid_body_is_400_and_stores_nothing(cmi: Cmi, payload: dict[str, Any], text: str) -> None:
    before = set(cmi.state.messages)
    assert_plain(cmi.post(MESSAGES, json=payload), 400, text)
    assert set(cmi.state.messages) == before


def test_create__a_refused_request_draws_no_id(unlimited_app: Flask, cmi: Cmi) -> None:
    expected = next_message_id(cmi)
    runtime = unlimited_app.extensions["simulator"]
    runtime.registry.reseed_all(runtime.config.seed)  # the same world again: the next id is `expected`
    refused = cmi.post(MESSAGES, json=message_body(source="nobody@nowhere"))
    assert refused.status_code == 400
    assert next_message_id(cmi) == expected


def test_create__xml_body_with_several_destinations(cmi: Cmi) -> None:
    xml = (f"<message><destinations><destination><address>{PHONE}</address></destination>"
           f"<destination><address>{OTHER_PHONE}</address></destination></destinations>"
           f"<message>Hi from XML</message><source>{SMS_QUEUE}</source><subType>sms</subType>"
           "<sendTime>2030-01-01T00:00:00.000Z</sendTime><maxRetryCount>3</maxRetryCount>"
           "<retryDelay>120</retryDelay></message>")
    response = cmi.post(MESSAGES, data=xml, content_type=XML)
    assert response.status_code == 201, response.get_data(as_text=True)
    found = fetch(cmi, response.get_data(as_text=True))
    assert found["message"] == "Hi from XML"
    assert (found["maxRetryCount"], found["retryDelay"], found["sendTime"]) == (3, 120, "2030-01-01T00:00:00.000Z")
    assert found["destinations"]["destination"] == [{"address": PHONE, "status": "ADDED"},
                                                    {"address": OTHER_PHONE, "status": "ADDED"}]


def test_create__xml_body_with_one_destination(cmi: Cmi) -> None:
    xml = (f"<message><destinations><destination><address>{PHONE}</address></destination></destinations>"
           f"<message>Hi</message><source>{SMS_QUEUE}</source><subType>sms</subType></message>")
    response = cmi.post(MESSAGES, data=xml, content_type=XML)
    assert response.status_code == 201, response.get_data(as_text=True)
    assert [d["address"] for d in fetch(cmi, response.get_data(as_text=True))["destinations"]["destination"]] == [
        PHONE]


@pytest.mark.parametrize(("xml", "text"), [
    (f"<message><destinations/><message>Hi</message><source>{SMS_QUEUE}</source><subType>sms</subType></message>",
     "destinations: Shorter than minimum length 1."),
    (f"<message><destinations><destination><address>{PHONE}</address></destination></destinations>"
     f"<message>Hi</message><source>{SMS_QUEUE}</source><subType>sms</subType><retryDelay>5</retryDelay>"
     "</message>", DELAY),
    ("<message><destinations><destination><address>1</address></destination></destinations><message>Hi</message>"
     "<source>nobody@example.com</source><subType>sms</subType></message>",
     UNKNOWN_SOURCE.format("nobody@example.com")),
])
def test_create__invalid_xml_body_is_400_and_stores_nothing(cmi: Cmi, xml: str, text: str) -> None:
    before = set(cmi.state.messages)
    assert_plain(cmi.post(MESSAGES, data=xml, content_type=XML), 400, text)
    assert set(cmi.state.messages) == before


# ---- the clock-driven statuses ---------------------------------------------------------------


def test_status__added_processing_handled(cmi: Cmi, clock: Clock) -> None:
    send_at = clock.now() + timedelta(hours=1)
    message_id = schedule(cmi, sendTime=stamp(send_at))
    assert statuses(cmi, message_id) == ["ADDED", "ADDED"]
    walk(clock, send_at - MS)
    assert statuses(cmi, message_id) == ["ADDED", "ADDED"]
    walk(clock, send_at)
    assert statuses(cmi, message_id) == ["PROCESSING", "PROCESSING"]
    walk(clock, send_at + DELIVERY - MS)
    assert statuses(cmi, message_id) == ["PROCESSING", "PROCESSING"]
    assert listed_statuses(cmi, message_id) == ["PROCESSING", "PROCESSING"]
    walk(clock, send_at + DELIVERY)
    assert statuses(cmi, message_id) == ["HANDLED", "HANDLED"]
    assert listed_statuses(cmi, message_id) == ["HANDLED", "HANDLED"]
    clock.advance(86400 * 30)
    assert statuses(cmi, message_id) == ["HANDLED", "HANDLED"]


def test_status__send_time_in_the_past_is_delivered_at_once(cmi: Cmi, clock: Clock) -> None:
    message_id = schedule(cmi, sendTime=stamp(clock.now() - timedelta(days=1)))
    assert statuses(cmi, message_id) == ["HANDLED", "HANDLED"]


@pytest.mark.parametrize(("retries", "delay"), [(0, 60), (2, 300), (5, 300), (10, 3600)])
def test_status__undeliverable_sms_fails_after_the_retries(cmi: Cmi, clock: Clock, retries: int, delay: int) -> None:
    send_at = clock.now() + timedelta(minutes=10)
    message_id = schedule(cmi, sendTime=stamp(send_at), maxRetryCount=retries, retryDelay=delay,
                          destinations=to(PHONE, "alice@example.com"))
    handled_at = send_at + DELIVERY
    failed_at = send_at + timedelta(seconds=retries * delay) + DELIVERY  # the last attempt has ended

    def expected(moment: datetime) -> list[str]:
        if moment < send_at:
            return ["ADDED", "ADDED"]
        return ["PROCESSING" if moment < handled_at else "HANDLED", "PROCESSING" if moment < failed_at else "FAILED"]

    checkpoints = {clock.now(), send_at - MS, send_at, handled_at - MS, handled_at, failed_at - MS, failed_at,
                   failed_at + timedelta(days=1)}
    for moment in sorted(checkpoints):
        walk(clock, moment)
        assert statuses(cmi, message_id) == expected(moment), moment - send_at
    assert listed_statuses(cmi, message_id) == ["HANDLED", "FAILED"]


def test_status__retries_stay_processing_between_attempts(cmi: Cmi, clock: Clock) -> None:
    message_id = schedule(cmi, maxRetryCount=3, retryDelay=600, destinations=to("not a number"))
    start = clock.now()
    for offset in (DELIVERY, timedelta(seconds=599), timedelta(seconds=600), timedelta(seconds=1210),
                   timedelta(seconds=1800), timedelta(seconds=1800) + DELIVERY - MS):
        walk(clock, start + offset)
        assert statuses(cmi, message_id) == ["PROCESSING"], offset
    walk(clock, start + timedelta(seconds=1800) + DELIVERY)
    assert statuses(cmi, message_id) == ["FAILED"]


@pytest.mark.parametrize("address", ["alice@example.com", "customer-42", "+", "12", "+358 40 abc"])
def test_status__non_phone_address_fails_for_sms(cmi: Cmi, clock: Clock, address: str) -> None:
    message_id = schedule(cmi, maxRetryCount=0, destinations=to(address))
    clock.advance(DELIVERY_SECONDS)
    assert statuses(cmi, message_id) == ["FAILED"]


@pytest.mark.parametrize("address", ["+358401234567", "0401234567", "+358 (40) 123-4567", "1234"])
def test_status__phone_number_formats_are_delivered(cmi: Cmi, clock: Clock, address: str) -> None:
    message_id = schedule(cmi, maxRetryCount=0, destinations=to(address))
    clock.advance(DELIVERY_SECONDS)
    assert statuses(cmi, message_id) == ["HANDLED"]


def test_status__non_phone_address_is_delivered_for_other_sub_types(cmi: Cmi, clock: Clock) -> None:
    message_id = schedule(cmi, subType="telegram", maxRetryCount=0, destinations=to("@alice"))
    clock.advance(DELIVERY_SECONDS)
    assert statuses(cmi, message_id) == ["HANDLED"]


def test_status__whatsapp_follows_the_whatsapp_consent(cmi: Cmi, clock: Clock) -> None:
    refused, agreed, unknown, recording_only = "+358501000001", "+358501000002", "+358501000003", "+358501000004"
    set_consent(cmi, refused, "whatsapp", False)
    set_consent(cmi, agreed, "whatsapp", True)
    set_consent(cmi, recording_only, "recording", False)
    message_id = schedule(cmi, source=WHATSAPP_QUEUE, subType="whatsapp", maxRetryCount=2, retryDelay=60,
                          destinations=to(refused, agreed, unknown, recording_only))
    clock.advance(DELIVERY_SECONDS)
    assert statuses(cmi, message_id) == ["PROCESSING", "HANDLED", "HANDLED", "HANDLED"]
    clock.advance(120 - MS.total_seconds())
    assert statuses(cmi, message_id) == ["PROCESSING", "HANDLED", "HANDLED", "HANDLED"]
    clock.advance(MS.total_seconds())
    assert statuses(cmi, message_id) == ["FAILED", "HANDLED", "HANDLED", "HANDLED"]


def test_status__whatsapp_consent_does_not_matter_for_sms(cmi: Cmi, clock: Clock) -> None:
    set_consent(cmi, PHONE, "whatsapp", False)
    message_id = schedule(cmi, maxRetryCount=0, destinations=to(PHONE))
    clock.advance(DELIVERY_SECONDS)
    assert statuses(cmi, message_id) == ["HANDLED"]


def test_status__whatsapp_to_a_non_phone_address_fails(cmi: Cmi, clock: Clock) -> None:
    message_id = schedule(cmi, source=WHATSAPP_QUEUE, subType="whatsapp", maxRetryCount=0,
                          destinations=to("alice@example.com"))
    clock.advance(DELIVERY_SECONDS)
    assert statuses(cmi, message_id) == ["FAILED"]


def test_status__consent_is_decided_when_the_message_is_stored(cmi: Cmi, clock: Clock) -> None:
    message_id = schedule(cmi, source=WHATSAPP_QUEUE, subType="whatsapp", maxRetryCount=0, destinations=to(PHONE))
    set_consent(cmi, PHONE, "whatsapp", False)
    clock.advance(DELIVERY_SECONDS)
    assert statuses(cmi, message_id) == ["HANDLED"]


# ---- PUT /messages/{id} --------------------------------------------------------------------


def test_update__replaces_every_field(cmi: Cmi, clock: Clock) -> None:
    created_at = clock.now()
    message_id = schedule(cmi, contentType="template", message=TEMPLATE, maxRetryCount=2, retryDelay=600,
                          sendTime="2030-01-01T00:00:00Z", source=WHATSAPP_QUEUE, subType="whatsapp")
    clock.advance(60)
    replacement = {"destinations": {"destination": to("+358509999999")}, "message": "Replaced",
                   "source": SMS_QUEUE, "subType": "sms", "sendTime": "2031-05-05T05:05:05.005Z"}
    assert_no_content(cmi.put(f"{MESSAGES}/{message_id}", json=replacement))
    assert fetch(cmi, message_id) == {
        "id": message_id,
        "message": "Replaced",
        "source": SMS_QUEUE,
        "subType": "sms",
        "sendTime": "2031-05-05T05:05:05.005Z",
        "creationTime": stamp(created_at),
        "maxRetryCount": 5,
        "retryDelay": 300,
        "contentType": "text",
        "destinations": {"destination": [{"address": "+358509999999", "status": "ADDED"}]},
    }


def test_update__restarts_the_schedule(cmi: Cmi, clock: Clock) -> None:
    message_id = schedule(cmi)
    clock.advance(DELIVERY_SECONDS)
    assert statuses(cmi, message_id) == ["HANDLED", "HANDLED"]
    send_at = clock.now() + timedelta(hours=2)
    assert_no_content(cmi.put(f"{MESSAGES}/{message_id}", json=body(sendTime=stamp(send_at))))
    assert statuses(cmi, message_id) == ["ADDED", "ADDED"]
    walk(clock, send_at)
    assert statuses(cmi, message_id) == ["PROCESSING", "PROCESSING"]
    clock.advance(DELIVERY_SECONDS)
    assert statuses(cmi, message_id) == ["HANDLED", "HANDLED"]


def test_update__without_send_time_sends_now(cmi: Cmi, clock: Clock) -> None:
    message_id = schedule(cmi, sendTime="2030-01-01T00:00:00Z")
    clock.advance(3600)
    assert_no_content(cmi.put(f"{MESSAGES}/{message_id}", json=body()))
    found = fetch(cmi, message_id)
    assert found["sendTime"] == stamp(clock.now())
    assert [d["status"] for d in found["destinations"]["destination"]] == ["PROCESSING", "PROCESSING"]


def test_update__recomputes_deliverability(cmi: Cmi, clock: Clock) -> None:
    message_id = schedule(cmi, maxRetryCount=0, destinations=to("alice@example.com"))
    clock.advance(DELIVERY_SECONDS)
    assert statuses(cmi, message_id) == ["FAILED"]
    assert_no_content(cmi.put(f"{MESSAGES}/{message_id}", json=body(maxRetryCount=0, destinations=to(PHONE))))
    clock.advance(DELIVERY_SECONDS)
    assert statuses(cmi, message_id) == ["HANDLED"]


def test_update__xml_body(cmi: Cmi) -> None:
    message_id = schedule(cmi)
    xml = (f"<message><destinations><destination><address>{OTHER_PHONE}</address></destination></destinations>"
           f"<message>Changed via XML</message><source>{WHATSAPP_QUEUE}</source><subType>whatsapp</subType>"
           "<sendTime>2030-01-01T00:00:00Z</sendTime></message>")
    assert_no_content(cmi.put(f"{MESSAGES}/{message_id}", data=xml, content_type=XML))
    found = fetch(cmi, message_id)
    assert (found["message"], found["source"], found["subType"]) == ("Changed via XML", WHATSAPP_QUEUE, "whatsapp")
    assert found["destinations"]["destination"] == [{"address": OTHER_PHONE, "status": "ADDED"}]


@pytest.mark.parametrize(("payload", "text"), [
    (body(source="nobody@example.com"), UNKNOWN_SOURCE.format("nobody@example.com")),
    (body(destinations=[]), "destinations: Shorter than minimum length 1."),
    (body(maxRetryCount=20), RETRIES),
    ({"message": "No recipients", "source": SMS_QUEUE, "subType": "sms"},
     "destinations: Missing data for required field."),
])
def test_update__invalid_body_is_400_and_changes_nothing(cmi: Cmi, payload: dict[str, Any], text: str) -> None:
    message_id = schedule(cmi, sendTime="2030-01-01T00:00:00Z")
    before = fetch(cmi, message_id)
    assert_plain(cmi.put(f"{MESSAGES}/{message_id}", json=payload), 400, text)
    assert fetch(cmi, message_id) == before


def test_update__unknown_id_is_404(cmi: Cmi) -> None:
    before = set(cmi.state.messages)
    assert_plain(cmi.put(f"{MESSAGES}/{UNKNOWN_GUID}", json=body()), 404, NOT_FOUND)
    assert set(cmi.state.messages) == before


def test_update__malformed_id_is_400(cmi: Cmi) -> None:
    assert_plain(cmi.put(f"{MESSAGES}/12345", json=body()), 400, "Invalid GUID: '12345'")


# ---- DELETE /messages/{id} -----------------------------------------------------------------


def test_delete__204_then_404(cmi: Cmi) -> None:
    message_id = schedule(cmi)
    assert_no_content(cmi.delete(f"{MESSAGES}/{message_id}"))
    assert_plain(cmi.get(f"{MESSAGES}/{message_id}"), 404, NOT_FOUND)
    assert_plain(cmi.delete(f"{MESSAGES}/{message_id}"), 404, NOT_FOUND)
    assert_plain(cmi.put(f"{MESSAGES}/{message_id}", json=body()), 404, NOT_FOUND)
    assert message_id not in listed_ids(cmi)


def test_delete__only_that_message(cmi: Cmi) -> None:
    keep, drop = schedule(cmi), schedule(cmi)
    assert_no_content(cmi.delete(f"{MESSAGES}/{drop.lower()}"))
    assert set(listed_ids(cmi)) == set(cmi.state.messages)
    assert keep in cmi.state.messages
    assert drop not in cmi.state.messages


def test_delete__seeded_message(cmi: Cmi) -> None:
    seeded = next(iter(cmi.state.messages))
    assert_no_content(cmi.delete(f"{MESSAGES}/{seeded}"))
    assert_plain(cmi.get(f"{MESSAGES}/{seeded}"), 404, NOT_FOUND)


def test_delete__unknown_id_is_404(cmi: Cmi) -> None:
    assert_plain(cmi.delete(f"{MESSAGES}/{UNKNOWN_GUID}"), 404, NOT_FOUND)


def test_delete__malformed_id_is_400(cmi: Cmi) -> None:
    assert_plain(cmi.delete(f"{MESSAGES}/nope"), 400, "Invalid GUID: 'nope'")


# ---- rights --------------------------------------------------------------------------------


@pytest.fixture(params=["admin-made", "restricted-demo"])
def no_messaging(request: pytest.FixtureRequest, cmi: Cmi) -> dict[str, str]:
    if request.param == "restricted-demo":
        return RESTRICTED_AUTH
    return add_user(cmi, "no-messaging", [r for r in ALL_RIGHTS if r != MESSAGING])


def test_rights__messaging_is_needed_to_read(cmi: Cmi, no_messaging: dict[str, str]) -> None:
    message_id = schedule(cmi)
    assert_plain(cmi.get(MESSAGES, auth=no_messaging), 403, FORBIDDEN)
    assert_plain(cmi.get(f"{MESSAGES}/{message_id}", auth=no_messaging), 403, FORBIDDEN)
    assert_plain(cmi.get(f"{MESSAGES}/{UNKNOWN_GUID}", auth=no_messaging), 403, FORBIDDEN)


def test_rights__messaging_is_needed_to_write(cmi: Cmi, no_messaging: dict[str, str]) -> None:
    message_id = schedule(cmi, sendTime="2030-01-01T00:00:00Z")
    before = fetch(cmi, message_id)
    ids = set(cmi.state.messages)
    assert_plain(cmi.post(MESSAGES, json=body(), auth=no_messaging), 403, FORBIDDEN)
    assert_plain(cmi.put(f"{MESSAGES}/{message_id}", json=body(message="Changed"), auth=no_messaging), 403,
                 FORBIDDEN)
    assert_plain(cmi.delete(f"{MESSAGES}/{message_id}", auth=no_messaging), 403, FORBIDDEN)
    assert set(cmi.state.messages) == ids
    assert fetch(cmi, message_id) == before


def test_rights__messaging_alone_is_enough(cmi: Cmi) -> None:
    auth = add_user(cmi, "messenger", [MESSAGING])
    response = cmi.post(MESSAGES, json=body(), auth=auth)
    assert response.status_code == 201
    message_id = response.get_data(as_text=True)
    assert cmi.get(f"{MESSAGES}/{message_id}", auth=auth).status_code == 200
    assert message_id in [m["id"] for m in cmi.get(MESSAGES, auth=auth).get_json()]
    assert_no_content(cmi.put(f"{MESSAGES}/{message_id}", json=body(), auth=auth))
    assert_no_content(cmi.delete(f"{MESSAGES}/{message_id}", auth=auth))
