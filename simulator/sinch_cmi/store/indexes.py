"""Derived orders and groupings of a CMI state's records: never exported, rebuilt from the records when missing.

Each list's default order is kept as records come and go, so a first page walks `limit` records, whatever the
size of the world. An index lives beside its state (an attribute that is no dataclass field, so export, import
and comparison never see it); a copied, imported, reseeded or reset state starts without one and builds it from
its records on first use. The stores tell the indexes of every record they add or remove; a table changed behind
their back (its size or last key differ from what the index saw) is read again from scratch. The ordering keys
(arrival, creation and modification times, the contact of a record) never change once a record exists.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Callable, Hashable, Iterable, Iterator
from datetime import UTC, datetime
from heapq import merge
from typing import Any

from simulator.sinch_cmi.models import CmiState

ATTRIBUTE = "derived_indexes"  # the state's attribute holding its indexes (no dataclass field)

Entry = tuple[Any, int, str]  # (key, tie-break by position in the table, record id)


def wire_time(moment: datetime) -> str:
    """A time as the answers order it: its ISO text in UTC to the millisecond (as `date_created` and the like)."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def _table(state: CmiState, name: str) -> dict[str, Any]:
    table: dict[str, Any] = getattr(state, name)
    return table


class _Derived:
    """What every index of one table shares: whether it still reflects the table it was built from."""

    def __init__(self, table: str) -> None:
        self.table = table
        self.size = -1  # unbuilt
        self.last: str | None = None

    def _seen(self, records: dict[str, Any]) -> None:
        self.size = len(records)
        self.last = next(reversed(records)) if records else None

    def current(self, state: CmiState) -> bool:
        records = _table(state, self.table)
        if len(records) != self.size:
            return False
        return not records or next(reversed(records)) == self.last

    @property
    def built(self) -> bool:
        return self.size >= 0

    def forget(self) -> None:
        self.size = -1

    def rebuild(self, state: CmiState) -> None:
        raise NotImplementedError

    def ensure(self, state: CmiState) -> None:
        if not self.current(state):
            self.rebuild(state)

    def snapshot(self) -> Any:
        raise NotImplementedError


class Order(_Derived):
    """A table's ids by a key of each record; equal keys keep the table's own order (a stable sort's)."""

    def __init__(self, table: str, key: Callable[[CmiState, str], Any], *, descending: bool) -> None:
        super().__init__(table)
        self.key = key
        self.descending = descending
        self.entries: list[Entry] = []  # ascending; walked from the end when descending
        self.by_id: dict[str, Entry] = {}
        self.next_position = 0

    def _entry(self, state: CmiState, record_id: str, position: int) -> Entry:
        # descending lists walk the entries backwards: their tie-break is negated so equal keys stay in table order
        return (self.key(state, record_id), -position if self.descending else position, record_id)

    def rebuild(self, state: CmiState) -> None:
        records = _table(state, self.table)
        self.by_id = {record_id: self._entry(state, record_id, n) for n, record_id in enumerate(records)}
        self.entries = sorted(self.by_id.values())
        self.next_position = len(records)
        self._seen(records)

    def ids(self, state: CmiState) -> Iterator[str]:
        """The ids in the list's default order (rebuilt first when the table changed unseen)."""
        self.ensure(state)
        return (entry[2] for entry in (reversed(self.entries) if self.descending else self.entries))

    def added(self, state: CmiState, record_id: str) -> None:
        """`record_id` was just put in the table (new, or replacing a record in its place)."""
        if not self.built:
            return  # built from the records on first use
        records = _table(state, self.table)
        previous = self.by_id.pop(record_id, None)
        if previous is not None:
            self._drop(previous)
            position = abs(previous[1])
        elif len(records) == self.size + 1:
            position = self.next_position
            self.next_position += 1
        else:  # the table changed unseen as well: read it again
            self.rebuild(state)
            return
        entry = self._entry(state, record_id, position)
        insort(self.entries, entry)
        self.by_id[record_id] = entry
        self._seen(records)

    def removed(self, state: CmiState, record_id: str) -> None:
        """`record_id` was just taken out of the table."""
        if not self.built:
            return
        entry = self.by_id.pop(record_id, None)
        records = _table(state, self.table)
        if entry is None or len(records) != self.size - 1:
            self.rebuild(state)
            return
        self._drop(entry)
        self._seen(records)

    def _drop(self, entry: Entry) -> None:
        del self.entries[bisect_left(self.entries, entry)]

    def snapshot(self) -> Any:
        return [entry[2] for entry in self.entries]


class Partition(_Derived):
    """An order's entries split by a value of each record, each part in the order's own order."""

    def __init__(self, order: Order, value: Callable[[Any], Hashable]) -> None:
        super().__init__(order.table)
        self.order = order
        self.value = value
        self.parts: dict[Hashable, list[Entry]] = {}

    def rebuild(self, state: CmiState) -> None:
        self.order.ensure(state)
        records = _table(state, self.table)
        parts: dict[Hashable, list[Entry]] = {}
        for entry in self.order.entries:
            parts.setdefault(self.value(records[entry[2]]), []).append(entry)
        self.parts = parts
        self._seen(records)

    def ids(self, state: CmiState, values: Iterable[Hashable]) -> Iterator[str]:
        """The ids of the records whose value is one of `values`, in the order's order, each once."""
        self.ensure(state)
        self.order.ensure(state)
        parts = [self.parts[value] for value in set(values) if value in self.parts]
        walks = [reversed(part) if self.order.descending else iter(part) for part in parts]
        merged = merge(*walks, reverse=self.order.descending)
        return (entry[2] for entry in merged)

    def added(self, state: CmiState, record_id: str) -> None:
        """`record_id` was just added to the table (a new key), and to the order."""
        if not self.built:
            return
        records = _table(state, self.table)
        entry = self.order.by_id.get(record_id) if self.order.current(state) else None
        if entry is None or len(records) != self.size + 1:
            self.rebuild(state)
            return
        insort(self.parts.setdefault(self.value(records[record_id]), []), entry)
        self._seen(records)

    def snapshot(self) -> Any:
        return {value: [entry[2] for entry in part] for value, part in self.parts.items()}


