"""RobinStore: one tenant's ROBIN state and rules; side effects go through the Effects interface."""

from __future__ import annotations

import re
from bisect import insort
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Protocol

from simulator.core.dates import naive_utc
from simulator.core.errors import InvalidInput, NotFoundError
from simulator.robin.errors import BadRequest, NotAcceptable
from simulator.robin.models import (
    BUILT_IN_CHANNELS,
    Agent,
    Attachment,
    CallEvent,
    Conversation,
    CustomChannel,
    Customer,
    Message,
    Notification,
    Order,
    PhoneCall,
    Presence,
    ProfileLookup,
    SalesEvent,
    Sender,
    Tenant,
    Webstore,
    chronological,
)

PAGE_SIZE = 20
PHONE_CHANNEL = "Phone"
SHOW_CUSTOMER_CHANNEL = "ShowCustomer"


class Effects(Protocol):
    """What the store asks the outside world to do, in the background, after a change."""

    def deliver_to_channel(self, channel: CustomChannel, payload: dict[str, Any]) -> None: ...

    def fetch_profile(self, conversation: Conversation) -> None: ...


class NoEffects:
    def deliver_to_channel(self, channel: CustomChannel, payload: dict[str, Any]) -> None:
        return None

    def fetch_profile(self, conversation: Conversation) -> None:
        return None


@dataclass
class ReplyOutcome:
    message: Message
    delivered_to: str | None  # the channel webhook the reply was sent to, if any


@dataclass
class Context:
    now: Callable[[], datetime]
    new_id: Callable[[], str]
    effects: Effects


def digits(phone: str) -> str:
    """Compare phone numbers by their last nine digits (ignores +31 / 0031 / 0 prefixes)."""
    only = re.sub(r"\D", "", phone)
    return only[-9:]


