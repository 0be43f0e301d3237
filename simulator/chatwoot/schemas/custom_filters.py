"""Wire schemas of custom filters: the write body, the type query and the record with its count."""

from __future__ import annotations

from marshmallow import Schema, fields

from simulator.chatwoot.models import FILTER_TYPES
from simulator.chatwoot.schemas.base import RailsBody, RailsEnum


class CustomFilterWriteSchema(RailsBody):
    WRAP_KEY = "custom_filter"
    name = fields.String(allow_none=True)
    filter_type = RailsEnum(FILTER_TYPES, allow_none=True, note="The documented `type` is ignored")
    query = fields.Raw(allow_none=True)


class CustomFilterQuery(Schema):
    filter_type = fields.String(metadata={"description": "conversation (default), contact or report"})


class CustomFilterSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    filter_type = fields.String(required=True)
    query = fields.Raw(required=True)
    created_at = fields.String(required=True)
    updated_at = fields.String(required=True)
    count = fields.Integer(required=True, metadata={"description": "Records the query matches now"})
