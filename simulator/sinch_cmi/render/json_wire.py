"""Entities → CMI wire dicts (vendor field names; absent values left out; times ISO-8601 UTC, ms)."""

from __future__ import annotations

from collections.abc import Hashable
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from simulator.core.read_cache import kept_on, kept_under
from simulator.sinch_cmi.models import (
    Callback,
    CallRecording,
    Chat,
    CmiState,
    Consent,
    Contact,
    ContactDatum,
    Email,
    EmailAddress,
    ListenLog,
    Queue,
    ScheduledMessage,
    ScriptResult,
    User,
    extra,
)
from simulator.sinch_cmi.render.translate import translations
from simulator.sinch_cmi.store.timeline import settled, status_at

Wire = dict[str, Any]


def iso(moment: datetime | None) -> str | None:
    """`2011-12-31T13:15:30.123Z` (isoformat pads every year to four digits, strftime does not)."""
    if moment is None:
        return None
    if moment.tzinfo is UTC:
        return _utc_iso(moment)
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")[:-6] + "Z"


@lru_cache(maxsize=65536)
def _utc_iso(moment: datetime) -> str:
    """`iso` of a UTC time (equal UTC times write the same text), kept for the times answered again and again."""
    return moment.isoformat(timespec="milliseconds")[:-6] + "Z"


def millis(start: datetime, end: datetime) -> int:
    return max(0, round((end - start).total_seconds() * 1000))


def contact_statistics(contact: Contact, now: datetime) -> Wire:
    """connectTime, waitingDuration, handlingDuration, wrapUpTotalDuration as the vendor defines them."""
    connected, disconnected = contact.connect_time, contact.disconnect_time
    waiting_end = connected or disconnected or now
    handling = millis(connected, disconnected or now) if connected else 0
    if disconnected is None or disconnected > now:
        wrap_up = 0
    elif contact.wrap_up_end_time is not None and contact.wrap_up_end_time <= now:
        wrap_up = millis(disconnected, contact.wrap_up_end_time)
    else:
        wrap_up = millis(disconnected, now)  # still in wrap-up
    return {
        "connectTime": iso(connected),
        "waitingDuration": millis(contact.arrival_time, waiting_end),
        "handlingDuration": handling,
        "wrapUpTotalDuration": wrap_up,
    }


def _address(address: EmailAddress) -> Wire:
    return extra(name=address.name, address=address.address)


