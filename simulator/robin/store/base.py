"""What every part of the ROBIN store shares: the tenant, the context, the lookups, opening a conversation."""

from __future__ import annotations

import re
from bisect import insort
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from simulator.core.errors import NotFoundError
from simulator.robin.models import (
    Agent,
    Conversation,
    CustomChannel,
    Customer,
    Message,
    ProfileLookup,
    Tenant,
    Webstore,
    chronological,
)
from simulator.robin.store.indexes import conversation_added, conversation_of_thread, conversations_by_guid

NEWEST_STEPS = 8  # how far from the end a new conversation's place is sought before bisection


class Effects(Protocol):
    """What the store asks the outside world to do, in the background, after a change."""

    def deliver_to_channel(self, channel: CustomChannel, conversation: Conversation, message: Message) -> None: ...

    def fetch_profile(self, conversation: Conversation) -> None: ...


@dataclass
class Context:
    now: Callable[[], datetime]
    new_id: Callable[[], str]
    effects: Effects


def digits(phone: str) -> str:
    """Compare phone numbers by their last nine digits (ignores +31 / 0031 / 0 prefixes)."""
    only = re.sub(r"\D", "", phone)
    return only[-9:]


class StoreBase:
    """One tenant's state and the context of the request: what each resource's rules build on."""

    def __init__(self, tenant: Tenant, context: Context) -> None:
        self.tenant = tenant
        self.ctx = context

    # ---- lookups -------------------------------------------------------------------------

    def agent(self, email: str) -> Agent | None:
        lowered = email.lower()
        return next((a for a in self.tenant.agents if a.email.lower() == lowered), None)

    def require_agent(self, email: str) -> Agent:
        agent = self.agent(email)
        if agent is None:
            raise NotFoundError(f"No agent with email {email!r}")
        return agent

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
        return conversations_by_guid(self.tenant).get(guid)

    def thread_conversation(self, channel: str, external_identifier: str, relation: str) -> Conversation | None:
        """The oldest conversation of a custom channel's thread with one relation, if there is one."""
        return conversation_of_thread(self.tenant, (channel, external_identifier, relation))

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

    # ---- new conversations (channel messages, calls, show customer) ----------------------

    def new_conversation(self, **values: Any) -> Conversation:
        """A conversation started now, with new ids, kept among the tenant's in chronological order."""
        conversation = Conversation(
            guid=self.ctx.new_id(), conversation_id=self.ctx.new_id(), started_at=self.ctx.now(), **values
        )
        self._keep_in_order(conversation)
        conversation_added(self.tenant, conversation)
        return conversation

    def _keep_in_order(self, conversation: Conversation) -> None:
        """Put a new conversation among the tenant's, oldest first. It is nearly always among the newest, so the
        place is sought from the end (a few steps, then bisection), not by reading log n others."""
        kept, key = self.tenant.conversations, chronological(conversation)
        place = len(kept)
        while place and chronological(kept[place - 1]) > key and len(kept) - place < NEWEST_STEPS:
            place -= 1
        if place and chronological(kept[place - 1]) > key:
            insort(kept, conversation, key=chronological, hi=place)
        else:
            kept.insert(place, conversation)

    def start_profile_lookup(self, conversation: Conversation) -> None:
        """Mark the customer profile pending and have the dynamic integration fetch it (in the background)."""
        conversation.profile = ProfileLookup(
            status="pending",
            email=conversation.customer_email,
            phone=conversation.customer_phone,
            external_identifier=conversation.profile.external_identifier,
        )
        self.ctx.effects.fetch_profile(conversation)
