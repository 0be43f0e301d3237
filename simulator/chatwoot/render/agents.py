"""Agents on the wire: the agent JSON (`_agent.json.jbuilder`) and a user's push event data."""

from __future__ import annotations

from typing import Any

from simulator.chatwoot.models import AccountUser, User


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


def user_push(user: User, availability: str) -> dict[str, Any]:
    return {
        "id": user.id,
        "name": user.name,
        "available_name": user.available_name,
        "avatar_url": "",
        "type": "user",
        "availability_status": availability,
        "thumbnail": "",
    }
