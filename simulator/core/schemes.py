"""Security schemes: where each vendor's credentials travel, and how the OpenAPI documents describe them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import request

Credentials = tuple[str, ...]


class AuthScheme:
    """Where credentials travel; `openapi` is the security scheme object (None: not expressible)."""

    scheme_name: str

    def credentials(self) -> Credentials | None:
        raise NotImplementedError

    def openapi(self) -> dict[str, Any] | None:
        return None

    def requirements(self) -> list[dict[str, list[str]]]:
        """An operation's `security`: the alternatives, each naming one scheme (none when not expressible)."""
        return [{self.scheme_name: []}] if self.openapi() else []


@dataclass
class AnyOf(AuthScheme):
    """The first of `schemes` that finds credentials, named first in them; documented as alternatives."""

    schemes: tuple[AuthScheme, ...]
    scheme_name: str = ""

    def credentials(self) -> Credentials | None:
        for scheme in self.schemes:
            found = scheme.credentials()
            if found is not None:
                return (scheme.scheme_name, *found)
        return None

    def requirements(self) -> list[dict[str, list[str]]]:
        return [requirement for scheme in self.schemes for requirement in scheme.requirements()]


@dataclass
class HttpBasic(AuthScheme):
    scheme_name: str
    description: str = ""

    def credentials(self) -> Credentials | None:
        try:
            auth = request.authorization
        except ValueError:  # not ASCII, or not base64 of UTF-8: no usable credentials (401, not 500)
            return None
        if auth is None or auth.type != "basic":
            return None
        return (auth.username or "", auth.password or "")

    def openapi(self) -> dict[str, Any]:
        return {"type": "http", "scheme": "basic", "description": self.description}


@dataclass
class HttpBearer(AuthScheme):
    scheme_name: str
    description: str = ""

    def credentials(self) -> Credentials | None:
        try:
            auth = request.authorization
        except ValueError:
            return None
        if auth is None or auth.type != "bearer" or not auth.token:
            return None
        return (auth.token,)

    def openapi(self) -> dict[str, Any]:
        return {"type": "http", "scheme": "bearer", "description": self.description}


@dataclass
class CookieKey(AuthScheme):
    """A session id in a cookie (a login handed it out)."""

    scheme_name: str
    cookie: str
    description: str = ""

    def credentials(self) -> Credentials | None:
        value = request.cookies.get(self.cookie)
        return (value,) if value else None

    def openapi(self) -> dict[str, Any]:
        return {"type": "apiKey", "in": "cookie", "name": self.cookie, "description": self.description}


@dataclass
class HeaderToken(AuthScheme):
    scheme_name: str
    header: str
    description: str = ""

    def credentials(self) -> Credentials | None:
        value = request.headers.get(self.header)
        return (value,) if value else None

    def openapi(self) -> dict[str, Any]:
        return {"type": "apiKey", "in": "header", "name": self.header, "description": self.description}


@dataclass
class QueryKey(AuthScheme):
    scheme_name: str
    parameter: str
    description: str = ""

    def credentials(self) -> Credentials | None:
        value = request.args.get(self.parameter)
        return (value,) if value else None

    def openapi(self) -> dict[str, Any]:
        return {"type": "apiKey", "in": "query", "name": self.parameter, "description": self.description}


@dataclass
class PathKey(AuthScheme):
    """A key inside the URL path; OpenAPI has no scheme for it, the path parameter documents it.

    The owning ApiModule lists the path in `secret_paths` so the journal masks the key.
    """

    scheme_name: str
    view_arg: str

    def credentials(self) -> Credentials | None:
        value = (request.view_args or {}).get(self.view_arg)
        return (value,) if value else None
