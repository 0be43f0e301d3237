"""POST /showcustomer: a point-of-sale scan opens a conversation and notifies an agent."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.robin.support import (
    FROZEN_ISO,
    FROZEN_NAIVE,
    conversations,
    detail,
    new_conversations,
    post_robin,
    settle,
    tenant_state,
)

DOCUMENTED = {
    "user_email_address": "petra@email.com",
    "customer": {
        "email_address": "customer@shop.com",
        "phone_number": "+31611112222",
        "external_identifier": "CUST-100003",
    },
}


def show(client: FlaskClient, body: Any) -> Any:
    return post_robin(client, "/robin/showcustomer", body)


def notifications(client: FlaskClient) -> list[dict[str, Any]]:
    response = client.get("/__admin/robin/notifications")
    assert response.status_code == 200
    return response.get_json()["notifications"]


def opened(client: FlaskClient, body: Any) -> dict[str, Any]:
    before = tenant_state(client)
    response = show(client, body)
    assert response.status_code == 201, response.get_data(as_text=True)
    settle(client)
    (created,) = new_conversations(client, before)
    return created


def test_show_customer__returns_201_with_empty_body(client: FlaskClient) -> None:
    response = show(client, DOCUMENTED)

    assert response.status_code == 201
    assert response.get_data() == b""


def test_show_customer__notifies_the_named_agent(client: FlaskClient) -> None:
    conversation = opened(client, DOCUMENTED)

    assert notifications(client) == [
        {
            "at": FROZEN_ISO,
            "conversation_guid": conversation["guid"],
            "agent_email": "petra@email.com",
            "customer_email": "customer@shop.com",
            "customer_phone": "+31611112222",
            "external_identifier": "CUST-100003",
        }
    ]


def test_show_customer__opens_a_conversation_for_the_agent(client: FlaskClient) -> None:
    conversation = opened(client, DOCUMENTED)

    found = conversations(client, guid=conversation["guid"])
    assert found == [
        {
            "guid": conversation["guid"],
            "subject": "Customer at the counter",
            "channel": "ShowCustomer",
            "state": "Open",
            "owner": {"type": "User", "name": "Petra", "emailAddress": "petra@email.com"},
            "webStore": "Default webstore",
            "category": "",
            "linkedOrderNumbers": "",
            "tags": "",
            "referrer": "",
            "startDateTime": FROZEN_NAIVE,
            "messages": [],
        }
    ]
    assert conversation["customer_email"] == "customer@shop.com"
    assert conversation["customer_phone"] == "+31611112222"
    assert conversation["relation_name"] == "Anna de Vries"


def test_show_customer__conversation_is_found_by_the_customer_email(client: FlaskClient) -> None:
    conversation = opened(client, DOCUMENTED)

    newest = conversations(client, emailAddress="customer@shop.com")[0]

    assert newest["guid"] == conversation["guid"]


def test_show_customer__only_customer_email_as_real_clients_send(client: FlaskClient) -> None:
    conversation = opened(client, {"customer": {"email_address": "email@address.com"}})

    assert conversation["owner"] is None
    assert conversation["customer_email"] == "email@address.com"
    assert conversation["customer_phone"] == "+31612345678"
    assert notifications(client)[-1]["agent_email"] == ""


def test_show_customer__phone_only_resolves_the_customer(client: FlaskClient) -> None:
    conversation = opened(client, {"customer": {"phone_number": "+31612345678"}})

    assert conversation["customer_email"] == "email@address.com"
    assert conversation["relation_name"] == "John Doe"


def test_show_customer__external_identifier_only_resolves_the_customer(
    client: FlaskClient,
) -> None:
    conversation = opened(client, {"customer": {"external_identifier": "customer_1234"}})

    assert conversation["customer_email"] == "email@address.com"
    assert conversation["profile"]["external_identifier"] == "customer_1234"


def test_show_customer__blank_values_count_as_absent(client: FlaskClient) -> None:
    body = {
        "user_email_address": "",
        "customer": {
            "email_address": "",
            "phone_number": "+31612345678",
            "external_identifier": "",
        },
    }

    conversation = opened(client, body)

    assert conversation["owner"] is None
    assert conversation["customer_email"] == "email@address.com"
    assert notifications(client)[-1]["agent_email"] == ""


def test_show_customer__shared_phone_resolves_nobody(client: FlaskClient) -> None:
    conversation = opened(client, {"customer": {"phone_number": "+31655556666"}})

    assert conversation["customer_email"] == ""
    assert conversation["customer_phone"] == "+31655556666"
    assert conversation["profile"]["status"] == "none"


def test_show_customer__unknown_customer_still_opens_a_conversation(client: FlaskClient) -> None:
    conversation = opened(client, {"customer": {"email_address": "walk.in@example.com"}})

    assert conversation["customer_email"] == "walk.in@example.com"
    assert conversation["relation_name"] == ""


def test_show_customer__agent_email_ignores_case(client: FlaskClient) -> None:
    body = {"user_email_address": "PETRA@email.com", "customer": {"email_address": "a@b.com"}}

    conversation = opened(client, body)

    assert detail(client, conversation["guid"])["owner"]["email_address"] == "petra@email.com"
    assert notifications(client)[-1]["agent_email"] == "petra@email.com"


def test_show_customer__unknown_fields_are_ignored(client: FlaskClient) -> None:
    body = {**DOCUMENTED, "store": "Amsterdam", "customer": {**DOCUMENTED["customer"], "x": 1}}

    assert show(client, body).status_code == 201


# ---- 400 Bad Request -------------------------------------------------------------------------


def assert_nothing_stored(client: FlaskClient, before: dict[str, Any]) -> None:
    after = tenant_state(client)
    assert after["notifications"] == before["notifications"]
    assert after["conversations"] == before["conversations"]


@pytest.mark.parametrize(
    "target",
    [{}, {"email_address": "", "phone_number": "", "external_identifier": ""}, {"name": "John"}],
    ids=["empty", "blank-values", "unknown-field-only"],
)
def test_show_customer__without_identifier_returns_400_naming_customer(
    client: FlaskClient, target: dict[str, str]
) -> None:
    before = tenant_state(client)

    response = show(client, {"user_email_address": "petra@email.com", "customer": target})

    assert response.status_code == 400
    message = "Provide at least one of email_address, phone_number or external_identifier."
    assert response.get_json() == {
        "message": f"Invalid field 'customer': {message}",
        "errors": {"customer": [message]},
    }
    assert_nothing_stored(client, before)


@pytest.mark.parametrize("body", [{}, {"user_email_address": "petra@email.com"}])
def test_show_customer__missing_customer_returns_400(client: FlaskClient, body: Any) -> None:
    before = tenant_state(client)

    response = show(client, body)

    assert response.status_code == 400
    assert response.get_json() == {
        "message": "Invalid field 'customer': Missing data for required field.",
        "errors": {"customer": ["Missing data for required field."]},
    }
    assert_nothing_stored(client, before)


def test_show_customer__customer_not_an_object_returns_400(client: FlaskClient) -> None:
    response = show(client, {"customer": "email@address.com"})

    assert response.status_code == 400
    assert list(response.get_json()["errors"]) == ["customer"]


def test_show_customer__unknown_agent_returns_400(client: FlaskClient) -> None:
    before = tenant_state(client)

    response = show(client, {**DOCUMENTED, "user_email_address": "nobody@robinhq.com"})

    assert response.status_code == 400
    assert response.get_json() == {
        "message": "Invalid field 'user_email_address': no agent 'nobody@robinhq.com'",
        "errors": {"user_email_address": ["Unknown agent."]},
    }
    assert_nothing_stored(client, before)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (
            {"user_email_address": "not-an-email", "customer": {"phone_number": "1"}},
            "user_email_address",
        ),
        ({"customer": {"email_address": "not-an-email"}}, "customer.email_address"),
        ({"customer": {"phone_number": True}}, "customer.phone_number"),
    ],
)
def test_show_customer__invalid_field_returns_400_naming_it(
    client: FlaskClient, body: Any, field: str
) -> None:
    response = show(client, body)

    assert response.status_code == 400
    assert list(response.get_json()["errors"]) == [field]
    assert response.get_json()["message"].startswith(f"Invalid field '{field}': ")
