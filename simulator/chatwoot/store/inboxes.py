"""Inboxes (web widget and API channels) of one account and their members."""

from __future__ import annotations

import re
from typing import Any

from simulator.chatwoot.errors import RecordInvalid
from simulator.chatwoot.models import CHANNEL_TYPES, REPLY_TIMES, SENDER_NAME_TYPES, AccountUser, AgentBot, Inbox, User
from simulator.chatwoot.store.agent_bots import AgentBots
from simulator.chatwoot.store.base import as_id, owned
from simulator.chatwoot.store.scope import AccountPart

URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
INBOX_SETTINGS = ("greeting_enabled", "greeting_message", "enable_email_collect", "csat_survey_enabled",
                  "enable_auto_assignment", "working_hours_enabled", "out_of_office_message", "timezone",
                  "allow_messages_after_resolved", "lock_to_single_conversation", "portal_id",
                  "sender_name_type", "business_name", "avatar_url", "auto_assignment_config")
WIDGET_SETTINGS = ("website_url", "welcome_title", "welcome_tagline", "widget_color", "reply_time",
                   "pre_chat_form_enabled", "pre_chat_form_options", "continuity_via_email", "hmac_mandatory")
API_SETTINGS = ("webhook_url", "hmac_mandatory", "additional_attributes")


