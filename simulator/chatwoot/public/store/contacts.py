"""Contacts of the public API: created or reused (HMAC-checked identity), then updated without merging."""

from __future__ import annotations

import hashlib
import hmac
import random
from collections.abc import Callable
from typing import Any

from simulator.chatwoot.errors import Unauthorized
from simulator.chatwoot.models import Contact, ContactInbox, Inbox
from simulator.chatwoot.public.store.base import InboxPart, present
from simulator.chatwoot.store.contacts import Contacts
from simulator.chatwoot.store.indexes import indexes
from simulator.chatwoot.store.scope import AccountScope

HMAC_FAILED = "HMAC failed: Invalid Identifier Hash Provided"


ADJECTIVES = ("autumn", "hidden", "bitter", "misty", "silent", "empty", "dry", "dark", "summer", "icy", "delicate",
              "quiet", "white", "cool", "spring", "winter", "patient", "twilight", "dawn", "crimson", "wispy",
              "weathered", "blue", "billowing", "broken", "cold", "damp", "falling", "frosty", "green", "long",
              "late", "lingering", "bold", "little", "morning", "muddy", "old", "red", "rough", "still", "small",
              "sparkling", "shy", "wandering", "withered", "wild", "black", "young", "holy", "solitary",
              "fragrant", "aged", "snowy", "proud", "floral", "restless", "divine", "polished", "ancient",
              "purple", "lively", "nameless")
NOUNS = ("waterfall", "river", "breeze", "moon", "rain", "wind", "sea", "morning", "snow", "lake", "sunset", "pine",
         "shadow", "leaf", "dawn", "glitter", "forest", "hill", "cloud", "meadow", "sun", "glade", "bird", "brook",
         "butterfly", "bush", "dew", "dust", "field", "fire", "flower", "firefly", "feather", "grass", "haze",
         "mountain", "night", "pond", "darkness", "snowflake", "silence", "sound", "sky", "shape", "surf",
         "thunder", "violet", "water", "wildflower", "wave", "resonance", "wood", "dream", "cherry", "tree", "fog",
         "frost", "voice", "paper", "frog", "smoke", "star")


def haiku_name(rng: random.Random) -> str:
    """Haikunator's `adjective-noun-1234`: the name of a contact created without one."""
    return f"{rng.choice(ADJECTIVES)}-{rng.choice(NOUNS)}-{rng.randrange(10000):04d}"


def deep_merge(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """Rails' `Hash#deep_merge`: nested objects are merged, everything else replaced."""
    merged = dict(base)
    for key, value in changes.items():
        current = merged.get(key)
        merged[key] = deep_merge(current, value) if isinstance(current, dict) and isinstance(value, dict) else value
    return merged


class PublicContacts(InboxPart):
    """The contact operations of one API inbox; `new_name` names a contact created without a name."""

    def __init__(self, scope: AccountScope, inbox: Inbox, new_name: Callable[[], str]) -> None:
        super().__init__(scope, inbox)
        self.new_name = new_name
        self.contacts = Contacts(scope)

    def _verified(self, body: dict[str, Any]) -> bool:
        """`process_hmac`: with `hmac_mandatory`, or whenever a hash is sent, it must sign `identifier` (401)."""
        given = present(body.get("identifier_hash"))
        if given is None and not self.inbox.hmac_mandatory:
            return False
        expected = hmac.new((self.inbox.hmac_token or "").encode(), str(body.get("identifier") or "").encode(),
                            hashlib.sha256).hexdigest()
        if not hmac.compare_digest(str(given or "").encode(), expected.encode()):
            raise Unauthorized(HMAC_FAILED)
        return True

    def _match(self, body: dict[str, Any]) -> Contact | None:
        """`ContactInboxWithContactBuilder#find_contact`: by identifier, then email (any case), then phone."""
        mine = indexes(self.state).contacts_of(self.inbox.account_id)
        email = present(body.get("email"))
        wanted: list[tuple[Any, Callable[[Contact], Any]]] = [
            (present(body.get("identifier")), lambda c: c.identifier),
            (email.strip().lower() if email else None, lambda c: c.email),
            (present(body.get("phone_number")), lambda c: c.phone_number),
        ]
        for value, value_of in wanted:
            found = next((c for c in mine if value is not None and value_of(c) == value), None)
            if found is not None:
                return found
        return None

    def create(self, body: dict[str, Any]) -> ContactInbox:
        """The inbox's link with `source_id` if there is one; else a matching contact (reused as it
        is) or a new one, linked with `source_id` (a UUID by default)."""
        verified = self._verified(body)
        source_id = present(body.get("source_id"))
        link = self.source_link(source_id) if source_id is not None else None
        if link is None:
            existing = self._match(body)
            link = (self.contacts.link(existing, self.inbox, source_id) if existing is not None
                    else self._new_contact(body, source_id))
        if verified:
            link.hmac_verified = True
        return link

    def _new_contact(self, body: dict[str, Any], source_id: str | None) -> ContactInbox:
        name = body.get("name")
        fields = {key: body.get(key) for key in ("email", "phone_number", "identifier", "avatar_url",
                                                 "custom_attributes")}
        _, link, _ = self.contacts.create({**fields, "name": name if name is not None else self.new_name(),
                                           "inbox_id": self.inbox.id, "source_id": source_id})
        assert link is not None
        return link

    def update(self, source_id: str, body: dict[str, Any]) -> Contact:
        """`ContactIdentifyAction` without merging: blank values are skipped, the identifier is not
        changed, custom attributes are deep-merged; a taken email or phone is the 422 record body."""
        link = self.contact_inbox(source_id)
        if self._verified(body):
            link.hmac_verified = True
        contact = self.state.contacts[link.contact_id]
        changes = {key: body[key] for key in ("name", "email", "phone_number", "avatar_url")
                   if present(body.get(key)) is not None}
        if isinstance(body.get("custom_attributes"), dict):
            changes["custom_attributes"] = deep_merge(contact.custom_attributes, body["custom_attributes"])
        return self.contacts.update(contact.id, changes)
