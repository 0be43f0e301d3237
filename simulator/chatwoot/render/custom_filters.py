"""Custom filters on the wire: the raw record and `count`, the records its query matches now."""

from __future__ import annotations

from typing import Any

from simulator.chatwoot.models import CustomFilter
from simulator.chatwoot.store.base import record_time


def filter_wire(custom: CustomFilter, count: int) -> dict[str, Any]:
    return {
        "id": custom.id,
        "name": custom.name,
        "filter_type": custom.filter_type,
        "query": custom.query,
        "created_at": record_time(custom.created_at),
        "updated_at": record_time(custom.updated_at),
        "count": count,
    }
