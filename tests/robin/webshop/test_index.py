"""The example webshop's lookups: as many records read in a shop 200 times larger, and the first match a scan finds."""

from __future__ import annotations

import dataclasses

import pytest
from flask import Flask

from simulator.robin.models import PanelItem, Webshop, WebshopCustomer, WebshopOrder
from simulator.robin.webshop.store import INDEX_KEY, build_index
from tests.robin.support import webshop_ok
from tests.touches import touched

LOOKUPS = [
    ("customers", {"email": "EMAIL@address.com"}),
    ("customers", {"phone": "0612345678"}),
    ("customers", {"external_identifier": "customer_1234"}),
    ("orders", {"email": "email@address.com"}),
    ("orders", {"order_number": "RHQO1234"}),
    ("customerpanellist", {"email": "email@address.com"}),
    ("custompaneldetails", {"id": "1"}),
    ("search", {"email": "email@address.com"}),
]
RECORDS = (WebshopCustomer, WebshopOrder, PanelItem)


def shop_of(app: Flask) -> Webshop:
    shop: Webshop = app.extensions["simulator"].registry.get().state("robin").webshop
    return shop


def grow(shop: Webshop, copies: int) -> None:
    """Other customers, orders and panel items after the seeded ones, each a copy under its own keys."""
    shop.customers += [dataclasses.replace(c, email_address=f"c{n}-{c.email_address}", phone_number=f"+4420{n:07d}",
                                           external_identifier=f"c{n}-{c.external_identifier}")
                       for n in range(copies) for c in shop.customers[:1]]
    shop.orders += [dataclasses.replace(o, email_address=f"o{n}-{o.email_address}", order_number=f"X{n}")
                    for n in range(copies) for o in shop.orders[:1]]
    shop.panel_items += [dataclasses.replace(p, email_address=f"p{n}-{p.email_address}", id=f"x{n}")
                         for n in range(copies) for p in shop.panel_items[:1]]


def touched_by(app: Flask, endpoint: str, query: dict[str, str]) -> tuple[int, object]:
    client = app.test_client()
    answer = webshop_ok(client, endpoint, **query)  # builds the index if it must
    with touched(*RECORDS) as seen:
        assert webshop_ok(client, endpoint, **query) == answer
    return len(seen), answer


@pytest.mark.parametrize(("endpoint", "query"), LOOKUPS, ids=[f"{e}-{next(iter(q))}" for e, q in LOOKUPS])
def test_lookup__touches_as_many_records_in_a_shop_200_times_larger(
    app: Flask, endpoint: str, query: dict[str, str]
) -> None:
    small, answer = touched_by(app, endpoint, query)
    shop = shop_of(app)
    grow(shop, copies=200 * len(shop.orders))

    assert touched_by(app, endpoint, query) == (small, answer)
    assert small <= 12


def test_index__finds_the_first_match_in_list_order_and_follows_a_replaced_list(app: Flask) -> None:
    shop = shop_of(app)
    client = app.test_client()
    first = webshop_ok(client, "customers", email="email@address.com")
    twin = dataclasses.replace(shop.customers[0], name="Second Of The Same Email")
    shop.customers.append(twin)  # an imported shop may hold two customers of one email: the first one answers

    assert webshop_ok(client, "customers", email="email@address.com") == first
    shop.customers = [twin, *shop.customers]

    assert webshop_ok(client, "customers", email="email@address.com")["name"] == "Second Of The Same Email"


def test_index__is_derived_data_never_exported(app: Flask) -> None:
    client = app.test_client()
    webshop_ok(client, "customers", email="email@address.com")
    assert INDEX_KEY in vars(shop_of(app))

    exported = client.get("/__admin/state").get_json()
    assert INDEX_KEY not in str(exported)
    assert client.put("/__admin/state", json=exported).status_code == 200
    assert webshop_ok(client, "customers", email="email@address.com")["email_address"] == "email@address.com"
    assert vars(shop_of(app))[INDEX_KEY] == build_index(shop_of(app))
