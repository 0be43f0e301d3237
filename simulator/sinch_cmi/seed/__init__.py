"""The seeded contact center: Contact Pro's configuration, calls, chats and emails, and the records about them."""

from __future__ import annotations

from simulator.core.storage import WorldSeed
from simulator.sinch_cmi.models import CmiState
from simulator.sinch_cmi.seed import configuration, contacts, records
from simulator.sinch_cmi.seed.base import Seeder, load_canonical_state

BASE_PEOPLE = 40  # the counts below are for the default pool; a larger pool scales them


def seed(world: WorldSeed) -> CmiState:
    """The world's contact center; each part draws in turn from one random stream, so the order is part of it."""
    scale = max(1.0, world.config.people / BASE_PEOPLE)
    seeder = Seeder(world, load_canonical_state(world))
    configuration.users_and_queues(seeder)
    seeder.canonical_records()
    for step, count in ((contacts.calls, 30), (contacts.chats, 15), (contacts.emails, 15),
                        (records.script_results, 8), (records.callbacks, 8), (records.consents, 10),
                        (records.messages, 6), (records.contact_data, 8)):
        step(seeder, round(count * scale))
    return seeder.state
