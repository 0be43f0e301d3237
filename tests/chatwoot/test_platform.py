"""The platform API: accounts, account users, agent bots and users, each reachable only by the app that made it."""

from __future__ import annotations

import re
from typing import Any

import pytest

from simulator.chatwoot.models import PlatformApp
from simulator.core.clock import Clock
from tests.chatwoot.support import ADMIN_TOKEN, API, BOT_TOKEN, PLATFORM_TOKEN, Chatwoot, assert_json, routes_under
from tests.conftest import FROZEN_AT

PLATFORM = "/chatwoot/platform/api/v1"
OTHER_TOKEN = "other-platform-app-token"
INVALID_TOKEN = {"error": "Invalid access_token"}
NON_PERMISSIBLE = {"error": "Non permissible resource"}
RAILS_NOT_FOUND = {"status": 404, "error": "Not Found"}
NOW = "2025-01-15T12:00:00.000Z"
PASSWORD = "Secret-123"
ACCOUNT_KEYS = ["id", "name", "locale", "domain", "support_email", "features", "custom_attributes", "limits", "status"]
USER_KEYS = ["access_token", "account_id", "available_name", "avatar_url", "confirmed", "display_name",
             "message_signature", "email", "id", "name", "provider", "pubsub_token", "role", "ui_settings", "uid",
             "accounts"]


class Platform:
    """Platform API calls with the demo platform app's token (another token on request)."""

    def __init__(self, chatwoot: Chatwoot) -> None:
        self.chatwoot = chatwoot

    def call(self, method: str, path: str, *, token: str | None = PLATFORM_TOKEN, **kwargs: Any) -> Any:
        return self.chatwoot.call(method, PLATFORM + path, token=token, **kwargs)

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.call("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> Any:
        return self.call("POST", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> Any:
        return self.call("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> Any:
        return self.call("DELETE", path, **kwargs)

    def account(self, **body: Any) -> dict[str, Any]:
        response = self.post("/accounts", json={"name": "Acme", **body})
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_json()

    def user(self, **body: Any) -> dict[str, Any]:
        response = self.post("/users", json={"name": "Jane Doe", "email": "jane@example.com", "password": PASSWORD,
                                             **body})
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_json()

    def bot(self, **body: Any) -> dict[str, Any]:
        response = self.post("/agent_bots", json={"name": "Order bot", "outgoing_url": "https://bots.example.com",
                                                  **body})
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_json()


@pytest.fixture
def platform(chatwoot: Chatwoot) -> Platform:
    chatwoot.state.platform_apps[2] = PlatformApp(id=2, name="Other app", access_token=OTHER_TOKEN,
                                                  created_at=FROZEN_AT)
    return Platform(chatwoot)


ROUTES = [(method, path[len(PLATFORM):]) for method, path in routes_under(PLATFORM)]  # so a new one is covered at once


# ---- auth ----------------------------------------------------------------------------------------


def test_routes__every_documented_operation() -> None:
    assert {(m, p) for m, p in ROUTES} >= {
        ("POST", "/accounts"), ("GET", "/accounts/1"), ("PATCH", "/accounts/1"), ("PUT", "/accounts/1"),
        ("DELETE", "/accounts/1"), ("GET", "/accounts/1/account_users"), ("POST", "/accounts/1/account_users"),
        ("DELETE", "/accounts/1/account_users"), ("GET", "/agent_bots"), ("POST", "/agent_bots"),
        ("GET", "/agent_bots/1"), ("PATCH", "/agent_bots/1"), ("DELETE", "/agent_bots/1"), ("POST", "/users"),
        ("GET", "/users/1"), ("PATCH", "/users/1"), ("DELETE", "/users/1"), ("GET", "/users/1/login")}


@pytest.mark.parametrize(("method", "path"), ROUTES)
@pytest.mark.parametrize("token", [None, "nope", ADMIN_TOKEN, BOT_TOKEN], ids=["missing", "unknown", "user", "bot"])
def test_any_route__without_a_platform_token_is_401(platform: Platform, method: str, path: str,
                                                     token: str | None) -> None:
    before = (len(platform.chatwoot.state.accounts), len(platform.chatwoot.state.users))
    assert_json(platform.call(method, path, token=token, json={"name": "x"}), 401, INVALID_TOKEN)
    assert (len(platform.chatwoot.state.accounts), len(platform.chatwoot.state.users)) == before


def test_platform_token__is_not_an_application_token(platform: Platform) -> None:
    response = platform.chatwoot.get(f"{API}/accounts/1/agents", token=PLATFORM_TOKEN)
    assert_json(response, 401, {"error": "Invalid Access Token"})


@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/accounts/1"), ("PATCH", "/accounts/1"), ("PUT", "/accounts/1"), ("DELETE", "/accounts/1"),
    ("GET", "/accounts/1/account_users"), ("POST", "/accounts/1/account_users"),
    ("DELETE", "/accounts/1/account_users"), ("GET", "/agent_bots/1"), ("PATCH", "/agent_bots/1"),
    ("DELETE", "/agent_bots/1"), ("GET", "/users/1"), ("PATCH", "/users/1"), ("DELETE", "/users/1"),
    ("GET", "/users/1/login"),
])
def test_seeded_records__are_not_permissible_for_the_demo_app(platform: Platform, method: str, path: str) -> None:
    """The seed grants the demo app nothing: account 1, its users and bots are another app's."""
    assert_json(platform.call(method, path, json={"user_id": 1, "role": "agent"}), 401, NON_PERMISSIBLE)
    assert 1 in platform.chatwoot.state.accounts and 1 in platform.chatwoot.state.users


@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/accounts/99"), ("PATCH", "/accounts/99"), ("DELETE", "/accounts/99"),
    ("GET", "/accounts/99/account_users"), ("POST", "/accounts/99/account_users"),
    ("DELETE", "/accounts/99/account_users"), ("GET", "/agent_bots/99"), ("PATCH", "/agent_bots/99"),
    ("DELETE", "/agent_bots/99"), ("GET", "/users/99"), ("PATCH", "/users/99"), ("DELETE", "/users/99"),
    ("GET", "/users/99/login"),
])
def test_unknown_id__is_rails_404_before_the_permission_and_the_body(platform: Platform, method: str,
                                                                      path: str) -> None:
    assert_json(platform.call(method, path, json={"name": 5, "user_id": "x"}), 404, RAILS_NOT_FOUND)


