"""Agents' seeded presence: per channel and web store, canonical where given, else online three times in ten."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from simulator.robin.models import Presence, Tenant

if TYPE_CHECKING:
    from faker import Faker


def seed_presence(tenant: Tenant, fake: Faker, canonical: dict[str, Any]) -> None:
    explicit = {(p["agent"], p["channel"], p["webstore"]): p["online"] for p in canonical.get("presence", [])}
    for agent in tenant.agents:
        for channel in ("Chat", "WhatsApp", "Email", "WebChat"):
            for store in tenant.webstores:
                key = (agent.email, channel, store.name)
                online = explicit[key] if key in explicit else fake.random_int(1, 10) <= 3
                agent.presence.append(Presence(channel=channel, webstore=store.name, online=online))
