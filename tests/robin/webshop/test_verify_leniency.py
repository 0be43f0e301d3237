"""What `ccsim verify robin-webshop` accepts in each answer, as ROBIN reads it, and what it still refuses."""

from __future__ import annotations

from typing import Any

import pytest
from marshmallow import Schema

from simulator.robin.webshop.verify.judge import validate
from simulator.robin.webshop.verify.schemas import (
    CustomerAnswerSchema,
    LifetimeAnswerSchema,
    OrdersAnswerSchema,
    PanelListAnswerSchema,
)

LEFT_OUT = object()
# emico/robinhq-lib's Customer::jsonSerialize (src/Model/Customer.php), as php_library_webshop.py sends it
CUSTOMER: dict[str, Any] = {
    "email_address": "email@address.com",
    "name": "Robin Doe",
    "phone_number": "+31612345678",
    "customer_since": "2018-02-03T11:12:13+0100",
    "order_count": 2,
    "total_revenue": 259.9,
    "total_spent": 259.9,
    "currency": "EUR",
    "last_order_date": "2019-06-07T15:04:05+0200",
    "panel_view": {"customerId": 42, "street": "Lovinklaan 1\n2e etage", "postalCode": "1234 AB"},
}
LIFETIME = {key: value for key, value in CUSTOMER.items() if key != "panel_view"}
ORDERS = {
    "orders": [
        {
            "order_number": "000000101",
            "url": None,
            "revenue": 129.95,
            "order_date": "2018-02-03T11:30:00+0100",
            "is_first_order": True,
            "list_view": {"order_number": "000000101", "date": "03-02-2018", "invoiced_at": "2018-02-03 02:05:00"},
        }
    ]
}
PANEL_LIST = {"data": [{"id": "17", "description": "Return RMA-17"}]}
DATES = [
    "2018-02-03T11:12:13+0100",  # PHP DATE_ISO8601, the library's only format
    "2018-02-03T11:12:13+01:00",
    "2018-02-03T10:12:13Z",
    "2018-02-03T10:12:13",
    "2018-02-03 11:12:13",
    "2018-02-03",  # the documented YYYY-MM-DD
]


def changed(body: dict[str, Any], **fields: Any) -> dict[str, Any]:
    out = {**body, **fields}
    return {key: value for key, value in out.items() if value is not LEFT_OUT}


def order_item(**fields: Any) -> dict[str, Any]:
    return {"orders": [changed(ORDERS["orders"][0], **fields)]}


def errors(schema: type[Schema], body: dict[str, Any]) -> list[str]:
    return validate(schema(), body)


# ---- accepted --------------------------------------------------------------------------------


def test_library_answers__pass_as_sent() -> None:
    assert errors(CustomerAnswerSchema, CUSTOMER) == []
    assert errors(LifetimeAnswerSchema, LIFETIME) == []
    assert errors(OrdersAnswerSchema, ORDERS) == []
    assert errors(PanelListAnswerSchema, PANEL_LIST) == []


@pytest.mark.parametrize("moment", DATES)
def test_dates__any_iso_offset_or_plain_date_passes(moment: str) -> None:
    assert errors(CustomerAnswerSchema, changed(CUSTOMER, customer_since=moment)) == []
    assert errors(LifetimeAnswerSchema, changed(LIFETIME, customer_since=moment, last_order_date=moment)) == []


@pytest.mark.parametrize("total", [259.9, 0, "259.9", "$154.95"])
def test_customer_total_spent__number_or_any_text_passes(total: Any) -> None:
    assert errors(CustomerAnswerSchema, changed(CUSTOMER, total_spent=total)) == []


@pytest.mark.parametrize(
    ("schema", "body", "fields"),
    [
        (CustomerAnswerSchema, CUSTOMER, {"order_count": "2"}),
        (CustomerAnswerSchema, CUSTOMER, {"order_count": 2.0}),
        (LifetimeAnswerSchema, LIFETIME, {"order_count": "2"}),
        (LifetimeAnswerSchema, LIFETIME, {"order_count": 2.0}),
        (LifetimeAnswerSchema, LIFETIME, {"total_revenue": "259.9"}),
        (LifetimeAnswerSchema, LIFETIME, {"total_revenue": 0}),
    ],
)
def test_numbers__numeric_strings_and_whole_floats_pass(
    schema: type[Schema], body: dict[str, Any], fields: dict[str, Any]
) -> None:
    assert errors(schema, changed(body, **fields)) == []


@pytest.mark.parametrize(
    ("schema", "body", "fields"),
    [
        (CustomerAnswerSchema, CUSTOMER, {"name": None, "phone_number": None}),  # no name set, no address
        (CustomerAnswerSchema, CUSTOMER, {"phone_number": 31612345678}),
        (LifetimeAnswerSchema, LIFETIME, {"currency": None, "last_order_date": LEFT_OUT}),  # no orders
        (LifetimeAnswerSchema, LIFETIME, {"last_order_date": None}),
    ],
)
def test_nulls_and_absent_optional_fields_pass(
    schema: type[Schema], body: dict[str, Any], fields: dict[str, Any]
) -> None:
    assert errors(schema, changed(body, **fields)) == []


def test_optional_and_extra_fields__absent_or_added_pass() -> None:
    bare = changed(CUSTOMER, panel_view=LEFT_OUT, total_revenue=LEFT_OUT, currency=LEFT_OUT, last_order_date=LEFT_OUT)

    assert errors(CustomerAnswerSchema, bare) == []
    assert errors(CustomerAnswerSchema, changed(CUSTOMER, loyalty={"tier": "gold"})) == []
    assert errors(LifetimeAnswerSchema, changed(LIFETIME, segment=["vip"])) == []
    assert errors(OrdersAnswerSchema, order_item(details_view=[], profit="n/a")) == []
    assert errors(PanelListAnswerSchema, {"data": [{"id": "1", "nested": {"a": 1}}], "total": 1}) == []


