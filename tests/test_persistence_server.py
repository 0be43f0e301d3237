"""`ccsim serve --state-dir` across real restarts: a clean stop, `kill -9`, bad files, `--state-file`."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.test_server_smoke import HOST, Server, ccsim_command, clean_environment, serving

CONTACTS = "/chatwoot/api/v1/accounts/1/contacts"
TOKEN = {"api_access_token": "demo-chatwoot-admin-token"}


def serve(directory: Path, *args: str) -> Any:
    return serving(directory, lambda port: [*ccsim_command(), "serve", "--host", HOST, "--port", str(port),
                                            "--no-rate-limits", *args])


def add_contact(server: Server, namespace: str, name: str) -> None:
    response = requests.post(server.url + CONTACTS, json={"name": name, "email": f"{name.lower()}@example.com"},
                             headers={**TOKEN, "X-Simulator-Namespace": namespace}, timeout=10)
    assert response.status_code == 200, response.text


def state(server: Server, namespace: str) -> dict[str, Any]:
    return requests.get(f"{server.url}/__admin/state", headers={"X-Simulator-Namespace": namespace}, timeout=10).json()


def test_clean_stop__saves_what_the_interval_had_not_yet(tmp_path: Path) -> None:
    saved = tmp_path / "state"
    with serve(tmp_path, "--state-dir", str(saved), "--state-save-interval", "3600") as server:
        add_contact(server, "team-a", "Ada")
        add_contact(server, "team-b", "Bob")
        requests.put(f"{server.url}/__admin/clock", json={"now": "2030-01-01T00:00:00Z"},
                     headers={"X-Simulator-Namespace": "team-a"}, timeout=10)
        before = {name: state(server, name) for name in ("team-a", "team-b")}
        assert not any(saved.iterdir())  # nothing yet: the interval is an hour
    assert sorted(p.name for p in saved.iterdir()) == ["team-a.json", "team-b.json"]

    with serve(tmp_path, "--state-dir", str(saved)) as server:
        assert {name: state(server, name) for name in ("team-a", "team-b")} == before
        clock = requests.get(f"{server.url}/__admin/clock", headers={"X-Simulator-Namespace": "team-a"},
                             timeout=10).json()
        assert (clock["now"], clock["frozen"]) == ("2030-01-01T00:00:00+00:00", True)


def test_kill_9__after_concurrent_writes_loses_nothing_older_than_the_save_interval(tmp_path: Path) -> None:
    saved = tmp_path / "state"
    names = [f"Writer{worker}x{index}" for worker in range(4) for index in range(10)]
    with serve(tmp_path, "--state-dir", str(saved), "--state-save-interval", "0.2") as server:
        writers = [threading.Thread(target=lambda w=worker: [add_contact(server, "team-a", f"Writer{w}x{i}")
                                                             for i in range(10)]) for worker in range(4)]
        for thread in writers:
            thread.start()
        for thread in writers:
            thread.join()
        before = state(server, "team-a")
        time.sleep(1.0)  # well past the interval: the last writes are saved
        os.killpg(server.process.pid, signal.SIGKILL)  # the master and its worker, no clean stop
        server.process.wait(timeout=10)
    assert not [p.name for p in saved.iterdir() if p.name.startswith(".tmp-")]  # no half-written file left

    with serve(tmp_path, "--state-dir", str(saved)) as server:
        assert state(server, "team-a") == before
        found = requests.get(f"{server.url}{CONTACTS}/search", params={"q": "writer"},
                             headers={**TOKEN, "X-Simulator-Namespace": "team-a"}, timeout=10).json()
        assert found["meta"]["count"] == len(names)


def test_corrupted_file__stops_the_start_with_one_line_naming_it(tmp_path: Path) -> None:
    saved = tmp_path / "state"
    saved.mkdir()
    (saved / "team-a.json").write_text('{"format": "ccsim-state/1", "vendors": ')

    result = subprocess.run([*ccsim_command(), "serve", "--state-dir", str(saved), "--port", "8"],
                            capture_output=True, text=True, timeout=60, env=clean_environment())

    assert result.returncode == 1
    assert result.stderr.startswith("Error: ")
    assert str(saved / "team-a.json") in result.stderr and "is not JSON" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "ROBIN API" not in result.stdout  # stopped before the banner


def test_corrupted_file__is_skipped_with_a_warning_when_asked(tmp_path: Path) -> None:
    saved = tmp_path / "state"
    with serve(tmp_path, "--state-dir", str(saved)) as server:
        add_contact(server, "team-a", "Ada")
        before = state(server, "team-a")
    (saved / "broken.json").write_text("[]")

    with serve(tmp_path, "--state-dir", str(saved), "--state-dir-skip-bad") as server:
        assert state(server, "team-a") == before
        namespaces = requests.get(f"{server.url}/__admin/namespaces", timeout=10).json()["namespaces"]
        assert "broken" not in namespaces
    assert "Warning: skipped" in server.errors() and "broken.json" in server.errors()


def test_state_file__from_an_export_taken_over_http(tmp_path: Path) -> None:
    with serve(tmp_path) as server:
        add_contact(server, "default", "Ada")
        export = state(server, "default")
    world = tmp_path / "world.json"
    world.write_text(json.dumps(export))

    environment = clean_environment(SIMULATOR_STATE_FILE=str(world))
    with serving(tmp_path, lambda port: [*ccsim_command(), "serve", "--host", HOST, "--port", str(port)],
                 environ=environment) as server:
        assert state(server, "default") == export


@pytest.mark.parametrize("flag", ["--state-dir", "--state-file"])
def test_unusable_paths__are_one_line_errors(tmp_path: Path, flag: str) -> None:
    target = tmp_path / "a-file"
    target.write_text("")
    path = str(target) if flag == "--state-dir" else str(tmp_path / "missing.json")

    result = subprocess.run([*ccsim_command(), "serve", flag, path], capture_output=True, text=True, timeout=60,
                            env=clean_environment())

    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and path in result.stderr


def test_sigterm__saves_at_once_though_a_delayed_request_is_under_way(tmp_path: Path) -> None:
    saved = tmp_path / "state"
    with serve(tmp_path, "--state-dir", str(saved), "--state-save-interval", "3600") as server:
        slow = threading.Thread(target=lambda: requests.get(server.url + CONTACTS, timeout=30,
                                                            headers={**TOKEN, "Prefer": "delay=8000"}))
        slow.start()
        time.sleep(0.3)  # the slow request is waiting now
        add_contact(server, "team-a", "Ada")
        server.process.terminate()
        deadline = time.monotonic() + 5
        while not (saved / "team-a.json").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert (saved / "team-a.json").exists(), "not saved before the delayed request ended"
        slow.join()
        assert server.process.wait(timeout=30) == 0


def test_ctrl_c__saves_and_stops_without_a_traceback(tmp_path: Path) -> None:
    saved = tmp_path / "state"
    with serve(tmp_path, "--state-dir", str(saved), "--state-save-interval", "3600") as server:
        for name in ("team-a", "team-b"):
            add_contact(server, name, "Ada")
        os.killpg(server.process.pid, signal.SIGINT)  # a terminal's Ctrl-C reaches the master and its worker
        server.process.wait(timeout=15)
    assert sorted(p.name for p in saved.iterdir()) == ["team-a.json", "team-b.json"]
    assert "Traceback" not in server.errors() and "SystemExit" not in server.errors(), server.errors()


@pytest.mark.parametrize("flag", ["--state-dir", "--state-file"])
def test_empty_path__is_a_usage_error_not_the_working_directory(tmp_path: Path, flag: str) -> None:
    result = subprocess.run([*ccsim_command(), "serve", flag, ""], capture_output=True, text=True, timeout=60,
                            env=clean_environment(), cwd=tmp_path)

    assert result.returncode == 2
    assert result.stderr.strip() == f"Error: {flag} needs a path; leave the option out for none"
    assert not any(tmp_path.iterdir())
