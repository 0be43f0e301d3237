"""Wire schema of the public API's inbox answer."""

from __future__ import annotations

from marshmallow import Schema, fields


class PublicInboxSchema(Schema):
    identifier = fields.String(required=True)
    name = fields.String(required=True)
    timezone = fields.String(required=True)
    working_hours = fields.List(fields.Dict(), required=True)
    working_hours_enabled = fields.Boolean(required=True)
    csat_survey_enabled = fields.Boolean(required=True)
    greeting_enabled = fields.Boolean(required=True)
    identity_validation_enabled = fields.Boolean(required=True, metadata={"description": "The inbox's "
                                                                                         "hmac_mandatory"})
