"""Contacts: the calls, chats and emails the caller's statistics rights show, the search over them, their details."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from simulator.sinch_cmi.errors import Forbidden
from simulator.sinch_cmi.models import LISTEN_TO_RECORDING, OWN_STATISTICS_DETAILS, STATISTICS_DETAILS, Contact
from simulator.sinch_cmi.store import fulltext
from simulator.sinch_cmi.store.base import StoreBase, Wire, Writer, first, page
from simulator.sinch_cmi.store.query import SortSpec, field_filters, matches, matching
from simulator.sinch_cmi.store.timeline import settled

NEWEST_FIRST = SortSpec((("arrivalTime", True),))


@dataclass(frozen=True)
class ContactSearch:
    """The operational criteria of GET /contacts (the field wildcards are applied to the wire form)."""

    search: list[str] | None = None  # source or destination patterns
    start_time: datetime | None = None
    end_time: datetime | None = None
    subject: str | None = None
    body: str | None = None
    remarks: str | None = None
    case_id: str | None = None
    agent_ids: set[str] | None = None
    queue_ids: set[str] | None = None
    group_ids: set[str] | None = None
    pickable: bool = False


NO_CRITERIA = ContactSearch()


@dataclass(frozen=True)
class ClockBound:
    """A list of contacts' wire forms as made, and by position the contacts whose values still move with the clock."""

    wires: list[Wire]
    moving: list[tuple[int, Contact]]


def written_now(made: ClockBound, writer: Writer, now: datetime, *, statistics: bool) -> list[Wire]:
    """A list kept from earlier as it reads now: the moving contacts written again (settled ones never change)."""
    if not made.moving:
        return made.wires
    wires = list(made.wires)
    for position, contact in made.moving:
        wires[position] = writer.contact(contact, now, statistics=statistics)
    return wires


