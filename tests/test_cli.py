"""The command line fails clearly: one line on stderr and a non-zero exit, before any banner."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.test_server_smoke import HOST, ccsim_command, clean_environment, free_port

ROOT = Path(__file__).resolve().parent.parent


def ccsim(*args: str, timeout: float = 30, **environment: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*ccsim_command(), *args], capture_output=True, text=True, timeout=timeout,
                          env=clean_environment(**environment), stdin=subprocess.DEVNULL)


def assert_one_clear_line(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert result.returncode != 0
    assert result.stdout == ""  # no banner, no URLs
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()  # one line: no usage text around it
    assert line.startswith("Error: ")
    for fragment in fragments:
        assert fragment in line, result.stderr


def test_python_m_simulator__is_the_ccsim_command() -> None:
    result = subprocess.run([sys.executable, "-m", "simulator", "--version"], capture_output=True, text=True,
                            timeout=30, cwd=ROOT, env=clean_environment())

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ccsim, version ")


def test_python_m_simulator__help_names_the_commands() -> None:
    result = subprocess.run([sys.executable, "-m", "simulator", "--help"], capture_output=True, text=True,
                            timeout=30, cwd=ROOT, env=clean_environment())

    assert result.returncode == 0
    assert "Usage: ccsim" in result.stdout
    for command in ("serve", "openapi", "fixtures", "verify"):
        assert command in result.stdout


@pytest.mark.parametrize("port", ["70000", "-1", "0"])
def test_serve__port_out_of_range_is_one_line_before_any_banner(port: str) -> None:
    assert_one_clear_line(ccsim("serve", "--port", port), "--port", "1<=x<=65535")


def test_serve__port_out_of_range_from_the_environment_is_one_line() -> None:
    assert_one_clear_line(ccsim("serve", SIMULATOR_PORT="70000"), "SIMULATOR_PORT=70000", "1 to 65535")


def test_serve__port_in_use_is_one_line_at_once_before_any_banner() -> None:
    with socket.socket() as taken:
        taken.bind((HOST, 0))
        taken.listen(1)
        port = taken.getsockname()[1]

        result = ccsim("serve", "--host", HOST, "--port", str(port), timeout=10)

    assert_one_clear_line(result, f"cannot listen on {HOST}:{port}", "in use")


def test_fixtures_generate__out_at_an_existing_file_is_one_line(tmp_path: Path) -> None:
    existing = tmp_path / "a-file"
    existing.write_text("x")

    assert_one_clear_line(ccsim("fixtures", "generate", "--out", str(existing)), "cannot write fixtures under",
                          "a file, not a folder")


def test_fixtures_generate__out_below_a_file_is_one_line(tmp_path: Path) -> None:
    existing = tmp_path / "a-file"
    existing.write_text("x")

    assert_one_clear_line(ccsim("fixtures", "generate", "--out", str(existing / "deeper")),
                          "cannot write fixtures under")


@pytest.mark.parametrize("args", [("serve", "--scale", "0"), ("serve", "--scale", "101"), ("serve", "--workers", "2"),
                                  ("serve", "--bogus"), ("fixtures", "generate")])
def test_usage_errors__are_one_line(args: tuple[str, ...]) -> None:
    result = ccsim(*args)
    assert_one_clear_line(result)
    assert result.returncode == 2


def test_bad_setting__is_one_line() -> None:
    assert_one_clear_line(ccsim("serve", SIMULATOR_BODY_TIMEOUT="nan"), "SIMULATOR_BODY_TIMEOUT")


def test_openapi_check__tells_missing_from_stale(tmp_path: Path) -> None:
    missing = ccsim("openapi", "check", "--dir", str(tmp_path))
    assert_one_clear_line(missing, "missing specs in", "robin", "ccsim openapi write")
    assert ccsim("openapi", "write", "--out", str(tmp_path)).returncode == 0
    (tmp_path / "admin.json").write_text("{}\n", encoding="utf-8")
    stale = ccsim("openapi", "check", "--dir", str(tmp_path))
    assert_one_clear_line(stale, "stale specs in", "admin")
    assert "missing" not in stale.stderr


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_run__honours_simulator_port_and_passes_options() -> None:
    def serve_line(*args: str, **environment: str) -> str:
        result = subprocess.run(["make", "-n", "run", *args], capture_output=True, text=True, cwd=ROOT,
                                env={**os.environ, **environment}, timeout=30)
        return next(line for line in result.stdout.splitlines() if "ccsim serve" in line)

    assert "--port" not in serve_line(SIMULATOR_PORT="8205")  # so SIMULATOR_PORT applies
    assert serve_line("PORT=8206").split()[-2:] == ["--port", "8206"]
    assert serve_line('ARGS=--no-rate-limits --seed 7').endswith("--no-rate-limits --seed 7")


def test_serve__banner_only_once_the_server_listens(tmp_path: Path) -> None:
    port = free_port()
    output = tmp_path / "out.txt"
    with output.open("w") as out:
        process = subprocess.Popen([*ccsim_command(), "serve", "--host", HOST, "--port", str(port)], stdout=out,
                                   stderr=subprocess.DEVNULL, env=clean_environment(), start_new_session=True)
    try:
        deadline = time.monotonic() + 15
        while "Swagger UI" not in output.read_text() and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.05)
        banner = output.read_text()
        with socket.create_connection((HOST, port), timeout=2):
            pass  # listening already when the banner appeared
    finally:
        process.terminate()
        process.wait(timeout=10)

    assert f"http://{HOST}:{port}/robin" in banner
