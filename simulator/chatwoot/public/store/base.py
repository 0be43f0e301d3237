"""What the public API's operations share: the API inbox of an identifier, Rails' `presence`, the path's lookups."""

from __future__ import annotations

from typing import Any

from simulator.chatwoot.errors import RailsNotFound
from simulator.chatwoot.models import ChatwootState, ContactInbox, Conversation, Inbox
from simulator.chatwoot.store.indexes import indexes
from simulator.chatwoot.store.scope import AccountScope


def api_inbox(state: ChatwootState, identifier: str) -> Inbox | None:
    """`Channel::Api.find_by(identifier:)`: a web-widget inbox has no identifier, so it is never found;
    nor is an inbox of a deleted account (the real server deletes the account's inboxes with it)."""
    return next((i for i in state.inboxes.values()
                 if i.is_api and i.identifier == identifier and i.account_id in state.accounts), None)


def present(value: Any) -> Any:
    """Rails' `presence`: None for nil and blank strings."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return value


class InboxPart:
    """One kind of operations a contact does through one API inbox, in the scope of the inbox's account where
    the contact acts. Each lookup of the path's ids that misses is Rails' 404."""

    def __init__(self, scope: AccountScope, inbox: Inbox) -> None:
        self.scope = scope
        self.state = scope.state
        self.inbox = inbox

    def source_link(self, source_id: str) -> ContactInbox | None:
        """The contact inbox with that source id in this inbox, if there is one."""
        return next((ci for ci in indexes(self.state).links_with_source(source_id) if ci.inbox_id == self.inbox.id),
                    None)

    def contact_inbox(self, source_id: str) -> ContactInbox:
        """The contact inbox with that source id in this inbox."""
        link = self.source_link(source_id)
        if link is None:
            raise RailsNotFound()
        return link

    def conversation(self, source_id: str, display_id: int) -> Conversation:
        """A conversation of that contact inbox, by display id."""
        link = self.contact_inbox(source_id)
        found = next((cv for cv in indexes(self.state).conversations_of_link(link.id) if cv.display_id == display_id),
                     None)
        if found is None:
            raise RailsNotFound()
        return found
