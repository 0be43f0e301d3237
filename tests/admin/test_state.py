"""GET/PUT /__admin/state: export and import round trip; invalid imports change nothing."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from flask.testing import FlaskClient

from simulator.core.runtime import Runtime
from simulator.core.storage import STATE_FORMAT
from tests.core.builders import (
    assert_problem,
    channel_message,
    conversations_of,
    customer_emails,
    customers,
    export,
    in_namespace,
    tenant,
    without_name,
)


def import_state(client: FlaskClient, state: Any, namespace: str) -> Any:
    return client.put("/__admin/state", json=state, headers=in_namespace(namespace))


def mutate(client: FlaskClient, runtime: Runtime, namespace: str) -> None:
    """Customers, a channel conversation with an attachment and an agent reply, a phone call."""
    headers = in_namespace(namespace)
    assert client.post(
        "/robin/dynamic/customers", json=customers("mutated@example.com"), headers=headers
    ).status_code == 201
    message = channel_message("chat@example.com")
    message["Attachments"] = [{"FileName": "a.txt", "Base64Content": "aGVsbG8="}]
    assert client.post("/robin/messages", json=message, headers=headers).status_code == 201
    guid = conversations_of(client, "chat@example.com", namespace)[0]["guid"]
    assert client.post(
        f"/__admin/robin/conversations/{guid}/replies", json={"content": "Hi"}, headers=headers
    ).status_code == 201
    voip = {
        "Id": "call-1",
        "EventType": "Answered",
        "PhoneNumber": "+31687654321",
        "PhoneExtension": "201",
        "Direction": "Inbound",
    }
    assert client.post(
        "/robin/voip/registerevent/demo-robin-key", json=voip, headers=headers
    ).status_code == 201
    assert runtime.outbox.join()


def test_export_state__has_format_seed_people_and_vendors(free_robin: FlaskClient) -> None:
    state = export(free_robin, "a")

    assert state["format"] == STATE_FORMAT
    assert state["namespace"] == "a"
    assert isinstance(state["seed"], int)
    assert state["people"]["people"] and state["people"]["agents"]
    assert set(state["vendors"]) == {"robin", "sinch_cmi", "chatwoot"}


def test_import_state__round_trip_of_the_baseline_loses_nothing(free_robin: FlaskClient) -> None:
    exported = export(free_robin, "a")

    response = import_state(free_robin, exported, "b")

    assert response.status_code == 200
    assert without_name(response.get_json()) == without_name(exported)
    assert without_name(export(free_robin, "b")) == without_name(exported)


def test_import_state__round_trip_after_mutations_loses_nothing(
    free_robin: FlaskClient, free_runtime: Runtime
) -> None:
    mutate(free_robin, free_runtime, "a")
    exported = export(free_robin, "a")
    assert "mutated@example.com" in customer_emails(exported)

    response = import_state(free_robin, exported, "b")

    assert response.status_code == 200
    reimported = export(free_robin, "b")
    assert without_name(reimported) == without_name(exported)
    assert reimported["namespace"] == "b"


def test_import_state__imported_namespace_continues_with_the_same_ids(
    free_robin: FlaskClient, free_runtime: Runtime
) -> None:
    mutate(free_robin, free_runtime, "a")
    assert import_state(free_robin, export(free_robin, "a"), "b").status_code == 200

    for name in ("a", "b"):
        free_robin.post(
            "/robin/messages",
            json=channel_message("next@example.com", conversation="next"),
            headers=in_namespace(name),
        )
    guids = [conversations_of(free_robin, "next@example.com", name)[0]["guid"] for name in "ab"]

    assert guids[0] == guids[1]


def test_import_state__import_into_same_namespace_restores_a_snapshot(
    free_robin: FlaskClient,
) -> None:
    snapshot = export(free_robin)
    free_robin.post("/robin/dynamic/customers", json=customers("later@example.com"))

    assert import_state(free_robin, snapshot, "default").status_code == 200

    assert export(free_robin) == snapshot


def test_import_state__keeps_the_imported_seed_for_reset(free_robin: FlaskClient) -> None:
    free_robin.post("/__admin/seed", json={"seed": 7}, headers=in_namespace("a"))
    exported = export(free_robin, "a")

    import_state(free_robin, exported, "b")
    free_robin.post("/__admin/reset", headers=in_namespace("b"))

    assert export(free_robin, "b")["seed"] == 7
    assert without_name(export(free_robin, "b")) == without_name(exported)


BROKEN_EXPORTS = {
    "wrong format": lambda s: s.update(format="ccsim-state/0"),
    "missing format": lambda s: s.pop("format"),
    "missing vendors": lambda s: s.pop("vendors"),
    "vendors not an object": lambda s: s.update(vendors=["robin"]),
    "vendor missing": lambda s: s.update(vendors={}),
    "vendor not an object": lambda s: s["vendors"].update(robin="garbage"),
    "vendor empty": lambda s: s["vendors"].update(robin={}),
    "tenants garbage": lambda s: s["vendors"]["robin"].update(tenants="garbage"),
    "tenants a list": lambda s: s["vendors"]["robin"].update(tenants=[1, 2]),
    "webshop garbage": lambda s: s["vendors"]["robin"].update(webshop=3),
    "bad date": lambda s: next(iter(tenant(s)["customers"].values())).update(
        customer_since="not a date"
    ),
    "message garbage": lambda s: tenant(s)["conversations"][0].update(messages=[{"x": 1}]),
    "people garbage": lambda s: s.update(people={"people": 5}),
    "person incomplete": lambda s: s.update(people={"people": [{"id": "P1"}], "agents": []}),
    "ids garbage": lambda s: s.update(ids="garbage"),
    "ids wrong size": lambda s: s.update(ids=[3, [1, 2, 3], None]),
    "ids missing": lambda s: s.pop("ids"),
    "seed not a number": lambda s: s.update(seed="seven"),
}


@pytest.mark.parametrize("case", sorted(BROKEN_EXPORTS))
def test_import_state__invalid_export_returns_400_problem_and_keeps_namespace(
    free_robin: FlaskClient, case: str
) -> None:
    free_robin.post(
        "/robin/dynamic/customers", json=customers("kept@example.com"), headers=in_namespace("b")
    )
    before = export(free_robin, "b")
    broken = copy.deepcopy(export(free_robin, "a"))
    BROKEN_EXPORTS[case](broken)

    response = import_state(free_robin, broken, "b")

    assert_problem(response, 400)
    assert export(free_robin, "b") == before


@pytest.mark.parametrize("body", ["garbage", [1, 2], 42, None])
def test_import_state__non_object_body_returns_400_problem(
    free_robin: FlaskClient, body: Any
) -> None:
    before = export(free_robin)

    response = free_robin.put("/__admin/state", json=body)

    assert_problem(response, 400)
    assert export(free_robin) == before


def test_import_state__malformed_json_returns_400_problem(free_robin: FlaskClient) -> None:
    before = export(free_robin)

    response = free_robin.put(
        "/__admin/state", data='{"format": "ccsim', content_type="application/json"
    )

    assert_problem(response, 400, "Invalid JSON")
    assert export(free_robin) == before


def test_import_state__problem_names_the_missing_vendor(free_robin: FlaskClient) -> None:
    broken = export(free_robin, "a")
    broken["vendors"] = {}

    response = import_state(free_robin, broken, "b")

    assert_problem(response, 400, "vendors.robin")


def test_import_state__problem_names_the_wrong_format(free_robin: FlaskClient) -> None:
    broken = export(free_robin, "a")
    broken["format"] = "something-else/9"

    response = import_state(free_robin, broken, "b")

    assert_problem(response, 400, STATE_FORMAT)
