"""The built wheel, installed into a fresh virtual environment outside the checkout, behaves like the checkout."""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from tests.test_server_smoke import TIMEOUT, Server, ccsim_command, clean_environment, running_server

CHECKOUT = Path(__file__).resolve().parent.parent
NOT_SHIPPED = shutil.ignore_patterns(".venv", ".git", "__pycache__", "*.egg-info", "build", "dist", ".pytest_cache",
                                     ".ruff_cache", "fixtures-out")
INSTALL_TIMEOUT = 600
ROBIN = {"Authorization": "Basic ZGVtby1yb2Jpbi1rZXk6ZGVtby1yb2Jpbi1zZWNyZXQ="}  # demo-robin-key:demo-robin-secret
WEBSHOP = ("demo-webshop-key", "demo-webshop-secret")
CMI = ("demo-agent", "demo-password")
CANONICAL_EMAIL = "50753BBE49774211AC8286DBCBE17741"


@dataclass(frozen=True)
class Install:
    """A virtual environment holding only the wheel and its dependencies, and a working folder outside the checkout."""

    venv: Path
    workdir: Path
    environ: dict[str, str]

    def command(self, name: str) -> list[str]:
        return [str(self.venv / "bin" / name)]

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(list(args), cwd=self.workdir, env=self.environ, capture_output=True, text=True,
                              timeout=INSTALL_TIMEOUT, check=False)


def checked(process: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert process.returncode == 0, f"{process.args} exited {process.returncode}:\n{process.stdout}\n{process.stderr}"
    return process


def build_wheel(root: Path) -> Path:
    """Build from a copy of the source tree, so the checkout gets no build/ or dist/ of its own."""
    source = root / "source"
    shutil.copytree(CHECKOUT, source, ignore=NOT_SHIPPED)
    checked(subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--disable-pip-version-check",
                            "--wheel-dir", str(root / "dist"), str(source)], capture_output=True, text=True,
                           timeout=INSTALL_TIMEOUT, check=False))
    (wheel,) = (root / "dist").glob("contact_center_simulator-*.whl")
    return wheel


def outside_environment(venv: Path) -> dict[str, str]:
    environ = clean_environment()
    for name in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP"):
        environ.pop(name, None)
    environ["PATH"] = f"{venv / 'bin'}{os.pathsep}{environ.get('PATH', '')}"
    return environ


@pytest.fixture(scope="module")
def install(tmp_path_factory: pytest.TempPathFactory) -> Install:
    root = tmp_path_factory.mktemp("wheel")
    wheel = build_wheel(root)
    venv = root / "venv"
    checked(subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True, text=True,
                           timeout=INSTALL_TIMEOUT, check=False))
    workdir = root / "work"
    workdir.mkdir()
    installed = Install(venv, workdir, outside_environment(venv))
    checked(installed.run(str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
                          "--disable-pip-version-check", str(wheel)))
    return installed


@pytest.fixture(scope="module")
def server(install: Install, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_server(tmp_path_factory.mktemp("wheel-server"), command=install.command("ccsim"),
                        cwd=install.workdir, environ=install.environ) as started:
        yield started


def test_wheel__the_installed_package_is_not_the_checkout(install: Install) -> None:
    found = checked(install.run(str(install.venv / "bin" / "python"), "-c",
                                "import simulator; print(simulator.__file__)")).stdout.strip()
    assert Path(found).is_relative_to(install.venv), found
    assert not Path(found).is_relative_to(CHECKOUT)


def test_wheel__python_m_simulator_runs_the_command(install: Install) -> None:
    out = checked(install.run(str(install.venv / "bin" / "python"), "-m", "simulator", "--version")).stdout
    assert out.startswith("ccsim, version")


def test_wheel__robin_has_the_canonical_customers_conversations(server: Server) -> None:
    answer = requests.post(f"{server.url}/robin/conversations", json={"emailAddress": "email@address.com"},
                           headers=ROBIN, timeout=TIMEOUT)
    assert answer.status_code == 200, answer.text
    assert answer.json()["conversations"], "no conversations of the canonical customer"


def test_wheel__webshop_knows_its_canonical_customer(server: Server) -> None:
    answer = requests.get(f"{server.url}/robin/webshop/customers", params={"email": "email@address.com"},
                          auth=WEBSHOP, timeout=TIMEOUT)
    assert answer.status_code == 200, answer.text
    assert "John" in answer.text and "Doe" in answer.text


def test_wheel__cmi_has_the_documented_email(server: Server) -> None:
    answer = requests.get(f"{server.url}/sinch/cmi/emails/{CANONICAL_EMAIL}", auth=CMI,
                          headers={"Accept": "application/json"}, timeout=TIMEOUT)
    assert answer.status_code == 200, answer.text
    assert answer.json()["id"] == CANONICAL_EMAIL


def test_wheel__swagger_ui_and_its_assets(server: Server) -> None:
    names = sorted(path.stem for path in (CHECKOUT / "openapi").glob("*.json"))
    landing = requests.get(f"{server.url}/docs", timeout=TIMEOUT)
    assert landing.status_code == 200 and all(f"/docs/{name}" in landing.text for name in names)
    for name in names:
        page = requests.get(f"{server.url}/docs/{name}", timeout=TIMEOUT)
        assert page.status_code == 200 and f"/openapi/{name}.json" in page.text
    for asset, kind in (("swagger-ui.css", "text/css"), ("swagger-ui-bundle.js", "javascript"),
                        ("swagger-ui-standalone-preset.js", "javascript")):
        answer = requests.get(f"{server.url}/docs/assets/{asset}", timeout=TIMEOUT)
        assert answer.status_code == 200 and kind in answer.headers["Content-Type"] and len(answer.content) > 1000


def test_wheel__serves_every_committed_spec(server: Server) -> None:
    committed = sorted((CHECKOUT / "openapi").glob("*.json"))
    assert committed
    for path in committed:
        answer = requests.get(f"{server.url}/openapi/{path.name}", timeout=TIMEOUT)
        assert answer.status_code == 200, path.name
        assert answer.json() == json.loads(path.read_text(encoding="utf-8")), f"{path.name} differs"


def test_wheel__fixtures_generate_matches_the_checkout(install: Install, tmp_path: Path) -> None:
    ours, theirs = tmp_path / "checkout", tmp_path / "wheel"
    checked(subprocess.run([*ccsim_command(), "fixtures", "generate", "--out", str(ours)], env=clean_environment(),
                           capture_output=True, text=True, timeout=INSTALL_TIMEOUT, check=False))
    checked(install.run(*install.command("ccsim"), "fixtures", "generate", "--out", str(theirs)))
    assert_same_tree(ours, theirs)


def test_wheel__openapi_write_defaults_to_the_working_directory(install: Install) -> None:
    checked(install.run(*install.command("ccsim"), "openapi", "write"))
    written = install.workdir / "openapi"
    assert_same_tree(CHECKOUT / "openapi", written)
    assert not list((install.venv / "lib").glob("python*/site-packages/openapi"))


def assert_same_tree(expected: Path, actual: Path) -> None:
    names = sorted(p.relative_to(expected).as_posix() for p in expected.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(actual).as_posix() for p in actual.rglob("*") if p.is_file())
    assert len(names) > 3
    _, mismatch, errors = filecmp.cmpfiles(expected, actual, names, shallow=False)
    assert not mismatch and not errors, f"differ: {mismatch}, unreadable: {errors}"
