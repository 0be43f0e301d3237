"""Teams on the wire: the team JSON for a viewer (`is_member`) and the raw Team record."""

from __future__ import annotations

from typing import Any

from simulator.chatwoot.models import Team
from simulator.chatwoot.store.base import record_time


def team_wire(team: Team, viewer_id: int) -> dict[str, Any]:
    return {
        "id": team.id,
        "name": team.name,
        "description": team.description,
        "allow_auto_assign": team.allow_auto_assign,
        "account_id": team.account_id,
        "is_member": viewer_id in team.member_ids,
    }


def team_record(team: Team) -> dict[str, Any]:
    """The raw Team record (the assignments answer)."""
    return {
        "id": team.id,
        "name": team.name,
        "description": team.description,
        "allow_auto_assign": team.allow_auto_assign,
        "account_id": team.account_id,
        "created_at": record_time(team.created_at),
        "updated_at": record_time(team.updated_at),
    }
