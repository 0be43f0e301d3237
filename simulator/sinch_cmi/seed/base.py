"""The seeding run all parts of the seeded world share: its random draws, the state it fills, the canonical records."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from simulator.core.fake import Person
from simulator.core.resources import load_canonical
from simulator.core.serialize import from_jsonable
from simulator.core.storage import WorldSeed
from simulator.sinch_cmi.models import CmiState, Queue, User

if TYPE_CHECKING:
    from faker import Faker


def load_canonical_state(world: WorldSeed) -> CmiState:
    """fixtures/sinch_cmi.json: the vendor page's examples, with stable ids (may be absent)."""
    data = load_canonical(world.config.fixtures_dir, "sinch_cmi")
    return from_jsonable(CmiState, {key: value for key, value in data.items() if not key.startswith("_")})


class Seeder:
    """One seeding run: its random draws, its fake texts, the state it fills and the helpers every part uses."""

    def __init__(self, world: WorldSeed, canonical: CmiState | None = None) -> None:
        self.world = world
        self.canonical = canonical or CmiState()
        self.rng: random.Random = world.random("sinch_cmi")
        self.fake: Faker = world.faker("sinch_cmi")
        self.epoch: datetime = world.epoch
        self.state = CmiState()
        self.people: list[Person] = world.pool.people

    def guid(self) -> str:
        return f"{self.rng.getrandbits(128):032X}"

    def hyphenated(self) -> str:
        raw = self.guid()
        return f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:]}"

    def before_epoch(self, *, max_days: int = 60) -> datetime:
        seconds = self.rng.randint(3600, max_days * 86400)
        return (self.epoch - timedelta(seconds=seconds)).replace(microsecond=self.rng.randint(0, 999) * 1000)

    def canonical_records(self) -> None:
        """The vendor's examples come before the generated records."""
        for table in ("contacts", "emails", "chats", "recordings", "script_results", "callbacks", "messages",
                      "consents", "remarks", "contact_data"):
            getattr(self.state, table).update(getattr(self.canonical, table))

    def queues_of(self, channel: str) -> list[Queue]:
        return [q for q in self.state.queues.values() if q.channel == channel and q.name != "Callback IVR"]

    def agent(self) -> User:
        return self.rng.choice(list(self.state.users.values()))
