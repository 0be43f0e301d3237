"""The seeded ROBIN world: canonical fixtures first, then Faker data drawn from the shared pool."""

from __future__ import annotations

from simulator.core.resources import load_canonical
from simulator.core.serialize import from_jsonable
from simulator.core.storage import WorldSeed
from simulator.robin.models import Agent, Conversation, CustomChannel, RobinState, Tenant, Webstore
from simulator.robin.seed.conversations import seed_conversations
from simulator.robin.seed.customers import seed_customers_and_orders
from simulator.robin.seed.presence import seed_presence
from simulator.robin.seed.webshop import seed_webshop


def seed(world: WorldSeed) -> RobinState:
    config = world.config
    canonical = load_canonical(config.fixtures_dir, "robin")
    fake = world.faker("robin")
    webstores = [Webstore(**w) for w in canonical.get("webstores", [])] or [Webstore("Default webstore")]
    shop = seed_webshop(world, fake, canonical)
    tenant = Tenant(
        api_key=config.robin_api_key,
        api_secret=config.robin_api_secret,
        name="Demo subscription",
        agents=[Agent(email=a.email, name=a.name, phone_extension=a.phone_extension) for a in world.pool.agents],
        webstores=webstores,
        channels=[CustomChannel(**c) for c in canonical.get("channels", [])],
    )
    seed_presence(tenant, fake, canonical)
    seed_customers_and_orders(tenant, shop, fake)
    tenant.conversations = [from_jsonable(Conversation, c) for c in canonical.get("conversations", [])]
    seed_conversations(tenant, world, fake)
    return RobinState(tenants={tenant.api_key: tenant}, webshop=shop)
