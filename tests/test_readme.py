"""The README's shell examples, run in order as written against a server started by `make run`."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

import pytest

from benchmarks.readme_section import scale_out_recipe
from tests.test_server_smoke import HOST, Server, clean_environment, free_port, serving
from tests.test_wheel import CHECKOUT, NOT_SHIPPED

README = CHECKOUT / "README.md"
NOT_RUN = "<!-- readme-test: not run"
BLOCK_TIMEOUT = 600
# Wrapped around every block: strict bash, and curl recording the final status of each call with
# the script line it was called from, so that a non-2xx answer can be matched with the README text.
PRELUDE = """set -euo pipefail
curl() {
  local headers rc=0 status
  headers=$(mktemp)
  command curl -D "$headers" "$@" || rc=$?
  status=$(grep -a '^HTTP/' "$headers" | tail -n 1 | cut -d' ' -f2 || true)
  echo "${BASH_LINENO[0]} ${status:-000}" >> "$README_TEST_LOG"
  rm -f "$headers"
  return $rc
}
"""
SECTIONS_RUN = ("Quickstart", "Examples (ROBIN)", "Examples (Sinch CMI)", "Examples (Chatwoot)", "Using it in CI",
                "Contract testing")


@dataclass(frozen=True)
class Block:
    """One fenced `sh` block: its README section, first line (1-based, after the fence) and text."""

    section: str
    first_line: int
    text: str
    run: bool


def readme_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    lines = text.splitlines()
    section, index = "", 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("## "):
            section = line[3:].strip()
        if line.strip() == "```sh":
            end = lines.index("```", index + 1)
            previous = next((lines[i] for i in range(index - 1, -1, -1) if lines[i].strip()), "")
            blocks.append(Block(section, index + 2, "\n".join(lines[index + 1:end]) + "\n",
                                not previous.startswith(NOT_RUN)))
            index = end
        index += 1
    return blocks


def announced(block: Block, readme_line: int) -> set[str]:
    """Statuses named in `#` comments of the blank-line-separated group of commands holding the line."""
    lines = block.text.splitlines()
    at = readme_line - block.first_line
    start = at
    while start > 0 and lines[start - 1].strip():
        start -= 1
    end = at
    while end < len(lines) and lines[end].strip():
        end += 1
    comments = " ".join(m.group(1) for line in lines[start:end] if (m := re.search(r"(?:^|\s)#(.*)$", line)))
    return set(re.findall(r"\b[1-5]\d\d\b", comments))


@dataclass(frozen=True)
class Ports:
    server: int
    ci_server: int
    hook: int

    def substitute(self, text: str) -> str:
        """The README's fixed ports, mapped to free ones (each form must still be in the README)."""
        return (text.replace("127.0.0.1:8000", f"{HOST}:{self.server}")
                .replace("127.0.0.1:8001", f"{HOST}:{self.ci_server}")
                .replace("--port 8001", f"--port {self.ci_server}")
                .replace("127.0.0.1:9000", f"{HOST}:{self.hook}")
                .replace('("127.0.0.1", 9000)', f'("{HOST}", {self.hook})'))


def outside_make() -> dict[str, str]:
    environ = clean_environment()
    for name in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES"):
        environ.pop(name, None)
    return environ


@pytest.fixture(scope="module")
def make_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`make run PORT=<free port>` in the checkout, as the Quickstart says."""
    with serving(tmp_path_factory.mktemp("make-run"), lambda port: ["make", "--no-print-directory", "run",
                                                                   f"PORT={port}"],
                 cwd=CHECKOUT, environ=outside_make()) as server:
        yield server


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the checkout to run the examples in (they may write files), sharing its `.venv`."""
    copy = tmp_path_factory.mktemp("readme") / "checkout"
    shutil.copytree(CHECKOUT, copy, ignore=NOT_SHIPPED)
    (copy / ".venv").symlink_to(CHECKOUT / ".venv")
    return copy


@dataclass
class Outcome:
    block: Block
    returncode: int
    stdout: str
    stderr: str
    calls: list[tuple[int, str]]  # (README line, status)


def run_block(block: Block, ports: Ports, workdir: Path, log: Path) -> Outcome:
    script = PRELUDE + ports.substitute(block.text)
    offset = PRELUDE.count("\n")
    log.write_text("", encoding="utf-8")
    environ = {**outside_make(), "README_TEST_LOG": str(log)}
    process = subprocess.Popen(["bash", "-c", script], cwd=workdir, env=environ, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=BLOCK_TIMEOUT)
    finally:
        with suppress(ProcessLookupError):  # a background receiver or server the block left running
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    calls = []
    for entry in log.read_text(encoding="utf-8").splitlines():
        line, status = entry.split()
        calls.append((block.first_line + int(line) - offset - 1, status))
    return Outcome(block, process.returncode, stdout, stderr, calls)


