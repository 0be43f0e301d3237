"""Users on the platform API's wire (`platform/api/v1/models/_user.json.jbuilder`) with their accounts."""

from __future__ import annotations

from typing import Any

from simulator.chatwoot.models import AccountUser, ChatwootState, User
from simulator.chatwoot.store.base import record_time


def user_wire(user: User, state: ChatwootState) -> dict[str, Any]:
    """`platform/api/v1/models/_user.json.jbuilder`: `account_id` and `role` are the active account user's."""
    memberships = sorted((m for m in state.account_users.values()
                          if m.user_id == user.id and m.account_id in state.accounts), key=lambda m: m.id)
    active = _active(memberships)
    wire: dict[str, Any] = {
        "access_token": user.access_token,
        "account_id": active.account_id if active else None,
        "available_name": user.available_name,
        "avatar_url": "",
        "confirmed": user.confirmed,
        "display_name": user.display_name,
        "message_signature": user.message_signature,
        "email": user.email,
        "id": user.id,
        "name": user.name,
        "provider": "email",
        "pubsub_token": user.pubsub_token,
    }
    if user.custom_attributes:
        wire["custom_attributes"] = user.custom_attributes
    wire.update({"role": active.role if active else None, "ui_settings": {}, "uid": user.email})
    wire["accounts"] = [{"id": m.account_id, "name": state.accounts[m.account_id].name,
                         "active_at": record_time(m.active_at), "role": m.role} for m in memberships]
    return wire


def _active(memberships: list[AccountUser]) -> AccountUser | None:
    """`account_users.order(active_at: :desc).first`: PostgreSQL puts never-active (NULL) rows first."""
    if not memberships:
        return None
    never = next((m for m in memberships if m.active_at is None), None)
    return never or max(memberships, key=lambda m: m.active_at or m.created_at)
