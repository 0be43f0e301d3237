"""CMI /customerConsents: wildcard listing, upsert by usage and address, `{usage}_{address}` keys, rights."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote
from xml.etree.ElementTree import fromstring

import pytest

from simulator.sinch_cmi.models import ALL_RIGHTS, CONSENTS_CREATE, CONSENTS_DELETE, CONSENTS_VIEW
from tests.sinch_cmi.support import RESTRICTED_AUTH, XML, Cmi, add_user, assert_no_content, assert_plain

CONSENTS = "/customerConsents"
FORBIDDEN = "HTTP 403 Forbidden"
NOT_FOUND = "HTTP 404 Not Found"
MINE = "+35850*"  # the addresses these tests use (the seeded ones are Dutch numbers)
RECORDS = [
    {"address": "+358501000001", "usage": "recording", "consent": True},
    {"address": "+358501000002", "usage": "recording", "consent": False},
    {"address": "+358501000001", "usage": "whatsapp", "consent": False},
    {"address": "+358509999999", "usage": "whatsapp", "consent": True},
]


# ---- helpers -------------------------------------------------------------------------------


def put_consent(cmi: Cmi, address: str, usage: str, consent: bool, auth: dict[str, str] | None = None) -> None:
    response = cmi.post(CONSENTS, json={"address": address, "usage": usage, "consent": consent}, auth=auth)
    assert_no_content(response)


def add_records(cmi: Cmi) -> None:
    for record in RECORDS:
        put_consent(cmi, **record)


def key_path(usage: str, address: str) -> str:
    return f"{CONSENTS}/{usage}_{address}"


def listed(cmi: Cmi, **query: Any) -> list[dict[str, Any]]:
    response = cmi.get(CONSENTS, query_string=query)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def mine(cmi: Cmi, **query: Any) -> list[dict[str, Any]]:
    return listed(cmi, address=query.pop("address", MINE), **query)


def fetch(cmi: Cmi, usage: str, address: str) -> dict[str, Any]:
    response = cmi.get(key_path(usage, address))
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def without(right: str) -> list[str]:
    return [r for r in ALL_RIGHTS if r != right]


# ---- GET /customerConsents -----------------------------------------------------------------


def test_list__every_consent_in_insertion_order(cmi: Cmi) -> None:
    seeded = listed(cmi)
    assert len(seeded) == len(cmi.state.consents)
    add_records(cmi)
    assert listed(cmi) == seeded + RECORDS


def test_list__seeded_consents_have_the_vendor_shape(cmi: Cmi) -> None:
    for record in listed(cmi):
        assert set(record) == {"address", "usage", "consent"}
        assert record["usage"] in ("whatsapp", "recording")
        assert isinstance(record["consent"], bool)


@pytest.mark.parametrize(("query", "expected"), [
    ({"address": "+358501000001"}, [0, 2]),
    ({"address": "+35850100000?"}, [0, 1, 2]),
    ({"address": "+3585010000?"}, []),
    ({"address": "*9999"}, [3]),
    ({"address": "358501000001"}, []),  # the whole value must match
    ({"usage": "recording"}, [0, 1]),
    ({"usage": "w*"}, [2, 3]),
    ({"usage": "RECORDING"}, [0, 1]),
    ({"consent": "true"}, [0, 3]),
    ({"consent": "false"}, [1, 2]),
    ({"consent": "f*"}, [1, 2]),
    ({"consent": "?rue"}, [0, 3]),
    ({"usage": "whatsapp", "consent": "false"}, [2]),
    ({"address": "+358501000001", "usage": "whatsapp", "consent": "true"}, []),
])
def test_list__wildcard_fields(cmi: Cmi, query: dict[str, str], expected: list[int]) -> None:
    add_records(cmi)
    assert mine(cmi, **query) == [RECORDS[i] for i in expected]


def test_list__usage_filter_covers_seeded_consents(cmi: Cmi) -> None:
    recording = [c for c in cmi.state.consents.values() if c.usage == "recording"]
    found = listed(cmi, usage="recording")
    assert [r["address"] for r in found] == [c.address for c in recording]


def test_list__sort_and_limit(cmi: Cmi) -> None:
    add_records(cmi)
    assert mine(cmi, sort="-address,usage") == [RECORDS[3], RECORDS[1], RECORDS[0], RECORDS[2]]
    assert mine(cmi, sort="consent,address") == [RECORDS[2], RECORDS[1], RECORDS[0], RECORDS[3]]
    assert mine(cmi, sort="address", limit=2) == [RECORDS[0], RECORDS[2]]
    assert len(listed(cmi, limit=3)) == 3


def test_list__no_default_cap_where_the_vendor_lists_no_limit(cmi: Cmi) -> None:
    for number in range(120):
        assert cmi.post(CONSENTS, json={"address": f"+3584000{number:04d}", "usage": "recording",
                                        "consent": True}).status_code == 204
    assert len(cmi.get(CONSENTS).get_json()) == len(cmi.state.consents) > 100
    assert len(cmi.get(f"{CONSENTS}?limit=5").get_json()) == 5


@pytest.mark.parametrize(("query", "text"), [
    ("limit=0", "Invalid limit: '0' (must be a positive integer)"),
    ("limit=ten", "limit: Not a valid integer."),
    ("sort=phone", "Invalid sort field: 'phone'"),
    ("phone=1", "Unknown parameter: 'phone'"),
])
def test_list__bad_query_is_400(cmi: Cmi, query: str, text: str) -> None:
    assert_plain(cmi.get(f"{CONSENTS}?{query}"), 400, text)


def test_list__xml(cmi: Cmi) -> None:
    add_records(cmi)
    response = cmi.xml(f"{CONSENTS}?address=%2B35850*")
    assert response.status_code == 200
    assert response.mimetype == XML
    root = fromstring(response.get_data())
    assert root.tag == "customerConsents"
    assert [child.tag for child in root] == ["customerConsent"] * len(RECORDS)
    assert [[(f.tag, f.text) for f in child] for child in root] == [
        [("address", r["address"]), ("usage", r["usage"]), ("consent", "true" if r["consent"] else "false")]
        for r in RECORDS
    ]


# ---- POST /customerConsents ----------------------------------------------------------------


def test_upsert__204_and_stored(cmi: Cmi) -> None:
    response = cmi.post(CONSENTS, json={"address": "+8541255455", "usage": "whatsapp", "consent": True})
    assert_no_content(response)
    assert "Location" not in response.headers
    assert fetch(cmi, "whatsapp", "+8541255455") == {"address": "+8541255455", "usage": "whatsapp", "consent": True}


def test_upsert__same_usage_and_address_updates(cmi: Cmi) -> None:
    put_consent(cmi, "+358501000001", "recording", True)
    count = len(listed(cmi))
    put_consent(cmi, "+358501000001", "recording", False)
    assert len(listed(cmi)) == count
    assert mine(cmi) == [{"address": "+358501000001", "usage": "recording", "consent": False}]
    assert fetch(cmi, "recording", "+358501000001")["consent"] is False
    put_consent(cmi, "+358501000001", "recording", True)
    assert fetch(cmi, "recording", "+358501000001")["consent"] is True


def test_upsert__different_usage_is_a_separate_record(cmi: Cmi) -> None:
    put_consent(cmi, "+358501000001", "recording", True)
    put_consent(cmi, "+358501000001", "whatsapp", False)
    assert mine(cmi) == [
        {"address": "+358501000001", "usage": "recording", "consent": True},
        {"address": "+358501000001", "usage": "whatsapp", "consent": False},
    ]
    assert fetch(cmi, "recording", "+358501000001")["consent"] is True
    assert fetch(cmi, "whatsapp", "+358501000001")["consent"] is False


def test_upsert__different_address_is_a_separate_record(cmi: Cmi) -> None:
    put_consent(cmi, "+358501000001", "recording", True)
    put_consent(cmi, "+358501000002", "recording", True)
    assert [r["address"] for r in mine(cmi)] == ["+358501000001", "+358501000002"]


def test_upsert__updates_a_seeded_consent(cmi: Cmi) -> None:
    seeded = listed(cmi)[0]
    put_consent(cmi, seeded["address"], seeded["usage"], not seeded["consent"])
    assert listed(cmi)[0] == {**seeded, "consent": not seeded["consent"]}


def test_upsert__xml_body(cmi: Cmi) -> None:
    xml = (b"<customerConsent><address>+358501000001</address><usage>recording</usage>"
           b"<consent>false</consent></customerConsent>")
    assert_no_content(cmi.post(CONSENTS, data=xml, content_type=XML))
    assert fetch(cmi, "recording", "+358501000001") == {"address": "+358501000001", "usage": "recording",
                                                        "consent": False}


@pytest.mark.parametrize(("payload", "text"), [
    ({"address": "+358501000001", "usage": "email", "consent": True}, "usage: Must be one of: whatsapp, recording."),
    ({"address": "+358501000001", "usage": "WhatsApp", "consent": True},
     "usage: Must be one of: whatsapp, recording."),
    ({"address": "+358501000001", "usage": "whatsapp", "consent": "maybe"}, "consent: Not a valid boolean."),
    ({"address": "+358501000001", "usage": "whatsapp", "consent": None}, "consent: Field may not be null."),
    ({"address": "", "usage": "whatsapp", "consent": True}, "address: Shorter than minimum length 1."),
    ({"address": 358501000001, "usage": "whatsapp", "consent": True}, "address: Not a valid string."),
    ({"usage": "whatsapp", "consent": True}, "address: Missing data for required field."),
    ({"address": "+358501000001", "consent": True}, "usage: Missing data for required field."),
    ({"address": "+358501000001", "usage": "whatsapp"}, "consent: Missing data for required field."),
])
def test_upsert__invalid_body_is_400_and_stores_nothing(cmi: Cmi, payload: dict[str, Any], text: str) -> None:
    before = dict(cmi.state.consents)
    assert_plain(cmi.post(CONSENTS, json=payload), 400, text)
    assert cmi.state.consents == before


def test_upsert__invalid_xml_body_is_400_and_stores_nothing(cmi: Cmi) -> None:
    before = dict(cmi.state.consents)
    xml = b"<customerConsent><address>+358501000001</address><usage>sms</usage><consent>1</consent></customerConsent>"
    assert_plain(cmi.post(CONSENTS, data=xml, content_type=XML), 400, "usage: Must be one of: whatsapp, recording.")
    assert cmi.state.consents == before


# ---- GET /customerConsents/{usage}_{address} -----------------------------------------------


@pytest.mark.parametrize("address", ["+358501000001", "+1 555 0100", "alice@example.com", "a_b_c", "+"])
def test_get__by_usage_and_address(cmi: Cmi, address: str) -> None:
    put_consent(cmi, address, "recording", True)
    assert fetch(cmi, "recording", quote(address)) == {"address": address, "usage": "recording", "consent": True}


def test_get__plus_sign_raw_or_encoded(cmi: Cmi) -> None:
    put_consent(cmi, "+358501000001", "whatsapp", True)
    assert fetch(cmi, "whatsapp", "+358501000001") == fetch(cmi, "whatsapp", "%2B358501000001")


def test_get__seeded_consent(cmi: Cmi) -> None:
    seeded = listed(cmi)[0]
    assert fetch(cmi, seeded["usage"], seeded["address"]) == seeded


def test_get__other_usage_of_the_same_address_is_404(cmi: Cmi) -> None:
    put_consent(cmi, "+358501000001", "recording", True)
    assert_plain(cmi.get(key_path("whatsapp", "+358501000001")), 404, NOT_FOUND)


@pytest.mark.parametrize("key", ["recording_+358501000009", "whatsapp_nobody", "recording_358501000001"])
def test_get__unknown_is_404(cmi: Cmi, key: str) -> None:
    put_consent(cmi, "+358501000001", "recording", True)
    assert_plain(cmi.get(f"{CONSENTS}/{key}"), 404, NOT_FOUND)


@pytest.mark.parametrize(("key", "text"), [
    ("email_+358501000001", "Invalid usage: 'email' (one of whatsapp, recording)"),
    ("Recording_+358501000001", "Invalid usage: 'Recording' (one of whatsapp, recording)"),
    ("_+358501000001", "Invalid usage: '' (one of whatsapp, recording)"),
    ("recording", "Invalid consent id: 'recording' (expected <usage>_<address>)"),
    ("recording_", "Invalid consent id: 'recording_' (expected <usage>_<address>)"),
    ("+358501000001", "Invalid consent id: '+358501000001' (expected <usage>_<address>)"),
])
def test_get__malformed_key_is_400(cmi: Cmi, key: str, text: str) -> None:
    assert_plain(cmi.get(f"{CONSENTS}/{key}"), 400, text)


def test_get__xml(cmi: Cmi) -> None:
    put_consent(cmi, "+358501000001", "whatsapp", True)
    response = cmi.xml(key_path("whatsapp", "+358501000001"))
    assert response.status_code == 200
    assert response.mimetype == XML
    root = fromstring(response.get_data())
    assert root.tag == "customerConsent"
    assert [(f.tag, f.text) for f in root] == [("address", "+358501000001"), ("usage", "whatsapp"),
                                               ("consent", "true")]


# ---- DELETE /customerConsents/{usage}_{address} --------------------------------------------


def test_delete__204_then_404(cmi: Cmi) -> None:
    put_consent(cmi, "+358501000001", "recording", True)
    assert_no_content(cmi.delete(key_path("recording", "+358501000001")))
    assert_plain(cmi.get(key_path("recording", "+358501000001")), 404, NOT_FOUND)
    assert_plain(cmi.delete(key_path("recording", "+358501000001")), 404, NOT_FOUND)
    assert mine(cmi) == []


def test_delete__only_that_usage(cmi: Cmi) -> None:
    add_records(cmi)
    assert_no_content(cmi.delete(key_path("whatsapp", "%2B358501000001")))
    assert mine(cmi) == [RECORDS[0], RECORDS[1], RECORDS[3]]


def test_delete__then_upsert_again(cmi: Cmi) -> None:
    put_consent(cmi, "+358501000001", "recording", True)
    assert_no_content(cmi.delete(key_path("recording", "+358501000001")))
    put_consent(cmi, "+358501000001", "recording", False)
    assert fetch(cmi, "recording", "+358501000001")["consent"] is False


def test_delete__unknown_is_404(cmi: Cmi) -> None:
    before = dict(cmi.state.consents)
    assert_plain(cmi.delete(key_path("whatsapp", "+358501000009")), 404, NOT_FOUND)
    assert cmi.state.consents == before


@pytest.mark.parametrize(("key", "text"), [
    ("sms_+358501000001", "Invalid usage: 'sms' (one of whatsapp, recording)"),
    ("whatsapp", "Invalid consent id: 'whatsapp' (expected <usage>_<address>)"),
])
def test_delete__malformed_key_is_400(cmi: Cmi, key: str, text: str) -> None:
    before = dict(cmi.state.consents)
    assert_plain(cmi.delete(f"{CONSENTS}/{key}"), 400, text)
    assert cmi.state.consents == before


# ---- rights --------------------------------------------------------------------------------


def test_rights__view_is_needed_to_read(cmi: Cmi) -> None:
    put_consent(cmi, "+358501000001", "recording", True)
    auth = add_user(cmi, "no-view", without(CONSENTS_VIEW))
    assert_plain(cmi.get(CONSENTS, auth=auth), 403, FORBIDDEN)
    assert_plain(cmi.get(key_path("recording", "+358501000001"), auth=auth), 403, FORBIDDEN)
    assert_plain(cmi.get(key_path("recording", "+358501000009"), auth=auth), 403, FORBIDDEN)


def test_rights__view_alone_is_enough_to_read(cmi: Cmi) -> None:
    put_consent(cmi, "+358501000001", "recording", True)
    for auth in (add_user(cmi, "viewer", [CONSENTS_VIEW]), RESTRICTED_AUTH):
        assert cmi.get(CONSENTS, auth=auth).get_json() == listed(cmi)
        assert cmi.get(key_path("recording", "+358501000001"), auth=auth).get_json()["consent"] is True


def test_rights__create_is_needed_to_upsert(cmi: Cmi) -> None:
    put_consent(cmi, "+358501000001", "recording", True)
    before = dict(cmi.state.consents)
    for auth in (add_user(cmi, "no-create", without(CONSENTS_CREATE)), RESTRICTED_AUTH):
        for consent in ({"address": "+358501000001", "usage": "recording", "consent": False},
                        {"address": "+358501000002", "usage": "whatsapp", "consent": True}):
            assert_plain(cmi.post(CONSENTS, json=consent, auth=auth), 403, FORBIDDEN)
    assert cmi.state.consents == before
    assert fetch(cmi, "recording", "+358501000001")["consent"] is True


def test_rights__create_alone_is_enough_to_upsert(cmi: Cmi) -> None:
    auth = add_user(cmi, "creator", [CONSENTS_CREATE])
    put_consent(cmi, "+358501000001", "whatsapp", True, auth=auth)
    assert_plain(cmi.get(CONSENTS, auth=auth), 403, FORBIDDEN)
    assert fetch(cmi, "whatsapp", "+358501000001")["consent"] is True


def test_rights__delete_is_needed_to_delete(cmi: Cmi) -> None:
    put_consent(cmi, "+358501000001", "recording", True)
    before = dict(cmi.state.consents)
    for auth in (add_user(cmi, "no-delete", without(CONSENTS_DELETE)), RESTRICTED_AUTH):
        assert_plain(cmi.delete(key_path("recording", "+358501000001"), auth=auth), 403, FORBIDDEN)
    assert cmi.state.consents == before


def test_rights__delete_alone_is_enough_to_delete(cmi: Cmi) -> None:
    put_consent(cmi, "+358501000001", "recording", True)
    auth = add_user(cmi, "deleter", [CONSENTS_DELETE])
    assert_no_content(cmi.delete(key_path("recording", "+358501000001"), auth=auth))
    assert_plain(cmi.get(key_path("recording", "+358501000001")), 404, NOT_FOUND)
