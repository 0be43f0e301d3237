"""Custom channels: incoming messages, agents' replies sent to the channel's webhook, channel configuration."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from simulator.core.errors import InvalidInput, NotFoundError
from simulator.robin.errors import BadRequest
from simulator.robin.models import Attachment, Conversation, CustomChannel, Message, Sender
from simulator.robin.store.base import StoreBase


@dataclass
class ReplyOutcome:
    message: Message
    delivered_to: str | None  # the channel webhook the reply was sent to, if any


class ChannelRules(StoreBase):
    def receive_channel_message(
        self,
        *,
        channel_account: str,
        conversation_guid: str | None,
        conversation_external_identifier: str,
        message_external_identifier: str,
        relation_external_identifier: str,
        relation_name: str,
        content: str,
        is_private: bool = False,
        referrer: str = "",
        subject: str = "",
        sent_at: datetime | None = None,
        attachments: list[dict[str, Any]] | None = None,
    ) -> Conversation:
        channel = self.channel(channel_account)
        if channel is None:
            raise BadRequest(
                f"Invalid field 'ChannelAccountExternalIdentifier': no custom channel {channel_account!r}",
                details={"ChannelAccountExternalIdentifier": ["Unknown channel."]},
            )
        conversation = self.conversation(conversation_guid.lower()) if conversation_guid else None
        if conversation is not None and conversation.channel_account != channel.external_identifier:
            conversation = None
        if conversation is None:
            conversation = self.thread_conversation(
                channel.external_identifier, conversation_external_identifier, relation_external_identifier)
        created = conversation is None
        if conversation is None:
            webstore = self.webstore_for(referrer)
            is_email = "@" in relation_external_identifier
            conversation = self.new_conversation(
                subject=subject or content[:60],
                channel=channel.name,
                channel_account=channel.external_identifier,
                external_identifier=conversation_external_identifier,
                relation_external_identifier=relation_external_identifier,
                relation_name=relation_name,
                customer_email=relation_external_identifier if is_email else "",
                customer_phone="" if is_email else relation_external_identifier,
                referrer=referrer,
                webstore=webstore.name if webstore else self.default_webstore(),
            )
        elif any(m.external_identifier == message_external_identifier for m in conversation.messages):
            return conversation  # a re-sent message is not stored twice
        if conversation.state != "Open":
            conversation.state = "Open"
        conversation.messages.append(
            Message(
                id=self.ctx.new_id(),
                sent_at=sent_at or self.ctx.now(),
                sender=Sender("Relation", relation_name, conversation.customer_email),
                content=content,
                scope="Internal" if is_private else "External",
                external_identifier=message_external_identifier,
                is_private=is_private,
                attachments=[_attachment(a) for a in attachments or []],
            )
        )
        if created:
            self.start_profile_lookup(conversation)
        return conversation

    def agent_reply(
        self,
        *,
        guid: str,
        agent_email: str = "",
        content: str,
        is_private: bool = False,
        attachments: list[dict[str, Any]] | None = None,
    ) -> ReplyOutcome:
        """An agent answers in the inbox; custom channels get the reply at their webhook."""
        conversation = self.require_conversation(guid)
        agent = self.agent(agent_email) if agent_email else self.agent(conversation.owner_email)
        if agent_email and agent is None:
            raise InvalidInput(f"No agent with email {agent_email!r}")
        if agent is None:
            if not self.tenant.agents:
                raise InvalidInput("This tenant has no agents")
            agent = self.tenant.agents[0]
        channel = self.channel(conversation.channel_account) if conversation.channel_account else None
        if attachments and channel is not None and not channel.supports_attachments:
            raise InvalidInput(f"Channel {channel.external_identifier!r} does not support sending attachments")
        delivered = channel is not None and bool(channel.webhook_url)
        if is_private and (channel is None or not channel.supports_private_messaging):
            delivered = False
        message = Message(
            id=self.ctx.new_id(),
            sent_at=self.ctx.now(),
            sender=Sender("User", agent.name, agent.email),
            content=content,
            scope="Internal" if is_private else "External",
            is_private=is_private,
            attachments=[_attachment(a) for a in attachments or []],
        )
        conversation.messages.append(message)
        if conversation.owner is None:
            conversation.owner = agent.as_party()
        if delivered and channel is not None:
            self.ctx.effects.deliver_to_channel(channel, conversation, message)
            return ReplyOutcome(message, channel.webhook_url)
        return ReplyOutcome(message, None)

    # ---- configuration (the inbox UI's settings) ----------------------------------------

    def save_channel(self, channel: CustomChannel) -> CustomChannel:
        self.tenant.channels = [
            c for c in self.tenant.channels if c.external_identifier != channel.external_identifier
        ] + [channel]
        return channel

    def delete_channel(self, external_identifier: str) -> None:
        if self.channel(external_identifier) is None:
            raise NotFoundError(f"No custom channel {external_identifier!r}")
        self.tenant.channels = [c for c in self.tenant.channels if c.external_identifier != external_identifier]


def _attachment(item: dict[str, Any]) -> Attachment:
    content = item.get("base64_content", "")
    return Attachment(file_name=item["file_name"], base64_content=content, size=len(content) * 3 // 4)
