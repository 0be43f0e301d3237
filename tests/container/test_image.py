"""The container image (Containerfile, `make image`) built and run for real with podman.

No image registry is reachable, so the base is made here: `debootstrap --variant=minbase` of Debian bookworm (with
python3, its venv module and pip) from the machine's Debian mirror, imported as localhost/ccsim-base. The build gets
no network (`--network none`): the wheelhouse built on the host is all it installs from. The container then runs
with a state volume on a free port given by SIMULATOR_PORT; it must be healthy (its HEALTHCHECK too), run as a
non-root user, serve each vendor's canonical records and stop cleanly on SIGTERM.

podman keeps everything of this run (images, containers, volumes, locks) in a temporary folder, removed at the end:
CONTAINERS_STORAGE_CONF and CONTAINERS_CONF point at files written there, nothing global is touched. The storage
driver is overlay, or vfs where overlay cannot work (a temporary folder on overlayfs, as in some CI containers);
CCSIM_CONTAINER_STORAGE_DRIVER forces one. Takes a minute or more (debootstrap, the build): marked `container`, run by
`make container-test`, never by `make test`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.test_server_smoke import free_port, wait_for_health

CHECKOUT = Path(__file__).resolve().parents[2]
TOOLS = ("podman", "runc", "debootstrap", "make")
MISSING = [tool for tool in TOOLS if shutil.which(tool) is None]
if os.geteuid() != 0:
    MISSING.append("root (debootstrap)")

pytestmark = [
    pytest.mark.container,
    pytest.mark.skipif(bool(MISSING), reason=f"container test needs {', '.join(MISSING)}"),
]

SUITE = "bookworm"
BASE = "localhost/ccsim-base"
IMAGE = "localhost/ccsim"
STATE_DIR = "/var/lib/ccsim"
RUN_OPTIONS = ("--runtime", "runc", "--network", "host")  # what podman can run with on these machines
BUILD_ARGS = "--runtime runc --network none"  # and the build has no network at all: the wheelhouse must do
# These machines' podman runs containers only without its default ulimits.
CONTAINERS_CONF = """[containers]
default_ulimits = []

[engine]
tmp_dir = "{root}/libpod"
"""
STORAGE_CONF = """[storage]
driver = "{driver}"
graphroot = "{root}/storage"
runroot = "{root}/run"
"""
SLOW = 1800  # seconds for debootstrap, make image
QUICK = 120  # seconds for any other podman command
START_TIMEOUT = 60.0
STOP_SECONDS = 10.0  # `podman stop --time 10`: SIGKILL after that (the saves began at SIGTERM already)
TIMEOUT = 10.0
ROBIN = ("demo-robin-key", "demo-robin-secret")
CMI = ("demo-agent", "demo-password")
KEPT = {"X-Simulator-Namespace": "kept"}  # a namespace written before the stop and read after it
CHATWOOT = {"api_access_token": "demo-chatwoot-admin-token"}
CANONICAL_CUSTOMER = "email@address.com"
CANONICAL_EMAIL = "50753BBE49774211AC8286DBCBE17741"  # simulator/canonical/sinch_cmi.json


def debian_mirror() -> str:
    """The Debian archive this machine's apt uses (deb822 or one-line sources), not its security archive."""
    if os.environ.get("CCSIM_DEBIAN_MIRROR"):
        return os.environ["CCSIM_DEBIAN_MIRROR"]
    sources = [Path("/etc/apt/sources.list"), *sorted(Path("/etc/apt/sources.list.d").glob("*"))]
    for source in sources:
        if not source.is_file():
            continue
        text = source.read_text(encoding="utf-8", errors="replace")
        candidates = [match.group(1) for match in re.finditer(r"^\s*deb\s+(?:\[[^]]*\]\s+)?(\S+)\s+(\S+)", text, re.M)
                      if "-" not in match.group(2)]
        for stanza in re.split(r"\n\s*\n", text):
            fields = dict(re.findall(r"^(\w[\w-]*):[ \t]*(.*)$", stanza, re.M))
            suites = fields.get("Suites", "").split()
            if "deb" in fields.get("Types", "").split() and any("-" not in suite for suite in suites):
                candidates += fields.get("URIs", "").split()
        for uri in candidates:
            if re.search(r"/debian/?$", uri):
                return uri
    return "http://deb.debian.org/debian"


@dataclass
class Podman:
    """podman with this run's own storage and configuration."""

    root: Path
    environ: dict[str, str]

    def run(self, *args: str, timeout: float = QUICK, check: bool = True) -> subprocess.CompletedProcess[str]:
        return run(["podman", *args], env=self.environ, timeout=timeout, check=check)

    def inspect(self, name: str) -> dict[str, Any]:
        (found,) = json.loads(self.run("inspect", name).stdout)
        return found  # type: ignore[no-any-return]


def run(argv: list[str], *, env: dict[str, str], timeout: float, check: bool = True, cwd: Path | None = None,
        ) -> subprocess.CompletedProcess[str]:
    process = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False)
    if check:
        assert process.returncode == 0, f"{argv} exited {process.returncode}:\n{process.stdout}\n{process.stderr}"
    return process


