"""Chatwoot's errors, each rendering the body the real v3.1 server writes (Rails and devise-token-auth)."""

from __future__ import annotations

from flask import Response, json
from marshmallow import Schema, fields

from simulator.core.errors import ErrorInfo, VendorError
from simulator.core.ratelimit import RateDecision

SIGN_IN = "You need to sign in or sign up before continuing."
NOT_FOUND = "Resource could not be found"
NOT_AUTHORIZED = "You are not authorized to do this action"


class ChatwootError(VendorError):
    """`{"error": message}`; subclasses render the other documented shapes."""

    status = 422

    def response(self) -> Response:
        return _json({"error": self.message}, self.status)


class SignInRequired(ChatwootError):
    """No `api_access_token` header: devise-token-auth's `{"errors": [...]}`."""

    status = 401

    def __init__(self) -> None:
        super().__init__(SIGN_IN)

    def response(self) -> Response:
        return _json({"errors": [self.message]}, self.status)


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

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        """`errors`: (attribute, full message) pairs, in the model's order."""
        super().__init__(", ".join(message for _, message in errors),
                         details={"attributes": list(dict.fromkeys(a for a, _ in errors))})

    def response(self) -> Response:
        return _json({"message": self.message, "attributes": self.details.get("attributes", [])}, self.status)


class ErrorsHash(ChatwootError):
    """A controller's own check: 422 `{"error": {"<field>": ["message", …]}}` (Rails' `errors.messages`)."""

    status = 422

    def __init__(self, message: str, messages: dict[str, list[str]]) -> None:
        super().__init__(message, details=messages)

    @classmethod
    def of_pairs(cls, message: str, errors: list[tuple[str, str]]) -> ErrorsHash:
        """From (attribute, message) pairs, grouped per attribute in their order."""
        messages: dict[str, list[str]] = {}
        for attribute, text in errors:
            messages.setdefault(attribute, []).append(text)
        return cls(message, messages)

    def response(self) -> Response:
        return _json({"error": self.details}, self.status)


class MessageOnly(ChatwootError):
    """A 422 the controller writes as `{"message": text}` (e.g. deleting an online contact)."""

    def response(self) -> Response:
        return _json({"message": self.message}, self.status)


class RailsNotFound(ChatwootError):
    """A record or route Chatwoot does not handle: Rails answers `{"status": 404, "error": "Not Found"}`."""

    status = 404

    def __init__(self) -> None:
        super().__init__("Not Found")

    def response(self) -> Response:
        return _json({"status": 404, "error": "Not Found"}, 404)


class MalformedJson(ChatwootError):
    """A body that does not parse: Rails' ParseError, `{"status": 400, "error": "Bad Request"}`."""

    status = 400

    def response(self) -> Response:
        return _json({"status": 400, "error": "Bad Request"}, 400)


class ArgumentInvalid(ChatwootError):
    """A malformed argument: `{"message": "<field> <messages>", "attributes": ["<field>"]}`, a 422."""

    status = 422

    def response(self) -> Response:
        field, messages = next(iter(self.details.items()))
        return _json({"message": f"{field} {' '.join(messages)}".strip(), "attributes": [field]}, self.status)


class HeadOnly(ChatwootError):
    """Rails' bare `head :<status>`: an empty text/plain body."""

    def __init__(self, status: int) -> None:
        super().__init__("", status=status)

    def response(self) -> Response:
        return Response("", self.status, mimetype="text/plain")


class RateLimited(ChatwootError):
    """Rack::Attack's throttled answer: 429, `Retry later` as plain text, no Retry-After header.

    While the simulator clock is frozen, a second line says that only advancing it ends the window.
    """

    status = 429

    def __init__(self, decision: RateDecision | None = None) -> None:
        note = decision.note if decision is not None else ""
        super().__init__("Retry later\n" + (f"{note}\n" if note else ""))

    def response(self) -> Response:
        return Response(self.message, self.status, mimetype="text/plain")


class PaymentRequired(ChatwootError):
    status = 402


class ErrorSchema(Schema):
    status = fields.Integer(metadata={"description": "Rails' own errors (malformed JSON, 405): the status"})
    error = fields.Raw(metadata={"description": "What went wrong: a text, or (automation rules and other explicit "
                                                "checks) an object of field → messages"})
    errors = fields.List(fields.String(), metadata={"description": "Sign-in failures (no token)"})
    message = fields.String(metadata={"description": "Validation failures: the full messages"})
    attributes = fields.List(fields.String(), metadata={"description": "Validation failures: the fields"})


def chatwoot_error_for(info: ErrorInfo) -> ChatwootError:
    """Chatwoot's answer to a failure it did not raise: no route for the path and method is Rails' 404 (without
    Allow), a body that does not parse its 400, a malformed argument a 422 naming it; else `{"error": ...}`."""
    if info.status in (404, 405):
        return RailsNotFound()
    if "body" in info.details:
        return MalformedJson(info.message, details=info.details, headers=info.headers)
    if info.details:
        return ArgumentInvalid(info.message, details=info.details, headers=info.headers)
    return ChatwootError(info.message, status=info.status, headers=info.headers)


def _json(body: object, status: int) -> Response:
    return Response(json.dumps(body), status, mimetype="application/json")
