"""Rails enum attributes of request bodies: the integer is read as its name; other values are refused as names are."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from werkzeug.test import TestResponse

from tests.chatwoot.support import ACCOUNT, PLATFORM_TOKEN, Chatwoot

PLATFORM = "/chatwoot/platform/api/v1"
CONVERSATIONS = f"{ACCOUNT}/conversations"
API_INBOX_CONVERSATION = 9  # incoming messages only in API inboxes
# The enums of Chatwoot v3.1's models, in integer order (`enum x: { name: 0, … }`).
ROLES = ("agent", "administrator")
AVAILABILITIES = ("online", "offline", "busy")
DISPLAY_TYPES = ("text", "number", "currency", "percent", "link", "date", "list", "checkbox")
ATTRIBUTE_MODELS = ("conversation_attribute", "contact_attribute")
FILTER_TYPES = ("conversation", "contact", "report")
BOT_TYPES = ("webhook", "csml")
SENDER_NAME_TYPES = ("friendly", "professional")
REPLY_TIMES = ("in_a_few_minutes", "in_a_few_hours", "in_a_day")
STATUSES = ("open", "resolved", "pending", "snoozed")
PRIORITIES = ("low", "medium", "high", "urgent")
MESSAGE_TYPES = ("incoming", "outgoing", "activity", "template")
CONTENT_TYPES = ("text", "input_text", "input_textarea", "input_email", "input_select", "cards", "form", "article",
                 "incoming_email", "input_csat", "integrations")
ARTICLE_STATUSES = ("draft", "published", "archived")
ACCOUNT_STATUSES = ("active", "suspended")
HOOK_STATUSES = ("disabled", "enabled")
# `LANGUAGES_CONFIG` keys: `enum locale: LANGUAGES_CONFIG.map { |key, val| [val[:iso_639_1_code], key] }`.
LOCALES = ("en", "ar", "nl", "fr", "de", "hi", "it", "ja", "ko", "pt", "ru", "zh", "es", "ml", "ca", "el", "pt_BR",
           "ro", "ta", "fa", "zh_TW", "vi", "da", "tr", "cs", "fi", "id", "sv", "hu", "no", "zh_CN", "pl", "sk",
           "uk", "th", "lv", "is", "he", "lt", "sr", "bg")

Send = Callable[[Chatwoot, Any], TestResponse]
Read = Callable[[Chatwoot, dict[str, Any]], Any]


@dataclass(frozen=True)
class EnumAttribute:
    """One enum attribute: its names by integer, how a value is sent, and how the stored name is read back
    (from the answer, or from the state where the answer writes something else)."""

    names: tuple[str, ...]
    send: Send
    read: Read
    forced: str | None = None  # the value stored whatever is sent (a new article is a draft)


def platform(chatwoot: Chatwoot, path: str, body: dict[str, Any]) -> TestResponse:
    return chatwoot.post(PLATFORM + path, token=PLATFORM_TOKEN, json=body)


def platform_account_user(chatwoot: Chatwoot, role: Any) -> TestResponse:
    account = platform(chatwoot, "/accounts", {"name": "Acme"}).get_json()
    return platform(chatwoot, f"/accounts/{account['id']}/account_users", {"user_id": 1, "role": role})


def definition(key: str, **body: Any) -> dict[str, Any]:
    return {"custom_attribute_definition": {"attribute_display_name": key, "attribute_key": key,
                                            "attribute_display_type": "text", "attribute_model": 0, **body}}


def toggled_priority(chatwoot: Chatwoot, _: dict[str, Any]) -> Any:
    return chatwoot.get(f"{CONVERSATIONS}/3").get_json()["priority"]


def stored_hook_status(chatwoot: Chatwoot, hook: dict[str, Any]) -> str:
    return chatwoot.state.integration_hooks[hook["id"]].status


def key(name: str) -> Read:
    return lambda _chatwoot, answer: answer[name]


ENUMS = {
    "agent role": EnumAttribute(ROLES, lambda cw, v: cw.patch(f"{ACCOUNT}/agents/2", json={"role": v}), key("role")),
    "agent availability": EnumAttribute(
        AVAILABILITIES, lambda cw, v: cw.patch(f"{ACCOUNT}/agents/2", json={"agent": {"availability": v}}),
        key("availability_status")),
    "attribute_display_type": EnumAttribute(
        DISPLAY_TYPES, lambda cw, v: cw.post(f"{ACCOUNT}/custom_attribute_definitions",
                                             json=definition(f"key_{v}", attribute_display_type=v)),
        key("attribute_display_type")),
    "attribute_model": EnumAttribute(
        ATTRIBUTE_MODELS, lambda cw, v: cw.post(f"{ACCOUNT}/custom_attribute_definitions",
                                                json=definition(f"key_{v}", attribute_model=v)),
        key("attribute_model")),
    "custom filter_type": EnumAttribute(
        FILTER_TYPES, lambda cw, v: cw.post(f"{ACCOUNT}/custom_filters",
                                            json={"custom_filter": {"name": "F", "filter_type": v, "query": {}}}),
        key("filter_type")),
    "agent bot_type": EnumAttribute(
        BOT_TYPES, lambda cw, v: cw.post(f"{ACCOUNT}/agent_bots", json={"name": "Bot", "bot_type": v}),
        key("bot_type")),
    "inbox sender_name_type": EnumAttribute(
        SENDER_NAME_TYPES, lambda cw, v: cw.patch(f"{ACCOUNT}/inboxes/1", json={"sender_name_type": v}),
        key("sender_name_type")),
    "web widget reply_time": EnumAttribute(
        REPLY_TIMES, lambda cw, v: cw.patch(f"{ACCOUNT}/inboxes/1", json={"channel": {"reply_time": v}}),
        key("reply_time")),
    "new conversation status": EnumAttribute(
        STATUSES, lambda cw, v: cw.post(CONVERSATIONS, json={"inbox_id": 2, "contact_id": 1, "status": v}),
        key("status")),
    "toggle_status": EnumAttribute(
        STATUSES, lambda cw, v: cw.post(f"{CONVERSATIONS}/1/toggle_status", json={"status": v}),
        lambda _chatwoot, answer: answer["payload"]["current_status"]),
    "toggle_priority": EnumAttribute(
        PRIORITIES, lambda cw, v: cw.post(f"{CONVERSATIONS}/3/toggle_priority", json={"priority": v}),
        toggled_priority),
    "message_type": EnumAttribute(
        MESSAGE_TYPES, lambda cw, v: cw.post(f"{CONVERSATIONS}/{API_INBOX_CONVERSATION}/messages",
                                             json={"content": "Hi", "message_type": v}),
        lambda _chatwoot, answer: MESSAGE_TYPES[answer["message_type"]]),  # answered as the integer
    "message content_type": EnumAttribute(
        CONTENT_TYPES, lambda cw, v: cw.post(f"{CONVERSATIONS}/1/messages", json={"content": "Hi", "content_type": v}),
        key("content_type")),
    "article status": EnumAttribute(
        ARTICLE_STATUSES, lambda cw, v: cw.post(f"{ACCOUNT}/portals/demo-help/articles", json={
            "article": {"title": "A title", "content": "Text", "author_id": 1, "status": v}}),
        lambda _chatwoot, answer: answer["payload"]["status"], forced="draft"),
    "integration hook status": EnumAttribute(
        HOOK_STATUSES, lambda cw, v: cw.post(f"{ACCOUNT}/integrations/hooks",
                                             json={"hook": {"app_id": "webhook", "status": v}}),
        stored_hook_status),  # answered as a boolean
    "platform account locale": EnumAttribute(
        LOCALES, lambda cw, v: platform(cw, "/accounts", {"name": "Acme", "locale": v}), key("locale")),
    "platform account status": EnumAttribute(
        ACCOUNT_STATUSES, lambda cw, v: platform(cw, "/accounts", {"name": "Acme", "status": v}), key("status")),
    "platform account user role": EnumAttribute(ROLES, platform_account_user, key("role")),
}
BOOLEANS_REFUSED = [name for name in ENUMS if name != "integration hook status"]  # hooks take them on purpose


def sent(chatwoot: Chatwoot, enum: EnumAttribute, value: Any) -> dict[str, Any]:
    """The answer to a value the enum takes."""
    response = enum.send(chatwoot, value)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json() if response.get_data() else {}


def refusal(chatwoot: Chatwoot, enum: EnumAttribute, value: Any) -> tuple[int, Any]:
    """The status and body of a refused value: a 4xx, never a 5xx."""
    response = enum.send(chatwoot, value)
    assert 400 <= response.status_code < 500, (value, response.status_code, response.get_data(as_text=True))
    return response.status_code, response.get_json()


@pytest.mark.parametrize("name", ENUMS)
def test_every_integer_is_stored_as_its_name(chatwoot: Chatwoot, name: str) -> None:
    enum = ENUMS[name]
    for number, expected in enumerate(enum.names):
        assert enum.read(chatwoot, sent(chatwoot, enum, number)) == (enum.forced or expected), number


@pytest.mark.parametrize("name", ENUMS)
def test_names_are_still_taken(chatwoot: Chatwoot, name: str) -> None:
    enum = ENUMS[name]
    last = enum.names[-1]
    assert enum.read(chatwoot, sent(chatwoot, enum, last)) == (enum.forced or last)


@pytest.mark.parametrize("name", ENUMS)
def test_an_integer_outside_the_enum_is_refused_as_that_name_is(chatwoot: Chatwoot, name: str) -> None:
    """As Rails' `'7' is not a valid status`, for 7 and "7" alike."""
    enum = ENUMS[name]
    outside = len(enum.names)
    assert refusal(chatwoot, enum, outside) == refusal(chatwoot, enum, str(outside))
    assert refusal(chatwoot, enum, -1) == refusal(chatwoot, enum, "-1")


