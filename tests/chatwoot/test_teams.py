"""Teams and team members: names lower-cased and unique, admin-only writes, the real member answers."""

from __future__ import annotations

import pytest

from tests.chatwoot.support import ACCOUNT, AGENT_TOKEN, NOT_AUTHORIZED, NOT_FOUND, Chatwoot, assert_json

TEAMS = f"{ACCOUNT}/teams"


def members(chatwoot: Chatwoot, team_id: int = 1) -> list[int]:
    return [a["id"] for a in chatwoot.get(f"{TEAMS}/{team_id}/team_members").get_json()]


def test_list_teams__plain_array_with_is_member_for_the_caller(chatwoot: Chatwoot) -> None:
    teams = chatwoot.get(TEAMS, token=AGENT_TOKEN).get_json()
    assert teams == [
        {"id": 1, "name": "support", "description": "First-line support", "allow_auto_assign": True,
         "account_id": 1, "is_member": True},
        {"id": 2, "name": "sales", "description": "Orders and offers", "allow_auto_assign": True,
         "account_id": 1, "is_member": True},
    ]
    assert [t["is_member"] for t in chatwoot.get(TEAMS).get_json()] == [True, False]


def test_create_team__name_lower_cased_flat_or_wrapped(chatwoot: Chatwoot) -> None:
    created = chatwoot.post(TEAMS, json={"team": {"name": "Billing Team", "allow_auto_assign": False}}).get_json()
    assert (created["name"], created["allow_auto_assign"], created["is_member"]) == ("billing team", False, False)
    assert chatwoot.get(f"{TEAMS}/{created['id']}").get_json() == created


@pytest.mark.parametrize(("name", "message"), [("SUPPORT", "Name has already been taken"),
                                               ("", "Name can't be blank")])
def test_create_team__duplicate_or_blank_is_422(chatwoot: Chatwoot, name: str, message: str) -> None:
    assert_json(chatwoot.post(TEAMS, json={"name": name}), 422, {"message": message, "attributes": ["name"]})
    assert len(chatwoot.state.teams) == 2


def test_team_writes__administrators_only(chatwoot: Chatwoot) -> None:
    assert_json(chatwoot.post(TEAMS, token=AGENT_TOKEN, json={"name": "x"}), 401, NOT_AUTHORIZED)
    assert_json(chatwoot.patch(f"{TEAMS}/1", token=AGENT_TOKEN, json={"name": "x"}), 401, NOT_AUTHORIZED)
    assert_json(chatwoot.delete(f"{TEAMS}/1", token=AGENT_TOKEN), 401, NOT_AUTHORIZED)
    assert_json(chatwoot.post(f"{TEAMS}/1/team_members", token=AGENT_TOKEN, json={"user_ids": [4]}), 401,
                NOT_AUTHORIZED)


def test_unknown_team__404_before_the_role_check(chatwoot: Chatwoot) -> None:
    assert_json(chatwoot.get(f"{TEAMS}/99"), 404, NOT_FOUND)
    assert_json(chatwoot.patch(f"{TEAMS}/99", token=AGENT_TOKEN, json={"name": "x"}), 404, NOT_FOUND)
    assert_json(chatwoot.get(f"{TEAMS}/99/team_members"), 404, NOT_FOUND)


def test_update_and_delete_team(chatwoot: Chatwoot) -> None:
    updated = chatwoot.put(f"{TEAMS}/2", json={"name": "Sales EU", "description": "Europe"}).get_json()
    assert (updated["name"], updated["description"]) == ("sales eu", "Europe")
    response = chatwoot.delete(f"{TEAMS}/2")
    assert (response.status_code, response.get_data()) == (200, b"")
    assert_json(chatwoot.get(f"{TEAMS}/2"), 404, NOT_FOUND)


def test_add_members__answers_only_the_new_ones(chatwoot: Chatwoot) -> None:
    assert members(chatwoot) == [1, 2, 3]
    added = chatwoot.post(f"{TEAMS}/1/team_members", json={"user_ids": [3, 4]}).get_json()
    assert [a["id"] for a in added] == [4]
    assert members(chatwoot) == [1, 2, 3, 4]


def test_add_members__ids_outside_the_account_are_401(chatwoot: Chatwoot) -> None:
    assert_json(chatwoot.post(f"{TEAMS}/1/team_members", json={"user_ids": [4, 999]}), 401,
                {"error": "Invalid User IDs"})
    assert members(chatwoot) == [1, 2, 3]


def test_replace_members__answers_every_member(chatwoot: Chatwoot) -> None:
    replaced = chatwoot.patch(f"{TEAMS}/1/team_members", json={"user_ids": [4, 5]}).get_json()
    assert [a["id"] for a in replaced] == [4, 5]
    assert members(chatwoot) == [4, 5]


def test_remove_members__empty_200(chatwoot: Chatwoot) -> None:
    response = chatwoot.delete(f"{TEAMS}/1/team_members", json={"user_ids": [2]})
    assert (response.status_code, response.get_data()) == (200, b"")
    assert members(chatwoot) == [1, 3]


def test_members__user_ids_required(chatwoot: Chatwoot) -> None:
    response = chatwoot.post(f"{TEAMS}/1/team_members", json={})
    assert response.status_code == 422
    assert response.get_json()["attributes"] == ["user_ids"]
