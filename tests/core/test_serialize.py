"""Dataclasses to JSON-ready values and back: datetimes, nesting, optionals, containers."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from simulator.core.serialize import from_jsonable, to_jsonable


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


def test_from_jsonable__none_stays_none() -> None:
    assert from_jsonable(Shipment, None) is None
