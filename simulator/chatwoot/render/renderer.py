"""The Renderer: inboxes, contacts, conversations and messages as one viewer sees them (v3.1's jbuilder JSON)."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from simulator.chatwoot.models import (
    ACTIVITY,
    INCOMING,
    Account,
    ChatwootState,
    Contact,
    ContactInbox,
    Conversation,
    Inbox,
    Message,
)
from simulator.chatwoot.render.agents import agent_wire, user_push
from simulator.chatwoot.render.inboxes import widget_script, working_hours
from simulator.chatwoot.store.base import record_time, unix
from simulator.chatwoot.store.indexes import indexes
from simulator.core.read_cache import kept_on, kept_under

UNREAD_WINDOW = 10  # `unread_incoming_messages` takes `.last(10)`


def contact_push(contact: Contact) -> dict[str, Any]:
    """`Contact#push_event_data`: the contact as other records embed it (a sender, a conversation's meta)."""
    return {
        "additional_attributes": contact.additional_attributes,
        "custom_attributes": contact.custom_attributes,
        "email": contact.email,
        "id": contact.id,
        "identifier": contact.identifier,
        "name": contact.name,
        "phone_number": contact.phone_number,
        "thumbnail": contact.avatar_url,
        "type": "contact",
    }


class Renderer:
    """Renders records of one account as `is_admin` sees them; `base_url` is the server's root URL."""

    def __init__(self, state: ChatwootState, account: Account, *, is_admin: bool, base_url: str,
                 stamp: Hashable | None = None) -> None:
        self.state = state
        self.account = account
        self.is_admin = is_admin
        self.base_url = base_url.rstrip("/")
        self.stamp = stamp  # a read-only request's `read_stamp`: conversations' JSON is cached under it
        self._unread: dict[int, int] = {}  # per request: a conversation's count serves its messages too
        self._pushed: dict[int, dict[str, Any]] = {}  # the last message is often the last non-activity one

    def messages_of(self, conversation: Conversation) -> list[Message]:
        """The conversation's messages by id (those of this account)."""
        return [m for m in indexes(self.state).messages_of(conversation.id) if m.account_id == self.account.id]

    # ---- inboxes ---------------------------------------------------------------------------

    def inbox(self, inbox: Inbox) -> dict[str, Any]:
        """`api/v1/models/_inbox.json.jbuilder` for web-widget and API channels."""
        widget = not inbox.is_api
        wire: dict[str, Any] = {
            "id": inbox.id,
            "avatar_url": inbox.avatar_url,
            "channel_id": inbox.channel_id,
            "name": inbox.name,
            "channel_type": inbox.channel_type,
            "greeting_enabled": inbox.greeting_enabled,
            "greeting_message": inbox.greeting_message,
            "working_hours_enabled": inbox.working_hours_enabled,
            "enable_email_collect": inbox.enable_email_collect,
            "csat_survey_enabled": inbox.csat_survey_enabled,
            "enable_auto_assignment": inbox.enable_auto_assignment,
            "auto_assignment_config": inbox.auto_assignment_config,
            "out_of_office_message": inbox.out_of_office_message,
            "working_hours": working_hours(inbox),
            "timezone": inbox.timezone,
            "callback_webhook_url": None,
            "allow_messages_after_resolved": inbox.allow_messages_after_resolved,
            "lock_to_single_conversation": inbox.lock_to_single_conversation,
            "sender_name_type": inbox.sender_name_type,
            "business_name": inbox.business_name,
            "widget_color": inbox.widget_color,
            "website_url": inbox.website_url,
            "hmac_mandatory": inbox.hmac_mandatory,
            "welcome_title": inbox.welcome_title,
            "welcome_tagline": inbox.welcome_tagline,
            "web_widget_script": widget_script(self.base_url, inbox.website_token or "") if widget else None,
            "website_token": inbox.website_token,
            "selected_feature_flags": ["attachments", "emoji_picker", "end_conversation"] if widget else None,
            "reply_time": inbox.reply_time,
        }
        if self.is_admin:
            wire["hmac_token"] = inbox.hmac_token
        if widget:
            wire.update({"pre_chat_form_enabled": inbox.pre_chat_form_enabled,
                         "pre_chat_form_options": inbox.pre_chat_form_options,
                         "continuity_via_email": inbox.continuity_via_email})
        else:
            wire.update({"webhook_url": inbox.webhook_url, "inbox_identifier": inbox.identifier,
                         "additional_attributes": inbox.additional_attributes})
        wire["provider"] = None
        return wire

    # ---- contacts --------------------------------------------------------------------------

    def contact_inboxes(self, contact: Contact) -> list[ContactInbox]:
        return indexes(self.state).links_of_contact(contact.id)

    def contact_inbox(self, contact_inbox: ContactInbox) -> dict[str, Any]:
        """`api/v1/models/_contact_inbox.json.jbuilder`: the source id and the inbox JSON."""
        return {"source_id": contact_inbox.source_id,
                "inbox": self.inbox(self.state.inboxes[contact_inbox.inbox_id])}

    def contact(self, contact: Contact, *, with_contact_inboxes: bool = False) -> dict[str, Any]:
        """`api/v1/models/_contact.json.jbuilder`."""
        wire: dict[str, Any] = {
            "additional_attributes": contact.additional_attributes,
            "availability_status": "online" if contact.online else "offline",
            "email": contact.email,
            "id": contact.id,
            "name": contact.name,
            "phone_number": contact.phone_number,
            "identifier": contact.identifier,
            "thumbnail": contact.avatar_url,
            "custom_attributes": contact.custom_attributes,
        }
        if contact.last_activity_at is not None:
            wire["last_activity_at"] = unix(contact.last_activity_at)
        wire["created_at"] = unix(contact.created_at)
        if with_contact_inboxes:
            wire["contact_inboxes"] = [self.contact_inbox(ci) for ci in self.contact_inboxes(contact)]
        return wire

    # ---- messages --------------------------------------------------------------------------

    def sender(self, message: Message) -> dict[str, Any] | None:
        if message.sender_type == "User" and message.sender_id in self.state.users:
            membership = self.state.membership(self.account.id, message.sender_id)
            return user_push(self.state.users[message.sender_id], membership.availability if membership else "offline")
        if message.sender_type == "Contact" and message.sender_id in self.state.contacts:
            return contact_push(self.state.contacts[message.sender_id])
        if message.sender_type == "AgentBot" and message.sender_id in self.state.agent_bots:
            bot = self.state.agent_bots[message.sender_id]
            return {"id": bot.id, "name": bot.name, "avatar_url": "", "type": "agent_bot"}
        return None

    def message(self, message: Message) -> dict[str, Any]:
        """A message as the messages endpoints write it (`message_type` is the integer)."""
        conversation = self.state.conversations[message.conversation_id]
        wire: dict[str, Any] = {"id": message.id, "content": message.content, "inbox_id": message.inbox_id}
        if message.echo_id:
            wire["echo_id"] = message.echo_id
        wire.update({
            "conversation_id": conversation.display_id,
            "message_type": message.message_type,
            "content_type": message.content_type,
            "status": message.status,
            "content_attributes": message.content_attributes,
            "created_at": unix(message.created_at),
            "private": message.private,
            "source_id": message.source_id,
        })
        sender = self.sender(message)
        if sender is not None:
            wire["sender"] = sender
        if message.attachments:
            wire["attachments"] = message.attachments
        return wire

    def message_push(self, message: Message) -> dict[str, Any]:
        """`Message#push_event_data`: the record's columns, unix `created_at`, the sender."""
        if message.id not in self._pushed:
            self._pushed[message.id] = self._message_push(message)
        return self._pushed[message.id]

    def _message_push(self, message: Message) -> dict[str, Any]:
        conversation = self.state.conversations[message.conversation_id]
        contact_inbox = self.state.contact_inboxes.get(conversation.contact_inbox_id)
        wire: dict[str, Any] = {
            "id": message.id,
            "content": message.content,
            "account_id": message.account_id,
            "inbox_id": message.inbox_id,
            "conversation_id": conversation.display_id,
            "message_type": message.message_type,
            "created_at": unix(message.created_at),
            "updated_at": record_time(message.updated_at),
            "private": message.private,
            "status": message.status,
            "source_id": message.source_id,
            "content_type": message.content_type,
            "content_attributes": message.content_attributes,
            "sender_type": message.sender_type,
            "sender_id": message.sender_id,
            "external_source_ids": {},
            "additional_attributes": message.additional_attributes,
            "processed_message_content": message.content,
            "sentiment": {},
            "conversation": {
                "assignee_id": conversation.assignee_id,
                "unread_count": self.unread_count(conversation),
                "last_activity_at": unix(conversation.last_activity_at),
                "contact_inbox": {"source_id": contact_inbox.source_id if contact_inbox else None},
            },
        }
        if message.echo_id:
            wire["echo_id"] = message.echo_id
        if message.attachments:
            wire["attachments"] = message.attachments
        sender = self.sender(message)
        if sender is not None:
            wire["sender"] = sender
        return wire

    # ---- conversations ---------------------------------------------------------------------

    def unread_count(self, conversation: Conversation) -> int:
        """Incoming messages since the agent last looked, counted over the last 10 (`unread_incoming_messages`)."""
        if conversation.id not in self._unread:
            seen = conversation.agent_last_seen_at
            unread = sum(1 for m in self.messages_of(conversation)
                         if m.message_type == INCOMING and (seen is None or m.created_at > seen))
            self._unread[conversation.id] = min(unread, UNREAD_WINDOW)
        return self._unread[conversation.id]

    def conversation(self, conversation: Conversation) -> dict[str, Any]:
        """`api/v1/conversations/partials/_conversation.json.jbuilder`: only the last message. In a read-only
        request, the JSON made in the same generation for the same account and role (it reads no clock)."""
        if self.stamp is None:
            return self._conversation(conversation)
        return kept_on(conversation, (self.stamp, self.account.id, self.is_admin),
                       lambda: self._conversation(conversation))

    def _conversation(self, conversation: Conversation) -> dict[str, Any]:
        state = self.state
        meta: dict[str, Any] = {
            "sender": contact_push(state.contacts[conversation.contact_id]),
            "channel": state.inboxes[conversation.inbox_id].channel_type,
        }
        membership = (state.membership(self.account.id, conversation.assignee_id)
                      if conversation.assignee_id is not None else None)
        if membership is not None:
            meta["assignee"] = agent_wire(state.users[membership.user_id], membership)
        team = state.teams.get(conversation.team_id) if conversation.team_id is not None else None
        if team is not None:
            meta["team"] = {"id": team.id, "name": team.name}
        contact_inbox = state.contact_inboxes.get(conversation.contact_inbox_id)
        meta["hmac_verified"] = contact_inbox.hmac_verified if contact_inbox else None
        messages = self.messages_of(conversation)
        non_activity = [m for m in messages if m.message_type != ACTIVITY]
        return {
            "meta": meta,
            "id": conversation.display_id,
            "messages": [self.message_push(messages[-1])] if messages else [],
            "account_id": conversation.account_id,
            "uuid": conversation.uuid,
            "additional_attributes": conversation.additional_attributes,
            "agent_last_seen_at": unix(conversation.agent_last_seen_at) or 0,
            "assignee_last_seen_at": unix(conversation.assignee_last_seen_at) or 0,
            "can_reply": True,
            "contact_last_seen_at": unix(conversation.contact_last_seen_at) or 0,
            "custom_attributes": conversation.custom_attributes,
            "inbox_id": conversation.inbox_id,
            "labels": conversation.labels,
            "muted": conversation.muted,
            "snoozed_until": record_time(conversation.snoozed_until),
            "status": conversation.status,
            "created_at": unix(conversation.created_at),
            "timestamp": unix(conversation.last_activity_at),
            "first_reply_created_at": unix(conversation.first_reply_created_at) or 0,
            "unread_count": self.unread_count(conversation),
            "last_non_activity_message": self.message_push(non_activity[-1]) if non_activity else None,
            "last_activity_at": unix(conversation.last_activity_at),
            "priority": conversation.priority,
            "waiting_since": unix(conversation.waiting_since) or 0,
        }

    def messages_meta(self, conversation: Conversation) -> dict[str, Any]:
        """The `meta` of the messages list."""
        meta: dict[str, Any] = {
            "labels": conversation.labels,
            "additional_attributes": conversation.additional_attributes,
            "contact": contact_push(self.state.contacts[conversation.contact_id]),
        }
        membership = (self.state.membership(self.account.id, conversation.assignee_id)
                      if conversation.assignee_id is not None else None)
        if membership is not None:
            meta["assignee"] = user_push(self.state.users[membership.user_id], membership.availability)
        meta["agent_last_seen_at"] = record_time(conversation.agent_last_seen_at)
        meta["assignee_last_seen_at"] = record_time(conversation.assignee_last_seen_at)
        return meta


def check_wire_cache(state: ChatwootState, stamp: Hashable, base_url: str = "http://localhost/") -> None:
    """Raise AssertionError when a conversation's JSON cached under `stamp` (the namespace as it is now) differs
    from one written afresh: a change that began no new generation."""
    for conversation in state.conversations.values():
        kept = kept_under(conversation, stamp)
        if kept is None:
            continue
        (_, account_id, is_admin), wire = kept
        uncached = Renderer(state, state.accounts[account_id], is_admin=is_admin, base_url=base_url)
        fresh = uncached._conversation(conversation)  # noqa: SLF001  the check compares with the uncached writer
        if fresh != wire:
            raise AssertionError(f"conversation {conversation.id}: cached {wire} but the records say {fresh}")
