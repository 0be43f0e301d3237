"""Account users on the platform API's wire: the raw AccountUser record."""

from __future__ import annotations

from typing import Any

from simulator.chatwoot.models import AccountUser
from simulator.chatwoot.store.base import record_time


def account_user_record(membership: AccountUser) -> dict[str, Any]:
    """The raw AccountUser record (`render json: @account_user`), times in ISO-8601 with milliseconds."""
    return {
        "id": membership.id,
        "account_id": membership.account_id,
        "user_id": membership.user_id,
        "role": membership.role,
        "inviter_id": membership.inviter_id,
        "active_at": record_time(membership.active_at),
        "availability": membership.availability,
        "auto_offline": membership.auto_offline,
        "created_at": record_time(membership.created_at),
        "updated_at": record_time(membership.updated_at),
    }
