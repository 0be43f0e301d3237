"""A reply as ROBIN POSTs it to a custom channel's webhook: the inbound message schema plus ConversationGuid."""

from __future__ import annotations

from typing import Any

from simulator.core.dates import naive_utc
from simulator.robin.models import Conversation, CustomChannel, Message


def outgoing_payload(channel: CustomChannel, conversation: Conversation, message: Message) -> dict[str, Any]:
    """The JSON ROBIN POSTs to a custom channel: the inbound schema plus ConversationGuid."""
    return {
        "ChannelAccountExternalIdentifier": channel.external_identifier,
        "ConversationGuid": conversation.guid,
        "ConversationExternalIdentifier": conversation.external_identifier,
        "MessageExternalIdentifier": message.id,
        "RelationExternalIdentifier": conversation.relation_external_identifier,
        "RelationName": conversation.relation_name,
        "Content": message.content,
        "IsPrivate": message.is_private,
        "Referrer": conversation.referrer,
        "Subject": conversation.subject,
        "SentDateTime": naive_utc(message.sent_at),
        "Attachments": [
            {"FileName": a.file_name, "Base64Content": a.base64_content} for a in message.attachments
        ],
    }
