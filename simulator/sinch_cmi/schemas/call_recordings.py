"""Call recordings: the list query, the listen-log body, and the documented recording and log answers."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from simulator.core.dates import LenientDateTime
from simulator.sinch_cmi.schemas.base import LANGUAGE, Body, guid_field, limit_field, sort_field


class RecordingQuery(Schema):
    language = LANGUAGE
    call_id = fields.String(metadata={"description": "Recordings of this call (GUID)"})
    contact_id = fields.String(metadata={"description": "Recordings of this contact (GUID)"})
    start_time = fields.String(metadata={"description": "Recordings created at or after this UTC time"})
    end_time = fields.String(metadata={"description": "Recordings created at or before this UTC time"})
    limit = limit_field()
    sort = sort_field("-creation_time")


class ListenLogCreate(Body):
    description = fields.String(required=True)
    userSessionId = fields.String(required=True)
    time_stamp = LenientDateTime(metadata={"description": "Default: the server time"})
    id = fields.String(metadata={"description": "Ignored: set by the system"})
    user_guid = fields.String(metadata={"description": "Ignored: the logged-in user is recorded"})
    user_id = fields.String(metadata={"description": "Ignored: the logged-in user is recorded"})
    user_name = fields.String(metadata={"description": "Ignored: the logged-in user is recorded"})


class ListenLogOut(Schema):
    id = guid_field()
    user_guid = guid_field()
    user_id = fields.String()
    user_name = fields.String()
    description = fields.String(required=True)
    userSessionId = fields.String(required=True)
    time_stamp = fields.String()


class RecordingOut(Schema):
    id = guid_field(required=True)
    call_id = guid_field(required=True)
    contact_id = guid_field(required=True)
    owner_id = guid_field(required=True)
    owner_type = fields.String(required=True, validate=validate.OneOf(("user", "queue", "outbound campaign")))
    owner_name = fields.String(required=True)
    file_name = fields.String(required=True)
    file_path = fields.String(required=True)
    creation_time = fields.String(required=True)
    listen_log = fields.List(fields.Nested(ListenLogOut), metadata={"description": "Single fetch only"})
