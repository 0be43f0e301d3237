"""/accounts/{account_id}/contacts: list, search, filter, CRUD, conversations and contact inboxes."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from simulator.chatwoot.models import Contact
from simulator.chatwoot.render.contacts import (
    contact_conversations,
    contact_created,
    contact_page,
    contact_payload,
    contactable_inboxes,
)
from simulator.chatwoot.routes.common import (
    RECORD_ERRORS,
    WRITE_ERRORS,
    answer,
    blueprint,
    current_page,
    documented,
    empty,
    endpoint,
    label_params,
    renderer,
    scope,
)
from simulator.chatwoot.schemas.base import FilterSchema, PageQuery
from simulator.chatwoot.schemas.contacts import (
    ContactCreatedSchema,
    ContactInboxListSchema,
    ContactInboxSchema,
    ContactInboxWriteSchema,
    ContactListQuery,
    ContactPageSchema,
    ContactPayloadSchema,
    ContactSearchQuery,
    ContactWriteSchema,
)
from simulator.chatwoot.schemas.conversations import ConversationPayloadSchema
from simulator.chatwoot.store.contacts import Contacts
from simulator.chatwoot.store.pages import Page
from simulator.core.runtime import namespace

blp = blueprint("chatwoot_contacts", __name__, "Contacts")
CONTACTS = "/accounts/<int:account_id>/contacts"
CONTACT = f"{CONTACTS}/<int:contact_id>"
LIST_ERRORS = {401: "No, unknown or unauthorised token; not a member", 404: "Unknown account"}
SEARCH_ERRORS = {**LIST_ERRORS, 422: "No `q` (`Specify search string with parameter q`)"}
FILTER_ERRORS = {**LIST_ERRORS, 400: "Malformed JSON", 422: "An invalid filter (key, operator, value)"}


def contacts() -> Contacts:
    return Contacts(scope())


def _page(page: Page, with_contact_inboxes: bool = True) -> Response:
    return answer(contact_page(renderer(), page, current_page(), with_contact_inboxes=with_contact_inboxes))


def _contact(contact: Contact) -> Response:
    return answer(contact_payload(renderer(), contact))


@blp.route(CONTACTS)
class ContactsViews(MethodView):
    @endpoint
    @blp.arguments(ContactListQuery, location="query")
    @blp.response(200, ContactPageSchema)
    @documented(blp, LIST_ERRORS)
    def get(self, query: dict[str, Any], account_id: int) -> Response:
        """List resolved contacts (15 per page)

        Only contacts with an email, phone number or identifier. `{"meta": {"count",
        "current_page"}, "payload": [...]}`; `current_page` echoes `page` as sent.
        """
        include = str(query.get("include_contact_inboxes", "true")).lower() != "false"
        return _page(contacts().list(sort=query.get("sort"), labels=label_params(), page=query.get("page")),
                     include)

    @endpoint
    @blp.arguments(ContactWriteSchema, example={"inbox_id": 2, "name": "Ada Lovelace", "email": "ada@example.com",
                                                "phone_number": "+31612345678"})
    @blp.response(200, ContactCreatedSchema)
    @documented(blp, WRITE_ERRORS)
    def post(self, body: dict[str, Any], account_id: int) -> Response:
        """Create a contact

        `inbox_id` is optional (an unknown one is 404); with it the contact is linked to the inbox
        and `contact_inbox` carries the raw inbox record and the source id. Emails are stored
        lower-cased; email, phone (e164) and identifier are unique in the account (422).
        """
        contact, link, inbox = contacts().create(body)
        return answer(contact_created(renderer(), contact, link, inbox))


@blp.route(f"{CONTACTS}/search")
class ContactSearchViews(MethodView):
    @endpoint
    @blp.arguments(ContactSearchQuery, location="query")
    @blp.response(200, ContactPageSchema)
    @documented(blp, SEARCH_ERRORS)
    def get(self, query: dict[str, Any], account_id: int) -> Response:
        """Search resolved contacts by name, email, phone number or identifier (15 per page)"""
        return _page(contacts().search(q=query.get("q"), sort=query.get("sort"), page=query.get("page")))


@blp.route(f"{CONTACTS}/filter")
class ContactFilterViews(MethodView):
    @endpoint
    @blp.arguments(PageQuery, location="query")
    @blp.arguments(FilterSchema, example={"payload": [
        {"attribute_key": "email", "filter_operator": "contains", "values": ["example.com"],
         "query_operator": None}]})
    @blp.response(200, ContactPageSchema)
    @documented(blp, FILTER_ERRORS)
    def post(self, query: dict[str, Any], body: dict[str, Any], account_id: int) -> Response:
        """Filter contacts (every contact of the account, 15 per page)"""
        today = namespace().clock.now().date()
        return _page(contacts().filter(body.get("payload"), query.get("page"), today))


@blp.route(CONTACT)
class ContactByIdViews(MethodView):
    @endpoint
    @blp.response(200, ContactPayloadSchema)
    @documented(blp, RECORD_ERRORS)
    def get(self, account_id: int, contact_id: int) -> Response:
        """Get a contact (`{"payload": {...}}`)"""
        return _contact(contacts().find(contact_id))

    @endpoint
    @blp.arguments(ContactWriteSchema, example={"custom_attributes": {"plan": "pro"}})
    @blp.response(200, ContactPayloadSchema)
    @documented(blp, WRITE_ERRORS)
    def put(self, body: dict[str, Any], account_id: int, contact_id: int) -> Response:
        """Update a contact: 200 with the contact (not 204); custom attributes are merged"""
        return _contact(contacts().update(contact_id, body))

    patch = put

    @endpoint
    @blp.response(200, description="Deleted (empty body)")
    @documented(blp, {**RECORD_ERRORS, 422: "The contact is online (`{\"message\": \"<name> is Online, "
                                            "please try again later\"}`)"})
    def delete(self, account_id: int, contact_id: int) -> Response:
        """Delete a contact (administrators only) with its conversations"""
        contacts().delete(contact_id)
        return empty()


@blp.route(f"{CONTACT}/conversations")
class ContactConversationsViews(MethodView):
    @endpoint
    @blp.response(200, ConversationPayloadSchema)
    @documented(blp, RECORD_ERRORS)
    def get(self, account_id: int, contact_id: int) -> Response:
        """The contact's conversations (`{"payload": [...]}`, at most 20, newest first, the caller's inboxes)"""
        return answer(contact_conversations(renderer(), contacts().conversations(contact_id)))


@blp.route(f"{CONTACT}/contact_inboxes")
class ContactInboxesViews(MethodView):
    @endpoint
    @blp.arguments(ContactInboxWriteSchema, example={"inbox_id": 2})
    @blp.response(200, ContactInboxSchema)
    @documented(blp, WRITE_ERRORS)
    def post(self, body: dict[str, Any], account_id: int, contact_id: int) -> Response:
        """Link the contact to an inbox (`source_id` optional: a UUID by default)"""
        link = contacts().add_contact_inbox(contact_id, body.get("inbox_id"), body.get("source_id"))
        return answer(renderer().contact_inbox(link))


@blp.route(f"{CONTACT}/contactable_inboxes")
class ContactableInboxesViews(MethodView):
    @endpoint
    @blp.response(200, ContactInboxListSchema)
    @documented(blp, RECORD_ERRORS)
    def get(self, account_id: int, contact_id: int) -> Response:
        """The inboxes an agent can reach the contact through, with the source id to use"""
        return answer(contactable_inboxes(renderer(), contacts().contactable_inboxes(contact_id)))
