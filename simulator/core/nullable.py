"""OpenAPI 3.0 `nullable` only where it means something: beside a `type`, or as a null alternative."""

from __future__ import annotations

from typing import Any

# The only value this schema admits is null (OpenAPI 3.0.3: with `nullable`, an enum must list null itself).
NULL = {"type": "string", "nullable": True, "enum": [None]}
COMPOSITIONS = ("oneOf", "anyOf")
VALUES = frozenset({"example", "examples", "default", "enum"})  # data, not schemas: left as they are
NAMED = frozenset({"properties", "schemas", "responses", "paths"})  # maps whose keys are names, not keywords


def fix_nullable(node: Any, *, named: bool = False) -> None:
    """Rewrite every schema in `node` that has `nullable` but no `type` (a `nullable` OpenAPI 3.0 ignores).

    A schema without `type` admits null already, so its `nullable` goes. One made of alternatives
    (`oneOf`, `anyOf`: marshmallow's `allow_none` beside a field's own composition) gets null as one
    more alternative instead, which keeps null allowed, as the field allows it.
    """
    if isinstance(node, list):
        for item in node:
            fix_nullable(item)
        return
    if not isinstance(node, dict):
        return
    if not named and isinstance(node.get("nullable"), bool) and "type" not in node:
        nullable = node.pop("nullable")
        composition = next((key for key in COMPOSITIONS if key in node), None)
        if nullable and composition is not None:
            node[composition] = [*node[composition], dict(NULL)]
    for key, value in node.items():
        if named or key not in VALUES:
            fix_nullable(value, named=not named and key in NAMED)
