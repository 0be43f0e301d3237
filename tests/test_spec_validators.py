"""The committed specs pass two independent validators: openapi-spec-validator and Spectral (`.spectral.yaml`)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest
from openapi_spec_validator import validate

from tests.test_openapi import MOUNTS, OPENAPI_DIR

ROOT = OPENAPI_DIR.parent
# The command .ci/run runs, on the same files: warnings fail too.
SPECTRAL = ("npx", "--yes", "@stoplight/spectral-cli@6", "lint")
SPECTRAL_OPTIONS = ("--ruleset", ".spectral.yaml", "--fail-severity=warn")
SPECTRAL_TIMEOUT = 600  # the first run downloads the CLI; later runs take it from npm's cache


@pytest.mark.parametrize("name", sorted(MOUNTS))
def test_spec__passes_openapi_spec_validator(name: str) -> None:
    validate(json.loads((OPENAPI_DIR / f"{name}.json").read_text(encoding="utf-8")))


@pytest.mark.skipif(shutil.which("npx") is None, reason="npx (Node.js) is not installed: Spectral cannot run")
def test_specs__pass_spectral_without_warnings() -> None:
    specs = sorted(str(path.relative_to(ROOT)) for path in OPENAPI_DIR.glob("*.json"))
    result = subprocess.run(
        [*SPECTRAL, *specs, *SPECTRAL_OPTIONS], cwd=ROOT, capture_output=True, text=True, timeout=SPECTRAL_TIMEOUT,
        stdin=subprocess.DEVNULL, env={**os.environ, "npm_config_update_notifier": "false"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
