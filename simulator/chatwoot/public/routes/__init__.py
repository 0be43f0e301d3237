"""The public API's views: one module per resource, all on the one blueprint of `common`."""

from __future__ import annotations

from simulator.chatwoot.public.routes import contacts, conversations, inboxes, messages
from simulator.chatwoot.public.routes.common import blp

__all__ = ["blp", "contacts", "conversations", "inboxes", "messages"]
