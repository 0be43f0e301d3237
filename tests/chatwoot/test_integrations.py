"""Integrations: v3.1's apps with their hooks, and hook create, update and delete for administrators."""

from __future__ import annotations

from typing import Any

import pytest

from tests.chatwoot.support import ACCOUNT, AGENT_TOKEN, NOT_AUTHORIZED, NOT_FOUND, SIGN_IN, Chatwoot, assert_json

APPS = f"{ACCOUNT}/integrations/apps"
HOOKS = f"{ACCOUNT}/integrations/hooks"
APP_IDS = ["webhook", "slack", "dialogflow", "dyte", "google_translate", "openai"]
DIALOGFLOW = {"project_id": "shop-bot", "credentials": {"type": "service_account"}}


def apps(chatwoot: Chatwoot, token: str | None = None) -> dict[str, dict[str, Any]]:
    response = chatwoot.get(APPS, **({"token": token} if token else {}))
    assert response.status_code == 200, response.get_data(as_text=True)
    return {app["id"]: app for app in response.get_json()["payload"]}


def create(chatwoot: Chatwoot, **body: Any) -> dict[str, Any]:
    response = chatwoot.post(HOOKS, json={"hook": body})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


# ---- apps --------------------------------------------------------------------------------------


def test_apps__v31_apps_in_a_payload_none_enabled_without_hooks(chatwoot: Chatwoot) -> None:
    response = chatwoot.get(APPS)
    assert response.status_code == 200
    payload = response.get_json()["payload"]
    assert [app["id"] for app in payload] == APP_IDS
    assert [app["name"] for app in payload] == ["Webhooks", "Slack", "Dialogflow", "Dyte", "Google Translate",
                                                "OpenAI"]
    assert all(app["enabled"] is False and app["hooks"] == [] and app["description"] for app in payload)


def test_apps__administrators_also_get_params_action_and_button(chatwoot: Chatwoot) -> None:
    dialogflow = apps(chatwoot)["dialogflow"]
    assert dialogflow == {
        "id": "dialogflow", "name": "Dialogflow", "description": dialogflow["description"], "enabled": False,
        "logo": "dialogflow.png", "i18n_key": "dialogflow", "hook_type": "inbox", "allow_multiple_hooks": True,
        "settings_json_schema": {"type": "object", "properties": {"project_id": {"type": "string"},
                                                                  "credentials": {"type": "object"}},
                                 "required": ["project_id", "credentials"], "additionalProperties": False},
        "action": "/dialogflow", "button": "/dialogflow", "hooks": []}
    assert "settings_json_schema" not in apps(chatwoot)["webhook"]


def test_apps__an_agent_sees_the_apps_without_params_and_hooks_without_settings(chatwoot: Chatwoot) -> None:
    hook = create(chatwoot, app_id="openai", settings={"api_key": "sk-demo"})
    openai = apps(chatwoot, AGENT_TOKEN)["openai"]
    assert set(openai) == {"id", "name", "description", "enabled", "hooks"}
    assert openai["enabled"] is True
    assert openai["hooks"] == [{"id": hook["id"], "app_id": "openai", "status": True, "inbox": None,
                                "account_id": 1, "hook_type": "account"}]


def test_apps__enabled_follows_the_hooks_and_the_webhook_app_the_account_webhooks(chatwoot: Chatwoot) -> None:
    hook = create(chatwoot, app_id="dyte", settings={"organization_id": "org", "api_key": "key"})
    assert apps(chatwoot)["dyte"]["enabled"] is True
    assert apps(chatwoot)["dyte"]["hooks"] == [hook]
    chatwoot.post(f"{ACCOUNT}/webhooks", json={"url": "https://example.com/events"})
    assert apps(chatwoot)["webhook"]["enabled"] is True
    chatwoot.delete(f"{HOOKS}/{hook['id']}")
    assert apps(chatwoot)["dyte"] == {**apps(chatwoot)["dyte"], "enabled": False, "hooks": []}


def test_apps__token_and_membership_come_first(chatwoot: Chatwoot) -> None:
    assert_json(chatwoot.get(APPS, token=None), 401, SIGN_IN)
    assert_json(chatwoot.get(APPS, token="nope"), 401, {"error": "Invalid Access Token"})
    assert_json(chatwoot.get("/chatwoot/api/v1/accounts/99/integrations/apps"), 404, NOT_FOUND)


