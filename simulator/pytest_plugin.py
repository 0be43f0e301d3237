"""The `ccsim` pytest plugin: a real simulator server per test session and a namespace of its own per test.

Installed with the package (entry point `pytest11`), it adds two fixtures:

    def test_conversations_are_looked_up(ccsim):
        answer = ccsim.session.post(ccsim.url + "/robin/conversations", json={"orderNumber": "RHQO1234"},
                                    auth=("demo-robin-key", "demo-robin-secret"))
        assert answer.status_code == 200
        ccsim.assert_requested("POST", "/robin/conversations")

- `ccsim_server` (session): `ccsim serve` started on a free port of 127.0.0.1 on first use (in each
  pytest-xdist worker), health-checked, stopped at the end of the session (also after Ctrl-C, and
  with the pytest process if it dies). A failing test that used it gets the tail of the server's log
  in its report ("ccsim server log"). With `--ccsim-url URL` (or `CCSIM_URL`, or the ini value
  `ccsim_url`) the server at that URL is used instead: checked, never started or stopped.
- `ccsim` (function): a `simulator.testing.Simulator` on a fresh namespace (fixture `ccsim_namespace`:
  the test's name, the xdist worker, a token of the session and a hash of the node id), deleted on the
  server when the test ends, with its journal, outbox, faults and clock.

The server the plugin starts sees none of the caller's SIMULATOR_* variables, so every developer
and CI job gets the same world; settings come from `--ccsim-seed`, `--ccsim-rate-limits` (default
off), `--ccsim-serve-args` and `--ccsim-env KEY=VALUE` (or the ini values of the same names).
"""

from __future__ import annotations

import atexit
import ctypes
import hashlib
import os
import re
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Generator, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

from simulator.testing import Simulator, SimulatorError

HOST = "127.0.0.1"
URL_VARIABLE = "CCSIM_URL"
LOG_SECTION = "ccsim server log"
LOG_TAIL_LINES = 100
LOG_TAIL_CHARS = 16_000
STOP_TIMEOUT = 10.0  # seconds after SIGTERM before the server's process group is killed
DEFAULT_START_TIMEOUT = 30.0
EXTERNAL_TIMEOUT = 5.0  # seconds a server given by URL may take to answer its health check (it may be starting)
PORT_ATTEMPTS = 3  # a free port may be taken by someone else before the server binds it
RUN_TOKEN = secrets.token_hex(3)  # this pytest process's part of every namespace name
NAMESPACE_CHARACTERS = re.compile(r"[^A-Za-z0-9_.:-]+")
MAX_NAMESPACE = 64
PR_SET_PDEATHSIG = 1  # linux/prctl.h

SERVER_KEY = pytest.StashKey["CcsimServer"]()


@dataclass
class CcsimServer:
    """A simulator server for the session: one the plugin started (`process`, `log_path`) or one at a given URL."""

    url: str
    process: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None
    command: list[str] = field(default_factory=list)

    @property
    def pid(self) -> int | None:
        """The server's process id (its process group too); None for a server the plugin did not start."""
        return self.process.pid if self.process is not None else None

    @property
    def external(self) -> bool:
        """A server given by URL: not started, nor stopped, by the plugin."""
        return self.process is None

    def simulator(self, namespace: str) -> Simulator:
        """A handle on one namespace of this server."""
        return Simulator(self.url, namespace)

    def log(self) -> str:
        """Everything the server wrote (stdout and stderr), empty for a server given by URL."""
        if self.log_path is None or not self.log_path.exists():
            return ""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def log_tail(self, lines: int = LOG_TAIL_LINES) -> str:
        """The last lines of the server's log."""
        tail = "\n".join(self.log().splitlines()[-lines:])
        return tail[-LOG_TAIL_CHARS:]

    def stop(self) -> None:
        """SIGTERM (gunicorn stops its worker gracefully), after STOP_TIMEOUT SIGKILL to its process group."""
        process = self.process
        if process is None or process.poll() is not None:
            return
        with suppress(ProcessLookupError):
            process.terminate()
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):  # not reaped yet, so the group is still the server's
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=STOP_TIMEOUT)


# -- options ---------------------------------------------------------------------------------------