def test_permission__is_checked_before_the_body(platform: Platform) -> None:
    assert_json(platform.patch("/accounts/1", json={"name": 5}), 401, NON_PERMISSIBLE)


def test_another_apps_records__are_not_permissible(platform: Platform) -> None:
    account, user, bot = platform.account(), platform.user(), platform.bot()
    for path in (f"/accounts/{account['id']}", f"/accounts/{account['id']}/account_users", f"/users/{user['id']}",
                 f"/users/{user['id']}/login", f"/agent_bots/{bot['id']}"):
        assert_json(platform.get(path, token=OTHER_TOKEN), 401, NON_PERMISSIBLE)
    assert_json(platform.get("/agent_bots", token=OTHER_TOKEN), 200, [])


# ---- accounts ------------------------------------------------------------------------------------


def test_create_account__the_platform_account_body_and_the_app_may_reach_it(platform: Platform) -> None:
    response = platform.post("/accounts", json={"name": "Acme"})
    account = response.get_json()
    assert_json(response, 200, {"id": account["id"], "name": "Acme", "locale": "en", "domain": None,
                                "support_email": None, "features": {}, "custom_attributes": {}, "limits": {},
                                "status": "active"})
    assert list(account) == ACCOUNT_KEYS
    assert platform.chatwoot.state.platform_apps[1].may("Account", account["id"])
    assert_json(platform.get(f"/accounts/{account['id']}"), 200, account)


