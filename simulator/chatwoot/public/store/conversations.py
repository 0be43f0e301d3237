"""Conversations of the public API: a contact inbox's list, and a new one made by the application API's rules."""

from __future__ import annotations

from simulator.chatwoot.models import Conversation
from simulator.chatwoot.public.store.base import InboxPart
from simulator.chatwoot.store.conversations import Conversations
from simulator.chatwoot.store.indexes import indexes


class PublicConversations(InboxPart):
    """The conversation operations of one API inbox."""

    def all(self, source_id: str) -> list[Conversation]:
        """The contact inbox's conversations, oldest first."""
        link = self.contact_inbox(source_id)
        return indexes(self.state).conversations_of_link(link.id)

    def create(self, source_id: str) -> Conversation:
        """A new conversation of the contact inbox (custom attributes are ignored, as in v3.1)."""
        link = self.contact_inbox(source_id)
        return Conversations(self.scope).create(
            {"inbox_id": self.inbox.id, "contact_id": link.contact_id, "source_id": link.source_id}, None)
