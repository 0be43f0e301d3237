"""Files the running simulator reads (canonical records, Swagger UI assets): a missing one is an install error."""

from __future__ import annotations

import json
from pathlib import Path

from swagger_ui_bundle import swagger_ui_path

from simulator.config import CANONICAL_DIR

CANONICAL_NAMES = ("people", "robin", "sinch_cmi")
SWAGGER_UI_DIR = Path(swagger_ui_path)
SWAGGER_UI_ASSETS = ("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "favicon-32x32.png")


class MissingResource(RuntimeError):
    """A file the simulator needs is absent: the install is incomplete or a setting points elsewhere."""


def load_canonical(canonical_dir: Path, name: str) -> dict:
    """Read the hand-written canonical records `<name>.json`; absent or unreadable is an error, never `{}`."""
    path = canonical_dir / f"{name}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise MissingResource(_missing(canonical_dir, [path.name])) from None
    except (OSError, ValueError) as exc:
        raise MissingResource(_unreadable(path, exc)) from None


def resource_problems(canonical_dir: Path) -> list[str]:
    """What is wrong with the files the simulator reads: absent canonical records or Swagger UI assets, and
    canonical records that are not JSON objects."""
    absent = [f"{name}.json" for name in CANONICAL_NAMES if not (canonical_dir / f"{name}.json").is_file()]
    problems = [_missing(canonical_dir, absent)] if absent else []
    for name in CANONICAL_NAMES:
        path = canonical_dir / f"{name}.json"
        if path.is_file():
            try:
                if not isinstance(json.loads(path.read_text(encoding="utf-8")), dict):
                    problems.append(f"canonical records {path} must hold a JSON object")
            except (OSError, ValueError) as exc:
                problems.append(_unreadable(path, exc))
    assets = [asset for asset in SWAGGER_UI_ASSETS if not (SWAGGER_UI_DIR / asset).is_file()]
    if assets:
        problems.append(f"Swagger UI assets missing in {SWAGGER_UI_DIR}: {', '.join(assets)}; "
                        "reinstall swagger-ui-bundle")
    return problems


def require_resources(canonical_dir: Path) -> None:
    """Raise MissingResource naming every problem, so a broken install fails at start, not mid-request."""
    problems = resource_problems(canonical_dir)
    if problems:
        raise MissingResource("; ".join(problems))


def _missing(canonical_dir: Path, names: list[str]) -> str:
    hint = ("reinstall contact-center-simulator" if canonical_dir == CANONICAL_DIR
            else "SIMULATOR_FIXTURES_DIR must name a folder holding " + ", ".join(f"{n}.json" for n in CANONICAL_NAMES))
    return f"canonical records missing in {canonical_dir}: {', '.join(names)}; {hint}"


def _unreadable(path: Path, exc: Exception) -> str:
    return f"canonical records {path} cannot be read: {exc}"
