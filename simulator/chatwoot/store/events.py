"""Outgoing events: account webhooks, API-inbox webhook URLs and agent-bot callbacks, with v3.1's payloads."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from simulator.chatwoot.models import ACTIVITY, MESSAGE_TYPES, Contact, Conversation, Message
from simulator.chatwoot.store.base import record_time, unix

if TYPE_CHECKING:
    from simulator.chatwoot.store.scope import ChatwootStore

Deliver = Callable[[str, str, dict[str, Any]], None]  # kind, target URL, payload
WEBHOOK, INBOX_WEBHOOK, AGENT_BOT = "chatwoot_webhook", "chatwoot_inbox_webhook", "chatwoot_agent_bot"
# conversation_updated is sent only when one of these changed (Conversation#conversation_updated_event_data)
UPDATE_ATTRIBUTES = ("team_id", "assignee_id", "status", "snoozed_until", "custom_attributes", "label_list",
                     "waiting_since", "first_reply_created_at", "priority")


def snapshot(conversation: Conversation) -> dict[str, Any]:
    """The columns whose change the events report, as their JSON values."""
    return {
        "team_id": conversation.team_id,
        "assignee_id": conversation.assignee_id,
        "status": conversation.status,
        "snoozed_until": record_time(conversation.snoozed_until),
        "custom_attributes": dict(conversation.custom_attributes),
        "label_list": ",".join(conversation.labels) or None,
        "waiting_since": record_time(conversation.waiting_since),
        "first_reply_created_at": record_time(conversation.first_reply_created_at),
        "priority": conversation.priority,
        "updated_at": record_time(conversation.updated_at),
    }


def contact_snapshot(contact: Contact) -> dict[str, Any]:
    return {"name": contact.name, "email": contact.email, "phone_number": contact.phone_number,
            "identifier": contact.identifier, "additional_attributes": dict(contact.additional_attributes),
            "custom_attributes": dict(contact.custom_attributes)}


def changed_attributes(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    """Rails' `previous_changes` as Chatwoot sends it: `[{"attr": {"previous_value", "current_value"}}, …]`."""
    return [{key: {"previous_value": before[key], "current_value": after[key]}}
            for key in after if before.get(key) != after[key]]