class Groups(_Derived):
    """A table's ids grouped by a value of each record, each group in the table's order."""

    def __init__(self, table: str, value: Callable[[Any], Hashable]) -> None:
        super().__init__(table)
        self.value = value
        self.groups: dict[Hashable, list[str]] = {}

    def rebuild(self, state: CmiState) -> None:
        records = _table(state, self.table)
        groups: dict[Hashable, list[str]] = {}
        for record_id, record in records.items():
            groups.setdefault(self.value(record), []).append(record_id)
        self.groups = groups
        self._seen(records)

    def ids(self, state: CmiState, value: Hashable) -> list[str]:
        """The ids of the records whose value is `value`, in the table's order (a copy)."""
        self.ensure(state)
        return list(self.groups.get(value, ()))

    def added(self, state: CmiState, record_id: str) -> None:
        """`record_id` was just added to the table (a new key)."""
        if not self.built:
            return
        records = _table(state, self.table)
        if len(records) != self.size + 1:
            self.rebuild(state)
            return
        self.groups.setdefault(self.value(records[record_id]), []).append(record_id)
        self._seen(records)

    def snapshot(self) -> Any:
        return {value: list(ids) for value, ids in self.groups.items()}


def _arrival(state: CmiState, contact_id: str) -> datetime:
    return state.contacts[contact_id].arrival_time


def _wire_arrival(state: CmiState, contact_id: str) -> str:
    return wire_time(state.contacts[contact_id].arrival_time)


class CmiIndexes:
    """Every derived index of one CMI state."""

    def __init__(self) -> None:
        # GET /contacts: -arrivalTime, compared as times (the default order is cut before rendering)
        self.contacts = Order("contacts", _arrival, descending=True)
        # GET /contacts with field filters: -arrivalTime, compared as the wire's texts (as the general sort does)
        # ... the same order by queue and by agent: what a caller's rights show, merged
        self.contacts_by_queue = Partition(self.contacts, lambda c: c.queue_id)
        self.contacts_by_agent = Partition(self.contacts, lambda c: c.agent_id)
        self.contacts_as_written = Order("contacts", _wire_arrival, descending=True)
        # the lists sorted by the wire's ISO times: newest first, except script results (oldest first)
        self.chats = Order("chats", _wire_arrival, descending=True)
        self.emails = Order("emails", _wire_arrival, descending=True)
        self.callbacks = Order("callbacks", lambda s, i: wire_time(s.callbacks[i].creation_time), descending=True)
        self.messages = Order("messages", lambda s, i: wire_time(s.messages[i].creation_time), descending=True)
        self.recordings = Order("recordings", lambda s, i: wire_time(s.recordings[i].creation_time),
                                descending=True)
        self.script_results = Order("script_results", lambda s, i: wire_time(s.script_results[i].modificationtime),
                                    descending=False)
        # lookups: a contact group's contacts, a contact's recordings, script results and contact data
        self.groups = Groups("contacts", lambda c: c.contact_group_id.upper())
        self.recordings_of = Groups("recordings", lambda r: r.contact_id)
        self.script_results_of = Groups("script_results", lambda r: r.contact_id)
        self.contact_data_of = Groups("contact_data", lambda d: d.contact_id)

    def all(self) -> dict[str, _Derived]:
        return {name: value for name, value in vars(self).items() if isinstance(value, _Derived)}

    def __deepcopy__(self, memo: dict[int, Any]) -> CmiIndexes:
        """A deep copy of a state (its records copied) builds its own from its records."""
        return CmiIndexes()


def indexes(state: CmiState) -> CmiIndexes:
    """The state's indexes (each built on first use)."""
    found: CmiIndexes | None = vars(state).get(ATTRIBUTE)
    if found is None:
        found = CmiIndexes()
        vars(state)[ATTRIBUTE] = found
    return found


def index_drift(state: CmiState) -> list[str]:
    """The built indexes that reflect their table yet differ from a fresh build (empty: none drifted)."""
    drifted = []
    fresh = CmiIndexes().all()
    for name, index in indexes(state).all().items():
        if not (index.built and index.current(state)):
            continue  # unbuilt, or rebuilt on its next use
        fresh[name].rebuild(state)
        if index.snapshot() != fresh[name].snapshot():
            drifted.append(name)
    return drifted


def check_indexes(state: CmiState) -> None:
    """Raise AssertionError when an index drifted from the records (a debug check for tests)."""
    drifted = index_drift(state)
    if drifted:
        raise AssertionError(f"CMI indexes drifted from the records: {', '.join(drifted)}")
