"""/accounts/{account_id}/automation_rules: index/show/update wrapped in `payload`, create bare."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from simulator.chatwoot.render.automation_rules import rule_wire
from simulator.chatwoot.routes.common import (
    MEMBER_ERRORS,
    RECORD_ERRORS,
    WRITE_ERRORS,
    answer,
    blueprint,
    documented,
    empty,
    endpoint,
    scope,
)
from simulator.chatwoot.schemas.automation_rules import (
    AutomationRuleListSchema,
    AutomationRulePayloadSchema,
    AutomationRuleSchema,
    AutomationRuleWriteSchema,
)
from simulator.chatwoot.store.automation_rules import AutomationRules

blp = blueprint("chatwoot_automation_rules", __name__, "Automation rules")
RULE_ERRORS = {**WRITE_ERRORS, 422: "Invalid rule: `{\"error\": {\"conditions\": [\"Automation conditions x not "
                                    "supported.\"]}}`"}
EXAMPLE = {"name": "Billing to sales", "event_name": "message_created",
           "conditions": [{"attribute_key": "content", "filter_operator": "contains", "values": ["invoice"],
                           "query_operator": None}],
           "actions": [{"action_name": "add_label", "action_params": ["billing"]},
                       {"action_name": "assign_team", "action_params": [2]}]}


def rules() -> AutomationRules:
    return AutomationRules(scope())


@blp.route("/accounts/<int:account_id>/automation_rules")
class AutomationRulesViews(MethodView):
    @endpoint
    @blp.response(200, AutomationRuleListSchema)
    @documented(blp, MEMBER_ERRORS)
    def get(self, account_id: int) -> Response:
        """List automation rules (`{"payload": [...]}`, administrators only)"""
        return answer({"payload": [rule_wire(rule) for rule in rules().all()]})

    @endpoint
    @blp.arguments(AutomationRuleWriteSchema, example=EXAMPLE)
    @blp.response(200, AutomationRuleSchema)
    @documented(blp, RULE_ERRORS)
    def post(self, body: dict[str, Any], account_id: int) -> Response:
        """Add an automation rule (answered bare, without `payload`)

        It runs on `event_name` (conversation_created, conversation_updated, message_created)
        when its conditions hold (AND binds tighter than OR); what its actions cause runs no rule.
        """
        return answer(rule_wire(rules().create(body)))


@blp.route("/accounts/<int:account_id>/automation_rules/<int:rule_id>")
class AutomationRuleByIdViews(MethodView):
    @endpoint
    @blp.response(200, AutomationRulePayloadSchema)
    @documented(blp, RECORD_ERRORS)
    def get(self, account_id: int, rule_id: int) -> Response:
        """Get an automation rule (`{"payload": {...}}`)"""
        return answer({"payload": rule_wire(rules().find(rule_id))})

    @endpoint
    @blp.arguments(AutomationRuleWriteSchema)
    @blp.response(200, AutomationRulePayloadSchema)
    @documented(blp, RULE_ERRORS)
    def patch(self, body: dict[str, Any], account_id: int, rule_id: int) -> Response:
        """Update an automation rule (`{"payload": {...}}`)"""
        return answer({"payload": rule_wire(rules().update(rule_id, body))})

    put = patch

    @endpoint
    @blp.response(200, description="Deleted (empty body)")
    @documented(blp, RECORD_ERRORS)
    def delete(self, account_id: int, rule_id: int) -> Response:
        """Delete an automation rule"""
        rules().delete(rule_id)
        return empty()
