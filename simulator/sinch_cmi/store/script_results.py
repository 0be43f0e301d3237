"""Script results: answers given in call scripts, readable with the contact history or as outbound customer data."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from simulator.sinch_cmi.errors import Forbidden, InvalidParameter, NotFound
from simulator.sinch_cmi.models import (
    MANAGE_CONTACT_HISTORY,
    MANAGE_OWN_CONTACT_HISTORY,
    OUTBOUND_CUSTOMER_VIEW,
    ScriptAnswer,
    ScriptQuestion,
    ScriptResult,
)
from simulator.sinch_cmi.store.base import StoreBase, Wire, first, page
from simulator.sinch_cmi.store.query import SortSpec


class ScriptResultRules(StoreBase):
    def list_script_results(
        self, *, contact_id: str | None, originalcontact_id: str | None, sort: SortSpec | None, limit: int | None
    ) -> list[Wire]:
        self._require(MANAGE_CONTACT_HISTORY, MANAGE_OWN_CONTACT_HISTORY, OUTBOUND_CUSTOMER_VIEW)
        results = self.state.script_results
        if contact_id is not None:  # one contact's results, read in the table's order and sorted here
            ids: Iterable[str] = self.indexes.script_results_of.ids(self.state, contact_id)
        else:  # every result, oldest first, as the answer lists them
            ids = self.indexes.script_results.ids(self.state)
        selected = (
            r for r in (results[i] for i in ids)
            if self._sees_script(r)
            and (contact_id is None or r.contact_id == contact_id)
            and (originalcontact_id is None or r.originalcontact_id == originalcontact_id)
        )
        cut = sort is None and contact_id is None  # already in the answer's order: read only the page
        found = [self.writer.script_result(r) for r in (first(selected, limit) if cut else selected)]
        if contact_id is not None:
            found.sort(key=lambda w: w["modificationtime"])
        return page(found, sort, limit)

    def get_script_result(self, result_id: str) -> Wire:
        self._require(MANAGE_CONTACT_HISTORY, MANAGE_OWN_CONTACT_HISTORY, OUTBOUND_CUSTOMER_VIEW)
        result = self.state.script_results.get(result_id)
        if result is None:
            raise NotFound()
        if not self._sees_script(result):
            raise Forbidden()
        return self.writer.script_result(result)

    def create_script_result(
        self,
        *,
        script_id: str,
        name: str,
        contact_id: str,
        originalcontact_id: str | None,
        modificationtime: datetime | None,
        scriptquestions: list[dict[str, Any]],
    ) -> str:
        self._require(MANAGE_CONTACT_HISTORY, MANAGE_OWN_CONTACT_HISTORY, OUTBOUND_CUSTOMER_VIEW)
        contact = self.state.contacts.get(contact_id)
        if contact is None:
            raise InvalidParameter(f"Unknown contact_id: '{contact_id}'")
        if originalcontact_id is not None and originalcontact_id not in self.state.contacts:
            raise InvalidParameter(f"Unknown originalcontact_id: '{originalcontact_id}'")
        if not self._sees_script_of(contact):
            raise Forbidden()  # checked before any id is drawn: a refusal changes nothing
        result = ScriptResult(
            id=self.ctx.new_guid(),
            script_id=script_id,
            name=name,
            contact_id=contact_id,
            originalcontact_id=originalcontact_id or contact_id,
            modificationtime=modificationtime or self.ctx.now(),
            scriptquestions=[
                ScriptQuestion(
                    id=q.get("id") or self.ctx.new_guid(),
                    data=q["data"],
                    controltype=q["controltype"],
                    datatype=q["datatype"],
                    ordinal=q["ordinal"],
                    scriptanswers=[
                        ScriptAnswer(id=a.get("id") or self.ctx.new_guid(), answerdata=a["answerdata"],
                                     ordinal=a["ordinal"])
                        for a in q["scriptanswers"]
                    ],
                )
                for q in scriptquestions
            ],
        )
        self.state.script_results[result.id] = result
        self.indexes.script_results.added(self.state, result.id)
        self.indexes.script_results_of.added(self.state, result.id)
        contact.script = True
        return result.id
