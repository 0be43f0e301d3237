"""Contacts on the public API's wire: the contact with its source id, and the raw Contact record."""

from __future__ import annotations

from typing import Any

from simulator.chatwoot.models import Contact, ContactInbox
from simulator.chatwoot.store.base import record_time


def contact_wire(link: ContactInbox, contact: Contact) -> dict[str, Any]:
    """`public/api/v1/inboxes/contacts/create.json.jbuilder` (show too)."""
    return {"source_id": link.source_id, "pubsub_token": link.pubsub_token, "id": contact.id, "name": contact.name,
            "email": contact.email, "phone_number": contact.phone_number}


def contact_record(contact: Contact) -> dict[str, Any]:
    """The raw Contact record (`render json: contact`): every v3.1 column, ISO-8601 times."""
    return {
        "id": contact.id,
        "name": contact.name,
        "email": contact.email,
        "phone_number": contact.phone_number,
        "account_id": contact.account_id,
        "created_at": record_time(contact.created_at),
        "updated_at": record_time(contact.updated_at),
        "additional_attributes": contact.additional_attributes,
        "identifier": contact.identifier,
        "custom_attributes": contact.custom_attributes,
        "last_activity_at": record_time(contact.last_activity_at),
    }
