"""The seeded ROBIN world: canonical fixtures first, then Faker data drawn from the shared pool."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from simulator.core.fake import Person, uuid_from
from simulator.core.resources import load_canonical
from simulator.core.serialize import from_jsonable
from simulator.core.storage import WorldSeed
from simulator.robin.models import (
    Agent,
    Conversation,
    CustomChannel,
    Customer,
    Message,
    Order,
    PanelItem,
    Presence,
    RobinState,
    Sender,
    Tenant,
    Webshop,
    WebshopCustomer,
    WebshopOrder,
    WebshopSettings,
    Webstore,
    chronological,
)
from simulator.robin.webshop_store import WebshopStore

if TYPE_CHECKING:
    from faker import Faker

PRODUCTS = (("Phone", 695.5), ("Tablet", 449.0), ("Headphones", 129.0), ("Charger", 24.95),
            ("Laptop", 1199.0), ("Smartwatch", 249.0), ("Cable", 9.95), ("Case", 19.95))
CHANNELS = ("Email", "Chat", "WhatsApp", "SMS", "WebChat", "Facebook Messenger", "Instagram", "Phone")
CATEGORIES = ("Question", "Complaint", "Order status", "Return", "Payment", "Product information")
TAGS = ("VIP", "Delivery", "Refund", "Warranty", "Follow-up", "Newsletter")
STATES = ("Open", "Open", "Archived", "Archived", "Archived", "Snoozed", "Hidden")


def seed(world: WorldSeed) -> RobinState:
    config = world.config
    canonical = load_canonical(config.fixtures_dir, "robin")
    fake = world.faker("robin")
    webstores = [Webstore(**w) for w in canonical.get("webstores", [])] or [Webstore("Default webstore")]
    shop = _webshop(world, fake, canonical)
    tenant = Tenant(
        api_key=config.robin_api_key,
        api_secret=config.robin_api_secret,
        name="Demo subscription",
        agents=[Agent(email=a.email, name=a.name, phone_extension=a.phone_extension) for a in world.pool.agents],
        webstores=webstores,
        channels=[CustomChannel(**c) for c in canonical.get("channels", [])],
    )
    _presence(tenant, fake, canonical)
    _customers_and_orders(tenant, shop, fake)
    tenant.conversations = [from_jsonable(Conversation, c) for c in canonical.get("conversations", [])]
    _conversations(tenant, world, fake)
    return RobinState(tenants={tenant.api_key: tenant}, webshop=shop)


def _webshop(world: WorldSeed, fake: Faker, canonical: dict[str, Any]) -> Webshop:
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


def _presence(tenant: Tenant, fake: Faker, canonical: dict[str, Any]) -> None:
    explicit = {(p["agent"], p["channel"], p["webstore"]): p["online"] for p in canonical.get("presence", [])}
    for agent in tenant.agents:
        for channel in ("Chat", "WhatsApp", "Email", "WebChat"):
            for store in tenant.webstores:
                key = (agent.email, channel, store.name)
                online = explicit[key] if key in explicit else fake.random_int(1, 10) <= 3
                agent.presence.append(Presence(channel=channel, webstore=store.name, online=online))


def _customers_and_orders(tenant: Tenant, shop: Webshop, fake: Faker) -> None:
    """ROBIN knows what the webshop pushed to it: customers with figures, and their orders."""
    view = WebshopStore(shop)
    for customer in shop.customers:
        lifetime = view.customer_lifetime(customer)
        orders = view.orders_of(customer.email_address)
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


def _conversations(tenant: Tenant, world: WorldSeed, fake: Faker) -> None:
    people = world.pool.people
    orders_by_email: dict[str, list[str]] = {}
    for order in tenant.orders.values():
        orders_by_email.setdefault(order.email_address.lower(), []).append(order.order_number)
    rng = world.random("robin:conversations")
    for _ in range(len(people) * 3 // 2):
        person = fake.random_element(people)
        agent = fake.random_element(tenant.agents) if fake.random_int(1, 10) > 1 else None
        store = fake.random_element(tenant.webstores)
        channel = fake.random_element(CHANNELS)
        started = world.epoch - timedelta(minutes=fake.random_int(60, 90 * 24 * 60))
        linked = orders_by_email.get(person.email.lower(), [])
        conversation = Conversation(
            guid=uuid_from(rng),
            conversation_id=uuid_from(rng),
            subject=fake.sentence(nb_words=6).rstrip("."),
            channel=channel,
            started_at=started,
            state=fake.random_element(STATES) if agent else "Open",
            owner=agent.as_party() if agent else None,
            webstore=store.name,
            category=fake.random_element(CATEGORIES),
            linked_order_numbers=(
                fake.random_elements(linked, length=min(len(linked), 2), unique=True) if linked else []
            ),
            tags=list(fake.random_elements(TAGS, length=fake.random_int(0, 2), unique=True)),
            referrer=store.referrers[0] if store.referrers else "",
            customer_email=person.email,
            customer_phone=person.phone,
            relation_name=person.name,
            relation_external_identifier=person.phone if channel in ("WhatsApp", "SMS", "Phone") else person.email,
        )
        sent = started
        for turn in range(fake.random_int(1, 6)):
            from_customer = turn % 2 == 0 or agent is None
            sender = (
                Sender("Relation", person.name, person.email)
                if from_customer
                else Sender("User", agent.name, agent.email)  # type: ignore[union-attr]
            )
            conversation.messages.append(
                Message(
                    id=uuid_from(rng),
                    sent_at=sent,
                    sender=sender,
                    content=fake.paragraph(nb_sentences=2),
                    scope="External" if from_customer or fake.random_int(1, 5) > 1 else "Internal",
                    rating="None" if from_customer else fake.random_element(("None", "None", "Positive", "Negative")),
                )
            )
            sent += timedelta(minutes=fake.random_int(1, 240))
        tenant.conversations.append(conversation)
    tenant.conversations.sort(key=chronological)

