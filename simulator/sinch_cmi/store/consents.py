"""Customer consents (recording, WhatsApp), kept by usage and address, each action behind its own right."""

from __future__ import annotations

from simulator.sinch_cmi.errors import NotFound
from simulator.sinch_cmi.models import CONSENTS_CREATE, CONSENTS_DELETE, CONSENTS_VIEW, Consent
from simulator.sinch_cmi.store.base import StoreBase, Wire, first, page
from simulator.sinch_cmi.store.query import SortSpec, field_filters, matching


class ConsentRules(StoreBase):
    def list_consents(self, *, filters: dict[str, str], sort: SortSpec | None, limit: int | None) -> list[Wire]:
        self._require(CONSENTS_VIEW)
        rendered = (self.writer.consent(c) for c in self.state.consents.values())  # the table's order
        found = field_filters(rendered, filters) if sort is not None else first(matching(rendered, filters), limit)
        return page(found, sort, limit)

    def get_consent(self, key: str) -> Wire:
        self._require(CONSENTS_VIEW)
        consent = self.state.consents.get(key)
        if consent is None:
            raise NotFound()
        return self.writer.consent(consent)

    def upsert_consent(self, *, address: str, usage: str, consent: bool) -> None:
        self._require(CONSENTS_CREATE)
        record = Consent(address=address, usage=usage, consent=consent)
        self.state.consents[record.key] = record

    def delete_consent(self, key: str) -> None:
        self._require(CONSENTS_DELETE)
        if self.state.consents.pop(key, None) is None:
            raise NotFound()
