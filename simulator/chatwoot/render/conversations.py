"""Conversation answers (lists and counts, status, assignment, labels) around Renderer.conversation's JSON."""

from __future__ import annotations

from typing import Any

from simulator.chatwoot.models import AccountUser, Conversation, Team
from simulator.chatwoot.render.agents import agent_wire
from simulator.chatwoot.render.renderer import Renderer
from simulator.chatwoot.render.teams import team_record
from simulator.chatwoot.store.base import record_time
from simulator.chatwoot.store.conversations import Counts
from simulator.chatwoot.store.pages import Page


def conversation_list(render: Renderer, counts: Counts, page: Page) -> dict[str, Any]:
    """`{"data": {"meta": {mine_count, assigned_count, unassigned_count, all_count}, "payload": [...]}}`."""
    return {"data": {
        "meta": {"mine_count": counts.mine, "assigned_count": counts.assigned,
                 "unassigned_count": counts.unassigned, "all_count": counts.all},
        "payload": [render.conversation(cv) for cv in page.items],
    }}


def conversation_counts(counts: Counts) -> dict[str, Any]:
    """`{"meta": {mine_count, unassigned_count, assigned_count, all_count}}` (the meta endpoint's order)."""
    return {"meta": {"mine_count": counts.mine, "unassigned_count": counts.unassigned,
                     "assigned_count": counts.assigned, "all_count": counts.all}}


def filtered_conversations(render: Renderer, counts: Counts, page: Page) -> dict[str, Any]:
    """`{"meta": {mine_count, unassigned_count, all_count}, "payload": [...]}`: no `data` wrapper, no assigned_count."""
    return {"meta": {"mine_count": counts.mine, "unassigned_count": counts.unassigned, "all_count": counts.all},
            "payload": [render.conversation(cv) for cv in page.items]}


def status_toggled(conversation: Conversation) -> dict[str, Any]:
    """toggle_status's answer: the conversation's display id, its status now and `snoozed_until` (a record time)."""
    return {"meta": {}, "payload": {"success": True, "conversation_id": conversation.display_id,
                                    "current_status": conversation.status,
                                    "snoozed_until": record_time(conversation.snoozed_until)}}


def assignment(render: Renderer, assigned: AccountUser | Team | None) -> dict[str, Any] | None:
    """The agent JSON of an assigned member, the raw record of an assigned team, or null."""
    if isinstance(assigned, AccountUser):
        return agent_wire(render.state.users[assigned.user_id], assigned)
    if isinstance(assigned, Team):
        return team_record(assigned)
    return None


def labels_payload(labels: list[str]) -> dict[str, Any]:
    return {"payload": labels}
