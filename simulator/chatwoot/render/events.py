"""Events on the wire: v3.1's webhook and agent-bot payloads, rendered from the state of the event's moment."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from simulator.chatwoot.models import ACTIVITY, MESSAGE_TYPES, ChatwootState, Contact, Conversation, Message
from simulator.chatwoot.render.agents import user_push
from simulator.chatwoot.render.renderer import Renderer, contact_push
from simulator.chatwoot.store.base import record_time, unix
from simulator.chatwoot.store.events import Event
from simulator.chatwoot.store.indexes import indexes

BOT_STATUS_EVENTS = {"open": "conversation_opened", "resolved": "conversation_resolved"}  # what the bot hears


def changed_attributes(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    """Rails' `previous_changes` as Chatwoot sends it: `[{"attr": {"previous_value", "current_value"}}, …]`."""
    return [{key: {"previous_value": before[key], "current_value": after[key]}}
            for key in after if before.get(key) != after[key]]


@dataclass(frozen=True)
class Bodies:
    """One event on the wire: what webhooks receive, and what the inbox's agent bot hears (None: nothing)."""

    webhook: dict[str, Any]
    bot: dict[str, Any] | None = None


class EventPayloads:
    """Builds each event's payload from the state at that moment (`Contact#webhook_data`, …)."""

    def __init__(self, state: ChatwootState, account_id: int) -> None:
        self.state = state
        self.account_id = account_id

    def bodies(self, event: Event) -> Bodies:
        """The event's bodies, each with its `event` name: contact and conversation events carry the record's
        data (updates add `changed_attributes`, null for a status change), message events the message's."""
        name = event.name
        if event.contact is not None:
            data = self.contact_data(event.contact)
            if name == "contact_updated":
                data = {**data, "changed_attributes": changed_attributes(_before(event), _after(event))}
            return Bodies({**data, "event": name})
        if event.message is not None:
            data = self.message_data(event.message)
            return Bodies({**data, "event": name}, {**data, "event": name})
        assert event.conversation is not None
        data = self.conversation_data(event.conversation)
        if name == "conversation_status_changed":
            status = _after(event)["status"]
            bot = {**data, "event": BOT_STATUS_EVENTS[status]} if status in BOT_STATUS_EVENTS else None
            return Bodies({**data, "changed_attributes": None, "event": name}, bot)
        if name == "conversation_updated":
            return Bodies({**data, "changed_attributes": changed_attributes(_before(event), _after(event)),
                           "event": name})
        return Bodies({**data, "event": name})  # conversation_created, a rule's automation_event.*

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
        account = self.state.accounts[self.account_id]
        return Renderer(self.state, account, is_admin=False, base_url="").message_push(message)

    def conversation_data(self, conversation: Conversation) -> dict[str, Any]:
        """`Conversation#webhook_data` (push data): the last public, non-activity message only."""
        state = self.state
        link = state.contact_inboxes.get(conversation.contact_inbox_id)
        public = [m for m in indexes(state).messages_of(conversation.id)
                  if m.message_type != ACTIVITY and not m.private]
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


def _before(event: Event) -> dict[str, Any]:
    assert event.before is not None
    return event.before


def _after(event: Event) -> dict[str, Any]:
    assert event.after is not None
    return event.after
