"""What a read-only request made, kept for the rest of its generation: a bounded, derived attribute of a state."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from simulator.core.runtime import read_stamp

T = TypeVar("T")
ATTRIBUTE = "derived_read_answers"  # never a field: exports and copies' equality leave it out
KEPT = 8  # answers per state and generation (with at most KEPT_ITEMS items each: about 1 MB a namespace)
KEPT_ITEMS = 200  # a longer list is made afresh every time rather than kept


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
