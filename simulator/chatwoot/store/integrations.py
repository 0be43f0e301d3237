"""Integration hooks of an account: checked against their app, written by administrators."""

from __future__ import annotations

from typing import Any

from simulator.chatwoot.errors import RecordInvalid
from simulator.chatwoot.models import APPS_BY_ID, HOOK_STATUSES, App, IntegrationHook
from simulator.chatwoot.store.base import enum_name, owned
from simulator.chatwoot.store.scope import AccountPart

JSON_TYPES: dict[str, type | tuple[type, ...]] = {"string": str, "object": dict}


def _valid_settings(schema: dict[str, Any] | None, settings: dict[str, Any]) -> bool:
    """JSONSchemer's verdict for the apps' simple schemas (typed properties, required, no others)."""
    if schema is None:
        return True
    properties: dict[str, Any] = schema["properties"]
    if any(name not in settings for name in schema["required"]):
        return False
    if not schema["additionalProperties"] and any(name not in properties for name in settings):
        return False
    return all(isinstance(settings[name], JSON_TYPES[spec["type"]]) for name, spec in properties.items()
               if name in settings)


def _status(value: Any) -> str:
    """Rails' enum takes "enabled"/"disabled" or 1/0; the simulator also takes true/false (a 500 in v3.1)."""
    if isinstance(value, bool):
        return HOOK_STATUSES[int(value)]
    name = enum_name(value, HOOK_STATUSES)
    if name in HOOK_STATUSES:
        return str(name)
    raise RecordInvalid([("status", f"'{value}' is not a valid status")])


class Integrations(AccountPart):
    """The apps as one account sees them, and its hooks (create, update and delete for administrators)."""

    def hooks(self, app_id: str | None = None) -> list[IntegrationHook]:
        return sorted((h for h in self.state.integration_hooks.values()
                       if h.account_id == self.account_id and app_id in (None, h.app_id)), key=lambda h: h.id)

    def enabled(self, app: App) -> bool:
        """v3.1's `enabled?`: the app has hooks; the webhook app is on when the account has webhooks (or hooks)."""
        if app.id == "webhook" and any(w.account_id == self.account_id for w in self.state.webhooks.values()):
            return True
        return bool(self.hooks(app.id))

    def inbox_name(self, hook: IntegrationHook) -> str | None:
        inbox = self.state.inboxes.get(hook.inbox_id) if hook.inbox_id is not None else None
        return inbox.name if inbox else None

    def _check(self, hook: IntegrationHook, app: App | None, creating: bool) -> list[tuple[str, str]]:
        """The model's validations, in its order (an unknown app is the simulator's: v3.1 stores it)."""
        errors: list[tuple[str, str]] = []
        if not hook.app_id:
            errors.append(("app_id", "App can't be blank"))
        elif app is None:
            errors.append(("app_id", "App is not included in the list"))
        if hook.hook_type == "inbox" and hook.inbox_id is None:
            errors.append(("inbox_id", "Inbox can't be blank"))
        if hook.inbox_id is not None and creating:
            inbox = self.state.inboxes.get(hook.inbox_id)
            if inbox is None or inbox.account_id != self.account_id:
                errors.append(("inbox", "Inbox must exist"))
        if app is not None and not _valid_settings(app.settings_json_schema, hook.settings):
            errors.append(("settings", "Settings : Invalid settings data"))
        if app is not None and not app.allow_multiple_hooks and any(h.id != hook.id for h in self.hooks(app.id)):
            errors.append(("app_id", "App has already been taken"))
        return errors

    def create(self, body: dict[str, Any]) -> IntegrationHook:
        """`app_id`, `inbox_id` (inbox apps: required), `status` (default enabled) and `settings`."""
        self.scope.require_admin()
        app_id = body.get("app_id") or ""
        app = APPS_BY_ID.get(app_id)
        status = _status(body["status"]) if body.get("status") is not None else "enabled"
        now = self.scope.ctx.now()
        hook = IntegrationHook(id=0, account_id=self.account_id, app_id=app_id, created_at=now, updated_at=now,
                               status=status, hook_type=app.hook_type if app else "account",
                               inbox_id=body.get("inbox_id"), settings=dict(body.get("settings") or {}))
        errors = self._check(hook, app, creating=True)
        if errors:
            raise RecordInvalid(errors)
        hook.id = self.state.next_id("integration_hooks")
        self.state.integration_hooks[hook.id] = hook
        return hook

    def find(self, hook_id: int) -> IntegrationHook:
        """The hook is looked up before the role check (404, then 401)."""
        hook = owned(self.state.integration_hooks, hook_id, self.account_id)
        self.scope.require_admin()
        return hook

    def update(self, hook_id: int, body: dict[str, Any]) -> IntegrationHook:
        """Only `status` and `settings` change (the app, inbox and type are read-only)."""
        hook = self.find(hook_id)
        status = _status(body["status"]) if body.get("status") is not None else hook.status
        settings = dict(body["settings"]) if body.get("settings") is not None else hook.settings
        changed = IntegrationHook(**{**vars(hook), "status": status, "settings": settings})
        errors = self._check(changed, APPS_BY_ID.get(hook.app_id), creating=False)
        if errors:
            raise RecordInvalid(errors)
        hook.status, hook.settings, hook.updated_at = status, settings, self.scope.ctx.now()
        return hook

    def delete(self, hook_id: int) -> None:
        del self.state.integration_hooks[self.find(hook_id).id]
