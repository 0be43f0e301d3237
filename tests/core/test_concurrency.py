"""No lost update: concurrent requests into one namespace all land in its state."""

from __future__ import annotations

import threading
from collections.abc import Callable

from flask import Flask

from simulator.core.runtime import Runtime
from tests.conftest import ROBIN_AUTH, ROBIN_KEY
from tests.core.builders import (
    channel_message,
    customers,
    export,
    in_namespace,
    tenant,
)

THREADS = 12
PER_THREAD = 8


def run_concurrently(
    app: Flask, work: Callable[[int, int], tuple[str, dict]], namespace: str = "busy"
) -> list[int]:
    """Each thread has its own test client; all start together; returns every status code."""
    statuses: list[int] = []
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)
    record = threading.Lock()

    def worker(number: int) -> None:
        client = app.test_client()
        try:
            start.wait()
            for index in range(PER_THREAD):
                path, payload = work(number, index)
                response = client.post(
                    path, json=payload, headers={**ROBIN_AUTH, **in_namespace(namespace)}
                )
                with record:
                    statuses.append(response.status_code)
        except BaseException as exc:  # surfaced in the test thread below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert not any(thread.is_alive() for thread in threads)
    return statuses


def test_create_customers__concurrent_posts_are_all_stored(unlimited_app: Flask) -> None:
    def work(number: int, index: int) -> tuple[str, dict]:
        return "/robin/dynamic/customers", customers(f"t{number}.c{index}@example.com")

    export(unlimited_app.test_client(), "busy")  # the namespace exists before the race
    statuses = run_concurrently(unlimited_app, work)

    assert statuses == [201] * THREADS * PER_THREAD
    stored = set(tenant(export(unlimited_app.test_client(), "busy"))["customers"])
    expected = {f"t{n}.c{i}@example.com" for n in range(THREADS) for i in range(PER_THREAD)}
    assert expected <= stored


def test_channel_messages__concurrent_posts_all_become_conversations(
    unlimited_app: Flask, free_runtime: Runtime
) -> None:
    def work(number: int, index: int) -> tuple[str, dict]:
        relation = f"t{number}.m{index}@example.com"
        return "/robin/messages", channel_message(
            relation, conversation=f"conv-{number}-{index}", message=f"msg-{number}-{index}"
        )

    statuses = run_concurrently(unlimited_app, work)
    assert free_runtime.outbox.join()

    assert statuses == [201] * THREADS * PER_THREAD
    conversations = tenant(export(unlimited_app.test_client(), "busy"))["conversations"]
    started = {c["external_identifier"] for c in conversations if c["channel_account"]}
    expected = {f"conv-{n}-{i}" for n in range(THREADS) for i in range(PER_THREAD)}
    assert expected <= started
    guids = [c["guid"] for c in conversations]
    assert len(guids) == len(set(guids))


def test_first_use__concurrent_requests_share_one_new_namespace(unlimited_app: Flask) -> None:
    def work(number: int, index: int) -> tuple[str, dict]:
        return "/robin/dynamic/customers", customers(f"first.{number}.{index}@example.com")

    assert "busy" not in unlimited_app.extensions["simulator"].registry.names()
    run_concurrently(unlimited_app, work)

    stored = set(tenant(export(unlimited_app.test_client(), "busy"))["customers"])
    assert len({e for e in stored if e.startswith("first.")}) == THREADS * PER_THREAD


def test_configure_channels__concurrent_admin_posts_are_all_kept(unlimited_app: Flask) -> None:
    """Saving a channel rewrites the tenant's channel list: only the namespace lock keeps all."""

    def work(number: int, index: int) -> tuple[str, dict]:
        return "/__admin/robin/channels", {
            "external_identifier": f"ch-{number}-{index}",
            "name": f"Channel {number}/{index}",
        }

    export(unlimited_app.test_client(), "busy")
    statuses = run_concurrently(unlimited_app, work)

    assert statuses == [201] * THREADS * PER_THREAD
    state = export(unlimited_app.test_client(), "busy")
    channels = {c["external_identifier"] for c in tenant(state)["channels"]}
    expected = {f"ch-{n}-{i}" for n in range(THREADS) for i in range(PER_THREAD)}
    assert expected <= channels


def test_request__waits_while_another_holds_the_namespace_lock(
    unlimited_app: Flask, free_runtime: Runtime
) -> None:
    namespace = free_runtime.registry.get("busy")
    outcome: list[int] = []

    def stored_customers() -> dict:
        return namespace.state("robin").tenants[ROBIN_KEY].customers

    def post() -> None:
        response = unlimited_app.test_client().post(
            "/robin/dynamic/customers",
            json=customers("queued@example.com"),
            headers={**ROBIN_AUTH, **in_namespace("busy")},
        )
        outcome.append(response.status_code)

    with namespace.lock:
        thread = threading.Thread(target=post)
        thread.start()
        thread.join(timeout=0.3)  # bounded: it must still be waiting for the lock
        assert thread.is_alive()
        assert outcome == []
        assert "queued@example.com" not in stored_customers()
    thread.join(timeout=10)

    assert outcome == [201]
    assert "queued@example.com" in stored_customers()
