"""A wall-clock deadline for blocking socket work: gevent's Timeout where sockets are gevent's (the server)."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from functools import cache
from typing import Any


def deadline(seconds: float, error: Exception) -> AbstractContextManager[Any]:
    """Raise `error` in the current greenlet once `seconds` have passed, however the time is spent
    (a peer trickling a byte at a time included). Without gevent's sockets nothing is armed: callers
    also bound each read with a socket timeout and check the clock between reads."""
    timeout = _gevent_timeout()
    return nullcontext() if timeout is None else timeout(seconds, error)


@cache
def _gevent_timeout() -> Any:
    """gevent's Timeout when its sockets are in use, else None; asked once, at the first request
    (gunicorn's gevent worker patches before it loads the app, and patching is never undone)."""
    from gevent import Timeout, monkey

    return Timeout if monkey.is_module_patched("socket") else None