def unmount_under(root: Path) -> None:
    """Whatever a failed debootstrap or podman left mounted below root, deepest first, so rmtree stays inside."""
    prefix = str(root.resolve()) + "/"
    mounts = [line.split()[4] for line in Path("/proc/self/mountinfo").read_text().splitlines()]
    for point in sorted((m for m in mounts if m.startswith(prefix)), key=len, reverse=True):
        subprocess.run(["umount", "-l", point], capture_output=True, check=False)


def storage_driver(root: Path, environ: dict[str, str]) -> str:
    """overlay where podman can use it in root (not on overlayfs), else vfs (slower: a full copy per layer)."""
    forced = os.environ.get("CCSIM_CONTAINER_STORAGE_DRIVER")
    for driver in ([forced] if forced else ["overlay", "vfs"]):
        (root / "storage.conf").write_text(STORAGE_CONF.format(driver=driver, root=root), encoding="utf-8")
        probe = run(["podman", "info", "--format", "{{.Store.GraphDriverName}}"], env=environ, timeout=QUICK,
                    check=False)
        if probe.returncode == 0 and probe.stdout.strip() == driver:
            return driver
        shutil.rmtree(root / "storage", ignore_errors=True)
        shutil.rmtree(root / "run", ignore_errors=True)
    pytest.fail(f"no podman storage driver works in {root}:\n{probe.stderr}")


@pytest.fixture(scope="module")
def podman() -> Iterator[Podman]:
    root = Path(tempfile.mkdtemp(prefix="ccsim-container-"))
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("SIMULATOR_", "CONTAINERS_"))}
    environ |= {"CONTAINERS_CONF": str(root / "containers.conf"),
                "CONTAINERS_STORAGE_CONF": str(root / "storage.conf")}
    try:
        (root / "containers.conf").write_text(CONTAINERS_CONF.format(root=root), encoding="utf-8")
        storage_driver(root, environ)
        yield Podman(root, environ)
    finally:
        unmount_under(root)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def base(podman: Podman) -> str:
    """Debian bookworm minbase with python3, python3-venv and python3-pip; the version of its Python."""
    rootfs = podman.root / "rootfs"
    run(["debootstrap", "--variant=minbase", "--include=python3,python3-venv,python3-pip", SUITE, str(rootfs),
         debian_mirror()], env=podman.environ, timeout=SLOW)
    unmount_under(rootfs)
    tar = subprocess.Popen(["tar", "-C", str(rootfs), "-c", "."], stdout=subprocess.PIPE)
    imported = subprocess.run(["podman", "import", "-", BASE], stdin=tar.stdout, env=podman.environ,
                              capture_output=True, text=True, timeout=SLOW, check=False)
    assert tar.stdout is not None
    tar.stdout.close()
    assert tar.wait(timeout=QUICK) == 0 and imported.returncode == 0, imported.stderr
    shutil.rmtree(rootfs)  # in the image now
    return podman.run("run", "--rm", *RUN_OPTIONS, BASE, "python3", "-c",
                      "import sys; print('%d.%d' % sys.version_info[:2])").stdout.strip()


@pytest.fixture(scope="module")
def image(podman: Podman, base: str) -> str:
    """`make image` on that base: its wheelhouse gets the binary wheels of the base's Python."""
    run(["make", "--no-print-directory", "image", f"IMAGE={IMAGE}", f"BASE={BASE}", f"IMAGE_PYTHON={base}",
         f"BUILD_ARGS={BUILD_ARGS}"], env=podman.environ, cwd=CHECKOUT, timeout=SLOW)
    return IMAGE


@dataclass
class Container:
    name: str
    url: str
    podman: Podman

    def logs(self) -> str:
        found = self.podman.run("logs", self.name, check=False)
        return found.stdout + found.stderr


@pytest.fixture(scope="module")
def container(podman: Podman, image: str) -> Iterator[Container]:
    name, volume, port = f"ccsim-test-{os.getpid()}", f"ccsim-state-{os.getpid()}", free_port()
    try:
        podman.run("run", "--detach", "--name", name, *RUN_OPTIONS, "--env", f"SIMULATOR_PORT={port}",
                   "--env", "SIMULATOR_RATE_LIMITS=off", "--volume", f"{volume}:{STATE_DIR}", image)
        started = Container(name, f"http://127.0.0.1:{port}", podman)
        wait_until_healthy(started)
        yield started
    finally:
        podman.run("rm", "--force", "--time", "0", name, check=False)
        podman.run("volume", "rm", "--force", volume, check=False)


def wait_until_healthy(container: Container) -> None:
    def exited() -> str:
        state = container.podman.inspect(container.name)["State"]
        return "" if state["Running"] else f"exited with {state['ExitCode']}"

    wait_for_health(container.url, exited, container.logs, "the container", START_TIMEOUT)


