"""The shared pool of fake people and agents that every vendor of a namespace draws from."""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from simulator.core.resources import load_canonical

if TYPE_CHECKING:
    from faker import Faker


def derive_seed(seed: int, label: str) -> int:
    """A stable sub-seed per purpose, so one vendor's draws never shift another's."""
    digest = hashlib.sha256(f"{seed}:{label}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def seeded_faker(seed: int, label: str, locale: str = "en_US") -> Faker:
    from faker import Faker  # imported on first seeding: keeps start-up short

    fake = Faker(locale)
    fake.seed_instance(derive_seed(seed, label))
    return fake


def seeded_random(seed: int, label: str) -> random.Random:
    return random.Random(derive_seed(seed, label))


def uuid_from(rng: random.Random) -> str:
    """A UUID4-shaped id drawn from a seeded generator: same seed, same ids."""
    raw = rng.getrandbits(128)
    raw = (raw & ~(0xF << 76)) | (0x4 << 76)
    raw = (raw & ~(0x3 << 62)) | (0x2 << 62)
    text = f"{raw:032x}"
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


@dataclass
class Person:
    """A customer who may appear in every vendor: same name, email and phone everywhere."""

    id: str
    first_name: str
    last_name: str
    email: str
    phone: str
    city: str = ""
    country: str = "NL"
    company: str = ""
    external_identifier: str = ""
    since: datetime | None = None

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass
class Agent:
    """A contact-center employee, shared by the vendors of a namespace."""

    id: str
    name: str
    email: str
    phone_extension: str
    languages: list[str] = field(default_factory=lambda: ["en"])


@dataclass
class PeoplePool:
    people: list[Person]
    agents: list[Agent]
    canonical: int = 0  # the first `canonical` people come from fixtures/people.json

    def generated(self) -> list[Person]:
        return self.people[self.canonical :]

    def person_by_email(self, email: str) -> Person | None:
        lowered = email.lower()
        return next((p for p in self.people if p.email.lower() == lowered), None)


def build_pool(seed: int, epoch: datetime, size: int, fixtures_dir: Path) -> PeoplePool:
    """Canonical people and agents first (stable ids), then `size` seeded fake people."""
    canonical = load_canonical(fixtures_dir, "people")
    people = [_canonical_person(item) for item in canonical.get("people", [])]
    agents = [Agent(**item) for item in canonical.get("agents", [])]
    fake = seeded_faker(seed, "people")
    taken = {p.email for p in people}
    number = len(people)
    while len(people) < len(canonical.get("people", [])) + size:
        number += 1
        first, last = fake.first_name(), fake.last_name()
        email = _email(first, last, fake.random_int(1, 999), fake.random_element(_DOMAINS))
        if email in taken:
            continue
        taken.add(email)
        people.append(
            Person(
                id=f"P{number:05d}",
                first_name=first,
                last_name=last,
                email=email,
                phone="+316" + "".join(str(fake.random_digit()) for _ in range(8)),
                city=fake.city(),
                country=fake.random_element(("NL", "BE", "DE", "FI", "SE", "GB")),
                company=fake.company(),
                external_identifier=f"CUST-{fake.unique.random_int(100000, 999999)}",
                since=epoch - timedelta(days=fake.random_int(30, 1500)),
            )
        )
    for number in range(len(agents) + 1, len(agents) + 1 + GENERATED_AGENTS):
        first, last = fake.first_name(), fake.last_name()
        agents.append(
            Agent(
                id=f"A{number:03d}",
                name=f"{first} {last}",
                email=_email(first, last, number, "support.example.com"),
                phone_extension=str(200 + number),
                languages=[fake.random_element(("en", "nl", "de", "fi", "sv"))],
            )
        )
    return PeoplePool(people=people, agents=agents, canonical=len(canonical.get("people", [])))


GENERATED_AGENTS = 5
_DOMAINS = ("example.com", "example.net", "example.org")


def _email(first: str, last: str, number: int, domain: str) -> str:
    local = f"{first}.{last}{number}".lower()
    return "".join(ch for ch in local if ch.isalnum() or ch == ".") + f"@{domain}"


def _canonical_person(item: dict) -> Person:
    since = item.get("since")
    return Person(
        **{k: v for k, v in item.items() if k != "since"},
        since=datetime.fromisoformat(since) if since else None,
    )
