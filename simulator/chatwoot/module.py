"""Chatwoot's plug-in: its state lifecycle and its mounted application API at /chatwoot."""

from __future__ import annotations

from typing import Any

from simulator import __version__
from simulator.chatwoot.errors import ErrorSchema, render_chatwoot_error
from simulator.chatwoot.models import ChatwootState
from simulator.chatwoot.routes import BLUEPRINTS, SECURITY_SCHEMES
from simulator.chatwoot.routes.common import MOUNT, STATE_NAME, VENDOR
from simulator.chatwoot.seed import seed
from simulator.core.api import ApiModule
from simulator.core.serialize import from_jsonable, to_jsonable
from simulator.core.storage import WorldSeed


class ChatwootStateModule:
    name = STATE_NAME

    def build_state(self, world: WorldSeed) -> ChatwootState:
        return seed(world)

    def export_state(self, state: ChatwootState) -> dict[str, Any]:
        return to_jsonable(state)

    def import_state(self, data: dict[str, Any]) -> ChatwootState:
        return from_jsonable(ChatwootState, data)

    def entities(self, state: ChatwootState) -> dict[str, Any]:
        """Records per entity, for fixture files (no access tokens)."""
        users = [{k: v for k, v in to_jsonable(u).items() if k not in ("access_token", "pubsub_token")}
                 for u in state.users.values()]
        return {
            "accounts": [to_jsonable(a) for a in state.accounts.values()],
            "users": users,
            "account_users": [to_jsonable(m) for m in state.account_users.values()],
            "canned_responses": [to_jsonable(c) for c in state.canned_responses.values()],
        }


DESCRIPTION = """Simulated Chatwoot v3.1 application API (documented as "nimchat"), following the real
server where its swagger differs. Auth: header `api_access_token` (demo `demo-chatwoot-admin-token`,
administrator of account 1, and `demo-chatwoot-agent-token`, agent of account 1). Authorization
failures are 401 with `{"error": ...}`, never 403; a missing header gives
`{"errors": ["You need to sign in or sign up before continuing."]}`."""


def api_modules() -> list[ApiModule]:
    return [
        ApiModule(
            name="chatwoot",
            title="Chatwoot application API (simulated)",
            version=__version__,
            mount=MOUNT,
            blueprints=BLUEPRINTS,
            render_error=render_chatwoot_error,
            error_schema=ErrorSchema,
            description=DESCRIPTION,
            security_schemes=SECURITY_SCHEMES,
            vendor=VENDOR,
        )
    ]


STATE = ChatwootStateModule()