def test_create_account__every_permitted_field(platform: Platform) -> None:
    body = {"name": "Acme", "locale": "de", "domain": "acme.example", "support_email": "help@acme.example",
            "status": "suspended", "features": {"help_center": True, "campaigns": False, "ip_lookup": "yes"},
            "limits": {"agents": 3, "inboxes": 2}, "custom_attributes": {"plan": "gold"}, "ignored": 1}
    account = platform.account(**body)
    assert {k: v for k, v in account.items() if k != "id"} == {
        "name": "Acme", "locale": "de", "domain": "acme.example", "support_email": "help@acme.example",
        "status": "suspended", "features": {"help_center": True, "ip_lookup": True}, "limits": {"agents": 3,
                                                                                                  "inboxes": 2},
        "custom_attributes": {"plan": "gold"}}


@pytest.mark.parametrize(("body", "expected"), [
    ({}, {"message": "Name can't be blank", "attributes": ["name"]}),
    ({"name": "  "}, {"message": "Name can't be blank", "attributes": ["name"]}),
    ({"name": None, "locale": "xx", "status": "closed"},
     {"message": "Name can't be blank, 'xx' is not a valid locale, 'closed' is not a valid status",
      "attributes": ["name", "locale", "status"]}),
    ({"name": "A", "limits": {"agents": "many"}},
     {"message": "Limits agents must be a whole number of 0 or more", "attributes": ["limits"]}),
    ({"name": 5}, {"message": "name Not a valid string.", "attributes": ["name"]}),
])
def test_create_account__invalid_is_422_and_stores_nothing(platform: Platform, body: dict, expected: dict) -> None:
    before = len(platform.chatwoot.state.accounts)
    assert_json(platform.post("/accounts", json=body), 422, expected)
    assert len(platform.chatwoot.state.accounts) == before


@pytest.mark.parametrize("method", ["PATCH", "PUT"])
def test_update_account__changes_only_what_is_sent(platform: Platform, method: str) -> None:
    account = platform.account(features={"help_center": True, "campaigns": True}, custom_attributes={"a": 1},
                               limits={"agents": 2})
    response = platform.call(method, f"/accounts/{account['id']}",
                             json={"name": "Acme Inc", "features": {"campaigns": ""}, "limits": {"inboxes": 1}})
    assert_json(response, 200, {**account, "name": "Acme Inc", "features": {"help_center": True},
                                "limits": {"inboxes": 1}})
    assert_json(platform.get(f"/accounts/{account['id']}"), 200, response.get_json())


def test_update_account__blank_name_is_422(platform: Platform) -> None:
    account = platform.account()
    assert_json(platform.patch(f"/accounts/{account['id']}", json={"name": ""}), 422,
                {"message": "Name can't be blank", "attributes": ["name"]})
    assert platform.chatwoot.state.accounts[account["id"]].name == "Acme"


def test_update_account__suspending_locks_the_application_api(platform: Platform) -> None:
    account, user = member_with_token(platform)
    platform.patch(f"/accounts/{account['id']}", json={"status": "suspended"})
    response = platform.chatwoot.get(f"{API}/accounts/{account['id']}/agents", token=user["access_token"])
    assert_json(response, 401, {"error": "Account is suspended"})


def test_update_account__a_null_agent_limit_means_the_default(platform: Platform) -> None:
    account, user = member_with_token(platform)
    response = platform.patch(f"/accounts/{account['id']}", json={"limits": {"agents": None}})
    assert response.status_code == 200
    agents = platform.chatwoot.get(f"{API}/accounts/{account['id']}/agents", token=user["access_token"])
    assert agents.status_code == 200, agents.get_data(as_text=True)


def test_delete_account__200_empty_and_gone_with_its_memberships(platform: Platform) -> None:
    account, user = member_with_token(platform)
    response = platform.delete(f"/accounts/{account['id']}")
    assert (response.status_code, response.data) == (200, b"")
    assert_json(platform.get(f"/accounts/{account['id']}"), 404, RAILS_NOT_FOUND)
    assert not [m for m in platform.chatwoot.state.account_users.values() if m.account_id == account["id"]]
    assert user["id"] in platform.chatwoot.state.users
    response = platform.chatwoot.get(f"{API}/accounts/{account['id']}/agents", token=user["access_token"])
    assert_json(response, 404, {"error": "Resource could not be found"})


# ---- account users -------------------------------------------------------------------------------


