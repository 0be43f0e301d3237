"""Messages of a conversation: the before/after windows, create, and the soft delete."""

from __future__ import annotations

from typing import Any

from simulator.chatwoot.errors import ChatwootError, NotFound
from simulator.chatwoot.models import Conversation, Message
from simulator.chatwoot.store.conversations import Conversations
from simulator.chatwoot.store.indexes import indexes
from simulator.chatwoot.store.message_builder import add_message, check_new_message
from simulator.chatwoot.store.pages import clamped_int
from simulator.chatwoot.store.scope import AccountPart, AccountScope

LATEST = 20
AFTER_LIMIT = 100
BETWEEN_LIMIT = 1000
DELETED = "This message was deleted"


def message_id(name: str, raw: str | None) -> int | None:
    """`before`/`after` are message ids; anything else is a clear 422 (the real server fails in SQL)."""
    if raw in (None, ""):
        return None
    text = raw.strip()
    if not (text.isascii() and text.lstrip("-").isdigit()):  # "²" is a digit int() refuses
        raise ChatwootError(f"{name} must be a message id")
    return clamped_int(text)


class Messages(AccountPart):
    """Message operations on the conversations the caller may see."""

    def __init__(self, scope: AccountScope) -> None:
        super().__init__(scope)
        self.conversations = Conversations(scope)

    def _of(self, conversation: Conversation) -> list[Message]:
        return list(indexes(self.state).messages_of(conversation.id))

    def list(self, display_id: int, before: str | None, after: str | None) -> tuple[Conversation, list[Message]]:
        """No window: the latest 20; `before`: 20 older; `after`: up to 100 newer; both: up to 1000 between.

        Always oldest first; private notes and activity messages included.
        """
        conversation = self.conversations.find(display_id)
        before_id, after_id = message_id("before", before), message_id("after", after)
        messages = self._of(conversation)
        if before_id is not None and after_id is not None:
            return conversation, [m for m in messages if after_id <= m.id < before_id][:BETWEEN_LIMIT]
        if after_id is not None:
            return conversation, [m for m in messages if m.id > after_id][:AFTER_LIMIT]
        if before_id is not None:
            messages = [m for m in messages if m.id < before_id]
        return conversation, messages[-LATEST:]

    def create(self, display_id: int, params: dict[str, Any]) -> Message:
        conversation = self.conversations.find(display_id)
        check_new_message(params, self.state.inboxes[conversation.inbox_id])
        return add_message(self.scope, conversation, params)

    def delete(self, display_id: int, message_id_: int) -> Message:
        """Soft delete: the text is replaced, `deleted` is set and attachments go."""
        conversation = self.conversations.find(display_id)
        message = self.state.messages.get(message_id_)
        if message is None or message.conversation_id != conversation.id:
            raise NotFound()
        message.content = DELETED
        message.content_type = "text"
        message.content_attributes = {"deleted": True}
        message.attachments = []
        message.updated_at = self.scope.ctx.now()
        self.scope.events.message_updated(conversation, message)
        return message
