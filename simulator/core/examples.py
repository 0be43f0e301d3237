"""Spec examples that are true: real answers of a fresh default world, and errors as the vendor renders them."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any
from urllib.parse import urlencode

from flask import Flask, Response

from simulator.core.errors import ApiError, ErrorFor, own_error
from simulator.core.spec_walk import operations

NAMESPACE_PREFIX = "openapi-examples-"  # + the module's name: each spec's world is its own, whatever renders first
FORM = "application/x-www-form-urlencoded"  # a `body` of this type is sent form-encoded (its example: the fields)
# A new secret on every call (a session id): documented with a fixed example, never recorded.
UNRECORDED_HEADERS = frozenset({"set-cookie"})


Describe = Callable[[int, str, str], ApiError]  # (status, description, media type) → the error to render


class ExampleFailed(RuntimeError):
    """A recorded call did not answer as its operation documents: the spec would show a false example."""


@dataclass(frozen=True)
class Call:
    """One real request whose answer becomes its operation's example (and its body the request example).

    `path` is the spec's path template, relative to the mount; `params` fill it in. Calls of one module run in
    order in one scratch world, so a later call can read what an earlier one wrote. `record=False` makes a call
    that only prepares the world.
    """

    method: str
    path: str
    params: Mapping[str, Any] = field(default_factory=dict)
    query: Mapping[str, str] = field(default_factory=dict)
    body: Any = None
    text: str | None = None  # a non-JSON body, sent with `content_type`
    content_type: str = "application/json"
    headers: Mapping[str, str] = field(default_factory=dict)
    credentials: Mapping[str, str] | None = None  # in place of the module's (the 401 probe sends neither)
    record: bool = True
    refusal_params: Mapping[str, Any] | None = None  # credentials in the path or query: what to send for the 401
    expect: int | None = None  # a failure to record: the status it must answer (its body is that example)

    def url(self, refused: bool = False) -> str:
        params = self.refusal_params if refused and self.refusal_params is not None else self.params
        return self.path.format(**{**self.params, **params})


def plain_error(status: int, description: str, media_type: str) -> ApiError:
    """The default: the documented description as the text of the API's error for that status."""
    return ApiError(description, status=status)


@dataclass(frozen=True)
class Examples:
    """What a module records: its calls, the credentials every call carries, and how its errors read.

    Each recorded call whose operation documents a 401 is first sent without `headers`: that real refusal
    is the 401's example. Other failures are rendered from `describe(status, description, media type)`.
    """

    calls: Callable[[], list[Call]]
    headers: Mapping[str, str] = field(default_factory=dict)
    describe: Describe = plain_error


def record(spec: dict[str, Any], mount: str, examples: Examples, app: Flask, namespace: str) -> None:
    """Run each call against `app` (a fresh default world); the first answer per operation, status and media
    type becomes that response's example, replacing any written before (rendered or hand-written)."""
    client = app.test_client()
    written: set[int] = set()  # ids of the media objects that hold a recorded example
    for call in examples.calls():
        operation = _operation(spec, call)
        if call.record and call.expect is None and "401" in operation.get("responses", {}):
            refusal = _send(client, mount, namespace, call, {}, refused=True)
            if refusal.status_code != 401:
                raise ExampleFailed(f"{call.method.upper()} {call.path} without credentials answered "
                                    f"{refusal.status_code}, not its documented 401")
            _write_answer(operation, call, refusal, written)
        credentials = examples.headers if call.credentials is None else call.credentials
        response = _send(client, mount, namespace, call, credentials, refused=False)
        expected = response.status_code == call.expect if call.expect else 200 <= response.status_code < 300
        if not expected:
            raise ExampleFailed(f"{call.method.upper()} {call.path}: {response.status_code} "
                                f"{response.get_data(as_text=True)[:300]}")
        if call.record:
            if call.expect is None:
                _write_request(operation, call, written)
                _write_path_parameters(spec["paths"][call.path], operation, call, written)
            _write_answer(operation, call, response, written)


