"""What follows the clock: scheduled messages' statuses, and whether a contact's values still move with it.

Scheduled messages: each destination's status is a function of time.

ADDED until `sendTime`; then PROCESSING while an attempt runs (DELIVERY_SECONDS); then HANDLED.
An undeliverable destination (not a phone number for a phone-based sub type, or a WhatsApp address
whose WhatsApp consent is refused, as decided when the message is stored) is retried
`maxRetryCount` times, `retryDelay` seconds apart, staying PROCESSING, and is FAILED when the last
attempt ends. Nothing runs in the background: reading the message evaluates the schedule.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from simulator.sinch_cmi.models import Contact, Destination, ScheduledMessage

DELIVERY_SECONDS = 10
PHONE_SUBTYPES = {"sms", "whatsapp", "viber", "rcs"}
PHONE_NUMBER = re.compile(r"^\+?[0-9][0-9 ()-]{3,30}$")


def deliverable(address: str, sub_type: str, whatsapp_consent: bool | None) -> bool:
    if sub_type.lower() in PHONE_SUBTYPES and not PHONE_NUMBER.match(address.strip()):
        return False
    return not (sub_type.lower() == "whatsapp" and whatsapp_consent is False)


def status_at(message: ScheduledMessage, destination: Destination, now: datetime) -> str:
    if now < message.send_time:
        return "ADDED"
    delivery = timedelta(seconds=DELIVERY_SECONDS)
    if destination.deliverable:
        return "HANDLED" if now >= message.send_time + delivery else "PROCESSING"
    last_attempt = message.send_time + timedelta(seconds=message.retry_delay * message.max_retry_count)
    return "FAILED" if now >= last_attempt + delivery else "PROCESSING"


def settled(contact: Contact, now: datetime, *, statistics: bool) -> bool:
    """Whether the contact's wire form no longer moves with the clock: disconnected by now, and with statistics its
    wrap-up over too (`contact_statistics` then reads no `now`)."""
    disconnected = contact.disconnect_time
    if disconnected is None or disconnected > now:
        return False
    if not statistics:
        return True
    wrapped_up = contact.wrap_up_end_time
    return wrapped_up is not None and wrapped_up <= now
