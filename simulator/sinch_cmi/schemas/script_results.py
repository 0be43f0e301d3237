"""Script results: the list query, the body that adds one, and the documented answer."""

from __future__ import annotations

from marshmallow import Schema, fields

from simulator.core.dates import LenientDateTime
from simulator.sinch_cmi.schemas.base import Body, Guid, WrappedList, guid_field, limit_field, sort_field, text


class ScriptResultQuery(Schema):
    contact_id = fields.String(metadata={"description": "Script results of this contact (GUID)"})
    originalcontact_id = fields.String(metadata={"description": "Script results of this original contact (GUID)"})
    limit = limit_field()
    sort = sort_field("modificationtime")


class ScriptAnswerIn(Body):
    id = Guid()
    answerdata = fields.String(required=True)
    ordinal = fields.Integer(required=True)


class ScriptQuestionIn(Body):
    id = Guid()
    data = fields.String(required=True)
    controltype = fields.String(required=True)
    datatype = fields.String(required=True)
    ordinal = fields.Integer(required=True)
    scriptanswers = WrappedList(fields.Nested(ScriptAnswerIn), load_default=list)


class ScriptResultCreate(Body):
    script_id = Guid(required=True)
    name = text(required=True, min_length=1)
    contact_id = Guid(required=True)
    originalcontact_id = Guid(metadata={"description": "Default: contact_id"})
    modificationtime = LenientDateTime(metadata={"description": "Default: now"})
    scriptquestions = WrappedList(fields.Nested(ScriptQuestionIn), required=True)


class ScriptAnswerOut(Schema):
    id = guid_field(required=True)
    answerdata = fields.String(required=True)
    ordinal = fields.Integer(required=True)


class ScriptQuestionOut(Schema):
    id = guid_field(required=True)
    data = fields.String(required=True)
    controltype = fields.String(required=True)
    datatype = fields.String(required=True)
    ordinal = fields.Integer(required=True)
    scriptanswers = fields.List(fields.Nested(ScriptAnswerOut), required=True)


class ScriptResultOut(Schema):
    id = guid_field(required=True)
    script_id = guid_field(required=True)
    name = fields.String(required=True)
    contact_id = guid_field(required=True)
    originalcontact_id = guid_field(required=True)
    modificationtime = fields.String(required=True)
    scriptquestions = fields.List(fields.Nested(ScriptQuestionOut), required=True)
