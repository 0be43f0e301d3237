"""What a read-only request made, kept for the rest of its generation: list answers as a bounded, derived
attribute of a state, and a record's wire form on the record itself."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from simulator.core.runtime import read_stamp

T = TypeVar("T")
ATTRIBUTE = "derived_read_answers"  # never a field: exports and copies' equality leave it out
KEPT = 8  # answers per state and generation (with at most KEPT_ITEMS items each: about 1 MB a namespace)
KEPT_ITEMS = 200  # a longer list is made afresh every time rather than kept
WIRE_CACHE = "_wire_cache"  # on a record, never a field: (the key it was made under, what was made)


def remembered(holder: Any, key: Hashable, make: Callable[[], T]) -> T:
    """`make()`, or in a read-only request what it returned for `key` earlier in the same generation (the namespace
    unchanged since, the clock not moved by hand). A refusal raises and is not kept."""
    stamp = read_stamp()
    if stamp is None:
        return make()
    slot: tuple[Hashable, OrderedDict[Hashable, Any]] | None = vars(holder).get(ATTRIBUTE)
    if slot is None or slot[0] != stamp:  # a new generation: the old answers go
        slot = (stamp, OrderedDict())
        vars(holder)[ATTRIBUTE] = slot
    answers = slot[1]
    if key in answers:
        answers.move_to_end(key)
        return answers[key]  # type: ignore[no-any-return]
    made = make()
    answers[key] = made
    if len(answers) > KEPT:
        answers.popitem(last=False)
    return made


def kept_on(record: Any, key: Hashable, make: Callable[[], T]) -> T:
    """What `make()` made for `record` under `key` (a read stamp and whatever else the making read), or made now and
    kept on the record in place of what another key had. Not a field, so exports and equality ignore it; written
    past any `__setattr__` (Chatwoot's index listens there)."""
    kept = record.__dict__.get(WIRE_CACHE)
    if kept is not None and kept[0] == key:
        return kept[1]  # type: ignore[no-any-return]
    made = make()
    record.__dict__[WIRE_CACHE] = (key, made)
    return made


def kept_under(record: Any, stamp: Hashable) -> tuple[tuple[Any, ...], Any] | None:
    """(key, what was made) kept on `record` under a key that begins with `stamp`, for the checks; else None."""
    kept = record.__dict__.get(WIRE_CACHE)
    return kept if kept is not None and kept[0][0] == stamp else None  # type: ignore[no-any-return]
