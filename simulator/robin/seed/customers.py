"""ROBIN's seeded customers and orders: what the example webshop pushed to it, figures from the shop's answers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.robin.models import Customer, Order, Tenant, Webshop
from simulator.robin.webshop.render import customer_lifetime
from simulator.robin.webshop.store import WebshopStore

if TYPE_CHECKING:
    from faker import Faker


def seed_customers_and_orders(tenant: Tenant, shop: Webshop, fake: Faker) -> None:
    """ROBIN knows what the webshop pushed to it: customers with figures, and their orders."""
    view = WebshopStore(shop)
    for customer in shop.customers:
        orders = view.orders_of(customer.email_address)
        lifetime = customer_lifetime(customer, orders, shop.settings.currency_symbol)
        tenant.customers[customer.email_address.lower()] = Customer(
            email_address=customer.email_address,
            name=customer.name,
            phone_number=customer.phone_number,
            customer_since=customer.customer_since,
            order_count=lifetime["order_count"],
            total_revenue=lifetime["total_revenue"],
            total_spent=f"€{lifetime['total_revenue']:,.2f}",
            currency="EUR",
            last_order_date=orders[0].order_date if orders else None,
            external_identifier=customer.external_identifier,
            panel_view=dict(customer.panel_view),
            updated_at=customer.customer_since,
        )
        for index, order in enumerate(reversed(orders)):
            tenant.orders[order.order_number] = Order(
                order_number=order.order_number,
                email_address=order.email_address,
                revenue=order.total,
                profit=round(order.total * fake.random_int(10, 30) / 100, 2),
                order_date=order.order_date,
                is_first_order=index == 0,
                webstore_url=tenant.webstores[0].url if tenant.webstores else "",
                name=customer.name,
                url=f"https://shop.example.com/orders/{order.order_number}",
                list_view={"order_number": order.order_number, "status": order.status},
                updated_at=order.order_date,
            )
