"""Contacts of one account: resolved-contact lists, search, filter, validation and contact inboxes."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from simulator.chatwoot.errors import ChatwootError, MessageOnly, RecordInvalid
from simulator.chatwoot.models import Contact, ContactInbox, Conversation, Inbox
from simulator.chatwoot.store.base import EMAIL, owned
from simulator.chatwoot.store.events import contact_snapshot
from simulator.chatwoot.store.filters import contact_filter
from simulator.chatwoot.store.inboxes import Inboxes
from simulator.chatwoot.store.indexes import (
    drop_contact,
    drop_conversation,
    drop_link,
    drop_message,
    indexes,
    store_contact,
    store_link,
)
from simulator.chatwoot.store.pages import Page, page_number, paginate
from simulator.chatwoot.store.scope import AccountPart

CONTACTS_PER_PAGE = 15
CONTACT_CONVERSATIONS = 20
E164 = re.compile(r"\+[1-9]\d{1,14}\Z")
SEARCH_WITHOUT_Q = "Specify search string with parameter q"
SORT_KEYS: dict[str, Any] = {
    "name": lambda c: c.name.lower() if c.name else None,
    "email": lambda c: c.email,
    "phone_number": lambda c: c.phone_number,
    "last_activity_at": lambda c: c.last_activity_at,
    "created_at": lambda c: c.created_at,
    "company": lambda c: _text(c.additional_attributes.get("company_name")),
    "city": lambda c: _text(c.additional_attributes.get("city")),
    "country": lambda c: _text(c.additional_attributes.get("country")),
}


def sort_contacts(contacts: list[Contact], sort: str | None) -> list[Contact]:
    """`sort=name|email|…`, `-` for descending; missing values last either way; unknown keys ignored."""
    key = (sort or "").lstrip("-")
    if key not in SORT_KEYS:
        return contacts
    value_of = SORT_KEYS[key]
    present = [c for c in contacts if value_of(c) is not None]
    missing = [c for c in contacts if value_of(c) is None]
    present.sort(key=lambda c: (value_of(c), c.id), reverse=(sort or "").startswith("-"))
    return present + missing


class Contacts(AccountPart):
    """The contact operations of one account."""

    def _all(self) -> list[Contact]:
        return indexes(self.state).contacts_of(self.account_id)

    def find(self, contact_id: Any) -> Contact:
        return owned(self.state.contacts, contact_id, self.account_id)

    # ---- lists -------------------------------------------------------------------------------

    def list(self, *, sort: str | None, labels: list[str], page: str | None) -> Page:
        """Resolved contacts only, optionally tagged with any of `labels`, 15 per page."""
        if not labels and (sort or "").lstrip("-") not in SORT_KEYS:  # the index's order: by id
            index = indexes(self.state)
            resolved = index.resolved_contacts(self.account_id)
            start = (page_number(page) - 1) * CONTACTS_PER_PAGE
            mine = index.contacts.get(self.account_id, {})
            return Page([mine[key] for key in resolved[start:start + CONTACTS_PER_PAGE]], len(resolved))
        found = [c for c in self._all() if c.is_resolved]
        if labels:
            wanted = set(labels)
            found = [c for c in found if wanted & set(c.labels)]
        return paginate(sort_contacts(found, sort), page, CONTACTS_PER_PAGE)

    def search(self, *, q: str | None, sort: str | None, page: str | None) -> Page:
        """ILIKE `%q%` on name, email and phone; case-sensitive LIKE on identifier."""
        if not q or not q.strip():
            raise ChatwootError(SEARCH_WITHOUT_Q)
        needle = q.lower()
        found = [c for c in self._all() if c.is_resolved and (
            any(needle in (value or "").lower() for value in (c.name, c.email, c.phone_number))
            or q in (c.identifier or ""))]
        return paginate(sort_contacts(found, sort), page, CONTACTS_PER_PAGE)

    def filter(self, payload: Any, page: str | None, today: date) -> Page:
        """Every contact of the account (v3.1 does not restrict the filter to resolved ones)."""
        matches = contact_filter(payload, self.state.custom_attributes_of(self.account_id), today)
        return paginate([c for c in self._all() if matches(c)], page, CONTACTS_PER_PAGE)

    def conversations(self, contact_id: int) -> list[Conversation]:
        """At most 20, newest first, in the inboxes the caller may see."""
        contact = self.find(contact_id)
        found = [cv for cv in indexes(self.state).conversations_of_contact(contact.id)
                 if self.scope.can_see_inbox(self.state.inboxes[cv.inbox_id])]
        return sorted(found, key=lambda cv: cv.id, reverse=True)[:CONTACT_CONVERSATIONS]

    # ---- writes --------------------------------------------------------------------------------

    def _validate(self, fields: dict[str, Any], own_id: int | None) -> None:
        errors: list[tuple[str, str]] = []
        index = indexes(self.state)
        email = fields.get("email")
        if email:
            if not EMAIL.match(email):
                errors.append(("email", "Email Invalid email"))
            elif index.taken(self.account_id, "email", email, own_id):
                errors.append(("email", "Email has already been taken"))
        identifier = fields.get("identifier")
        if identifier and index.taken(self.account_id, "identifier", identifier, own_id):
            errors.append(("identifier", "Identifier has already been taken"))
        phone = fields.get("phone_number")
        if phone:
            if index.taken(self.account_id, "phone_number", phone, own_id):
                errors.append(("phone_number", "Phone number has already been taken"))
            if not E164.search(phone):
                errors.append(("phone_number", "Phone number should be in e164 format"))
        if len(fields.get("name") or "") > 255:
            errors.append(("name", "Name is too long (maximum is 255 characters)"))
        if errors:
            raise RecordInvalid(errors)

    def create(self, body: dict[str, Any]) -> tuple[Contact, ContactInbox | None, Inbox | None]:
        """Validates first, then stores the contact and (with `inbox_id`) its contact inbox together."""
        fields = _normalised(body)
        self._validate(fields, None)  # as the real create: the contact's validation, then the inbox (404)
        inbox = Inboxes(self.scope).find(body["inbox_id"]) if body.get("inbox_id") is not None else None
        source_id = body.get("source_id") or None
        if inbox is not None and source_id and self.source_taken(inbox, source_id, None):
            raise RecordInvalid([("source_id", "Source has already been taken")])
        now = self.scope.ctx.now()
        contact = Contact(id=self.state.next_id("contacts"), account_id=self.account_id,
                          name=fields.get("name") or "", created_at=now, updated_at=now, email=fields.get("email"),
                          phone_number=fields.get("phone_number"), identifier=fields.get("identifier"),
                          additional_attributes=fields.get("additional_attributes") or {},
                          custom_attributes=fields.get("custom_attributes") or {},
                          avatar_url=fields.get("avatar_url") or "")
        store_contact(self.state, contact)
        contact_inbox = self.link(contact, inbox, source_id) if inbox is not None else None
        self.scope.events.contact_created(contact)
        return contact, contact_inbox, inbox

    def update(self, contact_id: int, body: dict[str, Any]) -> Contact:
        """Custom attributes are merged; the other given fields replace the stored ones."""
        contact = self.find(contact_id)
        before = contact_snapshot(contact)
        fields = _normalised(body)
        merged = {"name": contact.name, "email": contact.email, "phone_number": contact.phone_number,
                  "identifier": contact.identifier, **{k: v for k, v in fields.items() if k in body}}
        self._validate(merged, contact.id)
        for key in ("name", "email", "phone_number", "identifier"):
            if key in body:
                setattr(contact, key, fields.get(key) if key != "name" else (fields.get("name") or ""))
        if isinstance(body.get("additional_attributes"), dict):
            contact.additional_attributes = body["additional_attributes"]
        if isinstance(body.get("custom_attributes"), dict):
            contact.custom_attributes = {**contact.custom_attributes, **body["custom_attributes"]}
        if body.get("avatar_url"):
            contact.avatar_url = body["avatar_url"]
        contact.updated_at = self.scope.ctx.now()
        self.scope.events.contact_updated(contact, before)
        return contact

    def delete(self, contact_id: int) -> None:
        """Administrators only (checked first); an online contact cannot be deleted (422 `{"message": …}`)."""
        self.scope.require_admin()
        contact = self.find(contact_id)
        if contact.online:
            raise MessageOnly(f"{contact.name} is Online, please try again later")
        index = indexes(self.state)
        gone = index.conversations_of_contact(contact.id)
        for conversation in gone:
            for message in list(index.messages_of(conversation.id)):
                drop_message(self.state, message)
        for conversation in gone:
            drop_conversation(self.state, conversation)
        for link in index.links_of_contact(contact.id):
            drop_link(self.state, link)
        drop_contact(self.state, contact)

    # ---- contact inboxes -----------------------------------------------------------------------

    def source_taken(self, inbox: Inbox, source_id: str, contact_id: int | None) -> bool:
        return any(ci.inbox_id == inbox.id and ci.contact_id != contact_id
                   for ci in indexes(self.state).links_with_source(source_id))

    def link(self, contact: Contact, inbox: Inbox, source_id: str | None) -> ContactInbox:
        """ContactInboxBuilder: the existing link with that source id, or a new one (a UUID by default)."""
        source = source_id or self.scope.ctx.new_uuid()
        existing = next((ci for ci in indexes(self.state).links_with_source(source)
                         if ci.contact_id == contact.id and ci.inbox_id == inbox.id), None)
        if existing is not None:
            return existing
        now = self.scope.ctx.now()
        link = ContactInbox(id=self.state.next_id("contact_inboxes"), contact_id=contact.id, inbox_id=inbox.id,
                            source_id=source, created_at=now, updated_at=now, pubsub_token=self.scope.ctx.new_token())
        store_link(self.state, link)
        return link

    def add_contact_inbox(self, contact_id: int, inbox_id: Any, source_id: Any) -> ContactInbox:
        """The inbox must be one the caller may see (`find` + `authorize :show?`); no inbox id finds none (404)."""
        contact = self.find(contact_id)
        inbox = Inboxes(self.scope).show(inbox_id)
        source = str(source_id) if source_id not in (None, "") else None
        if source and self.source_taken(inbox, source, contact.id):
            raise RecordInvalid([("source_id", "Source has already been taken")])
        return self.link(contact, inbox, source)

    def contactable_inboxes(self, contact_id: int) -> list[tuple[Inbox, str]]:
        """The caller's inboxes an agent can start a conversation in, with the source id to use.

        API inboxes: the contact's latest link there, else a fresh UUID. Widget inboxes: only a
        latest link that has no conversation yet (Contacts::ContactableInboxesService).
        """
        contact = self.find(contact_id)
        pairs: list[tuple[Inbox, str]] = []
        for inbox in Inboxes(self.scope).visible():
            links = [ci for ci in indexes(self.state).links_of_contact(contact.id) if ci.inbox_id == inbox.id]
            latest = max(links, key=lambda ci: ci.id) if links else None
            if inbox.is_api:
                pairs.append((inbox, latest.source_id if latest else self.scope.ctx.new_uuid()))
            elif latest is not None and not indexes(self.state).conversations_of_link(latest.id):
                pairs.append((inbox, latest.source_id))
        return pairs


def _text(value: Any) -> str | None:
    return str(value).lower() if value not in (None, "") else None


def _normalised(body: dict[str, Any]) -> dict[str, Any]:
    """Blank strings become None; emails are stored lower-cased (Chatwoot's `prepare_email_attribute`)."""
    fields = dict(body)
    for key in ("email", "phone_number", "identifier"):
        value = fields.get(key)
        fields[key] = value.strip() if isinstance(value, str) and value.strip() else None
    if fields.get("email"):
        fields["email"] = fields["email"].lower()
    return fields