def test_create_account_user__the_raw_record(platform: Platform) -> None:
    account, user = platform.account(), platform.user()
    response = platform.post(f"/accounts/{account['id']}/account_users",
                             json={"user_id": user["id"], "role": "administrator"})
    record = response.get_json()
    assert_json(response, 200, {"id": record["id"], "account_id": account["id"], "user_id": user["id"],
                                "role": "administrator", "inviter_id": None, "active_at": None,
                                "availability": "online", "auto_offline": True, "created_at": NOW,
                                "updated_at": NOW})
    assert list(record) == ["id", "account_id", "user_id", "role", "inviter_id", "active_at", "availability",
                            "auto_offline", "created_at", "updated_at"]
    assert_json(platform.get(f"/accounts/{account['id']}/account_users"), 200, [record])


def test_create_account_user__an_upsert_by_user_id(platform: Platform, clock: Clock) -> None:
    account, user = platform.account(), platform.user()
    path = f"/accounts/{account['id']}/account_users"
    first = platform.post(path, json={"user_id": user["id"]}).get_json()
    assert first["role"] == "agent"
    clock.advance(60)
    second = platform.post(path, json={"user_id": user["id"], "role": "administrator"}).get_json()
    assert (second["id"], second["role"], second["created_at"], second["updated_at"]) == (
        first["id"], "administrator", NOW, "2025-01-15T12:01:00.000Z")
    assert len(platform.get(path).get_json()) == 1


def test_create_account_user__any_existing_user_may_join(platform: Platform) -> None:
    """Only the account must be the app's: the real server does not check the user."""
    account = platform.account()
    response = platform.post(f"/accounts/{account['id']}/account_users", json={"user_id": 1, "role": "agent"})
    assert response.status_code == 200
    assert platform.chatwoot.get(f"{API}/accounts/{account['id']}/agents").status_code == 200


@pytest.mark.parametrize(("body", "expected"), [
    ({"user_id": 1, "role": "owner"}, {"message": "'owner' is not a valid role", "attributes": ["role"]}),
    ({"user_id": 999, "role": "agent"}, {"message": "User must exist", "attributes": ["user"]}),
    ({"role": "agent"}, {"message": "User must exist", "attributes": ["user"]}),
    ({"user_id": "one"}, {"message": "user_id Not a valid integer.", "attributes": ["user_id"]}),
])
def test_create_account_user__invalid_is_422(platform: Platform, body: dict, expected: dict) -> None:
    account = platform.account()
    assert_json(platform.post(f"/accounts/{account['id']}/account_users", json=body), 422, expected)
    assert platform.get(f"/accounts/{account['id']}/account_users").get_json() == []


def test_delete_account_user__200_empty_even_when_not_a_member(platform: Platform) -> None:
    account, user = member_with_token(platform)
    path = f"/accounts/{account['id']}/account_users"
    for _ in range(2):
        response = platform.delete(path, json={"user_id": user["id"]})
        assert (response.status_code, response.data) == (200, b"")
    assert platform.get(path).get_json() == []
    assert user["id"] in platform.chatwoot.state.users
    response = platform.chatwoot.get(f"{API}/accounts/{account['id']}/agents", token=user["access_token"])
    assert_json(response, 401, {"error": "You are not authorized to access this account"})


def test_delete_account_user__without_a_body_is_200(platform: Platform) -> None:
    account = platform.account()
    response = platform.delete(f"/accounts/{account['id']}/account_users")
    assert (response.status_code, response.data) == (200, b"")


# ---- agent bots ----------------------------------------------------------------------------------


def test_create_agent_bot__outgoing_url_echoes_the_name(platform: Platform) -> None:
    account = platform.account()
    response = platform.post("/agent_bots", json={"name": "Order bot", "description": "Tracks parcels",
                                                  "outgoing_url": "https://bots.example.com/order",
                                                  "account_id": account["id"]})
    bot = response.get_json()
    assert_json(response, 200, {"id": bot["id"], "name": "Order bot", "description": "Tracks parcels",
                                "outgoing_url": "Order bot", "account_id": account["id"],
                                "access_token": bot["access_token"]})
    stored = platform.chatwoot.state.agent_bots[bot["id"]]
    assert (stored.outgoing_url, stored.access_token) == ("https://bots.example.com/order", bot["access_token"])
    assert len(bot["access_token"]) == 24


