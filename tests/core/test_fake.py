"""Seeded fakes: stable sub-seeds, UUID4-shaped ids, and the shared people pool."""

from __future__ import annotations

import random
import uuid

from simulator.config import CANONICAL_DIR, DEFAULT_EPOCH
from simulator.core.fake import (
    build_pool,
    derive_seed,
    seeded_faker,
    seeded_random,
    uuid_from,
)
from simulator.core.resources import load_canonical


def test_uuid_from__is_a_valid_uuid4_and_repeatable() -> None:
    first = [uuid_from(random.Random(5)) for _ in range(3)]
    rng = random.Random(5)
    many = [uuid_from(rng) for _ in range(500)]

    assert len(set(first)) == 1
    assert len(set(many)) == 500
    for text in many:
        parsed = uuid.UUID(text)
        assert parsed.version == 4
        assert parsed.variant == uuid.RFC_4122
        assert str(parsed) == text


def test_derive_seed__stable_and_separate_per_label() -> None:
    assert derive_seed(1, "people") == derive_seed(1, "people")
    assert derive_seed(1, "people") != derive_seed(1, "robin")
    assert derive_seed(1, "people") != derive_seed(2, "people")


def test_seeded_faker__instances_do_not_share_a_global_seed() -> None:
    one = seeded_faker(1, "x")
    interleaved = seeded_faker(2, "y")
    names = []
    for _ in range(3):
        names.append(one.name())
        interleaved.name()

    again = seeded_faker(1, "x")
    assert names == [again.name() for _ in range(3)]


def test_seeded_random__repeatable() -> None:
    assert seeded_random(3, "ids").random() == seeded_random(3, "ids").random()


def test_build_pool__canonical_people_first_then_unique_generated_ones() -> None:
    canonical = load_canonical(CANONICAL_DIR, "people")["people"]

    pool = build_pool(9, DEFAULT_EPOCH, 20, CANONICAL_DIR)

    assert pool.canonical == len(canonical)
    assert [p.id for p in pool.people[: pool.canonical]] == [c["id"] for c in canonical]
    assert len(pool.generated()) == 20
    emails = [p.email.lower() for p in pool.people]
    assert len(emails) == len(set(emails))
    assert pool.agents
    assert pool.person_by_email(canonical[0]["email"].upper()) is pool.people[0]
    assert pool.person_by_email("nobody@nowhere.example") is None


def test_build_pool__same_seed_same_pool() -> None:
    assert build_pool(9, DEFAULT_EPOCH, 10, CANONICAL_DIR) == build_pool(
        9, DEFAULT_EPOCH, 10, CANONICAL_DIR
    )

