"""Emails of the operative database: who may read which, found by case and cid, newest first."""

from __future__ import annotations

from collections.abc import Iterator

from simulator.sinch_cmi.errors import Forbidden, NotFound
from simulator.sinch_cmi.models import MANAGE_CONTACT_HISTORY, MANAGE_OWN_CONTACT_HISTORY, Contact, Email
from simulator.sinch_cmi.store.base import StoreBase, Wire, first, page
from simulator.sinch_cmi.store.query import SortSpec


class EmailRules(StoreBase):
    def list_emails(
        self, *, case_id: str | None, cid: str | None, attached_data: bool, sort: SortSpec | None, limit: int | None
    ) -> list[Wire]:
        self._require(MANAGE_CONTACT_HISTORY, MANAGE_OWN_CONTACT_HISTORY)
        emails, contacts = self.state.emails, self.state.contacts
        wanted_cid = cid.upper() if cid is not None else None

        def matching() -> Iterator[tuple[Email, Contact]]:
            for email_id in self.indexes.emails.ids(self.state):  # newest first, as the answer lists them
                email, contact = emails[email_id], contacts[email_id]
                if not self._sees_history(contact):
                    continue
                if case_id is not None and contact.case_id != case_id:
                    continue
                if wanted_cid is not None and (email.cid or "").upper() != wanted_cid:
                    continue
                yield email, contact

        found = matching() if sort is not None else first(matching(), limit)  # a sort reads them all
        return page([self.writer.email(e, c, attached_data=attached_data) for e, c in found], sort, limit)

    def get_email(self, email_id: str, *, attached_data: bool) -> Wire:
        self._require(MANAGE_CONTACT_HISTORY, MANAGE_OWN_CONTACT_HISTORY)
        email = self.state.emails.get(email_id)
        if email is None:
            raise NotFound()
        contact = self.state.contacts[email.id]
        if not self._sees_history(contact):
            raise Forbidden()
        return self.writer.email(email, contact, attached_data=attached_data)
