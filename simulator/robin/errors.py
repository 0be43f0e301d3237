"""ROBIN's errors, each rendering itself: `{"message": ...}` JSON, presence in plain text."""

from __future__ import annotations

from flask import Response, json
from marshmallow import Schema, fields

from simulator.core.errors import VendorError
from simulator.core.ratelimit import RateDecision

INVALID_AUTH = "Invalid authorisation data"


class RobinError(VendorError):
    """`{"message": ..., "errors": {path: [messages]}}` (errors only for validation failures)."""

    status = 400

    def response(self) -> Response:
        body: dict[str, object] = {"message": self.message}
        if self.details:
            body["errors"] = self.details
        return Response(json.dumps(body), self.status, mimetype="application/json")


class BadRequest(RobinError):
    status = 400


class InvalidAuthorisation(RobinError):
    status = 401

    def __init__(self, *, challenge: bool = True) -> None:
        """`challenge`: send a Basic challenge (not for keys carried in the path)."""
        headers = {"WWW-Authenticate": 'Basic realm="ROBIN API"'} if challenge else {}
        super().__init__(INVALID_AUTH, headers=headers)


class NotAcceptable(RobinError):
    status = 406


class NotFound(RobinError):
    status = 404


class RateLimited(RobinError):
    status = 429

    def __init__(self, decision: RateDecision) -> None:
        super().__init__(
            f"Rate limit exceeded ({decision.limit}); retry after {decision.retry_after} s"
            + (f". {decision.note}" if decision.note else ""),
            headers={"Retry-After": str(decision.retry_after)},
        )


class PresenceError(RobinError):
    """Presence answers in text/plain, like its success body."""

    def response(self) -> Response:
        return Response(self.message, self.status, mimetype="text/plain")


class RobinErrorSchema(Schema):
    message = fields.String(required=True, metadata={"description": "What went wrong"})
    errors = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={"description": "Per-field messages (path → messages), for validation errors"},
    )
