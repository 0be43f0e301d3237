"""Callbacks: the list query, the create and update bodies, and the documented answer."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from simulator.core.dates import LenientDateTime
from simulator.sinch_cmi.models import CALLBACK_RESULTS
from simulator.sinch_cmi.schemas.base import Body, guid_field, limit_field, pattern_field, sort_field, text


class CallbackQuery(Schema):
    customerNumber = pattern_field("Customer number")
    limit = limit_field(documented=False)
    sort = sort_field("-creationTime")


class CallbackCreate(Body):
    callbackQueueNumber = text(required=True, min_length=1)
    customerNumber = text(required=True, min_length=1)
    extraData = fields.String()
    gwPrefix = fields.String()
    nextCallTime = LenientDateTime()
    notes = fields.String()


class CallbackUpdate(Body):
    customerNumber = text(required=True, min_length=1)
    notes = fields.String(required=True)
    lastResult = fields.String(required=True, validate=validate.OneOf(CALLBACK_RESULTS))
    nextCallTime = LenientDateTime(metadata={"description": "Only with lastResult CUSTOM_TIME or RESCHEDULE"})
    id = fields.String(metadata={"description": "Ignored"})
    creationTime = fields.String(metadata={"description": "Ignored"})
    extraData = fields.String(metadata={"description": "Ignored"})
    gwPrefix = fields.String(metadata={"description": "Ignored"})
    failures = fields.Raw(metadata={"description": "Ignored"})
    lastCallTime = fields.String(metadata={"description": "Ignored"})
    maxCalls = fields.Raw(metadata={"description": "Ignored"})
    originalQueueNumber = fields.String(metadata={"description": "Ignored"})
    originalQueueName = fields.String(metadata={"description": "Ignored"})
    callbackQueueNumber = fields.String(metadata={"description": "Ignored"})


class CallbackOut(Schema):
    id = guid_field(required=True)
    callbackQueueNumber = fields.String(required=True)
    creationTime = fields.String(required=True)
    creatorId = guid_field()
    creatorName = fields.String()
    customerNumber = fields.String(required=True)
    extraData = fields.String()
    gwPrefix = fields.String()
    failures = fields.Integer(required=True)
    lastCallTime = fields.String()
    lastResult = fields.String()
    maxCalls = fields.Integer(required=True)
    nextCallTime = fields.String()
    notes = fields.String()
    originalQueueNumber = fields.String(required=True)
    originalQueueName = fields.String()
