"""Creating a message (Messages::MessageBuilder): what it refuses, who the sender is, and what a message changes."""

from __future__ import annotations

from typing import Any

from simulator.chatwoot.errors import ChatwootError
from simulator.chatwoot.models import CONTENT_TYPES, INCOMING, MESSAGE_TYPES, OUTGOING, Conversation, Inbox, Message
from simulator.chatwoot.store.indexes import store_message
from simulator.chatwoot.store.scope import AccountScope

MAX_CONTENT = 150_000
INCOMING_ONLY_API = "Incoming messages are only allowed in Api inboxes"


def check_new_message(params: dict[str, Any], inbox: Inbox) -> None:
    """Every refusal is a 422 `{"error": …}` (the controller rescues and renders the exception's text)."""
    message_type = params.get("message_type") or "outgoing"
    if message_type not in MESSAGE_TYPES:
        raise ChatwootError(f"'{message_type}' is not a valid message_type")
    content_type = params.get("content_type") or "text"
    if content_type not in CONTENT_TYPES:
        raise ChatwootError(f"'{content_type}' is not a valid content_type")
    content = params.get("content")
    if content is not None and not isinstance(content, str | int | float):
        raise ChatwootError("Validation failed: Content is invalid")
    if content is not None and len(str(content)) > MAX_CONTENT:
        raise ChatwootError(f"Validation failed: Content is too long (maximum is {MAX_CONTENT} characters)")
    if params.get("content_attributes") is not None and not isinstance(params["content_attributes"], dict):
        raise ChatwootError("Validation failed: Content attributes is invalid")
    if message_type == "incoming" and not inbox.is_api:
        raise ChatwootError(INCOMING_ONLY_API)


def add_message(scope: AccountScope, conversation: Conversation, params: dict[str, Any]) -> Message:
    """Stores a checked message and applies its effects on the conversation and the contact.

    Incoming: from the contact; it starts the wait and reopens a resolved or snoozed conversation.
    Outgoing: from the caller (user or bot); a public reply from a user is the first reply and ends the wait.
    Any message moves the conversation's last activity.
    """
    state = scope.state
    message_type = MESSAGE_TYPES.index(params.get("message_type") or "outgoing")
    incoming = message_type == INCOMING
    private = params.get("private") in (True, "true", "1", 1)
    if incoming:
        sender_type, sender_id = "Contact", conversation.contact_id
    elif scope.bot is not None:
        sender_type, sender_id = "AgentBot", scope.bot.id
    else:
        sender_type, sender_id = "User", scope.user.id
    now = scope.ctx.now()
    content = params.get("content")
    message = Message(
        id=state.next_id("messages"), account_id=conversation.account_id, inbox_id=conversation.inbox_id,
        conversation_id=conversation.id, message_type=message_type,
        content=str(content) if content is not None else None, created_at=now, updated_at=now,
        content_type=params.get("content_type") or "text",
        content_attributes=dict(params.get("content_attributes") or {}), private=private,
        source_id=str(params["source_id"]) if params.get("source_id") not in (None, "") else None,
        echo_id=str(params["echo_id"]) if params.get("echo_id") not in (None, "") else None,
        sender_type=sender_type, sender_id=sender_id,
    )
    store_message(state, message)
    with scope.events.tracking(conversation):
        _apply_effects(scope, conversation, message)
    scope.events.message_created(conversation, message)
    return message


def _apply_effects(scope: AccountScope, conversation: Conversation, message: Message) -> None:
    """What a new message changes on its conversation and contact (see `add_message`)."""
    state = scope.state
    now = message.created_at
    incoming = message.message_type == INCOMING
    conversation.last_activity_at = now
    if incoming:
        state.contacts[conversation.contact_id].last_activity_at = now
        if conversation.waiting_since is None:
            conversation.waiting_since = now
        if conversation.status in ("resolved", "snoozed") and not conversation.muted:
            conversation.status, conversation.snoozed_until = "open", None
    elif message.message_type == OUTGOING and not message.private and message.sender_type == "User":
        if conversation.first_reply_created_at is None:
            conversation.first_reply_created_at = now
            state.record("first_response", conversation, conversation.created_at, now, message.sender_id)
        if conversation.waiting_since is not None:
            state.record("reply_time", conversation, conversation.waiting_since, now, message.sender_id)
        conversation.waiting_since = None


def add_automated_message(scope: AccountScope, conversation: Conversation, content: str) -> Message:
    """An automation rule's `send_message`: outgoing, public, without a sender (MessageBuilder with no user)."""
    now = scope.ctx.now()
    message = Message(id=scope.state.next_id("messages"), account_id=conversation.account_id,
                      inbox_id=conversation.inbox_id, conversation_id=conversation.id, message_type=OUTGOING,
                      content=content, created_at=now, updated_at=now)
    store_message(scope.state, message)
    with scope.events.tracking(conversation):
        _apply_effects(scope, conversation, message)
    scope.events.message_created(conversation, message)
    return message
