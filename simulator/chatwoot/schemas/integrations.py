"""Wire schemas of integrations: the apps and their hooks (write bodies under `hook`)."""

from __future__ import annotations

from marshmallow import Schema, fields

from simulator.chatwoot.schemas.base import RailsBody


class HookWriteSchema(RailsBody):
    WRAP_KEY = "hook"
    app_id = fields.String(allow_none=True, metadata={"description": "webhook, slack, dialogflow, dyte, "
                                                                     "google_translate or openai"})
    inbox_id = fields.Integer(allow_none=True, metadata={"description": "Required for an inbox app (dialogflow)"})
    status = fields.Raw(allow_none=True, metadata={"description": "enabled (default) or disabled; 1/0 and "
                                                                  "true/false work too"})
    settings = fields.Dict(allow_none=True, metadata={"description": "Checked against the app's "
                                                                     "settings_json_schema"})


class HookUpdateSchema(RailsBody):
    WRAP_KEY = "hook"
    status = fields.Raw(allow_none=True, metadata={"description": "enabled or disabled (1/0, true/false)"})
    settings = fields.Dict(allow_none=True)


class HookInboxSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(allow_none=True)


class HookSchema(Schema):
    id = fields.Integer(required=True)
    app_id = fields.String(required=True)
    status = fields.Boolean(required=True, metadata={"description": "true when enabled"})
    inbox = fields.Nested(HookInboxSchema, allow_none=True, required=True)
    account_id = fields.Integer(required=True)
    hook_type = fields.String(required=True, metadata={"description": "account or inbox"})
    settings = fields.Dict(metadata={"description": "Administrators only"})
    reference_id = fields.String(allow_none=True, metadata={"description": "Administrators only"})


class AppSchema(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    description = fields.String(required=True)
    enabled = fields.Boolean(required=True)
    logo = fields.String(metadata={"description": "Administrators only, as the app's other params"})
    i18n_key = fields.String()
    hook_type = fields.String()
    allow_multiple_hooks = fields.Boolean()
    settings_json_schema = fields.Dict()
    action = fields.String(allow_none=True)
    button = fields.String(allow_none=True)
    hooks = fields.List(fields.Nested(HookSchema), required=True)


class AppListSchema(Schema):
    payload = fields.List(fields.Nested(AppSchema), required=True)
