"""`benchmarks/scale.py` end to end in a tiny mode: real servers, the tables, the JSON, and every server stopped."""

from __future__ import annotations

import json
import os
import re
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.test_server_smoke import stop

CHECKOUT = Path(__file__).resolve().parent.parent
SCRIPT = CHECKOUT / "benchmarks" / "scale.py"
TINY = ("--scales", "1,2", "--samples", "5", "--warmup", "2", "--growth-batches", "2", "--growth-factor", "2")
RUN_TIMEOUT = 120.0
STOP_TIMEOUT = 30.0
SERVER = re.compile(r"\(pid (\d+), port (\d+)\)")


def start(*args: str) -> subprocess.Popen[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("SIMULATOR_")}
    return subprocess.Popen([sys.executable, str(SCRIPT), *args], cwd=CHECKOUT, env=environ, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def finish(process: subprocess.Popen[str], timeout: float = RUN_TIMEOUT) -> tuple[int, str, str]:
    """Its exit code and output; a benchmark still running then is stopped."""
    try:
        out, err = process.communicate(timeout=timeout)
    finally:
        stop(process, timeout=STOP_TIMEOUT)  # the benchmark stops its servers first
    return process.returncode, out, err


def gone(pid: int) -> bool:
    """No process is left in the server's process group (gunicorn master and worker)."""
    try:
        os.killpg(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_tiny_run__prints_both_tables_writes_the_json_and_stops_every_server(tmp_path: Path) -> None:
    figures = tmp_path / "scale.json"

    code, out, err = finish(start(*TINY, "--json", str(figures)))

    assert code == 0, out + err
    assert "vendor    operation (median ms)" in out
    assert "2x/1x" in out and "records per world" in out and "world grown" in out
    summary = json.loads(figures.read_text(encoding="utf-8"))
    names = {row["name"] for row in summary["operations"]}
    assert names == {
        "robin.create", "robin.show", "robin.list", "robin.filter",
        "sinch_cmi.create", "sinch_cmi.show", "sinch_cmi.show_chat", "sinch_cmi.list", "sinch_cmi.list_chats",
        "sinch_cmi.filter",
        "chatwoot.create", "chatwoot.show", "chatwoot.list", "chatwoot.filter", "chatwoot.meta", "admin.health",
    }
    for row in summary["operations"]:
        assert f"{row['label'][:49]:<50}" in out
        assert set(row["median_ms"]) == {"1", "2"} and all(value > 0 for value in row["median_ms"].values())
        assert (row["pass"] is None) == (row["kind"] not in ("create", "show", "list"))
    one, two = summary["worlds"]
    assert all(len(op["samples_ms"]) == 5 for op in one["operations"].values())
    for vendor, record in [("robin", "conversations"), ("sinch_cmi", "contacts"), ("chatwoot", "conversations")]:
        assert two["counts"][vendor][record] > one["counts"][vendor][record] > 0
    assert [(row["vendor"], row["operation"]) for row in summary["growth"]] == [
        ("robin", "create"), ("sinch_cmi", "create"), ("chatwoot", "create"), ("chatwoot", "create_contact")]
    for row in summary["growth"]:
        assert row["complete"] and row["to_records"] == row["target_records"] == 2 * row["from_records"]
        assert len(row["batch_medians_ms"]) == 2
    servers = [*summary["worlds"], *summary["growth_runs"]]
    assert len({server["pid"] for server in servers}) == 5
    assert all(gone(server["pid"]) for server in servers)


def test_sigterm_during_a_run__stops_the_running_server() -> None:
    process = start(*TINY, "--samples", "100000")
    try:
        pid = wait_for_server(process)
        process.terminate()
        code = process.wait(timeout=STOP_TIMEOUT)
    finally:
        stop(process, timeout=STOP_TIMEOUT)

    assert code == 128 + signal.SIGTERM
    assert gone(pid)


def wait_for_server(process: subprocess.Popen[str]) -> int:
    """The pid of the first server, from the benchmark's progress line once its world is seeded."""
    assert process.stdout is not None
    fd = process.stdout.fileno()  # read unbuffered: a buffered reader could hold the line while select waits
    seen = b""
    deadline = time.monotonic() + RUN_TIMEOUT
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while time.monotonic() < deadline:
            if selector.select(timeout=deadline - time.monotonic()):
                chunk = os.read(fd, 65536)
                if not chunk:
                    break
                seen += chunk
                found = SERVER.search(seen.decode(errors="replace"))
                if found:
                    return int(found.group(1))
    raise AssertionError(f"the benchmark printed no server line: {seen!r}")


def test_a_server_that_does_not_start_in_time__fails_the_run_and_is_stopped() -> None:
    code, _, err = finish(start(*TINY, "--start-timeout", "0.001"))

    assert code == 1
    found = SERVER.search(err)
    assert found and "gave no 200 of its health within 0.001 s" in err, err
    assert gone(int(found.group(1)))


@pytest.mark.parametrize("args", [("--scales", "10,1"), ("--scales", "1,101"), ("--vendors", "zendesk"),
                                  ("--samples", "0"), ("--growth-factor", "1")])
def test_bad_options__exit_2_before_any_server_starts(args: tuple[str, ...]) -> None:
    code, out, err = finish(start(*args), 30)

    assert code == 2, out + err
    assert "usage:" in err and "pid" not in out
