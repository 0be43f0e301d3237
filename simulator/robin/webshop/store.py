"""The example webshop's rules over its seeded records: customers by identifier, orders, custom panel items."""

from __future__ import annotations

from simulator.robin.models import PanelItem, Webshop, WebshopCustomer, WebshopOrder
from simulator.robin.store.base import digits
from simulator.robin.webshop.errors import WebshopError


class WebshopStore:
    def __init__(self, shop: Webshop) -> None:
        self.shop = shop

    def find_customer(
        self, *, email: str = "", phone: str = "", external_identifier: str = ""
    ) -> WebshopCustomer | None:
        """The most specific identifier wins: external identifier, then email, then phone."""
        checks = (
            (external_identifier, lambda c: c.external_identifier == external_identifier),
            (email, lambda c: c.email_address.lower() == email.lower()),
            (phone and digits(phone), lambda c: digits(c.phone_number) == digits(phone)),
        )
        for wanted, matches in checks:
            found = next((c for c in self.shop.customers if matches(c)), None) if wanted else None
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
        mine = [o for o in self.shop.orders if o.email_address.lower() == email.lower()]
        return sorted(mine, key=lambda o: o.order_date, reverse=True)

    def orders_by_email(self, email: str) -> list[WebshopOrder]:
        """`orders_of` for the orders list, asked when no order number is given: without an email it is a 400."""
        if not email:
            settings = self.shop.settings
            raise WebshopError(f"Provide {settings.email_parameter} or {settings.order_number_parameter}")
        return self.orders_of(email)

    def require_order(self, order_number: str) -> WebshopOrder:
        """The order with this number; an unknown one is a 404."""
        order = next((o for o in self.shop.orders if o.order_number == order_number), None)
        if order is None:
            raise WebshopError(f"Could not find order defined by number {order_number}.", status=404)
        return order

    def panel_items_of(self, customer: WebshopCustomer) -> list[PanelItem]:
        return [p for p in self.shop.panel_items if p.email_address.lower() == customer.email_address.lower()]

    def require_panel_item(self, item_id: str) -> PanelItem:
        """The custom panel item with this id; no id is a 400, an unknown one a 404."""
        if not item_id:
            raise WebshopError(f"Provide {self.shop.settings.panel_id_parameter}")
        item = next((p for p in self.shop.panel_items if p.id == item_id), None)
        if item is None:
            raise WebshopError(f"Could not find item defined by id {item_id}.", status=404)
        return item