def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("ccsim", "contact-center simulator (ccsim)")
    group.addoption("--ccsim-url", default=None, metavar="URL",
                    help=f"Use the simulator running at URL instead of starting one (also ${URL_VARIABLE}).")
    group.addoption("--ccsim-seed", type=int, default=None, metavar="N", help="Seed of the started server's world.")
    group.addoption("--ccsim-rate-limits", choices=("on", "off"), default=None,
                    help="The vendors' rate limits in the started server (default off).")
    group.addoption("--ccsim-serve-args", default=None, metavar="ARGS",
                    help="More `ccsim serve` arguments for the started server, split like a shell does "
                         "(write --ccsim-serve-args=--access-log for a single one).")
    group.addoption("--ccsim-env", action="append", default=None, metavar="KEY=VALUE",
                    help="An environment variable of the started server (repeatable), e.g. SIMULATOR_PEOPLE=10.")
    parser.addini("ccsim_url", "URL of a running simulator to use instead of starting one.", default="")
    parser.addini("ccsim_seed", "Seed of the started server's world.", default="")
    parser.addini("ccsim_rate_limits", "on or off: the vendors' rate limits in the started server.", default="off")
    parser.addini("ccsim_serve_args", "More `ccsim serve` arguments for the started server.", type="args", default=[])
    parser.addini("ccsim_env", "KEY=VALUE lines: the started server's environment variables.", type="linelist",
                  default=[])
    parser.addini("ccsim_start_timeout", "Seconds the started server may take to become healthy.",
                  default=str(DEFAULT_START_TIMEOUT))


def configured_url(config: pytest.Config) -> str:
    """The URL of a server to use (command line, then environment, then ini), empty to start one."""
    url = config.getoption("ccsim_url") or os.environ.get(URL_VARIABLE) or str(config.getini("ccsim_url"))
    return url.strip().rstrip("/")


def serve_arguments(config: pytest.Config) -> list[str]:
    """`ccsim serve` arguments besides host and port, from the options and ini values."""
    arguments: list[str] = []
    seed = config.getoption("ccsim_seed")
    if seed is None and str(config.getini("ccsim_seed")).strip():
        try:
            seed = int(str(config.getini("ccsim_seed")))
        except ValueError:
            raise pytest.UsageError(f"ccsim_seed must be an integer, not {config.getini('ccsim_seed')!r}") from None
    if seed is not None:
        arguments += ["--seed", str(seed)]
    rate_limits = config.getoption("ccsim_rate_limits") or str(config.getini("ccsim_rate_limits")).strip().lower()
    if rate_limits not in ("on", "off"):
        raise pytest.UsageError(f"ccsim_rate_limits must be on or off, not {rate_limits!r}")
    if rate_limits == "off":
        arguments.append("--no-rate-limits")
    extra = config.getoption("ccsim_serve_args")
    arguments += shlex.split(extra) if extra is not None else list(config.getini("ccsim_serve_args"))
    return arguments


def server_environment(config: pytest.Config) -> dict[str, str]:
    """The caller's environment without SIMULATOR_* settings, plus `--ccsim-env` (else the ini's `ccsim_env`)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SIMULATOR_")}
    given = config.getoption("ccsim_env")
    for line in given if given is not None else config.getini("ccsim_env"):
        key, sep, value = str(line).partition("=")
        if not sep or not key.strip():
            raise pytest.UsageError(f"ccsim_env: {line!r} is not KEY=VALUE")
        environment[key.strip()] = value
    environment["PYTHONUNBUFFERED"] = "1"
    return environment


# -- starting and stopping -------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _parent_death_signal() -> Callable[[], None] | None:
    """On Linux, a pre-exec step that has the kernel SIGTERM the server when pytest dies (even by SIGKILL)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    terminate = int(signal.SIGTERM)

    def arm() -> None:
        prctl(PR_SET_PDEATHSIG, terminate)

    return arm


def healthy(url: str) -> bool:
    with suppress(requests.RequestException, ValueError):
        answer = requests.get(f"{url}/__admin/health", timeout=1)
        return answer.status_code == 200 and answer.json() == {"status": "ok"}
    return False


def start_server(arguments: list[str], environment: dict[str, str], log_path: Path,
                 start_timeout: float) -> CcsimServer:
    """`python -m simulator serve` on a free port, healthy; on failure the process is stopped and pytest fails."""
    for attempt in range(1, PORT_ATTEMPTS + 1):
        port = free_port()
        command = [sys.executable, "-m", "simulator", "serve", "--host", HOST, "--port", str(port), *arguments]
        with log_path.open("ab") as log:
            log.write(f"$ {shlex.join(command)}\n".encode())
            log.flush()
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                       env=environment, start_new_session=True,
                                       preexec_fn=_parent_death_signal())
        server = CcsimServer(f"http://{HOST}:{port}", process, log_path, command)
        atexit.register(server.stop)
        try:
            outcome = _wait_until_healthy(server, start_timeout)
        except BaseException:  # Ctrl-C while waiting included: no server outlives the session
            server.stop()
            raise
        if outcome == "":
            return server
        server.stop()
        if "the port is in use" in outcome and attempt < PORT_ATTEMPTS:
            continue
        pytest.fail(f"{outcome}\n{shlex.join(command)}\n--- {LOG_SECTION} ---\n{server.log_tail()}", pytrace=False)
    raise AssertionError("unreachable")


