"""Entities → Chatwoot JSON (jbuilder views): unix times in views, ISO-8601 with ms in raw records."""

from __future__ import annotations

from typing import Any

from simulator.chatwoot.models import Account, AccountUser, CannedResponse, ChatwootState, Team, User
from simulator.chatwoot.store.base import record_time


def agent_wire(user: User, membership: AccountUser) -> dict[str, Any]:
    """`api/v1/models/_agent.json.jbuilder`."""
    wire: dict[str, Any] = {
        "id": user.id,
        "account_id": membership.account_id,
        "availability_status": membership.availability,
        "auto_offline": membership.auto_offline,
        "confirmed": user.confirmed,
        "email": user.email,
        "available_name": user.available_name,
    }
    if user.custom_attributes:
        wire["custom_attributes"] = user.custom_attributes
    wire.update({"name": user.name, "role": membership.role, "thumbnail": ""})
    return wire


def team_wire(team: Team, viewer_id: int) -> dict[str, Any]:
    return {
        "id": team.id,
        "name": team.name,
        "description": team.description,
        "allow_auto_assign": team.allow_auto_assign,
        "account_id": team.account_id,
        "is_member": viewer_id in team.member_ids,
    }


def canned_response_wire(canned: CannedResponse) -> dict[str, Any]:
    return {
        "id": canned.id,
        "account_id": canned.account_id,
        "short_code": canned.short_code,
        "content": canned.content,
        "created_at": record_time(canned.created_at),
        "updated_at": record_time(canned.updated_at),
    }


def profile_wire(user: User, state: ChatwootState, current: Account | None) -> dict[str, Any]:
    """`api/v1/models/_user.json.jbuilder` for the token's owner (GET /api/v1/profile)."""
    memberships = [m for m in state.account_users.values() if m.user_id == user.id]
    first = memberships[0] if memberships else None
    wire: dict[str, Any] = {
        "access_token": user.access_token,
        "account_id": (current.id if current else first.account_id if first else None),
        "available_name": user.available_name,
        "avatar_url": "",
        "confirmed": user.confirmed,
        "display_name": user.display_name,
        "message_signature": user.message_signature,
        "email": user.email,
        "id": user.id,
        "inviter_id": first.inviter_id if first else None,
        "name": user.name,
        "provider": "email",
        "pubsub_token": user.pubsub_token,
        "role": first.role if first else None,
        "ui_settings": {},
        "uid": user.email,
        "type": "User",
    }
    if user.custom_attributes:
        wire["custom_attributes"] = user.custom_attributes
    wire["accounts"] = [
        {
            "id": m.account_id,
            "name": state.accounts[m.account_id].name,
            "status": state.accounts[m.account_id].status,
            "active_at": record_time(m.active_at),
            "role": m.role,
            "availability": m.availability,
            "availability_status": m.availability,
            "auto_offline": m.auto_offline,
        }
        for m in memberships
        if m.account_id in state.accounts
    ]
    return wire
