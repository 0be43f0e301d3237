"""Custom attribute definitions and custom filters: models 0/1, 422 bodies, 204 deletes, v3.1 scoping."""

from __future__ import annotations

import pytest

from tests.chatwoot.support import ACCOUNT, AGENT_TOKEN, ISO_MS, NOT_FOUND, Chatwoot, assert_json

DEFINITIONS = f"{ACCOUNT}/custom_attribute_definitions"
FILTERS = f"{ACCOUNT}/custom_filters"


def keys(records: list[dict]) -> list[str]:
    return [r["attribute_key"] for r in records]


@pytest.mark.parametrize(("model", "expected"), [
    ("", ["plan", "signed_up_at", "order_number"]), ("0", ["order_number"]), ("1", ["plan", "signed_up_at"]),
    ("contact_attribute", ["plan", "signed_up_at"]),
])
def test_list_definitions__by_model(chatwoot: Chatwoot, model: str, expected: list[str]) -> None:
    records = chatwoot.get(f"{DEFINITIONS}?attribute_model={model}", token=AGENT_TOKEN).get_json()
    assert keys(records) == expected
    assert all(ISO_MS.match(r["created_at"]) for r in records)


def test_create_definition__wrapped_and_model_number(chatwoot: Chatwoot) -> None:
    body = {"custom_attribute_definition": {"attribute_display_name": "Tier", "attribute_key": "tier",
                                            "attribute_display_type": "number", "attribute_model": 1}}
    created = chatwoot.post(DEFINITIONS, json=body).get_json()
    assert (created["attribute_model"], created["attribute_values"], created["default_value"]) == (
        "contact_attribute", [], None)
    assert chatwoot.get(f"{DEFINITIONS}/{created['id']}").get_json() == created


def test_create_definition__invalid_is_422_and_stores_nothing(chatwoot: Chatwoot) -> None:
    response = chatwoot.post(DEFINITIONS, json={"attribute_key": "plan", "attribute_display_type": "colour",
                                                "attribute_model": 1})
    assert_json(response, 422, {
        "message": "Attribute display name can't be blank, Attribute display type is not included in the list, "
                   "Attribute key has already been taken",
        "attributes": ["attribute_display_name", "attribute_display_type", "attribute_key"]})
    assert len(chatwoot.state.custom_attributes) == 3


def test_update_and_delete_definition(chatwoot: Chatwoot) -> None:
    updated = chatwoot.patch(f"{DEFINITIONS}/1", json={"attribute_display_name": "Plan name"}).get_json()
    assert (updated["attribute_display_name"], updated["attribute_key"]) == ("Plan name", "plan")
    response = chatwoot.delete(f"{DEFINITIONS}/1")
    assert (response.status_code, response.get_data()) == (204, b"")
    assert_json(chatwoot.get(f"{DEFINITIONS}/1"), 404, NOT_FOUND)
    assert_json(chatwoot.delete(f"{DEFINITIONS}/1"), 404, NOT_FOUND)


def test_list_filters__only_the_callers_own_of_one_type(chatwoot: Chatwoot) -> None:
    assert [f["name"] for f in chatwoot.get(FILTERS).get_json()] == ["Open and unassigned"]
    assert chatwoot.get(FILTERS, token=AGENT_TOKEN).get_json() == []
    assert chatwoot.get(f"{FILTERS}?filter_type=contact").get_json() == []


def test_create_filter__filter_type_key_and_documented_type_ignored(chatwoot: Chatwoot) -> None:
    created = chatwoot.post(FILTERS, json={"name": "VIP", "type": "contact", "query": {"payload": []}}).get_json()
    assert created["filter_type"] == "conversation"
    contact = chatwoot.post(FILTERS, json={"name": "C", "filter_type": "contact", "query": {}}).get_json()
    assert_json(chatwoot.get(f"{FILTERS}/{contact['id']}"), 404, NOT_FOUND)  # v3.1 scoping quirk
    assert chatwoot.get(f"{FILTERS}/{contact['id']}?filter_type=contact").get_json() == contact


def test_create_filter__invalid_and_over_the_limit(chatwoot: Chatwoot) -> None:
    assert_json(chatwoot.post(FILTERS, json={"name": "", "filter_type": "x"}), 422, {
        "message": "Name can't be blank, 'x' is not a valid filter_type, Query can't be blank",
        "attributes": ["name", "filter_type", "query"]})
    for number in range(49):
        assert chatwoot.post(FILTERS, json={"name": f"f{number}", "query": {}}).status_code == 200
    assert_json(chatwoot.post(FILTERS, json={"name": "one too many", "query": {}}), 422, {
        "message": "Account Limit reached. The maximum number of allowed custom filters for a user per account is 50.",
        "attributes": ["account_id"]})


def test_update_and_delete_filter(chatwoot: Chatwoot) -> None:
    updated = chatwoot.put(f"{FILTERS}/1", json={"name": "Renamed"}).get_json()
    assert updated["name"] == "Renamed"
    assert_json(chatwoot.patch(f"{FILTERS}/1", token=AGENT_TOKEN, json={"name": "x"}), 404, NOT_FOUND)
    response = chatwoot.delete(f"{FILTERS}/1")
    assert (response.status_code, response.get_data()) == (204, b"")
    assert chatwoot.get(FILTERS).get_json() == []


def test_filter_count__the_records_the_saved_query_matches_now(chatwoot: Chatwoot) -> None:
    opened = chatwoot.get(f"{ACCOUNT}/conversations/meta?status=open").get_json()["meta"]  # admin: every inbox
    seeded = chatwoot.get(f"{FILTERS}/1").get_json()
    assert (seeded["query"]["payload"][0]["values"], seeded["count"]) == (["open"], opened["all_count"])
    chatwoot.post(f"{ACCOUNT}/conversations/1/toggle_status", json={"status": "open"})
    chatwoot.post(f"{ACCOUNT}/conversations/2/toggle_status", json={"status": "resolved"})
    now_open = chatwoot.get(f"{ACCOUNT}/conversations/meta?status=open").get_json()["meta"]["all_count"]
    assert chatwoot.get(FILTERS).get_json()[0]["count"] == now_open
    vip = {"payload": [{"attribute_key": "labels", "filter_operator": "contains", "values": ["vip"]}]}
    created = chatwoot.post(FILTERS, json={"name": "VIP", "filter_type": "contact", "query": vip}).get_json()
    tagged = sum(1 for contact in chatwoot.state.contacts.values() if "vip" in contact.labels)
    assert created["count"] == tagged > 0
    broken = chatwoot.post(FILTERS, json={"name": "Broken", "query": {"payload": [{"attribute_key": "nope"}]}})
    assert broken.get_json()["count"] == 0
    report = chatwoot.post(FILTERS, json={"name": "R", "filter_type": "report", "query": vip}).get_json()
    assert report["count"] == 0
