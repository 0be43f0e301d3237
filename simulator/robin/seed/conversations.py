"""ROBIN's seeded conversations: Faker customers talking to agents over the channels, with linked orders and tags."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from simulator.core.fake import uuid_from
from simulator.core.storage import WorldSeed
from simulator.robin.models import Conversation, Message, Sender, Tenant, chronological

if TYPE_CHECKING:
    from faker import Faker

CHANNELS = ("Email", "Chat", "WhatsApp", "SMS", "WebChat", "Facebook Messenger", "Instagram", "Phone")
CATEGORIES = ("Question", "Complaint", "Order status", "Return", "Payment", "Product information")
TAGS = ("VIP", "Delivery", "Refund", "Warranty", "Follow-up", "Newsletter")
STATES = ("Open", "Open", "Archived", "Archived", "Archived", "Snoozed", "Hidden")


def seed_conversations(tenant: Tenant, world: WorldSeed, fake: Faker) -> None:
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
