"""Throughput of many namespaces on one ccsim process, on one behind nginx and on two behind nginx."""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from readme_section import README, SCALE_OUT, scale_out_recipe
from run import (
    CHATWOOT_CONVERSATIONS,
    CHATWOOT_TOKEN,
    HOST,
    LAUNCH_DEADLINE_S,
    POLL_INTERVAL_S,
    ROOT,
    STOP_GRACE_S,
    BenchError,
    Launcher,
    Server,
    WrkResult,
    free_port,
    request,
    wrk,
)

BENCH_DIR = Path(__file__).resolve().parent
LUA_ROTATE = BENCH_DIR / "rotate_namespaces.lua"
PREFIX = "bench-"
NAMESPACE_HEADER = "X-Simulator-Namespace"
MAX_NAMESPACES = 99  # the server keeps 100, `default` included: more would evict while measuring
SETUPS = ("direct", "nginx-1", "nginx-2")
LABELS = {
    "direct": "one process, direct",
    "nginx-1": "one process behind nginx",
    "nginx-2": "two processes behind nginx",
}


def find_nginx() -> str | None:
    found = shutil.which("nginx")
    if found is not None:
        return found
    return next((path for path in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(path, os.X_OK)), None)


def recipe_config() -> str:
    """The nginx configuration of the README's scale-out recipe (its start block's here-document), as written there."""
    try:
        recipe = scale_out_recipe()
    except LookupError as error:
        raise BenchError(f"no section {SCALE_OUT!r} in {README}") from error
    found = re.search(r"<<'EOF'\n(.*?\n)EOF\n", recipe, re.DOTALL)
    if found is None:
        raise BenchError(f"no nginx configuration (<<'EOF') in {README}, section {SCALE_OUT!r}")
    return found.group(1)


def proxy_config(listen: int, backends: list[int]) -> str:
    """The recipe's configuration listening on `listen`, its upstream block holding `backends` instead."""
    config = recipe_config()
    found = list(re.finditer(r"^([ \t]*)server 127\.0\.0\.1:\d+( [^;\n]*)?;\n", config, re.MULTILINE))
    if len(found) != 2 or "listen 127.0.0.1:8100;" not in config:
        raise BenchError(f"the configuration of {SCALE_OUT!r} in {README.name} no longer has the upstream and listen "
                         "lines expected")
    indent, options = found[0].group(1), found[0].group(2) or ""
    servers = "".join(f"{indent}server {HOST}:{port}{options};\n" for port in backends)
    config = config[:found[0].start()] + servers + config[found[0].end():found[1].start()] + config[found[1].end():]
    return config.replace("listen 127.0.0.1:8100;", f"listen {HOST}:{listen};")


@dataclass
class Proxy:
    """nginx in the foreground with the recipe's configuration, in a folder of its own (its -p prefix)."""

    name: str
    port: int
    process: subprocess.Popen[bytes]
    folder: Path

    def log_tail(self, lines: int = 15) -> str:
        with contextlib.suppress(OSError):
            text = (self.folder / "error.log").read_text(encoding="utf-8", errors="replace")
            return "\n".join(text.splitlines()[-lines:])
        return ""

    def stop(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)  # nginx: fast shutdown
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=STOP_GRACE_S)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)  # the workers too, whatever happened to the master
        self.process.wait(timeout=STOP_GRACE_S)


def start_proxy(nginx: str, workdir: Path, name: str, backends: list[Server]) -> Proxy:
    folder = workdir / name
    folder.mkdir()
    port = free_port()
    (folder / "nginx.conf").write_text(proxy_config(port, [b.port for b in backends]), encoding="utf-8")
    with (folder / "nginx.log").open("wb") as log:
        process = subprocess.Popen(
            [nginx, "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(folder / "nginx.conf"),
             "-g", "daemon off;"],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
        )
    proxy = Proxy(name, port, process, folder)
    try:
        wait_until_answering(proxy)
    except BaseException:  # an error or an interrupt while it starts: it is stopped here, not by the caller
        proxy.stop()
        raise
    return proxy


def wait_until_answering(proxy: Proxy) -> None:
    """Return once GET health through the proxy answers 200 (from the process holding `default`)."""
    deadline = time.perf_counter() + LAUNCH_DEADLINE_S
    while True:
        try:
            if request(proxy.port, "GET", "/__admin/health", timeout=1.0)[0] == 200:
                return
        except (OSError, http.client.HTTPException):
            pass
        if proxy.process.poll() is not None:
            raise BenchError(f"nginx {proxy.name} exited with {proxy.process.returncode}:\n{proxy.log_tail()}")
        if time.perf_counter() > deadline:
            raise BenchError(f"nginx {proxy.name} gave no 200 within {LAUNCH_DEADLINE_S:.0f} s:\n{proxy.log_tail()}")
        time.sleep(POLL_INTERVAL_S)


