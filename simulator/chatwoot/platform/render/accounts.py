"""Accounts on the platform API's wire (`platform/api/v1/models/_account.json.jbuilder`)."""

from __future__ import annotations

from typing import Any

from simulator.chatwoot.models import Account


def account_wire(account: Account) -> dict[str, Any]:
    """`platform/api/v1/models/_account.json.jbuilder`; `features` lists the enabled ones."""
    return {
        "id": account.id,
        "name": account.name,
        "locale": account.locale,
        "domain": account.domain,
        "support_email": account.support_email,
        "features": {name: True for name, enabled in account.features.items() if enabled},
        "custom_attributes": account.custom_attributes,
        "limits": account.limits,
        "status": account.status,
    }
