"""CMI wire formats: query arguments, request bodies (JSON or XML) and documented responses."""

from __future__ import annotations

import json
from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields, pre_load, validate, validates_schema

from simulator.core.dates import LenientDateTime
from simulator.sinch_cmi.models import CALLBACK_RESULTS, CONSENT_USAGES, DESTINATION_STATUSES
from simulator.sinch_cmi.store.query import GUID

# ---- field types ---------------------------------------------------------------------------


class Guid(fields.String):
    """A 32-character hex GUID; anything else fails with the vendor's `Invalid GUID: '…'`."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if not GUID.fullmatch(text):
            raise ValidationError(f"Invalid GUID: '{text}'")
        return text.upper()


class WrappedList(fields.List):
    """A list that may arrive bare (`[...]`), wrapped (`{"destination": [...]}`, the vendor's
    examples and the JAXB/XML form) or as a single item (XML with one child, Jettison JSON)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> list[Any]:
        if isinstance(value, str) and not value.strip():
            value = []  # an empty XML wrapper element (whitespace between tags is insignificant)
        elif isinstance(value, dict):
            inner = next(iter(value.values())) if len(value) == 1 else None
            if isinstance(inner, list):
                value = inner
            elif isinstance(inner, dict):
                value = [inner]
            else:
                value = [value]
        return super()._deserialize(value, attr, data, **kwargs)


def text(*, required: bool = False, min_length: int | None = None, max_length: int | None = None,
         **kwargs: Any) -> fields.String:
    rule = validate.Length(min=min_length, max=max_length) if min_length or max_length else None
    return fields.String(required=required, validate=rule, **kwargs)


def described(description: str, **kwargs: Any) -> dict[str, Any]:
    return {"metadata": {"description": description}, **kwargs}


class Body(Schema):
    class Meta:
        unknown = EXCLUDE  # the RI ignores fields it does not use ("Others are ignored")


# ---- query arguments -----------------------------------------------------------------------

LANGUAGE = fields.String(metadata={"description": "Two-character ISO 639 code (e.g. `fi`); default: the user's "
                                                  "language"})


def _limit(documented: bool = True) -> fields.Integer:
    if documented:
        return fields.Integer(metadata={"description": "At most this many items (default 100, the RI convention)"})
    return fields.Integer(metadata={"description": "At most this many items (not in the vendor's page; default: all)"})


def _sort(default: str) -> fields.String:
    return fields.String(metadata={
        "description": "Any field, `-` in front for descending, comma-separated; `,LOCALE-xx` (e.g. "
                       f"`LOCALE-fi`) sorts with that locale, e.g. `-arrivalTime,LOCALE-en`. Default: {default}",
    })


def _pattern(description: str) -> fields.String:
    return fields.String(metadata={"description": f"{description}; may contain the wildcards * and ?"})


class LanguageQuery(Schema):
    language = LANGUAGE


class EmailQuery(Schema):
    language = LANGUAGE
    case_id = fields.String(metadata={"description": "Emails of this case id"})
    cid = fields.String(metadata={"description": "Emails with this cid"})
    includeAttachedData = fields.Boolean(metadata={"description": "Add `attachedData` (default false)"})
    limit = _limit()
    sort = _sort("-date_created")


class EmailByIdQuery(Schema):
    language = LANGUAGE
    includeAttachedData = fields.Boolean(metadata={"description": "Add `attachedData` (default false)"})


class ScriptResultQuery(Schema):
    contact_id = fields.String(metadata={"description": "Script results of this contact (GUID)"})
    originalcontact_id = fields.String(metadata={"description": "Script results of this original contact (GUID)"})
    limit = _limit()
    sort = _sort("modificationtime")


class ChatQuery(Schema):
    language = LANGUAGE
    originator = fields.String(metadata={"description": "Originating address of the chat"})
    channel_sub_type = fields.String(metadata={"description": "text, video, sms, …"})
    destination = fields.String(metadata={"description": "Destination address of the chat"})
    limit = _limit()
    sort = _sort("-date_created")


class RecordingQuery(Schema):
    language = LANGUAGE
    call_id = fields.String(metadata={"description": "Recordings of this call (GUID)"})
    contact_id = fields.String(metadata={"description": "Recordings of this contact (GUID)"})
    start_time = fields.String(metadata={"description": "Recordings created at or after this UTC time"})
    end_time = fields.String(metadata={"description": "Recordings created at or before this UTC time"})
    limit = _limit()
    sort = _sort("-creation_time")


class CallbackQuery(Schema):
    customerNumber = _pattern("Customer number")
    limit = _limit(documented=False)
    sort = _sort("-creationTime")


CONTACT_FIELDS = ("id", "contactGroupId", "channel", "type", "typeDetails", "subtype", "status", "statusDetails",
                  "source", "destination", "agentId", "agentName", "queueId", "queueName", "arrivalTime",
                  "disconnectTime", "totalDuration", "record", "script", "subject", "connectTime",
                  "waitingDuration", "handlingDuration", "wrapUpTotalDuration")
CONTACT_SEARCHABLE = ("id", "channel", "type", "typeDetails", "subtype", "status", "statusDetails", "source",
                      "destination", "agentName", "queueName")


