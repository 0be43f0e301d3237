"""The example webshop's answers as the dynamic-integration documentation shows them (amounts as text)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from simulator.robin.models import PanelItem, WebshopCustomer, WebshopOrder


def money(symbol: str, amount: float) -> str:
    return f"{symbol}{amount:,.2f}"


def customer_information(customer: WebshopCustomer, orders: list[WebshopOrder], symbol: str) -> dict[str, Any]:
    return {
        "email_address": customer.email_address,
        "customer_since": customer.customer_since.date(),
        "order_count": len(orders),
        "total_spent": money(symbol, sum(o.total for o in orders)),
        "name": customer.name,
        "phone_number": customer.phone_number,
        "panel_view": dict(customer.panel_view),
    }


def orders_list(orders: list[WebshopOrder], symbol: str) -> dict[str, Any]:
    return {
        "orders": [
            {
                "order_number": o.order_number,
                "list_view": {
                    "order_number": o.order_number,
                    "date": o.order_date.strftime("%d-%m-%Y %H:%M"),
                    "status": o.status,
                    "total": money(symbol, o.total),
                },
            }
            for o in orders
        ]
    }


def order_details(order: WebshopOrder, symbol: str) -> dict[str, Any]:
    rows = [
        {
            "product": line["product"],
            "quantity": str(line["quantity"]),
            "price": money(symbol, line["price"] * line["quantity"]),
        }
        for line in order.lines
    ]
    rows.append({"product": "Shipment", "quantity": "", "price": money(symbol, order.shipping)})
    rows.append({"product": "Total", "quantity": "", "price": money(symbol, order.total)})
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


def customer_lifetime(customer: WebshopCustomer, orders: list[WebshopOrder], symbol: str) -> dict[str, Any]:
    first = min((o.order_date for o in orders), default=customer.customer_since)
    last = max((o.order_date for o in orders), default=customer.customer_since)
    return {
        "email_address": customer.email_address,
        "customer_since": _iso_z(first),
        "order_count": len(orders),
        "currency": symbol,
        "total_revenue": round(sum(o.total for o in orders), 2),
        "last_order_date": _iso_z(last),
    }


def panel_list(items: list[PanelItem]) -> dict[str, Any]:
    return {"data": [{"id": p.id, "description": p.description, **p.fields} for p in items]}


def panel_details(item: PanelItem) -> dict[str, Any]:
    """The item's own details_view, else its description and fields as one details block."""
    fallback = [{"display_as": "details", "data": {"description": item.description, **item.fields}}]
    return {"details_view": item.details_view or fallback}


def _iso_z(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
