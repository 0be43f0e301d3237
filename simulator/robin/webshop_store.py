"""The example webshop: answers ROBIN's dynamic-integration calls from the seeded shop data."""

from __future__ import annotations

from typing import Any

from simulator.robin.models import PanelItem, Webshop, WebshopCustomer, WebshopOrder
from simulator.robin.store import digits


def money(symbol: str, amount: float) -> str:
    return f"{symbol}{amount:,.2f}"


class WebshopStore:
    def __init__(self, shop: Webshop) -> None:
        self.shop = shop
        self.symbol = shop.settings.currency_symbol

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
        mine = [o for o in self.shop.orders if o.email_address.lower() == email.lower()]
        return sorted(mine, key=lambda o: o.order_date, reverse=True)

    def order(self, order_number: str) -> WebshopOrder | None:
        return next((o for o in self.shop.orders if o.order_number == order_number), None)

    # ---- the documented responses --------------------------------------------------------

    def customer_information(self, customer: WebshopCustomer) -> dict[str, Any]:
        orders = self.orders_of(customer.email_address)
        return {
            "email_address": customer.email_address,
            "customer_since": customer.customer_since.date(),
            "order_count": len(orders),
            "total_spent": money(self.symbol, sum(o.total for o in orders)),
            "name": customer.name,
            "phone_number": customer.phone_number,
            "panel_view": dict(customer.panel_view),
        }

    def orders_list(self, email: str) -> dict[str, Any]:
        return {
            "orders": [
                {
                    "order_number": o.order_number,
                    "list_view": {
                        "order_number": o.order_number,
                        "date": o.order_date.strftime("%d-%m-%Y %H:%M"),
                        "status": o.status,
                        "total": money(self.symbol, o.total),
                    },
                }
                for o in self.orders_of(email)
            ]
        }

    def order_details(self, order: WebshopOrder) -> dict[str, Any]:
        rows = [
            {
                "product": line["product"],
                "quantity": str(line["quantity"]),
                "price": money(self.symbol, line["price"] * line["quantity"]),
            }
            for line in order.lines
        ]
        rows.append({"product": "Shipment", "quantity": "", "price": money(self.symbol, order.shipping)})
        rows.append({"product": "Total", "quantity": "", "price": money(self.symbol, order.total)})
        return {
            "details_view": [
                {
                    "display_as": "details",
                    "data": {
                        "date": order.order_date.strftime("%d-%m-%Y %H:%M"),
                        "status": order.status,
                        "payment_status": order.payment_status,
                        "shipment_status": order.shipment_status,
                    },
                },
                {"display_as": "columns", "caption": "products", "data": rows},
                {"display_as": "rows", "caption": "invoices", "data": [dict(i) for i in order.invoices]},
            ]
        }

    def customer_lifetime(self, customer: WebshopCustomer) -> dict[str, Any]:
        orders = self.orders_of(customer.email_address)
        first = min((o.order_date for o in orders), default=customer.customer_since)
        last = max((o.order_date for o in orders), default=customer.customer_since)
        return {
            "email_address": customer.email_address,
            "customer_since": _iso_z(first),
            "order_count": len(orders),
            "currency": self.symbol,
            "total_revenue": round(sum(o.total for o in orders), 2),
            "last_order_date": _iso_z(last),
        }

    def panel_list(self, customer: WebshopCustomer) -> dict[str, Any]:
        items = [p for p in self.shop.panel_items if p.email_address.lower() == customer.email_address.lower()]
        return {"data": [{"id": p.id, "description": p.description, **p.fields} for p in items]}

    def panel_item(self, item_id: str) -> PanelItem | None:
        return next((p for p in self.shop.panel_items if p.id == item_id), None)


def _iso_z(moment: Any) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