class Events:
    """Builds each event's payload from the state at that moment and hands it to `deliver` per target;
    then the account's automation rules for the event run (never for what automation itself caused)."""

    def __init__(self, store: ChatwootStore) -> None:
        self.store = store
        self.state = store.state
        self.account_id = store.account.id
        self.deliver = store.ctx.deliver

    def _automate(self, event: str, conversation: Conversation, message: Message | None = None) -> None:
        if self.store.automating:
            return
        if self.store.queued_rules is not None:
            self.store.queued_rules.append((event, conversation, message))
            return
        from simulator.chatwoot.store.automation_rules import AutomationRules

        AutomationRules(self.store).run(event, conversation, message)

    @contextmanager
    def rules_afterwards(self) -> Iterator[None]:
        """Automation rules of the events raised in the block run after it, in order: the real server
        runs them in a background job, after the request has written everything it writes."""
        if self.store.queued_rules is not None:  # nested: the outer block runs them
            yield
            return
        self.store.queued_rules = []
        try:
            yield
            queued = self.store.queued_rules
        finally:
            self.store.queued_rules = None
        for event, conversation, message in queued:
            self._automate(event, conversation, message)

    # ---- who receives what -------------------------------------------------------------------

    def _send(self, event: str, payload: dict[str, Any], inbox_id: int | None) -> None:
        """Account webhooks subscribed to the event; an API inbox's own webhook URL gets every
        conversation and message event of that inbox."""
        if self.deliver is None:
            return
        body = {**payload, "event": event}
        for webhook in sorted(self.state.webhooks.values(), key=lambda w: w.id):
            if webhook.account_id == self.account_id and webhook.inbox_id is None and event in webhook.subscriptions:
                self.deliver(WEBHOOK, webhook.url, body)
        inbox = self.state.inboxes.get(inbox_id) if inbox_id is not None else None
        if inbox is not None and inbox.is_api and inbox.webhook_url and not event.startswith("contact_"):
            self.deliver(INBOX_WEBHOOK, inbox.webhook_url, body)

    def _to_bot(self, event: str, payload: dict[str, Any], inbox_id: int) -> None:
        """The inbox's active webhook bot, at its outgoing URL."""
        inbox = self.state.inboxes.get(inbox_id)
        bot = self.state.agent_bots.get(inbox.agent_bot_id) if inbox and inbox.agent_bot_id is not None else None
        if self.deliver is not None and bot is not None and bot.bot_type == "webhook" and bot.outgoing_url:
            self.deliver(AGENT_BOT, bot.outgoing_url, {**payload, "event": event})

    # ---- payloads -----------------------------------------------------------------------------

    def _account(self) -> dict[str, Any]:
        return {"id": self.account_id, "name": self.state.accounts[self.account_id].name}

    def contact_data(self, contact: Contact) -> dict[str, Any]:
        """`Contact#webhook_data`."""
        return {"account": self._account(), "additional_attributes": contact.additional_attributes,
                "avatar": contact.avatar_url, "custom_attributes": contact.custom_attributes,
                "email": contact.email, "id": contact.id, "identifier": contact.identifier, "name": contact.name,
                "phone_number": contact.phone_number, "thumbnail": contact.avatar_url}

    def _sender(self, message: Message) -> dict[str, Any] | None:
        if message.sender_type == "User" and message.sender_id in self.state.users:
            user = self.state.users[message.sender_id]
            return {"id": user.id, "name": user.name, "email": user.email, "type": "user"}
        if message.sender_type == "Contact" and message.sender_id in self.state.contacts:
            return self.contact_data(self.state.contacts[message.sender_id])
        if message.sender_type == "AgentBot" and message.sender_id in self.state.agent_bots:
            bot = self.state.agent_bots[message.sender_id]
            return {"id": bot.id, "name": bot.name, "type": "agent_bot"}
        return None

    def message_push(self, message: Message) -> dict[str, Any]:
        """`Message#push_event_data`, as the application API writes it inside conversations."""
        from simulator.chatwoot.render.renderer import Renderer

        account = self.state.accounts[self.account_id]
        return Renderer(self.state, account, is_admin=False, base_url="").message_push(message)

    def conversation_data(self, conversation: Conversation) -> dict[str, Any]:
        """`Conversation#webhook_data` (push data): the last public, non-activity message only."""
        from simulator.chatwoot.render.agents import user_push
        from simulator.chatwoot.render.contacts import contact_push

        state = self.state
        link = state.contact_inboxes.get(conversation.contact_inbox_id)
        public = sorted((m for m in state.messages.values()
                         if m.conversation_id == conversation.id and m.message_type != ACTIVITY and not m.private),
                        key=lambda m: m.id)
        membership = (state.membership(self.account_id, conversation.assignee_id)
                      if conversation.assignee_id is not None else None)
        team = state.teams.get(conversation.team_id) if conversation.team_id is not None else None
        seen = conversation.agent_last_seen_at
        unread = sum(1 for m in public if m.message_type == 0 and (seen is None or m.created_at > seen))
        return {
            "additional_attributes": conversation.additional_attributes,
            "can_reply": True,
            "channel": state.inboxes[conversation.inbox_id].channel_type,
            "contact_inbox": None if link is None else {
                "id": link.id, "contact_id": link.contact_id, "inbox_id": link.inbox_id, "source_id": link.source_id,
                "created_at": record_time(link.created_at), "updated_at": record_time(link.updated_at),
                "hmac_verified": link.hmac_verified, "pubsub_token": link.pubsub_token},
            "id": conversation.display_id,
            "inbox_id": conversation.inbox_id,
            "messages": [self.message_push(public[-1])] if public else [],
            "labels": conversation.labels,
            "meta": {
                "sender": contact_push(state.contacts[conversation.contact_id]),
                "assignee": (user_push(state.users[membership.user_id], membership.availability)
                             if membership is not None else None),
                "team": {"id": team.id, "name": team.name} if team is not None else None,
                "hmac_verified": link.hmac_verified if link else None,
            },
            "status": conversation.status,
            "custom_attributes": conversation.custom_attributes,
            "snoozed_until": record_time(conversation.snoozed_until),
            "unread_count": min(unread, 10),
            "first_reply_created_at": record_time(conversation.first_reply_created_at),
            "priority": conversation.priority,
            "waiting_since": unix(conversation.waiting_since) or 0,
            "agent_last_seen_at": unix(conversation.agent_last_seen_at) or 0,
            "contact_last_seen_at": unix(conversation.contact_last_seen_at) or 0,
            "timestamp": unix(conversation.last_activity_at),
            "created_at": unix(conversation.created_at),
        }

    def message_data(self, message: Message) -> dict[str, Any]:
        """`Message#webhook_data`: string message_type, ISO created_at."""
        conversation = self.state.conversations[message.conversation_id]
        inbox = self.state.inboxes[message.inbox_id]
        data: dict[str, Any] = {
            "account": self._account(),
            "additional_attributes": message.additional_attributes,
            "content_attributes": message.content_attributes,
            "content_type": message.content_type,
            "content": message.content,
            "conversation": self.conversation_data(conversation),
            "created_at": record_time(message.created_at),
            "id": message.id,
            "inbox": {"id": inbox.id, "name": inbox.name},
            "message_type": MESSAGE_TYPES[message.message_type],
            "private": message.private,
            "sender": self._sender(message),
            "source_id": message.source_id,
        }
        if message.attachments:
            data["attachments"] = message.attachments
        return data

    # ---- the events ---------------------------------------------------------------------------

    def contact_created(self, contact: Contact) -> None:
        self._send("contact_created", self.contact_data(contact), None)

    def contact_updated(self, contact: Contact, before: dict[str, Any]) -> None:
        changes = changed_attributes(before, contact_snapshot(contact))
        if changes:  # skipped when nothing changed
            self._send("contact_updated", {**self.contact_data(contact), "changed_attributes": changes}, None)

    def conversation_created(self, conversation: Conversation) -> None:
        self._send("conversation_created", self.conversation_data(conversation), conversation.inbox_id)
        self._automate("conversation_created", conversation)

    def message_created(self, message: Message) -> None:
        """Incoming, outgoing and template messages (private notes too); never activity messages."""
        if message.message_type == ACTIVITY:
            return
        data = self.message_data(message)
        self._send("message_created", data, message.inbox_id)
        self._to_bot("message_created", data, message.inbox_id)
        self._automate("message_created", self.state.conversations[message.conversation_id], message)

    def message_updated(self, message: Message) -> None:
        if message.message_type == ACTIVITY:
            return
        data = self.message_data(message)
        self._send("message_updated", data, message.inbox_id)
        self._to_bot("message_updated", data, message.inbox_id)

    def conversation_changed(self, conversation: Conversation, before: dict[str, Any]) -> None:
        """conversation_status_changed (changed_attributes null, as after commit), then
        conversation_updated when a listed attribute changed; the bot hears of opens and resolves."""
        after = snapshot(conversation)
        if after != before and after["updated_at"] == before["updated_at"]:  # every save moves updated_at
            conversation.updated_at = self.store.ctx.now()
            after = snapshot(conversation)
        changes = changed_attributes(before, after)
        if before["status"] != after["status"]:
            data = self.conversation_data(conversation)
            self._send("conversation_status_changed", {**data, "changed_attributes": None}, conversation.inbox_id)
            if after["status"] in ("open", "resolved"):
                bot_event = "conversation_opened" if after["status"] == "open" else "conversation_resolved"
                self._to_bot(bot_event, data, conversation.inbox_id)
        if any(key in UPDATE_ATTRIBUTES for change in changes for key in change):
            self._send("conversation_updated", {**self.conversation_data(conversation), "changed_attributes": changes},
                       conversation.inbox_id)
            self._automate("conversation_updated", conversation)

    @contextmanager
    def tracking(self, conversation: Conversation) -> Iterator[None]:
        """Compares the conversation before and after the block and sends what changed."""
        before = snapshot(conversation)
        yield
        self.conversation_changed(conversation, before)
