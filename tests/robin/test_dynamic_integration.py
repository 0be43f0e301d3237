"""Dynamic integration: a new conversation fetches the customer profile from the webshop."""

from __future__ import annotations

import base64
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from simulator.core.runtime import Runtime
from simulator.pytest_plugin import free_port
from tests.conftest import Receiver
from tests.robin.support import (
    PROFILE_FETCH,
    VOIP_URL,
    channel_message,
    close_app,
    conversation_for_call,
    deliveries,
    detail,
    make_app,
    new_conversations,
    post_robin,
    tenant_state,
    voip_event,
    webshop_ok,
)

SHOP_CUSTOMER = {
    "email_address": "email@address.com",
    "customer_since": "2014-01-28",
    "order_count": 12,
    "total_spent": "$154.95",
    "name": "John Doe",
    "phone_number": "+31612345678",
    "panel_view": {"custom_field1": "Value 1"},
}
SHOP_ORDERS = {
    "orders": [
        {
            "order_number": "RHQO1234",
            "list_view": {
                "order_number": "RHQO1234",
                "date": "29-01-2014 12:34",
                "status": "In progress",
            },
        }
    ]
}


def use_receiver(client: FlaskClient, receiver: Receiver, **settings: Any) -> dict[str, Any]:
    body = {
        "base_url": receiver.url,
        "api_key": "k",
        "api_secret": "s",
        "headers": {"X-Shop": "1"},
        "email_parameter": "mail",
        **settings,
    }
    response = client.put("/__admin/robin/dynamic-integration", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def open_by_message(client: FlaskClient, **overrides: Any) -> str:
    before = tenant_state(client)
    message = channel_message(RelationExternalIdentifier="email@address.com", **overrides)
    response = post_robin(client, "/robin/messages/", message)
    assert response.status_code == 201, response.get_data(as_text=True)
    (created,) = new_conversations(client, before)
    return created["guid"]


def query_of(request: dict[str, Any]) -> dict[str, list[str]]:
    return parse_qs(urlsplit(request["path"]).query)


# ---- the built-in example webshop ------------------------------------------------------------


def test_channel_message__profile_is_fetched_from_the_built_in_webshop(
    client: FlaskClient, runtime: Runtime
) -> None:
    guid = open_by_message(client)

    runtime.outbox.join()

    assert detail(client, guid)["profile"] == {
        "status": "fetched",
        "email": "email@address.com",
        "phone": "",
        "external_identifier": "",
        "customer": webshop_ok(client, "customers", email="email@address.com"),
        "orders": webshop_ok(client, "orders", email="email@address.com")["orders"],
        "error": "",
    }
    profile = detail(client, guid)["profile"]
    assert profile["customer"]["name"] == "John Doe"
    assert [o["order_number"] for o in profile["orders"]] == ["RHQO1234"]


def test_channel_message__fetches_are_recorded_in_the_outbox(
    client: FlaskClient, runtime: Runtime
) -> None:
    guid = open_by_message(client)

    runtime.outbox.join()

    fetches = deliveries(client, PROFILE_FETCH)
    assert [(d["method"], d["target"], d["state"], d["status"]) for d in fetches] == [
        ("GET", "/robin/webshop/customers?email=email%40address.com", "delivered", 200),
        ("GET", "/robin/webshop/orders?email=email%40address.com", "delivered", 200),
    ]
    assert {d["context"]["conversation_guid"] for d in fetches} == {guid}
    assert all(d["headers"]["Authorization"] == "***" for d in fetches)


def test_channel_message__continuing_a_conversation_does_not_fetch_again(
    client: FlaskClient, runtime: Runtime
) -> None:
    open_by_message(client)
    runtime.outbox.join()

    post_robin(
        client,
        "/robin/messages/",
        channel_message(
            RelationExternalIdentifier="email@address.com", MessageExternalIdentifier="m2"
        ),
    )
    runtime.outbox.join()

    assert len(deliveries(client, PROFILE_FETCH)) == 2


def test_channel_message__profile_found_by_phone_fills_in_the_email(
    client: FlaskClient, runtime: Runtime
) -> None:
    before = tenant_state(client)
    post_robin(
        client, "/robin/messages/", channel_message(RelationExternalIdentifier="+31612345678")
    )
    (created,) = new_conversations(client, before)

    runtime.outbox.join()

    stored = detail(client, created["guid"])
    assert stored["profile"]["status"] == "fetched"
    assert stored["profile"]["phone"] == "+31612345678"
    assert stored["customer_email"] == "email@address.com"
    assert [o["order_number"] for o in stored["profile"]["orders"]] == ["RHQO1234"]


def test_channel_message__unknown_customer_is_not_found(
    client: FlaskClient, runtime: Runtime
) -> None:
    before = tenant_state(client)
    post_robin(
        client, "/robin/messages/", channel_message(RelationExternalIdentifier="+31699990000")
    )
    (created,) = new_conversations(client, before)

    runtime.outbox.join()

    profile = detail(client, created["guid"])["profile"]
    assert (profile["status"], profile["customer"], profile["orders"]) == ("not_found", None, None)
    assert [d["status"] for d in deliveries(client, PROFILE_FETCH)] == [404]


def test_voip_call__profile_is_fetched(client: FlaskClient, runtime: Runtime) -> None:
    assert client.post(VOIP_URL, json=voip_event()).status_code == 201

    runtime.outbox.join()

    conversation = conversation_for_call(client, "24c562241e9f")
    assert conversation["profile"]["status"] == "fetched"
    assert conversation["profile"]["customer"]["email_address"] == "email@address.com"
    assert [o["order_number"] for o in conversation["profile"]["orders"]] == ["RHQO1234"]
    assert parse_qs(urlsplit(deliveries(client, PROFILE_FETCH)[0]["target"]).query) == {
        "email": ["email@address.com"],
        "phone": ["+31612345678"],
    }


def test_voip_call__shared_number_fetches_no_profile(client: FlaskClient, runtime: Runtime) -> None:
    client.post(VOIP_URL, json=voip_event(PhoneNumber="+31655556666"))

    runtime.outbox.join()

    conversation = conversation_for_call(client, "24c562241e9f")
    assert deliveries(client, PROFILE_FETCH) == []
    assert (conversation["customer_email"], conversation["profile"]["status"]) == ("", "none")
    assert len(conversation["call"]["customer_candidates"]) == 2


def test_voip_call__filter_value_selects_the_profile_on_a_shared_number(
    client: FlaskClient, runtime: Runtime
) -> None:
    event = voip_event(
        PhoneNumber="+31655556666", FilterField="customer_identifier", FilterValue="CUST-100005"
    )
    client.post(VOIP_URL, json=event)

    runtime.outbox.join()

    conversation = conversation_for_call(client, "24c562241e9f")
    assert conversation["customer_email"] == "tom.bakker@example.com"
    assert conversation["profile"]["status"] == "fetched"
    assert conversation["profile"]["customer"]["email_address"] == "tom.bakker@example.com"
    assert conversation["profile"]["customer"]["name"] == "Tom Bakker"


def test_show_customer__shared_phone_fetches_no_profile(
    client: FlaskClient, runtime: Runtime
) -> None:
    before = tenant_state(client)
    post_robin(client, "/robin/showcustomer", {"customer": {"phone_number": "+31655556666"}})
    (created,) = new_conversations(client, before)

    runtime.outbox.join()

    stored = detail(client, created["guid"])
    assert deliveries(client, PROFILE_FETCH) == []
    assert (stored["customer_email"], stored["profile"]["status"]) == ("", "none")


def test_voip_call__filter_value_is_sent_as_external_identifier(
    client: FlaskClient, runtime: Runtime
) -> None:
    event = voip_event(
        PhoneNumber="+31655556666", FilterField="customer_identifier", FilterValue="customer_1234"
    )
    client.post(VOIP_URL, json=event)

    runtime.outbox.join()

    query = parse_qs(urlsplit(deliveries(client, PROFILE_FETCH)[0]["target"]).query)
    assert query["external_identifier"] == ["customer_1234"]
    assert (
        conversation_for_call(client, "24c562241e9f")["profile"]["customer"]["name"] == "John Doe"
    )


def test_show_customer__profile_is_fetched(client: FlaskClient, runtime: Runtime) -> None:
    before = tenant_state(client)
    body = {"customer": {"external_identifier": "customer_1234"}}
    assert post_robin(client, "/robin/showcustomer", body).status_code == 201
    (created,) = new_conversations(client, before)

    runtime.outbox.join()

    profile = detail(client, created["guid"])["profile"]
    assert profile["status"] == "fetched"
    assert profile["customer"] == webshop_ok(client, "customers", email="email@address.com")
    assert parse_qs(urlsplit(deliveries(client, PROFILE_FETCH)[0]["target"]).query) == {
        "email": ["email@address.com"],
        "phone": ["+31612345678"],
        "external_identifier": ["customer_1234"],
    }


def test_built_in_webshop__uses_its_own_parameter_names(
    client: FlaskClient, runtime: Runtime
) -> None:
    client.put("/__admin/robin/webshop", json={"email_parameter": "mail"})
    client.put("/__admin/robin/dynamic-integration", json={"email_parameter": "mail"})
    guid = open_by_message(client)

    runtime.outbox.join()

    assert detail(client, guid)["profile"]["status"] == "fetched"
    assert deliveries(client, PROFILE_FETCH)[0]["target"] == "/robin/webshop/customers?mail=email%40address.com"


def test_built_in_webshop__mismatched_credentials_fail_the_fetch(
    client: FlaskClient, runtime: Runtime
) -> None:
    client.put("/__admin/robin/dynamic-integration", json={"api_key": "wrong", "api_secret": "x"})
    guid = open_by_message(client)

    runtime.outbox.join()

    profile = detail(client, guid)["profile"]
    assert (profile["status"], profile["error"]) == ("failed", "HTTP 401")


# ---- an external webshop ---------------------------------------------------------------------


def test_external_webshop__receives_basic_auth_headers_and_parameter(
    client: FlaskClient, runtime: Runtime, receiver: Receiver
) -> None:
    receiver.responses = {"/customers": (200, SHOP_CUSTOMER), "/orders": (200, SHOP_ORDERS)}
    use_receiver(client, receiver)
    guid = open_by_message(client)

    runtime.outbox.join()

    customer_call, orders_call = receiver.requests
    token = base64.b64encode(b"k:s").decode()
    for call in (customer_call, orders_call):
        assert call["method"] == "GET"
        assert call["headers"]["Authorization"] == f"Basic {token}"
        assert call["headers"]["X-Shop"] == "1"
        assert call["headers"]["Accept"] == "application/json"
    assert customer_call["path"] == "/customers?mail=email%40address.com"
    assert orders_call["path"] == "/orders?mail=email%40address.com"
    profile = detail(client, guid)["profile"]
    assert profile["status"] == "fetched"
    assert profile["customer"] == SHOP_CUSTOMER
    assert profile["orders"] == SHOP_ORDERS["orders"]


def test_external_webshop__paths_and_parameters_are_configurable(
    client: FlaskClient, runtime: Runtime, receiver: Receiver
) -> None:
    receiver.responses = {
        "/api/customer": (200, SHOP_CUSTOMER),
        "/api/customerOrders": (200, {"orders": []}),
    }
    use_receiver(
        client,
        receiver,
        customer_path="/api/customer",
        orders_path="/api/customerOrders",
        phone_parameter="tel",
        external_identifier_parameter="customer_identifier",
    )
    event = voip_event(FilterField="customer_identifier", FilterValue="customer_1234")
    client.post(VOIP_URL, json=event)

    runtime.outbox.join()

    customer_call, orders_call = receiver.requests
    assert urlsplit(customer_call["path"]).path == "/api/customer"
    assert query_of(customer_call) == {
        "mail": ["email@address.com"],
        "tel": ["+31612345678"],
        "customer_identifier": ["customer_1234"],
    }
    assert orders_call["path"] == "/api/customerOrders?mail=email%40address.com"
    assert conversation_for_call(client, "24c562241e9f")["profile"]["orders"] == []


def test_external_webshop__base_url_with_trailing_slash(
    client: FlaskClient, runtime: Runtime, receiver: Receiver
) -> None:
    receiver.responses = {"/customers": (200, SHOP_CUSTOMER), "/orders": (200, SHOP_ORDERS)}
    use_receiver(client, receiver, base_url=receiver.url + "/")
    open_by_message(client)

    runtime.outbox.join()

    assert [urlsplit(r["path"]).path for r in receiver.requests] == ["/customers", "/orders"]


def test_external_webshop__500_fails_the_profile(
    client: FlaskClient, runtime: Runtime, receiver: Receiver
) -> None:
    receiver.status = 500
    use_receiver(client, receiver)

    guid = open_by_message(client)
    runtime.outbox.join()

    profile = detail(client, guid)["profile"]
    assert (profile["status"], profile["error"], profile["customer"]) == (
        "failed",
        "HTTP 500",
        None,
    )
    assert len(receiver.requests) == 1


def test_external_webshop__404_is_not_found(
    client: FlaskClient, runtime: Runtime, receiver: Receiver
) -> None:
    receiver.status = 404
    receiver.body = {"message": "Could not find customer defined by email email@address.com."}
    use_receiver(client, receiver)

    guid = open_by_message(client)
    runtime.outbox.join()

    profile = detail(client, guid)["profile"]
    assert (profile["status"], profile["customer"], profile["orders"]) == ("not_found", None, None)
    assert len(receiver.requests) == 1


def test_external_webshop__unreachable_fails_the_profile(
    client: FlaskClient, runtime: Runtime
) -> None:
    port = free_port()
    client.put("/__admin/robin/dynamic-integration", json={"base_url": f"http://127.0.0.1:{port}"})

    guid = open_by_message(client)
    runtime.outbox.join()

    profile = detail(client, guid)["profile"]
    assert profile["status"] == "failed"
    assert profile["error"].startswith("ConnectionError")


def test_external_webshop__failing_orders_call_keeps_the_customer(
    client: FlaskClient, runtime: Runtime, receiver: Receiver
) -> None:
    receiver.responses = {"/customers": (200, SHOP_CUSTOMER), "/orders": (500, {"message": "boom"})}
    use_receiver(client, receiver)

    guid = open_by_message(client)
    runtime.outbox.join()

    profile = detail(client, guid)["profile"]
    assert (profile["status"], profile["customer"], profile["orders"]) == (
        "fetched",
        SHOP_CUSTOMER,
        None,
    )


# ---- a webshop slower than the outbound timeout ----------------------------------------------


@pytest.fixture
def slow_app() -> Iterator[Flask]:
    application = make_app(rate_limits=False, outbound_timeout=2.0)
    yield application
    close_app(application)


def test_external_webshop__slower_than_the_timeout_fails_without_delaying_the_request(
    slow_app: Flask, receiver: Receiver
) -> None:
    client = slow_app.test_client()
    receiver.delay = 5.0
    use_receiver(client, receiver)

    before = tenant_state(client)

    started = time.perf_counter()
    response = post_robin(
        client, "/robin/messages/", channel_message(RelationExternalIdentifier="email@address.com")
    )
    elapsed = time.perf_counter() - started
    (created,) = new_conversations(client, before)
    guid = created["guid"]
    pending = detail(client, guid)["profile"]["status"]
    slow_app.extensions["simulator"].outbox.join()

    assert response.status_code == 201
    assert elapsed < 1.5, "the request waited for the webshop (timeout 2 s)"
    assert pending == "pending"
    profile = detail(client, guid)["profile"]
    assert profile["status"] == "failed"
    assert "Timeout" in profile["error"]
