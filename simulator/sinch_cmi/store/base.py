"""What every CMI resource's rules share: the caller's context, the writer of answers, the rights checks."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from typing import Any, Protocol, TypeVar

from simulator.sinch_cmi.errors import Forbidden, NotFound
from simulator.sinch_cmi.models import (
    MANAGE_CONTACT_HISTORY,
    MANAGE_OWN_CONTACT_HISTORY,
    OUTBOUND_CUSTOMER_VIEW,
    OWN_STATISTICS_DETAILS,
    STATISTICS_DETAILS,
    Callback,
    CallRecording,
    Chat,
    CmiState,
    Consent,
    Contact,
    ContactDatum,
    Email,
    ListenLog,
    ScheduledMessage,
    ScriptResult,
    User,
)
from simulator.sinch_cmi.store.indexes import indexes
from simulator.sinch_cmi.store.query import SortSpec, sort_records

Wire = dict[str, Any]
T = TypeVar("T")


@dataclass
class Context:
    """The caller of one request, the clock it reads and the ids it draws."""

    now: Callable[[], datetime]
    new_guid: Callable[[], str]
    user: User


class Writer(Protocol):
    """The records in their wire form (render's JSON writer, in the caller's language, is the one in use)."""

    def contact(self, contact: Contact, now: datetime, *, statistics: bool = False, translated: bool = True) -> Wire:
        """`translated=False`: statusDetails as stored, for field filters that compare the stored values."""

    def email(self, email: Email, contact: Contact, *, attached_data: bool = False) -> Wire: ...

    def chat(self, chat: Chat, contact: Contact, *, single: bool = False) -> Wire: ...

    def recording(self, recording: CallRecording, *, single: bool = False) -> Wire: ...

    def listen_log(self, entry: ListenLog) -> Wire: ...

    def script_result(self, result: ScriptResult) -> Wire: ...

    def callback(self, callback: Callback) -> Wire: ...

    def message(self, message: ScheduledMessage, now: datetime) -> Wire: ...

    def consent(self, consent: Consent) -> Wire: ...

    def contact_datum(self, datum: ContactDatum) -> Wire: ...

    def translate(self, value: str) -> str:
        """A translatable value in the caller's language."""


def page(records: list[Wire], sort: SortSpec | None, limit: int | None) -> list[Wire]:
    """The records in the requested order, at most `limit` of them."""
    return sort_records(records, sort)[:limit]


def first(records: Iterable[T], limit: int | None) -> list[T]:
    """At most `limit` of the records (all when None), reading no further than needed."""
    if limit is None or limit < 0:  # a negative limit (none reaches here) cuts as a slice would
        return list(records)[:limit]
    return list(islice(records, min(limit, sys.maxsize)))


class StoreBase:
    """The state, the caller and the writer of its answers, and the checks of what the caller may see."""

    def __init__(self, state: CmiState, ctx: Context, writer: Writer) -> None:
        self.state = state
        self.ctx = ctx
        self.user = ctx.user
        self.writer = writer
        self.indexes = indexes(state)

    def _require(self, *rights: str) -> None:
        if not any(right in self.user.rights for right in rights):
            raise Forbidden()

    def _require_statistics(self) -> None:
        self._require(STATISTICS_DETAILS, OWN_STATISTICS_DETAILS)

    def _sees(self, contact: Contact, queue_right: str, own_right: str) -> bool:
        if queue_right in self.user.rights and contact.queue_id in self.user.queues:
            return True
        return own_right in self.user.rights and contact.agent_id == self.user.id

    def _sees_history(self, contact: Contact) -> bool:
        return self._sees(contact, MANAGE_CONTACT_HISTORY, MANAGE_OWN_CONTACT_HISTORY)

    def _sees_statistics(self, contact: Contact) -> bool:
        return self._sees(contact, STATISTICS_DETAILS, OWN_STATISTICS_DETAILS)

    def _sees_script(self, result: ScriptResult) -> bool:
        contact = self.state.contacts.get(result.contact_id)
        return contact is not None and self._sees_script_of(contact)

    def _sees_script_of(self, contact: Contact) -> bool:
        if OUTBOUND_CUSTOMER_VIEW in self.user.rights and contact.type == "CallOut":
            return True
        return self._sees_history(contact)

    def _contact(self, contact_id: str) -> Contact:
        contact = self.state.contacts.get(contact_id)
        if contact is None:
            raise NotFound()
        return contact
