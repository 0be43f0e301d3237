"""The events of an account: records of what happened, published to whatever subscribers the Context names."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from simulator.chatwoot.models import ACTIVITY, Contact, Conversation, Message
from simulator.chatwoot.store.base import Actor, record_time

# conversation_updated is raised only when one of these changed (Conversation#conversation_updated_event_data)
UPDATE_ATTRIBUTES = ("team_id", "assignee_id", "status", "snoozed_until", "custom_attributes", "label_list",
                     "waiting_since", "first_reply_created_at", "priority")


@dataclass(frozen=True)
class Event:
    """One thing that happened: its name, what it is about, who did it.

    A change carries the snapshots `before` and `after` it; `target` is set only when a rule's
    `send_webhook_event` asks for the conversation to go to that URL.
    """

    name: str
    actor: Actor
    conversation: Conversation | None = None
    message: Message | None = None
    contact: Contact | None = None
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    target: str | None = None


Subscriber = Callable[[Event], None]


@dataclass
class Subscribers:
    """Who hears of an account's events: `at_once` as each happens, `afterwards` once the write that raised it
    is done (after the whole block of `Events.one_write`)."""

    at_once: list[Subscriber] = field(default_factory=list)
    afterwards: list[Subscriber] = field(default_factory=list)


def snapshot(conversation: Conversation) -> dict[str, Any]:
    """The columns whose change the events report, as their JSON values."""
    return {
        "team_id": conversation.team_id,
        "assignee_id": conversation.assignee_id,
        "status": conversation.status,
        "snoozed_until": record_time(conversation.snoozed_until),
        "custom_attributes": dict(conversation.custom_attributes),
        "label_list": ",".join(conversation.labels) or None,
        "waiting_since": record_time(conversation.waiting_since),
        "first_reply_created_at": record_time(conversation.first_reply_created_at),
        "priority": conversation.priority,
        "updated_at": record_time(conversation.updated_at),
    }


def contact_snapshot(contact: Contact) -> dict[str, Any]:
    """The contact's attributes whose change contact_updated reports."""
    return {"name": contact.name, "email": contact.email, "phone_number": contact.phone_number,
            "identifier": contact.identifier, "additional_attributes": dict(contact.additional_attributes),
            "custom_attributes": dict(contact.custom_attributes)}


def changed(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """The keys whose value differs (Rails' `previous_changes`)."""
    return [key for key in after if before.get(key) != after[key]]


class Events:
    """Publishes what one actor does in an account, each event built from the state of its moment."""

    def __init__(self, subscribers: Subscribers, actor: Actor, now: Callable[[], datetime]) -> None:
        self.subscribers = subscribers
        self.actor = actor
        self.now = now
        self._held: list[Event] | None = None  # inside `one_write`: what `afterwards` hears after the block

    def _publish(self, event: Event) -> None:
        for subscriber in self.subscribers.at_once:
            subscriber(event)
        if self._held is not None:
            self._held.append(event)
            return
        for subscriber in self.subscribers.afterwards:
            subscriber(event)

    @contextmanager
    def one_write(self) -> Iterator[None]:
        """The events of the block reach the `afterwards` subscribers after it, in order: the real server runs
        what reacts to them (automation rules) in a background job, after the request's writes."""
        if self._held is not None:  # nested: the outer block hands them on
            yield
            return
        self._held = []
        try:
            yield
            held = self._held
        finally:
            self._held = None
        for event in held:
            for subscriber in self.subscribers.afterwards:
                subscriber(event)

    # ---- the events ---------------------------------------------------------------------------

    def contact_created(self, contact: Contact) -> None:
        self._publish(Event("contact_created", self.actor, contact=contact))

    def contact_updated(self, contact: Contact, before: dict[str, Any]) -> None:
        """Raised only when something changed."""
        after = contact_snapshot(contact)
        if changed(before, after):
            self._publish(Event("contact_updated", self.actor, contact=contact, before=before, after=after))

    def conversation_created(self, conversation: Conversation) -> None:
        self._publish(Event("conversation_created", self.actor, conversation=conversation))

    def message_created(self, conversation: Conversation, message: Message) -> None:
        """Incoming, outgoing and template messages (private notes too); never activity messages."""
        if message.message_type != ACTIVITY:
            self._publish(Event("message_created", self.actor, conversation=conversation, message=message))

    def message_updated(self, conversation: Conversation, message: Message) -> None:
        if message.message_type != ACTIVITY:
            self._publish(Event("message_updated", self.actor, conversation=conversation, message=message))

    def conversation_changed(self, conversation: Conversation, before: dict[str, Any]) -> None:
        """conversation_status_changed when the status changed, then conversation_updated when a listed
        attribute changed; any change moves `updated_at`, as every save does."""
        after = snapshot(conversation)
        if after != before and after["updated_at"] == before["updated_at"]:
            conversation.updated_at = self.now()
            after = snapshot(conversation)
        if before["status"] != after["status"]:
            self._publish(Event("conversation_status_changed", self.actor, conversation=conversation,
                                before=before, after=after))
        if any(key in UPDATE_ATTRIBUTES for key in changed(before, after)):
            self._publish(Event("conversation_updated", self.actor, conversation=conversation,
                                before=before, after=after))

    @contextmanager
    def tracking(self, conversation: Conversation) -> Iterator[None]:
        """Compares the conversation before and after the block and raises what changed."""
        before = snapshot(conversation)
        yield
        self.conversation_changed(conversation, before)

    def conversation_sent(self, conversation: Conversation, event_name: str, url: str) -> None:
        """A rule's `send_webhook_event`: the conversation is to go to `url` as `automation_event.<event>`."""
        self._publish(Event(f"automation_event.{event_name}", self.actor, conversation=conversation, target=url))
