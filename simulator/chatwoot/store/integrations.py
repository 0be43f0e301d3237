"""Integration apps (v3.1's `config/integration/apps.yml`) and their hooks; hooks are written by administrators."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from simulator.chatwoot.errors import RecordInvalid
from simulator.chatwoot.models import HOOK_STATUSES, IntegrationHook
from simulator.chatwoot.store.base import enum_name, owned
from simulator.chatwoot.store.scope import AccountPart

SLACK_SCOPES = ("commands,chat:write,channels:read,channels:manage,channels:join,groups:read,groups:write,im:write,"
                "mpim:write,users:read,users:read.email,chat:write.customize,channels:history,groups:history,"
                "mpim:history,im:history,files:read,files:write")


def _settings(required: tuple[str, ...], **types: str) -> dict[str, Any]:
    """An app's `settings_json_schema`: an object of these typed properties, no others."""
    return {"type": "object", "properties": {name: {"type": kind} for name, kind in types.items()},
            "required": list(required), "additionalProperties": False}


@dataclass(frozen=True)
class App:
    """One integration app: `params` are what administrators see besides the name and description."""

    id: str
    name: str
    description: str
    hook_type: str
    allow_multiple_hooks: bool
    action: str | None
    logo: str
    settings_json_schema: dict[str, Any] | None = field(default=None, hash=False)

    @property
    def params(self) -> dict[str, Any]:
        params: dict[str, Any] = {"logo": self.logo, "i18n_key": "webhooks" if self.id == "webhook" else self.id,
                                  "hook_type": self.hook_type, "allow_multiple_hooks": self.allow_multiple_hooks}
        if self.settings_json_schema is not None:
            params["settings_json_schema"] = self.settings_json_schema
        return params


APPS = (
    App("webhook", "Webhooks",
        "Webhook events provide real-time updates about activities in your Chatwoot account. You can subscribe to "
        "your preferred events, and Chatwoot will send you HTTP callbacks with the updates.",
        "account", True, "/webhook", "webhooks.png"),
    App("slack", "Slack",
        "Integrate Chatwoot with Slack to keep your team in sync. This integration allows you to receive "
        "notifications for new conversations and respond to them directly within Slack's interface.",
        "account", False, f"https://slack.com/oauth/v2/authorize?scope={SLACK_SCOPES}", "slack.png"),
    App("dialogflow", "Dialogflow",
        "Build chatbots with Dialogflow and easily integrate them into your inbox. These bots can handle initial "
        "queries before transferring them to a customer service agent.",
        "inbox", True, "/dialogflow", "dialogflow.png",
        _settings(("project_id", "credentials"), project_id="string", credentials="object")),
    App("dyte", "Dyte",
        "Dyte is a product that integrates audio and video functionalities into your application. With this "
        "integration, your agents can start video/voice calls with your customers directly from Chatwoot.",
        "account", False, "/dyte", "dyte.png",
        _settings(("organization_id", "api_key"), organization_id="string", api_key="string")),
    App("google_translate", "Google Translate",
        "Integrate Google Translate to help agents easily translate customer messages. This integration "
        "automatically detects the language and converts it to the agent's or admin's preferred language.",
        "account", False, "/google_translate", "google-translate.png",
        _settings(("project_id", "credentials"), project_id="string", credentials="object")),
    App("openai", "OpenAI",
        "Leverage the power of large language models from OpenAI with the features such as reply suggestions, "
        "summarization, message rephrasing, spell-checking, and label classification.",
        "account", False, "/openai", "openai.png", _settings(("api_key",), api_key="string")),
)
APPS_BY_ID = {app.id: app for app in APPS}
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

    def hook(self, hook: IntegrationHook) -> dict[str, Any]:
        return hook_wire(hook, self.inbox_name(hook), is_admin=self.store.is_admin)

    def apps(self) -> list[dict[str, Any]]:
        """`api/v1/models/_app.json.jbuilder` for each app: administrators also get its params, action and button."""
        wires = []
        for app in APPS:
            wire: dict[str, Any] = {"id": app.id, "name": app.name, "description": app.description,
                                    "enabled": self.enabled(app)}
            if self.store.is_admin:
                wire.update({**app.params, "action": app.action, "button": app.action})
            wire["hooks"] = [self.hook(hook) for hook in self.hooks(app.id)]
            wires.append(wire)
        return wires

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
        self.store.require_admin()
        app_id = body.get("app_id") or ""
        app = APPS_BY_ID.get(app_id)
        status = _status(body["status"]) if body.get("status") is not None else "enabled"
        now = self.store.ctx.now()
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
        self.store.require_admin()
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
        hook.status, hook.settings, hook.updated_at = status, settings, self.store.ctx.now()
        return hook

    def delete(self, hook_id: int) -> None:
        del self.state.integration_hooks[self.find(hook_id).id]
