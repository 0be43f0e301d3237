"""/__admin/faults and `Prefer`: injected statuses in each vendor's error shape, draws that repeat, journal marks."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from simulator.admin.schemas import VENDORS
from simulator.core.faults import ConnectionDropped, DelaysExhausted, DelaySlots
from tests.conftest import ROBIN_AUTH, basic
from tests.core.builders import assert_problem, in_namespace

CMI_AUTH = basic("demo-agent", "demo-password")
CHATWOOT_AUTH = {"api_access_token": "demo-chatwoot-admin-token"}
CALLS = {  # vendor → (method, path, headers, body) of a call that answers 200 unfaulted
    "robin": ("POST", "/robin/conversations", ROBIN_AUTH, {"emailAddress": "email@address.com"}),
    "sinch-cmi": ("GET", "/sinch/cmi/emails", CMI_AUTH, None),
    "chatwoot": ("GET", "/chatwoot/api/v1/accounts/1/conversations", CHATWOOT_AUTH, None),
}


def add(client: FlaskClient, namespace: str = "default", **rule: Any) -> dict[str, Any]:
    response = client.post("/__admin/faults", json=rule, headers=in_namespace(namespace))
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()


def call(client: FlaskClient, vendor: str, namespace: str = "default", **headers: str) -> Any:
    method, path, credentials, body = CALLS[vendor]
    return client.open(path, method=method, json=body, headers={**credentials, **headers, **in_namespace(namespace)})


def last_entry(client: FlaskClient, namespace: str = "default") -> dict[str, Any]:
    return client.get("/__admin/requests", headers=in_namespace(namespace)).get_json()["requests"][-1]


def test_vendor_names__are_the_journal_vendors(app: Flask) -> None:
    assert set(VENDORS) == {m.vendor for m in app.extensions["simulator"].modules if m.vendor}


@pytest.mark.parametrize(("vendor", "content_type", "body"), [
    ("robin", "application/json", '{"message": "Service Unavailable"}'),
    ("sinch-cmi", "text/plain", "HTTP 503 Service Unavailable"),
    ("chatwoot", "application/json", '{"error": "Service Unavailable"}'),
])
def test_rule_status__answers_in_the_vendor_error_shape(unlimited_app: Flask, vendor: str, content_type: str,
                                                       body: str) -> None:
    client = unlimited_app.test_client()
    add(client, vendor=vendor, status=503)

    response = call(client, vendor)

    assert response.status_code == 503
    assert response.mimetype == content_type
    assert response.get_data(as_text=True) == body
    assert last_entry(client)["tags"]["fault"] == {"source": "rule", "rule": 1, "status": 503, "delay_ms": 0.0}


@pytest.mark.parametrize(("vendor", "body"), [
    ("robin", '{"message": "Too Many Requests"}'),
    ("sinch-cmi", "HTTP 429 Too Many Requests"),
    ("chatwoot", '{"error": "Too Many Requests"}'),
])
def test_prefer_code__answers_in_the_vendor_error_shape(unlimited_app: Flask, vendor: str, body: str) -> None:
    client = unlimited_app.test_client()

    response = call(client, vendor, Prefer="code=429")

    assert response.status_code == 429
    assert response.get_data(as_text=True) == body
    assert last_entry(client)["tags"]["fault"] == {"source": "prefer", "status": 429, "delay_ms": 0.0}


def test_rule__matches_vendor_method_and_path_glob(unlimited_app: Flask) -> None:
    client = unlimited_app.test_client()
    add(client, vendor="robin", method="post", path="/robin/conv*", status=500)

    assert client.get("/robin/presence/api/v1?apikey=demo-robin-key&Channel=Chat").status_code == 200
    assert client.post("/robin/messages/", json={}, headers=ROBIN_AUTH).status_code != 500
    assert call(client, "chatwoot").status_code == 200
    assert call(client, "robin").status_code == 500
    assert client.get("/__admin/faults").get_json()["faults"][0]["method"] == "POST"


def test_rule_times__hits_only_the_next_calls(unlimited_app: Flask) -> None:
    client = unlimited_app.test_client()
    add(client, vendor="robin", status=502, times=2)

    statuses = [call(client, "robin").status_code for _ in range(4)]

    assert statuses == [502, 502, 200, 200]
    rule = client.get("/__admin/faults").get_json()["faults"][0]
    assert (rule["fired"], rule["remaining"], rule["times"]) == (2, 0, 2)


def test_rules__first_matching_rule_wins_and_an_exhausted_one_steps_aside(unlimited_app: Flask) -> None:
    client = unlimited_app.test_client()
    add(client, vendor="robin", status=502, times=1)
    add(client, status=504)

    assert [call(client, "robin").status_code for _ in range(2)] == [502, 504]


def probability_run(app: Flask, namespace: str) -> list[int]:
    client = app.test_client()
    add(client, namespace, vendor="chatwoot", status=500, probability=0.5)
    return [call(client, "chatwoot", namespace).status_code for _ in range(24)]


def test_probability__draws_repeat_from_the_namespace_seed(unlimited_app: Flask) -> None:
    first = probability_run(unlimited_app, "a")
    unlimited_app.test_client().post("/__admin/reset", headers=in_namespace("a"))
    again = probability_run(unlimited_app, "a")

    assert first == again
    assert 0 < first.count(500) < len(first)  # some hit, some not


def test_probability__zero_never_hits(unlimited_app: Flask) -> None:
    client = unlimited_app.test_client()
    add(client, status=500, probability=0)

    assert {call(client, "robin").status_code for _ in range(5)} == {200}


def test_delay__waits_then_answers_for_real_and_is_marked(unlimited_app: Flask) -> None:
    client = unlimited_app.test_client()
    add(client, vendor="sinch-cmi", delay_ms=120)

    started = time.perf_counter()
    response = call(client, "sinch-cmi")

    assert response.status_code == 200
    assert time.perf_counter() - started >= 0.12
    assert last_entry(client)["tags"]["fault"] == {"source": "rule", "rule": 1, "delay_ms": 120.0}


def test_delay_range__is_drawn_between_the_bounds(unlimited_app: Flask) -> None:
    client = unlimited_app.test_client()
    add(client, vendor="robin", delay_ms=1, delay_max_ms=30)

    delays = []
    for _ in range(5):
        call(client, "robin")
        delays.append(last_entry(client)["tags"]["fault"]["delay_ms"])

    assert all(1 <= delay <= 30 for delay in delays)
    assert len(set(delays)) > 1


def test_prefer_delay_and_code__combine(unlimited_app: Flask) -> None:
    client = unlimited_app.test_client()

    started = time.perf_counter()
    response = call(client, "robin", Prefer="delay=100, code=504")

    assert response.status_code == 504
    assert time.perf_counter() - started >= 0.1
    assert last_entry(client)["tags"]["fault"] == {"source": "prefer", "status": 504, "delay_ms": 100.0}


def test_prefer__other_preferences_are_left_alone(unlimited_app: Flask) -> None:
    client = unlimited_app.test_client()

    response = call(client, "robin", Prefer="return=minimal; foo=bar, respond-async")

    assert response.status_code == 200
    assert "fault" not in last_entry(client)["tags"]


@pytest.mark.parametrize("prefer", ["code=200", "code=abc", "code=600", "delay=-5", "delay=600001", "delay=soon",
                                    "code=\u00b2", "delay=\u0661"])  # digits int() refuses or RFC 7240 does not know
def test_prefer__a_value_it_cannot_honour_is_a_simulator_400(unlimited_app: Flask, prefer: str) -> None:
    response = call(unlimited_app.test_client(), "chatwoot", Prefer=prefer)

    problem = assert_problem(response, 400, "Prefer")
    assert "Prefer" in problem["errors"]


def test_faults__never_touch_the_control_api(unlimited_app: Flask) -> None:
    client = unlimited_app.test_client()
    add(client, status=500)

    assert client.get("/__admin/requests", headers={"Prefer": "code=503"}).status_code == 200
    assert client.get("/__admin/faults").status_code == 200


def test_faults__belong_to_their_namespace(unlimited_app: Flask) -> None:
    client = unlimited_app.test_client()
    add(client, "a", status=503)

    assert call(client, "robin", "a").status_code == 503
    assert call(client, "robin", "b").status_code == 200
    assert call(client, "robin").status_code == 200
    assert client.get("/__admin/faults", headers=in_namespace("b")).get_json() == {"faults": []}


def test_reset__drops_the_namespace_rules(unlimited_app: Flask) -> None:
    client = unlimited_app.test_client()
    add(client, "a", status=503)

    client.post("/__admin/reset", headers=in_namespace("a"))

    assert call(client, "robin", "a").status_code == 200
    assert client.get("/__admin/faults", headers=in_namespace("a")).get_json() == {"faults": []}


def test_delete__one_rule_or_all(unlimited_app: Flask) -> None:
    client = unlimited_app.test_client()
    first, second = add(client, status=500), add(client, status=502)

    assert client.delete(f"/__admin/faults/{first['id']}").get_json() == {"deleted": first["id"]}
    assert [rule["id"] for rule in client.get("/__admin/faults").get_json()["faults"]] == [second["id"]]
    assert_problem(client.delete(f"/__admin/faults/{first['id']}"), 404, "No fault rule")
    assert client.delete("/__admin/faults").get_json() == {"cleared": 1}
    assert call(client, "robin").status_code == 200


def test_post__answers_the_whole_rule(client: FlaskClient) -> None:
    rule = add(client, vendor="chatwoot", path="/chatwoot/*", delay_ms=5, delay_max_ms=10, probability=0.5, times=3)

    assert rule == {"id": 1, "vendor": "chatwoot", "method": None, "path": "/chatwoot/*", "status": None,
                    "delay_ms": 5, "delay_max_ms": 10, "action": None, "probability": 0.5, "times": 3, "fired": 0,
                    "remaining": 3}


@pytest.mark.parametrize(("rule", "field"), [
    ({}, "body"),
    ({"vendor": "robin"}, "body"),
    ({"status": 200}, "status"),
    ({"status": 503, "action": "reset"}, "action"),
    ({"action": "explode"}, "action"),
    ({"vendor": "zendesk", "status": 500}, "vendor"),
    ({"delay_ms": 70000}, "delay_ms"),
    ({"delay_ms": 50, "delay_max_ms": 10}, "delay_max_ms"),
    ({"delay_max_ms": 10, "status": 500}, "delay_max_ms"),
    ({"status": 500, "probability": 1.5}, "probability"),
    ({"status": 500, "times": 0}, "times"),
    ({"status": 500, "method": "GET /x"}, "method"),
    ({"status": 500, "path": ""}, "path"),
])
def test_post__refuses_a_rule_that_cannot_work(client: FlaskClient, rule: dict[str, Any], field: str) -> None:
    response = client.post("/__admin/faults", json=rule)

    problem = assert_problem(response, 400, "")
    assert field in problem["errors"] or field == "body", problem
    assert client.get("/__admin/faults").get_json() == {"faults": []}


def test_post__bounds_the_rules_of_a_namespace(client: FlaskClient) -> None:
    for _ in range(100):
        add(client, status=500, path="/nowhere")

    response = client.post("/__admin/faults", json={"status": 500})

    assert response.status_code == 409
    assert len(client.get("/__admin/faults").get_json()["faults"]) == 100


@pytest.mark.parametrize("action", ["reset", "empty"])
def test_action__drops_the_connection_and_is_journaled_without_an_answer(unlimited_app: Flask, action: str) -> None:
    client = unlimited_app.test_client()
    add(client, vendor="robin", action=action)

    with pytest.raises(ConnectionDropped, match=action):
        call(client, "robin")

    entry = last_entry(client)
    assert (entry["status"], entry["response_body"]) == (0, "")
    assert entry["tags"]["fault"] == {"source": "rule", "rule": 1, "delay_ms": 0.0, "action": action}


def test_delay_slots__a_full_server_refuses_more_delays_at_once(unlimited_app: Flask,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(unlimited_app.extensions["simulator"], "delays", DelaySlots(limit=0))
    client = unlimited_app.test_client()

    response = call(client, "chatwoot", Prefer="delay=50")

    problem = assert_problem(response, 503, "injected delays")
    assert response.headers["Retry-After"] == "1" and problem["status"] == 503
    assert call(client, "chatwoot").status_code == 200  # undelayed requests go on


def test_delay_slots__free_again_once_a_delay_ends() -> None:
    slots = DelaySlots(limit=1)
    started = threading.Event()

    def sleeper(seconds: float) -> None:
        started.set()
        time.sleep(seconds)

    waiting = threading.Thread(target=slots.wait, args=(200, sleeper))
    waiting.start()
    started.wait(5)
    with pytest.raises(DelaysExhausted):
        slots.wait(1, time.sleep)
    waiting.join()
    slots.wait(1, time.sleep)