def test_image__healthcheck_is_configured_and_passes(container: Container) -> None:
    configured = container.podman.inspect(container.name)["Config"]["Healthcheck"]
    assert configured["Test"][0] == "CMD" and "/__admin/health" in configured["Test"][-1], configured
    assert "SIMULATOR_PORT" in configured["Test"][-1]
    # podman schedules health checks with systemd timers (none here): run the configured command once.
    checked = container.podman.run("healthcheck", "run", container.name, check=False)
    assert checked.returncode == 0, f"health check failed:\n{checked.stdout}\n{checked.stderr}\n{container.logs()}"


def test_image__settings_come_from_the_environment(container: Container) -> None:
    banner = container.logs()
    port = container.url.rsplit(":", 1)[1]
    assert re.search(rf"Control API +http://0\.0\.0\.0:{port}/__admin", banner), banner  # --host, SIMULATOR_PORT
    assert "rate limits off" in banner, banner


def test_image__runs_as_a_non_root_user(container: Container) -> None:
    assert container.podman.run("exec", container.name, "id", "-u").stdout.strip() != "0"
    status = container.podman.run("exec", container.name, "cat", "/proc/1/status").stdout
    (uids,) = re.findall(r"^Uid:\s+(.*)$", status, re.M)
    assert "0" not in uids.split(), f"PID 1 runs with uids {uids}"
    assert re.search(r"^Name:\s+ccsim$", status, re.M), status  # PID 1 is ccsim (exec form): SIGTERM reaches it


def test_image__state_dir_is_a_volume_the_user_can_write(container: Container) -> None:
    found = container.podman.inspect(container.name)
    assert f"SIMULATOR_STATE_DIR={STATE_DIR}" in found["Config"]["Env"]
    assert STATE_DIR in [mount["Destination"] for mount in found["Mounts"]]
    container.podman.run("exec", container.name, "python3", "-c",
                         f"import pathlib; p = pathlib.Path('{STATE_DIR}/probe'); p.write_text('ok'); p.unlink()")


def test_image__robin_lists_the_canonical_customers_conversations(container: Container) -> None:
    answer = requests.post(f"{container.url}/robin/conversations", json={"emailAddress": CANONICAL_CUSTOMER},
                           auth=ROBIN, timeout=TIMEOUT)
    assert answer.status_code == 200, answer.text
    assert answer.json()["conversations"], "no conversations of the canonical customer"


def test_image__cmi_has_the_canonical_email(container: Container) -> None:
    answer = requests.get(f"{container.url}/sinch/cmi/emails/{CANONICAL_EMAIL}", auth=CMI,
                          headers={"Accept": "application/json"}, timeout=TIMEOUT)
    assert answer.status_code == 200, answer.text
    assert answer.json()["id"] == CANONICAL_EMAIL


def test_image__chatwoot_lists_conversations_of_the_canonical_customer(container: Container) -> None:
    answer = requests.get(f"{container.url}/chatwoot/api/v1/accounts/1/conversations", params={"status": "all"},
                          headers=CHATWOOT, timeout=TIMEOUT)
    assert answer.status_code == 200, answer.text
    conversations = answer.json()["data"]["payload"]
    assert CANONICAL_CUSTOMER in [c["meta"]["sender"].get("email") for c in conversations], conversations


def test_image__stops_cleanly_on_sigterm(container: Container) -> None:
    """Last but one: `podman stop` sends SIGTERM to PID 1 (ccsim); gunicorn stops its worker and exits 0."""
    added = requests.post(f"{container.url}/chatwoot/api/v1/accounts/1/contacts", headers={**CHATWOOT, **KEPT},
                          json={"name": "Kept Across Restarts", "email": "kept@example.com"}, timeout=TIMEOUT)
    assert added.status_code == 200, added.text
    began = time.monotonic()
    container.podman.run("stop", "--time", "10", container.name)
    took = time.monotonic() - began
    state = container.podman.inspect(container.name)["State"]
    assert state["ExitCode"] == 0, f"exit code {state['ExitCode']}:\n{container.logs()}"
    assert took < STOP_SECONDS, f"stopping took {took:.1f} s: SIGKILLed?"


def test_image__a_new_container_on_the_volume_restores_the_namespaces(podman: Podman, image: str,
                                                                      container: Container) -> None:
    """Last: the clean stop above saved the namespace in the volume; a new container starts from it."""
    volume = next(mount["Name"] for mount in podman.inspect(container.name)["Mounts"]
                  if mount["Destination"] == STATE_DIR)
    name, port = f"{container.name}-again", free_port()
    try:
        podman.run("run", "--detach", "--name", name, *RUN_OPTIONS, "--env", f"SIMULATOR_PORT={port}",
                   "--volume", f"{volume}:{STATE_DIR}", image)
        again = Container(name, f"http://127.0.0.1:{port}", podman)
        wait_until_healthy(again)
        found = requests.get(f"{again.url}/chatwoot/api/v1/accounts/1/contacts/search", params={"q": "kept"},
                             headers={**CHATWOOT, **KEPT}, timeout=TIMEOUT)
        assert found.status_code == 200, found.text
        assert [c["name"] for c in found.json()["payload"]] == ["Kept Across Restarts"], again.logs()
    finally:
        podman.run("rm", "--force", "--time", "0", name, check=False)
