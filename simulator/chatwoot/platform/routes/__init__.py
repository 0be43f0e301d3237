"""The platform API's views: one module per resource, all on the one blueprint of `common`."""

from __future__ import annotations

from simulator.chatwoot.platform.routes import account_users, accounts, agent_bots, users
from simulator.chatwoot.platform.routes.common import PLATFORM_TOKEN, blp

__all__ = ["PLATFORM_TOKEN", "account_users", "accounts", "agent_bots", "blp", "users"]
