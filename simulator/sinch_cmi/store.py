"""CmiStore: the contact center's rules, one method per CMI operation; raises typed errors."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from simulator.sinch_cmi import fulltext, timeline
from simulator.sinch_cmi.errors import Forbidden, InvalidParameter, NotFound
from simulator.sinch_cmi.models import (
    CALLBACKS_CREATE,
    CALLBACKS_MODIFY,
    CALLBACKS_VIEW,
    CHAT_SUBTYPES,
    CONSENTS_CREATE,
    CONSENTS_DELETE,
    CONSENTS_VIEW,
    FAILED_CALLBACK_RESULTS,
    FINAL_CALLBACK_RESULTS,
    LISTEN_TO_RECORDING,
    MANAGE_CONTACT_HISTORY,
    MANAGE_OWN_CONTACT_HISTORY,
    MESSAGING,
    OUTBOUND_CUSTOMER_VIEW,
    OWN_STATISTICS_DETAILS,
    STATISTICS_DETAILS,
    Callback,
    CallRecording,
    Chat,
    ChatLine,
    ChatParticipant,
    CmiState,
    Consent,
    Contact,
    ContactDatum,
    Destination,
    ListenLog,
    ScheduledMessage,
    ScriptAnswer,
    ScriptQuestion,
    ScriptResult,
    User,
)
from simulator.sinch_cmi.query import SortSpec, field_filters, matches, sort_records
from simulator.sinch_cmi.translate import translate
from simulator.sinch_cmi.wire import (
    callback_wire,
    chat_wire,
    consent_wire,
    contact_datum_wire,
    contact_wire,
    email_wire,
    listen_log_wire,
    message_wire,
    recording_wire,
    script_result_wire,
)

Wire = dict[str, Any]
CALLBACK_RETRY = timedelta(minutes=5)  # next try after a failed callback attempt (simulator choice)
NEWEST_FIRST = SortSpec((("arrivalTime", True),))


@dataclass(frozen=True)
class ContactSearch:
    """The operational criteria of GET /contacts (the field wildcards are applied to the wire form)."""

    search: list[str] | None = None  # source or destination patterns
    start_time: datetime | None = None
    end_time: datetime | None = None
    subject: str | None = None
    body: str | None = None
    remarks: str | None = None
    case_id: str | None = None
    agent_ids: set[str] | None = None
    queue_ids: set[str] | None = None
    group_ids: set[str] | None = None
    pickable: bool = False


NO_CRITERIA = ContactSearch()


@dataclass
class Context:
    now: Callable[[], datetime]
    new_guid: Callable[[], str]
    user: User
    language: str = "en"


def _page(records: list[Wire], sort: SortSpec | None, limit: int | None) -> list[Wire]:
    return sort_records(records, sort)[:limit]


class CmiStore:
    def __init__(self, state: CmiState, ctx: Context) -> None:
        self.state = state
        self.ctx = ctx
        self.user = ctx.user

    # ---- rights --------------------------------------------------------------------------

    def _require(self, *rights: str) -> None:
        if not any(right in self.user.rights for right in rights):
            raise Forbidden()

    def _sees(self, contact: Contact, queue_right: str, own_right: str) -> bool:
        if queue_right in self.user.rights and contact.queue_id in self.user.queues:
            return True
        return own_right in self.user.rights and contact.agent_id == self.user.id

    def _sees_history(self, contact: Contact) -> bool:
        return self._sees(contact, MANAGE_CONTACT_HISTORY, MANAGE_OWN_CONTACT_HISTORY)

    def _sees_statistics(self, contact: Contact) -> bool:
        return self._sees(contact, STATISTICS_DETAILS, OWN_STATISTICS_DETAILS)

    def _contact(self, contact_id: str) -> Contact:
        contact = self.state.contacts.get(contact_id)
        if contact is None:
            raise NotFound()
        return contact

    # ---- emails --------------------------------------------------------------------------

    def list_emails(
        self, *, case_id: str | None, cid: str | None, attached_data: bool, sort: SortSpec | None, limit: int | None
    ) -> list[Wire]:
        self._require(MANAGE_CONTACT_HISTORY, MANAGE_OWN_CONTACT_HISTORY)
        found = []
        for email in self.state.emails.values():
            contact = self.state.contacts[email.id]
            if not self._sees_history(contact):
                continue
            if case_id is not None and contact.case_id != case_id:
                continue
            if cid is not None and (email.cid or "").upper() != cid.upper():
                continue
            found.append(email_wire(email, contact, self.state, self.ctx.language, attached_data=attached_data))
        found.sort(key=lambda w: w["date_created"], reverse=True)
        return _page(found, sort, limit)

    def get_email(self, email_id: str, *, attached_data: bool) -> Wire:
        self._require(MANAGE_CONTACT_HISTORY, MANAGE_OWN_CONTACT_HISTORY)
        email = self.state.emails.get(email_id)
        if email is None:
            raise NotFound()
        contact = self.state.contacts[email.id]
        if not self._sees_history(contact):
            raise Forbidden()
        return email_wire(email, contact, self.state, self.ctx.language, attached_data=attached_data)

    # ---- script results ------------------------------------------------------------------

    def _sees_script(self, result: ScriptResult) -> bool:
        contact = self.state.contacts.get(result.contact_id)
        return contact is not None and self._sees_script_of(contact)

    def _sees_script_of(self, contact: Contact) -> bool:
        if OUTBOUND_CUSTOMER_VIEW in self.user.rights and contact.type == "CallOut":
            return True
        return self._sees_history(contact)

    def list_script_results(
        self, *, contact_id: str | None, originalcontact_id: str | None, sort: SortSpec | None, limit: int | None
    ) -> list[Wire]:
        self._require(MANAGE_CONTACT_HISTORY, MANAGE_OWN_CONTACT_HISTORY, OUTBOUND_CUSTOMER_VIEW)
        found = [
            script_result_wire(r)
            for r in self.state.script_results.values()
            if self._sees_script(r)
            and (contact_id is None or r.contact_id == contact_id)
            and (originalcontact_id is None or r.originalcontact_id == originalcontact_id)
        ]
        found.sort(key=lambda w: w["modificationtime"])
        return _page(found, sort, limit)

    def get_script_result(self, result_id: str) -> Wire:
        self._require(MANAGE_CONTACT_HISTORY, MANAGE_OWN_CONTACT_HISTORY, OUTBOUND_CUSTOMER_VIEW)
        result = self.state.script_results.get(result_id)
        if result is None:
            raise NotFound()
        if not self._sees_script(result):
            raise Forbidden()
        return script_result_wire(result)

    def create_script_result(
        self,
        *,
        script_id: str,
        name: str,
        contact_id: str,
        originalcontact_id: str | None,
        modificationtime: datetime | None,
        scriptquestions: list[dict[str, Any]],
    ) -> str:
        self._require(MANAGE_CONTACT_HISTORY, MANAGE_OWN_CONTACT_HISTORY, OUTBOUND_CUSTOMER_VIEW)
        contact = self.state.contacts.get(contact_id)
        if contact is None:
            raise InvalidParameter(f"Unknown contact_id: '{contact_id}'")
        if originalcontact_id is not None and originalcontact_id not in self.state.contacts:
            raise InvalidParameter(f"Unknown originalcontact_id: '{originalcontact_id}'")
        if not self._sees_script_of(contact):
            raise Forbidden()  # checked before any id is drawn: a refusal changes nothing
        result = ScriptResult(
            id=self.ctx.new_guid(),
            script_id=script_id,
            name=name,
            contact_id=contact_id,
            originalcontact_id=originalcontact_id or contact_id,
            modificationtime=modificationtime or self.ctx.now(),
            scriptquestions=[
                ScriptQuestion(
                    id=q.get("id") or self.ctx.new_guid(),
                    data=q["data"],
                    controltype=q["controltype"],
                    datatype=q["datatype"],
                    ordinal=q["ordinal"],
                    scriptanswers=[
                        ScriptAnswer(id=a.get("id") or self.ctx.new_guid(), answerdata=a["answerdata"],
                                     ordinal=a["ordinal"])
                        for a in q["scriptanswers"]
                    ],
                )
                for q in scriptquestions
            ],
        )
        self.state.script_results[result.id] = result
        contact.script = True
        return result.id

    # ---- chats ---------------------------------------------------------------------------

    def list_chats(
        self,
        *,
        originator: str | None,
        destination: str | None,
        channel_sub_type: str | None,
        sort: SortSpec | None,
        limit: int | None,
    ) -> list[Wire]:
        found = []
        for chat in self.state.chats.values():
            contact = self.state.contacts[chat.id]
            if originator is not None and contact.source.strip().lower() != originator.strip().lower():
                continue
            if destination is not None and contact.destination.strip().lower() != destination.strip().lower():
                continue
            if channel_sub_type is not None and chat.channel_sub_type.lower() != channel_sub_type.lower():
                continue
            found.append(chat_wire(chat, contact, self.state, self.ctx.language))
        found.sort(key=lambda w: w["date_created"], reverse=True)
        return _page(found, sort, limit)

    def get_chat(self, chat_id: str) -> Wire:
        chat = self.state.chats.get(chat_id)
        if chat is None:
            raise NotFound()
        return chat_wire(chat, self.state.contacts[chat.id], self.state, self.ctx.language, single=True)

    def create_chat(
        self,
        *,
        channel_type: str,
        channel_sub_type: str,
        originator: str,
        destination: str,
        title: str,
        queue_id: str,
        participants: list[dict[str, str]],
        transcript: list[dict[str, Any]],
        date_created: datetime | None,
    ) -> str:
        """Simulator choice: an inbound chat (`chat`) enters its queue (InQueue); an outbound
        message (`chatout`) was sent by the system and is Handled at once."""
        queue = self.state.queues.get(queue_id)
        if queue is None or queue.channel != "CHAT":
            raise InvalidParameter(f"Unknown chat queue: from_queue.id '{queue_id}'")
        now = self.ctx.now()
        arrival = date_created or now
        outbound = channel_type == "chatout"
        chat_id = self.ctx.new_guid()
        group = self.ctx.new_guid()
        lines = [
            ChatLine(
                message=line["message"],
                originator=line["originator"],
                timestamp=line.get("timestamp") or arrival,
                system_message=line.get("system_message", False),
                type=line.get("type", "text"),
            )
            for line in transcript
        ]
        lines.sort(key=lambda line: line.timestamp, reverse=True)  # newest first, as the vendor lists them
        self.state.contacts[chat_id] = Contact(
            id=chat_id,
            contact_group_id=f"{group[:8]}-{group[8:12]}-{group[12:16]}-{group[16:20]}-{group[20:]}",
            channel="CHAT",
            type="ChatOut" if outbound else "ChatIn",
            type_details="ChatOut" if outbound else "Chat",
            subtype=channel_sub_type.lower() if channel_sub_type.lower() in CHAT_SUBTYPES else None,
            status="Handled" if outbound else "InQueue",
            status_details="Sent" if outbound else "Open",
            source=originator,
            destination=destination,
            arrival_time=arrival,
            queue_id=queue.id,
            disconnect_time=arrival if outbound else None,
            wrap_up_end_time=arrival if outbound else None,
            subject=title,
        )
        self.state.chats[chat_id] = Chat(
            id=chat_id,
            channel_type=channel_type,
            channel_sub_type=channel_sub_type,
            title=title,
            participants=[ChatParticipant(alias=p["alias"], uniquekey=p["uniquekey"]) for p in participants],
            transcript=lines,
        )
        return chat_id

    # ---- call recordings -----------------------------------------------------------------

    def list_recordings(
        self,
        *,
        call_id: str | None,
        contact_id: str | None,
        start_time: datetime | None,
        end_time: datetime | None,
        sort: SortSpec | None,
        limit: int | None,
    ) -> list[Wire]:
        self._require(LISTEN_TO_RECORDING)
        found = [
            recording_wire(r)
            for r in self.state.recordings.values()
            if (call_id is None or r.call_id == call_id)
            and (contact_id is None or r.contact_id == contact_id)
            and (start_time is None or r.creation_time >= start_time)
            and (end_time is None or r.creation_time <= end_time)
        ]
        found.sort(key=lambda w: w["creation_time"], reverse=True)
        return _page(found, sort, limit)

    def _recording(self, recording_id: str) -> CallRecording:
        self._require(LISTEN_TO_RECORDING)
        recording = self.state.recordings.get(recording_id)
        if recording is None:
            raise NotFound()
        return recording

    def get_recording(self, recording_id: str) -> Wire:
        return recording_wire(self._recording(recording_id), single=True)

    def list_listen_log(self, recording_id: str) -> list[Wire]:
        return [listen_log_wire(e) for e in self._recording(recording_id).listen_log]

    def add_listen_log(self, recording_id: str, *, description: str, user_session_id: str,
                       time_stamp: datetime | None) -> str:
        """The caller is recorded as the listener, whatever user fields the body carries."""
        recording = self._recording(recording_id)
        entry = ListenLog(
            id=self.ctx.new_guid(),
            user_guid=self.user.id,
            user_id=self.user.login,
            user_name=self.user.name,
            description=description,
            user_session_id=user_session_id,
            time_stamp=time_stamp or self.ctx.now(),
        )
        recording.listen_log.append(entry)
        return entry.id

    # ---- callbacks -----------------------------------------------------------------------

    def list_callbacks(self, *, filters: dict[str, str], sort: SortSpec | None, limit: int | None) -> list[Wire]:
        self._require(CALLBACKS_VIEW)
        found = field_filters([callback_wire(c) for c in self.state.callbacks.values()], filters)
        found.sort(key=lambda w: w["creationTime"], reverse=True)  # filtered first: fewer rows to sort
        return _page(found, sort, limit)

    def _callback(self, callback_id: str) -> Callback:
        callback = self.state.callbacks.get(callback_id)
        if callback is None:
            raise NotFound()
        return callback

    def get_callback(self, callback_id: str) -> Wire:
        self._require(CALLBACKS_VIEW)
        return callback_wire(self._callback(callback_id))

    def create_callback(
        self,
        *,
        callback_queue_number: str,
        customer_number: str,
        extra_data: str | None,
        gw_prefix: str | None,
        next_call_time: datetime | None,
        notes: str | None,
    ) -> str:
        self._require(CALLBACKS_CREATE)
        queue = self.state.queue_by_number(callback_queue_number)
        if queue is None:
            raise InvalidParameter(f"Unknown callbackQueueNumber: '{callback_queue_number}'")
        now = self.ctx.now()
        callback = Callback(
            id=self.ctx.new_guid(),
            callback_queue_number=callback_queue_number,
            creation_time=now,
            customer_number=customer_number,
            original_queue_number=callback_queue_number,
            original_queue_name=queue.name,
            creator_id=self.user.id,
            creator_name=self.user.name,
            extra_data=extra_data,
            gw_prefix=gw_prefix,
            next_call_time=next_call_time or now,
            notes=notes,
            last_result="ADDED",
        )
        self.state.callbacks[callback.id] = callback
        return callback.id

    def update_callback(
        self, callback_id: str, *, customer_number: str, notes: str, last_result: str, next_call_time: datetime | None
    ) -> None:
        """Only customerNumber, notes, lastResult and nextCallTime change; a failed attempt counts.

        Simulator choice: BUSY, NO_ANSWER, VOICEMAIL and OTHER count as failures and schedule the
        next try 5 minutes later, until `failures` reaches `maxCalls` (then no next call);
        SUCCESSFUL and HANDLED close the callback; CUSTOM_TIME needs `nextCallTime`, RESCHEDULE
        keeps the current one when none is given.
        """
        self._require(CALLBACKS_MODIFY)
        callback = self._callback(callback_id)
        if next_call_time is not None and last_result not in ("CUSTOM_TIME", "RESCHEDULE"):
            raise InvalidParameter("nextCallTime is only allowed when lastResult is CUSTOM_TIME or RESCHEDULE")
        if last_result == "CUSTOM_TIME" and next_call_time is None:
            raise InvalidParameter("nextCallTime is required when lastResult is CUSTOM_TIME")
        now = self.ctx.now()
        callback.customer_number = customer_number
        callback.notes = notes
        callback.last_result = last_result
        if last_result in FAILED_CALLBACK_RESULTS:
            callback.failures += 1
            callback.last_call_time = now
            callback.next_call_time = now + CALLBACK_RETRY if callback.failures < callback.max_calls else None
        elif last_result in FINAL_CALLBACK_RESULTS:
            callback.last_call_time = now
            callback.next_call_time = None
        elif next_call_time is not None:
            callback.next_call_time = next_call_time

    # ---- contacts ------------------------------------------------------------------------

    def _require_statistics(self) -> None:
        self._require(STATISTICS_DETAILS, OWN_STATISTICS_DETAILS)

    def list_contacts(
        self,
        *,
        criteria: ContactSearch,
        statistics: bool,
        filters: dict[str, str],
        sort: SortSpec | None,
        limit: int | None,
    ) -> list[Wire]:
        self._require_statistics()
        now = self.ctx.now()
        unfiltered = criteria == NO_CRITERIA
        candidates = [
            contact
            for contact in self.state.contacts.values()
            if self._sees_statistics(contact)
            and (unfiltered or self._contact_matches(contact, criteria))
            and (not criteria.pickable or self._pickable(contact))
        ]
        if not filters and sort == NEWEST_FIRST:  # the default order: sort and cut before rendering
            candidates.sort(key=lambda contact: contact.arrival_time, reverse=True)
            candidates, sort = candidates[:limit], None
        if not filters:
            found = [contact_wire(c, self.state, now, self.ctx.language, statistics=statistics) for c in candidates]
            return _page(found, sort, limit)
        # field filters compare the stored values, so they are applied before translating
        raw = [contact_wire(c, self.state, now, "en", statistics=statistics) for c in candidates]
        found = field_filters(raw, filters)
        for wire in found:
            wire["statusDetails"] = translate(wire["statusDetails"], self.ctx.language)
        return _page(found, sort, limit)

    def _contact_matches(self, contact: Contact, criteria: ContactSearch) -> bool:
        search, start_time, end_time = criteria.search, criteria.start_time, criteria.end_time
        agent_ids, queue_ids, group_ids = criteria.agent_ids, criteria.queue_ids, criteria.group_ids
        case_id, subject, body, remarks = criteria.case_id, criteria.subject, criteria.body, criteria.remarks
        if search and not any(matches(contact.source, p) or matches(contact.destination, p) for p in search):
            return False
        if start_time is not None and not (
            contact.arrival_time >= start_time or (contact.disconnect_time and contact.disconnect_time >= start_time)
        ):
            return False
        if end_time is not None and not (
            contact.arrival_time <= end_time or (contact.disconnect_time and contact.disconnect_time <= end_time)
        ):
            return False
        if agent_ids is not None and contact.agent_id not in agent_ids:
            return False
        if queue_ids is not None and contact.queue_id not in queue_ids:
            return False
        if group_ids is not None and contact.contact_group_id.upper() not in group_ids:
            return False
        if case_id is not None and contact.case_id != case_id:
            return False
        if subject is not None and not (contact.channel != "PHONE" and fulltext.matches(contact.subject, subject)):
            return False
        if body is not None and not self._body_matches(contact, body):
            return False
        return remarks is None or fulltext.matches(self.state.remarks.get(contact.contact_group_id), remarks)

    def _body_matches(self, contact: Contact, body: str) -> bool:
        """Email bodies by full-text search; chat messages must contain the value somewhere."""
        email = self.state.emails.get(contact.id)
        if email is not None:
            return fulltext.matches(email.content, body)
        chat = self.state.chats.get(contact.id)
        if chat is not None:
            needle = body.lower()
            return any(needle in line.message.lower() for line in chat.transcript)
        return False

    def _pickable(self, contact: Contact) -> bool:
        if contact.channel == "PHONE" or contact.queue_id not in self.user.queues:
            return False
        if contact.status == "InQueue":
            return True
        if contact.status != "InProcess" or contact.channel != "EMAIL":
            return False
        return contact.type == "EmailIn" or contact.created_by == self.user.id

    def get_contact(self, contact_id: str, *, statistics: bool) -> Wire:
        self._require_statistics()
        contact = self._contact(contact_id)
        if not self._sees_statistics(contact):
            raise Forbidden()
        return contact_wire(contact, self.state, self.ctx.now(), self.ctx.language, statistics=statistics)

    def contact_details(self, contact_id: str) -> Wire:
        """Simulator choice (shape undocumented): the contact with statistics, its group's remarks,
        and its content: the email, the chat with transcript, or the call's recordings and script
        results, each only when the caller may read that resource on its own."""
        self._require_statistics()
        contact = self._contact(contact_id)
        if not self._sees_statistics(contact):
            raise Forbidden()
        now, language = self.ctx.now(), self.ctx.language
        details = contact_wire(contact, self.state, now, language, statistics=True)
        group_remarks = self.state.remarks.get(contact.contact_group_id)
        if group_remarks is not None:
            details["remarks"] = group_remarks
        email = self.state.emails.get(contact.id)
        chat = self.state.chats.get(contact.id)
        if email is not None:
            if self._sees_history(contact):  # as GET /emails/{id} would
                details["email"] = email_wire(email, contact, self.state, language)
        elif chat is not None:
            details["chat"] = chat_wire(chat, contact, self.state, language, single=True)
        else:
            if LISTEN_TO_RECORDING in self.user.rights:  # as GET /callRecordings would
                details["callRecordings"] = [
                    recording_wire(r) for r in self.state.recordings.values() if r.contact_id == contact.id
                ]
            details["scriptResults"] = [
                script_result_wire(r)
                for r in self.state.script_results.values()
                if r.contact_id == contact.id and self._sees_script(r)
            ]
        details["contactData"] = [
            contact_datum_wire(d) for d in self.state.contact_data.values() if d.contact_id == contact.id
        ]
        return details

    # ---- remarks (operative database, per contact group) -----------------------------------

    def _group(self, group_id: str) -> list[Contact]:
        contacts = self.state.group(group_id)
        if not contacts:
            raise NotFound()
        return contacts

    def get_remarks(self, group_id: str) -> str:
        self._require_statistics()
        contacts = self._group(group_id)
        if not any(self._sees_statistics(c) for c in contacts):
            raise Forbidden()
        key = contacts[0].contact_group_id
        if contacts[0].channel == "PHONE" and key not in self.state.remarks:
            raise NotFound()  # a call is in the operative database only once it has remarks
        return self.state.remarks.get(key, "")

    def _responsible(self, contacts: list[Contact]) -> None:
        if not any(c.agent_id == self.user.id for c in contacts):
            raise Forbidden()  # "Agent needs to be the responsible user for the contact."

    def add_remarks(self, group_id: str, text: str) -> None:
        contacts = self._group(group_id)
        self._responsible(contacts)
        key = contacts[0].contact_group_id
        if contacts[0].channel != "PHONE":
            raise InvalidParameter("Remarks can be added only to phone calls; use PUT for chats and emails")
        if key in self.state.remarks:
            raise InvalidParameter("The contact already has remarks; use PUT to update them")
        self.state.remarks[key] = text

    def update_remarks(self, group_id: str, text: str) -> None:
        contacts = self._group(group_id)
        self._responsible(contacts)
        key = contacts[0].contact_group_id
        if contacts[0].channel == "PHONE" and key not in self.state.remarks:
            raise NotFound()  # "Contact must exist in operative database."
        self.state.remarks[key] = text

    # ---- contact data --------------------------------------------------------------------

    def list_contact_data(self, *, contact_ids: set[str] | None, key: str | None, limit: int | None) -> list[Wire]:
        self._require_statistics()
        found = []
        for datum in self.state.contact_data.values():
            contact = self.state.contacts.get(datum.contact_id)
            if contact is None or not self._sees_statistics(contact):
                continue
            if contact_ids is not None and datum.contact_id not in contact_ids:
                continue
            if key is not None and datum.key.lower() != key.lower():
                continue
            found.append(contact_datum_wire(datum))
        return found[:limit]

    def contact_data_for(self, contact_id: str) -> list[Wire]:
        self._require_statistics()
        contact = self._contact(contact_id)
        if not self._sees_statistics(contact):
            raise Forbidden()
        return [contact_datum_wire(d) for d in self.state.contact_data.values() if d.contact_id == contact_id]

    def add_contact_datum(self, *, contact_id: str, key: str, value: str) -> str:
        self._require_statistics()
        self._require(MANAGE_CONTACT_HISTORY, MANAGE_OWN_CONTACT_HISTORY)
        contact = self.state.contacts.get(contact_id)
        if contact is None:
            raise InvalidParameter(f"Unknown contactId: '{contact_id}'")
        if not (self._sees_statistics(contact) and self._sees_history(contact)):
            raise Forbidden()
        datum = ContactDatum(id=self.ctx.new_guid(), contact_id=contact_id, key=key, value=value,
                             time_stamp=self.ctx.now())
        self.state.contact_data[datum.id] = datum
        return datum.id

    # ---- scheduled messages --------------------------------------------------------------

    def list_messages(
        self,
        *,
        filters: dict[str, str],
        send_from: datetime | None,
        send_until: datetime | None,
        created_from: datetime | None,
        created_until: datetime | None,
        sort: SortSpec | None,
        limit: int | None,
    ) -> list[Wire]:
        self._require(MESSAGING)
        now = self.ctx.now()
        found = [
            message_wire(m, now)
            for m in self.state.messages.values()
            if (send_from is None or m.send_time >= send_from)
            and (send_until is None or m.send_time <= send_until)
            and (created_from is None or m.creation_time >= created_from)
            and (created_until is None or m.creation_time <= created_until)
        ]
        found = field_filters(found, filters)
        found.sort(key=lambda w: w["creationTime"], reverse=True)  # filtered first: fewer rows to sort
        return _page(found, sort, limit)

    def _message(self, message_id: str) -> ScheduledMessage:
        self._require(MESSAGING)
        message = self.state.messages.get(message_id)
        if message is None:
            raise NotFound()
        return message

    def get_message(self, message_id: str) -> Wire:
        return message_wire(self._message(message_id), self.ctx.now())

    def _check_source(self, source: str) -> str:
        queue = self.state.queue_by_address(source)
        if queue is None or queue.channel != "CHAT":
            raise InvalidParameter(f"source must be an existing chat queue address: '{source}'")
        return queue.address

    def _destinations(self, addresses: Iterable[str], sub_type: str) -> list[Destination]:
        destinations = []
        for address in addresses:
            consent = self.state.consents.get(f"whatsapp_{address}")
            destinations.append(
                Destination(address=address,
                            deliverable=timeline.deliverable(address, sub_type, consent.consent if consent else None))
            )
        return destinations

    def create_message(self, *, message: str, source: str, sub_type: str, send_time: datetime | None,
                       max_retry_count: int, retry_delay: int, content_type: str, destinations: list[str]) -> str:
        self._require(MESSAGING)
        now = self.ctx.now()
        checked_source = self._check_source(source)  # before an id is drawn: a refusal changes nothing
        scheduled = ScheduledMessage(
            id=self.ctx.new_guid(),
            message=message,
            source=checked_source,
            sub_type=sub_type,
            send_time=send_time or now,
            creation_time=now,
            destinations=self._destinations(destinations, sub_type),
            max_retry_count=max_retry_count,
            retry_delay=retry_delay,
            content_type=content_type,
        )
        self.state.messages[scheduled.id] = scheduled
        return scheduled.id

    def update_message(self, message_id: str, *, message: str, source: str, sub_type: str,
                       send_time: datetime | None, max_retry_count: int, retry_delay: int, content_type: str,
                       destinations: list[str]) -> None:
        """All fields are replaced ("Provide all properties"); the schedule restarts from sendTime."""
        scheduled = self._message(message_id)
        checked_source = self._check_source(source)
        scheduled.message = message
        scheduled.source = checked_source
        scheduled.sub_type = sub_type
        scheduled.send_time = send_time or self.ctx.now()
        scheduled.max_retry_count = max_retry_count
        scheduled.retry_delay = retry_delay
        scheduled.content_type = content_type
        scheduled.destinations = self._destinations(destinations, sub_type)

    def delete_message(self, message_id: str) -> None:
        self._message(message_id)
        del self.state.messages[message_id]

    # ---- customer consents ---------------------------------------------------------------

    def list_consents(self, *, filters: dict[str, str], sort: SortSpec | None, limit: int | None) -> list[Wire]:
        self._require(CONSENTS_VIEW)
        found = [consent_wire(c) for c in self.state.consents.values()]
        return _page(field_filters(found, filters), sort, limit)

    def get_consent(self, key: str) -> Wire:
        self._require(CONSENTS_VIEW)
        consent = self.state.consents.get(key)
        if consent is None:
            raise NotFound()
        return consent_wire(consent)

    def upsert_consent(self, *, address: str, usage: str, consent: bool) -> None:
        self._require(CONSENTS_CREATE)
        record = Consent(address=address, usage=usage, consent=consent)
        self.state.consents[record.key] = record

    def delete_consent(self, key: str) -> None:
        self._require(CONSENTS_DELETE)
        if self.state.consents.pop(key, None) is None:
            raise NotFound()

