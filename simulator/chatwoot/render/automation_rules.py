"""Automation rules on the wire (`_automation_rule.json.jbuilder`)."""

from __future__ import annotations

from typing import Any

from simulator.chatwoot.models import AutomationRule
from simulator.chatwoot.store.base import unix


def rule_wire(rule: AutomationRule) -> dict[str, Any]:
    """`api/v1/accounts/automation_rules/_automation_rule.json.jbuilder`."""
    return {"id": rule.id, "account_id": rule.account_id, "name": rule.name, "description": rule.description,
            "event_name": rule.event_name, "conditions": rule.conditions, "actions": rule.actions,
            "created_on": unix(rule.created_at), "active": rule.active, "files": []}
