"""Helpers for the Sinch CMI tests: a client with the demo user's credentials and state access, an app of its own."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any
from xml.etree import ElementTree

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from simulator import create_app
from simulator.config import Config
from simulator.core.clock import Clock
from simulator.sinch_cmi.models import CmiState, Queue, User
from tests.conftest import FROZEN_AT, basic

BASE = "/sinch/cmi"
CMI_USER = "demo-agent"
CMI_PASSWORD = "demo-password"
CMI_AUTH = basic(CMI_USER, CMI_PASSWORD)
RESTRICTED_AUTH = basic("demo-restricted", CMI_PASSWORD)
JSON = "application/json"
XML = "application/xml"
UNKNOWN_GUID = "0123456789ABCDEF0123456789ABCDEF"


@contextmanager
def own_app(clock: Clock | None = None, **settings: Any) -> Iterator[Flask]:
    """An app of its own with these settings, on a clock frozen at FROZEN_AT (or on `clock`); shut down after."""
    app = create_app(Config(**settings), clock=clock or Clock(frozen_at=FROZEN_AT))
    try:
        yield app
    finally:
        app.extensions["simulator"].outbox.shutdown()


class Cmi:
    """Calls `/sinch/cmi<path>` as the demo user (or `auth=`), and reads the namespace's state."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.client: FlaskClient = app.test_client()

    def call(self, method: str, path: str, *, auth: dict[str, str] | None = None,
             headers: dict[str, str] | None = None, **kwargs: Any) -> TestResponse:
        sent = {**(CMI_AUTH if auth is None else auth), **(headers or {})}
        return self.client.open(BASE + path, method=method, headers=sent, **kwargs)

    def get(self, path: str, **kwargs: Any) -> TestResponse:
        return self.call("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> TestResponse:
        return self.call("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> TestResponse:
        return self.call("PUT", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> TestResponse:
        return self.call("DELETE", path, **kwargs)

    def xml(self, path: str, **kwargs: Any) -> TestResponse:
        """GET with `Accept: application/xml`."""
        return self.get(path, headers={"Accept": XML}, **kwargs)

    @property
    def state(self) -> CmiState:
        """The default namespace's CMI state (built on first use)."""
        return self.app.extensions["simulator"].registry.get().state("sinch_cmi")

    def queue(self, channel: str, subtype: str | None = None) -> Queue:
        return next(q for q in self.state.queues.values()
                    if q.channel == channel and (subtype is None or q.subtype == subtype))

    def user(self, login: str = CMI_USER) -> User:
        return self.state.users[login]


def chat_body(queue_id: str, **overrides: Any) -> dict[str, Any]:
    """The vendor's "Inbound chat discussion" example, aimed at a seeded chat queue."""
    return {
        "originator": "sam.i.am@greeneggs.ham",
        "destination": " 123456Support@Test.com",
        "from_queue": {"id": queue_id, "name": "My support chat"},
        "title": "Discussion with Bot",
        "channel_type": "chat",
        "channel_sub_type": "text",
        "participants": [{"alias": "Sam", "uniquekey": "sam.i.am@greeneggs.ham"},
                         {"alias": "The Bot", "uniquekey": "bot@acme.com"}],
        "transcript": {"messages": [
            {"message": "Goodbye. Please wait while I transfer you to the queue.", "originator": "bot@acme.com",
             "timeStamp": "2021-08-07T12:44:22.453Z", "type": "text"},
            {"message": "I would like to talk to a human agent", "originator": "sam.i.am@greeneggs.ham",
             "timeStamp": "2021-08-07T12:44:21.453Z", "type": "text"},
        ]},
        **overrides,
    }


def message_body(**overrides: Any) -> dict[str, Any]:
    """The vendor's "SMS message with schedule" example (with a valid first address)."""
    return {
        "destinations": {"destination": [{"address": "+36584215"}, {"address": "854125477"}]},
        "message": "It's time do yearly maintenance for your Mercedes.",
        "source": "12345678@sms.social365.com",
        "subType": "sms",
        "sendTime": "2025-01-20T12:00:00.000Z",
        "maxRetryCount": 2,
        "retryDelay": 300,
        **overrides,
    }


def next_message_id(cmi: Cmi) -> str:
    """Schedule the vendor's example message; the id the simulator drew for it."""
    response = cmi.post("/messages", json=message_body())
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_data(as_text=True)


def assert_plain(response: TestResponse, status: int, text: str) -> None:
    """A CMI error (or remarks) answer: status, text/plain, exact body."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "text/plain"
    assert response.get_data(as_text=True) == text


def assert_no_content(response: TestResponse) -> None:
    assert response.status_code == 204, response.get_data(as_text=True)
    assert response.get_data() == b""
    assert "Content-Type" not in response.headers


def ok_json(response: TestResponse) -> Any:
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == JSON
    return response.get_json()


def xml_root(response: TestResponse) -> ElementTree.Element:
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == XML
    return ElementTree.fromstring(response.data)


def wire_time(moment: datetime) -> str:
    """A time as CMI writes it: UTC, ISO-8601 with milliseconds and `Z`."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def add_user(cmi: Cmi, login: str, rights: list[str] | tuple[str, ...]) -> dict[str, str]:
    """A Contact Pro user with exactly these rights, made through the admin API; its Basic auth."""
    response = cmi.client.post("/__admin/sinch-cmi/users", json={
        "login": login, "password": "secret", "name": "Doe, Jane", "rights": list(rights)})
    assert response.status_code == 201, response.get_data(as_text=True)
    return basic(login, "secret")
