"""Cross-origin requests answered as Tomcat's CorsFilter answers them: preflights, allowed origins, credentials."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Request, Response, g

from simulator.config import Config
from simulator.core.wsgi import RAW_PATH_KEY
from simulator.origins import ANY_ORIGIN, DEFAULT_PORTS, parse_origins

# Tomcat's defaults (cors.allowed.methods, cors.allowed.headers, cors.preflight.maxage).
TOMCAT_METHODS = ("GET", "POST", "HEAD", "OPTIONS")
TOMCAT_HEADERS = ("Origin", "Accept", "X-Requested-With", "Content-Type", "Access-Control-Request-Method",
                  "Access-Control-Request-Headers")
TOMCAT_MAX_AGE = 1800


@dataclass(frozen=True)
class CorsPolicy:
    """Which requests the filter sees (`covers`, given the path as sent), whom it lets in, what it tells them.

    Credentials are always supported, so an allowed origin is echoed, never `*`. A refused request (origin not
    allowed, method or header not allowed) gets `refused()` and no CORS headers, as Tomcat answers 403.
    """

    origins: Callable[[Config], str]  # the setting: `*` (any origin), a comma-separated list, or empty (none)
    covers: Callable[[str], bool]
    refused: Callable[[], Exception]
    methods: tuple[str, ...] = TOMCAT_METHODS
    headers: tuple[str, ...] = TOMCAT_HEADERS
    exposed: tuple[str, ...] = ()
    max_age: int = TOMCAT_MAX_AGE

    def enter(self, req: Request, config: Config) -> Response | None:
        """Before routing: a preflight is answered here, a refused request raises; an allowed actual request
        is remembered, so that `leave` marks its answer."""
        origin = req.headers.get("Origin")
        if origin is None or not self.covers(req.environ.get(RAW_PATH_KEY, req.path)) or same_origin(req, origin):
            return None
        if not self.allowed(origin, config):
            raise self.refused()
        requested = req.headers.get("Access-Control-Request-Method")
        if req.method == "OPTIONS" and requested is not None:
            return self._preflight(req, origin, requested.strip())
        if req.method not in self.methods:
            raise self.refused()
        g.cors_origin = origin
        return None

    def leave(self, response: Response) -> None:
        origin = g.get("cors_origin")
        if origin is None:
            return
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Credentials"] = "true"
        if self.exposed:
            response.headers["Access-Control-Expose-Headers"] = ",".join(self.exposed)
        response.vary.add("Origin")

    def allowed(self, origin: str, config: Config) -> bool:
        origins = parse_origins(self.origins(config))
        return bool(origin) and (ANY_ORIGIN in origins or origin in origins)

    def _preflight(self, req: Request, origin: str, method: str) -> Response:
        requested = req.headers.get("Access-Control-Request-Headers", "").split(",")
        wanted = {name.strip().lower() for name in requested} - {""}
        if method not in self.methods or not wanted.issubset(name.lower() for name in self.headers):
            raise self.refused()
        response = Response(status=200)
        response.headers.remove("Content-Type")
        response.headers.update({
            "Access-Control-Allow-Origin": origin,
            "Access-Control-Allow-Credentials": "true",
            "Access-Control-Max-Age": str(self.max_age),
            "Access-Control-Allow-Methods": ",".join(self.methods),
            "Access-Control-Allow-Headers": ",".join(self.headers),
        })
        response.vary.update(("Origin", "Access-Control-Request-Method", "Access-Control-Request-Headers"))
        return response


def same_origin(req: Request, origin: str) -> bool:
    """The page is this server's own (browsers send Origin on some same-origin requests too): not CORS."""
    return _normal(origin) == _normal(f"{req.scheme}://{req.host}")


def _normal(origin: str) -> str:
    scheme, _, host = origin.lower().partition("://")
    default = DEFAULT_PORTS.get(scheme)
    if default and host.endswith(":" + default):
        host = host[: -len(default) - 1]
    return f"{scheme}://{host}"
