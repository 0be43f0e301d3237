"""/public/api/v1/inboxes/{inbox_identifier}: the client API of an API inbox (no auth header)."""

from __future__ import annotations

from simulator.chatwoot.routes.common import public_blueprint

blp = public_blueprint("chatwoot_public", __name__, "Public API")
