"""The example webshop's rules over its seeded records: customers by identifier, orders, custom panel items."""

from __future__ import annotations

from dataclasses import dataclass, field

from simulator.robin.models import PanelItem, Webshop, WebshopCustomer, WebshopOrder
from simulator.robin.store.base import digits
from simulator.robin.webshop.errors import WebshopError

INDEX_KEY = "derived_lookups"  # an attribute of the webshop, never a field: exports leave it out


@dataclass
class ShopIndex:
    """The shop's records by what its endpoints look them up by, for the lists it saw (the first match of each key in
    list order, as a scan finds it; lists keep the records' order). The API never writes the shop: an import or a
    seed gives it new lists, and the index is built again."""

    seen: tuple[tuple[int, int], ...]
    customer_by_identifier: dict[str, WebshopCustomer] = field(default_factory=dict)
    customer_by_email: dict[str, WebshopCustomer] = field(default_factory=dict)
    customer_by_phone: dict[str, WebshopCustomer] = field(default_factory=dict)
    orders_by_email: dict[str, list[WebshopOrder]] = field(default_factory=dict)
    order_by_number: dict[str, WebshopOrder] = field(default_factory=dict)
    panel_items_by_email: dict[str, list[PanelItem]] = field(default_factory=dict)
    panel_item_by_id: dict[str, PanelItem] = field(default_factory=dict)


def _seen(shop: Webshop) -> tuple[tuple[int, int], ...]:
    return tuple((id(records), len(records)) for records in (shop.customers, shop.orders, shop.panel_items))


def build_index(shop: Webshop) -> ShopIndex:
    index = ShopIndex(_seen(shop))
    for customer in shop.customers:
        index.customer_by_identifier.setdefault(customer.external_identifier, customer)
        index.customer_by_email.setdefault(customer.email_address.lower(), customer)
        index.customer_by_phone.setdefault(digits(customer.phone_number), customer)
    for order in shop.orders:
        index.orders_by_email.setdefault(order.email_address.lower(), []).append(order)
        index.order_by_number.setdefault(order.order_number, order)
    for item in shop.panel_items:
        index.panel_items_by_email.setdefault(item.email_address.lower(), []).append(item)
        index.panel_item_by_id.setdefault(item.id, item)
    return index


def shop_index(shop: Webshop) -> ShopIndex:
    """The shop's index, built again when its lists were replaced or changed length since."""
    index: ShopIndex | None = vars(shop).get(INDEX_KEY)
    if index is None or index.seen != _seen(shop):
        index = build_index(shop)
        vars(shop)[INDEX_KEY] = index
    return index


class WebshopStore:
    def __init__(self, shop: Webshop) -> None:
        self.shop = shop
        self.index = shop_index(shop)

    def find_customer(
        self, *, email: str = "", phone: str = "", external_identifier: str = ""
    ) -> WebshopCustomer | None:
        """The most specific identifier wins: external identifier, then email, then phone."""
        checks: tuple[tuple[str, dict[str, WebshopCustomer]], ...] = (
            (external_identifier, self.index.customer_by_identifier),
            (email.lower(), self.index.customer_by_email),
            (phone and digits(phone), self.index.customer_by_phone),
        )
        for wanted, customers in checks:
            found = customers.get(wanted) if wanted else None
            if found is not None:
                return found
        return None

    def require_customer(self, *, email: str, phone: str, external_identifier: str) -> WebshopCustomer:
        """The customer `find_customer` finds; no identifier is a 400, no match a 404 naming the first one given."""
        settings = self.shop.settings
        if not (email or phone or external_identifier):
            raise WebshopError(
                f"Provide {settings.email_parameter}, {settings.phone_parameter} or "
                f"{settings.external_identifier_parameter}"
            )
        customer = self.find_customer(email=email, phone=phone, external_identifier=external_identifier)
        if customer is None:
            given = (("email", email), ("phone", phone), ("identifier", external_identifier))
            field, value = next((f, v) for f, v in given if v)
            raise WebshopError(f"Could not find customer defined by {field} {value}.", status=404)
        return customer

    def orders_of(self, email: str) -> list[WebshopOrder]:
        """The customer's orders, newest first."""
        mine = self.index.orders_by_email.get(email.lower(), [])
        return sorted(mine, key=lambda o: o.order_date, reverse=True)

    def orders_by_email(self, email: str) -> list[WebshopOrder]:
        """`orders_of` for the orders list, asked when no order number is given: without an email it is a 400."""
        if not email:
            settings = self.shop.settings
            raise WebshopError(f"Provide {settings.email_parameter} or {settings.order_number_parameter}")
        return self.orders_of(email)

    def require_order(self, order_number: str) -> WebshopOrder:
        """The order with this number; an unknown one is a 404."""
        order = self.index.order_by_number.get(order_number)
        if order is None:
            raise WebshopError(f"Could not find order defined by number {order_number}.", status=404)
        return order

    def panel_items_of(self, customer: WebshopCustomer) -> list[PanelItem]:
        return list(self.index.panel_items_by_email.get(customer.email_address.lower(), []))

    def require_panel_item(self, item_id: str) -> PanelItem:
        """The custom panel item with this id; no id is a 400, an unknown one a 404."""
        if not item_id:
            raise WebshopError(f"Provide {self.shop.settings.panel_id_parameter}")
        item = self.index.panel_item_by_id.get(item_id)
        if item is None:
            raise WebshopError(f"Could not find item defined by id {item_id}.", status=404)
        return item
