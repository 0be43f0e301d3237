"""The `ccsim` pytest plugin in inner pytest runs: its server, namespaces, reports, and clean shutdown."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from simulator.pytest_plugin import MAX_NAMESPACE, CcsimServer, free_port, namespace_for
from simulator.testing import NAMESPACE_PATTERN, Simulator

# The inner runs need none of the project's other pytest plugins; schemathesis alone takes a second to load.
FAST = ("-p", "no:schemathesis", "-p", "no:hypothesispytest", "-p", "no:faker", "-p", "no:anyio",
        "-p", "no:cacheprovider")
INNER_TIMEOUT = 120.0

COMMON = '''
import json
import os
from pathlib import Path

ROBIN = ("demo-robin-key", "demo-robin-secret")
SEEN = Path(__file__).parent / "seen.jsonl"
MESSAGE = {"ChannelAccountExternalIdentifier": "customChannel", "ConversationExternalIdentifier": "c1",
           "MessageExternalIdentifier": "m1", "RelationExternalIdentifier": "jane@example.com",
           "RelationName": "Jane", "Content": "Hi!"}


def record(ccsim, ccsim_server):
    with SEEN.open("a") as seen:
        seen.write(json.dumps({"namespace": ccsim.namespace, "pid": ccsim_server.pid,
                               "worker": os.environ.get("PYTEST_XDIST_WORKER")}) + "\\n")


def search_jane(ccsim):
    answer = ccsim.session.post(ccsim.url + "/robin/conversations", json={"emailAddress": "jane@example.com"},
                                auth=ROBIN, timeout=10)
    assert answer.status_code == 200
    return answer.json()["conversations"]
'''

JOURNAL_TESTS = COMMON + '''

def test_creates_a_conversation(ccsim, ccsim_server):
    record(ccsim, ccsim_server)
    created = ccsim.session.post(ccsim.url + "/robin/messages/", json=MESSAGE, auth=ROBIN, timeout=10)
    assert created.status_code == 201
    [conversation] = search_jane(ccsim)
    assert conversation["subject"] == "Hi!"
    [entry] = ccsim.assert_requested("POST", "/robin/messages", count=1)
    assert entry["status"] == 201
    ccsim.assert_requested("POST", "/robin/conv*")
    assert [e["path"] for e in ccsim.requests(vendor="robin")] == ["/robin/messages", "/robin/conversations"]


def test_sees_only_its_own_namespace(ccsim, ccsim_server):
    record(ccsim, ccsim_server)
    assert ccsim.requests() == []
    assert search_jane(ccsim) == []


def test_fails_listing_the_journal(ccsim):
    search_jane(ccsim)
    ccsim.session.get(ccsim.url + "/robin/presence/api/v1", params={"apikey": "demo-robin-key", "Channel": "Chat"},
                      timeout=10)
    ccsim.assert_requested("GET", "/robin/conversations")
'''


@pytest.fixture
def inner(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.Pytester]:
    """pytester with none of the outer run's ccsim or xdist settings in the environment."""
    for name in list(os.environ):
        if name == "CCSIM_URL" or name.startswith(("PYTEST_XDIST_", "SIMULATOR_")):
            monkeypatch.delenv(name)
    yield pytester


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_subprocess(*FAST, *args, timeout=INNER_TIMEOUT)


def seen(pytester: pytest.Pytester) -> list[dict[str, Any]]:
    lines = (pytester.path / "seen.jsonl").read_text().splitlines()
    return [json.loads(line) for line in lines]


