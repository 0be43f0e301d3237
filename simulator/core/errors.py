"""One error path: every failure becomes an ErrorInfo that the owning module renders in its shape."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

from flask import Flask, Response, json, request
from marshmallow import Schema, fields
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)


@dataclass
class ErrorInfo:
    status: int
    message: str
    details: dict[str, list[str]] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    kind: str = ""  # a rendering hint from the raiser, e.g. "text" for a plain-text error

    @property
    def title(self) -> str:
        return status_phrase(self.status)


def status_phrase(status: int) -> str:
    """The reason phrase of a status (`Service Unavailable`), `Error` for one HTTP does not name."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


ErrorRenderer = Callable[[ErrorInfo], Response]
SIMULATOR_ERROR = "simulator"  # ErrorInfo.kind of the simulator's own failures: always problem+json


class VendorError(Exception):
    """Raised by stores and views; the owning module decides what it looks like on the wire."""

    status = 400
    kind = ""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        details: dict[str, list[str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status
        self.details = details or {}
        self.headers = headers or {}


class NotFoundError(VendorError):
    status = 404


class InvalidInput(VendorError):
    status = 400


def problem_response(info: ErrorInfo) -> Response:
    """RFC 9457 problem details: the simulator's own failures (admin, unknown mounts)."""
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": info.title,
        "status": info.status,
        "detail": info.message,
    }
    if info.details:
        body["errors"] = info.details
    return Response(json.dumps(body), info.status, mimetype="application/problem+json")


def encodable(text: str) -> str:
    """`text` without lone surrogates (JSON's "\\ud800" decodes to one), which no body could encode."""
    return text.encode("utf-8", "replace").decode("utf-8")


def describe(exc: BaseException) -> ErrorInfo:
    info = _describe(exc)
    info.message = encodable(info.message)
    info.details = {name: [encodable(text) if isinstance(text, str) else text for text in texts]
                    for name, texts in info.details.items()}
    return info


def _describe(exc: BaseException) -> ErrorInfo:
    if isinstance(exc, VendorError):
        return ErrorInfo(exc.status, exc.message, dict(exc.details), dict(exc.headers), exc.kind)
    if isinstance(exc, HTTPException):
        status = exc.code or 500
        headers = {k: v for k, v in exc.get_headers() if k.lower() not in {"content-type"}}
        data = getattr(exc, "data", None) or {}
        messages = data.get("messages")
        if messages:
            details = flatten_messages(messages)
            return ErrorInfo(status, summarise(details), details, headers)
        if status == 413:
            return ErrorInfo(status, "Request body too large", {}, headers)
        message = exc.description if status in (400, 405) and exc.description else exc.name
        return ErrorInfo(status, message or exc.name, {}, headers)
    log.exception("unhandled error", exc_info=exc)
    return ErrorInfo(500, "Internal Server Error")


def flatten_messages(messages: Any, prefix: str = "", *, top: bool = True) -> dict[str, list[str]]:
    """webargs/marshmallow nested messages → {"customers[0].order_count": ["…"]}."""
    flat: dict[str, list[str]] = {}
    if isinstance(messages, Mapping):
        for key, value in messages.items():
            if top and key in {"json", "query", "form", "headers", "view_args", "path"}:
                flat.update(flatten_messages(value, "", top=False))
                continue
            if isinstance(key, int) or (isinstance(key, str) and key.isdigit()):
                path = f"{prefix}[{key}]"
            elif key == "_schema":
                path = prefix
            else:
                path = f"{prefix}.{key}" if prefix else str(key)
            flat.update(flatten_messages(value, path, top=False))
    elif isinstance(messages, list | tuple):
        texts = [m for m in messages if isinstance(m, str)]
        if texts:
            flat.setdefault(prefix or "body", []).extend(texts)
        for item in messages:
            if not isinstance(item, str):
                flat.update(flatten_messages(item, prefix, top=False))
    else:
        flat.setdefault(prefix or "body", []).append(str(messages))
    return flat


def summarise(details: dict[str, list[str]]) -> str:
    first_field, first_messages = next(iter(details.items()))
    text = " ".join(first_messages)
    return text if first_field == "body" else f"Invalid field '{first_field}': {text}"


def install_error_handler(app: Flask, renderer_for_path: Callable[[str], ErrorRenderer]) -> None:
    @app.errorhandler(Exception)
    def handle(exc: Exception) -> Response:
        info = describe(exc)
        render = problem_response if info.kind == SIMULATOR_ERROR else renderer_for_path(request.path)
        response = render(info)
        for name, value in info.headers.items():
            if name.lower() == "allow" and response.status_code != 405:
                continue  # a vendor that answers a wrong method with another status (Rails: 404) has no Allow
            response.headers[name] = value
        return response


class ErrorSchema(Schema):
    """application/problem+json (RFC 9457)."""

    type = fields.String()
    title = fields.String()
    status = fields.Integer()
    detail = fields.String()
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))
