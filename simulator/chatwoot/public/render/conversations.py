"""Conversations on the public API's wire (`public/api/v1/models/_conversation.json.jbuilder`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from simulator.chatwoot.models import ACTIVITY, Conversation
from simulator.chatwoot.public.render.contacts import contact_record
from simulator.chatwoot.public.render.messages import message_wire
from simulator.chatwoot.render.renderer import Renderer
from simulator.chatwoot.store.base import unix


def _seen(moment: datetime | None) -> int:
    """`.to_i` of a time that may be nil: 0."""
    return unix(moment) or 0


def conversation_wire(renderer: Renderer, conversation: Conversation) -> dict[str, Any]:
    """`public/api/v1/models/_conversation.json.jbuilder`: every chat message and the contact record."""
    chat = [m for m in renderer.messages_of(conversation) if m.message_type != ACTIVITY and not m.private]
    return {
        "id": conversation.display_id,
        "uuid": conversation.uuid,
        "inbox_id": conversation.inbox_id,
        "contact_last_seen_at": _seen(conversation.contact_last_seen_at),
        "status": conversation.status,
        "agent_last_seen_at": _seen(conversation.agent_last_seen_at),
        "messages": [message_wire(renderer, m) for m in chat],
        "contact": contact_record(renderer.state.contacts[conversation.contact_id]),
    }
