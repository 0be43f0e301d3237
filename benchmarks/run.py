"""Start-up time and throughput of the simulator beside a bare Flask app served the same way."""

from __future__ import annotations

import argparse
import base64
import contextlib
import http.client
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
LUA_POST = BENCH_DIR / "post_conversations.lua"
BARE_APP = BENCH_DIR / "bare_app.py"
HOST = "127.0.0.1"
ROBIN_KEY = "demo-robin-key"
ROBIN_SECRET = "demo-robin-secret"
CMI_USER = "demo-agent"
CMI_PASSWORD = "demo-password"
CHATWOOT_TOKEN = "demo-chatwoot-admin-token"
POST_BODY = '{"skip": 0}'
DOCUMENT_ENV = "BENCH_DOCUMENTS_JSON"
STARTUP_TARGET_S = 1.0
RATIO_TARGET = 0.7
POLL_INTERVAL_S = 0.01
LAUNCH_DEADLINE_S = 20.0
STOP_GRACE_S = 5.0


class BenchError(RuntimeError):
    """The benchmark could not measure what it should (the message says why)."""


def basic_authorization(user: str = ROBIN_KEY, password: str = ROBIN_SECRET) -> str:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return f"Basic {token}"


@dataclass(frozen=True)
class Endpoint:
    key: str
    label: str
    method: str
    full_path: str
    bare_path: str
    authorization: str = ""
    captured: bool = False  # the bare app answers the simulator's own document for this request
    header: tuple[str, str] | None = None  # the credential in another header (name, value), e.g. a token

    def headers(self) -> dict[str, str]:
        found = {"Authorization": self.authorization} if self.authorization else {}
        if self.header is not None:
            found[self.header[0]] = self.header[1]
        return found


POST_CONVERSATIONS = Endpoint(
    "post_conversations",
    "POST /robin/conversations",
    "POST",
    "/robin/conversations",
    "/conversations",
    basic_authorization(),
    captured=True,
)
CMI_CONTACTS = Endpoint(
    "cmi_contacts",
    "GET /sinch/cmi/contacts",
    "GET",
    "/sinch/cmi/contacts?limit=20",
    "/cmi/contacts",
    basic_authorization(CMI_USER, CMI_PASSWORD),
    captured=True,
)
CMI_CHATS = Endpoint(
    "cmi_chats",
    "GET /sinch/cmi/chats",
    "GET",
    "/sinch/cmi/chats?limit=20",
    "/cmi/chats",
    basic_authorization(CMI_USER, CMI_PASSWORD),
    captured=True,
)
CHATWOOT_CONVERSATIONS = Endpoint(
    "chatwoot_conversations",
    "GET /chatwoot/…/conversations",
    "GET",
    "/chatwoot/api/v1/accounts/1/conversations?status=all",
    "/chatwoot/conversations",
    captured=True,
    header=("api_access_token", CHATWOOT_TOKEN),
)
HEALTH = Endpoint("health", "GET /__admin/health", "GET", "/__admin/health", "/health")
ENDPOINTS = (POST_CONVERSATIONS, CMI_CONTACTS, CMI_CHATS, CHATWOOT_CONVERSATIONS, HEALTH)
TARGETS = ("bare", "full")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def ccsim_executable() -> str:
    beside = Path(sys.executable).parent / "ccsim"
    if beside.exists():
        return str(beside)
    found = shutil.which("ccsim")
    if found is None:
        raise BenchError("ccsim not found: run `make bench` (it installs the project into .venv)")
    return found


def server_command(target: str, port: int) -> list[str]:
    if target == "full":
        return [
            ccsim_executable(), "serve", "--host", HOST, "--port", str(port), "--no-rate-limits"
        ]
    return [sys.executable, str(BARE_APP), "--host", HOST, "--port", str(port)]


def health_path(target: str) -> str:
    return HEALTH.full_path if target == "full" else HEALTH.bare_path


def request(
    port: int, method: str, path: str, body: str | None = None, timeout: float = 5.0,
    headers: dict[str, str] | None = None,
) -> tuple[int, bytes]:
    headers = dict(headers or {})
    if body is not None:
        headers["Content-Type"] = "application/json"
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@dataclass
class Server:
    """One launched server (gunicorn master and worker in their own process group)."""

    target: str
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path
    started_in: float = 0.0

    def log_tail(self, lines: int = 15) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_GRACE_S)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=STOP_GRACE_S)
        # The master is gone; make sure no worker of its process group lingers.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)


