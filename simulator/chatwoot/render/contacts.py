"""Contacts on the wire, as other records embed them: the contact's push event data."""

from __future__ import annotations

from typing import Any

from simulator.chatwoot.models import Contact


def contact_push(contact: Contact) -> dict[str, Any]:
    return {
        "additional_attributes": contact.additional_attributes,
        "custom_attributes": contact.custom_attributes,
        "email": contact.email,
        "id": contact.id,
        "identifier": contact.identifier,
        "name": contact.name,
        "phone_number": contact.phone_number,
        "thumbnail": contact.avatar_url,
        "type": "contact",
    }