class JsonWriter:
    """The records as the RI writes them for one caller: queue and agent names from the state, status
    details in the caller's language."""

    def __init__(self, state: CmiState, language: str, stamp: Hashable | None = None) -> None:
        self.state = state
        self.language = language
        self.stamp = stamp  # a read-only request's `read_stamp`: settled contacts' wire forms are cached under it
        self.translations = translations(language)
        self._agents: dict[str, User | None] = {}  # the agents named so far, by id (one answer's worth)

    def translate(self, value: str) -> str:
        return self.translations.get(value, value)

    def agent(self, agent_id: str | None) -> User | None:
        if agent_id is None:
            return None
        try:
            return self._agents[agent_id]
        except KeyError:
            found = self._agents[agent_id] = self.state.user_by_id(agent_id)
            return found

    def handling(self, contact: Contact) -> tuple[Queue | None, User | None]:
        """The queue a contact came in through and the agent who handles it (either may be absent)."""
        queue = self.state.queues.get(contact.queue_id) if contact.queue_id else None
        return queue, self.agent(contact.agent_id)

    def contact(self, contact: Contact, now: datetime, *, statistics: bool = False, translated: bool = True) -> Wire:
        """The contact's wire form. In a read-only request, the one made in the same generation: as it is for a
        settled contact, with its clock-bound values written for `now` otherwise (in their places)."""
        if self.stamp is None or not translated:
            return self._contact(contact, now, statistics=statistics, translated=translated)
        wire, settled_then = kept_on(contact, (self.stamp, self.language, statistics), lambda: (
            self._contact(contact, now, statistics=statistics), settled(contact, now, statistics=statistics)))
        if settled_then:  # nothing in it moves with the clock any more
            return wire  # type: ignore[no-any-return]
        wire = dict(wire)
        wire["totalDuration"] = millis(contact.arrival_time, contact.disconnect_time or now)
        if statistics:
            wire.update(contact_statistics(contact, now))
        return wire

    def _contact(self, contact: Contact, now: datetime, *, statistics: bool = False, translated: bool = True) -> Wire:
        queue, agent = self.handling(contact)
        arrival, disconnect = contact.arrival_time, contact.disconnect_time
        required = contact.required_agent
        status_details = contact.status_details
        values = (
            ("id", contact.id),
            ("contactGroupId", contact.contact_group_id),
            ("channel", contact.channel),
            ("type", contact.type),
            ("typeDetails", contact.type_details),
            ("subtype", contact.subtype),
            ("status", contact.status),
            ("statusDetails", self.translations.get(status_details, status_details) if translated
             else status_details),
            ("source", contact.source),
            ("destination", contact.destination),
            ("agentId", contact.agent_id),
            ("agentName", agent.name if agent else None),
            ("queueId", contact.queue_id),
            ("queueName", queue.name if queue else None),
            ("arrivalTime", iso(arrival)),
            ("disconnectTime", iso(disconnect)),
            ("totalDuration", millis(arrival, disconnect or now)),
            ("record", contact.record),
            ("script", contact.script),
            ("subject", contact.subject),
            ("requiredAgent", extra(
                id=required.id, name=required.name, type=required.type, expirationTime=iso(required.expiration_time)
            ) if required else None),
        )
        wire = {name: value for name, value in values if value is not None}  # as `extra` leaves them out
        if statistics:
            wire.update(contact_statistics(contact, now))
        return wire

    def email(self, email: Email, contact: Contact, *, attached_data: bool = False) -> Wire:
        queue, agent = self.handling(contact)
        inbound = contact.type == "EmailIn"
        wire = extra(
            id=email.id,
            from_queue={"id": queue.id, "name": queue.name} if queue else None,
            channel_type="email",
            channel_sub_type="inbound" if inbound else "outbound",
            type=contact.type,
            typeDetails=contact.type_details,
            status=contact.status,
            statusDetails=self.translate(email.status_details),
            case_id=contact.case_id,
            cid=email.cid,
            title=email.title,
            content=email.content,
            remarks=self.state.remarks.get(contact.contact_group_id),
            attachments=[
                {"id": a.id, "filename": a.filename, "mime_type": a.mime_type, "size": a.size,
                 "originator": a.originator}
                for a in email.attachments
            ] or None,
            originator=contact.source,
            destination=contact.destination,
            from_address=_address(email.from_address),
            to_address=[_address(a) for a in email.to_address],
            cc_address=[_address(a) for a in email.cc_address] or None,
            bcc_address=[_address(a) for a in email.bcc_address] or None,
            agentId=contact.agent_id,
            agentName=agent.name if agent else None,
            date_created=iso(contact.arrival_time),
        )
        if attached_data:
            wire["attachedData"] = [{"key": k, "value": v} for k, v in email.attached_data.items()]
        return wire

    def chat(self, chat: Chat, contact: Contact, *, single: bool = False) -> Wire:
        if self.stamp is None or single:
            return self._chat(chat, contact, single=single)
        # a chat of the list reads no clock
        return kept_on(chat, (self.stamp, self.language), lambda: self._chat(chat, contact))

    def _chat(self, chat: Chat, contact: Contact, *, single: bool = False) -> Wire:
        queue, agent = self.handling(contact)
        wire = extra(
            id=chat.id,
            channel_type=chat.channel_type,
            channel_sub_type=chat.channel_sub_type,
            type=contact.type,
            typeDetails=contact.type_details,
            status=contact.status,
            statusDetails=self.translate(contact.status_details),
            originator=contact.source,
            destination=contact.destination,
            title=chat.title,
            date_created=iso(contact.arrival_time),
            from_queue={"id": queue.id, "name": queue.name} if queue else None,
            agentId=contact.agent_id,
            agentName=agent.name if agent else None,
        )
        if single:  # "Included only when only one chat is fetched."
            wire["participants"] = [{"alias": p.alias, "uniquekey": p.uniquekey} for p in chat.participants]
            wire["transcript"] = {
                "messages": [
                    {
                        "message": line.message,
                        "originator": line.originator,
                        "timestamp": iso(line.timestamp),
                        "system_message": line.system_message,
                        "type": line.type,
                    }
                    for line in chat.transcript
                ]
            }
        return wire

    def listen_log(self, entry: ListenLog) -> Wire:
        return {
            "id": entry.id,
            "description": entry.description,
            "userSessionId": entry.user_session_id,
            "user_guid": entry.user_guid,
            "user_id": entry.user_id,
            "user_name": entry.user_name,
            "time_stamp": iso(entry.time_stamp),
        }

    def recording(self, recording: CallRecording, *, single: bool = False) -> Wire:
        wire: Wire = {
            "id": recording.id,
            "call_id": recording.call_id,
            "contact_id": recording.contact_id,
            "owner_id": recording.owner_id,
            "owner_type": recording.owner_type,
            "owner_name": recording.owner_name,
            "file_name": recording.file_name,
            "file_path": recording.file_path,
            "creation_time": iso(recording.creation_time),
        }
        if single:  # "Included only when only one call recording is fetched."
            wire["listen_log"] = [self.listen_log(e) for e in recording.listen_log]
        return wire

    def script_result(self, result: ScriptResult) -> Wire:
        return {
            "id": result.id,
            "script_id": result.script_id,
            "name": result.name,
            "contact_id": result.contact_id,
            "originalcontact_id": result.originalcontact_id,
            "modificationtime": iso(result.modificationtime),
            "scriptquestions": [
                {
                    "id": q.id,
                    "data": q.data,
                    "controltype": q.controltype,
                    "datatype": q.datatype,
                    "ordinal": q.ordinal,
                    "scriptanswers": [{"id": a.id, "answerdata": a.answerdata, "ordinal": a.ordinal}
                                      for a in q.scriptanswers],
                }
                for q in result.scriptquestions
            ],
        }

    def callback(self, callback: Callback) -> Wire:
        return extra(
            id=callback.id,
            callbackQueueNumber=callback.callback_queue_number,
            creationTime=iso(callback.creation_time),
            creatorId=callback.creator_id,
            creatorName=callback.creator_name,
            customerNumber=callback.customer_number,
            extraData=callback.extra_data,
            gwPrefix=callback.gw_prefix,
            failures=callback.failures,
            lastCallTime=iso(callback.last_call_time),
            lastResult=callback.last_result,
            maxCalls=callback.max_calls,
            nextCallTime=iso(callback.next_call_time),
            notes=callback.notes,
            originalQueueNumber=callback.original_queue_number,
            originalQueueName=callback.original_queue_name,
        )

    def message(self, message: ScheduledMessage, now: datetime) -> Wire:
        """`destinations` in the `{"destination": [...]}` shape of the vendor's examples."""
        return {
            "id": message.id,
            "message": message.message,
            "source": message.source,
            "subType": message.sub_type,
            "sendTime": iso(message.send_time),
            "creationTime": iso(message.creation_time),
            "maxRetryCount": message.max_retry_count,
            "retryDelay": message.retry_delay,
            "contentType": message.content_type,
            "destinations": {
                "destination": [
                    {"address": d.address, "status": status_at(message, d, now)} for d in message.destinations
                ]
            },
        }

    def consent(self, consent: Consent) -> Wire:
        return {"address": consent.address, "usage": consent.usage, "consent": consent.consent}

    def contact_datum(self, datum: ContactDatum) -> Wire:
        return {
            "id": datum.id,
            "contactId": datum.contact_id,
            "key": datum.key,
            "value": datum.value,
            "timeStamp": iso(datum.time_stamp),
        }


def check_wire_cache(state: CmiState, now: datetime, stamp: Hashable) -> None:
    """Raise AssertionError when a contact's or chat's wire form cached under `stamp` (the namespace as it is now)
    differs from one written afresh: a change that began no new generation."""
    for contact in state.contacts.values():
        kept = kept_under(contact, stamp)
        if kept is None:
            continue
        (_, language, statistics), (wire, _) = kept
        writer = JsonWriter(state, language, stamp)
        fresh = writer._contact(contact, now, statistics=statistics)  # noqa: SLF001  the check compares with the uncached writer
        if fresh != writer.contact(contact, now, statistics=statistics):
            raise AssertionError(f"contact {contact.id}: cached {wire} but the records say {fresh}")
    for chat in state.chats.values():
        kept = kept_under(chat, stamp)
        if kept is None or chat.id not in state.contacts:
            continue
        fresh = JsonWriter(state, kept[0][1])._chat(chat, state.contacts[chat.id])  # noqa: SLF001  as above
        if fresh != kept[1]:
            raise AssertionError(f"chat {chat.id}: cached {kept[1]} but the records say {fresh}")
