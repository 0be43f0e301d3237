"""/accounts/{account_id}/integrations: the apps (`{"payload": [...]}`) and their hooks (bare hook objects)."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from simulator.chatwoot.models import APPS, IntegrationHook
from simulator.chatwoot.render.integrations import app_wire, hook_wire
from simulator.chatwoot.routes.common import (
    MEMBER_ERRORS,
    RECORD_ERRORS,
    WRITE_ERRORS,
    answer,
    blueprint,
    documented,
    empty,
    endpoint,
    scope,
)
from simulator.chatwoot.schemas.integrations import AppListSchema, HookSchema, HookUpdateSchema, HookWriteSchema
from simulator.chatwoot.store.integrations import Integrations

blp = blueprint("chatwoot_integrations", __name__, "Integrations")
EXAMPLE = {"app_id": "dialogflow", "inbox_id": 1,
           "settings": {"project_id": "shop-bot", "credentials": {"type": "service_account"}}}


def integrations() -> Integrations:
    return Integrations(scope())


def _hook(found: Integrations, hook: IntegrationHook) -> dict[str, Any]:
    return hook_wire(hook, found.inbox_name(hook), is_admin=found.scope.is_admin)


@blp.route("/accounts/<int:account_id>/integrations/apps")
class AppsViews(MethodView):
    @endpoint
    @blp.response(200, AppListSchema)
    @documented(blp, MEMBER_ERRORS)
    def get(self, account_id: int) -> Response:
        """Get the details of all integrations available for the account

        v3.1's apps (webhook, slack, dialogflow, dyte, google_translate, openai) with their hooks. `enabled`
        is true when the app has hooks (the webhook app: when the account has webhooks, too).
        Administrators also get the app's params (logo, i18n_key, hook_type, allow_multiple_hooks,
        settings_json_schema), action and button, and each hook's settings and reference_id.
        """
        found = integrations()
        return answer({"payload": [app_wire(app, enabled=found.enabled(app), is_admin=found.scope.is_admin,
                                            hooks=[_hook(found, hook) for hook in found.hooks(app.id)])
                                   for app in APPS]})


@blp.route("/accounts/<int:account_id>/integrations/hooks")
class HooksViews(MethodView):
    @endpoint
    @blp.arguments(HookWriteSchema, example=EXAMPLE)
    @blp.response(200, HookSchema)
    @documented(blp, WRITE_ERRORS)
    def post(self, body: dict[str, Any], account_id: int) -> Response:
        """Create an integration hook (administrators only; answered bare)

        Read under `hook` (flat JSON works too). The app must be known; an inbox app needs `inbox_id`;
        `settings` must match the app's schema; apps without multiple hooks take one per account.
        """
        found = integrations()
        return answer(_hook(found, found.create(body)))


@blp.route("/accounts/<int:account_id>/integrations/hooks/<int:hook_id>")
class HookByIdViews(MethodView):
    @endpoint
    @blp.arguments(HookUpdateSchema, example={"status": "disabled"})
    @blp.response(200, HookSchema)
    @documented(blp, WRITE_ERRORS)
    def patch(self, body: dict[str, Any], account_id: int, hook_id: int) -> Response:
        """Update an integration hook's status or settings (administrators only; answered bare)"""
        found = integrations()
        return answer(_hook(found, found.update(hook_id, body)))

    put = patch

    @endpoint
    @blp.response(200, description="Deleted (empty body)")
    @documented(blp, RECORD_ERRORS)
    def delete(self, account_id: int, hook_id: int) -> Response:
        """Delete an integration hook (administrators only)"""
        integrations().delete(hook_id)
        return empty()