def test_create_agent_bot__unknown_account_is_422(platform: Platform) -> None:
    assert_json(platform.post("/agent_bots", json={"name": "B", "account_id": 99}), 422,
                {"message": "Account must exist", "attributes": ["account"]})


def test_list_agent_bots__only_this_apps_in_creation_order(platform: Platform) -> None:
    first, second = platform.bot(name="One"), platform.bot(name="Two")
    platform.post("/agent_bots", token=OTHER_TOKEN, json={"name": "Theirs"})
    assert_json(platform.get("/agent_bots"), 200, [first, second])


def test_show_and_update_agent_bot(platform: Platform) -> None:
    bot = platform.bot()
    assert_json(platform.get(f"/agent_bots/{bot['id']}"), 200, bot)
    response = platform.patch(f"/agent_bots/{bot['id']}", json={"name": "Parcel bot", "outgoing_url": "https://new"})
    assert_json(response, 200, {**bot, "name": "Parcel bot", "outgoing_url": "Parcel bot"})
    assert platform.chatwoot.state.agent_bots[bot["id"]].outgoing_url == "https://new"


def test_delete_agent_bot__inboxes_lose_it(platform: Platform) -> None:
    bot = platform.bot(account_id=1)
    inbox = next(iter(platform.chatwoot.state.inboxes.values()))
    inbox.agent_bot_id = bot["id"]
    response = platform.delete(f"/agent_bots/{bot['id']}")
    assert (response.status_code, response.data) == (200, b"")
    assert inbox.agent_bot_id is None
    assert_json(platform.get(f"/agent_bots/{bot['id']}"), 404, RAILS_NOT_FOUND)
    assert_json(platform.get("/agent_bots"), 200, [])


# ---- users ---------------------------------------------------------------------------------------


def test_create_user__the_platform_user_body(platform: Platform) -> None:
    response = platform.post("/users", json={"name": "Jane Doe", "email": "Jane@Example.com", "password": PASSWORD,
                                             "display_name": "Jane", "custom_attributes": {"plan": "pro"}})
    user = response.get_json()
    assert_json(response, 200, {
        "access_token": user["access_token"], "account_id": None, "available_name": "Jane", "avatar_url": "",
        "confirmed": True, "display_name": "Jane", "message_signature": None, "email": "jane@example.com",
        "id": user["id"], "name": "Jane Doe", "provider": "email", "pubsub_token": user["pubsub_token"],
        "custom_attributes": {"plan": "pro"}, "role": None, "ui_settings": {}, "uid": "jane@example.com",
        "accounts": []})
    assert len(user["access_token"]) == 24
    assert platform.chatwoot.state.platform_apps[1].may("User", user["id"])


def test_create_user__custom_attributes_only_when_present(platform: Platform) -> None:
    assert list(platform.user()) == USER_KEYS


def test_create_user__an_existing_email_returns_it_unchanged(platform: Platform) -> None:
    seeded = platform.chatwoot.state.users[1]
    name, token = seeded.name, seeded.access_token
    response = platform.post("/users", json={"name": "Someone Else", "email": seeded.email.upper(),
                                             "password": "weak", "custom_attributes": {"x": 1}})
    user = response.get_json()
    assert response.status_code == 200
    assert (user["id"], user["name"], user["access_token"], user["role"], user["account_id"]) == (
        1, name, token, "administrator", 1)
    assert "custom_attributes" not in user
    assert user["accounts"] == [{"id": 1, "name": "Demo Account", "active_at": user["accounts"][0]["active_at"],
                                 "role": "administrator"}]
    assert_json(platform.get("/users/1"), 200, user)


