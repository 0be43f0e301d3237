"""The README's scale-out recipe (its subsection "Scaling out by namespace"), run as written: two `ccsim serve`
processes behind nginx."""

from __future__ import annotations

import json
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
import zlib
from bisect import bisect_left
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests

from benchmarks.readme_section import README, SCALE_OUT, scale_out_recipe, section
from simulator.pytest_plugin import free_port
from simulator.testing import Simulator
from tests.conftest import Receiver
from tests.test_readme import readme_blocks
from tests.test_server_smoke import HOST, NAMESPACE, clean_environment, wait_for_health

CHECKOUT = Path(__file__).resolve().parent.parent
NGINX = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx")
                                       if os.access(p, os.X_OK)), None)
INSTALL = "apt-get install --no-install-recommends nginx"
pytestmark = pytest.mark.skipif(NGINX is None, reason=f"scale-out test: nginx is not installed ({INSTALL})")

DOC_PORTS = (8100, 8101, 8102)  # the proxy, the first process, the second process
BLOCK_TIMEOUT = 90.0
TIMEOUT = 10.0
CHATWOOT = "/chatwoot/api/v1/accounts/1"
TOKEN = {"api_access_token": "demo-chatwoot-admin-token"}
UPSTREAM = "X-Ccsim-Upstream"
# Wrapped around the blocks: strict bash, and curl recording the status of each call with its arguments (written by
# curl's -w to stderr, so that the blocks' own -D and -o options work as documented).
PRELUDE = """set -euo pipefail
curl() {
  local errors rc=0 status
  errors=$(mktemp)
  command curl -w '%{stderr}@@status %{http_code}\\n' "$@" 2> "$errors" || rc=$?
  status=$(grep -a '^@@status ' "$errors" | tail -n 1 | cut -d' ' -f2 || true)
  grep -av '^@@status ' "$errors" >&2 || true
  echo "${status:-000} $*" >> "$SCALE_OUT_CURL_LOG"
  rm -f "$errors"
  return $rc
}
"""


# -- the recipe's blocks ------------------------------------------------------------------------------------------

def doc_text() -> str:
    """The recipe: the README's subsection, from its heading to the next heading of the same or a higher level."""
    return scale_out_recipe()


def doc_blocks() -> list[str]:
    return [block.text for block in readme_blocks(doc_text())]


def block_with(*fragments: str) -> str:
    """The one block of the recipe holding every fragment."""
    found = [text for text in doc_blocks() if all(fragment in text for fragment in fragments)]
    assert len(found) == 1, f"{len(found)} blocks of {README.name}'s {SCALE_OUT!r} hold {fragments}"
    return found[0]


def start_block() -> str:
    return block_with("ccsim serve --port 8101", "ccsim serve --port 8102", "nginx -p")


def nginx_config(block: str) -> str:
    """The configuration the start block writes with its here-document."""
    found = re.search(r"<<'EOF'\n(.*?\n)EOF\n", block, re.DOTALL)
    assert found, "the start block writes no nginx configuration with <<'EOF'"
    return found.group(1)


def upstream_servers(config: str) -> list[str]:
    (upstream,) = re.findall(r"upstream ccsim \{(.*?)\}", config, re.DOTALL)
    return re.findall(r"^\s*server ([^\s;]+)", upstream, re.MULTILINE)


def substitute(text: str, ports: tuple[int, ...]) -> str:
    """The doc's fixed ports (8100 to 8102) mapped to the run's free ports."""
    mapping = {str(doc): str(port) for doc, port in zip(DOC_PORTS, ports, strict=True)}
    return re.sub(r"\b810[012]\b", lambda m: mapping[m.group(0)], text)


def nginx_chash_ring(servers: list[str]) -> dict[int, str]:
    """The ring of nginx's `hash … consistent` (ngx_http_upstream_hash_module): each server of weight 1 has 160
    points, CRC32 values chained as crc32(host NUL port previous-point); of equal points the first one stays."""
    points: dict[int, str] = {}
    for server in servers:
        host, _, port = server.rpartition(":")
        base, previous = host.encode() + b"\0" + port.encode(), 0
        for _ in range(160):
            previous = zlib.crc32(base + previous.to_bytes(4, "little"))
            points.setdefault(previous, server)
    return points


