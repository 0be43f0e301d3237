"""Messages on the public API's wire (`public/api/v1/models/_message.json.jbuilder`)."""

from __future__ import annotations

from typing import Any

from simulator.chatwoot.models import Message
from simulator.chatwoot.render.renderer import Renderer
from simulator.chatwoot.store.base import unix


def message_wire(renderer: Renderer, message: Message) -> dict[str, Any]:
    """`public/api/v1/models/_message.json.jbuilder`."""
    wire: dict[str, Any] = {
        "id": message.id,
        "content": message.content,
        "message_type": message.message_type,
        "content_type": message.content_type,
        "content_attributes": message.content_attributes,
        "created_at": unix(message.created_at),
        "conversation_id": renderer.state.conversations[message.conversation_id].display_id,
    }
    if message.attachments:
        wire["attachments"] = message.attachments
    sender = renderer.sender(message)
    if sender is not None:
        wire["sender"] = sender
    return wire
