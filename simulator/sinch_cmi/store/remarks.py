"""Remarks of the operative database, one text per contact group, written by the agent responsible for it."""

from __future__ import annotations

from simulator.sinch_cmi.errors import Forbidden, InvalidParameter, NotFound
from simulator.sinch_cmi.models import Contact
from simulator.sinch_cmi.store.base import StoreBase


class RemarkRules(StoreBase):
    def _group(self, group_id: str) -> list[Contact]:
        everyone = self.state.contacts
        contacts = [everyone[i] for i in self.indexes.groups.ids(self.state, group_id.upper())]
        if not contacts:
            raise NotFound()
        return contacts

    def get_remarks(self, group_id: str) -> str:
        self._require_statistics()
        contacts = self._group(group_id)
        if not any(self._sees_statistics(c) for c in contacts):
            raise Forbidden()
        key = contacts[0].contact_group_id
        if contacts[0].channel == "PHONE" and key not in self.state.remarks:
            raise NotFound()  # a call is in the operative database only once it has remarks
        return self.state.remarks.get(key, "")

    def _responsible(self, contacts: list[Contact]) -> None:
        if not any(c.agent_id == self.user.id for c in contacts):
            raise Forbidden()  # "Agent needs to be the responsible user for the contact."

    def add_remarks(self, group_id: str, text: str) -> None:
        contacts = self._group(group_id)
        self._responsible(contacts)
        key = contacts[0].contact_group_id
        if contacts[0].channel != "PHONE":
            raise InvalidParameter("Remarks can be added only to phone calls; use PUT for chats and emails")
        if key in self.state.remarks:
            raise InvalidParameter("The contact already has remarks; use PUT to update them")
        self.state.remarks[key] = text

    def update_remarks(self, group_id: str, text: str) -> None:
        contacts = self._group(group_id)
        self._responsible(contacts)
        key = contacts[0].contact_group_id
        if contacts[0].channel == "PHONE" and key not in self.state.remarks:
            raise NotFound()  # "Contact must exist in operative database."
        self.state.remarks[key] = text
