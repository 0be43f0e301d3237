"""Derived lookups over a ROBIN tenant's records, never exported: its conversations by GUID and by thread."""

from __future__ import annotations

from dataclasses import dataclass, field

from simulator.robin.models import Conversation, Tenant, chronological

KEY = "derived_conversations_by_guid"  # an attribute of the tenant, never a field: exports leave it out

Thread = tuple[str, str, str]  # custom channel, conversation's external identifier, relation's external identifier


def thread_of(conversation: Conversation) -> Thread:
    """What a channel message names to find its conversation again (fields never changed after creation)."""
    return (conversation.channel_account, conversation.external_identifier, conversation.relation_external_identifier)


@dataclass
class ConversationIndex:
    """The tenant's conversations by GUID (unique, as an imported state's check demands) and the oldest of each
    thread, for the list it saw."""

    conversations: list[Conversation]
    length: int
    by_guid: dict[str, Conversation] = field(default_factory=dict)
    by_thread: dict[Thread, Conversation] = field(default_factory=dict)

    def add(self, conversation: Conversation) -> None:
        self.by_guid[conversation.guid] = conversation
        known = self.by_thread.get(thread_of(conversation))
        if known is None or chronological(conversation) < chronological(known):
            self.by_thread[thread_of(conversation)] = conversation


def build(conversations: list[Conversation]) -> ConversationIndex:
    index = ConversationIndex(conversations, len(conversations))
    for conversation in conversations:  # oldest first: the first of a thread is the one kept
        index.add(conversation)
    return index


def conversation_index(tenant: Tenant) -> ConversationIndex:
    """The index, built from the records when the tenant has none or its conversations changed without it."""
    index: ConversationIndex | None = vars(tenant).get(KEY)
    if index is None or index.conversations is not tenant.conversations or index.length != len(tenant.conversations):
        index = build(tenant.conversations)
        vars(tenant)[KEY] = index
    return index


def conversations_by_guid(tenant: Tenant) -> dict[str, Conversation]:
    return conversation_index(tenant).by_guid


def conversation_of_thread(tenant: Tenant, thread: Thread) -> Conversation | None:
    """The oldest conversation of a channel's thread with one relation, as a scan in the tenant's order finds it."""
    return conversation_index(tenant).by_thread.get(thread)


def conversation_added(tenant: Tenant, conversation: Conversation) -> None:
    """A conversation just put among the tenant's: the index follows without reading the others."""
    index: ConversationIndex | None = vars(tenant).get(KEY)
    if index is not None and index.conversations is tenant.conversations \
            and index.length == len(tenant.conversations) - 1 and conversation.guid not in index.by_guid:
        index.add(conversation)
        index.length += 1


def check_indexes(tenant: Tenant) -> None:
    """Raise AssertionError when the tenant's current index differs from one built afresh from its records."""
    index: ConversationIndex | None = vars(tenant).get(KEY)
    if index is None or index.conversations is not tenant.conversations or index.length != len(tenant.conversations):
        return  # none yet, or out of date and rebuilt on its next use
    fresh = build(tenant.conversations)
    if fresh.by_guid != index.by_guid or fresh.by_thread != index.by_thread:
        raise AssertionError("the tenant's conversation index drifted from its records")