class StopsServers:
    """What every launcher of the benchmarks has: the servers it started (`running`), each stopped on request or
    all at the end."""

    running: list[Server]

    def stop(self, server: Server) -> None:
        server.stop()
        if server in self.running:
            self.running.remove(server)

    def stop_all(self) -> None:
        for server in list(self.running):
            try:
                self.stop(server)
            except Exception as exc:  # keep stopping the others
                print(f"could not stop the {server.target} server (pid {server.process.pid}): {exc}")


@dataclass
class Launcher(StopsServers):
    """Starts servers, remembers them, and stops every one of them at the end."""

    workdir: Path
    document_path: Path | None = None
    running: list[Server] = field(default_factory=list)

    def launch(self, target: str) -> Server:
        """Start a server and return once GET health answers 200; `started_in` is that delay."""
        port = free_port()
        env = dict(os.environ)
        if self.document_path is not None:
            env[DOCUMENT_ENV] = str(self.document_path)
        log_path = self.workdir / f"{target}-{port}.log"
        with log_path.open("wb") as log:
            began = time.perf_counter()
            process = subprocess.Popen(
                server_command(target, port),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=env,
                cwd=ROOT,
                start_new_session=True,
            )
        server = Server(target, port, process, log_path)
        self.running.append(server)
        path = health_path(target)
        deadline = began + LAUNCH_DEADLINE_S
        while True:
            try:
                status, _ = request(port, "GET", path, timeout=1.0)
                if status == 200:
                    server.started_in = time.perf_counter() - began
                    return server
            except (OSError, http.client.HTTPException):
                pass  # not listening yet, or closed the connection while starting
            if process.poll() is not None:
                raise BenchError(
                    f"{target} server exited with {process.returncode}:\n{server.log_tail()}"
                )
            if time.perf_counter() > deadline:
                raise BenchError(f"{target} server gave no 200 within {LAUNCH_DEADLINE_S:.0f} s")
            time.sleep(POLL_INTERVAL_S)


WRK_RPS = re.compile(r"Requests/sec:\s+([\d.]+)")
WRK_NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
WRK_REQUESTS = re.compile(r"(\d+) requests in")
WRK_SOCKET_ERRORS = re.compile(
    r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)"
)


@dataclass
class WrkResult:
    rps: float
    requests: int
    non_2xx: int
    socket_errors: int


def run_wrk(
    args: argparse.Namespace, endpoint: Endpoint, server: Server, duration: float
) -> WrkResult:
    path = endpoint.full_path if server.target == "full" else endpoint.bare_path
    command = [
        args.wrk,
        "-t", str(args.threads),
        "-c", str(args.connections),
        "-d", f"{duration:g}s",
        "--timeout", "5s",
    ]
    if endpoint.method == "POST":
        command += ["-s", str(LUA_POST)]
    else:
        command += [item for name, value in endpoint.headers().items() for item in ("-H", f"{name}: {value}")]
    command.append(f"http://{HOST}:{server.port}{path}")
    env = dict(os.environ, BENCH_BODY=POST_BODY, BENCH_AUTHORIZATION=endpoint.authorization)
    return wrk(command, env, duration)


