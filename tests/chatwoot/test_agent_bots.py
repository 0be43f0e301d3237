"""Agent bots of an account (global and own, admin-only writes) and what a bot's token may call."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.chatwoot.support import (
    ACCOUNT,
    AGENT_TOKEN,
    API,
    BOT_TOKEN,
    FAQ_BOT,
    NOT_AUTHORIZED,
    NOT_FOUND,
    TRIAGE_BOT,
    Chatwoot,
    assert_json,
)

BOTS = f"{ACCOUNT}/agent_bots"
BOTS_REFUSED = {"error": "Access to this endpoint is not authorized for bots"}
NOT_IN_ACCOUNT = {"error": "You are not authorized to access this account"}
NEW_BOT = {"name": "Order bot", "description": "Tracks parcels", "outgoing_url": "https://bots.example.com/order"}


def faq_token(chatwoot: Chatwoot) -> str:
    return chatwoot.state.agent_bots[2].access_token


# ---- list and show ----------------------------------------------------------------------------------


@pytest.mark.parametrize("token", [None, AGENT_TOKEN])
def test_list_agent_bots__plain_array_of_global_and_own_bots(chatwoot: Chatwoot, token: str | None) -> None:
    kwargs: dict[str, Any] = {"token": token} if token else {}
    assert_json(chatwoot.get(BOTS, **kwargs), 200, [TRIAGE_BOT, FAQ_BOT])


def test_list_agent_bots__access_token_only_on_own_bots(chatwoot: Chatwoot) -> None:
    listed = {bot["id"]: bot for bot in chatwoot.get(BOTS).get_json()}
    assert listed[1]["access_token"] == BOT_TOKEN
    assert "access_token" not in listed[2]


def test_list_agent_bots__another_accounts_bot_is_not_listed(chatwoot: Chatwoot) -> None:
    foreign = copy.deepcopy(chatwoot.state.agent_bots[1])
    foreign.id, foreign.account_id, foreign.access_token = 50, 2, "foreign-bot-token"
    chatwoot.state.agent_bots[50] = foreign
    assert [bot["id"] for bot in chatwoot.get(BOTS).get_json()] == [1, 2]
    assert_json(chatwoot.get(f"{BOTS}/50"), 404, NOT_FOUND)


@pytest.mark.parametrize(("bot_id", "expected"), [(1, TRIAGE_BOT), (2, FAQ_BOT)])
@pytest.mark.parametrize("token", [None, AGENT_TOKEN])
def test_show_agent_bot__own_and_global_bots(
        chatwoot: Chatwoot, bot_id: int, expected: dict[str, Any], token: str | None) -> None:
    kwargs: dict[str, Any] = {"token": token} if token else {}
    assert_json(chatwoot.get(f"{BOTS}/{bot_id}", **kwargs), 200, expected)


def test_show_agent_bot__unknown_is_404(chatwoot: Chatwoot) -> None:
    assert_json(chatwoot.get(f"{BOTS}/99"), 404, NOT_FOUND)


# ---- create, update, delete ---------------------------------------------------------------------------


def test_create_agent_bot__200_with_its_token(chatwoot: Chatwoot) -> None:
    response = chatwoot.post(BOTS, json=NEW_BOT)
    assert response.status_code == 200
    created = response.get_json()
    token = created["access_token"]
    assert isinstance(token, str) and token and token not in {BOT_TOKEN, faq_token(chatwoot)}
    assert created == {"id": 3, **NEW_BOT, "bot_type": "webhook", "bot_config": {}, "account_id": 1,
                       "access_token": token}
    assert_json(chatwoot.get(f"{BOTS}/3"), 200, created)
    assert [bot["id"] for bot in chatwoot.get(BOTS).get_json()] == [1, 2, 3]


def test_create_agent_bot__administrators_only(chatwoot: Chatwoot) -> None:
    assert_json(chatwoot.post(BOTS, token=AGENT_TOKEN, json=NEW_BOT), 401, NOT_AUTHORIZED)
    assert sorted(chatwoot.state.agent_bots) == [1, 2]


@pytest.mark.parametrize("method", ["PATCH", "PUT"])
def test_update_agent_bot__own_bot(chatwoot: Chatwoot, method: str) -> None:
    response = chatwoot.call(method, f"{BOTS}/1", json={"name": "Triage bot 2",
                                                        "outgoing_url": "https://bots.example.com/triage"})
    expected = {**TRIAGE_BOT, "name": "Triage bot 2", "outgoing_url": "https://bots.example.com/triage"}
    assert_json(response, 200, expected)
    assert_json(chatwoot.get(f"{BOTS}/1"), 200, expected)


def test_update_agent_bot__global_bot_is_404(chatwoot: Chatwoot) -> None:
    assert_json(chatwoot.patch(f"{BOTS}/2", json={"name": "Mine now"}), 404, NOT_FOUND)
    assert_json(chatwoot.patch(f"{BOTS}/99", json={"name": "Mine now"}), 404, NOT_FOUND)
    assert_json(chatwoot.get(f"{BOTS}/2"), 200, FAQ_BOT)


def test_update_agent_bot__administrators_only(chatwoot: Chatwoot) -> None:
    assert_json(chatwoot.patch(f"{BOTS}/1", token=AGENT_TOKEN, json={"name": "x"}), 401, NOT_AUTHORIZED)
    assert_json(chatwoot.get(f"{BOTS}/1"), 200, TRIAGE_BOT)


def test_agent_bot_writes__role_checked_before_the_bot_is_looked_up(chatwoot: Chatwoot) -> None:
    """The controller's check_authorization runs before its agent_bot before-action."""
    assert_json(chatwoot.patch(f"{BOTS}/99", token=AGENT_TOKEN, json={"name": "x"}), 401, NOT_AUTHORIZED)
    assert_json(chatwoot.patch(f"{BOTS}/2", token=AGENT_TOKEN, json={"name": "x"}), 401, NOT_AUTHORIZED)
    assert_json(chatwoot.delete(f"{BOTS}/99", token=AGENT_TOKEN), 401, NOT_AUTHORIZED)


