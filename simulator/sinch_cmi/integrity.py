"""An imported Sinch CMI state checked as the API's writes keep it: keys, references, enums, schedules."""

from __future__ import annotations

from collections.abc import Callable, Container
from datetime import UTC, datetime, timedelta
from typing import Any

from simulator.core.serialize import check, one_of, refuse
from simulator.sinch_cmi.models import ALL_RIGHTS, CALLBACK_RESULTS, CONSENT_USAGES, CmiState
from simulator.sinch_cmi.store.timeline import DELIVERY_SECONDS

CHANNELS = ("PHONE", "CHAT", "EMAIL")
MAX_RETRIES = range(0, 11)  # maxRetryCount as the API accepts it
RETRY_DELAYS = range(60, 3601)  # retryDelay (seconds) as the API accepts it
LATEST = datetime.max.replace(tzinfo=UTC) - timedelta(seconds=max(MAX_RETRIES) * max(RETRY_DELAYS) + DELIVERY_SECONDS)


def check_cmi(state: CmiState) -> None:
    """Raise InvalidValue at the path (below the vendor) of the first inconsistency."""
    _check_keys(state)
    _check_users(state)
    _check_contacts(state)
    _check_contents(state)
    _check_callbacks(state)
    _check_messages(state)
    _check_consents(state)
    _check_remarks(state)


def _refers(value: str | None, known: Container[str], what: str, *path: object) -> None:
    """A reference names a known record (or nothing, where it may be null)."""
    if value is not None and value not in known:
        refuse(f"no {what} {value!r}", *path)


def _keyed(table: str, records: dict[str, Any], key_of: Callable[[Any], str], field: str) -> None:
    for key, record in records.items():
        if key_of(record) != key:
            refuse(f"the record stored under {key!r} has {field} {key_of(record)!r}", table, key, field)


def _check_keys(state: CmiState) -> None:
    """Users are kept by login, consents by `<usage>_<address>`, everything else by id."""
    _keyed("users", state.users, lambda user: user.login, "login")
    _keyed("consents", state.consents, lambda consent: consent.key, "usage_address")
    for table in ("queues", "contacts", "emails", "chats", "recordings", "script_results", "callbacks", "messages",
                  "contact_data"):
        _keyed(table, getattr(state, table), lambda record: record.id, "id")


def _check_users(state: CmiState) -> None:
    seen: set[str] = set()
    for login, user in state.users.items():
        if user.id in seen:
            refuse(f"user id {user.id!r} is taken", "users", login, "id")
        seen.add(user.id)
        for index, right in enumerate(user.rights):
            one_of(right, ALL_RIGHTS, "users", login, "rights", index)
        for index, queue in enumerate(user.queues):
            _refers(queue, state.queues, "queue", "users", login, "queues", index)
    for key, queue in state.queues.items():
        one_of(queue.channel, CHANNELS, "queues", key, "channel")


def _check_contacts(state: CmiState) -> None:
    users = {user.id for user in state.users.values()}
    for key, contact in state.contacts.items():
        one_of(contact.channel, CHANNELS, "contacts", key, "channel")
        _refers(contact.queue_id, state.queues, "queue", "contacts", key, "queue_id")
        _refers(contact.agent_id, users, "user", "contacts", key, "agent_id")
        _refers(contact.created_by, users, "user", "contacts", key, "created_by")
        if contact.required_agent is not None:
            one_of(contact.required_agent.type, (1, 2), "contacts", key, "required_agent", "type")


def _check_contents(state: CmiState) -> None:
    """An email or chat is the content of the contact with its id; the rest refer to contacts."""
    _check_content_of(state, "emails", "EMAIL")
    _check_content_of(state, "chats", "CHAT")
    for key, recording in state.recordings.items():
        _refers(recording.contact_id, state.contacts, "contact", "recordings", key, "contact_id")
    for key, result in state.script_results.items():
        _refers(result.contact_id, state.contacts, "contact", "script_results", key, "contact_id")
        _refers(result.originalcontact_id, state.contacts, "contact", "script_results", key, "originalcontact_id")
    for key, datum in state.contact_data.items():
        _refers(datum.contact_id, state.contacts, "contact", "contact_data", key, "contact_id")


def _check_content_of(state: CmiState, table: str, channel: str) -> None:
    for key in getattr(state, table):
        _refers(key, state.contacts, "contact", table, key, "id")
        if state.contacts[key].channel != channel:
            refuse(f"contact {key!r} is no {channel} contact", table, key, "id")


def _check_callbacks(state: CmiState) -> None:
    """`creator_id` is not checked: the vendor's example callback names a creator that is no user here."""
    for key, callback in state.callbacks.items():
        one_of(callback.last_result, (None, "ADDED", *CALLBACK_RESULTS), "callbacks", key, "last_result")
        check(callback.failures >= 0, "a count cannot be negative", "callbacks", key, "failures")
        check(callback.max_calls >= 0, "a count cannot be negative", "callbacks", key, "max_calls")


def _check_messages(state: CmiState) -> None:
    """Retries as the API bounds them; a schedule must end before the calendar does (it is read off the clock)."""
    for key, message in state.messages.items():
        if message.max_retry_count not in MAX_RETRIES:
            refuse(f"expected 0 to 10, got {message.max_retry_count}", "messages", key, "max_retry_count")
        if message.retry_delay not in RETRY_DELAYS:
            refuse(f"expected 60 to 3600 (seconds), got {message.retry_delay}", "messages", key, "retry_delay")
        check(message.send_time <= LATEST, "too late: the retries would run past year 9999",
              "messages", key, "send_time")


def _check_consents(state: CmiState) -> None:
    for key, consent in state.consents.items():
        one_of(consent.usage, CONSENT_USAGES, "consents", key, "usage")


def _check_remarks(state: CmiState) -> None:
    """Remarks belong to a contact group (the operative database has no others)."""
    groups = {contact.contact_group_id for contact in state.contacts.values()}
    for group in state.remarks:
        if group not in groups:
            refuse(f"no contact group {group!r}", "remarks", group)