class ContactRules(StoreBase):
    def clock_bound(self, wires: list[Wire], *, statistics: bool) -> ClockBound:
        """A list's wire forms and, by position, the contacts whose values still move with the clock."""
        now = self.ctx.now()
        contacts = self.state.contacts
        moving = [(position, contacts[wire["id"]]) for position, wire in enumerate(wires)
                  if not settled(contacts[wire["id"]], now, statistics=statistics)]
        return ClockBound(wires, moving)

    def list_contacts(
        self,
        *,
        criteria: ContactSearch,
        statistics: bool,
        filters: dict[str, str],
        sort: SortSpec | None,
        limit: int | None,
    ) -> list[Wire]:
        self._require_statistics()
        now = self.ctx.now()
        unfiltered = criteria == NO_CRITERIA

        def wanted(contact: Contact) -> bool:
            return (
                self._sees_statistics(contact)
                and (unfiltered or self._contact_matches(contact, criteria))
                and (not criteria.pickable or self._pickable(contact))
            )

        contacts = self.state.contacts
        if not filters and sort == NEWEST_FIRST:  # the default order, kept by the index: read only the page
            newest = (contacts[i] for i in self._visible_ids())
            page_of = first((c for c in newest if wanted(c)), limit)
            return [self.writer.contact(c, now, statistics=statistics) for c in page_of]
        if not filters:
            found = [self.writer.contact(c, now, statistics=statistics) for c in contacts.values() if wanted(c)]
            return page(found, sort, limit)
        # field filters compare the stored values, so they are applied before translating
        if sort == NEWEST_FIRST:  # the default order of the texts answered: render until the page is full
            newest = (contacts[i] for i in self.indexes.contacts_as_written.ids(self.state))
            raw = (self.writer.contact(c, now, statistics=statistics, translated=False) for c in newest if wanted(c))
            found, sort = first(matching(raw, filters), limit), None
        else:
            found = field_filters(
                (self.writer.contact(c, now, statistics=statistics, translated=False)
                 for c in contacts.values() if wanted(c)),
                filters,
            )
        for wire in found:
            wire["statusDetails"] = self.writer.translate(wire["statusDetails"])
        return page(found, sort, limit)

    def _visible_ids(self) -> Iterator[str]:
        """The ids of the contacts the caller's statistics rights may show (and maybe more), newest first."""
        rights, derived = self.user.rights, self.indexes
        if STATISTICS_DETAILS in rights and OWN_STATISTICS_DETAILS not in rights:
            return derived.contacts_by_queue.ids(self.state, self.user.queues)
        if OWN_STATISTICS_DETAILS in rights and STATISTICS_DETAILS not in rights:
            return derived.contacts_by_agent.ids(self.state, [self.user.id])
        return derived.contacts.ids(self.state)  # both: every contact, each checked

    def _contact_matches(self, contact: Contact, criteria: ContactSearch) -> bool:
        search, start_time, end_time = criteria.search, criteria.start_time, criteria.end_time
        agent_ids, queue_ids, group_ids = criteria.agent_ids, criteria.queue_ids, criteria.group_ids
        case_id, subject, body, remarks = criteria.case_id, criteria.subject, criteria.body, criteria.remarks
        if search and not any(matches(contact.source, p) or matches(contact.destination, p) for p in search):
            return False
        if start_time is not None and not (
            contact.arrival_time >= start_time or (contact.disconnect_time and contact.disconnect_time >= start_time)
        ):
            return False
        if end_time is not None and not (
            contact.arrival_time <= end_time or (contact.disconnect_time and contact.disconnect_time <= end_time)
        ):
            return False
        if agent_ids is not None and contact.agent_id not in agent_ids:
            return False
        if queue_ids is not None and contact.queue_id not in queue_ids:
            return False
        if group_ids is not None and contact.contact_group_id.upper() not in group_ids:
            return False
        if case_id is not None and contact.case_id != case_id:
            return False
        if subject is not None and not (contact.channel != "PHONE" and fulltext.matches(contact.subject, subject)):
            return False
        if body is not None and not self._body_matches(contact, body):
            return False
        return remarks is None or fulltext.matches(self.state.remarks.get(contact.contact_group_id), remarks)

    def _body_matches(self, contact: Contact, body: str) -> bool:
        """Email bodies by full-text search; chat messages must contain the value somewhere."""
        email = self.state.emails.get(contact.id)
        if email is not None:
            return fulltext.matches(email.content, body)
        chat = self.state.chats.get(contact.id)
        if chat is not None:
            needle = body.lower()
            return any(needle in line.message.lower() for line in chat.transcript)
        return False

    def _pickable(self, contact: Contact) -> bool:
        if contact.channel == "PHONE" or contact.queue_id not in self.user.queues:
            return False
        if contact.status == "InQueue":
            return True
        if contact.status != "InProcess" or contact.channel != "EMAIL":
            return False
        return contact.type == "EmailIn" or contact.created_by == self.user.id

    def get_contact(self, contact_id: str, *, statistics: bool) -> Wire:
        self._require_statistics()
        contact = self._contact(contact_id)
        if not self._sees_statistics(contact):
            raise Forbidden()
        return self.writer.contact(contact, self.ctx.now(), statistics=statistics)

    def contact_details(self, contact_id: str) -> Wire:
        """Simulator choice (shape undocumented): the contact with statistics, its group's remarks,
        and its content: the email, the chat with transcript, or the call's recordings and script
        results, each only when the caller may read that resource on its own."""
        self._require_statistics()
        contact = self._contact(contact_id)
        if not self._sees_statistics(contact):
            raise Forbidden()
        details = self.writer.contact(contact, self.ctx.now(), statistics=True)
        group_remarks = self.state.remarks.get(contact.contact_group_id)
        if group_remarks is not None:
            details["remarks"] = group_remarks
        email = self.state.emails.get(contact.id)
        chat = self.state.chats.get(contact.id)
        if email is not None:
            if self._sees_history(contact):  # as GET /emails/{id} would
                details["email"] = self.writer.email(email, contact)
        elif chat is not None:
            details["chat"] = self.writer.chat(chat, contact, single=True)
        else:
            if LISTEN_TO_RECORDING in self.user.rights:  # as GET /callRecordings would
                recordings = self.state.recordings
                details["callRecordings"] = [
                    self.writer.recording(recordings[i])
                    for i in self.indexes.recordings_of.ids(self.state, contact.id)
                ]
            results = self.state.script_results
            details["scriptResults"] = [
                self.writer.script_result(results[i])
                for i in self.indexes.script_results_of.ids(self.state, contact.id)
                if self._sees_script(results[i])
            ]
        data = self.state.contact_data
        details["contactData"] = [
            self.writer.contact_datum(data[i]) for i in self.indexes.contact_data_of.ids(self.state, contact.id)
        ]
        return details