def test_delete_agent_bot__200_empty_and_its_inbox_loses_it(chatwoot: Chatwoot) -> None:
    response = chatwoot.delete(f"{BOTS}/1")
    assert (response.status_code, response.get_data()) == (200, b"")
    assert_json(chatwoot.get(f"{BOTS}/1"), 404, NOT_FOUND)
    assert_json(chatwoot.get(BOTS), 200, [FAQ_BOT])
    assert_json(chatwoot.get(f"{ACCOUNT}/inboxes/3/agent_bot"), 200, {"agent_bot": {}})
    assert chatwoot.state.inboxes[3].agent_bot_id is None
    assert_json(chatwoot.post(f"{ACCOUNT}/conversations/5/messages", token=BOT_TOKEN, json={"content": "hi"}),
                401, {"error": "Invalid Access Token"})


def test_delete_agent_bot__global_or_unknown_is_404(chatwoot: Chatwoot) -> None:
    assert_json(chatwoot.delete(f"{BOTS}/2"), 404, NOT_FOUND)
    assert_json(chatwoot.delete(f"{BOTS}/99"), 404, NOT_FOUND)
    assert sorted(chatwoot.state.agent_bots) == [1, 2]


AGENT_WRITES = [
    ("POST", BOTS, NEW_BOT),
    ("PATCH", f"{BOTS}/1", {"name": "x", "outgoing_url": "https://evil.example.com"}),
    ("PUT", f"{BOTS}/1", {"description": "x"}),
    ("DELETE", f"{BOTS}/1", None),
]


