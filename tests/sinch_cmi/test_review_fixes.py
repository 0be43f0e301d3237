"""Refusals draw no ids, strict GUIDs, details follow the resource rights, limits only where documented,
four-digit years, settings checked at start, imported times without a zone."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from flask import Flask

from simulator import create_app
from simulator.config import Config
from simulator.sinch_cmi.models import LISTEN_TO_RECORDING, MANAGE_CONTACT_HISTORY, STATISTICS_DETAILS, User
from simulator.sinch_cmi.render.json_wire import iso
from tests.conftest import basic
from tests.sinch_cmi.support import Cmi, add_user, assert_plain, message_body


def _next_message_id(cmi: Cmi) -> str:
    response = cmi.post("/messages", json=message_body())
    assert response.status_code == 201
    return response.get_data(as_text=True)


def test_create_message__a_refused_request_draws_no_id(unlimited_app: Flask, cmi: Cmi) -> None:
    expected = _next_message_id(cmi)
    runtime = unlimited_app.extensions["simulator"]
    runtime.registry.reseed_all(runtime.config.seed)  # the same world again: the next id is `expected`
    refused = cmi.post("/messages", json=message_body(source="nobody@nowhere"))
    assert refused.status_code == 400
    assert _next_message_id(cmi) == expected


def test_create_script_result__a_forbidden_request_draws_no_id(unlimited_app: Flask, cmi: Cmi) -> None:
    expected = _next_message_id(cmi)
    runtime = unlimited_app.extensions["simulator"]
    runtime.registry.reseed_all(runtime.config.seed)
    call_in = next(c for c in cmi.state.contacts.values() if c.type == "CallIn")
    cmi.state.users["outbound-only"] = User(id="F" * 32, login="outbound-only", password="secret", name="Only, Out",
                                            rights=["OUTBOUND_CUSTOMER_VIEW"])  # set directly: the admin API draws ids
    auth = basic("outbound-only", "secret")
    body = {"script_id": "DCA8D3301BC74B9C8AFCB28026E7761B", "name": "Script", "contact_id": call_in.id,
            "scriptquestions": [{"data": "Q", "controltype": "text", "datatype": "text", "ordinal": 0,
                                 "scriptanswers": [{"answerdata": "A", "ordinal": 0}]}]}
    assert_plain(cmi.post("/scriptResults", json=body, auth=auth), 403, "HTTP 403 Forbidden")
    assert _next_message_id(cmi) == expected


@pytest.mark.parametrize("path", ["/emails/{g}%0A", "/contacts/{g}%0A", "/callbacks/{g}%0A"])
def test_get_by_id__guid_with_a_trailing_newline_is_invalid(cmi: Cmi, path: str) -> None:
    guid = next(iter(cmi.state.emails))
    assert_plain(cmi.get(path.format(g=guid)), 400, f"Invalid GUID: '{guid}\n'")


def test_create_script_result__body_guid_with_a_trailing_newline_is_invalid(cmi: Cmi) -> None:
    contact = next(iter(cmi.state.contacts))
    body = {"script_id": "B" * 32 + "\n", "name": "Script", "contact_id": contact, "scriptquestions": []}
    response = cmi.post("/scriptResults", json=body)
    assert_plain(response, 400, f"Invalid GUID: '{'B' * 32}\n'")


def test_contact_details__sections_follow_the_rights_of_their_resources(cmi: Cmi) -> None:
    recording = next(iter(cmi.state.recordings.values()))
    email_id = next(iter(cmi.state.emails))
    statistics_only = add_user(cmi, "stats-only", [STATISTICS_DETAILS])
    cmi.state.users["stats-only"].queues = list(cmi.state.queues)
    call = cmi.get(f"/contacts/{recording.contact_id}/details", auth=statistics_only).get_json()
    email = cmi.get(f"/contacts/{email_id}/details", auth=statistics_only).get_json()
    assert "callRecordings" not in call and call["scriptResults"] == []
    assert "email" not in email
    everything = add_user(cmi, "stats-and-more", [STATISTICS_DETAILS, LISTEN_TO_RECORDING, MANAGE_CONTACT_HISTORY])
    cmi.state.users["stats-and-more"].queues = list(cmi.state.queues)
    call = cmi.get(f"/contacts/{recording.contact_id}/details", auth=everything).get_json()
    assert recording.id in {r["id"] for r in call["callRecordings"]}
    assert cmi.get(f"/contacts/{email_id}/details", auth=everything).get_json()["email"]["id"] == email_id


def test_list_consents__no_default_cap_where_the_vendor_lists_no_limit(cmi: Cmi) -> None:
    for number in range(120):
        assert cmi.post("/customerConsents", json={"address": f"+3584000{number:04d}", "usage": "recording",
                                                   "consent": True}).status_code == 204
    assert len(cmi.get("/customerConsents").get_json()) == len(cmi.state.consents) > 100
    assert len(cmi.get("/customerConsents?limit=5").get_json()) == 5


def test_iso__years_before_1000_have_four_digits() -> None:
    assert iso(datetime(999, 1, 1, tzinfo=UTC)) == "0999-01-01T00:00:00.000Z"
    assert iso(datetime(2011, 12, 31, 13, 15, 30, 123456, tzinfo=UTC)) == "2011-12-31T13:15:30.123Z"


def test_config__a_malformed_cmi_rate_limit_is_refused_at_start() -> None:
    with pytest.raises(ValueError, match="SIMULATOR_SINCH_CMI_RATE_LIMIT='ten per second'"):
        create_app(Config(), sinch_cmi_rate_limit="ten per second")
    with pytest.raises(ValueError, match="SIMULATOR_SINCH_CMI_RATE_LIMIT"):
        Config.from_env({"SIMULATOR_SINCH_CMI_RATE_LIMIT": "often"})


def test_state_import__times_without_a_zone_are_read_as_utc(unlimited_app: Flask, cmi: Cmi) -> None:
    admin = unlimited_app.test_client()
    exported = admin.get("/__admin/state").get_json()
    contact_id, record = next(iter(exported["vendors"]["sinch_cmi"]["contacts"].items()))
    record["arrival_time"] = "2024-01-01T10:00:00"
    assert admin.put("/__admin/state", json=exported).status_code in (200, 204)
    response = cmi.get(f"/contacts/{contact_id}")
    assert response.status_code == 200
    assert response.get_json()["arrivalTime"] == "2024-01-01T10:00:00.000Z"
    assert cmi.get("/contacts").status_code == 200


def test_post_json__a_leading_byte_order_mark_is_read(cmi: Cmi) -> None:
    body = b"\xef\xbb\xbf" + json.dumps({"address": "+358401234567", "usage": "whatsapp", "consent": True}).encode()
    response = cmi.post("/customerConsents", data=body, content_type="application/json")
    assert response.status_code == 204, response.get_data(as_text=True)
    assert cmi.get("/customerConsents/whatsapp_+358401234567").get_json()["consent"] is True


@pytest.mark.parametrize("rest", [b"{oops", b"[" * 50_000, b"\xff\xfe"])
def test_post_json__a_byte_order_mark_before_bad_json_is_still_a_400(cmi: Cmi, rest: bytes) -> None:
    response = cmi.post("/customerConsents", data=b"\xef\xbb\xbf" + rest, content_type="application/json")
    assert_plain(response, 400, "Invalid JSON body.")
