"""`simulator.testing.Simulator` against a real server: journal, outbox, state, clock, faults, errors."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests

from simulator.pytest_plugin import CcsimServer, free_port, release_namespace
from simulator.testing import NAMESPACE_HEADER, Simulator, SimulatorError

ROBIN = ("demo-robin-key", "demo-robin-secret")
TIMEOUT = 10


def message(channel: str = "customChannel", conversation: str = "c1",
            email: str = "jane@example.com") -> dict[str, str]:
    return {"ChannelAccountExternalIdentifier": channel, "ConversationExternalIdentifier": conversation,
            "MessageExternalIdentifier": f"{conversation}-m1", "RelationExternalIdentifier": email,
            "RelationName": "Jane", "Content": "Hi!"}


def post_message(sim: Simulator, **fields: str) -> requests.Response:
    answer = sim.session.post(f"{sim.url}/robin/messages/", json=message(**fields), auth=ROBIN, timeout=TIMEOUT)
    assert answer.status_code == 201, answer.text
    return answer


def search(sim: Simulator, email: str = "jane@example.com", **headers: str) -> requests.Response:
    return sim.session.post(f"{sim.url}/robin/conversations", json={"emailAddress": email}, auth=ROBIN,
                            headers=headers, timeout=TIMEOUT)


def presence(sim: Simulator, **headers: str) -> requests.Response:
    return sim.session.get(f"{sim.url}/robin/presence/api/v1", params={"apikey": ROBIN[0], "Channel": "Chat"},
                           headers=headers, timeout=TIMEOUT)


@pytest.fixture
def other(ccsim_server: CcsimServer, ccsim_namespace: str) -> Iterator[Simulator]:
    """A second namespace of the same server, deleted afterwards."""
    simulator = ccsim_server.simulator(f"{ccsim_namespace[:56]}.other")
    yield simulator
    release_namespace(simulator)
    simulator.close()


# -- the handle ------------------------------------------------------------------------------------

def test_handle__url_namespace_and_a_session_carrying_the_header(ccsim_server: CcsimServer) -> None:
    given = requests.Session()
    sim = Simulator(ccsim_server.url + "/", "handle-test", session=given, timeout=3)

    assert (sim.url, sim.namespace, sim.headers) == (ccsim_server.url, "handle-test", {NAMESPACE_HEADER: "handle-test"})
    assert sim.session is given and given.headers[NAMESPACE_HEADER] == "handle-test"
    assert sim.health() == {"status": "ok"}
    with pytest.raises(ValueError, match="1 to 64 letters"):
        Simulator(ccsim_server.url, "no spaces")
    with pytest.raises(ValueError, match="1 to 64 letters"):
        Simulator(ccsim_server.url, "x" * 65)


def test_errors__problem_detail_and_unreachable_server(ccsim: Simulator) -> None:
    with pytest.raises(SimulatorError) as refused:
        ccsim.import_state({"not": "an export"})
    unreachable = Simulator(f"http://127.0.0.1:{free_port()}", "nowhere", timeout=2)
    with pytest.raises(SimulatorError) as unanswered:
        unreachable.health()

    assert refused.value.status == 400
    assert refused.value.problem["status"] == 400
    assert refused.value.detail and refused.value.detail in str(refused.value)
    assert str(refused.value).startswith(f"PUT {ccsim.url}/__admin/state failed (HTTP 400): ")
    assert unanswered.value.status is None
    assert "failed (no answer)" in str(unanswered.value)


def test_requests__filters_and_reset_clears_the_journal(ccsim: Simulator) -> None:
    post_message(ccsim)
    ccsim.wait_for_outbox()  # the profile fetch it causes, journaled too
    presence(ccsim)

    assert sorted(e["path"] for e in ccsim.requests()) == [
        "/robin/messages", "/robin/presence/api/v1", "/robin/webshop/customers"]
    assert [e["path"] for e in ccsim.requests(vendor="robin", method="GET")] == ["/robin/presence/api/v1"]
    assert [e["vendor"] for e in ccsim.requests(path="webshop")] == ["robin-webshop"]
    ccsim.clear_requests()
    assert ccsim.requests() == []
    post_message(ccsim)
    ccsim.reset()
    assert ccsim.requests(path="/robin/messages") == []
    assert search(ccsim).json()["conversations"] == []


def test_assert_requested__glob_exact_path_method_and_count(ccsim: Simulator) -> None:
    search(ccsim)
    search(ccsim)
    presence(ccsim)

    assert len(ccsim.assert_requested("POST", "/robin/conversations", count=2)) == 2
    assert len(ccsim.assert_requested("post", "/robin/*")) == 2
    ccsim.assert_requested("GET", "/robin/presence/*/v1", count=1)
    ccsim.assert_requested("DELETE", "/robin/*", count=0)
    with pytest.raises(AssertionError, match=r"exactly 1 request matching POST /robin/conversations .*found 2"):
        ccsim.assert_requested("POST", "/robin/conversations", count=1)
    with pytest.raises(AssertionError, match="found 0"):
        ccsim.assert_requested("POST", "/robin/conversation")  # exact without wildcards
    with pytest.raises(AssertionError, match="found 0"):
        ccsim.assert_requested("GET", "/robin/conversations")


def test_assert_requested__the_path_as_sent_or_as_routed(ccsim: Simulator) -> None:
    post_message(ccsim)  # to /robin/messages/, with its trailing slash

    ccsim.assert_requested("POST", "/robin/messages/", count=1)
    ccsim.assert_requested("POST", "/robin/messages", count=1)


def test_assert_requested__lists_the_last_20_requests(ccsim: Simulator) -> None:
    for _ in range(25):
        presence(ccsim)

    with pytest.raises(AssertionError) as failed:
        ccsim.assert_requested("PUT", "/robin/*")

    lines = str(failed.value).splitlines()
    assert lines[0] == (f"expected at least 1 request matching PUT /robin/* in namespace {ccsim.namespace!r}, "
                        f"found 0; the journal holds 25:")
    assert lines[1] == "  … 5 earlier ones left out"
    assert lines[2:] == ["  GET /robin/presence/api/v1 -> 200"] * 20


def test_state__export_and_import_round_trip(ccsim: Simulator) -> None:
    before = ccsim.export_state()
    post_message(ccsim)
    assert len(search(ccsim).json()["conversations"]) == 1

    imported = ccsim.import_state(before)

    assert imported == before
    assert search(ccsim).json()["conversations"] == []


# -- the outbox ------------------------------------------------------------------------------------

def test_wait_for_outbox__returns_finished_deliveries(ccsim: Simulator) -> None:
    post_message(ccsim)  # ROBIN fetches the profile from the built-in webshop, which does not know Jane

    [fetch] = ccsim.wait_for_outbox("robin.dynamic_integration")

    assert (fetch["state"], fetch["status"]) == ("failed", 404)
    assert ccsim.outbox("robin.dynamic_integration") == [fetch]
    assert ccsim.outbox("robin.channel_webhook") == []


def test_wait_for_outbox__times_out_naming_what_it_saw(ccsim: Simulator) -> None:
    with socket.socket() as silent:  # accepts connections (the kernel does), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        hook = f"http://127.0.0.1:{silent.getsockname()[1]}/hook"
        ccsim.call("POST", "/__admin/robin/channels",
                   json={"external_identifier": "silent", "name": "Silent", "webhook_url": hook})
        post_message(ccsim, channel="silent")
        [conversation] = search(ccsim).json()["conversations"]
        ccsim.call("POST", f"/__admin/robin/conversations/{conversation['guid']}/replies",
                   json={"agent_email": "petra@email.com", "content": "Hello Jane"})
        started = time.monotonic()

        with pytest.raises(AssertionError) as timed_out:
            ccsim.wait_for_outbox("robin.channel_webhook", timeout=0.5)

    assert 0.5 <= time.monotonic() - started < 3
    lines = str(timed_out.value).splitlines()
    assert lines[0] == (f"waited 0.5 s for 1 finished outbox delivery of kind 'robin.channel_webhook' in namespace "
                        f"{ccsim.namespace!r}; 0 finished, 1 in all:")
    assert lines[1].endswith(f"robin.channel_webhook POST {hook}: pending")


# -- the clock -------------------------------------------------------------------------------------

def test_clock__freeze_advance_resume_reset(ccsim: Simulator, other: Simulator) -> None:
    at = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)

    assert ccsim.clock.freeze(at) == at
    assert ccsim.clock.now() == at and ccsim.clock.frozen
    assert ccsim.clock.state()["namespace"] == ccsim.namespace
    assert ccsim.clock.advance(90) == at + timedelta(seconds=90)
    assert not other.clock.frozen  # the clock belongs to the namespace
    assert ccsim.clock.freeze("2031-06-01T12:00:00Z") == datetime(2031, 6, 1, 12, tzinfo=UTC)
    assert ccsim.clock.freeze(datetime(2032, 1, 1)) == datetime(2032, 1, 1, tzinfo=UTC)  # naive: UTC
    assert ccsim.clock.freeze() == datetime(2032, 1, 1, tzinfo=UTC)  # where it stands
    resumed = ccsim.clock.resume()
    assert not ccsim.clock.frozen and resumed >= datetime(2032, 1, 1, tzinfo=UTC)
    reset = ccsim.clock.reset()
    assert abs(reset - other.clock.now()) < timedelta(seconds=5)
    assert reset.tzinfo is not None


def test_clock__bad_instant_is_a_simulator_error(ccsim: Simulator) -> None:
    with pytest.raises(SimulatorError) as refused:
        ccsim.clock.freeze("9999-01-01T00:00:00Z")

    assert refused.value.status == 400


def test_release__the_next_handle_on_the_name_finds_a_fresh_namespace(ccsim_server: CcsimServer,
                                                                     ccsim_namespace: str) -> None:
    first = ccsim_server.simulator(ccsim_namespace)
    first.clock.freeze("2030-01-01T00:00:00Z")
    post_message(first)
    first.wait_for_outbox()  # a delivery still under way would journal into the next namespace of that name
    fault = first.fault(path="/robin/presence/*", status=503)
    assert fault in first.list_faults()

    release_namespace(first)

    with ccsim_server.simulator(ccsim_namespace) as second:
        assert not second.clock.frozen
        assert second.list_faults() == []
        assert second.requests() == []
        assert presence(second).status_code == 200
        release_namespace(second)


# -- faults ----------------------------------------------------------------------------------------

def test_fault__status_once_then_normal(ccsim: Simulator) -> None:
    rule = ccsim.fault(path="/robin/conversations*", status=503, times=1)

    assert isinstance(rule["id"], int) and rule["status"] == 503
    assert ccsim.faults == [rule]
    assert [f["id"] for f in ccsim.list_faults()] == [rule["id"]]
    assert search(ccsim).status_code == 503
    assert search(ccsim).status_code == 200
    assert presence(ccsim).status_code == 200


def test_fault__vendor_and_method_filters_then_removed(ccsim: Simulator) -> None:
    rule = ccsim.fault(vendor="robin", method="GET", status=500)

    assert presence(ccsim).status_code == 500
    assert search(ccsim).status_code == 200
    ccsim.remove_fault(rule)
    assert ccsim.faults == [] and ccsim.list_faults() == []
    assert presence(ccsim).status_code == 200


def test_fault__delay_and_connection_reset(ccsim: Simulator) -> None:
    ccsim.fault(path="/robin/presence/*", delay_ms=300, times=1)
    ccsim.fault(path="/robin/conversations", action="reset")

    started = time.monotonic()
    assert presence(ccsim).status_code == 200
    assert time.monotonic() - started >= 0.3
    with pytest.raises(requests.ConnectionError):
        search(ccsim)
    ccsim.clear_faults()
    assert ccsim.faults == [] and ccsim.list_faults() == []
    assert search(ccsim).status_code == 200


def test_fault__only_in_its_namespace_and_refused_when_invalid(ccsim: Simulator, other: Simulator) -> None:
    ccsim.fault(path="/robin/*", status=502)

    assert presence(ccsim).status_code == 502
    assert presence(other).status_code == 200
    with pytest.raises(SimulatorError) as refused:
        ccsim.fault(status=200)
    assert refused.value.status == 400
    assert len(ccsim.faults) == 1


def test_prefer_header__code_and_delay(ccsim: Simulator) -> None:
    assert search(ccsim, Prefer="code=503").status_code == 503
    started = time.monotonic()
    assert presence(ccsim, Prefer="delay=250").status_code == 200
    assert time.monotonic() - started >= 0.25


# -- without pytest --------------------------------------------------------------------------------

SCRIPT = '''
import sys
from simulator.testing import Simulator

with Simulator(sys.argv[1], "without-pytest") as sim:
    sim.reset()
    answer = sim.session.post(sim.url + "/robin/conversations", json={"orderNumber": "RHQO1234"},
                              auth=("demo-robin-key", "demo-robin-secret"), timeout=10)
    assert answer.status_code == 200, answer.text
    [entry] = sim.assert_requested("POST", "/robin/conversations", count=1)
    assert sim.export_state()
    sim.call("DELETE", "/__admin/namespaces/without-pytest")
assert "pytest" not in sys.modules and "_pytest" not in sys.modules
print("ok", entry["status"])
'''


def test_simulator__works_without_pytest(ccsim_server: CcsimServer) -> None:
    environment: dict[str, Any] = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    done = subprocess.run([sys.executable, "-c", SCRIPT, ccsim_server.url], capture_output=True, text=True,
                          timeout=60, env=environment, check=False)

    assert (done.returncode, done.stdout.strip()) == (0, "ok 200"), done.stderr
