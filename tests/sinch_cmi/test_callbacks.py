"""CMI /callbacks: listing with wildcards, creating, the lastResult rules of PUT, rights, JSON and XML."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from xml.etree.ElementTree import Element, fromstring

import pytest
from werkzeug.test import TestResponse

from simulator.core.clock import Clock
from simulator.sinch_cmi.models import ALL_RIGHTS, CALLBACKS_CREATE, CALLBACKS_MODIFY, CALLBACKS_VIEW
from tests.sinch_cmi.support import CMI_AUTH, RESTRICTED_AUTH, UNKNOWN_GUID, XML, Cmi, add_user, assert_plain
from tests.sinch_cmi.support import wire_time as stamp

CALLBACKS = "/callbacks"
NUMBER = "+358401110001"
RETRY = timedelta(minutes=5)
FAILED_RESULTS = ("BUSY", "NO_ANSWER", "VOICEMAIL", "OTHER")
CLOSING_RESULTS = ("SUCCESSFUL", "HANDLED")
TIMED_RESULTS = ("CUSTOM_TIME", "RESCHEDULE")
ALL_RESULTS = ("SUCCESSFUL", "BUSY", "NO_ANSWER", "VOICEMAIL", "CUSTOM_TIME", "OTHER", "HANDLED", "RESCHEDULE")
INVALID_RESULT = ("lastResult: Must be one of: SUCCESSFUL, BUSY, NO_ANSWER, VOICEMAIL, CUSTOM_TIME, OTHER, "
                  "HANDLED, RESCHEDULE.")
NEXT_CALL_NOT_ALLOWED = "nextCallTime is only allowed when lastResult is CUSTOM_TIME or RESCHEDULE"
NEXT_CALL_REQUIRED = "nextCallTime is required when lastResult is CUSTOM_TIME"
LATER = "2025-02-01T09:30:00.000Z"


# ---- helpers -------------------------------------------------------------------------------


def create(cmi: Cmi, auth: dict[str, str] | None = None, **fields: Any) -> str:
    body = {"customerNumber": NUMBER, "callbackQueueNumber": "505", **fields}
    response = cmi.post(CALLBACKS, json=body, auth=auth)
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_data(as_text=True)


def fetch(cmi: Cmi, callback_id: str) -> dict[str, Any]:
    response = cmi.get(f"{CALLBACKS}/{callback_id}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def listed(cmi: Cmi, **query: Any) -> list[dict[str, Any]]:
    response = cmi.get(CALLBACKS, query_string=query)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def numbers(cmi: Cmi, **query: Any) -> list[str]:
    return [c["customerNumber"] for c in listed(cmi, **query)]


def update(cmi: Cmi, callback_id: str, auth: dict[str, str] | None = None, **fields: Any) -> TestResponse:
    body = {"customerNumber": NUMBER, "notes": "Called", "lastResult": "BUSY", **fields}
    return cmi.put(f"{CALLBACKS}/{callback_id}", json=body, auth=auth)


def assert_updated(response: TestResponse) -> None:
    assert response.status_code == 204, response.get_data(as_text=True)
    assert response.get_data() == b""
    assert "Content-Type" not in response.headers


def without(right: str) -> list[str]:
    return [r for r in ALL_RIGHTS if r != right]


def xml_fields(element: Element) -> dict[str, str]:
    return {child.tag: child.text or "" for child in element}


def as_text(record: dict[str, Any]) -> dict[str, str]:
    return {key: str(value) for key, value in record.items()}


# ---- GET /callbacks ------------------------------------------------------------------------


def test_list__newest_first_by_default(cmi: Cmi, clock: Clock) -> None:
    first = create(cmi)
    clock.advance(60)
    second = create(cmi)
    found = listed(cmi)
    assert [c["id"] for c in found[:2]] == [second, first]
    times = [c["creationTime"] for c in found]
    assert times == sorted(times, reverse=True)


def test_list__includes_the_seeded_callbacks(cmi: Cmi) -> None:
    found = listed(cmi)
    assert {c["id"] for c in found} == set(cmi.state.callbacks)
    assert all(len(c["id"]) == 32 for c in found)


@pytest.mark.parametrize(("pattern", "expected"), [
    ("*1110001", ["+358401110001"]),
    ("+35840111*", ["+358401110001", "+358401110002", "+358401119999"]),
    ("*111000*", ["+358401110001", "+358401110002"]),
    ("+35840111000?", ["+358401110001", "+358401110002"]),
    ("+3584011100?", []),  # `?` is exactly one character
    ("+358401110001", ["+358401110001"]),
    ("1110001", []),  # without a wildcard the whole value must match
    ("*", None),  # everything
])
def test_list__customer_number_wildcards(cmi: Cmi, pattern: str, expected: list[str] | None) -> None:
    for number in ("+358401110001", "+358401110002", "+358401119999"):
        create(cmi, customerNumber=number)
    found = numbers(cmi, customerNumber=pattern)
    if expected is None:
        assert len(found) == len(cmi.state.callbacks)
    else:
        assert sorted(found) == expected


def test_list__limit_keeps_the_newest(cmi: Cmi, clock: Clock) -> None:
    ids = []
    for _ in range(3):
        clock.advance(1)
        ids.append(create(cmi))
    assert [c["id"] for c in listed(cmi, limit=2)] == [ids[2], ids[1]]
    assert len(listed(cmi, limit=1)) == 1


@pytest.mark.parametrize(("sort", "expected"), [
    ("customerNumber", ["+358401110001", "+358401110002", "+358401119999"]),
    ("-customerNumber", ["+358401119999", "+358401110002", "+358401110001"]),
    ("notes,-customerNumber", ["+358401119999", "+358401110002", "+358401110001"]),
])
def test_list__sort(cmi: Cmi, sort: str, expected: list[str]) -> None:
    create(cmi, customerNumber="+358401110002", notes="a")
    create(cmi, customerNumber="+358401119999", notes="a")
    create(cmi, customerNumber="+358401110001", notes="b")
    assert numbers(cmi, customerNumber="+35840111*", sort=sort) == expected


def test_list__sort_by_number_field(cmi: Cmi) -> None:
    quiet, busy = create(cmi, customerNumber="+358401110001"), create(cmi, customerNumber="+358401110002")
    assert_updated(update(cmi, busy, lastResult="BUSY"))
    assert [c["id"] for c in listed(cmi, customerNumber="+35840111*", sort="-failures")] == [busy, quiet]
    assert [c["id"] for c in listed(cmi, customerNumber="+35840111*", sort="failures")] == [quiet, busy]


@pytest.mark.parametrize(("query", "text"), [
    ("limit=0", "Invalid limit: '0' (must be a positive integer)"),
    ("limit=-3", "Invalid limit: '-3' (must be a positive integer)"),
    ("limit=many", "limit: Not a valid integer."),
    ("sort=bogus", "Invalid sort field: 'bogus'"),
    ("sort=-customerNumber,bogus", "Invalid sort field: 'bogus'"),
    ("source=123", "Unknown parameter: 'source'"),
])
def test_list__bad_query_is_400(cmi: Cmi, query: str, text: str) -> None:
    assert_plain(cmi.get(f"{CALLBACKS}?{query}"), 400, text)


def test_list__xml(cmi: Cmi) -> None:
    create(cmi, notes="<b>Ring & ask</b>")
    json_items = listed(cmi)
    response = cmi.xml(CALLBACKS)
    assert response.status_code == 200
    assert response.mimetype == XML
    root = fromstring(response.get_data())
    assert root.tag == "callbacks"
    assert [child.tag for child in root] == ["callback"] * len(json_items)
    assert [xml_fields(child) for child in root] == [as_text(item) for item in json_items]


# ---- GET /callbacks/{id} -------------------------------------------------------------------


def test_get__created_callback(cmi: Cmi) -> None:
    callback_id = create(cmi)
    assert fetch(cmi, callback_id)["id"] == callback_id


def test_get__lower_case_id(cmi: Cmi) -> None:
    callback_id = create(cmi)
    assert fetch(cmi, callback_id.lower()) == fetch(cmi, callback_id)


def test_get__seeded_callback(cmi: Cmi) -> None:
    seeded = next(iter(cmi.state.callbacks.values()))
    found = fetch(cmi, seeded.id)
    assert found["customerNumber"] == seeded.customer_number
    assert found["failures"] == seeded.failures
    assert found["maxCalls"] == seeded.max_calls


def test_get__unknown_id_is_404(cmi: Cmi) -> None:
    assert_plain(cmi.get(f"{CALLBACKS}/{UNKNOWN_GUID}"), 404, "HTTP 404 Not Found")


@pytest.mark.parametrize("bad", ["xyz", UNKNOWN_GUID[:-1], UNKNOWN_GUID + "0", "G" * 32])
def test_get__malformed_id_is_400(cmi: Cmi, bad: str) -> None:
    assert_plain(cmi.get(f"{CALLBACKS}/{bad}"), 400, f"Invalid GUID: '{bad}'")


def test_get__id_with_a_trailing_newline_is_invalid(cmi: Cmi) -> None:
    guid = next(iter(cmi.state.callbacks))
    assert_plain(cmi.get(f"{CALLBACKS}/{guid}%0A"), 400, f"Invalid GUID: '{guid}\n'")


def test_get__xml(cmi: Cmi) -> None:
    callback_id = create(cmi, extraData="<XML><Skills>ENGLISH=4</Skills></XML>", gwPrefix="FIN")
    response = cmi.xml(f"{CALLBACKS}/{callback_id}")
    assert response.status_code == 200
    assert response.mimetype == XML
    root = fromstring(response.get_data())
    assert root.tag == "callback"
    assert xml_fields(root) == as_text(fetch(cmi, callback_id))
    assert root.findtext("extraData") == "<XML><Skills>ENGLISH=4</Skills></XML>"


def test_get__xml_error_stays_plain_text(cmi: Cmi) -> None:
    assert_plain(cmi.xml(f"{CALLBACKS}/{UNKNOWN_GUID}"), 404, "HTTP 404 Not Found")


# ---- POST /callbacks -----------------------------------------------------------------------


def test_create__201_with_the_id_as_html_and_location(cmi: Cmi) -> None:
    response = cmi.post(CALLBACKS, json={"customerNumber": NUMBER, "callbackQueueNumber": "505"})
    assert response.status_code == 201
    assert response.mimetype == "text/html"
    new_id = response.get_data(as_text=True)
    assert len(new_id) == 32
    assert new_id == new_id.upper()
    assert response.headers["Location"] == f"http://localhost/sinch/cmi/callbacks/{new_id}"
    follow = cmi.client.get(response.headers["Location"], headers=CMI_AUTH)
    assert follow.status_code == 200
    assert follow.get_json()["id"] == new_id


def test_create__defaults(cmi: Cmi, clock: Clock) -> None:
    clock.advance(90)
    callback_id = create(cmi)
    user = cmi.user()
    now = stamp(clock.now())
    assert fetch(cmi, callback_id) == {
        "id": callback_id,
        "callbackQueueNumber": "505",
        "creationTime": now,
        "creatorId": user.id,
        "creatorName": user.name,
        "customerNumber": NUMBER,
        "failures": 0,
        "lastResult": "ADDED",
        "maxCalls": 99,
        "nextCallTime": now,
        "originalQueueNumber": "505",
        "originalQueueName": cmi.state.queue_by_number("505").name,
    }


def test_create__optional_fields_are_stored(cmi: Cmi) -> None:
    callback_id = create(cmi, extraData="<XML><Skills>ENGLISH=4</Skills></XML>", gwPrefix="FIN",
                         notes="Wants a call about the invoice", nextCallTime="2025-01-16T10:15:00+02:00")
    found = fetch(cmi, callback_id)
    assert found["extraData"] == "<XML><Skills>ENGLISH=4</Skills></XML>"
    assert found["gwPrefix"] == "FIN"
    assert found["notes"] == "Wants a call about the invoice"
    assert found["nextCallTime"] == "2025-01-16T08:15:00.000Z"


def test_create__vendor_example(cmi: Cmi) -> None:
    callback_id = create(cmi, nextCallTime="2019-10-04T12:36:02.440Z", customerNumber="85412369512",
                         callbackQueueNumber="505")
    found = fetch(cmi, callback_id)
    assert (found["customerNumber"], found["nextCallTime"]) == ("85412369512", "2019-10-04T12:36:02.440Z")


@pytest.mark.parametrize("number", ["152", "153", "505"])
def test_create__any_phone_queue_number(cmi: Cmi, number: str) -> None:
    found = fetch(cmi, create(cmi, callbackQueueNumber=number))
    assert found["callbackQueueNumber"] == number
    assert found["originalQueueName"] == cmi.state.queue_by_number(number).name


def test_create__creator_is_the_caller(cmi: Cmi) -> None:
    auth = add_user(cmi, "creator", [CALLBACKS_CREATE, CALLBACKS_VIEW])
    found = fetch(cmi, create(cmi, auth=auth))
    creator = cmi.user("creator")
    assert (found["creatorId"], found["creatorName"]) == (creator.id, "Doe, Jane")


def test_create__fields_set_by_the_system_are_ignored(cmi: Cmi, clock: Clock) -> None:
    callback_id = create(cmi, id=UNKNOWN_GUID, failures=7, maxCalls=3, lastResult="HANDLED",
                         lastCallTime="2020-01-01T00:00:00Z", creatorId=UNKNOWN_GUID, creatorName="Someone, Else",
                         creationTime="2020-01-01T00:00:00Z", originalQueueNumber="152")
    found = fetch(cmi, callback_id)
    assert callback_id != UNKNOWN_GUID
    assert found["failures"] == 0
    assert found["maxCalls"] == 99
    assert found["lastResult"] == "ADDED"
    assert "lastCallTime" not in found
    assert found["creatorId"] == cmi.user().id
    assert found["creationTime"] == stamp(clock.now())
    assert found["originalQueueNumber"] == "505"


@pytest.mark.parametrize(("body", "text"), [
    ({"customerNumber": NUMBER, "callbackQueueNumber": "999"}, "Unknown callbackQueueNumber: '999'"),
    ({"customerNumber": NUMBER, "callbackQueueNumber": "+358201000505"}, "Unknown callbackQueueNumber: "
                                                                        "'+358201000505'"),
    ({"customerNumber": NUMBER}, "callbackQueueNumber: Missing data for required field."),
    ({"callbackQueueNumber": "505"}, "customerNumber: Missing data for required field."),
    ({"customerNumber": "", "callbackQueueNumber": "505"}, "customerNumber: Shorter than minimum length 1."),
    ({"customerNumber": NUMBER, "callbackQueueNumber": ""}, "callbackQueueNumber: Shorter than minimum length 1."),
    ({"customerNumber": 358401110001, "callbackQueueNumber": "505"}, "customerNumber: Not a valid string."),
    ({"customerNumber": NUMBER, "callbackQueueNumber": 505}, "callbackQueueNumber: Not a valid string."),
    ({"customerNumber": NUMBER, "callbackQueueNumber": "505", "nextCallTime": "soon"},
     "nextCallTime: Not a valid datetime: not an ISO-8601 date: 'soon'."),
    ({"customerNumber": NUMBER, "callbackQueueNumber": "505", "nextCallTime": "9999-12-31T23:59:59-05:00"},
     "nextCallTime: Not a valid datetime: out of range: '9999-12-31T23:59:59-05:00'."),
    ({"customerNumber": NUMBER, "callbackQueueNumber": "505", "notes": 5}, "notes: Not a valid string."),
    ({"customerNumber": NUMBER, "callbackQueueNumber": "505", "gwPrefix": None}, "gwPrefix: Field may not be null."),
])
def test_create__invalid_body_is_400_and_stores_nothing(cmi: Cmi, body: dict[str, Any], text: str) -> None:
    before = set(cmi.state.callbacks)
    assert_plain(cmi.post(CALLBACKS, json=body), 400, text)
    assert set(cmi.state.callbacks) == before


def test_create__xml_body(cmi: Cmi) -> None:
    xml = (b"<callback><customerNumber>+358401110001</customerNumber><callbackQueueNumber>153"
           b"</callbackQueueNumber><notes>From XML</notes><nextCallTime>2025-01-20T08:00:00.000Z</nextCallTime>"
           b"</callback>")
    response = cmi.post(CALLBACKS, data=xml, content_type=XML)
    assert response.status_code == 201, response.get_data(as_text=True)
    found = fetch(cmi, response.get_data(as_text=True))
    assert (found["customerNumber"], found["callbackQueueNumber"], found["notes"], found["nextCallTime"]) == (
        "+358401110001", "153", "From XML", "2025-01-20T08:00:00.000Z")


def test_create__xml_body_with_unknown_queue_is_400(cmi: Cmi) -> None:
    before = set(cmi.state.callbacks)
    xml = b"<callback><customerNumber>1</customerNumber><callbackQueueNumber>42</callbackQueueNumber></callback>"
    assert_plain(cmi.post(CALLBACKS, data=xml, content_type=XML), 400, "Unknown callbackQueueNumber: '42'")
    assert set(cmi.state.callbacks) == before


# ---- PUT /callbacks/{id} -------------------------------------------------------------------


def test_update__204_without_body(cmi: Cmi) -> None:
    assert_updated(update(cmi, create(cmi), lastResult="HANDLED"))


def test_update__only_the_four_fields_change(cmi: Cmi, clock: Clock) -> None:
    callback_id = create(cmi, extraData="x", gwPrefix="FIN", notes="before")
    before = fetch(cmi, callback_id)
    clock.advance(30)
    response = update(cmi, callback_id, customerNumber="+358409999999", notes="after", lastResult="RESCHEDULE",
                      nextCallTime=LATER, id=UNKNOWN_GUID, callbackQueueNumber="152", creationTime=LATER,
                      extraData="changed", gwPrefix="SWE", failures=9, maxCalls=2, lastCallTime=LATER,
                      originalQueueNumber="153", originalQueueName="Support", creatorId=UNKNOWN_GUID,
                      creatorName="Someone, Else")
    assert_updated(response)
    assert fetch(cmi, callback_id) == {**before, "customerNumber": "+358409999999", "notes": "after",
                                       "lastResult": "RESCHEDULE", "nextCallTime": LATER}


@pytest.mark.parametrize("result", [r for r in ALL_RESULTS if r not in TIMED_RESULTS])
def test_update__next_call_time_with_other_results_is_400(cmi: Cmi, result: str) -> None:
    callback_id = create(cmi)
    before = fetch(cmi, callback_id)
    assert_plain(update(cmi, callback_id, lastResult=result, nextCallTime=LATER), 400, NEXT_CALL_NOT_ALLOWED)
    assert fetch(cmi, callback_id) == before


def test_update__custom_time_without_next_call_time_is_400(cmi: Cmi) -> None:
    callback_id = create(cmi)
    before = fetch(cmi, callback_id)
    assert_plain(update(cmi, callback_id, lastResult="CUSTOM_TIME", notes="changed"), 400, NEXT_CALL_REQUIRED)
    assert fetch(cmi, callback_id) == before


@pytest.mark.parametrize("result", TIMED_RESULTS)
def test_update__timed_result_sets_next_call_time(cmi: Cmi, result: str) -> None:
    callback_id = create(cmi)
    before = fetch(cmi, callback_id)
    assert_updated(update(cmi, callback_id, lastResult=result, nextCallTime="2025-02-01T11:30:00+02:00"))
    found = fetch(cmi, callback_id)
    assert found["nextCallTime"] == LATER
    assert found["lastResult"] == result
    assert found["failures"] == before["failures"] == 0
    assert "lastCallTime" not in found


def test_update__reschedule_without_next_call_time_keeps_it(cmi: Cmi, clock: Clock) -> None:
    callback_id = create(cmi, nextCallTime=LATER)
    clock.advance(600)
    assert_updated(update(cmi, callback_id, lastResult="RESCHEDULE"))
    found = fetch(cmi, callback_id)
    assert (found["lastResult"], found["nextCallTime"], found["failures"]) == ("RESCHEDULE", LATER, 0)


@pytest.mark.parametrize("result", FAILED_RESULTS)
def test_update__failed_attempt_counts_and_retries_in_five_minutes(cmi: Cmi, clock: Clock, result: str) -> None:
    callback_id = create(cmi)
    called_at = clock.advance(90)
    assert_updated(update(cmi, callback_id, lastResult=result, notes="No luck"))
    found = fetch(cmi, callback_id)
    assert found["failures"] == 1
    assert found["lastResult"] == result
    assert found["notes"] == "No luck"
    assert found["lastCallTime"] == stamp(called_at)
    assert found["nextCallTime"] == stamp(called_at + RETRY)


def test_update__failures_accumulate(cmi: Cmi, clock: Clock) -> None:
    callback_id = create(cmi)
    for result in FAILED_RESULTS:
        clock.advance(300)
        assert_updated(update(cmi, callback_id, lastResult=result))
    found = fetch(cmi, callback_id)
    assert found["failures"] == len(FAILED_RESULTS)
    assert found["lastCallTime"] == stamp(clock.now())
    assert found["nextCallTime"] == stamp(clock.now() + RETRY)


def test_update__no_next_call_once_failures_reach_max_calls(cmi: Cmi, clock: Clock) -> None:
    callback_id = create(cmi)
    max_calls = fetch(cmi, callback_id)["maxCalls"]
    assert max_calls == 99
    for _ in range(max_calls - 1):
        clock.advance(300)
        assert_updated(update(cmi, callback_id, lastResult="NO_ANSWER"))
    found = fetch(cmi, callback_id)
    assert found["failures"] == max_calls - 1
    assert found["nextCallTime"] == stamp(clock.now() + RETRY)
    clock.advance(300)
    assert_updated(update(cmi, callback_id, lastResult="BUSY"))
    found = fetch(cmi, callback_id)
    assert found["failures"] == max_calls
    assert found["lastCallTime"] == stamp(clock.now())
    assert "nextCallTime" not in found


def test_update__seeded_callback_with_few_calls_left_stops_retrying(cmi: Cmi, clock: Clock) -> None:
    seeded = min((c for c in listed(cmi) if c["lastResult"] != "HANDLED"), key=lambda c: c["maxCalls"] - c["failures"])
    left = seeded["maxCalls"] - seeded["failures"]
    assert 0 < left < 99
    for _ in range(left):
        clock.advance(300)
        assert_updated(update(cmi, seeded["id"], customerNumber=seeded["customerNumber"], lastResult="VOICEMAIL"))
    found = fetch(cmi, seeded["id"])
    assert found["failures"] == seeded["maxCalls"]
    assert "nextCallTime" not in found


@pytest.mark.parametrize("result", CLOSING_RESULTS)
def test_update__final_result_closes_the_callback(cmi: Cmi, clock: Clock, result: str) -> None:
    callback_id = create(cmi)
    clock.advance(60)
    assert_updated(update(cmi, callback_id, lastResult="BUSY"))
    closed_at = clock.advance(600)
    assert_updated(update(cmi, callback_id, lastResult=result, notes="Done"))
    found = fetch(cmi, callback_id)
    assert found["lastResult"] == result
    assert found["failures"] == 1
    assert found["lastCallTime"] == stamp(closed_at)
    assert "nextCallTime" not in found


@pytest.mark.parametrize("result", ["ADDED", "busy", "", "FAILED", "NO ANSWER"])
def test_update__invalid_last_result_is_400(cmi: Cmi, result: str) -> None:
    callback_id = create(cmi)
    before = fetch(cmi, callback_id)
    assert_plain(update(cmi, callback_id, lastResult=result, customerNumber="+358409999999"), 400, INVALID_RESULT)
    assert fetch(cmi, callback_id) == before


@pytest.mark.parametrize(("missing", "text"), [
    ("customerNumber", "customerNumber: Missing data for required field."),
    ("notes", "notes: Missing data for required field."),
    ("lastResult", "lastResult: Missing data for required field."),
])
def test_update__required_field_missing_is_400(cmi: Cmi, missing: str, text: str) -> None:
    callback_id = create(cmi)
    before = fetch(cmi, callback_id)
    body = {"customerNumber": "+358409999999", "notes": "n", "lastResult": "HANDLED"}
    del body[missing]
    assert_plain(cmi.put(f"{CALLBACKS}/{callback_id}", json=body), 400, text)
    assert fetch(cmi, callback_id) == before


@pytest.mark.parametrize(("fields", "text"), [
    ({"customerNumber": ""}, "customerNumber: Shorter than minimum length 1."),
    ({"notes": None}, "notes: Field may not be null."),
    ({"lastResult": "CUSTOM_TIME", "nextCallTime": "next week"},
     "nextCallTime: Not a valid datetime: not an ISO-8601 date: 'next week'."),
    ({"lastResult": 3}, "lastResult: Not a valid string."),
    ({"lastResult": "CUSTOM_TIME", "nextCallTime": "0001-01-01T00:30:00+01:00"},
     "nextCallTime: Not a valid datetime: out of range: '0001-01-01T00:30:00+01:00'."),
])
def test_update__invalid_field_is_400_and_changes_nothing(cmi: Cmi, fields: dict[str, Any], text: str) -> None:
    callback_id = create(cmi)
    before = fetch(cmi, callback_id)
    assert_plain(update(cmi, callback_id, **fields), 400, text)
    assert fetch(cmi, callback_id) == before


def test_update__unknown_id_is_404(cmi: Cmi) -> None:
    assert_plain(update(cmi, UNKNOWN_GUID, lastResult="HANDLED"), 404, "HTTP 404 Not Found")


def test_update__malformed_id_is_400(cmi: Cmi) -> None:
    assert_plain(update(cmi, "not-a-guid", lastResult="HANDLED"), 400, "Invalid GUID: 'not-a-guid'")


def test_update__lower_case_id(cmi: Cmi) -> None:
    callback_id = create(cmi)
    assert_updated(update(cmi, callback_id.lower(), lastResult="HANDLED"))
    assert fetch(cmi, callback_id)["lastResult"] == "HANDLED"


def test_update__xml_body(cmi: Cmi, clock: Clock) -> None:
    callback_id = create(cmi)
    xml = (b"<callback><customerNumber>+358409999999</customerNumber><notes>Via XML</notes>"
           b"<lastResult>CUSTOM_TIME</lastResult><nextCallTime>2025-02-01T09:30:00.000Z</nextCallTime>"
           b"<maxCalls>1</maxCalls></callback>")
    assert_updated(cmi.put(f"{CALLBACKS}/{callback_id}", data=xml, content_type=XML))
    found = fetch(cmi, callback_id)
    assert (found["customerNumber"], found["notes"], found["lastResult"], found["nextCallTime"],
            found["maxCalls"]) == ("+358409999999", "Via XML", "CUSTOM_TIME", LATER, 99)


def test_update__xml_body_with_next_call_time_and_busy_is_400(cmi: Cmi) -> None:
    callback_id = create(cmi)
    before = fetch(cmi, callback_id)
    xml = (b"<callback><customerNumber>1</customerNumber><notes/><lastResult>BUSY</lastResult>"
           b"<nextCallTime>2025-02-01T09:30:00.000Z</nextCallTime></callback>")
    assert_plain(cmi.put(f"{CALLBACKS}/{callback_id}", data=xml, content_type=XML), 400, NEXT_CALL_NOT_ALLOWED)
    assert fetch(cmi, callback_id) == before


# ---- rights --------------------------------------------------------------------------------


def test_rights__view_is_needed_to_list_and_get(cmi: Cmi) -> None:
    callback_id = create(cmi)
    auth = add_user(cmi, "no-view", without(CALLBACKS_VIEW))
    assert_plain(cmi.get(CALLBACKS, auth=auth), 403, "HTTP 403 Forbidden")
    assert_plain(cmi.get(f"{CALLBACKS}/{callback_id}", auth=auth), 403, "HTTP 403 Forbidden")
    assert_plain(cmi.get(CALLBACKS, auth=auth, headers={"Accept": XML}), 403, "HTTP 403 Forbidden")


def test_rights__view_alone_is_enough_to_read(cmi: Cmi) -> None:
    callback_id = create(cmi)
    auth = add_user(cmi, "viewer", [CALLBACKS_VIEW])
    assert cmi.get(CALLBACKS, auth=auth).status_code == 200
    assert cmi.get(f"{CALLBACKS}/{callback_id}", auth=auth).get_json() == fetch(cmi, callback_id)


def test_rights__create_is_needed_to_add(cmi: Cmi) -> None:
    before = set(cmi.state.callbacks)
    for auth in (add_user(cmi, "no-create", without(CALLBACKS_CREATE)), RESTRICTED_AUTH):
        response = cmi.post(CALLBACKS, json={"customerNumber": NUMBER, "callbackQueueNumber": "505"}, auth=auth)
        assert_plain(response, 403, "HTTP 403 Forbidden")
    assert set(cmi.state.callbacks) == before


def test_rights__create_alone_is_enough_to_add(cmi: Cmi) -> None:
    auth = add_user(cmi, "adder", [CALLBACKS_CREATE])
    callback_id = create(cmi, auth=auth)
    assert_plain(cmi.get(f"{CALLBACKS}/{callback_id}", auth=auth), 403, "HTTP 403 Forbidden")
    assert fetch(cmi, callback_id)["creatorId"] == cmi.user("adder").id


def test_rights__modify_is_needed_to_update(cmi: Cmi) -> None:
    callback_id = create(cmi)
    before = fetch(cmi, callback_id)
    for auth in (add_user(cmi, "no-modify", without(CALLBACKS_MODIFY)), RESTRICTED_AUTH):
        assert_plain(update(cmi, callback_id, auth=auth, lastResult="HANDLED"), 403, "HTTP 403 Forbidden")
    assert fetch(cmi, callback_id) == before


def test_rights__modify_alone_is_enough_to_update(cmi: Cmi) -> None:
    callback_id = create(cmi)
    auth = add_user(cmi, "modifier", [CALLBACKS_MODIFY])
    assert_updated(update(cmi, callback_id, auth=auth, lastResult="HANDLED"))
    assert fetch(cmi, callback_id)["lastResult"] == "HANDLED"


def test_rights__restricted_demo_user_may_view(cmi: Cmi) -> None:
    callback_id = create(cmi)
    assert cmi.get(f"{CALLBACKS}/{callback_id}", auth=RESTRICTED_AUTH).status_code == 200
