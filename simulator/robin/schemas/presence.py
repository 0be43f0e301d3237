"""GET /presence/api/v1: the query, every argument optional so that presence answers its own 400."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields


class PresenceQuerySchema(Schema):
    """All optional at parse time so that missing values get presence's text/plain 400."""

    class Meta:
        unknown = EXCLUDE

    apikey = fields.String(metadata={"description": "The apikey of your subscription (required)"})
    channel = fields.String(data_key="Channel", metadata={"description": "The channel name (required)"})
    referrer = fields.String(metadata={"description": "A referrer configured in a web store"})
