"""The example webshop at /robin/webshop: the dynamic-integration endpoints ROBIN calls."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.conftest import ROBIN_AUTH, WEBSHOP_AUTH, WEBSHOP_KEY, WEBSHOP_SECRET, basic
from tests.robin.support import webshop_get, webshop_ok

AUTH_FAILED = {"message": "Authentication failed"}
ENDPOINTS = ["customers", "orders", "search", "customerpanellist", "custompaneldetails"]
ORDER_DETAILS = {
    "details_view": [
        {
            "display_as": "details",
            "data": {
                "date": "20-12-2024 12:34",
                "status": "In progress",
                "payment_status": "Partially paid",
                "shipment_status": "Partially shipped",
            },
        },
        {
            "display_as": "columns",
            "caption": "products",
            "data": [
                {"product": "Phone", "quantity": "1", "price": "€695.50"},
                {"product": "Tablet", "quantity": "2", "price": "€898.00"},
                {"product": "Shipment", "quantity": "", "price": "€10.00"},
                {"product": "Total", "quantity": "", "price": "€1,603.50"},
            ],
        },
        {
            "display_as": "rows",
            "caption": "invoices",
            "data": [
                {
                    "shipment": "<a href='https://shop.example.com/invoice/RHQI01'>RHQI01</a>",
                    "status": "Paid",
                    "amount": "€1,200.00",
                },
                {
                    "shipment": "<a href='https://shop.example.com/invoice/RHQI02'>RHQI02</a>",
                    "status": "Not paid",
                    "amount": "€403.50",
                },
            ],
        },
    ]
}
PANEL_LIST = {
    "data": [
        {
            "id": "1",
            "description": "record 1",
            "field1": "this is field 1",
            "field2": "this is field 2",
        },
        {
            "id": "2",
            "description": "record 2",
            "field3": "this is field 3",
            "field4": "this is field 4",
        },
        {"id": "3", "description": "record 3", "field5": "this is field 5"},
        {"id": "4", "description": "record 4", "field6": "this is field 6"},
    ]
}


def assert_error(response: TestResponse, status: int, message: str) -> None:
    assert response.status_code == status
    assert response.mimetype == "application/json"
    assert response.get_json() == {"message": message}


# ---- customer information --------------------------------------------------------------------


def test_customers__by_email_returns_the_documented_fields(shared: FlaskClient) -> None:
    body = webshop_ok(shared, "customers", email="email@address.com")

    panel = body.pop("panel_view")
    assert body == {
        "name": "John Doe",
        "email_address": "email@address.com",
        "phone_number": "+31612345678",
        "customer_since": "2014-01-28",
        "total_spent": "€1,603.50",
        "order_count": 1,
    }
    assert panel["city"] == "Amsterdam"
    assert set(panel) == {"city", "loyalty_tier", "newsletter"}
    assert all(isinstance(value, str) for value in panel.values())


@pytest.mark.parametrize(
    "query",
    [
        {"email": "EMAIL@address.com"},
        {"phone": "+31612345678"},
        {"phone": "0612345678"},
        {"phone": "0031 6 1234 5678"},
        {"external_identifier": "customer_1234"},
    ],
    ids=["email-any-case", "phone-international", "phone-national", "phone-spaced", "identifier"],
)
def test_customers__found_by_each_identifier(shared: FlaskClient, query: dict[str, str]) -> None:
    assert webshop_ok(shared, "customers", **query)["email_address"] == "email@address.com"


def test_customers__customer_without_orders(shared: FlaskClient) -> None:
    body = webshop_ok(shared, "customers", email="customer@shop.com")

    assert (body["order_count"], body["total_spent"]) == (0, "€0.00")
    assert body["customer_since"] == "2021-01-29"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            {"email": "x@nowhere.example"},
            "Could not find customer defined by email x@nowhere.example.",
        ),
        ({"phone": "+31600000000"}, "Could not find customer defined by phone +31600000000."),
        (
            {"external_identifier": "nobody"},
            "Could not find customer defined by identifier nobody.",
        ),
    ],
)
def test_customers__unknown_customer_returns_404(
    shared: FlaskClient, query: dict[str, str], message: str
) -> None:
    assert_error(webshop_get(shared, "customers", **query), 404, message)


def test_customers__without_parameter_returns_400(shared: FlaskClient) -> None:
    assert_error(webshop_get(shared, "customers"), 400, "Provide email, phone or external_identifier")
    assert_error(
        webshop_get(shared, "customers", email="  "), 400, "Provide email, phone or external_identifier"
    )


# ---- orders list and order details -----------------------------------------------------------


def test_orders__list_by_email(shared: FlaskClient) -> None:
    assert webshop_ok(shared, "orders", email="email@address.com") == {
        "orders": [
            {
                "order_number": "RHQO1234",
                "list_view": {
                    "order_number": "RHQO1234",
                    "date": "20-12-2024 12:34",
                    "status": "In progress",
                    "total": "€1,603.50",
                },
            }
        ]
    }


def test_orders__customer_without_orders_gets_an_empty_list(shared: FlaskClient) -> None:
    assert webshop_ok(shared, "orders", email="customer@shop.com") == {"orders": []}


def test_orders__list_is_newest_first_with_string_values(shared: FlaskClient) -> None:
    lists = [webshop_ok(shared, "orders", email=e)["orders"] for e in _generated_emails(shared)]
    longest = max(lists, key=len)

    assert len(longest) >= 2
    for orders in lists:
        for item in orders:
            assert set(item) == {"order_number", "list_view"}
            assert all(isinstance(v, str) for v in item["list_view"].values())
        numbers = [item["order_number"] for item in orders]
        details = [
            webshop_ok(shared, "orders", order_number=n)["details_view"][0]["data"]["date"] for n in numbers
        ]
        moments = [(d[6:10], d[3:5], d[0:2], d[11:]) for d in details]
        assert moments == sorted(moments, reverse=True)


def _generated_emails(shared: FlaskClient) -> list[str]:
    state = shared.get("/__admin/state").get_json()
    return [c["email_address"] for c in state["vendors"]["robin"]["webshop"]["customers"]][5:15]


def test_orders__details_by_order_number(shared: FlaskClient) -> None:
    assert webshop_ok(shared, "orders", order_number="RHQO1234") == ORDER_DETAILS


def test_orders__order_number_wins_over_email(shared: FlaskClient) -> None:
    assert webshop_ok(shared, "orders", order_number="RHQO1234", email="nick@mail.com") == ORDER_DETAILS


def test_orders__unknown_order_number_returns_404(shared: FlaskClient) -> None:
    assert_error(
        webshop_get(shared, "orders", order_number="NOPE"),
        404,
        "Could not find order defined by number NOPE.",
    )


def test_orders__without_parameter_returns_400(shared: FlaskClient) -> None:
    assert_error(webshop_get(shared, "orders"), 400, "Provide email or order_number")


# ---- customer lifetime (search) --------------------------------------------------------------


def test_search__returns_the_customer_lifetime(shared: FlaskClient) -> None:
    assert webshop_ok(shared, "search", email="email@address.com") == {
        "email_address": "email@address.com",
        "customer_since": "2024-12-20T12:34:00Z",
        "order_count": 1,
        "currency": "€",
        "total_revenue": 1603.5,
        "last_order_date": "2024-12-20T12:34:00Z",
    }


def test_search__types_match_the_documentation(shared: FlaskClient) -> None:
    body = webshop_ok(shared, "search", email="nick@mail.com")

    assert isinstance(body["order_count"], int)
    assert isinstance(body["total_revenue"], float)
    assert body["total_revenue"] == 133.95


def test_search__unknown_customer_returns_404(shared: FlaskClient) -> None:
    assert_error(
        webshop_get(shared, "search", email="x@y.z"), 404, "Could not find customer defined by email x@y.z."
    )


def test_search__without_parameter_returns_400(shared: FlaskClient) -> None:
    assert_error(webshop_get(shared, "search"), 400, "Provide email, phone or external_identifier")


# ---- custom panel ----------------------------------------------------------------------------


def test_customerpanellist__four_documented_items(shared: FlaskClient) -> None:
    assert webshop_ok(shared, "customerpanellist", email="email@address.com") == PANEL_LIST


@pytest.mark.parametrize(
    "query", [{"phone": "+31612345678"}, {"external_identifier": "customer_1234"}]
)
def test_customerpanellist__by_phone_or_identifier(
    shared: FlaskClient, query: dict[str, str]
) -> None:
    assert webshop_ok(shared, "customerpanellist", **query) == PANEL_LIST


def test_customerpanellist__customer_without_items(shared: FlaskClient) -> None:
    assert webshop_ok(shared, "customerpanellist", email="nick@mail.com") == {"data": []}


def test_customerpanellist__unknown_customer_returns_404(shared: FlaskClient) -> None:
    response = webshop_get(shared, "customerpanellist", email="x@y.z")

    assert_error(response, 404, "Could not find customer defined by email x@y.z.")


def test_customerpanellist__without_parameter_returns_400(shared: FlaskClient) -> None:
    assert_error(webshop_get(shared, "customerpanellist"), 400, "Provide email, phone or external_identifier")


def test_custompaneldetails__item_details(shared: FlaskClient) -> None:
    assert webshop_ok(shared, "custompaneldetails", id="1") == {
        "details_view": [
            {
                "display_as": "details",
                "data": {
                    "description": "record 1",
                    "field1": "this is field 1",
                    "field2": "this is field 2",
                },
            }
        ]
    }


def test_custompaneldetails__every_listed_item_has_details(shared: FlaskClient) -> None:
    for item in PANEL_LIST["data"]:
        details = webshop_ok(shared, "custompaneldetails", id=item["id"])["details_view"]
        assert details[0]["data"]["description"] == item["description"]


def test_custompaneldetails__unknown_id_returns_404(shared: FlaskClient) -> None:
    assert_error(
        webshop_get(shared, "custompaneldetails", id="zzz"), 404, "Could not find item defined by id zzz."
    )


def test_custompaneldetails__without_parameter_returns_400(shared: FlaskClient) -> None:
    assert_error(webshop_get(shared, "custompaneldetails"), 400, "Provide id")


# ---- authentication, configuration, limits ---------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {},
        basic(WEBSHOP_KEY, "wrong"),
        basic("wrong", WEBSHOP_SECRET),
        ROBIN_AUTH,
        {"Authorization": f"Bearer {WEBSHOP_KEY}"},
    ],
    ids=["missing", "wrong-secret", "wrong-key", "robin-credentials", "bearer"],
)
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_webshop__bad_credentials_return_401(
    shared: FlaskClient, endpoint: str, headers: dict[str, str]
) -> None:
    response = shared.get(f"/robin/webshop/{endpoint}?email=email@address.com", headers=headers)

    assert_error(response, 401, "Authentication failed")
    assert response.get_json() == AUTH_FAILED


def test_webshop__parameter_names_are_configurable(client: FlaskClient) -> None:
    response = client.put(
        "/__admin/robin/webshop",
        json={
            "email_parameter": "mail",
            "order_number_parameter": "id_order",
            "panel_id_parameter": "item",
        },
    )
    assert response.status_code == 200

    assert webshop_ok(client, "customers", mail="email@address.com")["name"] == "John Doe"
    assert webshop_ok(client, "orders", id_order="RHQO1234") == ORDER_DETAILS
    assert webshop_ok(client, "orders", mail="email@address.com")["orders"][0]["order_number"] == "RHQO1234"
    assert webshop_ok(client, "custompaneldetails", item="2")["details_view"][0]["data"]["field3"] == (
        "this is field 3"
    )
    assert_error(
        webshop_get(client, "customers", email="email@address.com"),
        400,
        "Provide mail, phone or external_identifier",
    )
    assert_error(webshop_get(client, "orders", order_number="RHQO1234"), 400, "Provide mail or id_order")


def test_webshop__credentials_are_configurable(client: FlaskClient) -> None:
    client.put("/__admin/robin/webshop", json={"api_key": "shop-key", "api_secret": "shop-secret"})

    old = client.get("/robin/webshop/customers?email=email@address.com", headers=WEBSHOP_AUTH)
    new = client.get(
        "/robin/webshop/customers?email=email@address.com", headers=basic("shop-key", "shop-secret")
    )

    assert_error(old, 401, "Authentication failed")
    assert new.status_code == 200


def test_webshop__currency_symbol_is_configurable(client: FlaskClient) -> None:
    client.put("/__admin/robin/webshop", json={"currency_symbol": "$"})

    assert webshop_ok(client, "customers", email="email@address.com")["total_spent"] == "$1,603.50"
    assert webshop_ok(client, "search", email="email@address.com")["currency"] == "$"


def test_webshop__is_not_rate_limited(limited_app: Flask) -> None:
    client = limited_app.test_client()

    statuses = [webshop_get(client, "customers", email="email@address.com").status_code for _ in range(20)]

    assert statuses == [200] * 20