class Inboxes(AccountPart):
    """The inbox operations of one account, as its caller sees them."""

    # ---- inboxes ---------------------------------------------------------------------------

    def all(self) -> list[Inbox]:
        return sorted((i for i in self.state.inboxes.values() if i.account_id == self.account_id),
                      key=lambda i: i.id)

    def visible(self) -> list[Inbox]:
        """Administrators see every inbox; agents only those they are members of."""
        return [i for i in self.all() if self.scope.can_see_inbox(i)]

    def find(self, inbox_id: Any) -> Inbox:
        """An inbox of the account (404 otherwise), whoever may see it."""
        return owned(self.state.inboxes, inbox_id, self.account_id)

    def show(self, inbox_id: Any) -> Inbox:
        """An inbox the caller may see: 404 when unknown, then 401 when not a member."""
        inbox = self.find(inbox_id)
        self.scope.require_inbox(inbox)
        return inbox

    def create(self, body: dict[str, Any]) -> Inbox:
        self.scope.require_admin()
        channel = body.get("channel") if isinstance(body.get("channel"), dict) else {}
        kind = channel.get("type")
        if kind not in CHANNEL_TYPES:
            raise RecordInvalid([("channel", "Channel type is not supported: use web_widget or api")])
        errors = _settings_errors(body)
        if not str(body.get("name") or "").strip():
            errors.insert(0, ("name", "Name can't be blank"))
        errors += _channel_errors(kind, channel, creating=True)
        if errors:
            raise RecordInvalid(errors)
        now = self.scope.ctx.now()
        inbox = Inbox(id=self.state.next_id("inboxes"), account_id=self.account_id, name=body["name"].strip(),
                      channel_type=CHANNEL_TYPES[kind], channel_id=self.state.next_id(f"channel_{kind}"),
                      created_at=now, hmac_token=self.scope.ctx.new_token())
        if kind == "web_widget":
            inbox.website_token = self.scope.ctx.new_token()
            inbox.reply_time = "in_a_few_minutes"
        else:
            inbox.identifier = self.scope.ctx.new_token()
        self._apply(inbox, body, channel)
        self.state.inboxes[inbox.id] = inbox
        return inbox

    def update(self, inbox_id: Any, body: dict[str, Any]) -> Inbox:
        inbox = self.show(inbox_id)  # the real order: 404, then the member check, then the role
        self.scope.require_admin()
        channel = body.get("channel") if isinstance(body.get("channel"), dict) else {}
        errors = _settings_errors(body)
        if "name" in body and not str(body.get("name") or "").strip():
            errors.insert(0, ("name", "Name can't be blank"))
        errors += _channel_errors("api" if inbox.is_api else "web_widget", channel)
        if errors:
            raise RecordInvalid(errors)
        if body.get("name"):
            inbox.name = body["name"].strip()
        self._apply(inbox, body, channel)
        return inbox

    @staticmethod
    def _apply(inbox: Inbox, body: dict[str, Any], channel: dict[str, Any]) -> None:
        for key in INBOX_SETTINGS:
            if body.get(key) is not None:
                setattr(inbox, key, body[key])
        for key in API_SETTINGS if inbox.is_api else WIDGET_SETTINGS:
            if channel.get(key) is not None:
                setattr(inbox, key, channel[key])

    # ---- agent bot of an inbox ----------------------------------------------------------------

    def agent_bot(self, inbox_id: Any) -> AgentBot | None:
        inbox = self.show(inbox_id)
        return self.state.agent_bots.get(inbox.agent_bot_id) if inbox.agent_bot_id is not None else None

    def set_agent_bot(self, inbox_id: Any, bot_id: Any) -> None:
        """The inbox (404, 401), then the bot (404), then the role (401), as the controller's filters run."""
        inbox = self.show(inbox_id)
        bot = AgentBots(self.scope).find(bot_id) if bot_id not in (None, "") else None
        self.scope.require_admin()
        inbox.agent_bot_id = bot.id if bot is not None else None

    # ---- inbox members -------------------------------------------------------------------------

    def members(self, inbox_id: Any) -> list[tuple[User, AccountUser]]:
        inbox = self.show(inbox_id)
        return [(self.state.users[user_id], membership) for user_id in inbox.member_ids
                if (membership := self.state.membership(self.account_id, user_id)) is not None]

    def _user_ids(self, user_ids: Any) -> list[int]:
        """Every id must be a user of the account: otherwise 422 `User must exist`."""
        if not isinstance(user_ids, list) or not user_ids:
            raise RecordInvalid([("user", "User must exist")])
        ids = [as_id(u) for u in user_ids]
        if any(u is None or self.state.membership(self.account_id, u) is None for u in ids):
            raise RecordInvalid([("user", "User must exist")])
        return list(dict.fromkeys(u for u in ids if u is not None))

    def _member_inbox(self, inbox_id: Any) -> Inbox:
        inbox = self.find(inbox_id)  # 404 before the role check
        self.scope.require_admin()
        return inbox

    def add_members(self, inbox_id: Any, user_ids: Any) -> list[tuple[User, AccountUser]]:
        inbox = self._member_inbox(inbox_id)
        inbox.member_ids.extend(u for u in self._user_ids(user_ids) if u not in inbox.member_ids)
        return self.members(inbox.id)

    def replace_members(self, inbox_id: Any, user_ids: Any) -> list[tuple[User, AccountUser]]:
        inbox = self._member_inbox(inbox_id)
        inbox.member_ids = self._user_ids(user_ids)
        return self.members(inbox.id)

    def remove_members(self, inbox_id: Any, user_ids: Any) -> None:
        inbox = self._member_inbox(inbox_id)
        removing = set(self._user_ids(user_ids))
        inbox.member_ids = [u for u in inbox.member_ids if u not in removing]


def _settings_errors(body: dict[str, Any]) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = []
    if body.get("sender_name_type") is not None and body["sender_name_type"] not in SENDER_NAME_TYPES:
        errors.append(("sender_name_type", f"'{body['sender_name_type']}' is not a valid sender_name_type"))
    return errors


def _channel_errors(kind: str, channel: dict[str, Any], *, creating: bool = False) -> list[tuple[str, str]]:
    """A widget needs its website URL (Channel::WebWidget validates presence) and a known reply time; webhooks
    must be URLs."""
    errors: list[tuple[str, str]] = []
    if kind == "web_widget" and channel.get("reply_time") is not None and channel["reply_time"] not in REPLY_TIMES:
        errors.append(("reply_time", f"'{channel['reply_time']}' is not a valid reply_time"))
    if kind == "api" and channel.get("webhook_url") and not URL.match(str(channel["webhook_url"])):
        errors.append(("webhook_url", "Webhook url is invalid"))
    widget_url_given = creating or "website_url" in channel
    if kind == "web_widget" and widget_url_given and not str(channel.get("website_url") or "").strip():
        errors.append(("website_url", "Website url can't be blank"))
    return errors