def _wait_until_healthy(server: CcsimServer, start_timeout: float) -> str:
    """Empty once the server answers its health check, else why it does not."""
    assert server.process is not None
    deadline = time.monotonic() + start_timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            return f"ccsim serve exited with status {server.process.returncode} before it was healthy"
        if healthy(server.url):
            return ""
        time.sleep(0.05)
    return f"ccsim serve was not healthy after {start_timeout:g} s"


def stop_server(config: pytest.Config) -> None:
    """Stop the server this pytest process started, if any (idempotent)."""
    server = config.stash.get(SERVER_KEY, None)
    if server is not None:
        server.stop()


@pytest.fixture(scope="session")
def ccsim_server(pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory) -> Iterator[CcsimServer]:
    """The session's simulator server: started here on first use, or the one of `--ccsim-url`."""
    url = configured_url(pytestconfig)
    start_timeout = float(str(pytestconfig.getini("ccsim_start_timeout")) or DEFAULT_START_TIMEOUT)
    if url:
        server = CcsimServer(url)
        deadline = time.monotonic() + min(start_timeout, EXTERNAL_TIMEOUT)
        while not healthy(url):
            if time.monotonic() >= deadline:
                pytest.fail(f"no healthy simulator at {url} (--ccsim-url / {URL_VARIABLE}): "
                            f"GET {url}/__admin/health did not answer {{\"status\": \"ok\"}}", pytrace=False)
            time.sleep(0.1)
        yield server
        return
    log_path = tmp_path_factory.mktemp("ccsim-server") / "server.log"
    server = start_server(serve_arguments(pytestconfig), server_environment(pytestconfig), log_path, start_timeout)
    pytestconfig.stash[SERVER_KEY] = server
    try:
        yield server
    finally:
        server.stop()
        atexit.unregister(server.stop)


def pytest_unconfigure(config: pytest.Config) -> None:
    stop_server(config)  # the fixture's finalizer normally did already


# -- namespaces ------------------------------------------------------------------------------------

def namespace_for(nodeid: str, worker: str | None = None, run: str = RUN_TOKEN) -> str:
    """A namespace name for a test: its name, the xdist worker, the session's token, a hash of the node id."""
    digest = hashlib.sha256(nodeid.encode()).hexdigest()[:8]
    origin = NAMESPACE_CHARACTERS.sub("_", worker or "main")[:8]
    suffix = f".{origin}-{run}.{digest}"
    name = nodeid.rsplit("::", 1)[-1]
    readable = NAMESPACE_CHARACTERS.sub("_", name).strip("_.:-") or "test"
    return readable[:MAX_NAMESPACE - len(suffix)] + suffix


@pytest.fixture
def ccsim_namespace(request: pytest.FixtureRequest) -> str:
    """The namespace of this test (override the fixture to choose another)."""
    return namespace_for(request.node.nodeid, os.environ.get("PYTEST_XDIST_WORKER"))


@pytest.fixture
def ccsim(ccsim_server: CcsimServer, ccsim_namespace: str) -> Iterator[Simulator]:
    """A `Simulator` on this test's own namespace of the session's server, deleted when the test ends."""
    simulator = ccsim_server.simulator(ccsim_namespace)
    try:
        yield simulator
    finally:
        try:
            release_namespace(simulator)
        finally:
            simulator.close()


def release_namespace(simulator: Simulator) -> None:
    """Delete the handle's namespace on the server: world, journal, outbox, rate windows, faults and clock.

    The faults the handle created are removed first, in case the server keeps them apart from the
    namespace; a namespace the test never used (404) is fine.
    """
    if simulator.faults:  # defensive: the namespace's deletion drops them too
        with suppress(SimulatorError):
            simulator.clear_faults()
    try:
        simulator.call("DELETE", f"/__admin/namespaces/{simulator.namespace}")
    except SimulatorError as exc:
        if exc.status != 404:  # 404: the test never used its namespace
            raise


# -- reports ---------------------------------------------------------------------------------------

@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """A failing test that used the server the plugin started gets the tail of its log."""
    report = yield
    if report.failed and "ccsim_server" in getattr(item, "fixturenames", ()):
        server = item.config.stash.get(SERVER_KEY, None)
        if server is not None and not server.external:
            report.sections.append((LOG_SECTION, server.log_tail() or "(empty)"))
    return report