# ---- hooks -------------------------------------------------------------------------------------


def test_create_hook__an_inbox_hook_answered_bare_with_settings_for_administrators(chatwoot: Chatwoot) -> None:
    response = chatwoot.post(HOOKS, json={"hook": {"app_id": "dialogflow", "inbox_id": 1, "settings": DIALOGFLOW}})
    assert_json(response, 200, {"id": 1, "app_id": "dialogflow", "status": True,
                                "inbox": {"id": 1, "name": "Website"}, "account_id": 1, "hook_type": "inbox",
                                "settings": DIALOGFLOW, "reference_id": None})
    dialogflow = apps(chatwoot)["dialogflow"]
    assert (dialogflow["enabled"], dialogflow["hooks"]) == (True, [response.get_json()])


def test_create_hook__flat_json_and_an_account_hook_without_inbox(chatwoot: Chatwoot) -> None:
    response = chatwoot.post(HOOKS, json={"app_id": "webhook", "status": "disabled"})
    assert_json(response, 200, {"id": 1, "app_id": "webhook", "status": False, "inbox": None, "account_id": 1,
                                "hook_type": "account", "settings": {}, "reference_id": None})


@pytest.mark.parametrize(("status", "enabled"), [("enabled", True), ("disabled", False), (1, True), (0, False),
                                                 (True, True), (False, False), (None, True)])
def test_create_hook__status_as_the_enum_its_integer_or_a_boolean(chatwoot: Chatwoot, status: Any,
                                                                  enabled: bool) -> None:
    assert create(chatwoot, app_id="webhook", status=status)["status"] is enabled


@pytest.mark.parametrize(("body", "message", "attributes"), [
    ({}, "App can't be blank", ["app_id"]),
    ({"app_id": "zapier"}, "App is not included in the list", ["app_id"]),
    ({"app_id": "dialogflow", "settings": DIALOGFLOW}, "Inbox can't be blank", ["inbox_id"]),
    ({"app_id": "dialogflow", "inbox_id": 99, "settings": DIALOGFLOW}, "Inbox must exist", ["inbox"]),
    ({"app_id": "dialogflow", "inbox_id": 1}, "Settings : Invalid settings data", ["settings"]),
    ({"app_id": "dialogflow"}, "Inbox can't be blank, Settings : Invalid settings data", ["inbox_id", "settings"]),
    ({"app_id": "openai", "settings": {"api_key": 7}}, "Settings : Invalid settings data", ["settings"]),
    ({"app_id": "openai", "settings": {"api_key": "k", "model": "x"}}, "Settings : Invalid settings data",
     ["settings"]),
    ({"app_id": "webhook", "status": "paused"}, "'paused' is not a valid status", ["status"]),
    ({"app_id": "webhook", "settings": "x"}, "settings Not a valid mapping type.", ["settings"]),
])
def test_create_hook__invalid_is_422_and_stores_nothing(chatwoot: Chatwoot, body: dict[str, Any], message: str,
                                                        attributes: list[str]) -> None:
    assert_json(chatwoot.post(HOOKS, json=body), 422, {"message": message, "attributes": attributes})
    assert chatwoot.state.integration_hooks == {}


def test_create_hook__one_per_account_unless_the_app_allows_several(chatwoot: Chatwoot) -> None:
    create(chatwoot, app_id="openai", settings={"api_key": "a"})
    assert_json(chatwoot.post(HOOKS, json={"app_id": "openai", "settings": {"api_key": "b"}}), 422,
                {"message": "App has already been taken", "attributes": ["app_id"]})
    create(chatwoot, app_id="dialogflow", inbox_id=1, settings=DIALOGFLOW)
    create(chatwoot, app_id="dialogflow", inbox_id=2, settings=DIALOGFLOW)
    assert [h["inbox"]["name"] for h in apps(chatwoot)["dialogflow"]["hooks"]] == ["Website", "Shop API"]


def test_create_hook__an_inbox_of_another_account_does_not_exist(chatwoot: Chatwoot) -> None:
    chatwoot.state.inboxes[1].account_id = 2
    assert_json(chatwoot.post(HOOKS, json={"app_id": "dialogflow", "inbox_id": 1, "settings": DIALOGFLOW}), 422,
                {"message": "Inbox must exist", "attributes": ["inbox"]})