def group_alive(pgid: int) -> bool:
    """Whether a live (not zombie) process is in the process group (the server and its gunicorn worker)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            state, _ppid, group = stat.read_text().rsplit(")", 1)[1].split()[:3]
        except (OSError, IndexError, ValueError):
            continue
        if int(group) == pgid and state not in ("Z", "X"):
            return True
    return False


def wait_until_gone(pgid: int, timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while group_alive(pgid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_fixtures__journal_per_test_readable_failure_and_server_log(inner: pytest.Pytester) -> None:
    inner.makepyfile(test_journal=JOURNAL_TESTS)

    result = run(inner)

    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines([
        "*AssertionError: expected at least 1 request matching GET /robin/conversations in namespace "
        "'test_fails_listing_the_journal.main-*', found 0; the journal holds 2:",
        "*  POST /robin/conversations -> 200",
        "*  GET /robin/presence/api/v1 -> 200",
        "*- ccsim server log -*",
        "$ * -m simulator serve --host 127.0.0.1 --port * --no-rate-limits",
        "ccsim *: seed 20240101, rate limits off, *",
    ])
    assert sum("ccsim server log" in line for line in result.outlines) == 1  # the failing test's report only
    first, second = seen(inner)
    assert first["namespace"] != second["namespace"]
    assert first["namespace"].startswith("test_creates_a_conversation.main-")
    assert first["pid"] == second["pid"]
    assert not group_alive(first["pid"]), "the server outlived the session"


def test_xdist__each_worker_has_its_server_and_namespaces(inner: pytest.Pytester) -> None:
    inner.makepyfile(test_parallel=COMMON + "".join(f'''

def test_{n}(ccsim, ccsim_server):
    record(ccsim, ccsim_server)
    assert ccsim.session.post(ccsim.url + "/robin/messages/", json=MESSAGE, auth=ROBIN, timeout=10).status_code == 201
    assert len(search_jane(ccsim)) == 1
    ccsim.assert_requested("POST", "/robin/messages", count=1)
''' for n in range(4)))

    result = run(inner, "-n", "2")

    result.assert_outcomes(passed=4)
    records = seen(inner)
    assert {r["worker"] for r in records} == {"gw0", "gw1"}
    assert len({r["namespace"] for r in records}) == 4
    assert all(f".{r['worker']}-" in r["namespace"] for r in records)
    assert len({r["pid"] for r in records}) == 2  # a server per worker
    assert not any(group_alive(r["pid"]) for r in records)


EXTERNAL_TEST = '''
import os
from pathlib import Path

from simulator.pytest_plugin import SERVER_KEY
from simulator.testing import Simulator


def children():
    """Processes whose parent is this pytest process."""
    mine = str(os.getpid())
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[1] == mine:
            found.append(stat.parent.name)
    return found


def test_uses_the_given_server(ccsim_server, ccsim, request):
    assert ccsim_server.url == "{url}"
    assert (ccsim_server.external, ccsim_server.pid, ccsim_server.log_path) == (True, None, None)
    assert request.config.stash.get(SERVER_KEY, None) is None
    assert children() == []
    marker = Simulator(ccsim_server.url, "{marker}")
    marker.session.get(ccsim_server.url + "/robin/presence/api/v1", params={{"apikey": "demo-robin-key"}}, timeout=10)
    assert ccsim.requests() == []
'''


@pytest.mark.parametrize("how", ["option", "environment"])
def test_ccsim_url__reuses_a_running_server(inner: pytest.Pytester, monkeypatch: pytest.MonkeyPatch,
                                            ccsim_server: CcsimServer, how: str) -> None:
    marker = f"reused-by-{how}"
    inner.makepyfile(test_external=EXTERNAL_TEST.format(url=ccsim_server.url, marker=marker))
    if how == "environment":
        monkeypatch.setenv("CCSIM_URL", ccsim_server.url + "/")

    result = run(inner, *(["--ccsim-url", ccsim_server.url] if how == "option" else []))

    result.assert_outcomes(passed=1)
    with Simulator(ccsim_server.url, marker) as simulator:
        assert [e["path"] for e in simulator.requests()] == ["/robin/presence/api/v1"]
        simulator.call("DELETE", f"/__admin/namespaces/{marker}")
    assert healthy_after(ccsim_server), "the inner run stopped a server it did not start"


def healthy_after(server: CcsimServer) -> bool:
    with Simulator(server.url, "default") as simulator:
        return simulator.health() == {"status": "ok"}


def test_ccsim_url__unhealthy_server_is_a_setup_error(inner: pytest.Pytester) -> None:
    inner.makepyfile(test_external="def test_needs_it(ccsim):\n    pass\n")
    url = f"http://127.0.0.1:{free_port()}"

    result = run(inner, "--ccsim-url", url, "-o", "ccsim_start_timeout=0.5")

    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines([f"*no healthy simulator at {url} (--ccsim-url / CCSIM_URL)*"])


def test_serve_args_and_env__reach_the_server_and_a_failed_start_shows_its_output(inner: pytest.Pytester) -> None:
    inner.makepyfile(test_start='''
def test_world(ccsim, ccsim_server):
    assert "seed 7, rate limits on, 3 generated people" in ccsim_server.log()
''')
    ok = run(inner, "--ccsim-seed", "7", "--ccsim-rate-limits", "on", "--ccsim-env", "SIMULATOR_PEOPLE=3")
    broken = run(inner, "--ccsim-serve-args", "--scale 0")

    ok.assert_outcomes(passed=1)
    broken.assert_outcomes(errors=1)
    broken.stdout.fnmatch_lines(["*ccsim serve exited with status 2 before it was healthy*", "*--scale*"])


INTERRUPTED = '''
import time
from pathlib import Path


def test_waits(ccsim_server):
    (Path(__file__).parent / "pid").write_text(str(ccsim_server.pid))
    time.sleep(60)
'''


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGKILL], ids=["ctrl-c", "killed"])
def test_interrupted_run__leaves_no_server(inner: pytest.Pytester, stop: signal.Signals) -> None:
    inner.makepyfile(test_interrupted=INTERRUPTED)
    pid_file = inner.path / "pid"
    process = inner.popen([sys.executable, "-m", "pytest", *FAST, "-p", "no:xdist", "test_interrupted.py"],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not pid_file.exists() or not pid_file.read_text():
            assert process.poll() is None, process.communicate()[0].decode()
            assert time.monotonic() < deadline, "the inner test never started"
            time.sleep(0.05)
        server = int(pid_file.read_text())
        assert group_alive(server)

        process.send_signal(stop)
        output = process.communicate(timeout=30)[0].decode()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()

    if stop == signal.SIGINT:
        assert "KeyboardInterrupt" in output
    assert wait_until_gone(server), f"server {server} outlived the interrupted run:\n{output}"


@pytest.mark.parametrize("nodeid, worker", [
    ("test_a.py::test_one", None),
    ("tests/deep/test_b.py::TestClass::test_two[param with spaces/and/slashes-é]", "gw11"),
    ("test_c.py::test_" + "x" * 200 + "[" + "y" * 100 + "]", "gw3"),
    ("test_d.py::[]", "weird worker!"),
])
def test_namespace_for__valid_readable_and_unique(nodeid: str, worker: str | None) -> None:
    name = namespace_for(nodeid, worker, run="abc123")

    assert NAMESPACE_PATTERN.match(name) and len(name) <= MAX_NAMESPACE
    assert name.startswith(nodeid.rsplit("::", 1)[-1][:4].strip("[]") or "test")
    assert f".{(worker or 'main')[:4].replace(' ', '_')}" in name
    assert name != namespace_for(nodeid + "x", worker, run="abc123")
    assert name != namespace_for(nodeid, worker, run="def456")
    assert name == namespace_for(nodeid, worker, run="abc123")