def nginx_chash_owner(servers: list[str], key: str) -> str:
    """The server nginx picks for `key`: the first point of the ring at or after crc32(key), wrapping round."""
    points = nginx_chash_ring(servers)
    ring = sorted(points)
    at = bisect_left(ring, zlib.crc32(key.encode()))
    return points[ring[at % len(ring)]]


def nginx_chash_shares(servers: list[str]) -> dict[str, float]:
    """The part of the key space each server gets: the arcs of the ring ending at its points."""
    points = nginx_chash_ring(servers)
    ring = sorted(points)
    shares = dict.fromkeys(servers, 0.0)
    for previous, point in zip([ring[-1] - 2**32, *ring[:-1]], ring, strict=True):
        shares[points[point]] += (point - previous) / 2**32
    return shares


# -- one shell session, as a person pastes the blocks into a terminal ---------------------------------------------

@dataclass
class Outcome:
    output: str
    calls: list[tuple[str, str]]  # (status, curl's arguments)


class Shell:
    """A bash reading the blocks from its standard input, in its own process group with what it starts."""

    def __init__(self, directory: Path, environ: dict[str, str]) -> None:
        self.curl_log = directory / "curl.txt"
        self.process = subprocess.Popen(["bash"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True, cwd=directory, start_new_session=True,
                                        env={**environ, "SCALE_OUT_CURL_LOG": str(self.curl_log)})
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.errors: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._read_errors, daemon=True).start()
        self.run(PRELUDE)

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def _read_errors(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.errors.append(line)

    def run(self, text: str, timeout: float = BLOCK_TIMEOUT) -> Outcome:
        """Feed `text` to the shell and return its output once it has run (strict mode: a failure ends the shell)."""
        assert self.process.stdin is not None
        marker = f"@@done {uuid.uuid4().hex}@@"
        self.curl_log.write_text("", encoding="utf-8")
        self.process.stdin.write(f"{text.rstrip()}\necho '{marker}'\n")
        self.process.stdin.flush()
        output: list[str] = []
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                pytest.fail(f"the block did not finish within {timeout:.0f} s:\n{text}\noutput:\n{''.join(output)}")
            if line is None:
                pytest.fail(f"the shell exited ({self.process.wait()}) in the block:\n{text}\n"
                            f"output:\n{''.join(output)}\nstderr:\n{''.join(self.errors)[-3000:]}")
            if line.strip() == marker:
                break
            output.append(line)
        entries = [entry.partition(" ") for entry in self.curl_log.read_text(encoding="utf-8").splitlines()]
        return Outcome("".join(output), [(status, arguments) for status, _, arguments in entries])

    def close(self) -> None:
        """End the shell and everything in its process group (what the blocks started and did not stop)."""
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            if stream is not None:
                with suppress(OSError):
                    stream.close()
        self.process.wait(timeout=TIMEOUT)


@dataclass
class Recipe:
    shell: Shell
    ports: tuple[int, ...]
    directory: Path  # the doc's $D
    stopped: bool = False
    backends: list[str] = field(default_factory=list)  # as written in the upstream block

    @property
    def proxy(self) -> str:
        return f"http://{HOST}:{self.ports[0]}"

    def backend_url(self, address: str) -> str:
        return f"http://{address}"

    def logs(self) -> str:
        parts = []
        for name in ("ccsim-1.log", "ccsim-2.log", "nginx.log", "error.log"):
            with suppress(OSError):
                parts.append(f"--- {name}\n" + (self.directory / name).read_text(encoding="utf-8", errors="replace")
                             [-2000:])
        return "\n".join(parts)

    def owner(self, namespace: str) -> str:
        return nginx_chash_owner(self.backends, namespace)

    def namespaces(self, address: str) -> list[str]:
        answer = requests.get(f"{self.backend_url(address)}/__admin/namespaces", timeout=TIMEOUT)
        assert answer.status_code == 200
        names: list[str] = answer.json()["namespaces"]
        return names

    def other(self, address: str) -> str:
        (other,) = [backend for backend in self.backends if backend != address]
        return other


def distinct_free_ports(count: int) -> tuple[int, ...]:
    ports: list[int] = []
    while len(ports) < count:
        port = free_port()
        if port not in ports:
            ports.append(port)
    return tuple(ports)


def assert_all_answered(outcome: Outcome) -> None:
    """Every curl call of a block got a 2xx answer; only health polls may have found nothing listening yet."""
    assert outcome.calls, "the block made no curl call"
    unexpected = [(status, arguments) for status, arguments in outcome.calls
                  if not status.startswith("2") and not (status == "000" and "/__admin/health" in arguments)]
    assert not unexpected, unexpected


@pytest.fixture(scope="module")
def recipe(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Recipe]:
    """The start block run in a shell on free ports; at the end the stop block (unless a test ran it), then
    whatever is left of the shell's process group is killed."""
    if NGINX is None:
        pytest.fail(f"nginx is not installed: {INSTALL}")
    directory = tmp_path_factory.mktemp("scale-out")
    path = os.pathsep.join([str(Path(sys.executable).parent), str(Path(NGINX).parent), os.environ.get("PATH", "")])
    shell = Shell(directory, clean_environment(PATH=path, TMPDIR=str(directory)))
    try:
        ports = distinct_free_ports(3)
        block = substitute(start_block(), ports)
        started = shell.run(block + '\nprintf "@@D %s\\n" "$D"')
        (folder,) = re.findall(r"^@@D (.+)$", started.output, re.MULTILINE)
        found = Recipe(shell, ports, Path(folder), backends=upstream_servers(nginx_config(block)))
        for port in (*ports[1:], ports[0]):
            wait_for_health(f"http://{HOST}:{port}", lambda: "", found.logs, what=f"the recipe's port {port}")
        assert_all_answered(started)
        yield found
        if not found.stopped:
            shell.run(substitute(block_with("kill", "nginx.pid"), ports))
    finally:
        shell.close()


def through(recipe: Recipe, method: str, path: str, namespace: str | None = None, **kwargs: Any) -> requests.Response:
    headers = dict(kwargs.pop("headers", {}))
    if namespace is not None:
        headers[NAMESPACE] = namespace
    return requests.request(method, f"{recipe.proxy}{path}", headers=headers, timeout=TIMEOUT, **kwargs)


def names_on(recipe: Recipe, address: str, prefix: str, count: int) -> list[str]:
    """`count` namespace names starting with `prefix` that nginx sends to `address`."""
    names = (f"{prefix}-{n}" for n in range(10_000))
    return [name for name in names if recipe.owner(name) == address][:count]


# -- the doc itself --------------------------------------------------------------------------------------------------

def test_doc__the_recipe_runs_its_own_nginx_on_no_system_path() -> None:
    block = start_block()
    config = nginx_config(block)
    assert "nginx -p \"$D\" -e \"$D/error.log\" -c \"$D/nginx.conf\" -g 'daemon off;'" in block
    assert not re.search(r"(?<![\w$])/(etc|var|run|usr|tmp)\b", config), "an absolute system path in the config"
    for directive in ("pid", "error_log", "client_body_temp_path", "proxy_temp_path", "fastcgi_temp_path",
                      "uwsgi_temp_path", "scgi_temp_path"):
        assert re.search(rf"^\s*{directive} [\w.]+;", config, re.MULTILINE), f"{directive} not in the prefix"
    assert re.findall(r"^\s*listen (\S+);", config, re.MULTILINE) == ["127.0.0.1:8100"]
    assert "include" not in config  # nothing of the system's configuration
    assert "hash $ccsim_namespace consistent;" in config
    assert upstream_servers(config) == ["127.0.0.1:8101", "127.0.0.1:8102"]


def test_doc__names_the_process_of_default_and_the_split_for_its_addresses() -> None:
    servers = upstream_servers(nginx_config(start_block()))
    prose = " ".join(doc_text().split())
    assert f"`default` is served by `{nginx_chash_owner(servers, 'default')}`" in prose
    first, second = (round(share * 100) for share in nginx_chash_shares(servers).values())
    assert f"(the addresses above: {first} % and {second} %)" in prose


def test_doc__the_recipe_is_its_own_subsection_whose_blocks_the_readme_test_leaves_here() -> None:
    """Seven blocks (start, use, reset, freeze and unfreeze the clocks, status, stop), each marked for
    tests/test_readme.py as not run there: they start servers on fixed ports and nginx."""
    text = doc_text()
    assert text.startswith(f"### {SCALE_OUT}\n")
    blocks = readme_blocks(text)
    assert len(blocks) == 7 and not any(block.run for block in blocks)


def test_section__ends_at_the_next_heading_of_the_same_or_a_higher_level_outside_fenced_blocks() -> None:
    text = ("## A\n### Recipe\nintro\n```sh\n# a shell comment\n## not a heading either\n```\n"
            "#### Detail\n~~~\n### inside a tilde fence\n~~~\nmore\n### Next\nafter\n")
    assert section(text, "Recipe") == ("### Recipe\nintro\n```sh\n# a shell comment\n## not a heading either\n```\n"
                                       "#### Detail\n~~~\n### inside a tilde fence\n~~~\nmore\n")
    assert section(text, "Next") == "### Next\nafter\n"
    assert section(text, "A") == text
    with pytest.raises(LookupError):
        section(text, "# a shell comment")


def test_doc__every_fixed_port_is_substituted() -> None:
    ports = (1, 2, 3)
    assert not any(re.search(r"\b810\d\b", substitute(block, ports)) for block in doc_blocks())
    assert all(str(port) in doc_text() for port in DOC_PORTS)


def test_benchmark__runs_nginx_with_the_recipes_configuration() -> None:
    """benchmarks/scale_out.py reads the configuration from the README's recipe; only its ports and upstream servers
    differ."""
    code = ("import json, scale_out; "
            "print(json.dumps([scale_out.proxy_config(9000, [9001]), scale_out.proxy_config(9000, [9001, 9002])]))")
    done = subprocess.run([sys.executable, "-c", code], cwd=CHECKOUT / "benchmarks", capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    one, two = json.loads(done.stdout)
    assert two == substitute(nginx_config(start_block()), (9000, 9001, 9002))
    assert upstream_servers(one) == ["127.0.0.1:9001"]
    assert one == two.replace("        server 127.0.0.1:9002 max_fails=0;\n", "")


# -- through the proxy -----------------------------------------------------------------------------------------------

def test_recipe__every_request_of_a_namespace_reaches_the_same_process(recipe: Recipe) -> None:
    created = through(recipe, "POST", f"{CHATWOOT}/contacts", "scale-one", headers=TOKEN,
                      json={"name": "Ann", "email": "ann@example.com"})
    assert created.status_code == 200, created.text
    contact = created.json()["payload"]["contact"]["id"]
    answered = {created.headers[UPSTREAM]}
    for _ in range(20):
        read = through(recipe, "GET", f"{CHATWOOT}/contacts/{contact}", "scale-one", headers=TOKEN)
        assert read.status_code == 200, read.text
        assert read.json()["payload"]["email"] == "ann@example.com"
        answered.add(read.headers[UPSTREAM])
    assert answered == {recipe.owner("scale-one")}
    (owner,) = answered
    holding = [address for address in recipe.backends if "scale-one" in recipe.namespaces(address)]
    assert holding == [owner]
    direct = requests.get(f"{recipe.backend_url(owner)}{CHATWOOT}/contacts/{contact}",
                          headers={NAMESPACE: "scale-one", **TOKEN}, timeout=TIMEOUT)
    assert direct.status_code == 200 and direct.json()["payload"]["email"] == "ann@example.com"


def test_recipe__forty_namespaces_spread_over_both_processes(recipe: Recipe) -> None:
    names = [f"scale-spread-{n:02d}" for n in range(40)]
    answered = {}
    for name in names:
        answer = through(recipe, "GET", "/__admin/clock", name)
        assert answer.status_code == 200 and answer.json()["namespace"] == name
        answered[name] = answer.headers[UPSTREAM]
    held = {address: {n for n in recipe.namespaces(address) if n in names} for address in recipe.backends}
    assert all(held.values()), {address: len(found) for address, found in held.items()}
    assert all(sum(name in found for found in held.values()) == 1 for name in names)
    assert answered == {name: address for address, found in held.items() for name in found}
    assert answered == {name: recipe.owner(name) for name in names}  # nginx's ring, as modelled here


def test_recipe__requests_without_the_header_are_defaults_on_one_process(recipe: Recipe) -> None:
    path = f"{CHATWOOT}/contacts/search"
    marker = f"scale-{uuid.uuid4().hex[:8]}"
    before = {address: journal_count(recipe, address, marker) for address in recipe.backends}
    answered = set()
    for headers in [{}] * 20 + [{NAMESPACE: ""}] * 5 + [{NAMESPACE: "default"}] * 5:
        answer = through(recipe, "GET", path, headers={**TOKEN, **headers}, params={"q": marker})
        assert answer.status_code == 200, answer.text
        answered.add(answer.headers[UPSTREAM])
    owner = recipe.owner("default")
    assert answered == {owner}
    after = {address: journal_count(recipe, address, marker) for address in recipe.backends}
    assert after[owner] - before[owner] == 30
    assert after[recipe.other(owner)] == before[recipe.other(owner)]


def journal_count(recipe: Recipe, address: str, marker: str) -> int:
    """Requests of `default` on one process whose query held `marker` (asked of that process directly)."""
    answer = requests.get(f"{recipe.backend_url(address)}/__admin/requests", params={"vendor": "chatwoot"},
                          timeout=TIMEOUT)
    assert answer.status_code == 200
    return sum(entry["query"].get("q") == marker for entry in answer.json()["requests"])


def test_recipe__without_the_map_requests_without_the_header_go_round_robin(recipe: Recipe, tmp_path: Path) -> None:
    """What the doc says nginx does with an empty hash key, on the doc's configuration less its `map`."""
    port = distinct_free_ports(1)[0]
    config = nginx_config(substitute(start_block(), recipe.ports))
    config = config.replace("hash $ccsim_namespace consistent;", "hash $http_x_simulator_namespace consistent;")
    config = config.replace(f"listen 127.0.0.1:{recipe.ports[0]};", f"listen 127.0.0.1:{port};")
    (tmp_path / "nginx.conf").write_text(config, encoding="utf-8")
    assert NGINX is not None
    with (tmp_path / "nginx.log").open("wb") as log:
        process = subprocess.Popen([NGINX, "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c",
                                    str(tmp_path / "nginx.conf"), "-g", "daemon off;"], stdout=log, stderr=log,
                                   start_new_session=True)
    try:
        def exited() -> str:
            code = process.poll()
            return "" if code is None else f"exited with {code}"

        wait_for_health(f"http://{HOST}:{port}", exited,
                        lambda: (tmp_path / "error.log").read_text(errors="replace"), what="nginx without the map")
        answered = [requests.get(f"http://{HOST}:{port}/__admin/health", timeout=TIMEOUT).headers[UPSTREAM]
                    for _ in range(10)]
        assert sorted(set(answered)) == sorted(recipe.backends)
        keyed = {requests.get(f"http://{HOST}:{port}/__admin/health", headers={NAMESPACE: "default"},
                              timeout=TIMEOUT).headers[UPSTREAM] for _ in range(10)}
        assert keyed == {recipe.owner("default")}
    finally:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=TIMEOUT)


def test_recipe__journal_outbox_faults_clock_and_state_of_a_namespace_work_with_the_header(recipe: Recipe) -> None:
    receiver = Receiver()
    try:
        with Simulator(recipe.proxy, "scale-tools") as sim:
            frozen = sim.clock.freeze("2031-05-01T10:00:00Z")
            assert frozen.isoformat().startswith("2031-05-01T10:00:00") and sim.clock.frozen
            hook = requests.post(f"{recipe.proxy}{CHATWOOT}/webhooks", headers={**sim.headers, **TOKEN},
                                 json={"url": f"{receiver.url}/hook", "subscriptions": ["contact_created"]},
                                 timeout=TIMEOUT)
            assert hook.status_code == 200, hook.text
            contact = requests.post(f"{recipe.proxy}{CHATWOOT}/contacts", headers={**sim.headers, **TOKEN},
                                    json={"name": "Bo", "email": "bo@example.com"}, timeout=TIMEOUT)
            assert contact.status_code == 200
            assert contact.json()["payload"]["contact"]["created_at"] == int(frozen.timestamp())
            (delivery,) = sim.wait_for_outbox("chatwoot_webhook")
            assert delivery["state"] == "delivered"
            assert [r["json"]["event"] for r in receiver.requests] == ["contact_created"]
            sim.assert_requested("POST", f"{CHATWOOT}/contacts", count=1)
            sim.fault(vendor="chatwoot", path=f"{CHATWOOT}/contacts*", status=503, times=1)
            faulted = requests.get(f"{recipe.proxy}{CHATWOOT}/contacts", headers={**sim.headers, **TOKEN},
                                   timeout=TIMEOUT)
            assert faulted.status_code == 503 and faulted.json() == {"error": "Service Unavailable"}
            state = sim.export_state()
            with Simulator(recipe.proxy, "scale-tools-copy") as copy:
                copy.import_state(state)
                emails = requests.get(f"{recipe.proxy}{CHATWOOT}/contacts/search", params={"q": "bo@example.com"},
                                      headers={**copy.headers, **TOKEN}, timeout=TIMEOUT).json()["payload"]
                assert [c["email"] for c in emails] == ["bo@example.com"]
                assert copy.call("DELETE", "/__admin/namespaces/scale-tools-copy") == {"deleted": "scale-tools-copy"}
            owner = recipe.owner("scale-tools")
            assert "scale-tools" in recipe.namespaces(owner)
            assert sim.call("DELETE", "/__admin/namespaces/scale-tools") == {"deleted": "scale-tools"}
        assert not any({"scale-tools", "scale-tools-copy"} & set(recipe.namespaces(a)) for a in recipe.backends)
    finally:
        receiver.close()


def test_recipe__a_dropped_connection_is_a_502_and_the_namespace_stays_on_its_process(recipe: Recipe) -> None:
    with Simulator(recipe.proxy, "scale-drop") as sim:
        sim.fault(path=f"{CHATWOOT}/contacts", action="reset", times=3)
        owner = recipe.owner("scale-drop")
        for _ in range(3):
            dropped = requests.get(f"{recipe.proxy}{CHATWOOT}/contacts", headers={**sim.headers, **TOKEN},
                                   timeout=TIMEOUT)
            assert dropped.status_code == 502 and dropped.headers[UPSTREAM] == owner
            # max_fails=0: the process is not marked down, so the next request goes to it again
            after = requests.get(f"{recipe.proxy}{CHATWOOT}/inboxes", headers={**sim.headers, **TOKEN},
                                 timeout=TIMEOUT)
            assert after.status_code == 200 and after.headers[UPSTREAM] == owner
        assert len(sim.requests(path=f"{CHATWOOT}/contacts")) == 3  # each sent once: never again elsewhere
        sim.fault(path=f"{CHATWOOT}/labels", action="empty", times=1)
        closed = requests.get(f"{recipe.proxy}{CHATWOOT}/labels", headers={**sim.headers, **TOKEN}, timeout=TIMEOUT)
        assert closed.status_code == 502 and closed.headers[UPSTREAM] == owner
    assert "scale-drop" not in recipe.namespaces(recipe.other(owner))


def test_recipe__tokens_in_underscored_headers_the_host_and_large_bodies_pass_through(recipe: Recipe) -> None:
    inboxes = through(recipe, "GET", f"{CHATWOOT}/inboxes", "scale-proxy", headers=TOKEN)
    assert inboxes.status_code == 200, inboxes.text  # nginx drops api_access_token without underscores_in_headers
    (widget,) = [inbox for inbox in inboxes.json()["payload"] if inbox["web_widget_script"]]
    assert f'BASE_URL="{recipe.proxy}"' in widget["web_widget_script"]
    large = through(recipe, "POST", f"{CHATWOOT}/contacts", "scale-proxy",
                    headers={**TOKEN, "Content-Type": "application/json"},
                    data=b'{"name": "' + b"x" * 1_500_000 + b'"}')
    assert large.status_code == 413 and large.headers[UPSTREAM] == recipe.owner("scale-proxy")
    assert large.headers["Content-Type"].startswith("application/json")  # the simulator's answer, not nginx's page


# -- the control API's calls across namespaces -----------------------------------------------------------------------

def test_recipe__cross_namespace_admin_calls_act_on_the_process_of_default_only(recipe: Recipe) -> None:
    home = recipe.owner("default")
    other = recipe.other(home)
    (near,) = names_on(recipe, home, "scale-near", 1)
    (far,) = names_on(recipe, other, "scale-far", 1)
    for name in (near, far):
        assert through(recipe, "GET", "/__admin/clock", name).status_code == 200

    listed = through(recipe, "GET", "/__admin/namespaces")
    assert listed.headers[UPSTREAM] == home
    assert listed.json()["namespaces"] == recipe.namespaces(home)
    assert near in listed.json()["namespaces"] and far not in listed.json()["namespaces"]
    assert through(recipe, "GET", "/__admin/health").headers[UPSTREAM] == home
    assert through(recipe, "GET", "/__admin/version").headers[UPSTREAM] == home

    moved = through(recipe, "PUT", "/__admin/clock", params={"all": "true"}, json={"now": "2032-02-02T00:00:00Z"})
    assert moved.status_code == 200 and moved.headers[UPSTREAM] == home
    near_clock = through(recipe, "GET", "/__admin/clock", near).json()
    far_clock = through(recipe, "GET", "/__admin/clock", far).json()
    assert near_clock["frozen"] and near_clock["now"].startswith("2032-02-02T00:00:00")
    assert not far_clock["frozen"] and not far_clock["now"].startswith("2032")
    assert through(recipe, "DELETE", "/__admin/clock", params={"all": "true"}).status_code == 200
    assert not through(recipe, "GET", "/__admin/clock", near).json()["frozen"]

    assert through(recipe, "DELETE", f"/__admin/namespaces/{far}").status_code == 404  # reached default's process
    reset = through(recipe, "POST", "/__admin/reset", params={"all": "true"})
    assert reset.status_code == 200 and reset.headers[UPSTREAM] == home
    assert near not in recipe.namespaces(home)
    assert far in recipe.namespaces(other)
    assert through(recipe, "DELETE", f"/__admin/namespaces/{far}", far).json() == {"deleted": far}
    assert far not in recipe.namespaces(other)


def test_doc__the_blocks_for_each_process_reach_both(recipe: Recipe) -> None:
    names = {address: names_on(recipe, address, "scale-each", 2) for address in recipe.backends}
    for found in names.values():
        for name in found:
            assert through(recipe, "GET", "/__admin/clock", name).status_code == 200

    frozen = recipe.shell.run(substitute(block_with("PUT", "clock?all=true"), recipe.ports))
    assert_all_answered(frozen)
    for found in names.values():
        for name in found:
            clock = through(recipe, "GET", "/__admin/clock", name).json()
            assert clock["frozen"] and clock["now"].startswith("2030-01-01T00:00:00"), (name, clock)
    resumed = recipe.shell.run(substitute(block_with("DELETE", "clock?all=true"), recipe.ports))
    assert_all_answered(resumed)
    assert not any(through(recipe, "GET", "/__admin/clock", name).json()["frozen"]
                   for found in names.values() for name in found)

    status = recipe.shell.run(substitute(block_with("/__admin/health", "/__admin/namespaces"), recipe.ports))
    assert_all_answered(status)
    assert status.output.count('{"status":"ok"}') == 2
    for found in names.values():
        assert all(name in status.output for name in found)

    reset = recipe.shell.run(substitute(block_with("reset?all=true"), recipe.ports))
    assert_all_answered(reset)
    assert all(recipe.namespaces(address) == ["default"] for address in recipe.backends)


def test_doc__the_usage_block_runs_and_names_each_namespaces_process(recipe: Recipe) -> None:
    outcome = recipe.shell.run(substitute(block_with("X-Simulator-Namespace: team-a"), recipe.ports))
    assert_all_answered(outcome)
    shown = dict(re.findall(rf"^(\S+) {UPSTREAM}: (\S+)\r?$", outcome.output, re.MULTILINE | re.IGNORECASE))
    assert shown == {name: recipe.owner(name) for name in ("team-a", "team-b", "team-c", "default")}
    assert [address for address in recipe.backends if "team-a" in recipe.namespaces(address)] == [shown["team-a"]]


def test_doc__the_stop_block_stops_everything(recipe: Recipe) -> None:
    """Last in the module: the doc's stop block, after which nothing listens and the folder is gone."""
    pids = [int((recipe.directory / name).read_text().strip()) for name in ("nginx.pid", "ccsim-1.pid", "ccsim-2.pid")]
    outcome = recipe.shell.run(substitute(block_with("kill", "nginx.pid"), recipe.ports))
    recipe.stopped = True
    assert outcome.output.strip() == ""
    assert not recipe.directory.exists()
    for port in recipe.ports:
        with pytest.raises(ConnectionRefusedError), socket.create_connection((HOST, port), timeout=TIMEOUT):
            pass
    for pid in pids:  # `wait` in the block reaped them: the shell started them
        assert not Path(f"/proc/{pid}").exists(), pid