def wrk(command: list[str], env: dict[str, str], duration: float) -> WrkResult:
    """Run one wrk command and read its figures; a failed or unreadable run is a BenchError."""
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, env=env, timeout=duration + 20, check=False
        )
    except subprocess.TimeoutExpired:
        raise BenchError(f"wrk did not finish: {' '.join(command)}") from None
    found = WRK_RPS.search(done.stdout)
    if done.returncode != 0 or found is None:
        raise BenchError(f"wrk failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    non_2xx = WRK_NON_2XX.search(done.stdout)
    requests = WRK_REQUESTS.search(done.stdout)
    errors = WRK_SOCKET_ERRORS.search(done.stdout)
    return WrkResult(
        rps=float(found.group(1)),
        requests=int(requests.group(1)) if requests else 0,
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=sum(int(n) for n in errors.groups()) if errors else 0,
    )


def _body(endpoint: Endpoint) -> str | None:
    return POST_BODY if endpoint.method == "POST" else None


def capture_documents(server: Server, workdir: Path) -> tuple[Path, dict[str, Any]]:
    """The simulator's answers to the captured requests, written to one file for the bare app."""
    documents: dict[str, Any] = {}
    for endpoint in ENDPOINTS:
        if not endpoint.captured:
            continue
        status, body = request(server.port, endpoint.method, endpoint.full_path, _body(endpoint),
                               headers=endpoint.headers())
        if status != 200:
            raise BenchError(f"{endpoint.label} answered {status}: {body[:300]!r}")
        documents[endpoint.key] = json.loads(body)
    path = workdir / "documents.json"
    path.write_text(json.dumps(documents), encoding="utf-8")
    return path, documents


def check_bare_documents(server: Server, documents: dict[str, Any]) -> None:
    for endpoint in ENDPOINTS:
        if endpoint.captured:
            status, body = request(server.port, endpoint.method, endpoint.bare_path, _body(endpoint))
            if status != 200 or json.loads(body) != documents[endpoint.key]:
                raise BenchError(f"the bare app does not answer the captured document of {endpoint.label}")


def measure_startup(args: argparse.Namespace, launcher: Launcher) -> dict[str, list[float]]:
    samples: dict[str, list[float]] = {target: [] for target in TARGETS}
    for launch in range(args.launches):
        order = ("full", "bare") if launch % 2 == 0 else ("bare", "full")
        for target in order:
            server = launcher.launch(target)
            samples[target].append(server.started_in)
            launcher.stop(server)
        print(
            f"  launch {launch + 1}/{args.launches}: "
            f"full {samples['full'][-1]:.3f} s, bare {samples['bare'][-1]:.3f} s",
            flush=True,
        )
    return samples


def measure_throughput(
    args: argparse.Namespace, servers: dict[str, Server]
) -> dict[str, dict[str, list[float]]]:
    samples = {e.key: {target: [] for target in TARGETS} for e in ENDPOINTS}
    for round_no in range(args.rounds):
        order = TARGETS if round_no % 2 == 0 else tuple(reversed(TARGETS))
        for endpoint in ENDPOINTS:
            line = []
            for target in order:
                run_wrk(args, endpoint, servers[target], args.warmup)
                result = run_wrk(args, endpoint, servers[target], args.duration)
                if result.non_2xx or result.socket_errors:
                    raise BenchError(
                        f"{target} {endpoint.label}: {result.non_2xx} non-2xx responses, "
                        f"{result.socket_errors} socket errors in {result.requests} requests"
                    )
                samples[endpoint.key][target].append(result.rps)
                line.append(f"{target} {result.rps:8.1f}")
            progress = f"  round {round_no + 1}/{args.rounds} {endpoint.label:<26} "
            print(progress + "  ".join(line), flush=True)
    return samples


def verdict(passed: bool) -> str:
    return "PASS" if passed else "MISS"


def summarise(
    startup: dict[str, list[float]], throughput: dict[str, dict[str, list[float]]]
) -> dict[str, Any]:
    rows: dict[str, Any] = {}
    for endpoint in ENDPOINTS:
        bare = statistics.median(throughput[endpoint.key]["bare"])
        full = statistics.median(throughput[endpoint.key]["full"])
        ratio = full / bare if bare else 0.0
        rows[endpoint.key] = {
            "endpoint": endpoint.label,
            "bare_rps_median": round(bare, 1),
            "full_rps_median": round(full, 1),
            "ratio": round(ratio, 3),
            "target_ratio": RATIO_TARGET,
            "pass": ratio >= RATIO_TARGET,
            "bare_rps_samples": throughput[endpoint.key]["bare"],
            "full_rps_samples": throughput[endpoint.key]["full"],
        }
    full_start = statistics.median(startup["full"])
    return {
        "throughput": rows,
        "startup": {
            "full_median_s": round(full_start, 3),
            "bare_median_s": round(statistics.median(startup["bare"]), 3),
            "target_s": STARTUP_TARGET_S,
            "pass": full_start <= STARTUP_TARGET_S,
            "full_samples_s": [round(s, 4) for s in startup["full"]],
            "bare_samples_s": [round(s, 4) for s in startup["bare"]],
        },
    }


def table_row(cells: tuple[str, str, str, str, str, str]) -> str:
    label, bare, full, ratio, target, result = cells
    return f"{label:<31}{bare:>10}{full:>12}{ratio:>8}{target:>10}  {result}"


def render(summary: dict[str, Any], args: argparse.Namespace) -> str:
    rule = "-" * 79
    lines = ["", table_row(("measure", "bare", "full stack", "ratio", "target", "result")), rule]
    for row in summary["throughput"].values():
        lines.append(
            table_row(
                (
                    f"{row['endpoint']} (rps)",
                    f"{row['bare_rps_median']:.1f}",
                    f"{row['full_rps_median']:.1f}",
                    f"{row['ratio']:.2f}",
                    f">= {row['target_ratio']:.2f}",
                    verdict(row["pass"]),
                )
            )
        )
    start = summary["startup"]
    lines.append(
        table_row(
            (
                "start-up, launch to 200 (s)",
                f"{start['bare_median_s']:.3f}",
                f"{start['full_median_s']:.3f}",
                "",
                f"<= {start['target_s']:.2f}",
                verdict(start["pass"]),
            )
        )
    )
    lines += [
        rule,
        f"rps: median of {args.rounds} rounds of {args.duration:g} s, each after a "
        f"{args.warmup:g} s warm-up; wrk {args.threads} thread(s), {args.connections} connections",
        "ratio = full stack / bare Flask endpoint (same gunicorn settings, 1 gevent worker)",
        f"start-up: median of {args.launches} launches, launch -> first 200 of GET health "
        f"(polled every {POLL_INTERVAL_S * 1000:.0f} ms); the target applies to the full stack",
        "the simulator ran with --no-rate-limits (ROBIN allows 3 requests/s per key otherwise)",
    ]
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3, help="throughput rounds (median reported)")
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per measured wrk run")
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds of wrk before each run")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections")
    parser.add_argument("--threads", type=int, default=1, choices=(1, 2), help="wrk threads")
    parser.add_argument("--launches", type=int, default=5, help="start-up launches per server")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the figures here")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    counts = (args.rounds, args.launches, args.connections)
    if min(counts) < 1 or args.duration <= 0 or args.warmup <= 0:
        parser.error("rounds, launches and connections must be >= 1; durations > 0")
    return args


