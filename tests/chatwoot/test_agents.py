"""Agents of an account: list, add (admin, licence limit), update, remove."""

from __future__ import annotations

from typing import Any

import pytest

from tests.chatwoot.support import ACCOUNT, AGENT_TOKEN, NOT_AUTHORIZED, NOT_FOUND, Chatwoot, assert_json

AGENTS = f"{ACCOUNT}/agents"
AGENT_KEYS = ["id", "account_id", "availability_status", "auto_offline", "confirmed", "email", "available_name",
              "name", "role", "thumbnail"]


def add(chatwoot: Chatwoot, **body: Any) -> Any:
    return chatwoot.post(AGENTS, json={"name": "Jane Doe", "email": "Jane.Doe@Example.com", "role": "agent", **body})


def test_list_agents__plain_array_ordered_by_name_for_any_member(chatwoot: Chatwoot) -> None:
    agents = chatwoot.get(AGENTS, token=AGENT_TOKEN).get_json()
    assert [a["name"] for a in agents] == sorted(a["name"] for a in agents)
    assert len(agents) == len(chatwoot.state.account_users)
    assert list(agents[0]) == AGENT_KEYS
    assert {a["availability_status"] for a in agents} <= {"online", "offline", "busy"}
    assert {a["role"] for a in agents} == {"administrator", "agent"}


def test_add_agent__flat_body_lower_cases_the_email(chatwoot: Chatwoot) -> None:
    response = add(chatwoot)
    assert response.status_code == 200
    agent = response.get_json()
    assert (agent["email"], agent["role"], agent["confirmed"], agent["availability_status"]) == (
        "jane.doe@example.com", "agent", False, "offline")
    assert agent["id"] in {a["id"] for a in chatwoot.get(AGENTS).get_json()}


def test_add_agent__wrapped_body_and_availability_key(chatwoot: Chatwoot) -> None:
    body = {"agent": {"name": "Wrapped", "email": "w@example.com", "role": "administrator", "availability": "busy",
                      "availability_status": "online"}}
    agent = chatwoot.post(AGENTS, json=body).get_json()
    assert (agent["name"], agent["role"], agent["availability_status"]) == ("Wrapped", "administrator", "busy")


def test_add_agent__an_agent_role_may_not(chatwoot: Chatwoot) -> None:
    before = len(chatwoot.state.users)
    response = chatwoot.post(AGENTS, token=AGENT_TOKEN, json={"name": "x", "email": "x@example.com"})
    assert_json(response, 401, NOT_AUTHORIZED)
    assert len(chatwoot.state.users) == before


@pytest.mark.parametrize(("body", "expected"), [
    ({"name": "", "email": "a@example.com"}, {"message": "Name can't be blank", "attributes": ["name"]}),
    ({"name": "A", "email": "not-an-email"}, {"message": "Email is invalid", "attributes": ["email"]}),
    ({"name": "A"}, {"message": "Email can't be blank", "attributes": ["email"]}),
    ({"name": "A", "email": "a@example.com", "role": "owner"},
     {"message": "'owner' is not a valid role", "attributes": ["role"]}),
])
def test_add_agent__invalid_is_422_and_stores_nothing(chatwoot: Chatwoot, body: dict, expected: dict) -> None:
    before = (len(chatwoot.state.users), len(chatwoot.state.account_users))
    assert_json(chatwoot.post(AGENTS, json=body), 422, expected)
    assert (len(chatwoot.state.users), len(chatwoot.state.account_users)) == before


def test_add_agent__existing_member_email_is_taken(chatwoot: Chatwoot) -> None:
    existing = chatwoot.state.users[2].email
    assert_json(add(chatwoot, email=existing.upper()), 422,
                {"message": "Email has already been taken", "attributes": ["email"]})


def test_add_agent__over_the_licence_limit_is_402(chatwoot: Chatwoot) -> None:
    chatwoot.state.accounts[1].limits["agents"] = len(chatwoot.state.account_users)
    assert_json(add(chatwoot), 402, {"error": "Account limit exceeded. Please purchase more licenses"})


@pytest.mark.parametrize("method", ["PATCH", "PUT"])
def test_update_agent__role_availability_and_name(chatwoot: Chatwoot, method: str) -> None:
    response = chatwoot.call(method, f"{AGENTS}/2", json={"role": "administrator", "availability": "online",
                                                           "auto_offline": False, "name": "Renamed"})
    agent = response.get_json()
    assert (agent["role"], agent["availability_status"], agent["auto_offline"], agent["name"]) == (
        "administrator", "online", False, "Renamed")


def test_update_agent__unknown_is_404_before_the_role_check(chatwoot: Chatwoot) -> None:
    assert_json(chatwoot.patch(f"{AGENTS}/999", token=AGENT_TOKEN, json={"role": "agent"}), 404, NOT_FOUND)
    assert_json(chatwoot.patch(f"{AGENTS}/1", token=AGENT_TOKEN, json={"role": "agent"}), 401, NOT_AUTHORIZED)


def test_remove_agent__empty_200_and_the_user_goes_when_it_has_no_account(chatwoot: Chatwoot) -> None:
    response = chatwoot.delete(f"{AGENTS}/3")
    assert (response.status_code, response.get_data()) == (200, b"")
    assert 3 not in chatwoot.state.users
    assert 3 not in {a["id"] for a in chatwoot.get(AGENTS).get_json()}
    assert_json(chatwoot.delete(f"{AGENTS}/3"), 404, NOT_FOUND)


def test_remove_agent__agents_may_not(chatwoot: Chatwoot) -> None:
    assert_json(chatwoot.delete(f"{AGENTS}/3", token=AGENT_TOKEN), 401, NOT_AUTHORIZED)
    assert 3 in chatwoot.state.users


def test_add_agent__the_licence_limit_comes_before_the_record_checks(chatwoot: Chatwoot) -> None:
    chatwoot.state.accounts[1].limits["agents"] = len(chatwoot.state.members(1))
    assert_json(chatwoot.post(f"{ACCOUNT}/agents", json={"name": "", "email": "not-an-email"}), 402,
                {"error": "Account limit exceeded. Please purchase more licenses"})
