"""Published path templates: keys and `in: path` parameter names renamed together, mismatches refused."""

from __future__ import annotations

import re
from typing import Any

import pytest

from simulator.core.path_names import PathNamingError, rename_paths


def fake_spec() -> dict[str, Any]:
    return {
        "paths": {
            "/things": {"get": {"operationId": "listThings"}},
            "/things/{thing_id}": {
                "parameters": [{"in": "path", "name": "thing_id", "schema": {"type": "integer"}}],
                "get": {"operationId": "getThing", "parameters": [{"in": "query", "name": "thing_id"}]},
            },
            "/things/{thing_id}/parts/{part_id}": {
                "get": {"parameters": [{"in": "path", "name": "thing_id"}, {"in": "path", "name": "part_id"}]},
                "delete": {"parameters": [{"in": "path", "name": "thing_id"}, {"in": "path", "name": "part_id"}]},
            },
        },
    }


def test_rename_paths__renames_keys_and_path_parameters_and_keeps_the_rest() -> None:
    spec = fake_spec()
    rename_paths(spec, {"/things/{thing_id}": "/things/{id}",
                        "/things/{thing_id}/parts/{part_id}": "/things/{id}/parts/{part_id}"})
    assert list(spec["paths"]) == ["/things", "/things/{id}", "/things/{id}/parts/{part_id}"]
    item = spec["paths"]["/things/{id}"]
    assert item["parameters"] == [{"in": "path", "name": "id", "schema": {"type": "integer"}}]
    assert item["get"] == {"operationId": "getThing", "parameters": [{"in": "query", "name": "thing_id"}]}
    for operation in spec["paths"]["/things/{id}/parts/{part_id}"].values():
        assert [parameter["name"] for parameter in operation["parameters"]] == ["id", "part_id"]


def test_rename_paths__without_names_changes_nothing() -> None:
    spec = fake_spec()
    rename_paths(spec, {})
    assert spec == fake_spec()


@pytest.mark.parametrize(
    ("names", "message"),
    [
        ({"/things/{id}": "/things/{thing}"}, "/things/{id}: in the table, not in the spec"),
        ({"/things/{thing_id}": "/thing/{id}"}, "/things/{thing_id} → /thing/{id}: not the same route"),
        ({"/things/{thing_id}": "/things/{id}/"}, "not the same route"),
        ({"/things/{thing_id}/parts/{part_id}": "/things/{id}/parts/{id}"}, "/things/{id}/parts/{id}: a parameter"),
        ({"/things": "/things/{id}"}, "/things → /things/{id}: not the same route"),
    ],
    ids=["unknown", "other-route", "trailing-slash", "duplicate-parameter", "new-parameter"],
)
def test_rename_paths__refuses_what_is_not_a_rename(names: dict[str, str], message: str) -> None:
    spec = fake_spec()
    with pytest.raises(PathNamingError, match=re.escape(message)):
        rename_paths(spec, names)
    assert spec == fake_spec()


def test_rename_paths__refuses_a_parameter_the_path_does_not_declare() -> None:
    spec = fake_spec()
    del spec["paths"]["/things/{thing_id}"]["parameters"]
    with pytest.raises(PathNamingError, match=re.escape("/things/{thing_id}: no `in: path` parameter 'thing_id'")):
        rename_paths(spec, {"/things/{thing_id}": "/things/{id}"})


def test_rename_paths__refuses_two_paths_published_as_one() -> None:
    spec = fake_spec()
    spec["paths"]["/things/{id}"] = {"parameters": [{"in": "path", "name": "id"}]}
    with pytest.raises(PathNamingError, match=re.escape("/things/{id}: published by 2 paths")):
        rename_paths(spec, {"/things/{thing_id}": "/things/{id}"})