class ContactQuery(Schema):
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
    sort = _sort("-arrivalTime")
    limit = _limit()
    id = _pattern("Contact id")
    channel = _pattern("PHONE, CHAT or EMAIL")
    type = _pattern("CallIn, CallOut, ChatIn, ChatOut, EmailIn or EmailOut")
    typeDetails = _pattern("Original type")
    subtype = _pattern("Chat subtype")
    status = _pattern("Pending, InQueue, InProcess, Handled or Abandoned")
    statusDetails = _pattern("Original status")
    source = _pattern("Source address")
    destination = _pattern("Destination address")
    agentName = _pattern("Agent name")
    queueName = _pattern("Queue name")


class ContactByIdQuery(Schema):
    language = LANGUAGE
    statistics = fields.Boolean(metadata={"description": "Add connectTime and the durations"})


class ContactDataQuery(Schema):
    contactId = fields.String(metadata={"description": "Comma-separated contact GUIDs"})
    key = fields.String(metadata={"description": "Only this key (case-insensitive)"})
    limit = _limit(documented=False)


class MessageQuery(Schema):
    source = _pattern("Source (chat queue address)")
    subType = _pattern("Sub type, e.g. sms")
    sendTime = fields.String(metadata={"description": "sendTime at or after this UTC time"})
    sendTimeEnd = fields.String(metadata={"description": "sendTime at or before this UTC time"})
    creationTime = fields.String(metadata={"description": "Created at or after this UTC time"})
    creationTimeEnd = fields.String(metadata={"description": "Created at or before this UTC time"})
    limit = _limit(documented=False)
    sort = _sort("-creationTime")


class ConsentQuery(Schema):
    address = _pattern("Address")
    usage = _pattern("whatsapp or recording")
    consent = _pattern("true or false")
    limit = _limit(documented=False)
    sort = _sort("insertion order")


# ---- request bodies ------------------------------------------------------------------------


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


class ListenLogCreate(Body):
    description = fields.String(required=True)
    userSessionId = fields.String(required=True)
    time_stamp = LenientDateTime(metadata={"description": "Default: the server time"})
    id = fields.String(metadata={"description": "Ignored: set by the system"})
    user_guid = fields.String(metadata={"description": "Ignored: the logged-in user is recorded"})
    user_id = fields.String(metadata={"description": "Ignored: the logged-in user is recorded"})
    user_name = fields.String(metadata={"description": "Ignored: the logged-in user is recorded"})


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


class ConsentWrite(Body):
    address = text(required=True, min_length=1)
    usage = fields.String(required=True, validate=validate.OneOf(CONSENT_USAGES))
    consent = fields.Boolean(required=True)


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


class ContactDatumCreate(Body):
    contactId = Guid(required=True)
    key = text(required=True, min_length=1, max_length=256)
    value = fields.String(required=True)


# ---- documented responses ------------------------------------------------------------------


def guid_field(**kwargs: Any) -> fields.String:
    return fields.String(validate=validate.Length(equal=32), **kwargs)


class QueueOut(Schema):
    id = guid_field(required=True)
    name = fields.String(required=True)


class EmailAddressOut(Schema):
    name = fields.String()
    address = fields.String(required=True)


class AttachmentOut(Schema):
    id = guid_field(required=True)
    filename = fields.String(required=True)
    mime_type = fields.String(required=True)
    size = fields.Integer(required=True)
    originator = fields.String(required=True, validate=validate.OneOf(("customer", "agent")))


class KeyValueOut(Schema):
    key = fields.String(required=True)
    value = fields.String(required=True)


class EmailOut(Schema):
    id = guid_field(required=True)
    from_queue = fields.Nested(QueueOut, required=True)
    channel_type = fields.String(required=True)
    channel_sub_type = fields.String(required=True)
    type = fields.String(required=True, validate=validate.OneOf(("EmailIn", "EmailOut")))
    typeDetails = fields.String(required=True)
    status = fields.String(required=True)
    statusDetails = fields.String(required=True)
    case_id = fields.String()
    cid = fields.String()
    title = fields.String(required=True)
    content = fields.String(required=True)
    remarks = fields.String()
    attachments = fields.List(fields.Nested(AttachmentOut))
    originator = fields.String(required=True)
    destination = fields.String(required=True)
    from_address = fields.Nested(EmailAddressOut, required=True)
    to_address = fields.List(fields.Nested(EmailAddressOut), required=True)
    cc_address = fields.List(fields.Nested(EmailAddressOut))
    bcc_address = fields.List(fields.Nested(EmailAddressOut))
    agentId = guid_field()
    agentName = fields.String()
    date_created = fields.String(required=True)
    attachedData = fields.List(fields.Nested(KeyValueOut), metadata={"description": "With includeAttachedData"})


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


class ContactDatumOut(Schema):
    id = guid_field(required=True)
    contactId = guid_field(required=True)
    key = fields.String(required=True)
    value = fields.String(required=True)
    timeStamp = fields.String(required=True)


class ContactDetailsOut(ContactOut):
    remarks = fields.String()
    email = fields.Nested(EmailOut)
    chat = fields.Nested(ChatOut)
    callRecordings = fields.List(fields.Nested(RecordingOut))
    scriptResults = fields.List(fields.Nested(ScriptResultOut))
    contactData = fields.List(fields.Nested(ContactDatumOut), required=True)


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


class ConsentOut(Schema):
    address = fields.String(required=True)
    usage = fields.String(required=True, validate=validate.OneOf(CONSENT_USAGES))
    consent = fields.Boolean(required=True)
