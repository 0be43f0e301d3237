"""/__admin/robin's answers: channels and agents listed, a reply's outcome, conversations and notifications in full."""

from __future__ import annotations

from typing import Any

from simulator.core.serialize import to_jsonable
from simulator.robin.models import Agent, Conversation, CustomChannel, Notification
from simulator.robin.store.channel import ReplyOutcome


def channel_list(channels: list[CustomChannel]) -> dict[str, Any]:
    return {"channels": channels}


def agent_list(agents: list[Agent]) -> dict[str, Any]:
    return {"agents": agents}


def reply_result(outcome: ReplyOutcome, conversation_guid: str) -> dict[str, Any]:
    """The reply's message id, its conversation and the webhook it was sent to (None when it stayed internal)."""
    return {
        "message_id": outcome.message.id,
        "conversation_guid": conversation_guid,
        "delivered_to": outcome.delivered_to,
    }


def conversation_detail(conversation: Conversation) -> dict[str, Any]:
    """The whole conversation as the inbox holds it."""
    return to_jsonable(conversation)


def notification_list(notifications: list[Notification]) -> dict[str, Any]:
    return {"notifications": to_jsonable(notifications)}
