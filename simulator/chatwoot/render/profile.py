"""The profile on the wire: the token owner's user record (`_user.json.jbuilder`) with its accounts."""

from __future__ import annotations

from typing import Any

from simulator.chatwoot.models import Account, ChatwootState, User
from simulator.chatwoot.store.base import record_time


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
