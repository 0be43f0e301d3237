"""Query strings read once: what a pure query schema loaded from the same bytes, kept in a bounded LRU."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import date, datetime
from typing import Any

from marshmallow import Schema

PURE_LOAD = "PURE_LOAD"  # a query schema's class attribute: its load reads nothing but the query (no hooks)
KEPT = 512  # query strings remembered per parser
IMMUTABLE = (str, int, float, bool, type(None), date, datetime)  # what a kept answer's values may be


def loads_purely(schema: object) -> bool:
    """A schema instance declared pure: plain fields whose load depends on the input alone."""
    return isinstance(schema, Schema) and getattr(schema, PURE_LOAD, False) is True


class QueryLoads:
    """Loaded query arguments by (schema, unknown-field rule, exact query bytes); each answer a fresh dict."""

    def __init__(self, size: int = KEPT) -> None:
        self.size = size
        self._kept: OrderedDict[Hashable, dict[str, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def load(self, key: Hashable, parse: Callable[[], Any]) -> Any:
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None:
                self._kept.move_to_end(key)
                return dict(kept)
        data = parse()  # a refusal raises and is not kept
        if isinstance(data, dict) and all(isinstance(value, IMMUTABLE) for value in data.values()):
            with self._lock:
                self._kept[key] = dict(data)
                if len(self._kept) > self.size:
                    self._kept.popitem(last=False)
        return data
