"""/callRecordings and their listen logs: list, filters, single fetch, POST listenLog, XML, rights, contacts."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC
from typing import Any

import pytest

from simulator.core.clock import Clock
from simulator.sinch_cmi.models import ALL_RIGHTS, LISTEN_TO_RECORDING
from tests.conftest import basic
from tests.sinch_cmi.support import (
    CMI_PASSWORD,
    CMI_USER,
    JSON,
    RESTRICTED_AUTH,
    UNKNOWN_GUID,
    XML,
    Cmi,
    assert_plain,
    ok_json,
    xml_root,
)
from tests.sinch_cmi.support import wire_time as iso

GUID32 = re.compile(r"^[0-9A-F]{32}$")
ISO_MS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
NOW = "2025-01-15T12:00:00.000Z"
RECORDING_KEYS = {"id", "call_id", "contact_id", "owner_id", "owner_type", "owner_name", "file_name", "file_path",
                  "creation_time"}
LOG_KEYS = {"id", "description", "userSessionId", "user_guid", "user_id", "user_name", "time_stamp"}
FORBIDDEN = "HTTP 403 Forbidden"
VENDOR_LOG = {"description": "listened because", "userSessionId": "6936084DBA3C4941C80F2CB2E3EC00E3"}


# ---- helpers ---------------------------------------------------------------------------------


def recordings(cmi: Cmi, query: str = "", **kwargs: Any) -> list[dict[str, Any]]:
    return ok_json(cmi.get(f"/callRecordings{query}", **kwargs))


def recording(cmi: Cmi, recording_id: str, **kwargs: Any) -> dict[str, Any]:
    return ok_json(cmi.get(f"/callRecordings/{recording_id}", **kwargs))


def listen_log(cmi: Cmi, recording_id: str, **kwargs: Any) -> list[dict[str, Any]]:
    return ok_json(cmi.get(f"/callRecordings/{recording_id}/listenLog", **kwargs))


def post_log(cmi: Cmi, recording_id: str, body: Any, **kwargs: Any) -> Any:
    return cmi.post(f"/callRecordings/{recording_id}/listenLog", json=body, **kwargs)


def created_id(response: Any, recording_id: str) -> str:
    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.mimetype == "text/html"
    new_id = response.get_data(as_text=True)
    assert GUID32.match(new_id), new_id
    assert response.headers["Location"].endswith(f"/sinch/cmi/callRecordings/{recording_id}/listenLog/{new_id}")
    return new_id


def make_user(cmi: Cmi, login: str, rights: list[str], name: str = "Listener, Lisa") -> dict[str, str]:
    """A Contact Pro user created through the admin API; returns its Basic auth header."""
    response = cmi.client.post("/__admin/sinch-cmi/users", json={
        "login": login, "password": CMI_PASSWORD, "name": name, "rights": rights, "queues": list(cmi.state.queues),
    })
    assert response.status_code == 201, response.get_data(as_text=True)
    return basic(login, CMI_PASSWORD)


def any_recording(cmi: Cmi, *, with_log: bool | None = None) -> str:
    return next(r.id for r in cmi.state.recordings.values() if with_log is None or bool(r.listen_log) == with_log)


def log_sizes(cmi: Cmi) -> dict[str, int]:
    return {r.id: len(r.listen_log) for r in cmi.state.recordings.values()}


def assert_nothing_logged(cmi: Cmi, send: Callable[[], Any], status: int, text: str) -> None:
    before = log_sizes(cmi)
    assert_plain(send(), status, text)
    assert log_sizes(cmi) == before


# ---- GET /callRecordings ---------------------------------------------------------------------


def test_list_recordings__returns_every_recording_newest_first(cmi: Cmi) -> None:
    listed = recordings(cmi)

    assert {r["id"] for r in listed} == set(cmi.state.recordings) and len(listed) == len(cmi.state.recordings)
    times = [r["creation_time"] for r in listed]
    assert times == sorted(times, reverse=True)


def test_list_recordings__items_have_the_documented_fields_without_listen_log(cmi: Cmi) -> None:
    assert any(r.listen_log for r in cmi.state.recordings.values())
    for item in recordings(cmi):
        assert set(item) == RECORDING_KEYS  # listen_log only with a single recording
        assert all(GUID32.match(item[k]) for k in ("id", "call_id", "contact_id", "owner_id"))
        assert item["owner_type"] in ("user", "queue", "outbound campaign")
        assert ISO_MS.match(item["creation_time"])
        assert item["file_name"].endswith(".wav") and isinstance(item["file_path"], str)


def test_list_recordings__values_come_from_the_stored_recording(cmi: Cmi) -> None:
    for item in recordings(cmi):
        stored = cmi.state.recordings[item["id"]]
        assert (item["call_id"], item["contact_id"], item["owner_id"]) == (
            stored.call_id, stored.contact_id, stored.owner_id)
        assert (item["owner_name"], item["file_name"], item["file_path"]) == (
            stored.owner_name, stored.file_name, stored.file_path)
        assert item["creation_time"] == iso(stored.creation_time)


def test_list_recordings__call_id_filter(cmi: Cmi) -> None:
    stored = next(iter(cmi.state.recordings.values()))
    expected = {r.id for r in cmi.state.recordings.values() if r.call_id == stored.call_id}

    assert {r["id"] for r in recordings(cmi, f"?call_id={stored.call_id}")} == expected
    assert {r["id"] for r in recordings(cmi, f"?call_id={stored.call_id.lower()}")} == expected
    assert recordings(cmi, f"?call_id={UNKNOWN_GUID}") == []


def test_list_recordings__call_id_filter_finds_every_recording_of_a_call(cmi: Cmi) -> None:
    first, second = list(cmi.state.recordings.values())[:2]
    second.call_id = first.call_id  # e.g. the agent's and the queue's recording of one call

    assert {r["id"] for r in recordings(cmi, f"?call_id={first.call_id}")} >= {first.id, second.id}


def test_list_recordings__contact_id_filter(cmi: Cmi) -> None:
    stored = list(cmi.state.recordings.values())[-1]
    expected = {r.id for r in cmi.state.recordings.values() if r.contact_id == stored.contact_id}

    assert {r["id"] for r in recordings(cmi, f"?contact_id={stored.contact_id}")} == expected
    assert recordings(cmi, f"?contact_id={UNKNOWN_GUID}") == []
    assert recordings(cmi, f"?contact_id={stored.contact_id}&call_id={UNKNOWN_GUID}") == []


def test_list_recordings__start_and_end_time_are_inclusive(cmi: Cmi) -> None:
    listed = recordings(cmi)
    middle = listed[len(listed) // 2]["creation_time"]
    newest, oldest = listed[0]["creation_time"], listed[-1]["creation_time"]

    after = recordings(cmi, f"?start_time={middle}")
    before = recordings(cmi, f"?end_time={middle}")
    only = recordings(cmi, f"?start_time={middle}&end_time={middle}")

    assert after == [r for r in listed if r["creation_time"] >= middle]
    assert before == [r for r in listed if r["creation_time"] <= middle]
    assert only == [r for r in listed if r["creation_time"] == middle] and only
    assert recordings(cmi, f"?start_time={oldest}&end_time={newest}") == listed
    assert recordings(cmi, f"?end_time={newest}&start_time={newest[:-1]}1Z") == []


def test_list_recordings__times_with_an_offset_are_utc(cmi: Cmi) -> None:
    stored = next(iter(cmi.state.recordings.values()))
    stored.creation_time = stored.creation_time.replace(year=2020, month=6, day=28, hour=12, minute=14, second=11,
                                                        microsecond=517_000, tzinfo=UTC)

    inside = recordings(cmi, "?start_time=2020-06-28T15:14:11.517%2B03:00&end_time=2020-06-28T12:14:11.517Z")

    assert [r["id"] for r in inside] == [stored.id]
    assert inside[0]["creation_time"] == "2020-06-28T12:14:11.517Z"


def test_list_recordings__limit_keeps_the_newest(cmi: Cmi) -> None:
    everything = recordings(cmi)

    assert recordings(cmi, "?limit=3") == everything[:3]
    oldest_first = sorted(everything, key=lambda r: r["creation_time"])  # stable: ties keep the default order
    assert recordings(cmi, "?sort=creation_time&limit=2") == oldest_first[:2]


@pytest.mark.parametrize(("query", "text"), [
    ("?call_id=475CD7FA939747CD9885379F5C4DEE0", "Invalid GUID: '475CD7FA939747CD9885379F5C4DEE0'"),
    ("?contact_id=nope", "Invalid GUID: 'nope'"),
    ("?start_time=yesterday",
     "Invalid date in 'start_time': 'yesterday' (expected ISO-8601, e.g. 2019-10-17T16:25:59.000Z)"),
    ("?end_time=28.06.2017",
     "Invalid date in 'end_time': '28.06.2017' (expected ISO-8601, e.g. 2019-10-17T16:25:59.000Z)"),
    ("?limit=0", "Invalid limit: '0' (must be a positive integer)"),
    ("?sort=duration", "Invalid sort field: 'duration'"),
    ("?owner_id=C04DEC26C5EF4D44BAE5CEE3F2EF67F7", "Unknown parameter: 'owner_id'"),
])
def test_list_recordings__bad_query_is_400(cmi: Cmi, query: str, text: str) -> None:
    assert_plain(cmi.get(f"/callRecordings{query}"), 400, text)


def test_list_recordings__xml_is_call_recordings_of_call_recording(cmi: Cmi) -> None:
    listed = recordings(cmi)
    root = xml_root(cmi.xml("/callRecordings"))

    assert root.tag == "callRecordings" and [e.tag for e in root] == ["callRecording"] * len(listed)
    for element, item in zip(root, listed, strict=True):
        assert {child.tag: child.text or "" for child in element} == item  # no listen_log element either


# ---- GET /callRecordings/{id} ----------------------------------------------------------------


def test_get_recording__adds_the_listen_log_to_the_list_item(cmi: Cmi) -> None:
    for item in recordings(cmi):
        single = recording(cmi, item["id"])
        stored = cmi.state.recordings[item["id"]]
        assert {k: v for k, v in single.items() if k != "listen_log"} == item
        assert [e["id"] for e in single["listen_log"]] == [e.id for e in stored.listen_log]
        assert all(set(e) == LOG_KEYS for e in single["listen_log"])


def test_get_recording__without_listeners_has_an_empty_listen_log(cmi: Cmi) -> None:
    recording_id = any_recording(cmi, with_log=False)

    assert recording(cmi, recording_id)["listen_log"] == []
    root = xml_root(cmi.xml(f"/callRecordings/{recording_id}"))
    listen = root.find("listen_log")
    assert listen is not None and list(listen) == []


def test_get_recording__xml_wraps_the_listen_log(cmi: Cmi) -> None:
    recording_id = any_recording(cmi, with_log=True)
    single = recording(cmi, recording_id)

    root = xml_root(cmi.xml(f"/callRecordings/{recording_id}"))

    assert root.tag == "callRecording" and root.findtext("id") == recording_id
    entries = root.findall("listen_log/callRecordingListenLog")
    assert [{child.tag: child.text for child in entry} for entry in entries] == single["listen_log"]


def test_get_recording__lower_case_id_is_accepted(cmi: Cmi) -> None:
    recording_id = any_recording(cmi)

    assert recording(cmi, recording_id.lower())["id"] == recording_id


def test_get_recording__invalid_guid_is_400(cmi: Cmi) -> None:
    assert_plain(cmi.get("/callRecordings/8534EC49-FB5B-E711-810B-005056AD5BC6"), 400,
                 "Invalid GUID: '8534EC49-FB5B-E711-810B-005056AD5BC6'")


def test_get_recording__unknown_id_is_404(cmi: Cmi) -> None:
    assert_plain(cmi.get(f"/callRecordings/{UNKNOWN_GUID}"), 404, "HTTP 404 Not Found")


def test_get_recording__contact_id_is_not_a_recording_id(cmi: Cmi) -> None:
    contact_id = next(iter(cmi.state.recordings.values())).contact_id

    assert_plain(cmi.get(f"/callRecordings/{contact_id}"), 404, "HTTP 404 Not Found")


# ---- GET /callRecordings/{id}/listenLog ------------------------------------------------------


def test_list_listen_log__equals_the_recordings_listen_log(cmi: Cmi) -> None:
    for recording_id in cmi.state.recordings:
        assert listen_log(cmi, recording_id) == recording(cmi, recording_id)["listen_log"]


def test_list_listen_log__entries_carry_the_listener(cmi: Cmi) -> None:
    recording_id = any_recording(cmi, with_log=True)
    stored = cmi.state.recordings[recording_id].listen_log

    entries = listen_log(cmi, recording_id)

    assert entries == [
        {"id": e.id, "description": e.description, "userSessionId": e.user_session_id, "user_guid": e.user_guid,
         "user_id": e.user_id, "user_name": e.user_name, "time_stamp": iso(e.time_stamp)} for e in stored]
    for entry in entries:
        listener = cmi.state.user_by_id(entry["user_guid"])
        assert listener is not None and (entry["user_id"], entry["user_name"]) == (listener.login, listener.name)


def test_list_listen_log__xml_is_listen_logs_of_listen_log(cmi: Cmi) -> None:
    recording_id = any_recording(cmi, with_log=True)
    entries = listen_log(cmi, recording_id)

    root = xml_root(cmi.xml(f"/callRecordings/{recording_id}/listenLog"))

    assert root.tag == "listenLogs" and [e.tag for e in root] == ["listenLog"] * len(entries)
    assert [{child.tag: child.text for child in e} for e in root] == entries


def test_list_listen_log__unknown_recording_is_404(cmi: Cmi) -> None:
    assert_plain(cmi.get(f"/callRecordings/{UNKNOWN_GUID}/listenLog"), 404, "HTTP 404 Not Found")


def test_list_listen_log__invalid_guid_is_400(cmi: Cmi) -> None:
    assert_plain(cmi.get("/callRecordings/xyz/listenLog"), 400, "Invalid GUID: 'xyz'")


# ---- POST /callRecordings/{id}/listenLog -----------------------------------------------------


def test_post_listen_log__vendor_example_records_the_logged_in_user(cmi: Cmi) -> None:
    recording_id = any_recording(cmi, with_log=True)
    before = listen_log(cmi, recording_id)
    me = cmi.user(CMI_USER)

    new_id = created_id(post_log(cmi, recording_id, VENDOR_LOG), recording_id)

    after = listen_log(cmi, recording_id)
    assert after[:-1] == before
    assert after[-1] == {"id": new_id, **VENDOR_LOG, "user_guid": me.id, "user_id": CMI_USER, "user_name": me.name,
                         "time_stamp": NOW}
    assert recording(cmi, recording_id)["listen_log"] == after
    assert all("listen_log" not in r for r in recordings(cmi))


def test_post_listen_log__user_fields_in_the_body_are_ignored(cmi: Cmi) -> None:
    recording_id = any_recording(cmi)
    body = {**VENDOR_LOG, "id": UNKNOWN_GUID, "user_guid": "B2C178ABC2E84BA4A7E5B091E3FC5451",
            "user_id": "Agent Login", "user_name": "Agent, Name"}
    me = cmi.user(CMI_USER)

    new_id = created_id(post_log(cmi, recording_id, body), recording_id)

    entry = listen_log(cmi, recording_id)[-1]
    assert new_id != UNKNOWN_GUID and entry["id"] == new_id
    assert (entry["user_guid"], entry["user_id"], entry["user_name"]) == (me.id, CMI_USER, me.name)


def test_post_listen_log__records_whichever_user_is_logged_in(cmi: Cmi) -> None:
    auth = make_user(cmi, "quality.lead", [LISTEN_TO_RECORDING], name="Lead, Quality")
    recording_id = any_recording(cmi)

    created_id(post_log(cmi, recording_id, VENDOR_LOG, auth=auth), recording_id)

    entry = listen_log(cmi, recording_id, auth=auth)[-1]
    assert (entry["user_guid"], entry["user_id"], entry["user_name"]) == (
        cmi.user("quality.lead").id, "quality.lead", "Lead, Quality")


def test_post_listen_log__time_stamp_defaults_to_the_clock(cmi: Cmi, clock: Clock) -> None:
    recording_id = any_recording(cmi)
    created_id(post_log(cmi, recording_id, VENDOR_LOG), recording_id)
    clock.advance(3600.25)
    created_id(post_log(cmi, recording_id, VENDOR_LOG), recording_id)

    assert [e["time_stamp"] for e in listen_log(cmi, recording_id)[-2:]] == [NOW, "2025-01-15T13:00:00.250Z"]


def test_post_listen_log__given_time_stamp_is_kept(cmi: Cmi) -> None:
    recording_id = any_recording(cmi)
    body = {**VENDOR_LOG, "time_stamp": "2016-04-15T08:58:53.650+03:00"}

    created_id(post_log(cmi, recording_id, body), recording_id)

    assert listen_log(cmi, recording_id)[-1]["time_stamp"] == "2016-04-15T05:58:53.650Z"


def test_post_listen_log__each_entry_gets_its_own_id(cmi: Cmi) -> None:
    recording_id = any_recording(cmi)

    first = created_id(post_log(cmi, recording_id, VENDOR_LOG), recording_id)
    second = created_id(post_log(cmi, recording_id, VENDOR_LOG), recording_id)

    assert first != second
    assert [e["id"] for e in listen_log(cmi, recording_id)[-2:]] == [first, second]


def test_post_listen_log__lower_case_recording_id_is_accepted(cmi: Cmi) -> None:
    recording_id = any_recording(cmi)

    response = post_log(cmi, recording_id.lower(), VENDOR_LOG)

    assert response.status_code == 201
    assert listen_log(cmi, recording_id)[-1]["id"] == response.get_data(as_text=True)


def test_post_listen_log__xml_body(cmi: Cmi) -> None:
    recording_id = any_recording(cmi)
    body = ("<?xml version=\"1.0\"?><listenLog><description>listened again</description>"
            "<userSessionId>userSessionId</userSessionId><user_id>Agent2 Login</user_id></listenLog>")

    new_id = created_id(cmi.post(f"/callRecordings/{recording_id}/listenLog", data=body, content_type=XML),
                        recording_id)

    entry = listen_log(cmi, recording_id)[-1]
    assert entry == {"id": new_id, "description": "listened again", "userSessionId": "userSessionId",
                     "user_guid": cmi.user().id, "user_id": CMI_USER, "user_name": cmi.user().name, "time_stamp": NOW}


@pytest.mark.parametrize(("body", "text"), [
    ({"userSessionId": "6936084DBA3C4941C80F2CB2E3EC00E3"}, "description: Missing data for required field."),
    ({"description": "listened because"}, "userSessionId: Missing data for required field."),
    ({**VENDOR_LOG, "description": None}, "description: Field may not be null."),
    ({**VENDOR_LOG, "userSessionId": 42}, "userSessionId: Not a valid string."),
    ({**VENDOR_LOG, "time_stamp": "15.04.2016"},
     "time_stamp: Not a valid datetime: not an ISO-8601 date: '15.04.2016'."),
])
def test_post_listen_log__invalid_body_is_400(cmi: Cmi, body: dict[str, Any], text: str) -> None:
    recording_id = any_recording(cmi)

    assert_nothing_logged(cmi, lambda: post_log(cmi, recording_id, body), 400, text)


def test_post_listen_log__xml_without_description_is_400(cmi: Cmi) -> None:
    recording_id = any_recording(cmi)
    body = "<listenLog><userSessionId>S</userSessionId></listenLog>"

    assert_nothing_logged(cmi, lambda: cmi.post(f"/callRecordings/{recording_id}/listenLog", data=body,
                                                content_type=XML), 400, "description: Missing data for required field.")


def test_post_listen_log__malformed_json_is_400(cmi: Cmi) -> None:
    recording_id = any_recording(cmi)

    assert_nothing_logged(cmi, lambda: cmi.post(f"/callRecordings/{recording_id}/listenLog", data="{description",
                                                content_type=JSON), 400, "Invalid JSON body.")


def test_post_listen_log__unsupported_content_type_is_415(cmi: Cmi) -> None:
    recording_id = any_recording(cmi)

    assert_nothing_logged(cmi, lambda: cmi.post(f"/callRecordings/{recording_id}/listenLog", data="listened",
                                                content_type="text/plain"), 415, "HTTP 415 Unsupported Media Type")


def test_post_listen_log__unknown_recording_is_404(cmi: Cmi) -> None:
    assert_nothing_logged(cmi, lambda: post_log(cmi, UNKNOWN_GUID, VENDOR_LOG), 404, "HTTP 404 Not Found")


def test_post_listen_log__invalid_recording_guid_is_400(cmi: Cmi) -> None:
    assert_nothing_logged(cmi, lambda: post_log(cmi, "0530B482", VENDOR_LOG), 400, "Invalid GUID: '0530B482'")


# ---- rights ----------------------------------------------------------------------------------


def requests_for(cmi: Cmi, auth: dict[str, str]) -> dict[str, Callable[[], Any]]:
    recording_id = any_recording(cmi, with_log=True)
    return {
        "list": lambda: cmi.get("/callRecordings", auth=auth),
        "get": lambda: cmi.get(f"/callRecordings/{recording_id}", auth=auth),
        "listenLog": lambda: cmi.get(f"/callRecordings/{recording_id}/listenLog", auth=auth),
        "post listenLog": lambda: post_log(cmi, recording_id, VENDOR_LOG, auth=auth),
    }


@pytest.mark.parametrize("operation", ["list", "get", "listenLog", "post listenLog"])
def test_recordings__restricted_user_without_listen_right_is_403(cmi: Cmi, operation: str) -> None:
    assert_nothing_logged(cmi, requests_for(cmi, RESTRICTED_AUTH)[operation], 403, FORBIDDEN)


@pytest.mark.parametrize("operation", ["list", "get", "listenLog", "post listenLog"])
def test_recordings__every_right_but_listen_to_recording_is_403(cmi: Cmi, operation: str) -> None:
    auth = make_user(cmi, "no.listening", [r for r in ALL_RIGHTS if r != LISTEN_TO_RECORDING])

    assert_nothing_logged(cmi, requests_for(cmi, auth)[operation], 403, FORBIDDEN)


def test_recordings__listen_right_alone_is_enough(cmi: Cmi) -> None:
    auth = make_user(cmi, "just.listening", [LISTEN_TO_RECORDING])

    assert recordings(cmi, auth=auth) == recordings(cmi)


def test_unknown_recording__without_listen_right_is_403_not_404(cmi: Cmi) -> None:
    assert_plain(cmi.get(f"/callRecordings/{UNKNOWN_GUID}", auth=RESTRICTED_AUTH), 403, FORBIDDEN)


# ---- consistency with /contacts --------------------------------------------------------------


def test_every_recording__points_at_a_recorded_phone_contact_of_its_call(cmi: Cmi) -> None:
    listed = recordings(cmi)

    assert listed
    for item in listed:
        contact = ok_json(cmi.get(f"/contacts/{item['contact_id']}"))
        assert contact["channel"] == "PHONE"
        assert contact["record"] is True
        assert contact["contactGroupId"] == item["call_id"]
        assert item["creation_time"] >= contact["arrivalTime"]


def test_every_recording__owner_exists_under_that_name(cmi: Cmi) -> None:
    users = {u["id"]: u["name"] for u in cmi.client.get("/__admin/sinch-cmi/users").get_json()}
    queues = {q["id"]: q["name"] for q in cmi.client.get("/__admin/sinch-cmi/queues").get_json()}

    for item in recordings(cmi):
        owners = users if item["owner_type"] == "user" else queues
        assert owners.get(item["owner_id"]) == item["owner_name"], item


def test_every_recorded_contact__has_a_recording(cmi: Cmi) -> None:
    recorded = {c["id"] for c in ok_json(cmi.get("/contacts?limit=10000")) if c.get("record")}

    assert recorded == {r["contact_id"] for r in recordings(cmi)}
