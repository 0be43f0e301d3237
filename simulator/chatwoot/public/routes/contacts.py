"""/public/api/v1/inboxes/{inbox_identifier}/contacts: a contact creates, reads and updates itself."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from simulator.chatwoot.public.render.contacts import contact_record, contact_wire
from simulator.chatwoot.public.routes.common import (
    CONTACT,
    CONTACT_PARAMETER,
    CONTACTS,
    INBOX_PARAMETER,
    MALFORMED,
    UNKNOWN,
    UNKNOWN_CONTACT,
    blp,
    contact_scope,
    inbox,
    inbox_key,
)
from simulator.chatwoot.public.schemas.contacts import (
    ContactRecordSchema,
    PublicContactCreateSchema,
    PublicContactSchema,
    PublicContactUpdateSchema,
)
from simulator.chatwoot.public.store.contacts import PublicContacts, haiku_name
from simulator.chatwoot.routes.common import answer, documented
from simulator.core.runtime import namespace

HMAC = ("`identifier_hash` wrong, or missing where the inbox has hmac_mandatory: `{\"error\": \"HMAC failed: "
        "Invalid Identifier Hash Provided\"}` (the real server fails with a 500 here)")
CONTACT_WRITE_ERRORS = {400: MALFORMED, 401: HMAC, 404: UNKNOWN_CONTACT,
                        422: "Invalid contact (`{\"message\", \"attributes\"}`): email, e164 phone, a taken email or "
                             "phone (update)"}


def contacts() -> PublicContacts:
    """The inbox's contact operations; a contact created without a name gets a haiku name."""
    ns = namespace()
    return PublicContacts(contact_scope(), inbox(), lambda: haiku_name(ns.ids))


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
        operations = contacts()
        link = operations.create(body)
        return answer(contact_wire(link, operations.state.contacts[link.contact_id]))


@blp.route(CONTACT, parameters=[INBOX_PARAMETER, CONTACT_PARAMETER])
class ContactViews(MethodView):
    @inbox_key
    @blp.response(200, PublicContactSchema)
    @documented(blp, {404: UNKNOWN_CONTACT})
    def get(self, inbox_identifier: str, contact_identifier: str) -> Response:
        """Get the contact (`source_id`, `pubsub_token`, id, name, email, phone number)"""
        operations = contacts()
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
        return answer(contact_record(contacts().update(contact_identifier, body)))

    patch = put