@pytest.mark.parametrize(("method", "path", "body"), AGENT_WRITES)
def test_agent_bot_writes__by_an_agent_change_nothing(
        chatwoot: Chatwoot, method: str, path: str, body: dict[str, Any] | None) -> None:
    bots, inboxes = copy.deepcopy(chatwoot.state.agent_bots), copy.deepcopy(chatwoot.state.inboxes)
    assert_json(chatwoot.call(method, path, token=AGENT_TOKEN, json=body), 401, NOT_AUTHORIZED)
    assert (chatwoot.state.agent_bots, chatwoot.state.inboxes) == (bots, inboxes)


@pytest.mark.parametrize(("method", "path", "body"), [*AGENT_WRITES, ("GET", BOTS, None), ("GET", f"{BOTS}/1", None)])
def test_agent_bot_endpoints__refuse_bot_tokens(
        chatwoot: Chatwoot, method: str, path: str, body: dict[str, Any] | None) -> None:
    bots = copy.deepcopy(chatwoot.state.agent_bots)
    assert_json(chatwoot.call(method, path, token=BOT_TOKEN, json=body), 401, BOTS_REFUSED)
    assert chatwoot.state.agent_bots == bots


# ---- bot tokens ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("method", "path", "body"), [
    ("GET", f"{ACCOUNT}/inboxes", None),
    ("GET", f"{ACCOUNT}/contacts", None),
    ("GET", f"{API}/profile", None),
    ("GET", f"{ACCOUNT}/conversations", None),
    ("GET", f"{ACCOUNT}/conversations/5", None),
    ("GET", f"{ACCOUNT}/conversations/5/messages", None),
    ("POST", f"{ACCOUNT}/conversations/5/toggle_priority", {"priority": "high"}),
    ("POST", f"{ACCOUNT}/conversations/5/assignments", {"assignee_id": 3}),
    ("POST", f"{ACCOUNT}/conversations/filter", {"payload": []}),
    ("POST", f"{ACCOUNT}/contacts/filter", {"payload": []}),
])
def test_bot_token__users_only_endpoint_is_401(
        chatwoot: Chatwoot, method: str, path: str, body: dict[str, Any] | None) -> None:
    assert_json(chatwoot.call(method, path, token=BOT_TOKEN, json=body), 401, BOTS_REFUSED)


def test_bot_token__refused_before_the_account_is_looked_up(chatwoot: Chatwoot) -> None:
    assert_json(chatwoot.get(f"{API}/accounts/99/inboxes", token=BOT_TOKEN), 401, BOTS_REFUSED)


def test_bot_token__creates_a_conversation_in_its_inbox(chatwoot: Chatwoot) -> None:
    response = chatwoot.post(f"{ACCOUNT}/conversations", token=BOT_TOKEN,
                             json={"inbox_id": 3, "contact_id": 1, "message": {"content": "Hello from the bot"}})
    assert response.status_code == 200
    created = response.get_json()
    assert (created["id"], created["inbox_id"], created["status"], created["meta"]["sender"]["id"]) == (
        37, 3, "pending", 1)
    assert created["messages"][0]["content"] == "Hello from the bot"
    assert created["messages"][0]["sender"] == {"id": 1, "name": "Triage bot", "avatar_url": "",
                                                "type": "agent_bot"}
    assert chatwoot.get(f"{ACCOUNT}/conversations/37").get_json()["inbox_id"] == 3


def test_bot_token__toggles_the_status_of_its_conversation(chatwoot: Chatwoot) -> None:
    assert chatwoot.conversation(5).status == "pending"
    response = chatwoot.post(f"{ACCOUNT}/conversations/5/toggle_status", token=BOT_TOKEN, json={"status": "open"})
    assert_json(response, 200, {"meta": {}, "payload": {"success": True, "conversation_id": 5,
                                                        "current_status": "open", "snoozed_until": None}})
    assert chatwoot.get(f"{ACCOUNT}/conversations/5").get_json()["status"] == "open"