def namespaces(count: int) -> list[str]:
    return [f"{PREFIX}{n}" for n in range(count)]


def touch(port: int, names: list[str]) -> None:
    """The measured request once in every namespace: each is created (seeded) before the clock runs."""
    for name in names:
        status, body = request(port, "GET", CHATWOOT_CONVERSATIONS.full_path, timeout=30.0,
                               headers={"api_access_token": CHATWOOT_TOKEN, NAMESPACE_HEADER: name})
        if status != 200:
            raise BenchError(f"namespace {name} on port {port} answered {status}: {body[:300]!r}")


def held(server: Server, names: list[str]) -> int:
    status, body = request(server.port, "GET", "/__admin/namespaces")
    if status != 200:
        raise BenchError(f"GET /__admin/namespaces answered {status}")
    return len(set(json.loads(body)["namespaces"]) & set(names))


def worker_cpu_seconds(server: Server) -> float:
    """CPU time used so far by the server's process and its gunicorn worker (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    pids = [server.process.pid]
    with contextlib.suppress(OSError):
        children = Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children").read_text()
        pids += [int(pid) for pid in children.split()]
    total = 0.0
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return total


def run_wrk(args: argparse.Namespace, port: int, duration: float) -> WrkResult:
    command = [
        args.wrk, "-t", str(args.threads), "-c", str(args.connections), "-d", f"{duration:g}s",
        "--timeout", "5s", "-s", str(LUA_ROTATE), f"http://{HOST}:{port}{CHATWOOT_CONVERSATIONS.full_path}",
    ]
    env = dict(os.environ, BENCH_NAMESPACES=str(args.namespaces), BENCH_PREFIX=PREFIX, BENCH_TOKEN=CHATWOOT_TOKEN)
    return wrk(command, env, duration)


def measure(
    args: argparse.Namespace, ports: dict[str, int], backends: list[Server]
) -> tuple[dict[str, list[float]], list[float]]:
    """rps samples per setup, and the second process's share of the two processes' CPU time under nginx-2."""
    samples: dict[str, list[float]] = {setup: [] for setup in SETUPS}
    shares: list[float] = []
    for round_no in range(args.rounds):
        order = SETUPS if round_no % 2 == 0 else tuple(reversed(SETUPS))
        line = []
        for setup in order:
            run_wrk(args, ports[setup], args.warmup)
            before = [worker_cpu_seconds(server) for server in backends]
            result = run_wrk(args, ports[setup], args.duration)
            used = [worker_cpu_seconds(server) - start for server, start in zip(backends, before, strict=True)]
            if result.non_2xx or result.socket_errors:
                raise BenchError(f"{setup}: {result.non_2xx} non-2xx responses, {result.socket_errors} socket "
                                 f"errors in {result.requests} requests")
            samples[setup].append(result.rps)
            if setup == "nginx-2" and sum(used) > 0:
                shares.append(used[1] / sum(used))
            line.append(f"{setup} {result.rps:8.1f}")
        print(f"  round {round_no + 1}/{args.rounds}  " + "  ".join(line), flush=True)
    return samples, shares


def summarise(samples: dict[str, list[float]], shares: list[float], split: tuple[int, int]) -> dict[str, Any]:
    medians = {setup: statistics.median(values) for setup, values in samples.items()}

    def ratio(top: str, bottom: str) -> float:
        return round(medians[top] / medians[bottom], 3) if medians[bottom] else 0.0

    def per_round(top: str, bottom: str) -> list[float]:
        return [round(a / b, 3) if b else 0.0 for a, b in zip(samples[top], samples[bottom], strict=True)]

    pairs = (("nginx-2", "nginx-1"), ("nginx-2", "direct"), ("nginx-1", "direct"))
    return {
        "rps_median": {setup: round(value, 1) for setup, value in medians.items()},
        "rps_samples": samples,
        "ratios": {f"{top} / {bottom}": ratio(top, bottom) for top, bottom in pairs},
        "ratios_per_round": {f"{top} / {bottom}": per_round(top, bottom) for top, bottom in pairs},
        "namespaces_per_process_under_nginx-2": list(split),
        "second_process_cpu_share_under_nginx-2": [round(share, 3) for share in shares],
    }


def render(summary: dict[str, Any], args: argparse.Namespace) -> str:
    rule = "-" * 79
    lines = ["", f"{'setup':<30}{'rps (median)':>14}   per round (ratios: of the medians; per round)", rule]
    for setup in SETUPS:
        rounds = ", ".join(f"{rps:.0f}" for rps in summary["rps_samples"][setup])
        lines.append(f"{LABELS[setup]:<30}{summary['rps_median'][setup]:>14.1f}   {rounds}")
    lines.append(rule)
    for name, value in summary["ratios"].items():
        rounds = ", ".join(f"{r:.2f}" for r in summary["ratios_per_round"][name])
        lines.append(f"ratio {name:<24}{value:>14.2f}   {rounds}")
    first, second = summary["namespaces_per_process_under_nginx-2"]
    shares = ", ".join(f"{share:.2f}" for share in summary["second_process_cpu_share_under_nginx-2"])
    lines += [
        rule,
        f"GET {CHATWOOT_CONVERSATIONS.full_path} in {args.namespaces} namespaces, one after the other "
        f"(X-Simulator-Namespace rotated per request)",
        f"rps: median of {args.rounds} rounds of {args.duration:g} s, each after a {args.warmup:g} s warm-up; "
        f"wrk {args.threads} thread(s), {args.connections} connections",
        f"nginx-2: the consistent hash put {first} namespaces on the first process and {second} on the second "
        f"(the split follows the processes' ports, new in every run); the second's share of their CPU time per "
        f"round: {shares}",
        f"nginx: the configuration of {README.relative_to(ROOT)}, {SCALE_OUT!r} (one worker process); "
        "servers with --no-rate-limits",
        f"{os.cpu_count()} CPUs shared by wrk, nginx and the servers: the gain is bounded by the cores left over",
    ]
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--namespaces", type=int, default=64, help=f"namespaces rotated over (1 to {MAX_NAMESPACES})")
    parser.add_argument("--rounds", type=int, default=3, help="rounds (median reported)")
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per measured wrk run")
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds of wrk before each run")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections")
    parser.add_argument("--threads", type=int, default=1, choices=(1, 2), help="wrk threads")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the figures here")
    args = parser.parse_args(argv)
    if not 1 <= args.namespaces <= MAX_NAMESPACES:
        parser.error(f"--namespaces must be 1 to {MAX_NAMESPACES} (the server keeps 100 namespaces, default included)")
    if min(args.rounds, args.connections) < 1 or args.duration <= 0 or args.warmup <= 0:
        parser.error("rounds and connections must be >= 1; durations > 0")
    return args


def _terminate(signum: int, _frame: Any) -> None:
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.wrk = shutil.which("wrk")
    nginx = find_nginx()
    missing = [f"{tool} (apt-get install {package})" for tool, package, path in
               (("wrk", "wrk", args.wrk), ("nginx", "--no-install-recommends nginx", nginx)) if path is None]
    if missing or nginx is None:
        print(f"not installed: {', '.join(missing)}", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, _terminate)
    load_before = os.getloadavg()[0]
    print(f"load average before the run: {load_before:.2f} on {os.cpu_count()} CPUs", flush=True)
    if load_before > (os.cpu_count() or 1) / 2:
        print("  the machine is busy: figures will be noisy (compare the per-round lines)")
    names = namespaces(args.namespaces)
    with tempfile.TemporaryDirectory(prefix="ccsim-scale-out-") as tmp:
        launcher = Launcher(Path(tmp))
        proxies: list[Proxy] = []
        try:
            backends = [launcher.launch("full"), launcher.launch("full")]
            proxies.append(start_proxy(nginx, Path(tmp), "nginx-1", backends[:1]))
            proxies.append(start_proxy(nginx, Path(tmp), "nginx-2", backends))
            ports = {"direct": backends[0].port, "nginx-1": proxies[0].port, "nginx-2": proxies[1].port}
            print(f"creating {args.namespaces} namespaces on the first process, and through nginx-2 ...", flush=True)
            touch(backends[0].port, names)
            touch(proxies[1].port, names)
            split = (args.namespaces - held(backends[1], names), held(backends[1], names))
            print(f"throughput: {args.rounds} rounds, the three setups in turn", flush=True)
            samples, shares = measure(args, ports, backends)
        except BenchError as exc:
            print(f"benchmark failed: {exc}", file=sys.stderr)
            return 1
        finally:
            for proxy in proxies:
                try:
                    proxy.stop()
                except Exception as exc:  # keep stopping the others
                    print(f"could not stop nginx {proxy.name} (pid {proxy.process.pid}): {exc}")
            launcher.stop_all()
    summary = summarise(samples, shares, split)
    print(render(summary, args))
    print(f"load average after the run: {os.getloadavg()[0]:.2f}")
    if args.json is not None:
        summary["settings"] = {
            "namespaces": args.namespaces,
            "endpoint": CHATWOOT_CONVERSATIONS.full_path,
            "rounds": args.rounds,
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "connections": args.connections,
            "wrk_threads": args.threads,
            "rate_limits": "off (--no-rate-limits)",
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_average_before": round(load_before, 2),
            "load_average_after": round(os.getloadavg()[0], 2),
        }
        args.json.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
        print(f"figures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
