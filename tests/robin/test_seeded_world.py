"""The seeded ROBIN world: canonical records plus varied conversations, stores and agents."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.robin.support import (
    CANONICAL_GUID,
    ORDER_GUID,
    all_conversations,
    close_app,
    make_app,
    tenant_state,
)


@pytest.fixture(scope="module")
def seeded(shared: FlaskClient) -> list[dict[str, Any]]:
    return all_conversations(shared)


def test_seed__conversations_span_several_channels(seeded: list[dict[str, Any]]) -> None:
    channels = {c["channel"] for c in seeded}

    assert {"Email", "Chat", "WhatsApp", "Phone"} <= channels
    assert len(channels) >= 6


def test_seed__conversations_span_both_webstores(seeded: list[dict[str, Any]]) -> None:
    counts = {
        store: sum(c["webStore"] == store for c in seeded)
        for store in ("Default webstore", "Outlet")
    }

    assert set(c["webStore"] for c in seeded) == {"Default webstore", "Outlet"}
    assert min(counts.values()) >= 5


def test_seed__conversations_are_owned_by_several_agents(seeded: list[dict[str, Any]]) -> None:
    owners = {c["owner"]["emailAddress"] for c in seeded if c["owner"]}

    assert {"petra@email.com", "user@robinhq.com"} <= owners
    assert len(owners) >= 4
    assert any(c["owner"] is None for c in seeded)


def test_seed__conversations_have_several_states(seeded: list[dict[str, Any]]) -> None:
    assert {"Open", "Archived"} <= {c["state"] for c in seeded}


def test_seed__canonical_conversations_are_present(seeded: list[dict[str, Any]]) -> None:
    assert {CANONICAL_GUID, ORDER_GUID} <= {c["guid"] for c in seeded}


def test_seed__every_conversation_has_messages_with_known_senders(
    seeded: list[dict[str, Any]],
) -> None:
    for conversation in seeded:
        assert conversation["messages"]
        assert {m["sender"]["type"] for m in conversation["messages"]} <= {"Relation", "User"}
        assert {m["scope"] for m in conversation["messages"]} <= {"External", "Internal"}


def test_seed__canonical_customers_and_webshop_records(shared: FlaskClient) -> None:
    tenant = tenant_state(shared)

    john = tenant["customers"]["email@address.com"]
    assert (john["name"], john["phone_number"], john["external_identifier"]) == (
        "John Doe",
        "+31612345678",
        "customer_1234",
    )
    assert {"eva.bakker@example.com", "tom.bakker@example.com", "nick@mail.com"} <= set(
        tenant["customers"]
    )
    assert tenant["orders"]["RHQO1234"]["email_address"] == "email@address.com"
    assert [c["external_identifier"] for c in tenant["channels"]] == ["customChannel"]
    assert [w["name"] for w in tenant["webstores"]] == ["Default webstore", "Outlet"]


def test_seed__same_seed_gives_the_same_world(seeded: list[dict[str, Any]]) -> None:
    application = make_app(rate_limits=False)
    try:
        again = all_conversations(application.test_client())
    finally:
        close_app(application)

    assert again == seeded


def test_seed__other_seed_gives_another_world(seeded: list[dict[str, Any]]) -> None:
    application = make_app(rate_limits=False, seed=7)
    try:
        other = all_conversations(application.test_client())
    finally:
        close_app(application)

    assert {CANONICAL_GUID, ORDER_GUID} <= {c["guid"] for c in other}
    assert {c["guid"] for c in other} != {c["guid"] for c in seeded}
