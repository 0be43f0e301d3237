"""One error path: an API's own errors render themselves; any other failure becomes one of the called API's errors."""

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

    @property
    def title(self) -> str:
        return status_phrase(self.status)


def status_phrase(status: int) -> str:
    """The reason phrase of a status (`Service Unavailable`), `Error` for one HTTP does not name."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


class ApiError(Exception):
    """A failure raised on purpose (status, message, per-field details, headers) that has no shape of its own:
    the API that was called answers it as one of its errors (`ApiModule.error_for`)."""

    status = 400

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        details: dict[str, list[str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = encodable(message)
        if status is not None:
            self.status = status
        self.details = {name: [encodable(text) if isinstance(text, str) else text for text in texts]
                        for name, texts in (details or {}).items()}
        self.headers = headers or {}

    def info(self) -> ErrorInfo:
        return ErrorInfo(self.status, self.message, dict(self.details), dict(self.headers))


class VendorError(ApiError):
    """An error of one API that knows its wire form: each class renders its own body and status."""

    def response(self) -> Response:
        raise NotImplementedError(f"{type(self).__name__} does not say how it is rendered")

    @classmethod
    def from_info(cls, info: ErrorInfo) -> VendorError:
        """The error that carries a failure of another origin (routing, parsing, validation, a crash)."""
        return cls(info.message, status=info.status, details=info.details, headers=info.headers)


ErrorFor = Callable[[ErrorInfo], VendorError]  # how an API answers a failure it did not raise itself


class NotFoundError(ApiError):
    status = 404


class InvalidInput(ApiError):
    status = 400


class ProblemError(VendorError):
    """The simulator's own failures (control API, namespaces, unknown mounts): RFC 9457 problem details."""

    def response(self) -> Response:
        body: dict[str, Any] = {
            "type": "about:blank",
            "title": status_phrase(self.status),
            "status": self.status,
            "detail": self.message,
        }
        if self.details:
            body["errors"] = self.details
        return Response(json.dumps(body), self.status, mimetype="application/problem+json")


def encodable(text: str) -> str:
    """`text` without lone surrogates (JSON's "\\ud800" decodes to one), which no body could encode."""
    return text.encode("utf-8", "replace").decode("utf-8")


def describe(exc: BaseException) -> ErrorInfo:
    """A failure without a shape of its own, as status, message, details and headers."""
    info = _describe(exc)
    info.message = encodable(info.message)
    info.details = {name: [encodable(text) if isinstance(text, str) else text for text in texts]
                    for name, texts in info.details.items()}
    return info


def _describe(exc: BaseException) -> ErrorInfo:
    if isinstance(exc, ApiError):
        return exc.info()
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


def own_error(exc: BaseException, error_for: ErrorFor) -> VendorError:
    """`exc` itself when it renders itself; otherwise the API's error for it."""
    return exc if isinstance(exc, VendorError) else error_for(describe(exc))


def install_error_handler(app: Flask, error_for_path: Callable[[str], ErrorFor]) -> None:
    @app.errorhandler(Exception)
    def handle(exc: Exception) -> Response:
        error = own_error(exc, error_for_path(request.path))
        response = error.response()
        for name, value in error.headers.items():
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
