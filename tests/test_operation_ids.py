"""operationIds and tags: every operation named, uniquely, by the documented rules (Chatwoot: the vendor's own)."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from simulator.core.operation_ids import OperationNamingError, name_operations

# The vendor's swagger table, copied here: tests run without anything outside the checkout.
VENDOR_TABLE = Path(__file__).resolve().parent / "data" / "chatwoot_operation_ids.json"
SPECS = ("robin", "robin-webshop", "sinch-cmi", "sinch-ecfs", "chatwoot", "admin")
CAMEL_CASE_SPECS = ("robin", "robin-webshop", "sinch-cmi", "sinch-ecfs", "admin")
METHODS = ("get", "put", "post", "delete", "patch")
# The rule for our own names (ARCHITECTURE.md, "OpenAPI operationIds and tags"): a CRUD verb or one of the few
# action verbs, then the noun in PascalCase.
CAMEL_CASE_NAME = re.compile(
    r"^(list|get|create|upsert|update|replace|delete|clear|register|show|advance|reset|seed|end)[A-Z][A-Za-z0-9]*$"
)
# The swagger's PATCH /portals names the real route, PATCH /portals/{portal_id}.
VENDOR_ALIASES = {("PATCH", "/api/v1/accounts/{account_id}/portals"):
                  ("PATCH", "/api/v1/accounts/{account_id}/portals/{portal_id}")}
# Vendor operations with no operation of their own here.
NOT_SEPARATE = {
    ("GET", "/api/v2/accounts/{account_id}/reports/conversations/"),  # the account-metrics route, `type=agent`
    ("GET", "/survey/responses/{conversation_uuid}"),  # the CSAT survey page is not simulated
}
Operation = tuple[str, str, dict[str, Any]]


@pytest.fixture(scope="module")
def vendor_operations() -> list[dict[str, str]]:
    operations: list[dict[str, str]] = json.loads(VENDOR_TABLE.read_text(encoding="utf-8"))["operations"]
    return operations


def operations(spec: dict[str, Any]) -> Iterator[Operation]:
    for path, item in spec["paths"].items():
        for method in METHODS:
            if method in item:
                yield method.upper(), path, item[method]


def route(method: str, path: str) -> tuple[str, str]:
    """An operation as the spec writes it, but for the swagger's trailing-slash slips (Rails routes either way).

    Parameter names count: generated clients take them as keyword arguments.
    """
    return method, path.rstrip("/")


def test_specs__the_rendered_specs_are_the_ones_checked(specs: dict[str, dict[str, Any]]) -> None:
    assert set(specs) == set(SPECS)


@pytest.mark.parametrize("name", SPECS)
def test_spec__every_operation_has_an_operation_id(specs: dict[str, dict[str, Any]], name: str) -> None:
    assert not [f"{method} {path}" for method, path, op in operations(specs[name]) if not op.get("operationId")]


@pytest.mark.parametrize("name", SPECS)
def test_spec__operation_ids_are_unique(specs: dict[str, dict[str, Any]], name: str) -> None:
    counts = Counter(op["operationId"] for _, _, op in operations(specs[name]))
    assert not [operation_id for operation_id, count in counts.items() if count > 1]


@pytest.mark.parametrize("name", CAMEL_CASE_SPECS)
def test_spec__our_names_follow_the_rule(specs: dict[str, dict[str, Any]], name: str) -> None:
    wrong = [op["operationId"] for _, _, op in operations(specs[name]) if not CAMEL_CASE_NAME.match(op["operationId"])]
    assert not wrong


def test_chatwoot__vendor_operations_keep_the_vendor_path_operation_id_and_tag(
    specs: dict[str, dict[str, Any]], vendor_operations: list[dict[str, str]]
) -> None:
    ours = {route(method, path): op for method, path, op in operations(specs["chatwoot"])}
    assert len(vendor_operations) == 115
    problems, separate = [], set()
    for row in vendor_operations:
        key = route(row["method"], row["path"])
        op = ours.get(VENDOR_ALIASES.get(key, key))
        if (row["method"], row["path"]) in NOT_SEPARATE:
            separate.add((row["method"], row["path"]))
            assert row["method"].lower() not in specs["chatwoot"]["paths"].get(row["path"], {})
        elif op is None:
            problems.append(f"{row['method']} {row['path']}: not in the spec")
        elif (op["operationId"], op["tags"]) != (row["operationId"], [row["tag"]]):
            problems.append(f"{row['method']} {row['path']}: {op['operationId']} {op['tags']}, vendor: "
                            f"{row['operationId']} [{row['tag']}]")
    assert not problems
    assert separate == NOT_SEPARATE


def test_chatwoot__other_verbs_are_named_after_the_vendor_operation(
    specs: dict[str, dict[str, Any]], vendor_operations: list[dict[str, str]]
) -> None:
    """The verb the swagger leaves out of an update route: the documented verb's name plus -put / -patch."""
    vendor = {VENDOR_ALIASES.get(key, key) for key in (route(r["method"], r["path"]) for r in vendor_operations)}
    spec = specs["chatwoot"]
    extra = [(method, path, op) for method, path, op in operations(spec) if (method, path) not in vendor]
    assert extra
    problems = []
    for method, path, op in extra:
        other = spec["paths"][path].get("patch" if method == "PUT" else "put")
        if other is None or ("PATCH" if method == "PUT" else "PUT", path) not in vendor:
            problems.append(f"{method} {path}: not the other verb of a vendor operation")
            continue
        base = other["operationId"]
        expected = f"{base}-{method.lower()}" if "-" in base else base + method.capitalize()
        if (op["operationId"], op["tags"]) != (expected, other["tags"]):
            problems.append(f"{method} {path}: {op['operationId']} {op['tags']}, expected {expected} {other['tags']}")
    assert not problems


