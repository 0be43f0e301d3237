"""Emails of the operative database: who may read which, found by case and cid, newest first."""

from __future__ import annotations

from simulator.sinch_cmi.errors import Forbidden, NotFound
from simulator.sinch_cmi.models import MANAGE_CONTACT_HISTORY, MANAGE_OWN_CONTACT_HISTORY
from simulator.sinch_cmi.store.base import StoreBase, Wire, page
from simulator.sinch_cmi.store.query import SortSpec


class EmailRules(StoreBase):
    def list_emails(
        self, *, case_id: str | None, cid: str | None, attached_data: bool, sort: SortSpec | None, limit: int | None
    ) -> list[Wire]:
        self._require(MANAGE_CONTACT_HISTORY, MANAGE_OWN_CONTACT_HISTORY)
        found = []
        for email in self.state.emails.values():
            contact = self.state.contacts[email.id]
            if not self._sees_history(contact):
                continue
            if case_id is not None and contact.case_id != case_id:
                continue
            if cid is not None and (email.cid or "").upper() != cid.upper():
                continue
            found.append(self.writer.email(email, contact, attached_data=attached_data))
        found.sort(key=lambda w: w["date_created"], reverse=True)
        return page(found, sort, limit)

    def get_email(self, email_id: str, *, attached_data: bool) -> Wire:
        self._require(MANAGE_CONTACT_HISTORY, MANAGE_OWN_CONTACT_HISTORY)
        email = self.state.emails.get(email_id)
        if email is None:
            raise NotFound()
        contact = self.state.contacts[email.id]
        if not self._sees_history(contact):
            raise Forbidden()
        return self.writer.email(email, contact, attached_data=attached_data)
