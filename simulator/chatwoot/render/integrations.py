"""Integrations on the wire: each app (`_app.json.jbuilder`) with its hooks (`_hook.json.jbuilder`)."""

from __future__ import annotations

from typing import Any

from simulator.chatwoot.models import App, IntegrationHook


def hook_wire(hook: IntegrationHook, inbox_name: str | None, *, is_admin: bool) -> dict[str, Any]:
    """`api/v1/models/_hook.json.jbuilder`: settings and reference_id only for administrators."""
    wire: dict[str, Any] = {
        "id": hook.id,
        "app_id": hook.app_id,
        "status": hook.status == "enabled",
        "inbox": {"id": hook.inbox_id, "name": inbox_name} if hook.inbox_id is not None else None,
        "account_id": hook.account_id,
        "hook_type": hook.hook_type,
    }
    if is_admin:
        wire["settings"] = hook.settings
        wire["reference_id"] = hook.reference_id
    return wire


def app_wire(app: App, *, enabled: bool, hooks: list[dict[str, Any]], is_admin: bool) -> dict[str, Any]:
    """`api/v1/models/_app.json.jbuilder`: administrators also get the app's params, action and button."""
    wire: dict[str, Any] = {"id": app.id, "name": app.name, "description": app.description, "enabled": enabled}
    if is_admin:
        wire.update({**app.params, "action": app.action, "button": app.action})
    wire["hooks"] = hooks
    return wire