def test_create_user__an_invited_agent_becomes_confirmed(platform: Platform) -> None:
    """`skip_confirmation!` runs on the found user too, and `save!` keeps it."""
    invited = platform.chatwoot.post(f"{API}/accounts/1/agents", json={"name": "New", "email": "new@example.com"})
    assert invited.get_json()["confirmed"] is False
    user = platform.user(email="new@example.com", name="Other name")
    assert (user["id"], user["name"], user["confirmed"]) == (invited.get_json()["id"], "New", True)


@pytest.mark.parametrize(("body", "expected"), [
    ({"name": "", "email": "a@example.com", "password": PASSWORD},
     {"message": "Name can't be blank", "attributes": ["name"]}),
    ({"name": "A", "password": PASSWORD}, {"message": "Email can't be blank", "attributes": ["email"]}),
    ({"name": "A", "email": "nope", "password": PASSWORD}, {"message": "Email is invalid", "attributes": ["email"]}),
    ({"name": "A", "email": "a@example.com"},
     {"message": "Password must contain at least 6 characters, "
                 "Password must contain at least 1 uppercase character (A..Z), "
                 "Password must contain at least 1 lowercase character (a..z), "
                 "Password must contain at least 1 number character (0..9), "
                 "Password must contain at least 1 special character ( !@#$%^&*()_+-=[]{}|\"/\\.,`<>:;?~')",
      "attributes": ["password"]}),
    ({"name": "A", "email": "a@example.com", "password": "Ab1-"},
     {"message": "Password must contain at least 6 characters", "attributes": ["password"]}),
    ({"name": "A", "email": "a@example.com", "password": "secret-123"},
     {"message": "Password must contain at least 1 uppercase character (A..Z)", "attributes": ["password"]}),
    ({"name": "A", "email": "a@example.com", "password": "Secret123"},
     {"message": "Password must contain at least 1 special character ( !@#$%^&*()_+-=[]{}|\"/\\.,`<>:;?~')",
      "attributes": ["password"]}),
    ({"name": "A", "email": "a@example.com", "password": "Sécret-123"},
     {"message": "Password contains 1 invalid character (é)", "attributes": ["password"]}),
    ({"name": "A", "email": "a@example.com", "password": "Aa1-" + "x" * 125},
     {"message": "Password must contain less than 128 characters", "attributes": ["password"]}),
])
def test_create_user__invalid_is_422_and_stores_nothing(platform: Platform, body: dict, expected: dict) -> None:
    before = len(platform.chatwoot.state.users)
    assert_json(platform.post("/users", json=body), 422, expected)
    assert len(platform.chatwoot.state.users) == before


def test_update_user__merges_custom_attributes_and_applies_the_email(platform: Platform) -> None:
    user = platform.user(custom_attributes={"plan": "pro", "seats": 2})
    response = platform.patch(f"/users/{user['id']}", json={"email": "Jane.New@Example.com", "display_name": "JD",
                                                            "custom_attributes": {"seats": 5, "region": "eu"}})
    assert_json(response, 200, {**user, "email": "jane.new@example.com", "uid": "jane.new@example.com",
                                "display_name": "JD", "available_name": "JD",
                                "custom_attributes": {"plan": "pro", "seats": 5, "region": "eu"}})
    assert_json(platform.get(f"/users/{user['id']}"), 200, response.get_json())


def test_update_user__put_and_a_strong_password(platform: Platform) -> None:
    user = platform.user()
    response = platform.call("PUT", f"/users/{user['id']}", json={"name": "Jane D", "password": "Other-456"})
    assert_json(response, 200, {**user, "name": "Jane D", "available_name": "Jane D"})


@pytest.mark.parametrize(("body", "expected"), [
    ({"name": ""}, {"message": "Name can't be blank", "attributes": ["name"]}),
    ({"email": ""}, {"message": "Email can't be blank", "attributes": ["email"]}),
    ({"email": "taken"}, {"message": "Email has already been taken", "attributes": ["email"]}),
    ({"password": "short"},
     {"message": "Password must contain at least 6 characters, "
                 "Password must contain at least 1 uppercase character (A..Z), "
                 "Password must contain at least 1 number character (0..9), "
                 "Password must contain at least 1 special character ( !@#$%^&*()_+-=[]{}|\"/\\.,`<>:;?~')",
      "attributes": ["password"]}),
])
def test_update_user__invalid_is_422_and_changes_nothing(platform: Platform, body: dict, expected: dict) -> None:
    user = platform.user()
    if body.get("email") == "taken":
        body = {"email": platform.chatwoot.state.users[1].email}
    assert_json(platform.patch(f"/users/{user['id']}", json=body), 422, expected)
    assert_json(platform.get(f"/users/{user['id']}"), 200, user)


