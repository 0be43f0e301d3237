"""What every view of the public API shares: its blueprint, the inbox identifier as the key, paths, the scope."""

from __future__ import annotations

from flask import request

from simulator.chatwoot.errors import RailsNotFound, RateLimited
from simulator.chatwoot.models import Inbox
from simulator.chatwoot.public.store.base import api_inbox
from simulator.chatwoot.render.renderer import Renderer
from simulator.chatwoot.routes.common import MOUNT, RATE_LIMITED, RATES, VENDOR, account_scope, chatwoot_state
from simulator.chatwoot.store.base import PUBLIC_CONTACT
from simulator.chatwoot.store.scope import AccountScope
from simulator.core.api import VendorBlueprint
from simulator.core.guard import Guard, Principal, principal
from simulator.core.runtime import namespace
from simulator.core.schemes import Credentials, PathKey
from simulator.core.storage import Namespace

DESCRIPTION = ("The client API of an API inbox. No auth header: the inbox identifier and the contact's source id "
               "in the path are the secrets (demo inbox `demo-api-inbox`); an unknown one, like an unknown "
               "conversation or message, is Rails' 404 `{\"status\": 404, \"error\": \"Not Found\"}`.")
blp = VendorBlueprint("chatwoot_public", __name__, url_prefix=f"{MOUNT}/public/api/v1", description=DESCRIPTION,
                      validation_status=422)
INBOX = "/inboxes/<inbox_identifier>"
CONTACTS = f"{INBOX}/contacts"
CONTACT = f"{CONTACTS}/<contact_identifier>"
CONVERSATIONS = f"{CONTACT}/conversations"
MESSAGES = f"{CONVERSATIONS}/<int:conversation_id>/messages"

INBOX_PARAMETER = {"in": "path", "name": "inbox_identifier", "example": "demo-api-inbox",
                   "description": "The `inbox_identifier` of an API inbox (not its id)"}
CONTACT_PARAMETER = {"in": "path", "name": "contact_identifier",
                     "description": "The contact inbox's `source_id`, as contact create answers it"}
CONVERSATION_PARAMETER = {"in": "path", "name": "conversation_id",
                          "description": "The conversation's display id; it must be of this contact inbox"}
UNKNOWN = "Unknown inbox identifier (Rails' `{\"status\": 404, \"error\": \"Not Found\"}`)"
UNKNOWN_CONTACT = "Unknown inbox identifier or contact source id (Rails' 404 body)"
UNKNOWN_CONVERSATION = "Unknown inbox identifier, contact source id or conversation of the contact (Rails' 404 body)"
MALFORMED = "Malformed JSON (Rails' parse error)"
PUBLIC_INBOX = PathKey("publicInbox", "inbox_identifier")


def _authenticate(credentials: Credentials | None, ns: Namespace) -> Principal | None:
    """The API inbox with that identifier; the caller is counted per IP, as Rack::Attack does."""
    inbox = api_inbox(chatwoot_state(ns), credentials[0]) if credentials else None
    return Principal(f"ip:{request.remote_addr}", inbox) if inbox is not None else None


inbox_key = Guard(VENDOR, PUBLIC_INBOX, _authenticate, lambda credentials: RailsNotFound(), rate_policy=RATES,
                  rate_limited=RateLimited, rate_limit_doc=RATE_LIMITED)


def inbox() -> Inbox:
    """The API inbox of the path's identifier."""
    return principal().subject


def contact_scope() -> AccountScope:
    """The inbox's account as the contact acts in it."""
    ns = namespace()
    return account_scope(ns, chatwoot_state(ns).accounts[inbox().account_id], PUBLIC_CONTACT)


def renderer() -> Renderer:
    """The application API's JSON writer for the inbox's account (senders, messages), as a non-administrator."""
    state = chatwoot_state()
    account = state.accounts[inbox().account_id]
    return Renderer(state, account, is_admin=False, base_url=request.host_url)