def test_create_hook__administrators_only(chatwoot: Chatwoot) -> None:
    assert_json(chatwoot.post(HOOKS, token=AGENT_TOKEN, json={"app_id": "webhook"}), 401, NOT_AUTHORIZED)
    assert_json(chatwoot.post(HOOKS, token=AGENT_TOKEN, json={}), 401, NOT_AUTHORIZED)  # before validation
    assert chatwoot.state.integration_hooks == {}


def test_create_hook__malformed_json_is_rails_400(chatwoot: Chatwoot) -> None:
    response = chatwoot.post(HOOKS, data="{", content_type="application/json")
    assert_json(response, 400, {"status": 400, "error": "Bad Request"})


@pytest.mark.parametrize("method", ["PATCH", "PUT"])
def test_update_hook__status_and_settings_only(chatwoot: Chatwoot, method: str) -> None:
    hook = create(chatwoot, app_id="dialogflow", inbox_id=1, settings=DIALOGFLOW)
    changed = {"project_id": "other-bot", "credentials": {}}
    response = chatwoot.call(method, f"{HOOKS}/{hook['id']}",
                             json={"hook": {"status": "disabled", "settings": changed, "app_id": "slack",
                                            "inbox_id": 2}})
    assert_json(response, 200, {**hook, "status": False, "settings": changed})
    assert apps(chatwoot)["dialogflow"]["hooks"] == [response.get_json()]


def test_update_hook__flat_json_and_an_empty_body_change_nothing_else(chatwoot: Chatwoot) -> None:
    hook = create(chatwoot, app_id="openai", settings={"api_key": "a"})
    assert_json(chatwoot.patch(f"{HOOKS}/{hook['id']}", json={}), 200, hook)
    assert_json(chatwoot.patch(f"{HOOKS}/{hook['id']}", json={"status": False}), 200, {**hook, "status": False})
    assert_json(chatwoot.patch(f"{HOOKS}/{hook['id']}", json={"status": 1}), 200, hook)


def test_update_hook__settings_are_checked_again(chatwoot: Chatwoot) -> None:
    hook = create(chatwoot, app_id="openai", settings={"api_key": "a"})
    assert_json(chatwoot.patch(f"{HOOKS}/{hook['id']}", json={"settings": {}}), 422,
                {"message": "Settings : Invalid settings data", "attributes": ["settings"]})
    assert chatwoot.state.integration_hooks[hook["id"]].settings == {"api_key": "a"}


def test_update_and_delete_hook__unknown_is_404_before_the_role_check(chatwoot: Chatwoot) -> None:
    for token in (None, AGENT_TOKEN):
        kwargs: dict[str, Any] = {"token": token} if token else {}
        assert_json(chatwoot.patch(f"{HOOKS}/9", json={"status": "enabled"}, **kwargs), 404, NOT_FOUND)
        assert_json(chatwoot.delete(f"{HOOKS}/9", **kwargs), 404, NOT_FOUND)


def test_update_and_delete_hook__administrators_only(chatwoot: Chatwoot) -> None:
    hook = create(chatwoot, app_id="webhook")
    assert_json(chatwoot.patch(f"{HOOKS}/{hook['id']}", token=AGENT_TOKEN, json={"status": "disabled"}), 401,
                NOT_AUTHORIZED)
    assert_json(chatwoot.delete(f"{HOOKS}/{hook['id']}", token=AGENT_TOKEN), 401, NOT_AUTHORIZED)
    assert chatwoot.state.integration_hooks[hook["id"]].status == "enabled"


def test_delete_hook__empty_200_then_404(chatwoot: Chatwoot) -> None:
    hook = create(chatwoot, app_id="slack")
    deleted = chatwoot.delete(f"{HOOKS}/{hook['id']}")
    assert (deleted.status_code, deleted.get_data()) == (200, b"")
    assert_json(chatwoot.delete(f"{HOOKS}/{hook['id']}"), 404, NOT_FOUND)
    assert apps(chatwoot)["slack"]["hooks"] == []


def test_hooks__another_accounts_hook_is_not_found(chatwoot: Chatwoot) -> None:
    hook = create(chatwoot, app_id="webhook")
    chatwoot.state.integration_hooks[hook["id"]].account_id = 2
    assert_json(chatwoot.patch(f"{HOOKS}/{hook['id']}", json={"status": "disabled"}), 404, NOT_FOUND)
    assert apps(chatwoot)["webhook"]["hooks"] == []
