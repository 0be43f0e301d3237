"""WSGI middleware: each request body is read in full, size-checked and time-limited before the app runs."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import gc
import io
import socket
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from simulator.core.deadline import deadline as whole_read_deadline
from simulator.core.errors import ApiError

BODY_TIMEOUT_KEY = "simulator.body_timeout"  # the BodyError of a body that did not arrive in time
CHUNK = 65536
RELEASE_AFTER_BYTES = 8 * 1_048_576  # a body this large is followed by release_memory()

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


@dataclass(frozen=True)
class BodyError:
    """Why a body was not accepted; the app answers it in the owning API's shape."""

    status: int  # 408 (it did not arrive in time), 413 (too large), 400 (not a valid length)
    message: str


class BodyRefused(ApiError):
    """Raised where the app reads a refused body: after authentication, as the vendors check."""


class RefusedBody(io.RawIOBase):
    """The body stream of a refused body: reading it raises the refusal, nothing of it is kept."""

    def __init__(self, error: BodyError) -> None:
        super().__init__()
        self.error = error

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        raise BodyRefused(self.error.message, status=self.error.status)


class BodyTimeout(Exception):
    """The client did not send the declared body before the deadline."""


class BodyBuffer:
    """Reads the body before any handler (and so before any namespace lock) runs.

    A body larger than its limit is refused without being stored (declared lengths before a byte is
    read, chunked bodies as soon as they pass it): the app's read of it raises 413, so the vendors'
    own order of checks (authentication first) still holds. A body that does not arrive within
    `timeout` seconds is answered 408 at once (`BODY_TIMEOUT_KEY`); the socket's read side is shut,
    so the stalled connection closes instead of holding a worker. Otherwise the app reads the
    buffered bytes.
    """

    def __init__(self, app: WSGIApp, *, max_bytes: int, timeout: float,
                 limits: dict[tuple[str, str], int] | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.timeout = timeout
        self.limits = dict(limits or {})  # (method, path) → a larger (or smaller) limit

    def limit_for(self, environ: dict[str, Any]) -> int:
        key = (environ.get("REQUEST_METHOD", "GET"), environ.get("PATH_INFO", "/"))
        return self.limits.get(key, self.max_bytes)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        declared = environ.get("CONTENT_LENGTH") or ""
        chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        if not (declared.strip() or chunked):
            return self.app(environ, start_response)
        size = self._buffer(environ, declared.strip(), chunked)
        answer = self.app(environ, start_response)
        if size >= RELEASE_AFTER_BYTES:
            release_memory()  # what parsing a large body (a state import) took goes back to the system
        return answer

    def _buffer(self, environ: dict[str, Any], declared: str, chunked: bool) -> int:
        """Replace the body stream by the bytes read (or by the refusal); the bytes read."""
        limit = self.limit_for(environ)
        body = b""
        error: BodyError | None = None
        if declared and not chunked and not (declared.isascii() and declared.isdigit()):
            error = BodyError(400, f"Content-Length {declared[:40]!r} is not a number of bytes")
        elif declared and not chunked and (len(declared) > len(str(limit)) or int(declared) > limit):
            error = too_large(limit)
        else:
            expected = None if chunked else int(declared)
            try:
                body = self._read(environ, limit, expected)
            except BodyTimeout:
                error = BodyError(408, f"The request body did not arrive within {self.timeout:g} s")
                _close_reading(environ)
            except OSError:
                error = BodyError(400, "The request body could not be read")
            else:
                if len(body) > limit:
                    body, error = b"", too_large(limit)
        environ.pop("HTTP_TRANSFER_ENCODING", None)
        environ["wsgi.input_terminated"] = True
        if error is None:
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
        elif error.status == 408:
            environ[BODY_TIMEOUT_KEY] = error
            environ["wsgi.input"] = io.BytesIO(b"")
            environ["CONTENT_LENGTH"] = "0"
        else:
            environ["wsgi.input"] = RefusedBody(error)
            environ["CONTENT_LENGTH"] = str(limit + 1)  # any length above 0: the app's read raises the refusal
        return len(body)

    def _read(self, environ: dict[str, Any], limit: int, expected: int | None) -> bytes:
        """Up to `expected` bytes (or to the end of a chunked body), at most `limit` + 1, by the deadline."""
        stream = environ["wsgi.input"]
        sock = environ.get("gunicorn.socket")
        prior = sock.gettimeout() if sock is not None else None
        ends = time.monotonic() + self.timeout
        parts: list[bytes] = []
        received = 0
        wanted = limit + 1 if expected is None else min(expected, limit + 1)
        try:
            with whole_read_deadline(self.timeout, BodyTimeout()):  # a client trickling its body included
                while received < wanted:
                    if sock is not None:
                        remaining = ends - time.monotonic()
                        if remaining <= 0:
                            raise BodyTimeout
                        sock.settimeout(remaining)
                    try:
                        data = stream.read(min(CHUNK, wanted - received))
                    except TimeoutError:
                        raise BodyTimeout from None
                    if not data:
                        break
                    parts.append(data)
                    received += len(data)
        finally:
            if sock is not None:
                sock.settimeout(prior)
        return b"".join(parts)


def release_memory() -> None:
    """Collect garbage and hand free heap memory back to the system (glibc's malloc_trim; elsewhere
    only the collection), so the peak of one large request does not stay in the process's size."""
    gc.collect()
    if GLIBC is not None:
        GLIBC.malloc_trim(0)


def _glibc() -> Any:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "malloc_trim") else None


GLIBC = _glibc()


def too_large(limit: int) -> BodyError:
    return BodyError(413, f"Request body too large: the limit is {limit} bytes")


def _close_reading(environ: dict[str, Any]) -> None:
    """Stop reading from a client that stalled: the server then closes the connection after answering."""
    sock = environ.get("gunicorn.socket")
    if sock is None:
        return
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RD)
