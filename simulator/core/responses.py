"""Shared responses written out in each operation that refers to them, so each carries its own example."""

from __future__ import annotations

import copy
import json
from typing import Any

from simulator.core.spec_walk import operations

SHARED = "#/components/responses/"


def inline_responses(spec: dict[str, Any]) -> None:
    """Replace each operation's `$ref` to a component response with a copy of its own, then drop the
    component responses nothing refers to any more (smorest documents `alt_response(…, response="NOT_FOUND")`
    and webargs' validation failures as such references)."""
    shared: dict[str, Any] = spec.get("components", {}).get("responses", {})
    if not shared:
        return
    for _, _, operation in operations(spec):
        responses = operation.get("responses", {})
        for status, response in responses.items():
            name = response.get("$ref", "").removeprefix(SHARED)
            if name in shared:
                responses[status] = copy.deepcopy(shared[name])
    text = json.dumps(spec)
    for name in [name for name in shared if json.dumps(SHARED + name) not in text]:
        del shared[name]
    if not shared:
        del spec["components"]["responses"]
