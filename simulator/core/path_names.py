"""Publishes a generated OpenAPI document's paths under other templates, their path parameters renamed to match."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any

from simulator.core.spec_walk import HTTP_METHODS

PathNames = Mapping[str, str]  # path as the spec writes it → the same route with other parameter names

_PARAMETER = re.compile(r"\{([^}]+)\}")


class PathNamingError(ValueError):
    """A rename that is not one: an unknown path, another route, an undeclared parameter or a collision."""


def rename_paths(spec: dict[str, Any], names: PathNames) -> None:
    """Rename path keys and the `name` of their `in: path` parameters; raise, changing nothing, unless all line up."""
    paths: dict[str, Any] = spec.get("paths", {})
    problems: list[str] = []
    renames: dict[str, dict[str, str]] = {}  # path → {parameter name: new name}
    for old, new in names.items():
        if old not in paths:
            problems.append(f"{old}: in the table, not in the spec")
        elif _PARAMETER.sub("{}", old) != _PARAMETER.sub("{}", new):
            problems.append(f"{old} → {new}: not the same route")
        elif len(set(_PARAMETER.findall(new))) != len(_PARAMETER.findall(new)):
            problems.append(f"{new}: a parameter name used twice")
        else:
            pairs = zip(_PARAMETER.findall(old), _PARAMETER.findall(new), strict=True)  # same route: same count
            renames[old] = {name: new_name for name, new_name in pairs if name != new_name}
            declared = {parameter["name"] for parameter in _path_parameters(paths[old])}
            problems += [f"{old}: no `in: path` parameter {name!r}" for name in renames[old] if name not in declared]
    published = Counter(names.get(path, path) for path in paths)
    problems += [f"{path}: published by {count} paths" for path, count in published.items() if count > 1]
    if problems:
        raise PathNamingError("path names do not match the spec:\n  " + "\n  ".join(problems))
    for path, parameters in renames.items():
        for parameter in _path_parameters(paths[path]):
            parameter["name"] = parameters.get(parameter["name"], parameter["name"])
    spec["paths"] = {names.get(path, path): item for path, item in paths.items()}


def _path_parameters(item: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The path item's inline `in: path` parameters, its own and its operations'."""
    lists = [item.get("parameters", [])] + [item[method].get("parameters", []) for method in HTTP_METHODS
                                            if method in item]
    for parameters in lists:
        yield from (parameter for parameter in parameters if parameter.get("in") == "path")
