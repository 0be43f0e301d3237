"""Presence GET /api/v1?apikey=&Channel=&referrer=: Online / Offline in plain text."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.conftest import ROBIN_KEY
from tests.robin.support import PRESENCE_URL


def presence(client: FlaskClient, key: str = ROBIN_KEY, **query: str) -> TestResponse:
    return client.get(PRESENCE_URL, query_string={"apikey": key, **query})


def answer(client: FlaskClient, **query: str) -> str:
    response = presence(client, **query)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/plain"
    return response.get_data(as_text=True)


def set_presence(
    client: FlaskClient, agent: str, channel: str, webstore: str, online: bool
) -> dict[str, Any]:
    response = client.put(
        f"/__admin/robin/agents/{agent}/presence",
        json={"channel": channel, "webstore": webstore, "online": online},
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def everyone_offline(client: FlaskClient, channel: str, webstore: str) -> None:
    for agent in client.get("/__admin/robin/agents").get_json()["agents"]:
        set_presence(client, agent["email"], channel, webstore, False)


def test_presence__chat_is_online(client: FlaskClient) -> None:
    response = presence(client, Channel="Chat")

    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    assert response.get_data(as_text=True) == "Online"


def test_presence__chat_in_the_default_webstore_is_online(client: FlaskClient) -> None:
    assert answer(client, Channel="Chat", referrer="http://cm.com") == "Online"


def test_presence__email_in_the_outlet_is_offline(client: FlaskClient) -> None:
    assert answer(client, Channel="Email", referrer="https://outlet.example.com") == "Offline"


def test_presence__agent_going_online_changes_the_answer(client: FlaskClient) -> None:
    set_presence(client, "petra@email.com", "Email", "Outlet", True)

    assert answer(client, Channel="Email", referrer="https://outlet.example.com") == "Online"

    set_presence(client, "petra@email.com", "Email", "Outlet", False)

    assert answer(client, Channel="Email", referrer="https://outlet.example.com") == "Offline"


def test_presence__everyone_offline_is_offline(client: FlaskClient) -> None:
    everyone_offline(client, "Chat", "Default webstore")

    assert answer(client, Channel="Chat", referrer="http://cm.com") == "Offline"

    set_presence(client, "petra@email.com", "Chat", "Default webstore", True)

    assert answer(client, Channel="Chat", referrer="http://cm.com") == "Online"


def test_presence__without_referrer_any_webstore_counts(client: FlaskClient) -> None:
    everyone_offline(client, "Chat", "Default webstore")
    everyone_offline(client, "Chat", "Outlet")
    assert answer(client, Channel="Chat") == "Offline"

    set_presence(client, "user@robinhq.com", "Chat", "Outlet", True)

    assert answer(client, Channel="Chat") == "Online"
    assert answer(client, Channel="Chat", referrer="http://cm.com") == "Offline"
    assert answer(client, Channel="Chat", referrer="https://outlet.example.com") == "Online"


@pytest.mark.parametrize(
    "referrer",
    [
        "https://outlet.example.com",
        "https://outlet.example.com/contact",
        "+31858770099",
        "outlet@example.com",
    ],
)
def test_presence__referrer_forms_select_the_webstore(client: FlaskClient, referrer: str) -> None:
    everyone_offline(client, "WhatsApp", "Outlet")
    assert answer(client, Channel="WhatsApp", referrer=referrer) == "Offline"

    set_presence(client, "sanne.visser@support.example.com", "WhatsApp", "Outlet", True)

    assert answer(client, Channel="WhatsApp", referrer=referrer) == "Online"


def test_presence__channel_name_ignores_case(client: FlaskClient) -> None:
    assert answer(client, Channel="chat") == answer(client, Channel="Chat") == "Online"


@pytest.mark.parametrize(
    "channel",
    ["SMS", "Facebook Messenger", "Instagram", "Apple Business Chat", "Twitter", "Custom channel"],
)
def test_presence__known_channel_without_online_agents_is_offline(
    client: FlaskClient, channel: str
) -> None:
    assert answer(client, Channel=channel) == "Offline"


def test_presence__unknown_channel_returns_404_text(client: FlaskClient) -> None:
    response = presence(client, Channel="Carrier pigeon")

    assert response.status_code == 404
    assert response.mimetype == "text/plain"
    assert response.get_data(as_text=True) == "Not Found"


def test_presence__unknown_referrer_returns_404_text(client: FlaskClient) -> None:
    response = presence(client, Channel="Chat", referrer="https://unknown.example.org")

    assert response.status_code == 404
    assert response.mimetype == "text/plain"
    assert response.get_data(as_text=True) == "Not Found"


@pytest.mark.parametrize("query", [{}, {"Channel": ""}], ids=["absent", "empty"])
def test_presence__missing_channel_returns_400_text(
    client: FlaskClient, query: dict[str, str]
) -> None:
    response = presence(client, **query)

    assert response.status_code == 400
    assert response.mimetype == "text/plain"
    assert response.get_data(as_text=True) == "The Channel parameter is required"


def test_presence__answer_is_per_tenant(client: FlaskClient) -> None:
    client.post("/__admin/robin/tenants", json={"api_key": "second", "api_secret": "s"})

    assert answer(client, Channel="Chat") == "Online"
    assert presence(client, key="second", Channel="Chat").get_data(as_text=True) == "Offline"
