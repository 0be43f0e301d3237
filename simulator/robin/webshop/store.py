"""The example webshop's lookups over its seeded records: customers by identifier, orders, custom panel items."""

from __future__ import annotations

from simulator.robin.models import PanelItem, Webshop, WebshopCustomer, WebshopOrder
from simulator.robin.store.base import digits


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

    def orders_of(self, email: str) -> list[WebshopOrder]:
        """The customer's orders, newest first."""
        mine = [o for o in self.shop.orders if o.email_address.lower() == email.lower()]
        return sorted(mine, key=lambda o: o.order_date, reverse=True)

    def order(self, order_number: str) -> WebshopOrder | None:
        return next((o for o in self.shop.orders if o.order_number == order_number), None)

    def panel_items_of(self, customer: WebshopCustomer) -> list[PanelItem]:
        return [p for p in self.shop.panel_items if p.email_address.lower() == customer.email_address.lower()]

    def panel_item(self, item_id: str) -> PanelItem | None:
        return next((p for p in self.shop.panel_items if p.id == item_id), None)
