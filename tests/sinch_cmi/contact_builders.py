"""Builders of CMI contacts and their parts for the contact tests: times on the frozen clock, users, emails, chats."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from werkzeug.test import TestResponse

from simulator.sinch_cmi.models import (
    Chat,
    ChatLine,
    ChatParticipant,
    Contact,
    Email,
    EmailAddress,
    Queue,
    User,
)
from tests.conftest import FROZEN_AT, basic
from tests.sinch_cmi.support import JSON, Cmi

PHONE_NUMBER = "+358401234567"
CUSTOMER_EMAIL = "customer@host.com"
DEFAULT_TYPES = {"PHONE": ("CallIn", "Direct"), "CHAT": ("ChatIn", "Chat"), "EMAIL": ("EmailIn", "EMAIL")}


def at(minutes: float) -> datetime:
    """A moment relative to the frozen clock (negative: in the past)."""
    return FROZEN_AT + timedelta(minutes=minutes)


def new_guid() -> str:
    return uuid.uuid4().hex.upper()


def hyphenated(raw: str) -> str:
    return f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:]}"


def empty_center(cmi: Cmi) -> Cmi:
    """Drop the seeded contacts and everything attached to them, so a test sees only what it builds."""
    state = cmi.state
    for table in (state.contacts, state.emails, state.chats, state.recordings, state.script_results,
                  state.remarks, state.contact_data):
        table.clear()
    return cmi


def add_contact(
    cmi: Cmi,
    *,
    channel: str = "PHONE",
    status: str = "Handled",
    arrival: float = -60,
    connect: float | None = None,
    disconnect: float | None = None,
    wrap_up_end: float | None = None,
    agent: User | None = None,
    queue: Queue | None = None,
    group: str | None = None,
    **fields: Any,
) -> Contact:
    """A contact in the demo user's queues; times in minutes from the frozen clock."""
    queue = queue or (cmi.queue(channel, "text") if channel == "CHAT" else cmi.queue(channel))
    contact_type, type_details = DEFAULT_TYPES[channel]
    contact = Contact(
        id=new_guid(),
        contact_group_id=group or (new_guid() if channel == "PHONE" else hyphenated(new_guid())),
        channel=channel,
        type=fields.pop("type", contact_type),
        type_details=fields.pop("type_details", type_details),
        subtype=fields.pop("subtype", queue.subtype or None),
        status=status,
        status_details=fields.pop("status_details", status),
        source=fields.pop("source", CUSTOMER_EMAIL if channel != "PHONE" else PHONE_NUMBER),
        destination=fields.pop("destination", queue.address),
        arrival_time=at(arrival),
        queue_id=queue.id,
        agent_id=agent.id if agent else None,
        connect_time=None if connect is None else at(connect),
        disconnect_time=None if disconnect is None else at(disconnect),
        wrap_up_end_time=None if wrap_up_end is None else at(wrap_up_end),
        **fields,
    )
    cmi.state.contacts[contact.id] = contact
    return contact


def add_user(cmi: Cmi, login: str, rights: list[str], queues: list[str] | None = None) -> tuple[User, dict[str, str]]:
    """A Contact Pro user made through the admin API; returns it with its Basic credentials."""
    response = cmi.client.post("/__admin/sinch-cmi/users", json={
        "login": login, "password": "secret", "name": f"{login.title()}, Test", "rights": rights,
        "queues": queues or [],
    })
    assert response.status_code == 201, response.get_data(as_text=True)
    return cmi.user(login), basic(login, "secret")


def phone_queues(cmi: Cmi) -> tuple[Queue, Queue]:
    first, second = [q for q in cmi.state.queues.values() if q.channel == "PHONE"][:2]
    return first, second


def assert_text(response: TestResponse, status: int, body: str) -> None:
    assert (response.status_code, response.get_data(as_text=True)) == (status, body)
    assert response.mimetype == "text/plain"


def contacts(cmi: Cmi, auth: dict[str, str] | None = None, **params: Any) -> list[dict[str, Any]]:
    response = cmi.get("/contacts", query_string=params, auth=auth)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == JSON
    return response.get_json()


def listed(cmi: Cmi, auth: dict[str, str] | None = None, **params: Any) -> list[str]:
    return [record["id"] for record in contacts(cmi, auth, **params)]


def error_of(cmi: Cmi, path: str = "/contacts", **params: Any) -> TestResponse:
    return cmi.get(path, query_string=params)


def handled_call(cmi: Cmi, agent: User, arrival: float = -60, **fields: Any) -> Contact:
    """Answered 2 minutes after arrival, ended after 10, wrap-up for 1 (by default 11:00, 11:02, 11:10, 11:11)."""
    return add_contact(cmi, agent=agent, arrival=arrival, connect=arrival + 2, disconnect=arrival + 10,
                       wrap_up_end=arrival + 11, **fields)


def add_email(cmi: Cmi, content: str, **fields: Any) -> Contact:
    contact = add_contact(cmi, channel="EMAIL", **fields)
    queue = cmi.state.queues[contact.queue_id]
    cmi.state.emails[contact.id] = Email(
        id=contact.id, status_details=contact.status_details, title=contact.subject or "", content=content,
        from_address=EmailAddress(contact.source, "Customer, Carl"), to_address=[EmailAddress(queue.address)],
    )
    return contact


def add_chat(cmi: Cmi, lines: list[str], **fields: Any) -> Contact:
    contact = add_contact(cmi, channel="CHAT", **fields)
    cmi.state.chats[contact.id] = Chat(
        id=contact.id, channel_type="chat", channel_sub_type=contact.subtype or "text", title=contact.subject or "",
        participants=[ChatParticipant(alias="Carl", uniquekey=contact.source)],
        transcript=[ChatLine(message=line, originator=contact.source, timestamp=contact.arrival_time)
                    for line in lines],
    )
    return contact
