"""fix_nullable: no `nullable` without a `type`, and null still allowed where a field allows it."""

from __future__ import annotations

from typing import Any

from simulator.core.nullable import NULL, fix_nullable


def test_fix_nullable__drops_it_from_an_untyped_schema() -> None:
    spec: dict[str, Any] = {"components": {"schemas": {"Thing": {"properties": {"raw": {"nullable": True}}}}}}

    fix_nullable(spec)

    assert spec["components"]["schemas"]["Thing"]["properties"]["raw"] == {}


def test_fix_nullable__adds_null_to_the_alternatives() -> None:
    enum = {"nullable": True, "oneOf": [{"type": "string", "enum": ["a"]}, {"type": "integer", "enum": [0]}]}

    fix_nullable(enum)

    assert enum == {"oneOf": [{"type": "string", "enum": ["a"]}, {"type": "integer", "enum": [0]}, NULL]}


def test_fix_nullable__keeps_typed_schemas_data_and_names() -> None:
    typed = {"type": "string", "nullable": True}
    spec: dict[str, Any] = {
        "properties": {"typed": dict(typed), "example": {"nullable": False}},
        "example": {"nullable": True},
        "default": {"nullable": True},
    }

    fix_nullable(spec)

    assert spec == {"properties": {"typed": typed, "example": {}}, "example": {"nullable": True},
                    "default": {"nullable": True}}
