"""Derived lookups over a Chatwoot state (never exported): built from the records, kept current on every write."""

from __future__ import annotations

import heapq
from bisect import bisect_left, insort
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from simulator.chatwoot.models import ChatwootState, Contact, ContactInbox, Conversation, Message

UNIQUE_CONTACT_FIELDS = ("email", "phone_number", "identifier")  # unique per account when present
Key = tuple[datetime, int]  # a conversation's place in the default order: (last_activity_at, id)


@dataclass
class Bucket:
    """The conversations of one account, status and inbox: their default order and their assignees."""

    keys: list[Key] = field(default_factory=list)  # ascending; the lists read it from the end
    assignees: Counter[int | None] = field(default_factory=Counter)  # assignee id (None: unassigned) → count


@dataclass
class Tally:
    """Counts over some buckets: all, unassigned, and those of one assignee."""

    all: int = 0
    unassigned: int = 0
    mine: int = 0


class Indexes:
    """Conversations by account, display id, contact, contact inbox and (account, status, inbox) in the default
    order with their assignee counts; messages by conversation (by id); contacts by account; contact inboxes by
    source id and by contact.

    Conversations tell it of changes to the fields it is keyed on (`Indexed`); records are added and removed
    through `store_*` and `drop_*` below, which work whether or not the index has been built.
    """

    def __init__(self, state: ChatwootState, *, attach: bool = True) -> None:
        self.state = state
        self.attach = attach
        self.conversations: dict[int, dict[int, Conversation]] = {}  # account id → id → conversation
        self.displayed: dict[tuple[int, int], Conversation] = {}  # (account id, display id) → conversation
        self.by_contact: dict[int, dict[int, Conversation]] = {}
        self.by_link: dict[int, dict[int, Conversation]] = {}  # contact inbox id → id → conversation
        self.buckets: dict[int, dict[str, dict[int, Bucket]]] = {}  # account → status → inbox → bucket
        self.messages: dict[int, list[Message]] = {}  # conversation id → its messages by id
        self.contacts: dict[int, dict[int, Contact]] = {}  # account id → id → contact
        self.resolved: dict[int, list[int]] = {}  # account id → ids of its resolved contacts, ascending
        self.unique: dict[tuple[int, str, str], set[int]] = {}  # (account, field, value) → contact ids
        self.contact_follower = ContactFollower(self)
        self.links_by_source: dict[str, dict[int, ContactInbox]] = {}
        self.links_by_contact: dict[int, dict[int, ContactInbox]] = {}
        for conversation in sorted(state.conversations.values(), key=lambda cv: cv.id):
            self.index(conversation)
        for message in sorted(state.messages.values(), key=lambda m: m.id):
            self.messages.setdefault(message.conversation_id, []).append(message)
        for contact in sorted(state.contacts.values(), key=lambda c: c.id):
            self.add_contact(contact)
        for link in sorted(state.contact_inboxes.values(), key=lambda ci: ci.id):
            self.add_link(link)

    # ---- conversations -------------------------------------------------------------------------

    def index(self, conversation: Conversation) -> None:
        if self.attach and conversation.__dict__.get("indexer") is not self:
            object.__setattr__(conversation, "indexer", self)
        cv = conversation
        self.conversations.setdefault(cv.account_id, {})[cv.id] = cv
        self.displayed[(cv.account_id, cv.display_id)] = cv
        self.by_contact.setdefault(cv.contact_id, {})[cv.id] = cv
        self.by_link.setdefault(cv.contact_inbox_id, {})[cv.id] = cv
        bucket = self.buckets.setdefault(cv.account_id, {}).setdefault(cv.status, {}).setdefault(cv.inbox_id, Bucket())
        insort(bucket.keys, (cv.last_activity_at, cv.id))
        bucket.assignees[cv.assignee_id] += 1

    def unindex(self, conversation: Conversation) -> None:
        cv = conversation
        _discard(self.conversations, cv.account_id, cv.id)
        if self.displayed.get((cv.account_id, cv.display_id)) is cv:
            del self.displayed[(cv.account_id, cv.display_id)]
        _discard(self.by_contact, cv.contact_id, cv.id)
        _discard(self.by_link, cv.contact_inbox_id, cv.id)
        statuses = self.buckets.get(cv.account_id, {})
        inboxes = statuses.get(cv.status, {})
        bucket = inboxes.get(cv.inbox_id)
        if bucket is None:
            return
        key = (cv.last_activity_at, cv.id)
        at = bisect_left(bucket.keys, key)
        if at < len(bucket.keys) and bucket.keys[at] == key:
            del bucket.keys[at]
            bucket.assignees[cv.assignee_id] -= 1
            if not bucket.assignees[cv.assignee_id]:
                del bucket.assignees[cv.assignee_id]
        if not bucket.keys:
            del inboxes[cv.inbox_id]
            if not inboxes:
                del statuses[cv.status]

    def of_account(self, account_id: int) -> list[Conversation]:
        """The account's conversations by id (a scan of that account only)."""
        found = self.conversations.get(account_id, {})
        return [found[key] for key in sorted(found)]

    def visible_buckets(self, account_id: int, statuses: Iterable[str] | None,
                        inbox_ids: set[int] | None) -> list[Bucket]:
        """The buckets of these statuses (None: all) in these inboxes (None: all)."""
        by_status = self.buckets.get(account_id, {})
        chosen = by_status.keys() if statuses is None else [s for s in statuses if s in by_status]
        return [bucket for status in chosen for inbox_id, bucket in by_status[status].items()
                if inbox_ids is None or inbox_id in inbox_ids]

    @staticmethod
    def tally(buckets: list[Bucket], viewer: int | None) -> Tally:
        found = Tally()
        for bucket in buckets:
            found.all += len(bucket.keys)
            found.unassigned += bucket.assignees.get(None, 0)
            if viewer is not None:
                found.mine += bucket.assignees.get(viewer, 0)
        return found

    def latest_first(self, buckets: list[Bucket]) -> Iterator[Conversation]:
        """The buckets' conversations, latest activity first (ties: higher id first), read lazily."""
        table = self.state.conversations
        for _, conversation_id in heapq.merge(*(reversed(b.keys) for b in buckets), reverse=True):
            yield table[conversation_id]

    # ---- messages, contacts, contact inboxes -----------------------------------------------------

    def add_message(self, message: Message) -> None:
        found = self.messages.setdefault(message.conversation_id, [])
        if not found or found[-1].id < message.id:
            found.append(message)
        else:
            insort(found, message, key=lambda m: m.id)

    def remove_message(self, message: Message) -> None:
        found = self.messages.get(message.conversation_id, [])
        at = next((at for at, kept in enumerate(found) if kept is message), None)
        if at is not None:
            del found[at]
        if not found:
            self.messages.pop(message.conversation_id, None)

    def messages_of(self, conversation_id: int) -> list[Message]:
        return self.messages.get(conversation_id, [])

    def add_contact(self, contact: Contact) -> None:
        if self.attach and contact.__dict__.get("indexer") is not self.contact_follower:
            object.__setattr__(contact, "indexer", self.contact_follower)
        self.contacts.setdefault(contact.account_id, {})[contact.id] = contact
        if contact.is_resolved:
            insort(self.resolved.setdefault(contact.account_id, []), contact.id)
        for name in UNIQUE_CONTACT_FIELDS:
            value = getattr(contact, name)
            if value:
                self.unique.setdefault((contact.account_id, name, value), set()).add(contact.id)

    def remove_contact(self, contact: Contact) -> None:
        _discard(self.contacts, contact.account_id, contact.id)
        resolved = self.resolved.get(contact.account_id, [])
        at = bisect_left(resolved, contact.id)
        if at < len(resolved) and resolved[at] == contact.id:
            del resolved[at]
            if not resolved:
                del self.resolved[contact.account_id]
        for name in UNIQUE_CONTACT_FIELDS:
            key = (contact.account_id, name, getattr(contact, name))
            holders = self.unique.get(key)
            if holders is not None:
                holders.discard(contact.id)
                if not holders:
                    del self.unique[key]

    def resolved_contacts(self, account_id: int) -> list[int]:
        """The ids of the account's resolved contacts (an email, phone number or identifier), ascending."""
        return self.resolved.get(account_id, [])

    def taken(self, account_id: int, name: str, value: Any, own_id: int | None) -> bool:
        """Whether another contact of the account has this email, phone number or identifier."""
        return any(holder != own_id for holder in self.unique.get((account_id, name, value), ()))

    def contacts_of(self, account_id: int) -> list[Contact]:
        """The account's contacts by id."""
        found = self.contacts.get(account_id, {})
        return [found[key] for key in sorted(found)]

    def add_link(self, link: ContactInbox) -> None:
        self.links_by_source.setdefault(link.source_id, {})[link.id] = link
        self.links_by_contact.setdefault(link.contact_id, {})[link.id] = link

    def remove_link(self, link: ContactInbox) -> None:
        _discard(self.links_by_source, link.source_id, link.id)
        _discard(self.links_by_contact, link.contact_id, link.id)

    def links_with_source(self, source_id: str) -> list[ContactInbox]:
        found = self.links_by_source.get(source_id, {})
        return [found[key] for key in sorted(found)]

    def links_of_contact(self, contact_id: int) -> list[ContactInbox]:
        found = self.links_by_contact.get(contact_id, {})
        return [found[key] for key in sorted(found)]

    def conversations_of_link(self, link_id: int) -> list[Conversation]:
        found = self.by_link.get(link_id, {})
        return [found[key] for key in sorted(found)]

    def conversations_of_contact(self, contact_id: int) -> list[Conversation]:
        found = self.by_contact.get(contact_id, {})
        return [found[key] for key in sorted(found)]

    # ---- checks ----------------------------------------------------------------------------------

    def snapshot(self) -> dict[str, Any]:
        """Everything indexed, by ids, comparable with another build's."""
        def ids(table: dict[Any, dict[int, Any]]) -> dict[Any, list[int]]:
            return {key: sorted(found) for key, found in table.items() if found}

        return {
            "conversations": ids(self.conversations),
            "displayed": {key: cv.id for key, cv in self.displayed.items()},
            "by_contact": ids(self.by_contact),
            "by_link": ids(self.by_link),
            "buckets": {(account, status, inbox): (list(bucket.keys), dict(+bucket.assignees))
                        for account, statuses in self.buckets.items() for status, inboxes in statuses.items()
                        for inbox, bucket in inboxes.items()},
            "messages": {key: [m.id for m in found] for key, found in self.messages.items() if found},
            "contacts": ids(self.contacts),
            "resolved": {key: list(found) for key, found in self.resolved.items() if found},
            "unique": {key: sorted(found) for key, found in self.unique.items() if found},
            "links_by_source": ids(self.links_by_source),
            "links_by_contact": ids(self.links_by_contact),
        }


