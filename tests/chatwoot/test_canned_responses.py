"""Canned responses: list with search, create, update, delete; raw records with ISO times."""

from __future__ import annotations

from tests.chatwoot.support import ACCOUNT, AGENT_TOKEN, ISO_MS, NOT_FOUND, Chatwoot, assert_json

CANNED = f"{ACCOUNT}/canned_responses"


def test_list__raw_records_for_any_member(chatwoot: Chatwoot) -> None:
    records = chatwoot.get(CANNED, token=AGENT_TOKEN).get_json()
    assert len(records) == 5
    assert list(records[0]) == ["id", "account_id", "short_code", "content", "created_at", "updated_at"]
    assert all(ISO_MS.match(r["created_at"]) for r in records)


def test_list__search_matches_short_code_or_content_case_insensitively(chatwoot: Chatwoot) -> None:
    assert [r["short_code"] for r in chatwoot.get(f"{CANNED}?search=REFUND").get_json()] == ["refund"]
    assert [r["short_code"] for r in chatwoot.get(f"{CANNED}?search=colleague").get_json()] == ["escalate"]
    assert chatwoot.get(f"{CANNED}?search=zzz").get_json() == []


def test_create__flat_or_wrapped(chatwoot: Chatwoot) -> None:
    flat = chatwoot.post(CANNED, token=AGENT_TOKEN, json={"short_code": "thanks", "content": "Thank you!"})
    wrapped = chatwoot.post(CANNED, json={"canned_response": {"short_code": "bye", "content": "Bye!"}})
    assert flat.status_code == wrapped.status_code == 200
    assert (flat.get_json()["short_code"], wrapped.get_json()["content"]) == ("thanks", "Bye!")
    assert flat.get_json()["created_at"] == "2025-01-15T12:00:00.000Z"


def test_create__blank_or_duplicate_is_422(chatwoot: Chatwoot) -> None:
    assert_json(chatwoot.post(CANNED, json={"short_code": "", "content": ""}), 422, {
        "message": "Short code can't be blank, Content can't be blank", "attributes": ["short_code", "content"]})
    assert_json(chatwoot.post(CANNED, json={"short_code": "greeting", "content": "x"}), 422, {
        "message": "Short code has already been taken", "attributes": ["short_code"]})
    assert len(chatwoot.get(CANNED).get_json()) == 5


def test_update__changes_given_fields(chatwoot: Chatwoot) -> None:
    updated = chatwoot.patch(f"{CANNED}/1", json={"content": "Hi!"}).get_json()
    assert (updated["short_code"], updated["content"]) == ("greeting", "Hi!")
    assert updated["updated_at"] == "2025-01-15T12:00:00.000Z"
    assert_json(chatwoot.put(f"{CANNED}/2", json={"short_code": "greeting"}), 422, {
        "message": "Short code has already been taken", "attributes": ["short_code"]})


def test_update_and_delete__unknown_is_404(chatwoot: Chatwoot) -> None:
    assert_json(chatwoot.patch(f"{CANNED}/99", json={"content": "x"}), 404, NOT_FOUND)
    assert_json(chatwoot.delete(f"{CANNED}/99"), 404, NOT_FOUND)


def test_delete__empty_200(chatwoot: Chatwoot) -> None:
    response = chatwoot.delete(f"{CANNED}/1", token=AGENT_TOKEN)
    assert (response.status_code, response.get_data()) == (200, b"")
    assert 1 not in {r["id"] for r in chatwoot.get(CANNED).get_json()}
