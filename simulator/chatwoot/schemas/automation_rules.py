"""Wire schemas of automation rules: the write body (under `automation_rule`) and the rule JSON."""

from __future__ import annotations

from marshmallow import Schema, fields

from simulator.chatwoot.schemas.base import RailsBody


class AutomationRuleWriteSchema(RailsBody):
    WRAP_KEY = "automation_rule"
    name = fields.String(allow_none=True)
    description = fields.String(allow_none=True)
    event_name = fields.String(allow_none=True, metadata={"description": "conversation_created, "
                                                                         "conversation_updated or message_created"})
    active = fields.Boolean(allow_none=True)
    conditions = fields.Raw(allow_none=True, metadata={"description": "[{attribute_key, filter_operator, values, "
                                                                      "query_operator}]"})
    actions = fields.Raw(allow_none=True, metadata={"description": "[{action_name, action_params}]"})


class AutomationRuleSchema(Schema):
    id = fields.Integer(required=True)
    account_id = fields.Integer(required=True)
    name = fields.String(required=True)
    description = fields.String(allow_none=True)
    event_name = fields.String(required=True)
    conditions = fields.Raw(required=True)
    actions = fields.Raw(required=True)
    created_on = fields.Integer(required=True)
    active = fields.Boolean(required=True)
    files = fields.List(fields.Raw(), required=True)


class AutomationRuleListSchema(Schema):
    payload = fields.List(fields.Nested(AutomationRuleSchema), required=True)


class AutomationRulePayloadSchema(Schema):
    payload = fields.Nested(AutomationRuleSchema, required=True)
