"""Contact answers (pages, envelopes, the created contact) around the contact JSON of Renderer.contact."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from simulator.chatwoot.models import Contact, ContactInbox, Conversation, Inbox
from simulator.chatwoot.render.inboxes import inbox_record
from simulator.chatwoot.render.renderer import Renderer
from simulator.chatwoot.store.pages import Page


def contact_page(render: Renderer, page: Page, current_page: Any, *,
                 with_contact_inboxes: bool = True) -> dict[str, Any]:
    """`{"meta": {count, current_page}, "payload": [...]}`: `current_page` as the caller sent it."""
    return {"meta": {"count": page.count, "current_page": current_page},
            "payload": [render.contact(c, with_contact_inboxes=with_contact_inboxes) for c in page.items]}


def contact_payload(render: Renderer, contact: Contact) -> dict[str, Any]:
    """One contact with its contact inboxes, under `payload`."""
    return {"payload": render.contact(contact, with_contact_inboxes=True)}


def contact_created(render: Renderer, contact: Contact, link: ContactInbox | None,
                    inbox: Inbox | None) -> dict[str, Any]:
    """The new contact, and under `contact_inbox` the raw inbox record and the source id (null without an inbox)."""
    return {"payload": {
        "contact": render.contact(contact, with_contact_inboxes=True),
        "contact_inbox": {"inbox": inbox_record(inbox) if inbox else None,
                          "source_id": link.source_id if link else None},
    }}


def contact_conversations(render: Renderer, conversations: Iterable[Conversation]) -> dict[str, Any]:
    return {"payload": [render.conversation(cv) for cv in conversations]}


def contactable_inboxes(render: Renderer, found: Iterable[tuple[Inbox, str]]) -> dict[str, Any]:
    """Each inbox the contact can be reached through, with the source id to use."""
    return {"payload": [{"inbox": render.inbox(inbox), "source_id": source_id} for inbox, source_id in found]}
