"""WSGI middleware: path tolerance (`//x`, `/x`, `/x/` reach one view, no redirect)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

RAW_PATH_KEY = "simulator.raw_path"
_SLASHES = re.compile(r"/{2,}")

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def normalise_path(path: str) -> str:
    cleaned = _SLASHES.sub("/", path)
    if len(cleaned) > 1 and cleaned.endswith("/"):
        cleaned = cleaned.rstrip("/") or "/"
    return cleaned or "/"


class PathNormaliser:
    def __init__(self, app: WSGIApp) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        raw = environ.get("PATH_INFO", "") or "/"
        environ[RAW_PATH_KEY] = raw
        environ["PATH_INFO"] = normalise_path(raw)
        return self.app(environ, start_response)