class ContactFollower:
    """What contacts tell of a change to their account, email, phone number or identifier."""

    def __init__(self, owner: Indexes) -> None:
        self.owner = owner

    def unindex(self, contact: Contact) -> None:
        self.owner.remove_contact(contact)

    def index(self, contact: Contact) -> None:
        self.owner.add_contact(contact)


def _discard(table: dict[Any, dict[int, Any]], key: Any, record_id: int) -> None:
    found = table.get(key)
    if found is not None:
        found.pop(record_id, None)
        if not found:
            del table[key]


INDEXES = "indexes"  # the state's attribute holding its Indexes (not a field: export never sees it)


def indexes(state: ChatwootState) -> Indexes:
    """The state's indexes, built from its records on first use (after a seed, an import, a reset)."""
    built: Indexes | None = vars(state).get(INDEXES)
    if built is None or built.state is not state:
        built = Indexes(state)
        vars(state)[INDEXES] = built
    return built


def built(state: ChatwootState) -> Indexes | None:
    """The state's indexes if they have been built (writes then keep them current)."""
    found: Indexes | None = vars(state).get(INDEXES)
    return found if found is not None and found.state is state else None


def check_indexes(state: ChatwootState) -> None:
    """Raise AssertionError when the indexes differ from a fresh build from the records (a debug check)."""
    current = built(state)
    if current is None:
        return
    fresh = Indexes(state, attach=False).snapshot()
    now = current.snapshot()
    for key, value in fresh.items():
        if now[key] != value:
            raise AssertionError(f"index {key} drifted from the records: {now[key]!r} != {value!r}")
    strays = [cv.id for cv in state.conversations.values() if cv.__dict__.get("indexer") is not current]
    strays += [c.id for c in state.contacts.values() if c.__dict__.get("indexer") is not current.contact_follower]
    if strays:
        raise AssertionError(f"records not followed by the index: {strays[:10]}")


