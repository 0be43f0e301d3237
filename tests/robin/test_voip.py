"""VoIP POST /voip/registerevent/<apikey>: call conversations, profile selection, 406 and 400."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from simulator.core.clock import Clock
from tests.robin.support import (
    FROZEN_ISO,
    FROZEN_NAIVE,
    VOIP_URL,
    conversation_for_call,
    conversations,
    detail,
    settle,
    tenant_state,
    voip_event,
)

PETRA = {"type": "User", "name": "Petra", "emailAddress": "petra@email.com"}
ROBIN_USER = {"type": "User", "name": "Robin User", "emailAddress": "user@robinhq.com"}


def register(client: FlaskClient, **overrides: Any) -> Any:
    return client.post(VOIP_URL, json=voip_event(**overrides))


def answered(client: FlaskClient, **overrides: Any) -> dict[str, Any]:
    response = register(client, **overrides)
    assert response.status_code == 201, response.get_data(as_text=True)
    settle(client)
    return conversation_for_call(client, overrides.get("Id", "24c562241e9f"))


def test_register_event__answered_returns_201_with_empty_body(client: FlaskClient) -> None:
    response = register(client)

    assert response.status_code == 201
    assert response.get_data() == b""


def test_register_event__answered_opens_a_phone_conversation_owned_by_the_agent(
    client: FlaskClient,
) -> None:
    register(client)

    newest = conversations(client, emailAddress="email@address.com")[0]

    assert newest["channel"] == "Phone"
    assert newest["owner"] == PETRA
    assert newest["state"] == "Open"
    assert newest["webStore"] == "Default webstore"
    assert newest["referrer"] == "+31858770023"
    assert newest["startDateTime"] == FROZEN_NAIVE
    assert newest["subject"] == "Inbound call +31612345678"
    assert newest["messages"] == [
        {
            "sentDateTime": FROZEN_NAIVE,
            "sender": {"type": "System", "name": "ROBIN", "emailAddress": ""},
            "content": "Inbound call from +31612345678 answered by Petra (extension 201)",
            "scope": "Internal",
            "rating": "None",
        }
    ]


def test_register_event__answered_finds_the_customer_by_phone(client: FlaskClient) -> None:
    conversation = answered(client)

    assert conversation["customer_email"] == "email@address.com"
    assert conversation["customer_phone"] == "+31612345678"
    assert conversation["relation_name"] == "John Doe"
    assert conversation["call"] == {
        "call_id": "24c562241e9f",
        "phone_number": "+31612345678",
        "direction": "Inbound",
        "phone_referrer": "+31858770023",
        "filter_field": "",
        "filter_value": "",
        "answered_at": FROZEN_ISO,
        "answered_by": "petra@email.com",
        "ended_at": None,
        "events": [
            {
                "event_type": "Answered",
                "at": FROZEN_ISO,
                "phone_extension": "201",
                "agent_email": "petra@email.com",
            }
        ],
        "customer_candidates": [],
    }


def test_register_event__phone_number_in_national_format_finds_the_customer(
    client: FlaskClient,
) -> None:
    conversation = answered(client, PhoneNumber="0612345678")

    assert conversation["customer_email"] == "email@address.com"


def test_register_event__numeric_phone_number_is_accepted(client: FlaskClient) -> None:
    conversation = answered(client, PhoneNumber=31612345678)

    assert conversation["customer_phone"] == "31612345678"
    assert conversation["customer_email"] == "email@address.com"


def test_register_event__referrer_routes_to_the_webstore(client: FlaskClient) -> None:
    conversation = answered(client, PhoneReferrer="+31858770099")

    assert conversation["webstore"] == "Outlet"


def test_register_event__without_referrer_uses_the_default_webstore(client: FlaskClient) -> None:
    event = voip_event()
    del event["PhoneReferrer"]

    assert client.post(VOIP_URL, json=event).status_code == 201

    assert conversation_for_call(client, "24c562241e9f")["webstore"] == "Default webstore"


def test_register_event__unknown_number_leaves_the_customer_empty(client: FlaskClient) -> None:
    conversation = answered(client, PhoneNumber="+31600000001")

    assert conversation["customer_email"] == ""
    assert conversation["call"]["customer_candidates"] == []


def test_register_event__shared_number_lists_every_candidate(client: FlaskClient) -> None:
    conversation = answered(client, PhoneNumber="+31655556666")

    assert conversation["customer_email"] == ""
    assert conversation["relation_name"] == ""
    assert conversation["profile"]["status"] == "none"
    stored = detail(client, conversation["guid"])
    assert stored["call"]["customer_candidates"] == [
        "eva.bakker@example.com",
        "tom.bakker@example.com",
    ]
    assert stored["messages"][0]["content"] == (
        "Inbound call from +31655556666 answered by Petra (extension 201); "
        "2 customers share this number, shown as search results"
    )


def test_register_event__filter_value_selects_the_customer(client: FlaskClient) -> None:
    conversation = answered(
        client,
        PhoneNumber="+31655556666",
        FilterField="customer_identifier",
        FilterValue="customer_1234",
    )

    assert conversation["customer_email"] == "email@address.com"
    assert conversation["relation_name"] == "John Doe"
    assert conversation["call"]["customer_candidates"] == []
    assert conversation["call"]["filter_field"] == "customer_identifier"
    assert conversation["call"]["filter_value"] == "customer_1234"
    assert conversation["profile"]["external_identifier"] == "customer_1234"


def test_register_event__numeric_filter_value_is_accepted(client: FlaskClient) -> None:
    conversation = answered(client, FilterField="customer_identifier", FilterValue=987654)

    assert conversation["customer_email"] == "nick@mail.com"


def test_register_event__outbound_call(client: FlaskClient) -> None:
    conversation = answered(client, Direction="Outbound")

    assert conversation["call"]["direction"] == "Outbound"
    assert conversation["subject"] == "Outbound call +31612345678"


def test_register_event__transfer_changes_the_owner(client: FlaskClient, clock: Clock) -> None:
    guid = answered(client)["guid"]
    clock.advance(30)

    response = register(client, EventType="Transfer", PhoneExtension="202")

    assert response.status_code == 201
    assert response.get_data() == b""
    conversation = conversations(client, guid=guid)[0]
    assert conversation["owner"] == ROBIN_USER
    assert conversation["messages"][-1]["content"] == (
        "Call transferred to Robin User (extension 202)"
    )
    assert conversation["messages"][-1]["sentDateTime"] == "2025-01-15T12:00:30"
    events = detail(client, guid)["call"]["events"]
    assert [(e["event_type"], e["phone_extension"], e["agent_email"]) for e in events] == [
        ("Answered", "201", "petra@email.com"),
        ("Transfer", "202", "user@robinhq.com"),
    ]


def test_register_event__disconnected_ends_the_call(client: FlaskClient, clock: Clock) -> None:
    guid = answered(client)["guid"]
    clock.advance(90)

    response = register(client, EventType="Disconnected")

    assert response.status_code == 201
    stored = detail(client, guid)
    assert stored["call"]["ended_at"] == "2025-01-15T12:01:30+00:00"
    assert stored["call"]["events"][-1]["event_type"] == "Disconnected"
    assert stored["messages"][-1]["content"] == "Call ended after 90 s"
    assert stored["owner"] == {"type": "User", "name": "Petra", "email_address": "petra@email.com"}


def test_register_event__full_call_is_logged_in_order(client: FlaskClient, clock: Clock) -> None:
    guid = answered(client)["guid"]
    clock.advance(10)
    register(client, EventType="Transfer", PhoneExtension="202")
    clock.advance(20)
    register(client, EventType="Disconnected", PhoneExtension="202")

    messages = conversations(client, guid=guid)[0]["messages"]

    assert [m["content"] for m in messages] == [
        "Inbound call from +31612345678 answered by Petra (extension 201)",
        "Call transferred to Robin User (extension 202)",
        "Call ended after 30 s",
    ]
    assert {m["scope"] for m in messages} == {"Internal"}


def test_register_event__event_type_and_direction_ignore_case(client: FlaskClient) -> None:
    conversation = answered(client, EventType="answered", Direction="INBOUND")

    assert conversation["call"]["direction"] == "Inbound"
    assert conversation["call"]["events"][0]["event_type"] == "Answered"


# ---- 406 Not acceptable ----------------------------------------------------------------------


def assert_not_acceptable(response: Any, message: str) -> None:
    assert response.status_code == 406
    assert response.mimetype == "application/json"
    assert response.get_json() == {"message": message}


def test_register_event__unknown_extension_returns_406(client: FlaskClient) -> None:
    before = tenant_state(client)

    response = register(client, PhoneExtension="999")

    assert_not_acceptable(response, "PhoneExtension '999' is not linked to an agent")
    assert tenant_state(client) == before


def test_register_event__transfer_to_unknown_extension_returns_406(client: FlaskClient) -> None:
    guid = answered(client)["guid"]

    response = register(client, EventType="Transfer", PhoneExtension="999")

    assert_not_acceptable(response, "PhoneExtension '999' is not linked to an agent")
    assert conversations(client, guid=guid)[0]["owner"] == PETRA


@pytest.mark.parametrize(
    ("event_type", "message"),
    [
        ("Transfer", "Call '24c562241e9f' has not been answered, so it cannot be transferred"),
        ("Disconnected", "Call '24c562241e9f' has not been answered, so it cannot be disconnected"),
    ],
)
def test_register_event__before_answered_returns_406(
    client: FlaskClient, event_type: str, message: str
) -> None:
    before = tenant_state(client)

    response = register(client, EventType=event_type)

    assert_not_acceptable(response, message)
    assert tenant_state(client) == before


@pytest.mark.parametrize("event_type", ["Transfer", "Disconnected"])
def test_register_event__after_disconnected_returns_406(
    client: FlaskClient, event_type: str
) -> None:
    guid = answered(client)["guid"]
    register(client, EventType="Disconnected")
    logged = detail(client, guid)

    response = register(client, EventType=event_type, PhoneExtension="202")

    assert_not_acceptable(response, "Call '24c562241e9f' has already ended")
    assert detail(client, guid) == logged


def test_register_event__answered_after_disconnected_returns_406(client: FlaskClient) -> None:
    answered(client)
    register(client, EventType="Disconnected")

    response = register(client)

    assert_not_acceptable(response, "Call '24c562241e9f' was already answered")


def test_register_event__second_answered_returns_406(client: FlaskClient) -> None:
    guid = answered(client)["guid"]
    before = tenant_state(client)

    response = register(client, PhoneExtension="202")

    assert_not_acceptable(response, "Call '24c562241e9f' was already answered")
    assert tenant_state(client) == before
    assert conversations(client, guid=guid)[0]["owner"] == PETRA


def test_register_event__call_ids_are_per_tenant(client: FlaskClient) -> None:
    first = answered(client)
    client.post("/__admin/robin/tenants", json={"api_key": "second", "api_secret": "s"})

    response = client.post("/robin/voip/registerevent/second", json=voip_event())

    assert response.status_code == 201
    assert response.get_data() == b""
    settle(client)
    [second] = tenant_state(client, "second")["conversations"]
    assert second["guid"] != first["guid"]
    assert second["call"]["call_id"] == "24c562241e9f"
    assert second["call"]["answered_by"] == "petra@email.com"
    assert conversation_for_call(client, "24c562241e9f") == first  # the first tenant's call is left as it was


# ---- 400 Bad Request -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("EventType", "Ringing", "Must be one of: Answered, Disconnected, Transfer."),
        ("EventType", 1, "Not a valid string."),
        ("Direction", "Sideways", "Must be one of: Inbound, Outbound."),
        ("Id", "", "Shorter than minimum length 1."),
        ("PhoneNumber", "", "Shorter than minimum length 1."),
        ("PhoneExtension", "", "Shorter than minimum length 1."),
        ("PhoneNumber", True, "Not a valid string."),
    ],
)
def test_register_event__invalid_field_returns_400(
    client: FlaskClient, field: str, value: Any, message: str
) -> None:
    response = register(client, **{field: value})

    assert response.status_code == 400
    assert response.get_json() == {
        "message": f"Invalid field '{field}': {message}",
        "errors": {field: [message]},
    }


@pytest.mark.parametrize("field", ["Id", "EventType", "PhoneNumber", "PhoneExtension", "Direction"])
def test_register_event__missing_required_field_returns_400(
    client: FlaskClient, field: str
) -> None:
    event = voip_event()
    del event[field]
    before = tenant_state(client)

    response = client.post(VOIP_URL, json=event)

    assert response.status_code == 400
    assert response.get_json() == {
        "message": f"Invalid field '{field}': Missing data for required field.",
        "errors": {field: ["Missing data for required field."]},
    }
    assert tenant_state(client) == before


@pytest.mark.parametrize(
    "pair",
    [{"FilterField": "customer_identifier"}, {"FilterValue": "customer_1234"}],
    ids=["field-without-value", "value-without-field"],
)
def test_register_event__filter_field_and_value_must_come_together(
    client: FlaskClient, pair: dict[str, str]
) -> None:
    response = register(client, **pair)

    message = "FilterField and FilterValue must be sent together."
    assert response.status_code == 400
    assert response.get_json() == {
        "message": f"Invalid field 'FilterValue': {message}",
        "errors": {"FilterValue": [message]},
    }


def test_register_event__unknown_extension_with_a_bad_body_is_a_400(client: FlaskClient) -> None:
    before = tenant_state(client)

    response = register(client, PhoneExtension="999", Direction="Sideways")

    message = "Must be one of: Inbound, Outbound."
    assert response.status_code == 400
    assert response.get_json() == {
        "message": f"Invalid field 'Direction': {message}",
        "errors": {"Direction": [message]},
    }
    assert tenant_state(client) == before
