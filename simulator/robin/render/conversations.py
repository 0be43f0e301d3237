"""Conversations as POST /conversations answers them, each one's wire form cached until it changes."""

from __future__ import annotations

from typing import Any

from simulator.robin.models import Conversation
from simulator.robin.schemas.conversations import ConversationSchema

_CONVERSATION = ConversationSchema()
_WIRE_CACHE = "_wire_cache"


def conversation_wire(conversation: Conversation) -> dict[str, Any]:
    """The conversation as POST /conversations shows it, cached on the conversation.

    Keyed by what may change after creation (see `Conversation`): the number of messages (they
    are only appended), the state and the owner (replaced, never edited in place). A page of 20
    is then no longer 20 marshmallow dumps.
    """
    cached = conversation.__dict__.get(_WIRE_CACHE)
    if (
        cached is not None
        and cached[0] == len(conversation.messages)
        and cached[1] == conversation.state
        and cached[2] is conversation.owner
    ):
        return cached[3]
    wire = _CONVERSATION.dump(conversation)
    conversation.__dict__[_WIRE_CACHE] = (len(conversation.messages), conversation.state, conversation.owner, wire)
    return wire
