"""/public/api/v1/inboxes/{inbox_identifier}: the client API of an API inbox (no auth header)."""

from __future__ import annotations

from typing import Any

from flask import Response, request
from flask.views import MethodView

from simulator.chatwoot.errors import RailsNotFound, RateLimited
from simulator.chatwoot.models import Inbox
from simulator.chatwoot.public.schemas import (
    ContactRecordSchema,
    PublicContactCreateSchema,
    PublicContactSchema,
    PublicContactUpdateSchema,
    PublicConversationSchema,
    PublicConversationWriteSchema,
    PublicInboxSchema,
    PublicMessageSchema,
    PublicMessagesQuery,
    PublicMessageUpdateSchema,
    PublicMessageWriteSchema,
)
from simulator.chatwoot.public.store import (
    PublicInbox,
    PublicRenderer,
    api_inbox,
    contact_record,
    contact_wire,
    haiku_name,
    inbox_wire,
)
from simulator.chatwoot.render.renderer import Renderer
from simulator.chatwoot.routes.common import (
    RATE_LIMITED,
    RATES,
    VENDOR,
    account_store,
    answer,
    chatwoot_state,
    documented,
    public_blueprint,
)
from simulator.core.guard import Guard, Principal, principal
from simulator.core.runtime import namespace
from simulator.core.schemes import Credentials, PathKey
from simulator.core.storage import Namespace

DESCRIPTION = ("The client API of an API inbox. No auth header: the inbox identifier and the contact's source id "
               "in the path are the secrets (demo inbox `demo-api-inbox`); an unknown one, like an unknown "
               "conversation or message, is Rails' 404 `{\"status\": 404, \"error\": \"Not Found\"}`.")
blp = public_blueprint("chatwoot_public", __name__, DESCRIPTION)
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
HMAC = ("`identifier_hash` wrong, or missing where the inbox has hmac_mandatory: `{\"error\": \"HMAC failed: "
        "Invalid Identifier Hash Provided\"}` (the real server fails with a 500 here)")
CONTACT_WRITE_ERRORS = {400: MALFORMED, 401: HMAC, 404: UNKNOWN_CONTACT,
                        422: "Invalid contact (`{\"message\", \"attributes\"}`): email, e164 phone, a taken email or "
                             "phone (update)"}
CONVERSATION_WRITE_ERRORS = {400: MALFORMED, 404: UNKNOWN_CONTACT, 422: "A field of the wrong type"}
MESSAGE_WRITE_ERRORS = {400: MALFORMED, 404: UNKNOWN_CONVERSATION,
                        422: "Refused (`{\"error\": ...}`, e.g. content too long), or a field of the wrong type"}
PUBLIC_INBOX = PathKey("publicInbox", "inbox_identifier")


def _authenticate(credentials: Credentials | None, ns: Namespace) -> Principal | None:
    """The API inbox with that identifier; the caller is counted per IP, as Rack::Attack does."""
    inbox = api_inbox(chatwoot_state(ns), credentials[0]) if credentials else None
    return Principal(f"ip:{request.remote_addr}", inbox) if inbox is not None else None


inbox_key = Guard(VENDOR, PUBLIC_INBOX, _authenticate, lambda credentials: RailsNotFound(), rate_policy=RATES,
                  rate_limited=RateLimited, rate_limit_doc=RATE_LIMITED)


def _inbox() -> Inbox:
    return principal().subject


def public() -> PublicInbox:
    """The inbox's operations, through a store of its account that has neither user nor bot."""
    ns = namespace()
    inbox = _inbox()
    store = account_store(ns, chatwoot_state(ns).accounts[inbox.account_id])
    return PublicInbox(store, inbox, lambda: haiku_name(ns.ids))


def render() -> PublicRenderer:
    state = chatwoot_state()
    account = state.accounts[_inbox().account_id]
    return PublicRenderer(Renderer(state, account, is_admin=False, base_url=request.host_url))


@blp.route(INBOX, parameters=[INBOX_PARAMETER])
class InboxViews(MethodView):
    @inbox_key
    @blp.response(200, PublicInboxSchema)
    @documented(blp, {404: UNKNOWN})
    def get(self, inbox_identifier: str) -> Response:
        """Get the inbox: name, timezone, working hours and its switches"""
        return answer(inbox_wire(_inbox()))


@blp.route(CONTACTS, parameters=[INBOX_PARAMETER])
class ContactsViews(MethodView):
    @inbox_key
    @blp.arguments(PublicContactCreateSchema, example={"name": "Ada Lovelace", "email": "ada@example.com",
                                                       "identifier": "ada-1815"})
    @blp.response(200, PublicContactSchema)
    @documented(blp, {**CONTACT_WRITE_ERRORS, 404: UNKNOWN})
    def post(self, body: dict[str, Any], inbox_identifier: str) -> Response:
        """Create a contact (or reuse one)

        An existing contact of the account with the same identifier, else email, else phone
        number is reused as it is; otherwise a new one is made (named like `misty-river-0412`
        without a name). A `source_id` already known in this inbox answers that contact inbox.
        """
        operations = public()
        link = operations.create_contact(body)
        return answer(contact_wire(link, operations.state.contacts[link.contact_id]))