def _terminate(signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    wrk = shutil.which("wrk")
    if wrk is None:
        print(
            "wrk is not installed; install it with `apt-get install wrk` (Debian/Ubuntu)",
            file=sys.stderr,
        )
        return 2
    args.wrk = wrk
    signal.signal(signal.SIGTERM, _terminate)
    load_before = os.getloadavg()[0]
    print(f"load average before the run: {load_before:.2f} on {os.cpu_count()} CPUs", flush=True)
    if load_before > (os.cpu_count() or 1) / 2:
        print("  the machine is busy: figures will be noisy (compare the per-round lines)")
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        print("PYTHONDONTWRITEBYTECODE is set: modules with no cached .pyc compile at every launch")
    with tempfile.TemporaryDirectory(prefix="ccsim-bench-") as tmp:
        launcher = Launcher(Path(tmp))
        try:
            print("capturing the simulator's answers for the bare app ...", flush=True)
            server = launcher.launch("full")
            launcher.document_path, documents = capture_documents(server, Path(tmp))
            launcher.stop(server)
            print(f"start-up: {args.launches} launches of each server, alternating", flush=True)
            startup = measure_startup(args, launcher)
            servers = {target: launcher.launch(target) for target in TARGETS}
            check_bare_documents(servers["bare"], documents)
            print(f"throughput: {args.rounds} rounds, bare and full stack alternately", flush=True)
            throughput = measure_throughput(args, servers)
        except BenchError as exc:
            print(f"benchmark failed: {exc}", file=sys.stderr)
            return 1
        finally:
            launcher.stop_all()
    summary = summarise(startup, throughput)
    print(render(summary, args))
    print(f"load average after the run: {os.getloadavg()[0]:.2f}")
    if args.json is not None:
        summary["settings"] = {
            "rounds": args.rounds,
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "connections": args.connections,
            "wrk_threads": args.threads,
            "launches": args.launches,
            "post_body": POST_BODY,
            "rate_limits": "off (--no-rate-limits)",
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_average_before": round(load_before, 2),
            "load_average_after": round(os.getloadavg()[0], 2),
            "pythondontwritebytecode": bool(os.environ.get("PYTHONDONTWRITEBYTECODE")),
        }
        args.json.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
        print(f"figures written to {args.json}")
    rows = summary["throughput"].values()
    missed = not summary["startup"]["pass"] or not all(row["pass"] for row in rows)
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
