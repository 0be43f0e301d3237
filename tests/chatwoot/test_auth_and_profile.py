"""Chatwoot auth: the real server's 401/404 bodies and order of checks; GET /api/v1/profile."""

from __future__ import annotations

import pytest

from tests.chatwoot.support import (
    ACCOUNT,
    ADMIN_TOKEN,
    AGENT_TOKEN,
    API,
    NOT_FOUND,
    Chatwoot,
    assert_json,
    routes_under,
)

ROUTES = routes_under(API)  # every application-API route of the simulator, so a new route is covered at once


def test_routes__cover_every_resource() -> None:
    paths = {path for _, path in ROUTES}
    expected = {f"{API}/profile", f"{ACCOUNT}/agents", f"{ACCOUNT}/canned_responses", f"{ACCOUNT}/teams/1/team_members"}
    assert expected <= paths


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_any_route__without_the_header_asks_to_sign_in(chatwoot: Chatwoot, method: str, path: str) -> None:
    response = chatwoot.call(method, path, token=None, json={})
    assert_json(response, 401, {"errors": ["You need to sign in or sign up before continuing."]})


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_any_route__unknown_token_is_invalid(chatwoot: Chatwoot, method: str, path: str) -> None:
    assert_json(chatwoot.call(method, path, token="nope", json={}), 401, {"error": "Invalid Access Token"})


def test_account_route__unknown_account_is_404(chatwoot: Chatwoot) -> None:
    assert_json(chatwoot.get(f"{API}/accounts/99/agents"), 404, NOT_FOUND)


def test_account_route__suspended_account_is_401(chatwoot: Chatwoot) -> None:
    chatwoot.state.accounts[1].status = "suspended"
    assert_json(chatwoot.get(f"{ACCOUNT}/agents"), 401, {"error": "Account is suspended"})


def test_account_route__not_a_member_is_401(chatwoot: Chatwoot) -> None:
    membership = next(m for m in chatwoot.state.account_users.values() if m.user_id == 2)
    del chatwoot.state.account_users[membership.id]
    assert_json(chatwoot.get(f"{ACCOUNT}/agents", token=AGENT_TOKEN), 401,
                {"error": "You are not authorized to access this account"})


def test_header_with_underscore__is_the_token(chatwoot: Chatwoot) -> None:
    response = chatwoot.client.get(f"{API}/profile", headers={"Api-Access-Token": ADMIN_TOKEN})
    assert response.status_code == 200


def test_profile__the_token_owner_with_accounts(chatwoot: Chatwoot) -> None:
    profile = chatwoot.get(f"{API}/profile").get_json()
    assert profile["access_token"] == ADMIN_TOKEN
    assert profile["id"] == 1 and profile["role"] == "administrator" and profile["account_id"] == 1
    assert profile["accounts"] == [{"id": 1, "name": "Demo Account", "status": "active",
                                    "active_at": profile["accounts"][0]["active_at"], "role": "administrator",
                                    "availability": profile["accounts"][0]["availability"],
                                    "availability_status": profile["accounts"][0]["availability"],
                                    "auto_offline": True}]
    agent = chatwoot.get(f"{API}/profile", token=AGENT_TOKEN).get_json()
    assert (agent["id"], agent["role"]) == (2, "agent")


ROUTING_ERROR = {"status": 404, "error": "Not Found"}


@pytest.mark.parametrize(("method", "path"), [("GET", f"{API}/nothing"), ("GET", f"{ACCOUNT}/nonexistent"),
                                              ("PUT", f"{ACCOUNT}/conversations/1"),
                                              ("DELETE", f"{ACCOUNT}/inboxes/1")])
def test_unknown_route_or_method__is_rails_routing_404(chatwoot: Chatwoot, method: str, path: str) -> None:
    """No route matches the path and verb: Rails' routing error, not the controller's record 404 (and never 405)."""
    response = chatwoot.call(method, path)
    assert_json(response, 404, ROUTING_ERROR)
    assert "Allow" not in response.headers


def test_malformed_json__is_rails_400(chatwoot: Chatwoot) -> None:
    response = chatwoot.post(f"{ACCOUNT}/canned_responses", data="{", content_type="application/json")
    assert_json(response, 400, {"status": 400, "error": "Bad Request"})