@pytest.mark.parametrize("name", BOOLEANS_REFUSED)
def test_a_boolean_is_no_integer(chatwoot: Chatwoot, name: str) -> None:
    """true is not 1 (Ruby's `1 == true` is false): refused as the name "true" is."""
    enum = ENUMS[name]
    assert refusal(chatwoot, enum, True) == refusal(chatwoot, enum, "true")
    assert refusal(chatwoot, enum, False) == refusal(chatwoot, enum, "false")


@pytest.mark.parametrize("name", ENUMS)
def test_a_numeric_string_is_no_integer(chatwoot: Chatwoot, name: str) -> None:
    """Rails casts the integer 1, not the text "1" (no value of the enum's mapping)."""
    refusal(chatwoot, ENUMS[name], "1")


def test_a_refused_integer_says_what_rails_says(chatwoot: Chatwoot) -> None:
    response = chatwoot.patch(f"{ACCOUNT}/inboxes/1", json={"sender_name_type": 2})
    assert (response.status_code, response.get_json()) == (
        422, {"message": "'2' is not a valid sender_name_type", "attributes": ["sender_name_type"]})


@pytest.mark.parametrize("value", [{"name": "text"}, ["text"]])
def test_an_object_or_a_list_is_refused(chatwoot: Chatwoot, value: Any) -> None:
    response = chatwoot.post(f"{ACCOUNT}/custom_attribute_definitions",
                             json=definition("tier", attribute_display_type=value))
    assert (response.status_code, response.get_json()) == (422, {
        "message": "attribute_display_type Not a valid name or integer of the enum.",
        "attributes": ["attribute_display_type"]})


def test_integral_floats_are_integers_as_in_ruby(chatwoot: Chatwoot) -> None:
    """Ruby's `1 == 1.0`: the enum's mapping takes 1.0 as 1; 1.5 is refused."""
    assert sent(chatwoot, ENUMS["toggle_status"], 1.0)["payload"]["current_status"] == "resolved"
    assert refusal(chatwoot, ENUMS["toggle_status"], 1.5) == (422, {"error": "'1.5' is not a valid status"})
