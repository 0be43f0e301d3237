"""Conversations as POST /conversations finds them: filters combined, pages of 20, newest first."""

from __future__ import annotations

from simulator.robin.models import Conversation
from simulator.robin.store.base import StoreBase

PAGE_SIZE = 20


class ConversationRules(StoreBase):
    def find_conversations(
        self,
        *,
        email_address: str | None = None,
        order_number: str | None = None,
        guid: str | None = None,
        conversation_id: str | None = None,
        skip: int = 0,
    ) -> list[Conversation]:
        found = self.tenant.conversations
        if guid:  # one conversation at most: looked up, not searched
            match = self.conversation(guid.lower())
            found = [match] if match is not None else []
        if email_address:
            wanted = email_address.lower()
            found = [c for c in found if c.customer_email.lower() == wanted]
        if order_number:
            wanted = order_number.lstrip("#").lower()
            found = [c for c in found if wanted in (n.lstrip("#").lower() for n in c.linked_order_numbers)]
        if conversation_id:
            found = [c for c in found if c.conversation_id == conversation_id.lower()]
        end = len(found) - skip  # conversations are kept oldest first; pages go newest first
        return found[max(0, end - PAGE_SIZE) : max(0, end)][::-1]
