"""Origins as a CORS setting lists them: `*` for any, else `scheme://host[:port]` entries, comma-separated."""

from __future__ import annotations

ANY_ORIGIN = "*"
DEFAULT_PORTS = {"http": "80", "https": "443"}


def parse_origins(setting: str) -> tuple[str, ...]:
    """The origins of a comma-separated setting, in order; `*` among them allows any."""
    return tuple(part.strip() for part in setting.split(",") if part.strip())


def origin_problem(origin: str) -> str:
    """Why `origin` cannot be listed (empty when it can): `scheme://host[:port]` and nothing more."""
    if origin == ANY_ORIGIN:
        return ""
    scheme, separator, rest = origin.partition("://")
    if not separator or scheme not in DEFAULT_PORTS or not rest or any(c in rest for c in "/?#@ "):
        return f"{origin!r} is not an origin (scheme://host[:port], e.g. http://localhost:3000)"
    return ""
