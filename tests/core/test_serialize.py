"""Dataclasses to JSON-ready values and back: datetimes, nesting, optionals, containers; strict types and paths."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from simulator.core.serialize import InvalidValue, check, from_jsonable, to_jsonable


@dataclass
class Line:
    product: str
    quantity: int
    price: float


@dataclass
class Shipment:
    carrier: str
    sent_at: datetime | None = None


@dataclass
class Order:
    number: str
    placed_at: datetime
    due: date
    lines: list[Line]
    shipment: Shipment | None = None
    notes: dict[str, Shipment] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    total: float = 0.0


PLUS_ONE = timezone(timedelta(hours=1))


def sample() -> Order:
    return Order(
        number="A-1",
        placed_at=datetime(2025, 1, 15, 12, 0, 1, 250000, tzinfo=UTC),
        due=date(2025, 2, 1),
        lines=[Line("Phone", 1, 695.5), Line("Case", 2, 19.95)],
        shipment=Shipment("PostNL", datetime(2025, 1, 16, 9, 0, tzinfo=PLUS_ONE)),
        notes={"return": Shipment("DHL")},
        tags=["VIP"],
        extra={"nested": {"any": [1, "two", None]}},
        total=734.4,
    )


def test_to_jsonable__gives_plain_json() -> None:
    data = to_jsonable(sample())

    assert json.loads(json.dumps(data)) == data
    assert data["placed_at"] == "2025-01-15T12:00:01.250000+00:00"
    assert data["due"] == "2025-02-01"
    assert data["lines"][1] == {"product": "Case", "quantity": 2, "price": 19.95}
    assert data["shipment"]["sent_at"] == "2025-01-16T09:00:00+01:00"
    assert data["notes"] == {"return": {"carrier": "DHL", "sent_at": None}}


def test_round_trip__rebuilds_an_equal_object() -> None:
    original = sample()

    rebuilt = from_jsonable(Order, json.loads(json.dumps(to_jsonable(original))))

    assert rebuilt == original
    assert isinstance(rebuilt.lines[0], Line)
    assert isinstance(rebuilt.shipment, Shipment)
    assert isinstance(rebuilt.notes["return"], Shipment)
    assert rebuilt.placed_at.tzinfo is not None
    assert rebuilt.shipment.sent_at.utcoffset() == timedelta(hours=1)


def test_round_trip__optional_absent_values() -> None:
    original = Order("B-2", datetime(2025, 1, 1, tzinfo=UTC), date(2025, 1, 2), lines=[])

    rebuilt = from_jsonable(Order, to_jsonable(original))

    assert rebuilt == original
    assert rebuilt.shipment is None


def test_from_jsonable__missing_fields_take_defaults_and_unknown_are_ignored() -> None:
    rebuilt = from_jsonable(
        Order,
        {"number": "C-3", "placed_at": "2025-01-01T00:00:00+00:00", "due": "2025-01-02",
         "lines": [], "unknown": "ignored"},
    )

    assert rebuilt == Order("C-3", datetime(2025, 1, 1, tzinfo=UTC), date(2025, 1, 2), lines=[])


def test_from_jsonable__int_becomes_float_where_declared() -> None:
    rebuilt = from_jsonable(Line, {"product": "Cable", "quantity": 1, "price": 10})

    assert rebuilt.price == 10.0
    assert isinstance(rebuilt.price, float)


def test_from_jsonable__none_stays_none_where_optional() -> None:
    assert from_jsonable(Shipment | None, None) is None


@dataclass
class Depot:
    name: str
    shipments: dict[int, Shipment] = field(default_factory=dict)
    codes: tuple[int, ...] = ()
    pair: tuple[int, str] | None = None
    label: int | str = 0


def problem(kind: Any, data: Any) -> str:
    with pytest.raises(InvalidValue) as caught:
        from_jsonable(kind, data)
    return str(caught.value)


def order(**changes: Any) -> dict[str, Any]:
    return {**json.loads(json.dumps(to_jsonable(sample()))), **changes}


@pytest.mark.parametrize(("kind", "data", "message"), [
    (Shipment, None, "expected an object, got null"),
    (int, True, "expected an integer, got a boolean"),
    (int, 1.5, "expected an integer, got a number"),
    (int, "1", "expected an integer, got a string"),
    (bool, 1, "expected a boolean, got an integer"),
    (str, 5, "expected a string, got an integer"),
    (float, True, "expected a number, got a boolean"),
    (float, float("nan"), "expected a finite number, got nan"),
    (float, 10**400, "number out of range"),
    (list[int], {}, "expected an array, got an object"),
    (dict[str, int], [], "expected an object, got an array"),
    (int | str, False, "expected an integer or a string, got a boolean"),
    (tuple[int, str], [1], "expected an array of 2 items, got an array"),
])
def test_from_jsonable__wrong_types_are_named(kind: Any, data: Any, message: str) -> None:
    assert problem(kind, data) == message


def test_from_jsonable__null_is_refused_where_not_optional() -> None:
    assert problem(Order, order(number=None)) == "number: expected a string, got null"
    assert from_jsonable(Order, order(shipment=None)).shipment is None


def test_from_jsonable__problems_name_the_json_path() -> None:
    lines = [{"product": "Phone", "quantity": 1, "price": 1.0}, {"product": "Case", "quantity": "2", "price": 1.0}]

    assert problem(Order, order(lines=lines)) == "lines.1.quantity: expected an integer, got a string"
    notes = {"return": {"carrier": 7}}
    assert problem(Order, order(notes=notes)) == "notes.return.carrier: expected a string, got an integer"
    with pytest.raises(InvalidValue) as caught:
        from_jsonable(Line, {"product": "Cable", "quantity": None, "price": 1}, path=("vendors", "shop", "3"))
    assert str(caught.value) == "vendors.shop.3.quantity: expected an integer, got null"
    assert caught.value.path == ("vendors", "shop", "3", "quantity")


def test_from_jsonable__required_fields_must_be_present() -> None:
    data = order()
    del data["placed_at"]

    assert problem(Order, data) == "placed_at: required field missing"


@pytest.mark.parametrize(("text", "message"), [
    ("not a date", "expected an ISO-8601 date-time, got 'not a date' (Invalid isoformat string: 'not a date')"),
    ("2025-13-01T00:00:00", "expected an ISO-8601 date-time, got '2025-13-01T00:00:00' (month must be in 1..12)"),
    ("0001-01-01T00:00:00+01:00", "date-time out of range: '0001-01-01T00:00:00+01:00' is before year 1 or after "
                                  "9999 in UTC"),
])
def test_from_jsonable__datetimes_are_parsed_with_clear_errors(text: str, message: str) -> None:
    assert problem(Order, order(placed_at=text)) == f"placed_at: {message}"


def test_from_jsonable__dates_and_times_need_strings() -> None:
    assert problem(Order, order(placed_at=1700000000)) == "placed_at: expected an ISO-8601 date-time, got an integer"
    expected = "due: expected an ISO-8601 date, got '2025-02-30' (day is out of range for month)"
    assert problem(Order, order(due="2025-02-30")) == expected
    assert from_jsonable(datetime, "2025-01-01T10:00:00") == datetime(2025, 1, 1, 10, tzinfo=UTC)


def test_from_jsonable__integer_keys_come_from_their_json_strings() -> None:
    rebuilt = from_jsonable(Depot, {"name": "D", "shipments": {"12": {"carrier": "DHL"}, "-3": {"carrier": "UPS"}}})

    assert rebuilt.shipments == {12: Shipment("DHL"), -3: Shipment("UPS")}
    for key in ("abc", "01", "1.5", " 1", ""):
        depot = {"name": "D", "shipments": {key: {"carrier": "DHL"}}}
        assert problem(Depot, depot) == f"shipments.{key}: expected an integer key, got {key!r}"


def test_from_jsonable__tuples_unions_and_any() -> None:
    rebuilt = from_jsonable(Depot, {"name": "D", "codes": [1, 2], "pair": [3, "x"], "label": "L"})

    assert (rebuilt.codes, rebuilt.pair, rebuilt.label) == ((1, 2), (3, "x"), "L")
    assert problem(Depot, {"name": "D", "pair": [3, 4]}) == "pair.1: expected a string, got an integer"
    assert problem(Depot, {"name": "D", "codes": [1, "2"]}) == "codes.1: expected an integer, got a string"
    assert from_jsonable(Any, {"free": [None, True]}) == {"free": [None, True]}


def test_from_jsonable__a_type_without_a_json_form_is_a_programming_error() -> None:
    with pytest.raises(TypeError):
        from_jsonable(set[int], [1])


def test_invalid_value__is_a_value_error_that_can_be_moved_outwards() -> None:
    error = InvalidValue("no inbox 9", ("conversations", "12", "inbox_id"))

    assert isinstance(error, ValueError)
    assert str(error.within("vendors", "chatwoot")) == "vendors.chatwoot.conversations.12.inbox_id: no inbox 9"
    assert str(InvalidValue("at the root")) == "at the root"


def test_check__refuses_at_the_path_unless_ok() -> None:
    check(True, "never raised", "a")
    with pytest.raises(InvalidValue, match=r"^teams\.3\.name: taken$"):
        check(False, "taken", "teams", 3, "name")
