"""Content negotiation: choose a representation from Accept and re-render JSON bodies."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask, Response, json

from simulator.core.errors import VendorError
from simulator.core.negotiation import JSON, Representations

TEXT = "text/plain"


def as_text(data: Any) -> str:
    return "; ".join(f"{key}={value}" for key, value in data.items())


class NotAcceptable(VendorError):
    status = 406


def refuse(accept: str) -> VendorError:
    return NotAcceptable(f"cannot answer in {accept}")


@pytest.fixture
def flask_app() -> Flask:
    return Flask("negotiation")


def choose(app: Flask, representations: Representations, accept: str | None) -> str:
    headers = {"Accept": accept} if accept is not None else {}
    with app.test_request_context("/", headers=headers):
        return representations.choose()


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, JSON),
        ("*/*", JSON),
        ("application/json", JSON),
        ("text/plain", TEXT),
        ("text/*", TEXT),
        ("text/plain;q=0.5, application/json;q=0.9", JSON),
        ("application/json;q=0.1, text/plain", TEXT),
        ("application/xml", JSON),
    ],
)
def test_choose__picks_by_accept(flask_app: Flask, accept: str | None, expected: str) -> None:
    representations = Representations({TEXT: as_text})

    assert choose(flask_app, representations, accept) == expected


def test_choose__strict_refuses_an_unmet_accept_with_the_given_error(flask_app: Flask) -> None:
    representations = Representations({TEXT: as_text}, strict=True, not_acceptable=refuse)

    with pytest.raises(NotAcceptable) as raised:
        choose(flask_app, representations, "application/xml")

    assert raised.value.message == "cannot answer in application/xml"
    assert raised.value.status == 406


def test_choose__strict_json_only_module_refuses_other_types(flask_app: Flask) -> None:
    representations = Representations(strict=True, not_acceptable=refuse)

    assert choose(flask_app, representations, "application/json") == JSON
    with pytest.raises(NotAcceptable):
        choose(flask_app, representations, "text/html")


def test_choose__strict_still_accepts_what_it_offers(flask_app: Flask) -> None:
    representations = Representations({TEXT: as_text}, strict=True, not_acceptable=refuse)

    assert choose(flask_app, representations, "text/plain") == TEXT
    assert choose(flask_app, representations, None) == JSON


def test_choose__json_only_module_ignores_accept(flask_app: Flask) -> None:
    assert choose(flask_app, Representations(), "application/xml") == JSON


def test_offered__json_first() -> None:
    assert Representations({TEXT: as_text}).offered() == [JSON, TEXT]


def test_convert__re_renders_a_json_body() -> None:
    response = Response(json.dumps({"a": 1, "b": "two"}), 200, mimetype=JSON)

    converted = Representations({TEXT: as_text}).convert(response, TEXT)

    assert converted.mimetype == TEXT
    assert converted.get_data(as_text=True) == "a=1; b=two"
    assert converted.status_code == 200


@pytest.mark.parametrize(
    ("response", "media_type"),
    [
        (Response('{"a": 1}', 200, mimetype=JSON), JSON),
        (Response("already text", 200, mimetype=TEXT), TEXT),
        (Response(b"", 201, mimetype=JSON), TEXT),
        (Response('{"a": 1}', 200, mimetype=JSON), "application/xml"),
    ],
)
def test_convert__leaves_other_responses_alone(response: Response, media_type: str) -> None:
    before = (response.get_data(), response.mimetype)

    converted = Representations({TEXT: as_text}).convert(response, media_type)

    assert (converted.get_data(), converted.mimetype) == before


def test_convert__works_in_a_request_pipeline(flask_app: Flask) -> None:
    representations = Representations({TEXT: as_text})

    @flask_app.get("/thing")
    def thing() -> dict[str, Any]:
        return {"name": "widget"}

    @flask_app.after_request
    def negotiate(response: Response) -> Response:
        return representations.convert(response, representations.choose())

    client = flask_app.test_client()
    as_json = client.get("/thing")
    as_plain = client.get("/thing", headers={"Accept": TEXT})

    assert as_json.get_json() == {"name": "widget"}
    assert as_plain.mimetype == TEXT
    assert as_plain.get_data(as_text=True) == "name=widget"
