"""POST /__admin/reset: back to the seeded baseline, one namespace or all of them."""

from __future__ import annotations

from flask.testing import FlaskClient

from simulator.core.outbox import Delivery
from simulator.core.runtime import Runtime
from tests.core.builders import (
    assert_problem,
    customer_emails,
    customers,
    export,
    in_namespace,
    without_name,
)


def mutate(client: FlaskClient, namespace: str, email: str) -> None:
    response = client.post(
        "/robin/dynamic/customers", json=customers(email), headers=in_namespace(namespace)
    )
    assert response.status_code == 201
    assert email in customer_emails(export(client, namespace))


def test_reset__restores_the_baseline_of_the_header_namespace_only(
    free_robin: FlaskClient,
) -> None:
    baseline = export(free_robin, "a")
    mutate(free_robin, "a", "in.a@example.com")
    mutate(free_robin, "b", "in.b@example.com")

    response = free_robin.post("/__admin/reset", headers=in_namespace("a"))

    assert response.status_code == 200
    assert response.get_json() == {"reset": ["a"]}
    assert export(free_robin, "a") == baseline
    assert "in.b@example.com" in customer_emails(export(free_robin, "b"))


def test_reset__without_header_resets_default_only(free_robin: FlaskClient) -> None:
    baseline = export(free_robin)
    mutate(free_robin, "default", "in.default@example.com")
    mutate(free_robin, "b", "in.b@example.com")

    response = free_robin.post("/__admin/reset")

    assert response.get_json() == {"reset": ["default"]}
    assert export(free_robin) == baseline
    assert "in.b@example.com" in customer_emails(export(free_robin, "b"))


def test_reset__all_resets_every_namespace(free_robin: FlaskClient) -> None:
    baseline = without_name(export(free_robin, "fresh"))
    mutate(free_robin, "a", "in.a@example.com")
    mutate(free_robin, "b", "in.b@example.com")

    response = free_robin.post("/__admin/reset?all=true", headers=in_namespace("a"))

    assert response.status_code == 200
    assert response.get_json() == {"reset": ["*"]}
    assert without_name(export(free_robin, "a")) == baseline
    assert without_name(export(free_robin, "b")) == baseline
    assert "fresh" not in free_robin.get("/__admin/namespaces").get_json()["namespaces"]


def test_reset__clears_the_namespace_journal_and_outbox(
    free_robin: FlaskClient, free_runtime: Runtime
) -> None:
    free_robin.post("/robin/conversations", json={}, headers=in_namespace("a"))
    free_robin.post("/robin/conversations", json={}, headers=in_namespace("b"))
    free_runtime.registry.get("a").outbox.add(
        Delivery(id=1, kind="test", method="POST", target="http://x", payload=None, headers={},
                 queued_at="")
    )
    assert free_robin.get("/__admin/requests", headers=in_namespace("a")).get_json()["requests"]

    free_robin.post("/__admin/reset", headers=in_namespace("a"))

    assert free_robin.get("/__admin/requests", headers=in_namespace("a")).get_json() == {
        "requests": []
    }
    assert free_robin.get("/__admin/outbox", headers=in_namespace("a")).get_json() == {
        "deliveries": []
    }
    assert len(free_robin.get("/__admin/requests", headers=in_namespace("b")).json["requests"]) == 1


def test_reset__all_clears_rate_limit_windows(robin: FlaskClient) -> None:
    for _ in range(3):
        assert robin.post("/robin/conversations", json={}).status_code == 200
    assert robin.post("/robin/conversations", json={}).status_code == 429

    robin.post("/__admin/reset?all=true")

    assert robin.post("/robin/conversations", json={}).status_code == 200


def test_reset__invalid_all_flag_returns_400_problem(free_robin: FlaskClient) -> None:
    mutate(free_robin, "default", "kept@example.com")

    response = free_robin.post("/__admin/reset?all=maybe")

    assert_problem(response, 400, "all")
    assert "kept@example.com" in customer_emails(export(free_robin))