def test_chatwoot__tag_objects_are_the_tags_in_use(specs: dict[str, dict[str, Any]]) -> None:
    spec = specs["chatwoot"]
    used = {tag for _, _, op in operations(spec) for tag in op["tags"]}
    tags = {tag["name"]: tag for tag in spec["tags"]}
    assert set(tags) == used
    assert "inbox identifier" in tags["Inbox API"]["description"]  # the public API's description carried over


def fake_spec() -> dict[str, Any]:
    return {
        "paths": {
            "/things": {"get": {"tags": ["old"]}, "post": {"tags": ["old"]}},
            "/things/{id}": {"parameters": [], "get": {"tags": ["other"]}},
        },
        "tags": [{"name": "old", "description": "Things"}, {"name": "other"}],
    }


def test_name_operations__sets_ids_and_tags_and_rebuilds_the_tag_objects() -> None:
    spec = fake_spec()
    name_operations(spec, {("GET", "/things"): ("listThings", "Things"), ("POST", "/things"): ("createThing", "Things"),
                           ("GET", "/things/{id}"): "getThing"})
    assert spec["paths"]["/things"]["get"] == {"tags": ["Things"], "operationId": "listThings"}
    assert spec["paths"]["/things/{id}"]["get"] == {"tags": ["other"], "operationId": "getThing"}
    assert spec["tags"] == [{"name": "Things", "description": "Things"}, {"name": "other"}]


def test_name_operations__without_tags_leaves_the_tags_alone() -> None:
    spec = fake_spec()
    name_operations(spec, NAMES)
    assert spec["tags"] == fake_spec()["tags"]


NAMES = {("GET", "/things"): "listThings", ("POST", "/things"): "createThing", ("GET", "/things/{id}"): "getThing"}


@pytest.mark.parametrize(
    ("names", "message"),
    [
        ({**NAMES, ("GET", "/things/{id}"): None}, "GET /things/{id}: no operationId"),
        ({**NAMES, ("GET", "/things"): "getThing"}, "'getThing' used 2 times"),
        ({**NAMES, ("DELETE", "/things/{id}"): "deleteThing"}, "DELETE /things/{id}: in the table, not in the spec"),
        ({**NAMES, ("GET", "/things/{thing_id}"): "getThing"}, "GET /things/{thing_id}: in the table, not in the spec"),
    ],
    ids=["unnamed", "duplicate", "unmatched", "other-parameter-name"],
)
def test_name_operations__raises_when_table_and_spec_disagree(names: dict[Any, Any], message: str) -> None:
    names = {key: name for key, name in names.items() if name is not None}
    with pytest.raises(OperationNamingError, match=re.escape(message)):
        name_operations(fake_spec(), names)
