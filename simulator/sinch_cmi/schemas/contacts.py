"""Contacts: the searchable and sortable fields, the queries, and the documented contact and details answers."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from simulator.sinch_cmi.schemas.base import LANGUAGE, guid_field, limit_field, pattern_field, sort_field
from simulator.sinch_cmi.schemas.call_recordings import RecordingOut
from simulator.sinch_cmi.schemas.chats import ChatOut
from simulator.sinch_cmi.schemas.contact_data import ContactDatumOut
from simulator.sinch_cmi.schemas.emails import EmailOut
from simulator.sinch_cmi.schemas.script_results import ScriptResultOut

CONTACT_FIELDS = ("id", "contactGroupId", "channel", "type", "typeDetails", "subtype", "status", "statusDetails",
                  "source", "destination", "agentId", "agentName", "queueId", "queueName", "arrivalTime",
                  "disconnectTime", "totalDuration", "record", "script", "subject", "connectTime",
                  "waitingDuration", "handlingDuration", "wrapUpTotalDuration")
CONTACT_SEARCHABLE = ("id", "channel", "type", "typeDetails", "subtype", "status", "statusDetails", "source",
                      "destination", "agentName", "queueName")


class ContactQuery(Schema):
    PURE_LOAD = True  # plain fields: loaded once per query string (core/query_loads.py)

    search = fields.String(metadata={"description": "Source or destination; comma-separated values, wildcards"})
    startTime = fields.String(metadata={"description": "arrivalTime or disconnectTime >= value"})
    endTime = fields.String(metadata={"description": "arrivalTime or disconnectTime <= value"})
    subject = fields.String(metadata={"description": "Full-text search of email or chat subject"})
    body = fields.String(metadata={"description": "Email body (full text) or chat message (contains)"})
    remarks = fields.String(metadata={"description": "Full-text search of the contact group's remarks"})
    caseId = fields.String(metadata={"description": "Email case id"})
    agentId = fields.String(metadata={"description": "Comma-separated agent GUIDs"})
    queueId = fields.String(metadata={"description": "Comma-separated queue GUIDs"})
    contactGroupId = fields.String(metadata={"description": "Comma-separated; 36 characters with hyphens "
                                                            "(chats, emails) or 32 without (calls)"})
    pickable = fields.Boolean(metadata={"description": "Only contacts the caller may pick"})
    statistics = fields.Boolean(metadata={"description": "Add connectTime and the durations"})
    language = LANGUAGE
    sort = sort_field("-arrivalTime")
    limit = limit_field()
    id = pattern_field("Contact id")
    channel = pattern_field("PHONE, CHAT or EMAIL")
    type = pattern_field("CallIn, CallOut, ChatIn, ChatOut, EmailIn or EmailOut")
    typeDetails = pattern_field("Original type")
    subtype = pattern_field("Chat subtype")
    status = pattern_field("Pending, InQueue, InProcess, Handled or Abandoned")
    statusDetails = pattern_field("Original status")
    source = pattern_field("Source address")
    destination = pattern_field("Destination address")
    agentName = pattern_field("Agent name")
    queueName = pattern_field("Queue name")


class ContactByIdQuery(Schema):
    language = LANGUAGE
    statistics = fields.Boolean(metadata={"description": "Add connectTime and the durations"})


class RequiredAgentOut(Schema):
    id = guid_field(required=True)
    name = fields.String(required=True)
    type = fields.Integer(required=True, validate=validate.OneOf((1, 2)))
    expirationTime = fields.String()


class ContactOut(Schema):
    id = guid_field(required=True)
    contactGroupId = fields.String(required=True, validate=validate.Length(min=32, max=36))
    channel = fields.String(required=True, validate=validate.OneOf(("PHONE", "CHAT", "EMAIL")))
    type = fields.String(required=True)
    typeDetails = fields.String(required=True)
    subtype = fields.String()
    status = fields.String(required=True)
    statusDetails = fields.String(required=True)
    source = fields.String(required=True)
    destination = fields.String(required=True)
    agentId = guid_field()
    agentName = fields.String()
    queueId = guid_field()
    queueName = fields.String()
    arrivalTime = fields.String(required=True)
    disconnectTime = fields.String()
    totalDuration = fields.Integer(required=True)
    record = fields.Boolean()
    script = fields.Boolean()
    subject = fields.String()
    requiredAgent = fields.Nested(RequiredAgentOut)
    connectTime = fields.String(allow_none=True, metadata={"description": "With statistics=true; null if not "
                                                                          "connected"})
    waitingDuration = fields.Integer(metadata={"description": "With statistics=true (ms)"})
    handlingDuration = fields.Integer(metadata={"description": "With statistics=true (ms)"})
    wrapUpTotalDuration = fields.Integer(metadata={"description": "With statistics=true (ms)"})


class ContactDetailsOut(ContactOut):
    remarks = fields.String()
    email = fields.Nested(EmailOut)
    chat = fields.Nested(ChatOut)
    callRecordings = fields.List(fields.Nested(RecordingOut))
    scriptResults = fields.List(fields.Nested(ScriptResultOut))
    contactData = fields.List(fields.Nested(ContactDatumOut), required=True)
