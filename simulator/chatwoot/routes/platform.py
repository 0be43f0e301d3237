"""/platform/api/v1: accounts, account users, agent bots and users, as a platform app sees them."""

from __future__ import annotations

from simulator.chatwoot.routes.common import platform_blueprint

blp = platform_blueprint("chatwoot_platform", __name__, "Platform API")