def test_delete_user__gone_with_its_memberships_and_token(platform: Platform) -> None:
    account, user = member_with_token(platform)
    response = platform.delete(f"/users/{user['id']}")
    assert (response.status_code, response.data) == (200, b"")
    assert_json(platform.get(f"/users/{user['id']}"), 404, RAILS_NOT_FOUND)
    assert platform.get(f"/accounts/{account['id']}/account_users").get_json() == []
    response = platform.chatwoot.get(f"{API}/accounts/{account['id']}/agents", token=user["access_token"])
    assert_json(response, 401, {"error": "Invalid Access Token"})


def test_login__a_link_with_a_fresh_sso_token(platform: Platform) -> None:
    user = platform.user(email="jane+sso@example.com")
    first = platform.get(f"/users/{user['id']}/login")
    url = first.get_json()["url"]
    assert first.status_code == 200 and list(first.get_json()) == ["url"]
    match = re.fullmatch(r"http://localhost/chatwoot/app/login\?email=jane%2Bsso%40example\.com"
                         r"&sso_auth_token=([0-9a-f]{64})", url)
    assert match, url
    assert platform.get(f"/users/{user['id']}/login").get_json()["url"] != url


# ---- end to end ----------------------------------------------------------------------------------


def member_with_token(platform: Platform, role: str = "administrator") -> tuple[dict[str, Any], dict[str, Any]]:
    """A new account, a new user, and the user made a member of the account."""
    account, user = platform.account(), platform.user()
    response = platform.post(f"/accounts/{account['id']}/account_users", json={"user_id": user["id"], "role": role})
    assert response.status_code == 200
    return account, user


def test_end_to_end__a_platform_user_calls_the_application_api(platform: Platform) -> None:
    account = platform.post("/accounts", json={"name": "Tenant"}).get_json()
    user = platform.post("/users", json={"name": "Tenant Admin", "email": "admin@tenant.example",
                                         "password": PASSWORD}).get_json()
    assert_json(platform.chatwoot.get(f"{API}/accounts/{account['id']}/agents", token=user["access_token"]), 401,
                {"error": "You are not authorized to access this account"})
    response = platform.post(f"/accounts/{account['id']}/account_users",
                             json={"user_id": user["id"], "role": "administrator"})
    assert response.status_code == 200
    agents = platform.chatwoot.get(f"{API}/accounts/{account['id']}/agents", token=user["access_token"])
    assert agents.status_code == 200
    assert [(a["id"], a["role"], a["email"]) for a in agents.get_json()] == [
        (user["id"], "administrator", "admin@tenant.example")]
    profile = platform.chatwoot.get(f"{API}/profile", token=user["access_token"]).get_json()
    assert (profile["id"], profile["account_id"], profile["role"]) == (user["id"], account["id"], "administrator")
    shown = platform.get(f"/users/{user['id']}").get_json()
    assert (shown["account_id"], shown["role"], shown["accounts"]) == (
        account["id"], "administrator", [{"id": account["id"], "name": "Tenant", "active_at": None,
                                          "role": "administrator"}])


def test_end_to_end__an_administrator_adds_an_agent_in_the_new_account(platform: Platform) -> None:
    account, admin = member_with_token(platform)
    response = platform.chatwoot.post(f"{API}/accounts/{account['id']}/agents", token=admin["access_token"],
                                      json={"name": "Second", "email": "second@tenant.example"})
    assert response.status_code == 200
    listed = platform.get(f"/accounts/{account['id']}/account_users").get_json()
    assert [(m["user_id"], m["role"], m["inviter_id"]) for m in listed] == [
        (admin["id"], "administrator", None), (response.get_json()["id"], "agent", admin["id"])]
