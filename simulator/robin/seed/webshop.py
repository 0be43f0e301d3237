"""The example webshop's seeded records: the pool's people as customers, canonical and Faker orders, panel items."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from simulator.core.fake import Person
from simulator.core.serialize import from_jsonable
from simulator.core.storage import WorldSeed
from simulator.robin.models import PanelItem, Webshop, WebshopCustomer, WebshopOrder, WebshopSettings

if TYPE_CHECKING:
    from faker import Faker

PRODUCTS = (("Phone", 695.5), ("Tablet", 449.0), ("Headphones", 129.0), ("Charger", 24.95),
            ("Laptop", 1199.0), ("Smartwatch", 249.0), ("Cable", 9.95), ("Case", 19.95))


def seed_webshop(world: WorldSeed, fake: Faker, canonical: dict[str, Any]) -> Webshop:
    settings = WebshopSettings(api_key=world.config.robin_webshop_key, api_secret=world.config.robin_webshop_secret)
    shop = Webshop(settings=settings)
    for person in world.pool.people:
        shop.customers.append(
            WebshopCustomer(
                email_address=person.email,
                name=person.name,
                phone_number=person.phone,
                customer_since=person.since or world.epoch,
                currency="EUR",
                external_identifier=person.external_identifier,
                panel_view={
                    "city": person.city,
                    "loyalty_tier": fake.random_element(("Bronze", "Silver", "Gold")),
                    "newsletter": fake.random_element(("yes", "no")),
                },
            )
        )
    shop.orders = [from_jsonable(WebshopOrder, o) for o in canonical.get("orders", [])]
    shop.panel_items = [from_jsonable(PanelItem, p) for p in canonical.get("panel_items", [])]
    number = 5000
    for person in world.pool.generated():
        for _ in range(fake.random_int(0, 4)):
            number += 1
            shop.orders.append(_order(fake, person, f"RHQO{number}", world.epoch))
        for index in range(fake.random_int(0, 3)):
            shop.panel_items.append(_panel_item(fake, person, f"R{number:05d}-{index + 1}"))
    return shop


def _order(fake: Faker, person: Person, number: str, epoch: datetime) -> WebshopOrder:
    lines = []
    for product, price in fake.random_elements(PRODUCTS, length=fake.random_int(1, 3), unique=True):
        lines.append({"product": product, "quantity": fake.random_int(1, 3), "price": price})
    status = fake.random_element(("In progress", "Shipped", "Delivered", "Cancelled"))
    order = WebshopOrder(
        order_number=number,
        email_address=person.email,
        order_date=epoch - timedelta(days=fake.random_int(1, 700), minutes=fake.random_int(0, 1439)),
        status=status,
        payment_status="Paid" if status != "In progress" else fake.random_element(("Paid", "Partially paid")),
        shipment_status={"In progress": "Not shipped", "Cancelled": "Not shipped"}.get(status, "Shipped"),
        lines=lines,
        shipping=fake.random_element((0.0, 4.95, 10.0)),
    )
    order.invoices = [{
        "shipment": f"<a href='https://shop.example.com/invoice/I{number}'>I{number}</a>",
        "status": "Paid" if order.payment_status == "Paid" else "Not paid",
        "amount": f"€{order.total:,.2f}",
    }]
    return order


def _panel_item(fake: Faker, person: Person, item_id: str) -> PanelItem:
    product = fake.random_element(PRODUCTS)[0]
    return PanelItem(
        id=item_id,
        email_address=person.email,
        description=f"Repair of {product.lower()}",
        fields={"product": product, "status": fake.random_element(("Received", "In repair", "Returned"))},
        details_view=[{"display_as": "details", "data": {"product": product, "ticket": item_id}}],
    )
