"""Sinch Contact Center CMI entities as plain dataclasses (snake_case, no HTTP)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# ---- rights (Contact Pro user rights named in the RI user-rights page) ----------------------
# A queue-scope right covers every contact of the user's queues; a user-scope ("own") right covers
# only the contacts the user handled, as the vendor page says for "User: Manage contact history".
MANAGE_CONTACT_HISTORY = "MANAGE_CONTACT_HISTORY"
MANAGE_OWN_CONTACT_HISTORY = "MANAGE_OWN_CONTACT_HISTORY"
OUTBOUND_CUSTOMER_VIEW = "OUTBOUND_CUSTOMER_VIEW"
LISTEN_TO_RECORDING = "LISTEN_TO_RECORDING"
CALLBACKS_VIEW = "CALLBACKS_VIEW"
CALLBACKS_CREATE = "CALLBACKS_CREATE"
CALLBACKS_MODIFY = "CALLBACKS_MODIFY"
STATISTICS_DETAILS = "STATISTICS_DETAILS"
OWN_STATISTICS_DETAILS = "OWN_STATISTICS_DETAILS"
MESSAGING = "MESSAGING"
CONSENTS_VIEW = "CONSENTS_VIEW"
CONSENTS_CREATE = "CONSENTS_CREATE"
CONSENTS_DELETE = "CONSENTS_DELETE"
ALL_RIGHTS = (
    MANAGE_CONTACT_HISTORY, MANAGE_OWN_CONTACT_HISTORY, OUTBOUND_CUSTOMER_VIEW, LISTEN_TO_RECORDING,
    CALLBACKS_VIEW, CALLBACKS_CREATE, CALLBACKS_MODIFY, STATISTICS_DETAILS, OWN_STATISTICS_DETAILS,
    MESSAGING, CONSENTS_VIEW, CONSENTS_CREATE, CONSENTS_DELETE,
)
AGENT_RIGHTS = (MANAGE_OWN_CONTACT_HISTORY, OWN_STATISTICS_DETAILS, CALLBACKS_VIEW, CONSENTS_VIEW)

CHAT_SUBTYPES = ("text", "video", "sms", "facebook", "wechat", "whatsapp")
CALLBACK_RESULTS = ("SUCCESSFUL", "BUSY", "NO_ANSWER", "VOICEMAIL", "CUSTOM_TIME", "OTHER", "HANDLED", "RESCHEDULE")
FAILED_CALLBACK_RESULTS = ("BUSY", "NO_ANSWER", "VOICEMAIL", "OTHER")
FINAL_CALLBACK_RESULTS = ("SUCCESSFUL", "HANDLED")
CONSENT_USAGES = ("whatsapp", "recording")
DESTINATION_STATUSES = ("ADDED", "PROCESSING", "FAILED", "HANDLED")


@dataclass
class User:
    """A Contact Pro user: the caller of the API, and the agent who handles contacts."""

    id: str
    login: str
    password: str
    name: str  # "Surname, First" as Contact Pro shows it
    language: str = "en"
    rights: list[str] = field(default_factory=list)
    queues: list[str] = field(default_factory=list)  # queues the user may SERVE (pickable contacts)
    email: str = ""
    extension: str = ""


@dataclass
class Queue:
    id: str
    name: str
    channel: str  # PHONE, CHAT, EMAIL
    address: str  # phone number, chat address or email address
    number: str = ""  # phone queues: the queue number callbacks refer to
    subtype: str = ""  # chat queues: text, sms, whatsapp, …


@dataclass
class RequiredAgent:
    id: str
    name: str
    type: int  # 1 required, 2 preferred
    expiration_time: datetime | None = None


@dataclass
class Contact:
    """One phone call, chat or email as the monitoring/reporting databases index it."""

    id: str
    contact_group_id: str
    channel: str
    type: str
    type_details: str
    status: str
    status_details: str
    source: str
    destination: str
    arrival_time: datetime
    queue_id: str | None = None
    agent_id: str | None = None
    subtype: str | None = None
    connect_time: datetime | None = None
    disconnect_time: datetime | None = None
    wrap_up_end_time: datetime | None = None
    record: bool | None = None
    script: bool | None = None
    subject: str | None = None
    case_id: str | None = None
    created_by: str | None = None  # outbound emails: the agent who wrote it
    required_agent: RequiredAgent | None = None


@dataclass
class Attachment:
    id: str
    filename: str
    mime_type: str
    size: int
    originator: str  # customer or agent


@dataclass
class EmailAddress:
    address: str
    name: str | None = None


@dataclass
class Email:
    """The operative-database side of an email contact (same id as its Contact)."""

    id: str
    status_details: str
    title: str
    content: str
    from_address: EmailAddress
    to_address: list[EmailAddress]
    cid: str | None = None
    cc_address: list[EmailAddress] = field(default_factory=list)
    bcc_address: list[EmailAddress] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    attached_data: dict[str, str] = field(default_factory=dict)


@dataclass
class ChatParticipant:
    alias: str
    uniquekey: str


@dataclass
class ChatLine:
    message: str
    originator: str
    timestamp: datetime
    system_message: bool = False
    type: str = "text"


@dataclass
class Chat:
    """The operative-database side of a chat contact (same id as its Contact)."""

    id: str
    channel_type: str  # chat, chatout
    channel_sub_type: str
    title: str
    participants: list[ChatParticipant] = field(default_factory=list)
    transcript: list[ChatLine] = field(default_factory=list)


@dataclass
class ListenLog:
    id: str
    user_guid: str
    user_id: str
    user_name: str
    description: str
    user_session_id: str
    time_stamp: datetime


@dataclass
class CallRecording:
    id: str
    call_id: str
    contact_id: str
    owner_id: str
    owner_type: str  # user, queue, outbound campaign
    owner_name: str
    file_name: str
    file_path: str
    creation_time: datetime
    listen_log: list[ListenLog] = field(default_factory=list)


@dataclass
class ScriptAnswer:
    id: str
    answerdata: str
    ordinal: int


@dataclass
class ScriptQuestion:
    id: str
    data: str
    controltype: str
    datatype: str
    ordinal: int
    scriptanswers: list[ScriptAnswer] = field(default_factory=list)


@dataclass
class ScriptResult:
    id: str
    script_id: str
    name: str
    contact_id: str
    originalcontact_id: str
    modificationtime: datetime
    scriptquestions: list[ScriptQuestion] = field(default_factory=list)


@dataclass
class Callback:
    id: str
    callback_queue_number: str
    creation_time: datetime
    customer_number: str
    original_queue_number: str
    max_calls: int = 99
    failures: int = 0
    creator_id: str | None = None
    creator_name: str | None = None
    extra_data: str | None = None
    gw_prefix: str | None = None
    last_call_time: datetime | None = None
    last_result: str | None = "ADDED"
    next_call_time: datetime | None = None
    notes: str | None = None
    original_queue_name: str | None = None


@dataclass
class Destination:
    """A message recipient; its status is a function of the clock (see store/timeline.py)."""

    address: str
    deliverable: bool = True
    cancelled_at: datetime | None = None


@dataclass
class ScheduledMessage:
    id: str
    message: str
    source: str
    sub_type: str
    send_time: datetime
    creation_time: datetime
    destinations: list[Destination]
    max_retry_count: int = 5
    retry_delay: int = 300
    content_type: str = "text"


@dataclass
class Consent:
    address: str
    usage: str
    consent: bool

    @property
    def key(self) -> str:
        return f"{self.usage}_{self.address}"


@dataclass
class ContactDatum:
    """A key/value pair attached to a contact (the IVR / integration 'contact data')."""

    id: str
    contact_id: str
    key: str
    value: str
    time_stamp: datetime


@dataclass
class CmiState:
    users: dict[str, User] = field(default_factory=dict)  # by login
    queues: dict[str, Queue] = field(default_factory=dict)  # by id
    contacts: dict[str, Contact] = field(default_factory=dict)  # by id
    emails: dict[str, Email] = field(default_factory=dict)
    chats: dict[str, Chat] = field(default_factory=dict)
    recordings: dict[str, CallRecording] = field(default_factory=dict)
    script_results: dict[str, ScriptResult] = field(default_factory=dict)
    callbacks: dict[str, Callback] = field(default_factory=dict)
    messages: dict[str, ScheduledMessage] = field(default_factory=dict)
    consents: dict[str, Consent] = field(default_factory=dict)  # by "<usage>_<address>"
    remarks: dict[str, str] = field(default_factory=dict)  # by contact group id
    contact_data: dict[str, ContactDatum] = field(default_factory=dict)

    def user_by_id(self, user_id: str | None) -> User | None:
        if user_id is None:
            return None
        return next((u for u in self.users.values() if u.id == user_id), None)

    def queue_by_number(self, number: str) -> Queue | None:
        return next((q for q in self.queues.values() if q.channel == "PHONE" and q.number == number), None)

    def queue_by_address(self, address: str) -> Queue | None:
        lowered = address.strip().lower()
        return next((q for q in self.queues.values() if q.address.lower() == lowered), None)

    def group(self, group_id: str) -> list[Contact]:
        wanted = group_id.upper()
        return [c for c in self.contacts.values() if c.contact_group_id.upper() == wanted]


def extra(**values: Any) -> dict[str, Any]:
    """A wire dict without the None values (CMI leaves absent values out)."""
    return {k: v for k, v in values.items() if v is not None}
