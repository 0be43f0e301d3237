"""Wire schemas of custom attribute definitions: the write body, the model query and the raw record."""

from __future__ import annotations

from marshmallow import Schema, fields

from simulator.chatwoot.models import ATTRIBUTE_MODELS, ATTRIBUTE_TYPES
from simulator.chatwoot.schemas.base import RailsBody, RailsEnum


class CustomAttributeWriteSchema(RailsBody):
    WRAP_KEY = "custom_attribute_definition"
    attribute_display_name = fields.String(allow_none=True)
    attribute_key = fields.String(allow_none=True)
    attribute_display_type = RailsEnum(ATTRIBUTE_TYPES, allow_none=True)
    attribute_model = RailsEnum(ATTRIBUTE_MODELS, allow_none=True)
    attribute_description = fields.String(allow_none=True)
    attribute_values = fields.List(fields.String(), allow_none=True)
    default_value = fields.Raw(allow_none=True)


class CustomAttributeQuery(Schema):
    attribute_model = fields.String(metadata={"description": "0, 1, or the model name; absent: all"})


class CustomAttributeSchema(Schema):
    id = fields.Integer(required=True)
    attribute_display_name = fields.String(required=True)
    attribute_display_type = fields.String(required=True)
    attribute_description = fields.String(allow_none=True)
    attribute_key = fields.String(required=True)
    attribute_values = fields.List(fields.String(), required=True)
    attribute_model = fields.String(required=True)
    default_value = fields.Raw(allow_none=True)
    created_at = fields.String(required=True)
    updated_at = fields.String(required=True)