@blp.route(CONTACT, parameters=[INBOX_PARAMETER, CONTACT_PARAMETER])
class ContactViews(MethodView):
    @inbox_key
    @blp.response(200, PublicContactSchema)
    @documented(blp, {404: UNKNOWN_CONTACT})
    def get(self, inbox_identifier: str, contact_identifier: str) -> Response:
        """Get the contact (`source_id`, `pubsub_token`, id, name, email, phone number)"""
        operations = public()
        link = operations.contact_inbox(contact_identifier)
        return answer(contact_wire(link, operations.state.contacts[link.contact_id]))

    @inbox_key
    @blp.arguments(PublicContactUpdateSchema, example={"name": "Ada King", "custom_attributes": {"plan": "pro"}})
    @blp.response(200, ContactRecordSchema)
    @documented(blp, CONTACT_WRITE_ERRORS)
    def put(self, body: dict[str, Any], inbox_identifier: str, contact_identifier: str) -> Response:
        """Update the contact: answers the full Contact record

        Blank values are skipped and the identifier is not changed; custom attributes are
        merged. Unlike the real server, a contact with the same email or phone is not merged
        into this one: that is a 422.
        """
        return answer(contact_record(public().update_contact(contact_identifier, body)))

    patch = put


@blp.route(CONVERSATIONS, parameters=[INBOX_PARAMETER, CONTACT_PARAMETER])
class ConversationsViews(MethodView):
    @inbox_key
    @blp.response(200, PublicConversationSchema(many=True))
    @documented(blp, {404: UNKNOWN_CONTACT})
    def get(self, inbox_identifier: str, contact_identifier: str) -> Response:
        """List the contact inbox's conversations (a plain array, oldest first)"""
        renderer = render()
        return answer([renderer.conversation(cv) for cv in public().conversations(contact_identifier)])

    @inbox_key
    @blp.arguments(PublicConversationWriteSchema, example={})
    @blp.response(200, PublicConversationSchema)
    @documented(blp, CONVERSATION_WRITE_ERRORS)
    def post(self, body: dict[str, Any], inbox_identifier: str, contact_identifier: str) -> Response:
        """Create a conversation (pending when the inbox has an agent bot; custom attributes ignored)"""
        conversation = public().create_conversation(contact_identifier)
        return answer(render().conversation(conversation))


@blp.route(MESSAGES, parameters=[INBOX_PARAMETER, CONTACT_PARAMETER, CONVERSATION_PARAMETER])
class MessagesViews(MethodView):
    @inbox_key
    @blp.arguments(PublicMessagesQuery, location="query")
    @blp.response(200, PublicMessageSchema(many=True))
    @documented(blp, {404: UNKNOWN_CONVERSATION})
    def get(self, query: dict[str, Any], inbox_identifier: str, contact_identifier: str,
            conversation_id: int) -> Response:
        """List messages: the latest 20 (or 20 before `before`), oldest first, no notes or activities"""
        found = public().messages(contact_identifier, conversation_id, query.get("before"))
        renderer = render()
        return answer([renderer.message(m) for m in found])

    @inbox_key
    @blp.arguments(PublicMessageWriteSchema, example={"content": "Where is my order?"})
    @blp.response(200, PublicMessageSchema)
    @documented(blp, MESSAGE_WRITE_ERRORS)
    def post(self, body: dict[str, Any], inbox_identifier: str, contact_identifier: str,
             conversation_id: int) -> Response:
        """Create a message: always incoming, from the contact (it reopens a resolved conversation)"""
        message = public().create_message(contact_identifier, conversation_id, body)
        return answer(render().message(message))


@blp.route(f"{MESSAGES}/<int:message_id>",
           parameters=[INBOX_PARAMETER, CONTACT_PARAMETER, CONVERSATION_PARAMETER])
class MessageViews(MethodView):
    @inbox_key
    @blp.arguments(PublicMessageUpdateSchema, example={"submitted_values": {
        "csat_survey_response": {"rating": 5, "feedback_message": "Great"}}})
    @blp.response(200, PublicMessageSchema)
    @documented(blp, {**MESSAGE_WRITE_ERRORS, 404: f"{UNKNOWN_CONVERSATION}, or a message not in it",
                      422: "An input_csat message older than 14 days (`{\"error\": \"You cannot update the CSAT "
                           "survey after 14 days\"}`), or a field of the wrong type"})
    def patch(self, body: dict[str, Any], inbox_identifier: str, contact_identifier: str, conversation_id: int,
              message_id: int) -> Response:
        """Update a message: store `submitted_values` (form answers, a CSAT rating)"""
        message = public().update_message(contact_identifier, conversation_id, message_id, body)
        return answer(render().message(message))