# ---- writes: the records and their indexes together ------------------------------------------------


def store_conversation(state: ChatwootState, conversation: Conversation) -> None:
    state.conversations[conversation.id] = conversation
    if (found := built(state)) is not None:
        found.index(conversation)


def drop_conversation(state: ChatwootState, conversation: Conversation) -> None:
    del state.conversations[conversation.id]
    if (found := built(state)) is not None:
        found.unindex(conversation)
        object.__setattr__(conversation, "indexer", None)


def store_message(state: ChatwootState, message: Message) -> None:
    state.messages[message.id] = message
    if (found := built(state)) is not None:
        found.add_message(message)


def drop_message(state: ChatwootState, message: Message) -> None:
    del state.messages[message.id]
    if (found := built(state)) is not None:
        found.remove_message(message)


def store_contact(state: ChatwootState, contact: Contact) -> None:
    state.contacts[contact.id] = contact
    if (found := built(state)) is not None:
        found.add_contact(contact)


def drop_contact(state: ChatwootState, contact: Contact) -> None:
    del state.contacts[contact.id]
    if (found := built(state)) is not None:
        found.remove_contact(contact)
        object.__setattr__(contact, "indexer", None)


def store_link(state: ChatwootState, link: ContactInbox) -> None:
    state.contact_inboxes[link.id] = link
    if (found := built(state)) is not None:
        found.add_link(link)


def drop_link(state: ChatwootState, link: ContactInbox) -> None:
    del state.contact_inboxes[link.id]
    if (found := built(state)) is not None:
        found.remove_link(link)
