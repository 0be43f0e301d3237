"""What every platform operation shares: the Context it runs on and the lookup a platform app is allowed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from simulator.chatwoot.errors import RailsNotFound, Unauthorized
from simulator.chatwoot.models import ChatwootState, PlatformApp
from simulator.chatwoot.store.base import as_id

NON_PERMISSIBLE = "Non permissible resource"


@dataclass
class PlatformContext:
    now: Callable[[], datetime]
    new_token: Callable[[], str]  # 24 characters, as `has_secure_token`
    new_secret: Callable[[], str]  # 64 hex characters, as `SecureRandom.hex(32)` (SSO tokens)


class PlatformPart:
    """The operations on one kind of record, as one platform app may do them: it reaches only the records it
    created (its `permissible` list)."""

    def __init__(self, state: ChatwootState, app: PlatformApp, ctx: PlatformContext) -> None:
        self.state = state
        self.app = app
        self.ctx = ctx

    def lookup(self, kind: str, record_id: Any) -> Any:
        """Rails' `set_resource` (unknown: 404), then `validate_platform_app_permissible` (401)."""
        table = {"Account": self.state.accounts, "User": self.state.users, "AgentBot": self.state.agent_bots}[kind]
        key = as_id(record_id)
        record = table.get(key) if key is not None else None
        if record is None:
            raise RailsNotFound()
        if not self.app.may(kind, record.id):
            raise Unauthorized(NON_PERMISSIBLE)
        return record
