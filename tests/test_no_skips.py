"""CCSIM_NO_SKIPS=1 (as .ci/run sets it): a test skipped for a missing tool fails instead."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import NO_SKIPS

CHECKOUT = Path(__file__).resolve().parent.parent
SKIPPED = '''import pytest

pytestmark = pytest.mark.skipif(True, reason="a tool is missing")


def test_needs_the_tool() -> None:
    raise AssertionError("ran without the tool")
'''


def run(tmp_path: Path, **environment: str) -> str:
    (tmp_path / "test_tool.py").write_text(SKIPPED, encoding="utf-8")
    environ = {k: v for k, v in os.environ.items() if k != NO_SKIPS} | environment
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "tests.conftest", "-p", "no:cacheprovider",
                             str(tmp_path / "test_tool.py")], capture_output=True, text=True, cwd=CHECKOUT,
                            env=environ, timeout=120, check=False)
    return result.stdout.strip().splitlines()[-1]


def test_without_the_switch__a_missing_tool_skips(tmp_path: Path) -> None:
    assert "1 skipped" in run(tmp_path)


def test_with_the_switch__a_missing_tool_fails(tmp_path: Path) -> None:
    assert "1 failed" in run(tmp_path, **{NO_SKIPS: "1"})


def test_ci_sets_the_switch() -> None:
    assert f"export {NO_SKIPS}=1" in (CHECKOUT / ".ci" / "run").read_text(encoding="utf-8")
