"""CMI's errors, rendering themselves as the RI framework does: short `text/plain` bodies (Jersey style)."""

from __future__ import annotations

from flask import Response
from marshmallow import Schema

from simulator.core.errors import VendorError, status_phrase
from simulator.core.ratelimit import RateDecision

REALM = "Sinch Contact Center RI"


class CmiError(VendorError):
    """Plain text: the stock Jersey phrase for routing failures, a clear sentence for bad input."""

    status = 400

    def response(self) -> Response:
        return Response(cmi_text(self.status, self.message, self.details), self.status, mimetype="text/plain")


class InvalidParameter(CmiError):
    """A 400 whose message is the whole body (e.g. `Invalid GUID: '…'`)."""


class InvalidGuid(InvalidParameter):
    def __init__(self, value: str) -> None:
        super().__init__(f"Invalid GUID: '{value}'")


class NotFound(CmiError):
    status = 404

    def __init__(self) -> None:
        super().__init__("HTTP 404 Not Found")


class Unauthorized(CmiError):
    status = 401

    def __init__(self) -> None:
        super().__init__("HTTP 401 Unauthorized", headers={"WWW-Authenticate": f'Basic realm="{REALM}"'})


class Forbidden(CmiError):
    status = 403

    def __init__(self) -> None:
        super().__init__("HTTP 403 Forbidden")


class NotAcceptable(CmiError):
    status = 406

    def __init__(self) -> None:
        super().__init__("HTTP 406 Not Acceptable")


class UnsupportedMediaType(CmiError):
    status = 415

    def __init__(self) -> None:
        super().__init__("HTTP 415 Unsupported Media Type")


class RateLimited(CmiError):
    status = 429

    def __init__(self, decision: RateDecision) -> None:
        super().__init__(" ".join(filter(None, ["HTTP 429 Too Many Requests", decision.note])),
                         headers={"Retry-After": str(decision.retry_after)})


class PlainTextSchema(Schema):
    """Documentation placeholder: CMI errors are `text/plain` strings (the spec says so per response)."""


STOCK = {404: "HTTP 404 Not Found", 405: "HTTP 405 Method Not Allowed", 413: "HTTP 413 Request Entity Too Large",
         500: "HTTP 500 Internal Server Error"}


def status_line(status: int) -> str:
    """The server's stock text for a status it answers by itself (an injected fault): `HTTP 503 Service Unavailable`."""
    return f"HTTP {status} {status_phrase(status)}"


def cmi_text(status: int, message: str, details: dict[str, list[str]]) -> str:
    """The body: Jersey's stock phrase for a status the server answers by itself, else the first field's
    message (`Unknown parameter: 'x'`, `field: message`), else the message."""
    if status in STOCK and not message.startswith("HTTP "):
        return STOCK[status]
    if details:
        field, messages = next(iter(details.items()))
        text = " ".join(messages)
        if text == "Unknown field.":
            return f"Unknown parameter: '{field}'"
        return text if text.startswith("Invalid GUID") or field == "body" else f"{field}: {text}"
    return message
