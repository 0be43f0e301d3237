"""Inboxes, their agent bot and inbox members: the real v3.1 shapes, roles and order of checks."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.chatwoot.support import (
    ACCOUNT,
    AGENT_TOKEN,
    BOT_TOKEN,
    FAQ_BOT,
    NOT_AUTHORIZED,
    NOT_FOUND,
    TRIAGE_BOT,
    Chatwoot,
    assert_json,
)

INBOXES = f"{ACCOUNT}/inboxes"
MEMBERS = f"{ACCOUNT}/inbox_members"
COMMON_KEYS = {
    "id", "avatar_url", "channel_id", "name", "channel_type", "greeting_enabled", "greeting_message",
    "working_hours_enabled", "enable_email_collect", "csat_survey_enabled", "enable_auto_assignment",
    "auto_assignment_config", "out_of_office_message", "working_hours", "timezone", "callback_webhook_url",
    "allow_messages_after_resolved", "lock_to_single_conversation", "sender_name_type", "business_name",
    "widget_color", "website_url", "hmac_mandatory", "welcome_title", "welcome_tagline", "web_widget_script",
    "website_token", "selected_feature_flags", "reply_time", "provider",
}
WIDGET_KEYS = COMMON_KEYS | {"pre_chat_form_enabled", "pre_chat_form_options", "continuity_via_email"}
API_KEYS = COMMON_KEYS | {"webhook_url", "inbox_identifier", "additional_attributes"}
USER_MUST_EXIST = {"message": "User must exist", "attributes": ["user"]}


def inbox_ids(chatwoot: Chatwoot, token: str | None = None) -> list[int]:
    kwargs: dict[str, Any] = {"token": token} if token else {}
    return [inbox["id"] for inbox in chatwoot.get(INBOXES, **kwargs).get_json()["payload"]]


def member_ids(chatwoot: Chatwoot, inbox_id: int) -> list[int]:
    return [agent["id"] for agent in chatwoot.get(f"{MEMBERS}/{inbox_id}").get_json()["payload"]]


def assert_empty_200(response: Any) -> None:
    assert (response.status_code, response.get_data()) == (200, b"")


# ---- list and show ---------------------------------------------------------------------------------


def test_list_inboxes__payload_envelope_with_every_inbox_for_administrators(chatwoot: Chatwoot) -> None:
    body = chatwoot.get(INBOXES).get_json()
    assert list(body) == ["payload"]
    assert [(i["id"], i["name"], i["channel_type"]) for i in body["payload"]] == [
        (1, "Website", "Channel::WebWidget"), (2, "Shop API", "Channel::Api"), (3, "Mobile app", "Channel::Api")]


def test_list_inboxes__agents_see_only_their_inboxes(chatwoot: Chatwoot) -> None:
    assert inbox_ids(chatwoot, AGENT_TOKEN) == [1, 2]
    sanne = chatwoot.state.users[3].access_token
    assert inbox_ids(chatwoot, sanne) == [1, 3]


@pytest.mark.parametrize(("token", "hmac"), [(None, True), (AGENT_TOKEN, False)])
def test_inbox_json__widget_keys_and_hmac_token_only_for_administrators(
        chatwoot: Chatwoot, token: str | None, hmac: bool) -> None:
    kwargs: dict[str, Any] = {"token": token} if token else {}
    widget = chatwoot.get(f"{INBOXES}/1", **kwargs).get_json()
    assert set(widget) == WIDGET_KEYS | ({"hmac_token"} if hmac else set())
    seeded = chatwoot.state.inboxes[1]
    assert widget["website_token"] == seeded.website_token
    assert f"websiteToken: '{seeded.website_token}'" in widget["web_widget_script"]
    assert (widget["website_url"], widget["widget_color"], widget["welcome_title"]) == (
        "https://shop.example.com", "#1f93ff", "Hi there!")
    assert (widget["pre_chat_form_enabled"], widget["continuity_via_email"]) == (False, True)
    if hmac:
        assert widget["hmac_token"] == seeded.hmac_token


@pytest.mark.parametrize(("token", "hmac"), [(None, True), (AGENT_TOKEN, False)])
def test_inbox_json__api_keys_and_hmac_token_only_for_administrators(
        chatwoot: Chatwoot, token: str | None, hmac: bool) -> None:
    kwargs: dict[str, Any] = {"token": token} if token else {}
    api = chatwoot.get(f"{INBOXES}/2", **kwargs).get_json()
    assert set(api) == API_KEYS | ({"hmac_token"} if hmac else set())
    seeded = chatwoot.state.inboxes[2]
    assert api["inbox_identifier"] == seeded.identifier
    assert (api["webhook_url"], api["additional_attributes"]) == (None, {})
    assert (api["website_token"], api["web_widget_script"], api["website_url"]) == (None, None, None)
    if hmac:
        assert api["hmac_token"] == seeded.hmac_token


def test_list_inboxes__entries_equal_the_single_inbox_json(chatwoot: Chatwoot) -> None:
    listed = chatwoot.get(INBOXES).get_json()["payload"]
    assert listed == [chatwoot.get(f"{INBOXES}/{i}").get_json() for i in (1, 2, 3)]


@pytest.mark.parametrize("path", [f"{INBOXES}/1/", f"{INBOXES}/"])
def test_inboxes__trailing_slash_is_ignored(chatwoot: Chatwoot, path: str) -> None:
    response = chatwoot.get(path)
    assert response.status_code == 200
    assert response.get_json() == chatwoot.get(path.rstrip("/")).get_json()


def test_show_inbox__unknown_is_404(chatwoot: Chatwoot) -> None:
    assert_json(chatwoot.get(f"{INBOXES}/99"), 404, NOT_FOUND)
    assert_json(chatwoot.get(f"{INBOXES}/99", token=AGENT_TOKEN), 404, NOT_FOUND)


def test_show_inbox__agent_not_a_member_is_401(chatwoot: Chatwoot) -> None:
    assert_json(chatwoot.get(f"{INBOXES}/3", token=AGENT_TOKEN), 401, NOT_AUTHORIZED)
    assert chatwoot.get(f"{INBOXES}/1", token=AGENT_TOKEN).status_code == 200


# ---- create ------------------------------------------------------------------------------------------


def test_create_inbox__web_widget(chatwoot: Chatwoot) -> None:
    response = chatwoot.post(INBOXES, json={
        "name": "Help centre", "greeting_enabled": True, "greeting_message": "Welcome!",
        "channel": {"type": "web_widget", "website_url": "https://help.example.com", "welcome_title": "Hey",
                    "welcome_tagline": "Ask away", "widget_color": "#ff0000"}})
    assert response.status_code == 200
    created = response.get_json()
    assert set(created) == WIDGET_KEYS | {"hmac_token"}
    assert created["id"] == 4
    assert (created["name"], created["channel_type"], created["website_url"], created["welcome_title"],
            created["welcome_tagline"], created["widget_color"], created["greeting_enabled"],
            created["greeting_message"]) == ("Help centre", "Channel::WebWidget", "https://help.example.com",
                                             "Hey", "Ask away", "#ff0000", True, "Welcome!")
    assert created["website_token"]
    assert f"websiteToken: '{created['website_token']}'" in created["web_widget_script"]
    assert chatwoot.get(f"{INBOXES}/4").get_json() == created
    assert inbox_ids(chatwoot) == [1, 2, 3, 4]


def test_create_inbox__api_channel_gets_an_inbox_identifier(chatwoot: Chatwoot) -> None:
    response = chatwoot.post(f"{INBOXES}/", json={
        "name": "Partner API", "channel": {"type": "api", "webhook_url": "https://partner.example.com/hook"}})
    assert response.status_code == 200
    created = response.get_json()
    assert set(created) == API_KEYS | {"hmac_token"}
    assert (created["name"], created["channel_type"], created["webhook_url"]) == (
        "Partner API", "Channel::Api", "https://partner.example.com/hook")
    assert isinstance(created["inbox_identifier"], str) and created["inbox_identifier"]
    assert created["inbox_identifier"] not in {i.identifier for i in chatwoot.state.inboxes.values()
                                               if i.id != created["id"]}
    assert chatwoot.state.inboxes[created["id"]].identifier == created["inbox_identifier"]
    assert chatwoot.get(f"{INBOXES}/{created['id']}").get_json() == created


@pytest.mark.parametrize(("body", "error"), [
    ({"name": "Help centre", "channel": {"type": "web_widget"}},
     {"message": "Website url can't be blank", "attributes": ["website_url"]}),
    ({"name": "Help centre", "channel": {"type": "web_widget", "website_url": "  "}},
     {"message": "Website url can't be blank", "attributes": ["website_url"]}),
    ({"name": "", "channel": {"type": "api"}}, {"message": "Name can't be blank", "attributes": ["name"]}),
    ({"name": "   ", "channel": {"type": "api"}}, {"message": "Name can't be blank", "attributes": ["name"]}),
    ({"name": "Mail", "channel": {"type": "carrier_pigeon"}},
     {"message": "Channel type is not supported: use web_widget or api", "attributes": ["channel"]}),
    ({"name": "No channel"},
     {"message": "Channel type is not supported: use web_widget or api", "attributes": ["channel"]}),
])
def test_create_inbox__invalid_is_422_and_stores_nothing(
        chatwoot: Chatwoot, body: dict[str, Any], error: dict[str, Any]) -> None:
    before = copy.deepcopy(chatwoot.state.inboxes)
    assert_json(chatwoot.post(INBOXES, json=body), 422, error)
    assert chatwoot.state.inboxes == before
    created = chatwoot.post(INBOXES, json={"name": "Next", "channel": {"type": "api"}}).get_json()
    assert created["id"] == 4


def test_create_inbox__administrators_only(chatwoot: Chatwoot) -> None:
    body = {"name": "Help centre", "channel": {"type": "web_widget", "website_url": "https://help.example.com"}}
    assert_json(chatwoot.post(INBOXES, token=AGENT_TOKEN, json=body), 401, NOT_AUTHORIZED)
    assert sorted(chatwoot.state.inboxes) == [1, 2, 3]


# ---- update ------------------------------------------------------------------------------------------


def test_update_inbox__settings_and_widget_channel_fields(chatwoot: Chatwoot) -> None:
    response = chatwoot.patch(f"{INBOXES}/1", json={
        "name": "Web shop", "greeting_message": "Hoi!", "csat_survey_enabled": True,
        "channel": {"widget_color": "#000000", "welcome_title": "Welkom"}})
    assert response.status_code == 200
    updated = response.get_json()
    assert (updated["name"], updated["greeting_message"], updated["csat_survey_enabled"],
            updated["widget_color"], updated["welcome_title"], updated["website_url"],
            updated["enable_auto_assignment"]) == ("Web shop", "Hoi!", True, "#000000", "Welkom",
                                                   "https://shop.example.com", True)
    assert chatwoot.get(f"{INBOXES}/1").get_json() == updated


def test_update_inbox__put_sets_the_api_webhook_url(chatwoot: Chatwoot) -> None:
    response = chatwoot.put(f"{INBOXES}/2", json={"channel": {"webhook_url": "https://shop.example.com/cw"}})
    assert response.status_code == 200
    updated = response.get_json()
    assert (updated["webhook_url"], updated["name"]) == ("https://shop.example.com/cw", "Shop API")
    assert updated["inbox_identifier"] == chatwoot.state.inboxes[2].identifier
    assert chatwoot.get(f"{INBOXES}/2").get_json()["webhook_url"] == "https://shop.example.com/cw"


def test_update_inbox__enable_auto_assignment_is_not_required(chatwoot: Chatwoot) -> None:
    response = chatwoot.patch(f"{INBOXES}/3", json={"greeting_enabled": True})
    assert response.status_code == 200
    assert (response.get_json()["greeting_enabled"], response.get_json()["enable_auto_assignment"]) == (True, True)
    switched = chatwoot.patch(f"{INBOXES}/3", json={"enable_auto_assignment": False}).get_json()
    assert (switched["enable_auto_assignment"], switched["greeting_enabled"]) == (False, True)


def test_update_inbox__blank_widget_url_is_422(chatwoot: Chatwoot) -> None:
    before = copy.deepcopy(chatwoot.state.inboxes)
    assert_json(chatwoot.patch(f"{INBOXES}/1", json={"name": "x", "channel": {"website_url": ""}}), 422,
                {"message": "Website url can't be blank", "attributes": ["website_url"]})
    assert chatwoot.state.inboxes == before


@pytest.mark.parametrize("inbox_id", [1, 3])
def test_update_inbox__administrators_only(chatwoot: Chatwoot, inbox_id: int) -> None:
    before = copy.deepcopy(chatwoot.state.inboxes)
    assert_json(chatwoot.patch(f"{INBOXES}/{inbox_id}", token=AGENT_TOKEN, json={"name": "Mine"}), 401,
                NOT_AUTHORIZED)
    assert_json(chatwoot.put(f"{INBOXES}/{inbox_id}", token=AGENT_TOKEN, json={"name": "Mine"}), 401,
                NOT_AUTHORIZED)
    assert chatwoot.state.inboxes == before


@pytest.mark.parametrize("method", ["PATCH", "PUT"])
def test_update_inbox__unknown_is_404_before_the_role_check(chatwoot: Chatwoot, method: str) -> None:
    assert_json(chatwoot.call(method, f"{INBOXES}/99", json={"name": "x"}), 404, NOT_FOUND)
    assert_json(chatwoot.call(method, f"{INBOXES}/99", token=AGENT_TOKEN, json={"name": "x"}), 404, NOT_FOUND)


# ---- the inbox's agent bot ---------------------------------------------------------------------------


def test_inbox_agent_bot__the_attached_bot_or_an_empty_object(chatwoot: Chatwoot) -> None:
    assert_json(chatwoot.get(f"{INBOXES}/3/agent_bot"), 200, {"agent_bot": TRIAGE_BOT})
    assert_json(chatwoot.get(f"{INBOXES}/1/agent_bot"), 200, {"agent_bot": {}})


def test_inbox_agent_bot__unknown_inbox_404_and_non_member_401(chatwoot: Chatwoot) -> None:
    assert_json(chatwoot.get(f"{INBOXES}/99/agent_bot"), 404, NOT_FOUND)
    assert_json(chatwoot.get(f"{INBOXES}/3/agent_bot", token=AGENT_TOKEN), 401, NOT_AUTHORIZED)


def test_set_agent_bot__200_with_an_empty_body(chatwoot: Chatwoot) -> None:
    assert_empty_200(chatwoot.post(f"{INBOXES}/1/set_agent_bot", json={"agent_bot": 2}))
    assert_json(chatwoot.get(f"{INBOXES}/1/agent_bot"), 200, {"agent_bot": FAQ_BOT})
    assert chatwoot.state.inboxes[1].agent_bot_id == 2
    assert_empty_200(chatwoot.post(f"{INBOXES}/3/set_agent_bot", json={"agent_bot": 2}))
    assert_json(chatwoot.get(f"{INBOXES}/3/agent_bot"), 200, {"agent_bot": FAQ_BOT})


def test_set_agent_bot__null_removes_it(chatwoot: Chatwoot) -> None:
    assert_empty_200(chatwoot.post(f"{INBOXES}/3/set_agent_bot", json={"agent_bot": None}))
    assert_json(chatwoot.get(f"{INBOXES}/3/agent_bot"), 200, {"agent_bot": {}})
    assert chatwoot.state.inboxes[3].agent_bot_id is None
    assert 1 in chatwoot.state.agent_bots


def test_set_agent_bot__unknown_bot_or_inbox_is_404(chatwoot: Chatwoot) -> None:
    assert_json(chatwoot.post(f"{INBOXES}/1/set_agent_bot", json={"agent_bot": 99}), 404, NOT_FOUND)
    assert_json(chatwoot.post(f"{INBOXES}/99/set_agent_bot", json={"agent_bot": 1}), 404, NOT_FOUND)
    assert [i.agent_bot_id for i in chatwoot.state.inboxes.values()] == [None, None, 1]


def test_set_agent_bot__administrators_only(chatwoot: Chatwoot) -> None:
    assert_json(chatwoot.post(f"{INBOXES}/1/set_agent_bot", token=AGENT_TOKEN, json={"agent_bot": 1}), 401,
                NOT_AUTHORIZED)
    assert_json(chatwoot.post(f"{INBOXES}/3/set_agent_bot", token=AGENT_TOKEN, json={"agent_bot": None}), 401,
                NOT_AUTHORIZED)
    assert [i.agent_bot_id for i in chatwoot.state.inboxes.values()] == [None, None, 1]


# ---- inbox members -----------------------------------------------------------------------------------


def test_inbox_members__payload_of_agent_json(chatwoot: Chatwoot) -> None:
    agents = {agent["id"]: agent for agent in chatwoot.get(f"{ACCOUNT}/agents").get_json()}
    for inbox_id in (1, 2, 3):
        expected = [agents[user_id] for user_id in chatwoot.state.inboxes[inbox_id].member_ids]
        assert_json(chatwoot.get(f"{MEMBERS}/{inbox_id}"), 200, {"payload": expected})
    assert member_ids(chatwoot, 1) == [1, 2, 3, 4]


def test_inbox_members__unknown_inbox_404_and_non_member_401(chatwoot: Chatwoot) -> None:
    assert_json(chatwoot.get(f"{MEMBERS}/99"), 404, NOT_FOUND)
    assert_json(chatwoot.get(f"{MEMBERS}/3", token=AGENT_TOKEN), 401, NOT_AUTHORIZED)
    assert chatwoot.get(f"{MEMBERS}/2", token=AGENT_TOKEN).status_code == 200


def test_add_inbox_members__answers_every_current_member(chatwoot: Chatwoot) -> None:
    response = chatwoot.post(MEMBERS, json={"inbox_id": 1, "user_ids": [4, 5, 6]})
    assert response.status_code == 200
    assert [agent["id"] for agent in response.get_json()["payload"]] == [1, 2, 3, 4, 5, 6]
    assert response.get_json() == chatwoot.get(f"{MEMBERS}/1").get_json()
    assert chatwoot.state.inboxes[1].member_ids == [1, 2, 3, 4, 5, 6]


def test_add_inbox_members__a_new_member_sees_the_inbox(chatwoot: Chatwoot) -> None:
    chatwoot.post(MEMBERS, json={"inbox_id": 3, "user_ids": [2]})
    assert inbox_ids(chatwoot, AGENT_TOKEN) == [1, 2, 3]
    assert chatwoot.get(f"{INBOXES}/3", token=AGENT_TOKEN).status_code == 200


@pytest.mark.parametrize("method", ["PATCH", "PUT"])
def test_update_inbox_members__replaces_the_set(chatwoot: Chatwoot, method: str) -> None:
    response = chatwoot.call(method, MEMBERS, json={"inbox_id": 1, "user_ids": [3, 7]})
    assert response.status_code == 200
    assert [agent["id"] for agent in response.get_json()["payload"]] == [3, 7]
    assert member_ids(chatwoot, 1) == [3, 7]
    assert inbox_ids(chatwoot, AGENT_TOKEN) == [2]


def test_remove_inbox_members__200_with_an_empty_body(chatwoot: Chatwoot) -> None:
    assert_empty_200(chatwoot.delete(MEMBERS, json={"inbox_id": 1, "user_ids": [2, 4]}))
    assert member_ids(chatwoot, 1) == [1, 3]
    assert_json(chatwoot.get(f"{INBOXES}/1", token=AGENT_TOKEN), 401, NOT_AUTHORIZED)


@pytest.mark.parametrize("method", ["POST", "PATCH", "DELETE"])
@pytest.mark.parametrize("user_ids", [[5, 999], [999]])
def test_inbox_members__unknown_user_is_422_user_must_exist(
        chatwoot: Chatwoot, method: str, user_ids: list[int]) -> None:
    assert_json(chatwoot.call(method, MEMBERS, json={"inbox_id": 1, "user_ids": user_ids}), 422, USER_MUST_EXIST)
    assert chatwoot.state.inboxes[1].member_ids == [1, 2, 3, 4]


def test_inbox_members__user_outside_the_account_is_422(chatwoot: Chatwoot) -> None:
    membership = next(m for m in chatwoot.state.account_users.values() if m.user_id == 8)
    del chatwoot.state.account_users[membership.id]
    assert 8 in chatwoot.state.users
    assert_json(chatwoot.post(MEMBERS, json={"inbox_id": 1, "user_ids": [8]}), 422, USER_MUST_EXIST)
    assert chatwoot.state.inboxes[1].member_ids == [1, 2, 3, 4]


@pytest.mark.parametrize("method", ["POST", "PATCH", "PUT", "DELETE"])
def test_inbox_members__administrators_only(chatwoot: Chatwoot, method: str) -> None:
    before = copy.deepcopy(chatwoot.state.inboxes)
    assert_json(chatwoot.call(method, MEMBERS, token=AGENT_TOKEN, json={"inbox_id": 1, "user_ids": [5]}), 401,
                NOT_AUTHORIZED)
    assert chatwoot.state.inboxes == before


@pytest.mark.parametrize("method", ["POST", "PATCH", "DELETE"])
@pytest.mark.parametrize("token", [None, AGENT_TOKEN])
def test_inbox_members__unknown_inbox_is_404_before_the_role_check(
        chatwoot: Chatwoot, method: str, token: str | None) -> None:
    kwargs: dict[str, Any] = {"token": token} if token else {}
    assert_json(chatwoot.call(method, MEMBERS, json={"inbox_id": 99, "user_ids": [5]}, **kwargs), 404, NOT_FOUND)


# ---- agents and bots leave inboxes alone ---------------------------------------------------------------

AGENT_WRITES = [
    ("POST", INBOXES, {"name": "Mine", "channel": {"type": "api"}}),
    ("PATCH", f"{INBOXES}/1", {"name": "Mine", "channel": {"widget_color": "#000000"}}),
    ("PUT", f"{INBOXES}/2", {"channel": {"webhook_url": "https://evil.example.com"}}),
    ("POST", f"{INBOXES}/1/set_agent_bot", {"agent_bot": 1}),
    ("POST", f"{INBOXES}/3/set_agent_bot", {"agent_bot": None}),
    ("POST", MEMBERS, {"inbox_id": 3, "user_ids": [2]}),
    ("PATCH", MEMBERS, {"inbox_id": 1, "user_ids": [2]}),
    ("DELETE", MEMBERS, {"inbox_id": 1, "user_ids": [1]}),
]


@pytest.mark.parametrize(("method", "path", "body"), AGENT_WRITES)
def test_inbox_writes__by_an_agent_change_nothing(
        chatwoot: Chatwoot, method: str, path: str, body: dict[str, Any]) -> None:
    before = copy.deepcopy(chatwoot.state.inboxes)
    assert_json(chatwoot.call(method, path, token=AGENT_TOKEN, json=body), 401, NOT_AUTHORIZED)
    assert chatwoot.state.inboxes == before


@pytest.mark.parametrize(("method", "path", "body"), [*AGENT_WRITES, ("GET", INBOXES, None),
                                                      ("GET", f"{MEMBERS}/3", None)])
def test_inbox_endpoints__refuse_bot_tokens(
        chatwoot: Chatwoot, method: str, path: str, body: dict[str, Any] | None) -> None:
    before = copy.deepcopy(chatwoot.state.inboxes)
    assert_json(chatwoot.call(method, path, token=BOT_TOKEN, json=body), 401,
                {"error": "Access to this endpoint is not authorized for bots"})
    assert chatwoot.state.inboxes == before
