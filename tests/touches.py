"""Counting the records a request touches: every read of an attribute of a record marks that record."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def touched(*classes: type) -> Iterator[set[int]]:
    """The ids of the instances of `classes` whose attributes were read inside the block.

    A request whose cost is independent of the world's size touches the same number of records in a world of
    100 as in one of 100,000: a scan shows up as a count that grows with the world, whatever the clock says.
    """
    seen: set[int] = set()
    originals: list[tuple[type, Any]] = []
    for cls in classes:
        original = cls.__dict__.get("__getattribute__")
        read = cls.__getattribute__

        def spy(self: Any, name: str, _read: Any = read) -> Any:
            seen.add(id(self))
            return _read(self, name)

        originals.append((cls, original))
        cls.__getattribute__ = spy  # type: ignore[method-assign,assignment]
    try:
        yield seen
    finally:
        for cls, original in originals:
            if original is None:
                del cls.__getattribute__
            else:
                cls.__getattribute__ = original
