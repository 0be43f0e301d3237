"""Customer consents: the list query, the body that adds or updates one, and the documented answer."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from simulator.sinch_cmi.models import CONSENT_USAGES
from simulator.sinch_cmi.schemas.base import Body, limit_field, pattern_field, sort_field, text


class ConsentQuery(Schema):
    address = pattern_field("Address")
    usage = pattern_field("whatsapp or recording")
    consent = pattern_field("true or false")
    limit = limit_field(documented=False)
    sort = sort_field("insertion order")


class ConsentWrite(Body):
    address = text(required=True, min_length=1)
    usage = fields.String(required=True, validate=validate.OneOf(CONSENT_USAGES))
    consent = fields.Boolean(required=True)


class ConsentOut(Schema):
    address = fields.String(required=True)
    usage = fields.String(required=True, validate=validate.OneOf(CONSENT_USAGES))
    consent = fields.Boolean(required=True)
