"""Chats: the list query, the body that adds a chat with its transcript, and the documented answer."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, pre_load, validate

from simulator.core.dates import LenientDateTime
from simulator.sinch_cmi.schemas.base import (
    LANGUAGE,
    Body,
    Guid,
    QueueOut,
    WrappedList,
    guid_field,
    limit_field,
    sort_field,
    text,
)


class ChatQuery(Schema):
    PURE_LOAD = True  # plain fields: loaded once per query string (core/query_loads.py)

    language = LANGUAGE
    originator = fields.String(metadata={"description": "Originating address of the chat"})
    channel_sub_type = fields.String(metadata={"description": "text, video, sms, …"})
    destination = fields.String(metadata={"description": "Destination address of the chat"})
    limit = limit_field()
    sort = sort_field("-date_created")


class QueueRef(Body):
    id = Guid(required=True)
    name = fields.String()


class Participant(Body):
    alias = fields.String(required=True)
    uniquekey = fields.String(required=True)


class TranscriptLineIn(Body):
    message = fields.String(required=True)
    originator = fields.String(required=True)
    timestamp = LenientDateTime(metadata={"description": "Default: now. `timeStamp` is accepted too"})
    system_message = fields.Boolean(load_default=False)
    type = fields.String(load_default="text", validate=validate.OneOf(("text",)))

    @pre_load
    def camel_timestamp(self, data: Any, **_: Any) -> Any:
        if isinstance(data, dict) and "timeStamp" in data and "timestamp" not in data:
            data = {**data, "timestamp": data["timeStamp"]}
        return data


class TranscriptIn(Body):
    messages = WrappedList(fields.Nested(TranscriptLineIn), required=True)


class ChatCreate(Body):
    channel_type = fields.String(required=True, validate=validate.OneOf(("chat", "chatout")))
    channel_sub_type = text(required=True, min_length=1, metadata={"description": "text, sms, whatsapp, …"})
    originator = text(required=True, min_length=1)
    destination = text(required=True, min_length=1)
    title = text(required=True, max_length=256)
    from_queue = fields.Nested(QueueRef, required=True)
    participants = WrappedList(fields.Nested(Participant), load_default=list)
    transcript = fields.Nested(TranscriptIn, required=True)
    date_created = LenientDateTime(metadata={"description": "Default: now"})


class ParticipantOut(Schema):
    alias = fields.String(required=True)
    uniquekey = fields.String(required=True)


class TranscriptLineOut(Schema):
    message = fields.String(required=True)
    originator = fields.String(required=True)
    timestamp = fields.String(required=True)
    system_message = fields.Boolean(required=True)
    type = fields.String(required=True, validate=validate.OneOf(("text", "attachment")))


class TranscriptOut(Schema):
    messages = fields.List(fields.Nested(TranscriptLineOut), required=True)


class ChatOut(Schema):
    id = guid_field(required=True)
    channel_type = fields.String(required=True)
    channel_sub_type = fields.String(required=True)
    type = fields.String(required=True, validate=validate.OneOf(("ChatIn", "ChatOut")))
    typeDetails = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(("InQueue", "InProcess", "Handled", "Abandoned")))
    statusDetails = fields.String(required=True)
    originator = fields.String(required=True)
    destination = fields.String(required=True)
    title = fields.String()
    date_created = fields.String(required=True)
    from_queue = fields.Nested(QueueOut, required=True)
    participants = fields.List(fields.Nested(ParticipantOut), metadata={"description": "Single fetch only"})
    transcript = fields.Nested(TranscriptOut, metadata={"description": "Single fetch only"})
    agentId = guid_field()
    agentName = fields.String()