@pytest.fixture(scope="module")
def outcomes(make_run: Server, workdir: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Outcome]:
    ports = Ports(make_run.port, free_port(), free_port())
    log = tmp_path_factory.mktemp("readme-log") / "calls.txt"
    return [run_block(block, ports, workdir, log) for block in readme_blocks(README.read_text(encoding="utf-8"))
            if block.run]


def test_readme__the_quickstart_and_every_example_section_is_run() -> None:
    blocks = readme_blocks(README.read_text(encoding="utf-8"))
    run = {b.section for b in blocks if b.run}
    assert all(any(section.startswith(name) for section in run) for name in SECTIONS_RUN), run
    skipped = [b for b in blocks if not b.run]
    recipe = [b.text for b in readme_blocks(scale_out_recipe())]  # run with nginx by tests/test_scale_out.py
    assert len(skipped) == 9 and len(recipe) == 7
    assert "make run" in skipped[0].text and "make test" in skipped[0].text
    assert [b.text for b in skipped[1:8]] == recipe
    assert "make image" in skipped[8].text  # run by tests/container in `make container-test`


def test_readme__the_fixed_ports_are_the_ones_substituted() -> None:
    text = README.read_text(encoding="utf-8")
    for form in ("127.0.0.1:8000", "127.0.0.1:8001", "--port 8001", "127.0.0.1:9000", '("127.0.0.1", 9000)'):
        assert form in text, form
    substituted = Ports(1, 2, 3).substitute(text)
    assert not re.search(r"\b(8000|8001|9000)\b", "\n".join(
        block.text for block in readme_blocks(substituted) if block.run))


def test_readme__every_block_completes(outcomes: list[Outcome]) -> None:
    for outcome in outcomes:
        assert outcome.returncode == 0, (f"{outcome.block.section} block at README line {outcome.block.first_line} "
                                         f"exited {outcome.returncode}:\n{outcome.stderr[-3000:]}")


def test_readme__every_call_answers_2xx_unless_the_text_announces_otherwise(outcomes: list[Outcome]) -> None:
    unexpected = []
    for outcome in outcomes:
        if "curl " in outcome.block.text:
            assert outcome.calls, f"no curl call recorded in the block at README line {outcome.block.first_line}"
        for line, status in outcome.calls:
            if status == "000" or status.startswith("2"):
                continue  # 000: no answer (a health poll before the server listens; curl's own exit status counts)
            if status not in announced(outcome.block, line):
                unexpected.append(f"README line {line}: {status}")
    assert not unexpected, unexpected


def test_readme__the_robin_webhook_reaches_the_example_receiver(outcomes: list[Outcome]) -> None:
    (robin,) = [o for o in outcomes if o.block.section == "Examples (ROBIN)"]
    assert "Hello Jane" in robin.stdout  # printed by the receiver the block starts
    assert '"state": "delivered"' in robin.stdout.replace('"state":"delivered"', '"state": "delivered"')


def test_readme__the_scheduled_sms_moves_with_the_clock(outcomes: list[Outcome]) -> None:
    (cmi,) = [o for o in outcomes if o.block.section == "Examples (Sinch CMI)" and "sendTime" in o.block.text]
    statuses = re.findall(r'"status": ?"(ADDED|PROCESSING|HANDLED)"', cmi.stdout)
    assert statuses == ["ADDED", "PROCESSING", "HANDLED"], cmi.stdout[-2000:]


def test_readme__the_ecf_session_logs_in_and_calls_with_the_cookie(outcomes: list[Outcome]) -> None:
    (session,) = [o for o in outcomes if o.block.section == "Examples (Sinch CMI)" and "ecfs/" in o.block.text]
    assert re.search(r'"username": ?"demo-restricted"', session.stdout), session.stdout[-2000:]
    assert "<contacts>" in session.stdout and re.search(r'"username": ?"demo-agent"', session.stdout)


def test_readme__the_plugin_example_passes_with_its_own_servers_and_against_make_run(
        outcomes: list[Outcome]) -> None:
    (plugin,) = [o for o in outcomes if "ccsim-tests" in o.block.text]
    assert re.findall(r"\b3 passed\b", plugin.stdout) == ["3 passed", "3 passed"], plugin.stdout[-3000:]


def test_readme__verify_passes_against_the_example_webshop(outcomes: list[Outcome]) -> None:
    (verify,) = [o for o in outcomes if "ccsim verify" in o.block.text]
    assert "PASS" in verify.stdout and "FAIL" not in verify.stdout


def test_announced__reads_the_comments_of_the_command_group() -> None:
    block = Block("x", 10, "# ok\ncurl a\n\n# only the owner (else 403)\ncurl b  # or 404\n", True)
    assert announced(block, 11) == set()
    assert announced(block, 14) == {"403", "404"}
