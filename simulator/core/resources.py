"""Files the running simulator reads (canonical records, Swagger UI assets): a missing one is an install error."""

from __future__ import annotations

import json
from pathlib import Path

from swagger_ui_bundle import swagger_ui_path

from simulator.config import CANONICAL_DIR

CANONICAL_NAMES = ("people", "robin", "sinch_cmi")
SWAGGER_UI_DIR = Path(swagger_ui_path)
SWAGGER_UI_ASSETS = ("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js")


class MissingResource(RuntimeError):
    """A file the simulator needs is absent: the install is incomplete or a setting points elsewhere."""


def load_canonical(canonical_dir: Path, name: str) -> dict:
    """Read the hand-written canonical records `<name>.json`; absent or unreadable is an error, never `{}`."""
    path = canonical_dir / f"{name}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise MissingResource(_explain(path)) from None
    except (OSError, ValueError) as exc:
        raise MissingResource(f"canonical records {path} cannot be read: {exc}") from None


def missing_resources(canonical_dir: Path) -> list[Path]:
    """Every required file that is not there."""
    wanted = [canonical_dir / f"{name}.json" for name in CANONICAL_NAMES]
    wanted += [SWAGGER_UI_DIR / asset for asset in SWAGGER_UI_ASSETS]
    return [path for path in wanted if not path.is_file()]


def require_resources(canonical_dir: Path) -> None:
    """Raise MissingResource naming every absent file, so a broken install fails at start, not mid-request."""
    missing = missing_resources(canonical_dir)
    if missing:
        raise MissingResource("; ".join(_explain(path) for path in missing))


def _explain(path: Path) -> str:
    if path.parent == SWAGGER_UI_DIR:
        return f"Swagger UI asset {path} is missing: reinstall swagger-ui-bundle"
    hint = ("reinstall contact-center-simulator" if path.parent == CANONICAL_DIR
            else "SIMULATOR_FIXTURES_DIR must name a folder holding people.json, robin.json and sinch_cmi.json")
    return f"canonical records {path} are missing: {hint}"
