"""POST /conversations: the documented response shape, filters, paging and its 400s."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.conftest import ROBIN_AUTH, basic
from tests.robin.support import (
    CANONICAL_CONVERSATION_ID,
    CANONICAL_GUID,
    ORDER_GUID,
    all_conversations,
    channel_message,
    conversations,
    detail,
    post_robin,
)

CANONICAL = {
    "guid": CANONICAL_GUID,
    "subject": "This is the conversation subject",
    "channel": "Chat",
    "state": "Open",
    "owner": {"type": "User", "name": "Petra", "emailAddress": "petra@email.com"},
    "webStore": "Default webstore",
    "category": "Question",
    "linkedOrderNumbers": "#1234,#4356",
    "tags": "Tag1, Tag2",
    "referrer": "http://cm.com",
    "startDateTime": "2024-12-28T15:39:04",
    "messages": [
        {
            "sentDateTime": "2024-12-28T15:39:04",
            "sender": {"type": "Relation", "name": "Nick", "emailAddress": "nick@mail.com"},
            "content": "I don't know what my apikey is, can you help me?",
            "scope": "External",
            "rating": "None",
        },
        {
            "sentDateTime": "2024-12-28T15:41:10",
            "sender": {"type": "User", "name": "Petra", "emailAddress": "petra@email.com"},
            "content": "Of course! You can find it under Settings > API.",
            "scope": "External",
            "rating": "Positive",
        },
    ],
}
CONVERSATION_KEYS = list(CANONICAL)
MESSAGE_KEYS = ["sentDateTime", "sender", "content", "scope", "rating"]


@pytest.fixture(scope="module")
def everything(shared: FlaskClient) -> list[dict[str, Any]]:
    return all_conversations(shared)


def guids(found: list[dict[str, Any]]) -> list[str]:
    return [c["guid"] for c in found]


def test_conversations__by_guid_returns_the_documented_shape(shared: FlaskClient) -> None:
    response = post_robin(shared, "/robin/conversations", {"guid": CANONICAL_GUID})

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert list(body) == ["conversations"]
    assert body["conversations"] == [CANONICAL]


def test_conversations__fields_use_the_documented_spelling(
    everything: list[dict[str, Any]],
) -> None:
    for conversation in everything:
        assert list(conversation) == CONVERSATION_KEYS
        assert isinstance(conversation["linkedOrderNumbers"], str)
        assert isinstance(conversation["tags"], str)
        owner = conversation["owner"]
        assert owner is None or list(owner) == ["type", "name", "emailAddress"]
        for message in conversation["messages"]:
            assert list(message) == MESSAGE_KEYS
            assert list(message["sender"]) == ["type", "name", "emailAddress"]


def test_conversations__times_have_no_zone(everything: list[dict[str, Any]]) -> None:
    stamps = [c["startDateTime"] for c in everything]
    stamps += [m["sentDateTime"] for c in everything for m in c["messages"]]

    assert all(len(s) == 19 and s[10] == "T" for s in stamps)
    assert not [s for s in stamps if s.endswith("Z") or "+" in s]


def test_conversations__by_conversation_id(shared: FlaskClient) -> None:
    found = conversations(shared, conversationId=CANONICAL_CONVERSATION_ID)

    assert found == [CANONICAL]


def test_conversations__guid_and_conversation_id_are_case_insensitive(shared: FlaskClient) -> None:
    assert guids(conversations(shared, guid=CANONICAL_GUID.upper())) == [CANONICAL_GUID]
    upper_id = CANONICAL_CONVERSATION_ID.upper()
    assert guids(conversations(shared, conversationId=upper_id)) == [CANONICAL_GUID]


def test_conversations__guid_and_conversation_id_of_different_conversations_match_none(
    shared: FlaskClient,
) -> None:
    found = conversations(shared, guid=ORDER_GUID, conversationId=CANONICAL_CONVERSATION_ID)

    assert found == []


def test_conversations__unknown_guid_returns_an_empty_list(shared: FlaskClient) -> None:
    response = post_robin(shared, "/robin/conversations", {"guid": "no-such-guid"})

    assert response.status_code == 200
    assert response.get_json() == {"conversations": []}


def test_conversations__by_email_address(shared: FlaskClient) -> None:
    found = all_conversations(shared, emailAddress="nick@mail.com")

    assert CANONICAL_GUID in guids(found)
    assert ORDER_GUID not in guids(found)
    for conversation in found:
        assert detail(shared, conversation["guid"])["customer_email"] == "nick@mail.com"


def test_conversations__by_email_address_ignores_case(shared: FlaskClient) -> None:
    lower = all_conversations(shared, emailAddress="nick@mail.com")

    assert all_conversations(shared, emailAddress="NICK@Mail.com") == lower


def test_conversations__by_email_address_finds_every_conversation_of_the_customer(
    shared: FlaskClient, everything: list[dict[str, Any]]
) -> None:
    expected = [
        c["guid"]
        for c in everything
        if detail(shared, c["guid"])["customer_email"] == "email@address.com"
    ]

    found = all_conversations(shared, emailAddress="email@address.com")

    assert guids(found) == expected
    assert ORDER_GUID in expected


def test_conversations__unknown_email_address_returns_an_empty_list(shared: FlaskClient) -> None:
    assert conversations(shared, emailAddress="nobody@nowhere.example") == []


def test_conversations__by_order_number(shared: FlaskClient) -> None:
    found = all_conversations(shared, orderNumber="RHQO1234")

    assert ORDER_GUID in guids(found)
    assert CANONICAL_GUID not in guids(found)
    assert all("RHQO1234" in c["linkedOrderNumbers"].split(",") for c in found)


@pytest.mark.parametrize("number", ["#1234", "1234"])
def test_conversations__order_number_with_or_without_hash(shared: FlaskClient, number: str) -> None:
    found = all_conversations(shared, orderNumber=number)

    assert CANONICAL_GUID in guids(found)
    assert ORDER_GUID not in guids(found)
    for conversation in found:
        linked = [n.lstrip("#") for n in conversation["linkedOrderNumbers"].split(",")]
        assert "1234" in linked


def test_conversations__order_number_matches_whole_numbers_only(shared: FlaskClient) -> None:
    assert all_conversations(shared, orderNumber="123") == []
    assert all_conversations(shared, orderNumber="RHQO") == []


def test_conversations__filters_combine(shared: FlaskClient) -> None:
    assert guids(conversations(shared, emailAddress="nick@mail.com", orderNumber="#4356")) == [
        CANONICAL_GUID
    ]
    assert conversations(shared, emailAddress="nick@mail.com", orderNumber="RHQO1234") == []
    assert conversations(shared, guid=CANONICAL_GUID, emailAddress="email@address.com") == []


def test_conversations__first_page_holds_20_newest_first(
    shared: FlaskClient, everything: list[dict[str, Any]]
) -> None:
    page = conversations(shared)

    assert len(everything) > 40
    assert len(page) == 20
    assert page == everything[:20]
    starts = [c["startDateTime"] for c in everything]
    assert starts == sorted(starts, reverse=True)


def test_conversations__skip_pages_through_everything(
    shared: FlaskClient, everything: list[dict[str, Any]]
) -> None:
    second = conversations(shared, skip=20)
    odd = conversations(shared, skip=7)

    assert second == everything[20:40]
    assert odd == everything[7:27]
    assert len(set(guids(everything))) == len(everything)


def test_conversations__skip_past_the_end_returns_an_empty_list(
    shared: FlaskClient, everything: list[dict[str, Any]]
) -> None:
    assert conversations(shared, skip=len(everything)) == []
    assert conversations(shared, skip=len(everything) - 1) == everything[-1:]


def test_conversations__skip_applies_after_filtering(shared: FlaskClient) -> None:
    found = all_conversations(shared, emailAddress="email@address.com")

    assert conversations(shared, emailAddress="email@address.com", skip=1) == found[1:21]


@pytest.mark.parametrize(
    "request_body",
    [None, {}, {"unknownField": "x"}],
    ids=["no-body", "empty-object", "unknown-field"],
)
def test_conversations__without_filters_returns_the_first_page(
    shared: FlaskClient, everything: list[dict[str, Any]], request_body: Any
) -> None:
    if request_body is None:
        response = shared.post("/robin/conversations", headers=ROBIN_AUTH)
    else:
        response = post_robin(shared, "/robin/conversations", request_body)

    assert response.status_code == 200
    assert response.get_json() == {"conversations": everything[:20]}


def test_conversations__empty_body_with_json_content_type_returns_the_first_page(
    shared: FlaskClient, everything: list[dict[str, Any]]
) -> None:
    response = shared.post(
        "/robin/conversations", data="", headers={**ROBIN_AUTH, "Content-Type": "application/json"}
    )

    assert response.status_code == 200
    assert response.get_json() == {"conversations": everything[:20]}


@pytest.mark.parametrize(
    ("skip", "message"),
    [
        (-1, "Must be greater than or equal to 0."),
        ("twenty", "Not a valid integer."),
        (None, "Field may not be null."),
    ],
)
def test_conversations__invalid_skip_returns_400(
    shared: FlaskClient, skip: Any, message: str
) -> None:
    response = post_robin(shared, "/robin/conversations", {"skip": skip})

    assert response.status_code == 400
    assert response.get_json() == {
        "message": f"Invalid field 'skip': {message}",
        "errors": {"skip": [message]},
    }


@pytest.mark.parametrize("field", ["emailAddress", "orderNumber", "guid", "conversationId"])
def test_conversations__non_string_filter_returns_400_naming_it(
    shared: FlaskClient, field: str
) -> None:
    response = post_robin(shared, "/robin/conversations", {field: 1234})

    assert response.status_code == 400
    assert response.get_json() == {
        "message": f"Invalid field '{field}': Not a valid string.",
        "errors": {field: ["Not a valid string."]},
    }


def test_conversations__unowned_conversation_has_null_owner(client: FlaskClient) -> None:
    post_robin(client, "/robin/messages/", channel_message())

    found = conversations(client, emailAddress="new.customer@example.com")

    assert len(found) == 1
    assert found[0]["owner"] is None


def test_conversations__new_conversation_comes_first(client: FlaskClient) -> None:
    post_robin(client, "/robin/messages/", channel_message())

    first = conversations(client)[0]

    assert first["channel"] == "Custom channel"
    assert first["startDateTime"] == "2025-01-15T12:00:00"


def test_conversations__other_tenant_sees_only_its_own(client: FlaskClient) -> None:
    client.post("/__admin/robin/tenants", json={"api_key": "other", "api_secret": "other-secret"})

    response = client.post(
        "/robin/conversations",
        json={"guid": CANONICAL_GUID},
        headers=basic("other", "other-secret"),
    )

    assert response.status_code == 200
    assert response.get_json() == {"conversations": []}
