"""Namespaces: X-Simulator-Namespace selects an isolated, lazily created world."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.core.builders import (
    NAMESPACE_HEADER,
    assert_problem,
    channel_message,
    conversations_of,
    customer_emails,
    customers,
    export,
    in_namespace,
)


def test_create_customer__in_namespace_a_is_invisible_in_b_and_default(
    free_robin: FlaskClient,
) -> None:
    body = customers("only.in.a@example.com")

    response = free_robin.post("/robin/dynamic/customers", json=body, headers=in_namespace("a"))

    assert response.status_code == 201
    assert "only.in.a@example.com" in customer_emails(export(free_robin, "a"))
    assert "only.in.a@example.com" not in customer_emails(export(free_robin, "b"))
    assert "only.in.a@example.com" not in customer_emails(export(free_robin, "default"))


def test_channel_message__conversation_is_visible_only_in_its_namespace(
    free_robin: FlaskClient,
) -> None:
    email = "isolated@example.com"
    response = free_robin.post(
        "/robin/messages", json=channel_message(email), headers=in_namespace("a")
    )

    assert response.status_code == 201
    assert len(conversations_of(free_robin, email, "a")) == 1
    assert conversations_of(free_robin, email, "b") == []
    assert conversations_of(free_robin, email, "default") == []


def test_request__without_header_uses_default_namespace(free_robin: FlaskClient) -> None:
    response = free_robin.post(
        "/robin/dynamic/customers", json=customers("no.header@example.com")
    )

    assert response.status_code == 201
    state = export(free_robin, "default")
    assert state["namespace"] == "default"
    assert "no.header@example.com" in customer_emails(state)
    assert free_robin.get("/__admin/state").get_json()["namespace"] == "default"


def test_request__empty_header_uses_default_namespace(free_robin: FlaskClient) -> None:
    response = free_robin.get("/__admin/state", headers={NAMESPACE_HEADER: ""})

    assert response.status_code == 200
    assert response.get_json()["namespace"] == "default"


@pytest.mark.parametrize(
    "name", ["has space", "slash/inside", "semi;colon", "x" * 65, "quote'd", "a,b"]
)
def test_admin_request__invalid_namespace_returns_400_problem(
    free_robin: FlaskClient, name: str
) -> None:
    response = free_robin.get("/__admin/state", headers={NAMESPACE_HEADER: name})

    assert_problem(response, 400, NAMESPACE_HEADER)
    assert name not in free_robin.get("/__admin/namespaces").get_json()["namespaces"]


def test_vendor_request__invalid_namespace_returns_400_problem_and_stores_nothing(
    free_robin: FlaskClient,
) -> None:
    response = free_robin.post(
        "/robin/dynamic/customers",
        json=customers("bad.namespace@example.com"),
        headers={NAMESPACE_HEADER: "not valid"},
    )

    assert_problem(response, 400, NAMESPACE_HEADER)
    assert "not valid" not in free_robin.get("/__admin/namespaces").get_json()["namespaces"]
    assert "bad.namespace@example.com" not in customer_emails(export(free_robin))


@pytest.mark.parametrize("name", ["a", "team-1", "run_2.x", "ci:42", "x" * 64])
def test_request__valid_namespace_names_are_accepted(free_robin: FlaskClient, name: str) -> None:
    response = free_robin.get("/__admin/state", headers=in_namespace(name))

    assert response.status_code == 200
    assert response.get_json()["namespace"] == name


def test_list_namespaces__created_lazily_on_first_use(free_robin: FlaskClient) -> None:
    before = free_robin.get("/__admin/namespaces").get_json()["namespaces"]

    assert "lazy" not in before
    free_robin.post("/robin/conversations", json={}, headers=in_namespace("lazy"))

    after = free_robin.get("/__admin/namespaces").get_json()["namespaces"]
    assert "lazy" in after
    assert after == sorted(after)


def test_new_namespace__starts_from_the_seeded_baseline(free_robin: FlaskClient) -> None:
    free_robin.post("/robin/dynamic/customers", json=customers("mutation@example.com"))

    fresh = export(free_robin, "fresh")
    other = export(free_robin, "other")

    assert "mutation@example.com" in customer_emails(export(free_robin))
    assert "mutation@example.com" not in customer_emails(fresh)
    assert fresh["vendors"] == other["vendors"]
    assert fresh["people"] == other["people"]