@pytest.mark.parametrize("value", ["2018-02-03 02:05:00", "Lovinklaan 1\n2e etage", 42, 2.5, True, False, None])
def test_panel_and_list_view__any_scalar_value_passes(value: Any) -> None:
    assert errors(CustomerAnswerSchema, changed(CUSTOMER, panel_view={"item": value})) == []
    assert errors(OrdersAnswerSchema, order_item(list_view={"item": value})) == []


def test_ids__numbers_pass() -> None:
    assert errors(OrdersAnswerSchema, order_item(order_number=101)) == []
    assert errors(PanelListAnswerSchema, {"data": [{"id": 17}]}) == []


# ---- still refused ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("schema", "body", "name"),
    [
        (CustomerAnswerSchema, CUSTOMER, "email_address"),
        (CustomerAnswerSchema, CUSTOMER, "customer_since"),
        (CustomerAnswerSchema, CUSTOMER, "total_spent"),
        (CustomerAnswerSchema, CUSTOMER, "name"),
        (LifetimeAnswerSchema, LIFETIME, "total_revenue"),
        (LifetimeAnswerSchema, LIFETIME, "currency"),
    ],
)
def test_missing_required_field__fails(schema: type[Schema], body: dict[str, Any], name: str) -> None:
    assert errors(schema, changed(body, **{name: LEFT_OUT})) == [f"{name}: Missing data for required field"]


def test_missing_order_number_or_list_view__fails() -> None:
    assert errors(OrdersAnswerSchema, order_item(order_number=LEFT_OUT, list_view=LEFT_OUT)) == [
        "orders[0].order_number: Missing data for required field",
        "orders[0].list_view: Missing data for required field",
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", 'Not a valid datetime: empty date (got string "")'),  # the library's own fallback when unset
        ("03/02/2018", "Not a valid datetime: not an ISO-8601 date: '03/02/2018' (got string \"03/02/2018\")"),
        ("2018-02-30T10:00:00+0100", "Not a valid datetime: not an ISO-8601 date"),
        ("yesterday", "Not a valid datetime: not an ISO-8601 date: 'yesterday'"),
        (20180203, "Not a valid datetime (got number 20180203)"),
        (None, "Field may not be null (got null)"),
    ],
)
def test_non_date__fails(value: Any, message: str) -> None:
    for schema, body in ((CustomerAnswerSchema, CUSTOMER), (LifetimeAnswerSchema, LIFETIME)):
        [reason] = errors(schema, changed(body, customer_since=value))

        assert reason.startswith(f"customer_since: {message}")


def test_lifetime_last_order_date__non_date_fails() -> None:
    assert errors(LifetimeAnswerSchema, changed(LIFETIME, last_order_date="tomorrow")) == [
        "last_order_date: Not a valid datetime: not an ISO-8601 date: 'tomorrow' (got string \"tomorrow\")"
    ]


@pytest.mark.parametrize("value", ["€ 259,90", "259.9 EUR", "NaN", "Infinity", True, None, [259.9]])
def test_non_numeric_total__fails(value: Any) -> None:
    [reason] = errors(LifetimeAnswerSchema, changed(LIFETIME, total_revenue=value))

    assert reason.startswith("total_revenue: ")
    if isinstance(value, str):
        assert reason.endswith(f'(got string "{value}")')


@pytest.mark.parametrize("value", [2.5, "2.5", "two", True, None])
def test_lifetime_order_count__not_a_whole_number_fails(value: Any) -> None:
    [reason] = errors(LifetimeAnswerSchema, changed(LIFETIME, order_count=value))

    assert reason.startswith("order_count: ")


@pytest.mark.parametrize("value", ["twelve", True, None])
def test_customer_order_count__not_a_number_fails(value: Any) -> None:
    [reason] = errors(CustomerAnswerSchema, changed(CUSTOMER, order_count=value))

    assert reason.startswith("order_count: ")


@pytest.mark.parametrize("value", [True, None, {"amount": 259.9}])
def test_customer_total_spent__neither_text_nor_number_fails(value: Any) -> None:
    [reason] = errors(CustomerAnswerSchema, changed(CUSTOMER, total_spent=value))

    assert reason.startswith("total_spent: ")


def test_panel_and_list_view__objects_and_arrays_fail() -> None:
    refused = "must be a string, number, boolean or null, not an object or array"

    assert errors(CustomerAnswerSchema, changed(CUSTOMER, panel_view={"address": {"city": "Amsterdam"}})) == [
        f"panel_view.address: {refused} (got object)"
    ]
    assert errors(OrdersAnswerSchema, order_item(list_view={"lines": ["a", "b"]})) == [
        f"orders[0].list_view.lines: {refused} (got array)"
    ]
    assert errors(OrdersAnswerSchema, order_item(list_view=["000000101"])) == [
        "orders[0].list_view: Not a valid mapping type (got array)"
    ]


@pytest.mark.parametrize("value", [True, None, ["17"]])
def test_ids__neither_text_nor_number_fail(value: Any) -> None:
    assert errors(OrdersAnswerSchema, order_item(order_number=value))[0].startswith("orders[0].order_number: ")
    assert errors(PanelListAnswerSchema, {"data": [{"id": value}]})[0].startswith("data[0].id: ")
