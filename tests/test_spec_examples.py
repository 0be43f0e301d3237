"""Every example in every spec: present for each documented answer and body, valid against its schema, true."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from openapi_schema_validator import OAS30Validator

from simulator.cli import render_specs
from simulator.core.examples import Call, ExampleFailed, Examples, record
from tests.test_openapi import resolve

METHODS = ("get", "put", "post", "delete", "patch")
Example = tuple[str, str, str, str, str, Any, dict[str, Any]]  # spec, method, path, where, media type, example, schema
STRUCTURED = ("json", "x-www-form-urlencoded")  # media types whose examples are values (a form's: its fields)


def operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield method, path, operation


def media_of(spec: dict[str, Any], name: str) -> Iterator[Example]:
    """Every media object that should carry an example: request bodies and answers with content."""
    for method, path, operation in operations(spec):
        for media_type, media in resolve(spec, operation.get("requestBody", {})).get("content", {}).items():
            yield name, method, path, "request", media_type, media.get("example"), media.get("schema", {})
        for status, response in operation["responses"].items():
            for media_type, media in resolve(spec, response).get("content", {}).items():
                yield name, method, path, status, media_type, media.get("example"), media.get("schema", {})


def all_media(specs: dict[str, dict[str, Any]]) -> list[Example]:
    return [entry for name, spec in specs.items() for entry in media_of(spec, name)]


def test_every_body_and_answer_has_an_example(specs: dict[str, dict[str, Any]]) -> None:
    missing = [f"{name} {method.upper()} {path} {where} {media_type}"
               for name, method, path, where, media_type, example, _ in all_media(specs) if example is None]
    assert not missing, f"{len(missing)} without an example:\n" + "\n".join(missing)


def test_every_path_parameter_names_a_record_that_exists(specs: dict[str, dict[str, Any]]) -> None:
    """Path parameters carry the ids a recorded call used (Swagger UI fills them in); nothing else is pre-filled."""
    missing = [f"{name} {path} {parameter['name']}" for name, spec in specs.items()
               for path, item in spec["paths"].items()
               for parameter in [*item.get("parameters", []),
                                 *(p for m, op in item.items() if m in METHODS for p in op.get("parameters", []))]
               if parameter.get("in") == "path" and "example" not in parameter]
    assert not missing, missing


def test_every_json_and_form_example_is_valid_against_its_schema(specs: dict[str, dict[str, Any]]) -> None:
    invalid = []
    for name, spec in specs.items():
        for _, method, path, where, media_type, example, schema in media_of(spec, name):
            if example is None or not media_type.endswith(STRUCTURED):
                continue
            validator = OAS30Validator({"components": spec.get("components", {}), **schema})
            errors = sorted(validator.iter_errors(example), key=lambda e: list(e.path))
            invalid += [f"{name} {method.upper()} {path} {where}: {'/'.join(map(str, e.path))}: {e.message[:200]}"
                        for e in errors[:3]]
    assert not invalid, f"{len(invalid)} problems:\n" + "\n".join(invalid)


def test_text_examples_are_text(specs: dict[str, dict[str, Any]]) -> None:
    wrong = [f"{name} {method.upper()} {path} {where} {media_type}"
             for name, method, path, where, media_type, example, _ in all_media(specs)
             if example is not None and not media_type.endswith(STRUCTURED) and not isinstance(example, str)]
    assert not wrong, wrong


def test_an_error_example_fits_its_status(specs: dict[str, dict[str, Any]]) -> None:
    """A status named in the body (`HTTP 404 …`, `"status": 404`) is the response's own."""
    wrong = []
    for name, method, path, where, _, example, _ in all_media(specs):
        if not where.isdigit() or int(where) < 400 or example is None:
            continue
        text = example if isinstance(example, str) else json.dumps(example)
        named = set(re.findall(r"HTTP (\d{3})\b", text))
        if isinstance(example, dict) and isinstance(example.get("status"), int):
            named.add(str(example["status"]))
        if named - {where}:
            wrong.append(f"{name} {method.upper()} {path} {where}: {text[:120]}")
    assert not wrong, wrong


def test_the_same_examples_whatever_the_server_settings(specs: dict[str, dict[str, Any]],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIMULATOR_SEED", "7")
    monkeypatch.setenv("SIMULATOR_PEOPLE", "80")
    monkeypatch.setenv("SIMULATOR_ROBIN_API_SECRET", "another-secret")
    assert {name: json.loads(text) for name, text in render_specs().items()} == specs


@pytest.mark.parametrize("first", ["chatwoot", "admin", "sinch-cmi"])
def test_the_same_examples_whichever_spec_is_rendered_first(specs: dict[str, dict[str, Any]], first: str) -> None:
    from simulator.app import create_app
    from simulator.config import Config

    modules = create_app(Config()).extensions["simulator"].modules
    ordered = sorted(modules, key=lambda module: module.name != first)
    assert {module.name: json.loads(json.dumps(module.spec())) for module in ordered} == specs


# ---- the recording itself ---------------------------------------------------------------------------


def tiny_spec() -> dict[str, Any]:
    def answer(description: str) -> dict[str, Any]:
        return {"description": description, "content": {"application/json": {"schema": {"type": "object"}}}}

    return {"paths": {"/conversations": {"post": {
        "requestBody": {"content": {"application/json": {"schema": {"type": "object"}, "example": {"old": 1}}}},
        "responses": {"200": answer("OK"), "400": answer("Bad"), "401": answer("No")}}}}}


def robin_app() -> Any:
    from simulator.app import create_app

    return create_app(rate_limits=False)


def test_record__real_answers_replace_what_was_there() -> None:
    from simulator.robin.examples import ROBIN_EXAMPLES

    spec = tiny_spec()
    calls = [Call("POST", "/conversations", body={"emailAddress": "nick@mail.com"}),
             Call("POST", "/conversations", body={"emailAddress": "nobody@example.com"}),  # not the first: ignored
             Call("POST", "/conversations", body={"skip": "x"}, expect=400)]
    record(spec, "/robin", Examples(lambda: calls, headers=ROBIN_EXAMPLES.headers), robin_app(), "examples-test")
    operation = spec["paths"]["/conversations"]["post"]
    assert operation["requestBody"]["content"]["application/json"]["example"] == {"emailAddress": "nick@mail.com"}
    answers = {status: response["content"]["application/json"]["example"]
               for status, response in operation["responses"].items()}
    assert answers["200"]["conversations"] and answers["200"] != answers["401"]
    assert answers["400"]["errors"] == {"skip": ["Not a valid integer."]}
    assert answers["401"] == {"message": "Invalid authorisation data"}  # the same call, without credentials


@pytest.mark.parametrize(("call", "complaint"), [
    (Call("POST", "/conversations", body={"skip": "x"}), "400"),
    (Call("POST", "/conversations", body={"emailAddress": "nick@mail.com"}, expect=400), "200"),
    (Call("GET", "/nowhere"), "no operation"),
])
def test_record__a_call_that_does_not_answer_as_documented_fails_loudly(call: Call, complaint: str) -> None:
    from simulator.robin.examples import ROBIN_EXAMPLES

    with pytest.raises(ExampleFailed, match=complaint):
        record(tiny_spec(), "/robin", Examples(lambda: [call], headers=ROBIN_EXAMPLES.headers), robin_app(),
               "examples-test")
