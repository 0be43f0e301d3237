"""Chatwoot's plug-in: its state lifecycle and its application, platform and public APIs mounted at /chatwoot."""

from __future__ import annotations

from typing import Any

from simulator.chatwoot.errors import ErrorSchema, chatwoot_error_for
from simulator.chatwoot.examples import CHATWOOT_EXAMPLES
from simulator.chatwoot.integrity import check_chatwoot
from simulator.chatwoot.models import ChatwootState
from simulator.chatwoot.operation_ids import OPERATION_NAMES
from simulator.chatwoot.platform import routes as platform_routes
from simulator.chatwoot.public import routes as public_routes
from simulator.chatwoot.routes import BLUEPRINTS
from simulator.chatwoot.routes.common import MOUNT, STATE_NAME, USER_TOKEN, VENDOR
from simulator.chatwoot.seed import seed
from simulator.chatwoot.vendor_paths import VENDOR_PATHS
from simulator.core.api import ApiModule
from simulator.core.serialize import from_jsonable, to_jsonable
from simulator.core.storage import WorldSeed
from simulator.version import __version__


class ChatwootStateModule:
    name = STATE_NAME

    def build_state(self, world: WorldSeed) -> ChatwootState:
        return seed(world)

    def export_state(self, state: ChatwootState) -> dict[str, Any]:
        return to_jsonable(state)

    def import_state(self, data: dict[str, Any]) -> ChatwootState:
        state: ChatwootState = from_jsonable(ChatwootState, data)
        check_chatwoot(state)
        return state

    def entities(self, state: ChatwootState) -> dict[str, Any]:
        """Records per entity, for fixture files (no access tokens, no HMAC secrets)."""
        def records(table: dict[int, Any], *secret: str) -> list[dict[str, Any]]:
            return [{k: v for k, v in to_jsonable(record).items() if k not in secret} for record in table.values()]

        return {
            "accounts": records(state.accounts),
            "users": records(state.users, "access_token", "pubsub_token"),
            "account_users": records(state.account_users),
            "agent_bots": records(state.agent_bots, "access_token"),
            "inboxes": records(state.inboxes, "hmac_token"),
            "teams": records(state.teams),
            "canned_responses": records(state.canned_responses),
            "custom_attribute_definitions": records(state.custom_attributes),
            "custom_filters": records(state.custom_filters),
            "contacts": records(state.contacts),
            "contact_inboxes": records(state.contact_inboxes, "pubsub_token"),
            "conversations": records(state.conversations),
            "messages": records(state.messages),
            "platform_apps": records(state.platform_apps, "access_token"),
            "webhooks": records(state.webhooks),
            "automation_rules": records(state.automation_rules),
            "integration_hooks": records(state.integration_hooks),
            "reporting_events": records(state.reporting_events),
            "portals": records(state.portals),
            "categories": records(state.categories),
            "articles": records(state.articles),
        }

DESCRIPTION = """Simulated Chatwoot v3.1 (documented as "nimchat"): the application API (`/api/v1`, reports under
`/api/v2`), the platform API (`/platform/api/v1`) and the public client API (`/public/api/v1`), following the
real server where its swagger differs. Auth: header `api_access_token` (demo `demo-chatwoot-admin-token`,
administrator of account 1, `demo-chatwoot-agent-token`, agent of account 1, `demo-chatwoot-bot-token`, the
agent bot, and `demo-chatwoot-platform-token` for the platform API); the public API takes the inbox identifier
in the path. Authorization failures are 401 with `{"error": ...}`, never 403; a missing header gives
`{"errors": ["You need to sign in or sign up before continuing."]}`."""


def api_modules() -> list[ApiModule]:
    return [
        ApiModule(
            name="chatwoot",
            title="Chatwoot application, platform and public APIs (simulated)",
            version=__version__,
            mount=MOUNT,
            blueprints=[*BLUEPRINTS, platform_routes.blp, public_routes.blp],
            error_for=chatwoot_error_for,
            error_schema=ErrorSchema,
            description=DESCRIPTION,
            security_schemes=[USER_TOKEN, platform_routes.PLATFORM_TOKEN],
            vendor=VENDOR,
            secret_paths=(r"/chatwoot/public/api/v1/inboxes/([^/]+)",
                          r"/chatwoot/public/api/v1/inboxes/[^/]+/contacts/([^/]+)"),
            operation_names=OPERATION_NAMES,
            path_names=VENDOR_PATHS,
            examples=CHATWOOT_EXAMPLES,
        )
    ]


STATE = ChatwootStateModule()
