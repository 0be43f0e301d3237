"""POST /dynamic/customers/ and /dynamic/orders/, and the legacy /customers and /orders."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.robin.support import FROZEN_ISO, customer, order, post_robin, tenant_state


def customers(client: FlaskClient) -> dict[str, Any]:
    return tenant_state(client)["customers"]


def orders(client: FlaskClient) -> dict[str, Any]:
    return tenant_state(client)["orders"]


# ---- POST /dynamic/customers/ ----------------------------------------------------------------


def test_post_customers__documented_example_returns_201_with_empty_body(
    client: FlaskClient,
) -> None:
    response = post_robin(client, "/robin/dynamic/customers/", {"customers": [customer()]})

    assert response.status_code == 201
    assert response.get_data() == b""


def test_post_customers__new_customer_is_stored(client: FlaskClient) -> None:
    body = customer(email_address="new.buyer@example.com", name="New Buyer", phone_number="+3161")

    post_robin(client, "/robin/dynamic/customers/", {"customers": [body]})

    assert customers(client)["new.buyer@example.com"] == {
        "email_address": "new.buyer@example.com",
        "name": "New Buyer",
        "phone_number": "+3161",
        "customer_since": "2017-01-29T12:34:56+00:00",
        "order_count": 12,
        "total_revenue": 123.45,
        "total_spent": "",
        "currency": "$",
        "last_order_date": "2017-04-05T12:34:56+00:00",
        "panel_view": {},
        "external_identifier": "",
        "updated_at": FROZEN_ISO,
    }


def test_post_customers__existing_email_is_updated_case_insensitively(
    client: FlaskClient,
) -> None:
    before = customers(client)
    assert before["email@address.com"]["name"] == "John Doe"

    post_robin(
        client,
        "/robin/dynamic/customers/",
        {"customers": [customer(email_address="EMAIL@Address.COM", order_count=99)]},
    )

    after = customers(client)
    assert len(after) == len(before)
    updated = after["email@address.com"]
    assert updated["order_count"] == 99
    assert updated["total_revenue"] == 123.45
    assert updated["name"] == "John Doe"
    assert updated["phone_number"] == "+31612345678"
    assert updated["updated_at"] == FROZEN_ISO


def test_post_customers__repeated_email_in_one_batch_keeps_the_last(client: FlaskClient) -> None:
    batch = [
        customer(email_address="twice@example.com", order_count=1),
        customer(email_address="Twice@Example.com", order_count=2),
    ]

    post_robin(client, "/robin/dynamic/customers/", {"customers": batch})

    stored = [c for key, c in customers(client).items() if key == "twice@example.com"]
    assert [c["order_count"] for c in stored] == [2]


@pytest.mark.parametrize(
    "written",
    ["2017-01-29T12:34:56Z", "2017-01-29T13:34:56+01:00", "2017-01-29T13:34:56+0100"],
    ids=["zulu", "offset-with-colon", "offset-without-colon"],
)
def test_post_customers__dates_are_stored_in_utc(client: FlaskClient, written: str) -> None:
    body = customer(
        email_address="dates@example.com", customer_since=written, last_order_date=written
    )

    response = post_robin(client, "/robin/dynamic/customers/", {"customers": [body]})

    assert response.status_code == 201
    stored = customers(client)["dates@example.com"]
    assert stored["customer_since"] == "2017-01-29T12:34:56+00:00"
    assert stored["last_order_date"] == "2017-01-29T12:34:56+00:00"


def test_post_customers__three_date_spellings_store_the_same_instant(client: FlaskClient) -> None:
    spellings = ["2017-01-29T12:34:56Z", "2017-01-29T13:34:56+01:00", "2017-01-29T13:34:56+0100"]
    batch = [
        customer(email_address=f"d{i}@example.com", customer_since=s)
        for i, s in enumerate(spellings)
    ]

    post_robin(client, "/robin/dynamic/customers/", {"customers": batch})

    stored = customers(client)
    assert {stored[f"d{i}@example.com"]["customer_since"] for i in range(3)} == {
        "2017-01-29T12:34:56+00:00"
    }


def test_post_customers__empty_list_returns_201(client: FlaskClient) -> None:
    before = customers(client)

    response = post_robin(client, "/robin/dynamic/customers/", {"customers": []})

    assert response.status_code == 201
    assert response.get_data() == b""
    assert customers(client) == before


def test_post_customers__bare_array_is_accepted(client: FlaskClient) -> None:
    response = post_robin(
        client, "/robin/dynamic/customers", [customer(email_address="bare@example.com")]
    )

    assert response.status_code == 201
    assert customers(client)["bare@example.com"]["order_count"] == 12


def test_post_customers__unknown_fields_are_ignored(client: FlaskClient) -> None:
    body = customer(email_address="extra@example.com", favourite_colour="green", vip=True)

    response = post_robin(client, "/robin/dynamic/customers/", {"customers": [body], "other": 1})

    assert response.status_code == 201
    stored = customers(client)["extra@example.com"]
    assert "favourite_colour" not in stored
    assert "vip" not in stored


def test_post_customers__last_order_date_is_optional(client: FlaskClient) -> None:
    body = customer(email_address="no.orders@example.com")
    del body["last_order_date"]

    response = post_robin(client, "/robin/dynamic/customers/", {"customers": [body]})

    assert response.status_code == 201
    assert customers(client)["no.orders@example.com"]["last_order_date"] is None


def test_post_customers__update_without_last_order_date_keeps_the_stored_one(
    client: FlaskClient,
) -> None:
    post_robin(
        client,
        "/robin/dynamic/customers/",
        {"customers": [customer(email_address="k@example.com")]},
    )
    update = customer(email_address="k@example.com", order_count=13)
    del update["last_order_date"]

    post_robin(client, "/robin/dynamic/customers/", {"customers": [update]})

    stored = customers(client)["k@example.com"]
    assert stored["order_count"] == 13
    assert stored["last_order_date"] == "2017-04-05T12:34:56+00:00"


def test_post_customers__emico_fields_are_stored(client: FlaskClient) -> None:
    body = customer(
        email_address="emico@example.com",
        name="Emico Customer",
        phone_number="0612345678",
        total_spent="$123.45",
        customer_since="2017-03-01T10:00:00+0100",
        panel_view={"Total_spent": "$123.45"},
    )

    post_robin(client, "/robin/dynamic/customers", {"customers": [body]})

    stored = customers(client)["emico@example.com"]
    assert stored["total_spent"] == "$123.45"
    assert stored["panel_view"] == {"Total_spent": "$123.45"}
    assert stored["customer_since"] == "2017-03-01T09:00:00+00:00"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("order_count", "many", "Not a valid integer."),
        ("order_count", -1, "Must be greater than or equal to 0."),
        ("total_revenue", "lots", "Not a valid number."),
        ("email_address", "not-an-email", "Not a valid email address."),
        ("customer_since", "yesterday", None),
        ("customer_since", 20170129, "Not a valid datetime."),
        ("currency", "", "Shorter than minimum length 1."),
        ("last_order_date", "05/04/2017 noon", None),
    ],
)
def test_post_customers__invalid_field_returns_400_naming_it(
    client: FlaskClient, field: str, value: Any, message: str | None
) -> None:
    batch = [customer(email_address="ok@example.com"), customer(**{field: value})]

    response = post_robin(client, "/robin/dynamic/customers/", {"customers": batch})

    assert response.status_code == 400
    body = response.get_json()
    path = f"customers[1].{field}"
    assert list(body["errors"]) == [path]
    assert body["message"].startswith(f"Invalid field '{path}': ")
    if message is not None:
        assert body["errors"][path] == [message]
        assert body["message"] == f"Invalid field '{path}': {message}"


@pytest.mark.parametrize(
    "field", ["email_address", "customer_since", "order_count", "total_revenue", "currency"]
)
def test_post_customers__missing_required_field_returns_400(
    client: FlaskClient, field: str
) -> None:
    body = customer(email_address="missing@example.com")
    del body[field]

    response = post_robin(client, "/robin/dynamic/customers/", {"customers": [body]})

    assert response.status_code == 400
    assert response.get_json() == {
        "message": f"Invalid field 'customers[0].{field}': Missing data for required field.",
        "errors": {f"customers[0].{field}": ["Missing data for required field."]},
    }


def test_post_customers__one_bad_item_rejects_the_whole_batch(client: FlaskClient) -> None:
    before = tenant_state(client)
    batch = [
        customer(email_address="first@example.com"),
        customer(email_address="email@address.com", order_count=500),
        customer(email_address="third@example.com", order_count="x"),
    ]

    response = post_robin(client, "/robin/dynamic/customers/", {"customers": batch})

    assert response.status_code == 400
    assert response.get_json()["message"] == (
        "Invalid field 'customers[2].order_count': Not a valid integer."
    )
    after = tenant_state(client)
    assert "first@example.com" not in after["customers"]
    assert after["customers"]["email@address.com"] == before["customers"]["email@address.com"]
    assert after == before


@pytest.mark.parametrize(
    "body",
    [{}, {"customers": None}, {"customers": "x"}, {"customers": {"email_address": "a@b.com"}}],
    ids=["no-key", "null", "string", "object"],
)
def test_post_customers__customers_not_a_list_returns_400(client: FlaskClient, body: Any) -> None:
    response = post_robin(client, "/robin/dynamic/customers/", body)

    assert response.status_code == 400
    assert list(response.get_json()["errors"]) == ["customers"]


def test_post_customers__item_that_is_not_an_object_returns_400(client: FlaskClient) -> None:
    response = post_robin(client, "/robin/dynamic/customers/", {"customers": ["email@address.com"]})

    assert response.status_code == 400
    assert list(response.get_json()["errors"]) == ["customers[0]"]


# ---- POST /dynamic/orders/ -------------------------------------------------------------------


def test_post_orders__documented_example_returns_201_and_stores_the_order(
    client: FlaskClient,
) -> None:
    body = order(old_revenue=112.34, old_profit=12.34)

    response = post_robin(client, "/robin/dynamic/orders/", {"orders": [body]})

    assert response.status_code == 201
    assert response.get_data() == b""
    assert orders(client)["O1243"] == {
        "order_number": "O1243",
        "email_address": "email@address.com",
        "revenue": 113.34,
        "order_date": "2017-04-05T12:34:56+00:00",
        "is_first_order": True,
        "old_revenue": 112.34,
        "profit": 13.34,
        "old_profit": 12.34,
        "webstore_url": "https://www.yourwebstore.com/",
        "name": "",
        "url": "",
        "list_view": {},
        "details_view": [],
        "revision": 1,
        "updated_at": FROZEN_ISO,
    }


def test_post_orders__new_order_records_an_acquisition(client: FlaskClient) -> None:
    post_robin(client, "/robin/dynamic/orders/", {"orders": [order()]})

    assert tenant_state(client)["sales"][-1] == {
        "order_number": "O1243",
        "at": FROZEN_ISO,
        "kind": "acquisition",
        "revenue_delta": 113.34,
        "profit_delta": 13.34,
        "is_update": False,
    }


def test_post_orders__repeat_without_old_figures_takes_the_previous_ones(
    client: FlaskClient,
) -> None:
    post_robin(client, "/robin/dynamic/orders/", {"orders": [order()]})

    post_robin(client, "/robin/dynamic/orders/", {"orders": [order(revenue=120.0, profit=15.0)]})

    stored = orders(client)["O1243"]
    assert (stored["revenue"], stored["old_revenue"]) == (120.0, 113.34)
    assert (stored["profit"], stored["old_profit"]) == (15.0, 13.34)
    assert stored["revision"] == 2
    assert tenant_state(client)["sales"][-1] == {
        "order_number": "O1243",
        "at": FROZEN_ISO,
        "kind": "acquisition",
        "revenue_delta": 6.66,
        "profit_delta": 1.66,
        "is_update": True,
    }


def test_post_orders__repeat_with_old_figures_keeps_them_as_sent(client: FlaskClient) -> None:
    post_robin(client, "/robin/dynamic/orders/", {"orders": [order()]})
    update = order(revenue=130.0, old_revenue=100.0, profit=16.0, old_profit=10.0)

    post_robin(client, "/robin/dynamic/orders/", {"orders": [update]})

    stored = orders(client)["O1243"]
    assert (stored["old_revenue"], stored["old_profit"]) == (100.0, 10.0)
    sale = tenant_state(client)["sales"][-1]
    assert (sale["revenue_delta"], sale["profit_delta"], sale["is_update"]) == (30.0, 6.0, True)


def test_post_orders__third_post_increments_the_revision(client: FlaskClient) -> None:
    for revenue in (100.0, 110.0, 90.0):
        post_robin(client, "/robin/dynamic/orders/", {"orders": [order(revenue=revenue)]})

    stored = orders(client)["O1243"]
    assert (stored["revision"], stored["revenue"], stored["old_revenue"]) == (3, 90.0, 110.0)
    sales = [s for s in tenant_state(client)["sales"] if s["order_number"] == "O1243"]
    assert [s["revenue_delta"] for s in sales] == [100.0, 10.0, -20.0]


def test_post_orders__update_without_optional_fields_keeps_them(client: FlaskClient) -> None:
    first = order(name="John Doe", url="https://shop/o/1", list_view={"status": "New"})
    post_robin(client, "/robin/dynamic/orders/", {"orders": [first]})
    update = order(revenue=120.0)
    del update["webstore_url"]

    post_robin(client, "/robin/dynamic/orders/", {"orders": [update]})

    stored = orders(client)["O1243"]
    assert stored["revenue"] == 120.0
    assert stored["webstore_url"] == "https://www.yourwebstore.com/"
    assert (stored["name"], stored["url"]) == ("John Doe", "https://shop/o/1")
    assert stored["list_view"] == {"status": "New"}


def test_post_orders__retention_when_not_first_order(client: FlaskClient) -> None:
    post_robin(client, "/robin/dynamic/orders/", {"orders": [order(is_first_order=False)]})

    assert tenant_state(client)["sales"][-1]["kind"] == "retention"


def test_post_orders__optional_fields_may_be_omitted(client: FlaskClient) -> None:
    body = {
        "order_number": "MIN-1",
        "email_address": "email@address.com",
        "revenue": 10,
        "order_date": "2017-04-05T12:34:56+0200",
        "is_first_order": False,
    }

    response = post_robin(client, "/robin/dynamic/orders", {"orders": [body]})

    assert response.status_code == 201
    stored = orders(client)["MIN-1"]
    assert stored["order_date"] == "2017-04-05T10:34:56+00:00"
    assert (stored["profit"], stored["old_revenue"], stored["webstore_url"]) == (None, None, "")


def test_post_orders__details_and_list_view_are_stored(client: FlaskClient) -> None:
    details = [
        {"display_as": "details", "data": {"status": "Paid"}},
        {"display_as": "columns", "caption": "products", "data": [{"product": "Phone"}]},
    ]
    body = order(list_view={"order_number": "O1243", "status": "Paid"}, details_view=details)

    post_robin(client, "/robin/dynamic/orders/", {"orders": [body]})

    stored = orders(client)["O1243"]
    assert stored["list_view"] == {"order_number": "O1243", "status": "Paid"}
    assert stored["details_view"] == details


def test_post_orders__numeric_order_number_is_accepted_as_text(client: FlaskClient) -> None:
    response = post_robin(client, "/robin/dynamic/orders/", {"orders": [order(order_number=1243)]})

    assert response.status_code == 201
    assert orders(client)["1243"]["order_number"] == "1243"


def test_post_orders__empty_list_returns_201(client: FlaskClient) -> None:
    before = tenant_state(client)

    response = post_robin(client, "/robin/dynamic/orders/", {"orders": []})

    assert response.status_code == 201
    assert tenant_state(client) == before


def test_post_orders__bare_array_is_accepted(client: FlaskClient) -> None:
    response = post_robin(client, "/robin/dynamic/orders/", [order(order_number="BARE-1")])

    assert response.status_code == 201
    assert "BARE-1" in orders(client)


@pytest.mark.parametrize(
    "field", ["order_number", "email_address", "revenue", "order_date", "is_first_order"]
)
def test_post_orders__missing_required_field_returns_400(client: FlaskClient, field: str) -> None:
    body = order()
    del body[field]

    response = post_robin(client, "/robin/dynamic/orders/", {"orders": [body]})

    assert response.status_code == 400
    assert response.get_json() == {
        "message": f"Invalid field 'orders[0].{field}': Missing data for required field.",
        "errors": {f"orders[0].{field}": ["Missing data for required field."]},
    }


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("revenue", "a lot", "Not a valid number."),
        ("is_first_order", "perhaps", "Not a valid boolean."),
        ("order_date", "someday", None),
        ("old_profit", "x", "Not a valid number."),
        ("order_number", "", "Shorter than minimum length 1."),
        ("order_number", True, "Not a valid string."),
    ],
)
def test_post_orders__invalid_field_returns_400_naming_it(
    client: FlaskClient, field: str, value: Any, message: str | None
) -> None:
    batch = [order(order_number="FINE-1"), order(**{field: value})]

    response = post_robin(client, "/robin/dynamic/orders/", {"orders": batch})

    assert response.status_code == 400
    body = response.get_json()
    path = f"orders[1].{field}"
    assert list(body["errors"]) == [path]
    if message is not None:
        assert body == {
            "message": f"Invalid field '{path}': {message}",
            "errors": {path: [message]},
        }
    assert "FINE-1" not in orders(client)


def test_post_orders__invalid_details_view_names_the_item(client: FlaskClient) -> None:
    details = [{"display_as": "details", "data": [{"product": "Phone"}]}]

    response = post_robin(client, "/robin/dynamic/orders/", {"orders": [order(details_view=details)]})

    assert response.status_code == 400
    assert response.get_json()["errors"] == {
        "orders[0].details_view[0].data": ["must be an object when display_as is 'details'"]
    }


def test_post_orders__unknown_display_as_returns_400(client: FlaskClient) -> None:
    details = [{"display_as": "table", "data": {}}]

    response = post_robin(client, "/robin/dynamic/orders/", {"orders": [order(details_view=details)]})

    assert response.status_code == 400
    assert list(response.get_json()["errors"]) == ["orders[0].details_view[0].display_as"]


def test_post_orders__one_bad_item_rejects_the_whole_batch(client: FlaskClient) -> None:
    before = tenant_state(client)
    batch = [order(order_number="GOOD-1"), order(order_number="GOOD-2", revenue="NaN-ish")]

    response = post_robin(client, "/robin/dynamic/orders/", {"orders": batch})

    assert response.status_code == 400
    assert tenant_state(client) == before


# ---- legacy POST /customers and /orders ------------------------------------------------------


def test_post_legacy_customers__bare_array_with_only_email(client: FlaskClient) -> None:
    response = post_robin(client, "/robin/customers", [{"email_address": "legacy@example.com"}])

    assert response.status_code == 201
    assert response.get_data() == b""
    stored = customers(client)["legacy@example.com"]
    assert (stored["order_count"], stored["total_revenue"], stored["customer_since"]) == (
        0,
        0.0,
        None,
    )


def test_post_legacy_customers__wrapped_collection_is_accepted(client: FlaskClient) -> None:
    body = {
        "customers": [
            {
                "email_address": "wrapped@example.com",
                "name": "Wrapped",
                "customer_since": "2017-03-01",
                "order_count": 2,
                "panel_view": {"Total_spent": "$10.00"},
            }
        ]
    }

    response = post_robin(client, "/robin/customers", body)

    assert response.status_code == 201
    stored = customers(client)["wrapped@example.com"]
    assert stored["customer_since"] == "2017-03-01T00:00:00+00:00"
    assert stored["panel_view"] == {"Total_spent": "$10.00"}


def test_post_legacy_customers__email_only_update_keeps_the_figures(client: FlaskClient) -> None:
    before = customers(client)["email@address.com"]

    response = post_robin(client, "/robin/customers", [{"email_address": "email@address.com"}])

    assert response.status_code == 201
    after = customers(client)["email@address.com"]
    assert after == {**before, "updated_at": FROZEN_ISO}


def test_post_legacy_customers__missing_email_returns_400(client: FlaskClient) -> None:
    response = post_robin(client, "/robin/customers", [{"name": "No Email"}])

    assert response.status_code == 400
    assert response.get_json() == {
        "message": "Invalid field 'customers[0].email_address': Missing data for required field.",
        "errors": {"customers[0].email_address": ["Missing data for required field."]},
    }


def test_post_legacy_customers__empty_collection_returns_201(client: FlaskClient) -> None:
    assert post_robin(client, "/robin/customers", {"customers": []}).status_code == 201
    assert post_robin(client, "/robin/customers", []).status_code == 201


def test_post_legacy_orders__order_by_date_stands_for_order_date(client: FlaskClient) -> None:
    body = [
        {"order_number": "L-1", "email_address": "email@address.com", "order_by_date": "2017/03/01"}
    ]

    response = post_robin(client, "/robin/orders", body)

    assert response.status_code == 201
    stored = orders(client)["L-1"]
    assert stored["order_date"] == "2017-03-01T00:00:00+00:00"
    assert (stored["revenue"], stored["is_first_order"]) == (0.0, False)
    assert "order_by_date" not in stored


def test_post_legacy_orders__without_any_date_uses_the_clock(client: FlaskClient) -> None:
    response = post_robin(client, "/robin/orders", [{"order_number": "L-2", "email_address": "a@b.com"}])

    assert response.status_code == 201
    assert orders(client)["L-2"]["order_date"] == FROZEN_ISO


@pytest.mark.parametrize("field", ["order_number", "email_address"])
def test_post_legacy_orders__missing_required_field_returns_400(
    client: FlaskClient, field: str
) -> None:
    body = {"order_number": "L-3", "email_address": "email@address.com"}
    del body[field]

    response = post_robin(client, "/robin/orders", [body])

    assert response.status_code == 400
    assert list(response.get_json()["errors"]) == [f"orders[0].{field}"]
    assert "L-3" not in orders(client)


def test_post_legacy_orders__empty_collection_returns_201(client: FlaskClient) -> None:
    assert post_robin(client, "/robin/orders", {"orders": []}).status_code == 201
    assert post_robin(client, "/robin/orders", []).status_code == 201
