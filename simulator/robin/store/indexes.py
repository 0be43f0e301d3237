"""Derived lookups over a ROBIN tenant's records, never exported: its conversations by GUID."""

from __future__ import annotations

from dataclasses import dataclass

from simulator.robin.models import Conversation, Tenant

KEY = "derived_conversations_by_guid"  # an attribute of the tenant, never a field: exports leave it out


@dataclass
class GuidIndex:
    """The tenant's conversations by GUID (unique, as an imported state's check demands), for the list it saw."""

    conversations: list[Conversation]
    length: int
    by_guid: dict[str, Conversation]


def conversations_by_guid(tenant: Tenant) -> dict[str, Conversation]:
    """The index, built from the records when the tenant has none or its conversations changed without it."""
    index: GuidIndex | None = vars(tenant).get(KEY)
    if index is None or index.conversations is not tenant.conversations or index.length != len(tenant.conversations):
        index = GuidIndex(tenant.conversations, len(tenant.conversations),
                          {conversation.guid: conversation for conversation in tenant.conversations})
        vars(tenant)[KEY] = index
    return index.by_guid


def conversation_added(tenant: Tenant, conversation: Conversation) -> None:
    """A conversation just put among the tenant's: the index follows without reading the others."""
    index: GuidIndex | None = vars(tenant).get(KEY)
    if index is not None and index.conversations is tenant.conversations \
            and index.length == len(tenant.conversations) - 1 and conversation.guid not in index.by_guid:
        index.by_guid[conversation.guid] = conversation
        index.length += 1
