"""Wire schemas of the platform API's accounts: the flat write body and the account JSON."""

from __future__ import annotations

from marshmallow import Schema, fields

from simulator.chatwoot.models import ACCOUNT_STATUSES, LOCALES
from simulator.chatwoot.schemas.base import Loose, RailsEnum


class PlatformAccountWriteSchema(Loose):
    name = fields.String(allow_none=True, metadata={"description": "Required on create"})
    locale = RailsEnum(LOCALES, allow_none=True, note="Default en")
    domain = fields.String(allow_none=True)
    support_email = fields.String(allow_none=True)
    status = RailsEnum(ACCOUNT_STATUSES, allow_none=True, note="Default active")
    features = fields.Dict(allow_none=True, metadata={"description": "feature → enabled (a blank value disables)"})
    limits = fields.Dict(allow_none=True, metadata={"description": "e.g. {\"agents\": 10}: whole numbers"})
    custom_attributes = fields.Dict(allow_none=True)


class PlatformAccountSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    locale = fields.String(required=True)
    domain = fields.String(required=True, allow_none=True)
    support_email = fields.String(required=True, allow_none=True)
    features = fields.Dict(required=True, metadata={"description": "The enabled features"})
    custom_attributes = fields.Dict(required=True)
    limits = fields.Dict(required=True)
    status = fields.String(required=True)
