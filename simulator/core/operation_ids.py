"""Names every operation of a generated OpenAPI document from a table: its operationId and, optionally, its tag."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any

from simulator.core.spec_walk import operations

OperationKey = tuple[str, str]  # (METHOD, path as the spec writes it, relative to the mount)
OperationName = str | tuple[str, str]  # operationId, or (operationId, tag)
OperationNames = Mapping[OperationKey, OperationName]


class OperationNamingError(ValueError):
    """The table and the spec disagree: an unnamed operation, a duplicated name or a stale entry."""


def name_operations(spec: dict[str, Any], names: OperationNames) -> None:
    """Set every operation's operationId (and tag, where the table gives one); raise unless all line up."""
    problems: list[str] = []
    retagged: dict[str, set[str]] = {}  # new tag → the tags its operations had before
    seen: set[OperationKey] = set()
    for key, operation in _operations(spec):
        seen.add(key)
        name = names.get(key)
        if name is None:
            problems.append(f"{key[0]} {key[1]}: no operationId in the table")
            continue
        operation_id, tag = (name, None) if isinstance(name, str) else name
        operation["operationId"] = operation_id
        if tag is not None:
            retagged.setdefault(tag, set()).update(operation.get("tags", []))
            operation["tags"] = [tag]
    problems += [f"{method} {path}: in the table, not in the spec"
                 for method, path in names if (method, path) not in seen]
    counts = Counter(op["operationId"] for _, op in _operations(spec) if "operationId" in op)
    problems += [f"operationId {name!r} used {count} times" for name, count in sorted(counts.items()) if count > 1]
    if problems:
        raise OperationNamingError("operation names do not match the spec:\n  " + "\n  ".join(problems))
    if retagged:
        _rebuild_tags(spec, retagged)


def _operations(spec: dict[str, Any]) -> Iterator[tuple[OperationKey, dict[str, Any]]]:
    for method, path, operation in operations(spec):
        yield (method.upper(), path), operation


def _rebuild_tags(spec: dict[str, Any], retagged: dict[str, set[str]]) -> None:
    """Tag objects for the tags in use: a new tag keeps the description of the one tag it replaced."""
    used = {tag for _, operation in _operations(spec) for tag in operation.get("tags", [])}
    replaced = set().union(*retagged.values()) - used
    existing = {tag["name"]: tag for tag in spec.get("tags", [])}
    tags = [tag for name, tag in existing.items() if name not in replaced]
    for name, previous in retagged.items():
        if name in existing:
            continue
        tag: dict[str, Any] = {"name": name}
        description = existing.get(next(iter(previous)), {}).get("description") if len(previous) == 1 else None
        if description:
            tag["description"] = description
        tags.append(tag)
    spec["tags"] = sorted(tags, key=lambda tag: tag["name"])
