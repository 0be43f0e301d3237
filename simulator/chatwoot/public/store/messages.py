"""Messages of the public API: the chat the contact sees, incoming messages, and form and CSAT answers."""

from __future__ import annotations

from typing import Any

from simulator.chatwoot.errors import ChatwootError, RailsNotFound
from simulator.chatwoot.models import ACTIVITY, Conversation, Message
from simulator.chatwoot.public.store.base import InboxPart, present
from simulator.chatwoot.store.indexes import indexes
from simulator.chatwoot.store.message_builder import add_message, check_new_message
from simulator.chatwoot.store.pages import ruby_to_i

PUBLIC_MESSAGES = 20
CSAT_DAYS = 14
CSAT_LOCKED = "You cannot update the CSAT survey after 14 days"
SUBMITTED_KEYS = ("name", "title", "value")
CSAT_KEYS = ("feedback_message", "rating")


def _scalars(values: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {k: values[k] for k in keys if k in values and not isinstance(values[k], dict | list)}


def _permitted_one(values: dict[str, Any]) -> dict[str, Any]:
    kept = _scalars(values, SUBMITTED_KEYS)
    csat = values.get("csat_survey_response")
    if isinstance(csat, dict):
        kept["csat_survey_response"] = _scalars(csat, CSAT_KEYS)
    return kept


def permitted_values(values: Any) -> Any:
    """`permit(submitted_values: [:name, :title, :value, {csat_survey_response: [...]}])`; None: nothing permitted."""
    if isinstance(values, dict):
        return _permitted_one(values)
    if isinstance(values, list):
        return [_permitted_one(v) for v in values if isinstance(v, dict)]
    return None


class PublicMessages(InboxPart):
    """The message operations of one API inbox, in the conversations of one contact inbox."""

    def _message(self, conversation: Conversation, message_id: int) -> Message:
        message = self.state.messages.get(message_id)
        if message is None or message.conversation_id != conversation.id:
            raise RailsNotFound()
        return message

    def all(self, source_id: str, display_id: int, before: str | None) -> list[Message]:
        """The latest 20 (or the 20 before `before`), oldest first, without private notes and activities."""
        conversation = self.conversation(source_id, display_id)
        shown = [m for m in indexes(self.state).messages_of(conversation.id)
                 if not m.private and m.message_type != ACTIVITY]
        if present(before) is not None:
            limit = ruby_to_i(str(before))
            shown = [m for m in shown if m.id < limit]
        return shown[-PUBLIC_MESSAGES:]

    def create(self, source_id: str, display_id: int, body: dict[str, Any]) -> Message:
        """Always an incoming message from the contact."""
        conversation = self.conversation(source_id, display_id)
        params = {"content": body.get("content"), "echo_id": body.get("echo_id"), "message_type": "incoming"}
        check_new_message(params, self.inbox)
        return add_message(self.scope, conversation, params)

    def update(self, source_id: str, display_id: int, message_id: int, body: dict[str, Any]) -> Message:
        """`submitted_values` go into content_attributes; a CSAT survey is closed after 14 days (422)."""
        conversation = self.conversation(source_id, display_id)
        message = self._message(conversation, message_id)
        now = self.scope.ctx.now()
        if message.content_type == "input_csat" and (now.date() - message.created_at.date()).days > CSAT_DAYS:
            raise ChatwootError(CSAT_LOCKED)
        values = permitted_values(body.get("submitted_values"))
        if values is not None:
            message.content_attributes = {**message.content_attributes, "submitted_values": values}
            message.updated_at = now
            self.scope.events.message_updated(conversation, message)
        return message
