"""Wire schemas of canned responses: the write body, the search query and the raw record."""

from __future__ import annotations

from marshmallow import Schema, fields

from simulator.chatwoot.schemas.base import RailsBody


class CannedResponseWriteSchema(RailsBody):
    WRAP_KEY = "canned_response"
    short_code = fields.String(allow_none=True)
    content = fields.String(allow_none=True)


class CannedResponseQuery(Schema):
    search = fields.String(metadata={"description": "Part of the short code or content"})


class CannedResponseSchema(Schema):
    id = fields.Integer(required=True)
    account_id = fields.Integer(required=True)
    short_code = fields.String(required=True)
    content = fields.String(required=True)
    created_at = fields.String(required=True)
    updated_at = fields.String(required=True)
