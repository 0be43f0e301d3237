"""Scheduled messages: the list query, the body that schedules or replaces one, and the documented answer."""

from __future__ import annotations

import json
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from simulator.core.dates import LenientDateTime
from simulator.sinch_cmi.models import DESTINATION_STATUSES
from simulator.sinch_cmi.schemas.base import Body, WrappedList, guid_field, limit_field, pattern_field, sort_field, text


class MessageQuery(Schema):
    source = pattern_field("Source (chat queue address)")
    subType = pattern_field("Sub type, e.g. sms")
    sendTime = fields.String(metadata={"description": "sendTime at or after this UTC time"})
    sendTimeEnd = fields.String(metadata={"description": "sendTime at or before this UTC time"})
    creationTime = fields.String(metadata={"description": "Created at or after this UTC time"})
    creationTimeEnd = fields.String(metadata={"description": "Created at or before this UTC time"})
    limit = limit_field(documented=False)
    sort = sort_field("-creationTime")


class DestinationIn(Body):
    address = text(required=True, min_length=1, max_length=256)
    status = fields.String(validate=validate.OneOf(DESTINATION_STATUSES),
                           metadata={"description": "Ignored: set by the system"})


class MessageWrite(Body):
    message = text(required=True, min_length=1, max_length=2000)
    source = text(required=True, min_length=1, metadata={"description": "An existing chat queue address"})
    subType = text(required=True, min_length=1, metadata={"description": "sms, whatsapp, telegram, …"})
    sendTime = LenientDateTime(metadata={"description": "Default: now"})
    maxRetryCount = fields.Integer(load_default=5, validate=validate.Range(min=0, max=10))
    retryDelay = fields.Integer(load_default=300, validate=validate.Range(min=60, max=3600))
    contentType = fields.String(load_default="text", validate=validate.OneOf(("text", "template")))
    destinations = WrappedList(fields.Nested(DestinationIn), required=True, validate=validate.Length(min=1),
                               metadata={"description": 'A list, or `{"destination": [...]}` as in the '
                                                        "vendor's examples"})
    id = fields.String(metadata={"description": "Ignored: added by the system"})
    creationDate = fields.String(metadata={"description": "Ignored: added by the system"})

    @validates_schema
    def template_is_json(self, data: dict[str, Any], **_: Any) -> None:
        if data.get("contentType") == "template":
            try:
                parsed = json.loads(data.get("message", ""))
            except ValueError:
                parsed = None
            if not isinstance(parsed, dict):
                raise ValidationError("A template message must be a JSON object (the Reply Templates format)",
                                      "message")


class DestinationOut(Schema):
    address = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(DESTINATION_STATUSES))


class DestinationsOut(Schema):
    destination = fields.List(fields.Nested(DestinationOut), required=True)


class MessageOut(Schema):
    id = guid_field(required=True)
    message = fields.String(required=True)
    source = fields.String(required=True)
    subType = fields.String(required=True)
    sendTime = fields.String(required=True)
    creationTime = fields.String(required=True)
    maxRetryCount = fields.Integer(required=True)
    retryDelay = fields.Integer(required=True)
    contentType = fields.String(required=True, validate=validate.OneOf(("text", "template")))
    destinations = fields.Nested(DestinationsOut, required=True)
