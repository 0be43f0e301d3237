"""Content negotiation: pick a representation from Accept; re-render JSON bodies in that media type."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Response, json, request

from simulator.core.errors import VendorError

JSON = "application/json"
Renderer = Callable[[Any], str]


@dataclass
class Representations:
    """Media types a module can answer in. JSON bodies are produced first and converted here."""

    renderers: dict[str, Renderer] = field(default_factory=dict)
    strict: bool = False
    not_acceptable: Callable[[str], VendorError] | None = None

    def offered(self) -> list[str]:
        return [JSON, *self.renderers]

    def choose(self) -> str:
        """The media type to answer in; strict modules refuse an Accept they cannot meet."""
        if not self.renderers and not self.strict:
            return JSON  # JSON-only modules never parse Accept
        accept = request.accept_mimetypes
        if not accept:
            return JSON
        best = accept.best_match(self.offered())
        if best is None:
            if self.strict and self.not_acceptable is not None:
                raise self.not_acceptable(request.headers.get("Accept", ""))
            return JSON
        return best

    def convert(self, response: Response, media_type: str) -> Response:
        renderer = self.renderers.get(media_type)
        if renderer is None or response.mimetype != JSON or not response.get_data():
            return response
        body = renderer(json.loads(response.get_data()))
        response.set_data(body)
        response.mimetype = media_type
        return response