def _send(client: Any, mount: str, namespace: str, call: Call, credentials: Mapping[str, str], *,
          refused: bool) -> Response:
    headers = {"X-Simulator-Namespace": namespace, **credentials, **call.headers}
    if call.body is not None or call.text is not None:
        headers["Content-Type"] = call.content_type
    query = dict(call.query)
    if refused and call.refusal_params:
        query.update({k: str(v) for k, v in call.refusal_params.items() if k in query})
    return client.open(mount + call.url(refused), method=call.method.upper(), query_string=query,
                       data=_payload(call), headers=headers)


def _payload(call: Call) -> str | None:
    if call.body is None:
        return call.text
    return urlencode(call.body) if call.content_type == FORM else json.dumps(call.body)


def _operation(spec: dict[str, Any], call: Call) -> dict[str, Any]:
    try:
        return spec["paths"][call.path][call.method.lower()]
    except KeyError:
        raise ExampleFailed(f"{call.method.upper()} {call.path} is no operation of the spec") from None


def _write_request(operation: dict[str, Any], call: Call, written: set[int]) -> None:
    if call.body is None and call.text is None:
        return
    media = operation.get("requestBody", {}).get("content", {}).get(call.content_type)
    if media is None:
        raise ExampleFailed(f"{call.method.upper()} {call.path} documents no {call.content_type} body")
    _write(media, call.body if call.body is not None else call.text, written)


def _write_path_parameters(item: dict[str, Any], operation: dict[str, Any], call: Call, written: set[int]) -> None:
    """The ids a successful call used, as its path parameters' examples (Swagger UI fills them in: they name a
    record that exists; query parameters get none, as a pre-filled filter would change the answer)."""
    for parameter in [*item.get("parameters", []), *operation.get("parameters", [])]:
        if parameter.get("in") == "path" and parameter.get("name") in call.params:
            _write(parameter, call.params[parameter["name"]], written)


def _write_answer(operation: dict[str, Any], call: Call, response: Response, written: set[int]) -> None:
    documented = operation.get("responses", {}).get(str(response.status_code))
    if documented is None:
        raise ExampleFailed(f"{call.method.upper()} {call.path} answered {response.status_code}, which it "
                            "does not document")
    for name, header in documented.get("headers", {}).items():
        if name in response.headers and "$ref" not in header and name.lower() not in UNRECORDED_HEADERS:
            _write(header, response.headers[name], written)  # e.g. a 201's Location
    if not response.get_data():
        return
    media = documented.get("content", {}).get(response.mimetype)
    if media is None:
        raise ExampleFailed(f"{call.method.upper()} {call.path} answered {response.mimetype}, which its "
                            f"{response.status_code} does not document")
    _write(media, _body(response), written)


def _write(media: dict[str, Any], example: Any, written: set[int]) -> None:
    if id(media) not in written:
        media["example"] = example
        written.add(id(media))


def error_examples(spec: dict[str, Any], error_for: ErrorFor, describe: Describe) -> None:
    """Each documented failure gets the body its error renders (recorded calls may replace it)."""
    for _, _, operation in operations(spec):
        for status, response in operation.get("responses", {}).items():
            if status.isdigit():
                _error_example(int(status), response, error_for, describe)


def _error_example(status: int, response: dict[str, Any], error_for: ErrorFor, describe: Describe) -> None:
    if status < 400 or "content" not in response:
        return  # a failure without a body
    for media_type, media in response["content"].items():
        error = describe(status, response.get("description") or HTTPStatus(status).phrase, media_type)
        answer = own_error(error, error_for).response()
        if answer.status_code != status or answer.mimetype != media_type:
            raise ExampleFailed(f"the error rendered for a documented {status} {media_type} is a "
                                f"{answer.status_code} {answer.mimetype}")
        media["example"] = _body(answer)


def _body(response: Response) -> Any:
    text = response.get_data(as_text=True)
    return json.loads(text) if response.is_json else text
