"""`ccsim fixtures generate`: the seeded world written as JSON files per vendor and entity, and as one export."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from simulator.chatwoot import module as chatwoot
from simulator.config import Config
from simulator.core.serialize import to_jsonable
from simulator.core.storage import DEFAULT_NAMESPACE, Namespace, export_namespace
from simulator.robin import module as robin
from simulator.sinch_cmi import module as sinch_cmi

STATE_FILE = "state.json"
VENDORS = {"robin": robin.STATE, "sinch_cmi": sinch_cmi.STATE, "chatwoot": chatwoot.STATE}


def generate(config: Config, out: Path, vendor: str, *, state: bool = False) -> list[Path]:
    """The tables of `vendor` (or all) under `out`; with `state`, also the whole world as one export."""
    modules = list(VENDORS.values()) if vendor == "all" else [VENDORS[vendor]]
    with click.progressbar(length=2 + len(modules), label="seeding") as bar:
        namespace = Namespace.seeded(DEFAULT_NAMESPACE, config.seed, config, modules)
        bar.update(2)
        files: dict[Path, Any] = {
            out / "people.json": to_jsonable(namespace.pool.people),
            out / "agents.json": to_jsonable(namespace.pool.agents),
        }
        for module in modules:
            for entity, table in module.entities(namespace.state(module.name)).items():
                files[out / module.name / f"{entity}.json"] = table
            bar.update(1)
        if state:  # the whole world, as GET /__admin/state exports it (credentials included): for --state-file
            files[out / STATE_FILE] = export_namespace(namespace, modules)
    with click.progressbar(files.items(), label="writing", item_show_func=lambda i: i and i[0].name) as items:
        for path, table in items:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(table, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    return list(files)
