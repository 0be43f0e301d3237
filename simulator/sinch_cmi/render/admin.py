"""/__admin/sinch-cmi's answers that are more than an entity: an issued bearer token."""

from __future__ import annotations

from typing import Any

from simulator.sinch_cmi.store.sessions import Token


def issued_token(token: Token, expires_in: int) -> dict[str, Any]:
    """The token as an OAuth server answers it, with its expiry on the simulator clock and its login."""
    return {"access_token": token.value, "token_type": "Bearer", "expires_in": expires_in,
            "expires_at": token.expires_at, "login": token.login}
