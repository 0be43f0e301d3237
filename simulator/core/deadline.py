"""A wall-clock deadline for blocking socket work: gevent's Timeout where sockets are gevent's (the server)."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from typing import Any


def deadline(seconds: float, error: Exception) -> AbstractContextManager[Any]:
    """Raise `error` in the current greenlet once `seconds` have passed, however the time is spent
    (a peer trickling a byte at a time included). Without gevent's sockets nothing is armed: callers
    also bound each read with a socket timeout and check the clock between reads."""
    from gevent import Timeout, monkey

    if not monkey.is_module_patched("socket"):
        return nullcontext()
    return Timeout(seconds, error)
