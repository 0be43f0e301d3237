"""Reports on the wire: series points, summary figures and live conversation counts (Rails 7.0's JSON)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from simulator.chatwoot.store.reports import AccountLoad, AgentLoad, Bucket, Figure, Summary, Totals


def decimal(value: float) -> str:
    """BigDecimal#to_s("F") of a float: plain digits, at least one decimal (`120.0`)."""
    text = format(Decimal(repr(value)), "f")
    return text if "." in text else f"{text}.0"


def figure(value: Figure) -> int | str:
    """A count as an integer; an average as Rails 7.0's BigDecimal, a JSON string ("93.5"), or 0 without data."""
    if value is None:
        return 0
    if isinstance(value, float):
        return decimal(value)
    return value


def series_wire(buckets: list[Bucket]) -> list[dict[str, Any]]:
    """One `{value, timestamp}` per bucket; an average adds `count`, the records it averages."""
    points: list[dict[str, Any]] = []
    for bucket in buckets:
        point: dict[str, Any] = {"value": figure(bucket.value), "timestamp": int(bucket.start.timestamp())}
        if bucket.count is not None:
            point["count"] = bucket.count
        points.append(point)
    return points


def totals_wire(totals: Totals) -> dict[str, Any]:
    return {
        "conversations_count": totals.conversations_count,
        "incoming_messages_count": totals.incoming_messages_count,
        "outgoing_messages_count": totals.outgoing_messages_count,
        "avg_first_response_time": figure(totals.avg_first_response_time),
        "avg_resolution_time": figure(totals.avg_resolution_time),
        "resolutions_count": totals.resolutions_count,
        "reply_time": figure(totals.reply_time),
    }


def summary_wire(summary: Summary) -> dict[str, Any]:
    """The window's figures, and those of the window before under `previous`."""
    return {**totals_wire(summary.current), "previous": totals_wire(summary.previous)}


def agent_load_wire(load: AgentLoad) -> dict[str, Any]:
    return {"id": load.user.id, "name": load.user.name, "email": load.user.email, "thumbnail": "",
            "availability": load.availability, "metric": {"open": load.open, "unattended": load.unattended}}


def conversation_metrics_wire(metrics: AccountLoad | list[AgentLoad]) -> dict[str, int] | list[dict[str, Any]]:
    """type=account: `{open, unattended, unassigned}`; type=agent: `[{id, name, email, thumbnail, availability,
    metric: {open, unattended}}]`."""
    if isinstance(metrics, AccountLoad):
        return {"open": metrics.open, "unattended": metrics.unattended, "unassigned": metrics.unassigned}
    return [agent_load_wire(load) for load in metrics]
