"""Contact data: key/value pairs attached to contacts, seen with the contact's statistics rights."""

from __future__ import annotations

from collections.abc import Iterator

from simulator.sinch_cmi.errors import Forbidden, InvalidParameter
from simulator.sinch_cmi.models import MANAGE_CONTACT_HISTORY, MANAGE_OWN_CONTACT_HISTORY, ContactDatum
from simulator.sinch_cmi.store.base import StoreBase, Wire, first


class ContactDataRules(StoreBase):
    def list_contact_data(self, *, contact_ids: set[str] | None, key: str | None, limit: int | None) -> list[Wire]:
        self._require_statistics()
        wanted_key = key.lower() if key is not None else None

        def selected() -> Iterator[ContactDatum]:
            for datum in self.state.contact_data.values():  # the table's order
                contact = self.state.contacts.get(datum.contact_id)
                if contact is None or not self._sees_statistics(contact):
                    continue
                if contact_ids is not None and datum.contact_id not in contact_ids:
                    continue
                if wanted_key is not None and datum.key.lower() != wanted_key:
                    continue
                yield datum

        return [self.writer.contact_datum(d) for d in first(selected(), limit)]

    def contact_data_for(self, contact_id: str) -> list[Wire]:
        self._require_statistics()
        contact = self._contact(contact_id)
        if not self._sees_statistics(contact):
            raise Forbidden()
        data = self.state.contact_data
        return [self.writer.contact_datum(data[i]) for i in self.indexes.contact_data_of.ids(self.state, contact_id)]

    def add_contact_datum(self, *, contact_id: str, key: str, value: str) -> str:
        self._require_statistics()
        self._require(MANAGE_CONTACT_HISTORY, MANAGE_OWN_CONTACT_HISTORY)
        contact = self.state.contacts.get(contact_id)
        if contact is None:
            raise InvalidParameter(f"Unknown contactId: '{contact_id}'")
        if not (self._sees_statistics(contact) and self._sees_history(contact)):
            raise Forbidden()
        datum = ContactDatum(id=self.ctx.new_guid(), contact_id=contact_id, key=key, value=value,
                             time_stamp=self.ctx.now())
        self.state.contact_data[datum.id] = datum
        self.indexes.contact_data_of.added(self.state, datum.id)
        return datum.id
