"""Canned responses on the wire: the raw record, ISO-8601 times with milliseconds."""

from __future__ import annotations

from typing import Any

from simulator.chatwoot.models import CannedResponse
from simulator.chatwoot.store.base import record_time


def canned_response_wire(canned: CannedResponse) -> dict[str, Any]:
    return {
        "id": canned.id,
        "account_id": canned.account_id,
        "short_code": canned.short_code,
        "content": canned.content,
        "created_at": record_time(canned.created_at),
        "updated_at": record_time(canned.updated_at),
    }