class RobinStore:
    def __init__(self, tenant: Tenant, context: Context) -> None:
        self.tenant = tenant
        self.ctx = context

    # ---- lookups -------------------------------------------------------------------------

    def agent(self, email: str) -> Agent | None:
        lowered = email.lower()
        return next((a for a in self.tenant.agents if a.email.lower() == lowered), None)

    def agent_by_extension(self, extension: str) -> Agent | None:
        return next((a for a in self.tenant.agents if a.phone_extension == extension), None)

    def webstore_for(self, referrer: str) -> Webstore | None:
        wanted = referrer.strip().lower().rstrip("/")
        if not wanted:
            return None
        for store in self.tenant.webstores:
            for known in store.referrers:
                known = known.lower().rstrip("/")
                if wanted == known or (known.startswith("http") and wanted.startswith(known + "/")):
                    return store
                if digits(known) and digits(known) == digits(wanted) and not known.startswith("http"):
                    return store
        return None

    def default_webstore(self) -> str:
        return self.tenant.webstores[0].name if self.tenant.webstores else ""

    def channel(self, external_identifier: str) -> CustomChannel | None:
        return next((c for c in self.tenant.channels if c.external_identifier == external_identifier), None)

    def conversation(self, guid: str) -> Conversation | None:
        return next((c for c in self.tenant.conversations if c.guid == guid), None)

    def require_conversation(self, guid: str) -> Conversation:
        found = self.conversation(guid)
        if found is None:
            raise NotFoundError(f"No conversation with guid {guid!r}")
        return found

    def customers_by_phone(self, phone: str) -> list[Customer]:
        wanted = digits(phone)
        return [c for c in self.tenant.customers.values() if wanted and digits(c.phone_number) == wanted]

    def customers_by_external_identifier(self, value: str) -> list[Customer]:
        return [c for c in self.tenant.customers.values() if c.external_identifier == value]

    # ---- dynamic customers / orders ------------------------------------------------------

    def upsert_customers(self, *, customers: list[dict[str, Any]]) -> int:
        now = self.ctx.now()
        for item in customers:
            key = item["email_address"].lower()
            existing = self.tenant.customers.get(key)
            values = {k: v for k, v in item.items() if v is not None}
            if existing is None:
                self.tenant.customers[key] = Customer(**values, updated_at=now)
            else:
                self.tenant.customers[key] = replace(existing, **values, updated_at=now)
        return len(customers)

    def upsert_orders(self, *, orders: list[dict[str, Any]]) -> int:
        """Create or update by order_number; an update keeps the previous figures as old_*."""
        now = self.ctx.now()
        for item in orders:
            number = item["order_number"]
            existing = self.tenant.orders.get(number)
            values = dict(item)
            if values.get("order_date") is None:
                values["order_date"] = existing.order_date if existing else now
            if existing is None:
                order = Order(**values, updated_at=now)
                revenue_delta = order.revenue - (order.old_revenue or 0.0)
                profit_delta = (order.profit or 0.0) - (order.old_profit or 0.0)
            else:
                if values.get("old_revenue") is None:
                    values["old_revenue"] = existing.revenue
                if values.get("old_profit") is None:
                    values["old_profit"] = existing.profit
                order = replace(existing, **values, revision=existing.revision + 1, updated_at=now)
                revenue_delta = order.revenue - (order.old_revenue or 0.0)
                profit_delta = (order.profit or 0.0) - (order.old_profit or 0.0)
            self.tenant.orders[number] = order
            self.tenant.sales.append(
                SalesEvent(
                    order_number=number,
                    at=now,
                    kind="acquisition" if order.is_first_order else "retention",
                    revenue_delta=round(revenue_delta, 2),
                    profit_delta=round(profit_delta, 2),
                    is_update=existing is not None,
                )
            )
        return len(orders)

    # ---- conversations -------------------------------------------------------------------

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
        if email_address:
            wanted = email_address.lower()
            found = [c for c in found if c.customer_email.lower() == wanted]
        if order_number:
            wanted = order_number.lstrip("#").lower()
            found = [c for c in found if wanted in (n.lstrip("#").lower() for n in c.linked_order_numbers)]
        if guid:
            found = [c for c in found if c.guid == guid.lower()]
        if conversation_id:
            found = [c for c in found if c.conversation_id == conversation_id.lower()]
        end = len(found) - skip  # conversations are kept oldest first; pages go newest first
        return found[max(0, end - PAGE_SIZE) : max(0, end)][::-1]

    def _new_conversation(self, **values: Any) -> Conversation:
        conversation = Conversation(
            guid=self.ctx.new_id(), conversation_id=self.ctx.new_id(), started_at=self.ctx.now(), **values
        )
        insort(self.tenant.conversations, conversation, key=chronological)
        return conversation

    def _start_profile_lookup(self, conversation: Conversation) -> None:
        conversation.profile = ProfileLookup(
            status="pending",
            email=conversation.customer_email,
            phone=conversation.customer_phone,
            external_identifier=conversation.profile.external_identifier,
        )
        self.ctx.effects.fetch_profile(conversation)

    # ---- channel API ---------------------------------------------------------------------

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
            conversation = next(
                (
                    c
                    for c in self.tenant.conversations
                    if c.channel_account == channel.external_identifier
                    and c.external_identifier == conversation_external_identifier
                    and c.relation_external_identifier == relation_external_identifier
                ),
                None,
            )
        created = conversation is None
        if conversation is None:
            webstore = self.webstore_for(referrer)
            is_email = "@" in relation_external_identifier
            conversation = self._new_conversation(
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
            self._start_profile_lookup(conversation)
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
            self.ctx.effects.deliver_to_channel(channel, outgoing_payload(channel, conversation, message))
            return ReplyOutcome(message, channel.webhook_url)
        return ReplyOutcome(message, None)

    # ---- VoIP ----------------------------------------------------------------------------

    def register_voip_event(
        self,
        *,
        id: str,
        event_type: str,
        phone_number: str,
        phone_extension: str,
        direction: str,
        phone_referrer: str = "",
        filter_field: str = "",
        filter_value: str = "",
    ) -> Conversation:
        agent = self.agent_by_extension(phone_extension)
        if agent is None:
            raise NotAcceptable(f"PhoneExtension {phone_extension!r} is not linked to an agent")
        now = self.ctx.now()
        conversation = next((c for c in self.tenant.conversations if c.call and c.call.call_id == id), None)
        event = CallEvent(event_type=event_type, at=now, phone_extension=phone_extension, agent_email=agent.email)
        if event_type == "Answered":
            if conversation is not None:
                raise NotAcceptable(f"Call {id!r} was already answered")
            return self._answer_call(
                id, phone_number, direction, phone_referrer, filter_field, filter_value, agent, event
            )
        if conversation is None or conversation.call is None:
            done = {"Transfer": "transferred"}.get(event_type, event_type.lower())
            raise NotAcceptable(f"Call {id!r} has not been answered, so it cannot be {done}")
        call = conversation.call
        if call.ended_at is not None:
            raise NotAcceptable(f"Call {id!r} has already ended")
        call.events.append(event)
        if event_type == "Transfer":
            conversation.owner = agent.as_party()
            note = f"Call transferred to {agent.name} (extension {phone_extension})"
        else:
            call.ended_at = now
            seconds = int((now - (call.answered_at or now)).total_seconds())
            note = f"Call ended after {seconds} s"
        conversation.messages.append(_system_note(self.ctx.new_id(), now, note))
        return conversation

    def _answer_call(
        self,
        call_id: str,
        phone_number: str,
        direction: str,
        phone_referrer: str,
        filter_field: str,
        filter_value: str,
        agent: Agent,
        event: CallEvent,
    ) -> Conversation:
        if filter_value:
            candidates = self.customers_by_external_identifier(filter_value)
        else:
            candidates = self.customers_by_phone(phone_number)
        webstore = self.webstore_for(phone_referrer)
        conversation = self._new_conversation(
            subject=f"{direction} call {phone_number}",
            channel=PHONE_CHANNEL,
            owner=agent.as_party(),
            webstore=webstore.name if webstore else self.default_webstore(),
            referrer=phone_referrer,
            customer_email=candidates[0].email_address if len(candidates) == 1 else "",
            customer_phone=phone_number,
            relation_name=candidates[0].name if len(candidates) == 1 else "",
            relation_external_identifier=phone_number,
            call=PhoneCall(
                call_id=call_id,
                phone_number=phone_number,
                direction=direction,
                phone_referrer=phone_referrer,
                filter_field=filter_field,
                filter_value=filter_value,
                answered_at=event.at,
                answered_by=agent.email,
                events=[event],
                customer_candidates=[c.email_address for c in candidates] if len(candidates) > 1 else [],
            ),
        )
        conversation.profile.external_identifier = filter_value
        note = f"{direction} call from {phone_number} answered by {agent.name} (extension {event.phone_extension})"
        if len(candidates) > 1:
            note += f"; {len(candidates)} customers share this number, shown as search results"
        conversation.messages.append(_system_note(self.ctx.new_id(), event.at, note))
        if len(candidates) <= 1:  # several matches: the agent picks from search results instead
            self._start_profile_lookup(conversation)
        return conversation

    # ---- presence ------------------------------------------------------------------------

    def channel_names(self) -> list[str]:
        return [*BUILT_IN_CHANNELS, *(c.name for c in self.tenant.channels)]

    def presence(self, *, channel: str, referrer: str = "") -> str | None:
        """"Online" / "Offline"; None when the channel or the referrer is not known here."""
        known = {name.lower(): name for name in self.channel_names()}
        if channel.lower() not in known:
            return None
        webstore: str | None = None
        if referrer:
            store = self.webstore_for(referrer)
            if store is None:
                return None
            webstore = store.name
        online = any(a.is_online(known[channel.lower()], webstore) for a in self.tenant.agents)
        return "Online" if online else "Offline"

    # ---- show customer -------------------------------------------------------------------

    def show_customer(self, *, user_email_address: str = "", customer: dict[str, str]) -> Conversation:
        agent = self.agent(user_email_address) if user_email_address else None
        if user_email_address and agent is None:
            raise BadRequest(
                f"Invalid field 'user_email_address': no agent {user_email_address!r}",
                details={"user_email_address": ["Unknown agent."]},
            )
        email = customer.get("email_address", "")
        phone = customer.get("phone_number", "")
        external = customer.get("external_identifier", "")
        phone_matches = self.customers_by_phone(phone) if phone else []
        known = self.tenant.customers.get(email.lower()) if email else None
        if known is None and len(phone_matches) == 1:
            known = phone_matches[0]
        if known is None and external:
            matches = self.customers_by_external_identifier(external)
            known = matches[0] if len(matches) == 1 else None
        conversation = self._new_conversation(
            subject="Customer at the counter",
            channel=SHOW_CUSTOMER_CHANNEL,
            owner=agent.as_party() if agent else None,
            webstore=self.default_webstore(),
            customer_email=email or (known.email_address if known else ""),
            customer_phone=phone or (known.phone_number if known else ""),
            relation_name=known.name if known else "",
        )
        conversation.profile.external_identifier = external
        self.tenant.notifications.append(
            Notification(
                at=conversation.started_at,
                conversation_guid=conversation.guid,
                agent_email=agent.email if agent else "",
                customer_email=email,
                customer_phone=phone,
                external_identifier=external,
            )
        )
        if email or external or len(phone_matches) <= 1:  # else: search results
            self._start_profile_lookup(conversation)
        return conversation

    # ---- agent-side configuration (the inbox UI's settings) -----------------------------

    def save_channel(self, channel: CustomChannel) -> CustomChannel:
        self.tenant.channels = [
            c for c in self.tenant.channels if c.external_identifier != channel.external_identifier
        ] + [channel]
        return channel

    def delete_channel(self, external_identifier: str) -> None:
        if self.channel(external_identifier) is None:
            raise NotFoundError(f"No custom channel {external_identifier!r}")
        self.tenant.channels = [c for c in self.tenant.channels if c.external_identifier != external_identifier]

    def require_agent(self, email: str) -> Agent:
        agent = self.agent(email)
        if agent is None:
            raise NotFoundError(f"No agent with email {email!r}")
        return agent

    def set_presence(self, *, agent_email: str, channel: str, webstore: str, online: bool) -> Agent:
        agent = self.require_agent(agent_email)
        if channel.lower() not in {n.lower() for n in self.channel_names()}:
            raise InvalidInput(f"Unknown channel {channel!r}; known: {', '.join(self.channel_names())}")
        if webstore not in {w.name for w in self.tenant.webstores}:
            raise InvalidInput(f"Unknown webstore {webstore!r}")
        agent.presence = [
            p for p in agent.presence if not (p.channel.lower() == channel.lower() and p.webstore == webstore)
        ] + [Presence(channel=channel, webstore=webstore, online=online)]
        return agent

    def set_extension(self, *, agent_email: str, phone_extension: str) -> Agent:
        agent = self.require_agent(agent_email)
        holder = self.agent_by_extension(phone_extension) if phone_extension else None
        if holder is not None and holder is not agent:
            raise InvalidInput(f"Extension {phone_extension!r} already belongs to {holder.email}")
        agent.phone_extension = phone_extension
        return agent


def _attachment(item: dict[str, Any]) -> Attachment:
    content = item.get("base64_content", "")
    return Attachment(file_name=item["file_name"], base64_content=content, size=len(content) * 3 // 4)


def _system_note(message_id: str, at: datetime, text: str) -> Message:
    return Message(id=message_id, sent_at=at, sender=Sender("System", "ROBIN"), content=text, scope="Internal")


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
