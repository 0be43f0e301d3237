"""Empty answers as ROBIN's ASP.NET Web API sends them: `Content-Length: 0` and no Content-Type."""

from __future__ import annotations

from flask import Response
from flask.blueprints import Blueprint


def empty(status: int) -> Response:
    """An answer with no body: Flask's default `text/html` mimetype is taken off."""
    return without_type(Response(b"", status))


def without_type(response: Response) -> Response:
    """Drop the Content-Type of a successful, non-streamed answer whose body is empty."""
    if 200 <= response.status_code < 300 and not response.is_streamed and not response.get_data():
        response.headers.pop("Content-Type", None)
    return response


def bare_when_empty(*blueprints: Blueprint) -> None:
    """Apply `without_type` to the blueprints' answers too, Flask's automatic OPTIONS answers included."""
    for blueprint in blueprints:
        blueprint.after_request(without_type)
