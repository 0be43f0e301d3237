"""Chatwoot's error bodies, as the real v3.1 server writes them (Rails and devise-token-auth)."""

from __future__ import annotations

from typing import Any

from flask import Response, json
from marshmallow import Schema, fields

from simulator.core.errors import ErrorInfo, VendorError
from simulator.core.ratelimit import RateDecision

SIGN_IN = "You need to sign in or sign up before continuing."
NOT_FOUND = "Resource could not be found"
NOT_AUTHORIZED = "You are not authorized to do this action"


class ChatwootError(VendorError):
    """`{"error": message}`; subclasses pick other documented shapes."""

    status = 422
    kind = "error"


class SignInRequired(ChatwootError):
    """No `api_access_token` header: devise-token-auth's `{"errors": [...]}`."""

    status = 401
    kind = "errors"

    def __init__(self) -> None:
        super().__init__(SIGN_IN)


class Unauthorized(ChatwootError):
    status = 401

    def __init__(self, message: str = NOT_AUTHORIZED) -> None:
        super().__init__(message)


class NotFound(ChatwootError):
    status = 404

    def __init__(self) -> None:
        super().__init__(NOT_FOUND)


class RecordInvalid(ChatwootError):
    """A model validation failure: `{"message": "A, B", "attributes": ["a", "b"]}`."""

    status = 422
    kind = "record"

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        """`errors`: (attribute, full message) pairs, in the model's order."""
        super().__init__(", ".join(message for _, message in errors),
                         details={"attributes": list(dict.fromkeys(a for a, _ in errors))})


class MessageOnly(ChatwootError):
    """A 422 the controller writes as `{"message": text}` (e.g. deleting an online contact)."""

    kind = "message"


class RailsNotFound(ChatwootError):
    """A record the platform or public API cannot find: Chatwoot does not catch it, Rails answers."""

    status = 404
    kind = "rails"

    def __init__(self) -> None:
        super().__init__("Not Found")


class RateLimited(ChatwootError):
    """Rack::Attack's throttled answer: 429, `Retry later` as plain text, no Retry-After header.

    While the simulator clock is frozen, a second line says that only advancing it ends the window.
    """

    status = 429
    kind = "text"

    def __init__(self, decision: RateDecision | None = None) -> None:
        note = decision.note if decision is not None else ""
        super().__init__("Retry later\n" + (f"{note}\n" if note else ""))


class PaymentRequired(ChatwootError):
    status = 402


class ErrorSchema(Schema):
    status = fields.Integer(metadata={"description": "Rails' own errors (malformed JSON, 405): the status"})
    error = fields.Raw(metadata={"description": "What went wrong: a text, or (automation rules and other explicit "
                                                "checks) an object of field → messages"})
    errors = fields.List(fields.String(), metadata={"description": "Sign-in failures (no token)"})
    message = fields.String(metadata={"description": "Validation failures: the full messages"})
    attributes = fields.List(fields.String(), metadata={"description": "Validation failures: the fields"})


def render_chatwoot_error(info: ErrorInfo) -> Response:
    body: dict[str, Any]
    if info.kind == "text":
        return Response(info.message, info.status, mimetype="text/plain")
    if info.kind == "errors":
        body = {"errors": [info.message]}
    elif info.kind == "errors_hash":
        body = {"error": info.details}
    elif info.kind == "rails":
        body = {"status": 404, "error": "Not Found"}
    elif info.kind == "message":
        body = {"message": info.message}
    elif info.kind == "record":
        body = {"message": info.message, "attributes": info.details.get("attributes", [])}
    elif info.status in (404, 405) and not info.kind:  # no route matches the path and method: Rails' 404
        body = {"status": 404, "error": "Not Found"}
        info = ErrorInfo(404, info.message, info.details, {})  # no Allow header either
    elif "body" in info.details and not info.kind:  # unparseable JSON: Rails' ParseError
        body = {"status": 400, "error": "Bad Request"}
        info = ErrorInfo(400, info.message, info.details, info.headers)
    elif info.details and not info.kind:  # argument validation of a malformed request
        field, messages = next(iter(info.details.items()))
        body = {"message": f"{field} {' '.join(messages)}".strip(), "attributes": [field]}
        info = ErrorInfo(422, info.message, info.details, info.headers)
    else:
        body = {"error": info.message}
    return Response(json.dumps(body), info.status, mimetype="application/json")