def test_bot_token__message_sender_is_the_agent_bot(chatwoot: Chatwoot) -> None:
    response = chatwoot.post(f"{ACCOUNT}/conversations/5/messages", token=BOT_TOKEN,
                             json={"content": "Which order is it about?"})
    assert response.status_code == 200
    message = response.get_json()
    assert (message["content"], message["message_type"], message["private"], message["conversation_id"],
            message["inbox_id"]) == ("Which order is it about?", 1, False, 5, 3)
    assert message["sender"] == {"id": 1, "name": "Triage bot", "avatar_url": "", "type": "agent_bot"}
    listed = chatwoot.get(f"{ACCOUNT}/conversations/5/messages").get_json()["payload"]
    assert listed[-1] == message


@pytest.mark.parametrize(("method", "path", "body"), [
    ("POST", f"{ACCOUNT}/conversations", {"inbox_id": 3, "contact_id": 1}),
    ("POST", f"{ACCOUNT}/conversations/5/toggle_status", {"status": "open"}),
    ("POST", f"{ACCOUNT}/conversations/5/messages", {"content": "hi"}),
])
def test_bot_token__bot_not_attached_to_the_account_is_401(
        chatwoot: Chatwoot, method: str, path: str, body: dict[str, Any]) -> None:
    before = (len(chatwoot.state.conversations), len(chatwoot.state.messages), chatwoot.conversation(5).status)
    assert_json(chatwoot.call(method, path, token=faq_token(chatwoot), json=body), 401, NOT_IN_ACCOUNT)
    assert (len(chatwoot.state.conversations), len(chatwoot.state.messages),
            chatwoot.conversation(5).status) == before


def test_bot_token__detached_bot_loses_the_account(chatwoot: Chatwoot) -> None:
    chatwoot.post(f"{ACCOUNT}/inboxes/3/set_agent_bot", json={"agent_bot": None})
    assert_json(chatwoot.post(f"{ACCOUNT}/conversations/5/messages", token=BOT_TOKEN, json={"content": "hi"}),
                401, NOT_IN_ACCOUNT)
    chatwoot.post(f"{ACCOUNT}/inboxes/3/set_agent_bot", json={"agent_bot": 1})
    assert chatwoot.post(f"{ACCOUNT}/conversations/5/messages", token=BOT_TOKEN,
                         json={"content": "hi"}).status_code == 200


def test_bot_token__a_new_bot_passes_once_attached(chatwoot: Chatwoot) -> None:
    token = chatwoot.post(BOTS, json=NEW_BOT).get_json()["access_token"]
    assert_json(chatwoot.post(f"{ACCOUNT}/conversations/5/toggle_status", token=token, json={"status": "open"}),
                401, NOT_IN_ACCOUNT)
    chatwoot.post(f"{ACCOUNT}/inboxes/3/set_agent_bot", json={"agent_bot": 3})
    response = chatwoot.post(f"{ACCOUNT}/conversations/5/messages", token=token, json={"content": "Parcel?"})
    assert response.status_code == 200
    assert response.get_json()["sender"] == {"id": 3, "name": "Order bot", "avatar_url": "", "type": "agent_bot"}
    assert_json(chatwoot.post(f"{ACCOUNT}/conversations/5/messages", token=BOT_TOKEN, json={"content": "hi"}),
                401, NOT_IN_ACCOUNT)


@pytest.mark.parametrize(("path", "body"), [
    ("conversations", {"inbox_id": 3, "contact_id": 1}),
    ("conversations/5/toggle_status", {"status": "open"}),
    ("conversations/5/messages", {"content": "hi"}),
])
def test_bot_token__unknown_account_is_404(chatwoot: Chatwoot, path: str, body: dict[str, Any]) -> None:
    assert_json(chatwoot.post(f"{API}/accounts/99/{path}", token=BOT_TOKEN, json=body), 404, NOT_FOUND)
