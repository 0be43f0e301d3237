"""/__admin/robin: tenants, channels, agents, conversations, replies and integration settings."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.conftest import ROBIN_KEY, basic
from tests.robin.support import (
    CANONICAL_GUID,
    VOIP_URL,
    channel_message,
    post_robin,
    voip_event,
)

CUSTOM_CHANNEL = {
    "external_identifier": "customChannel",
    "name": "Custom channel",
    "webhook_url": "",
    "avatar_small": "",
    "avatar_large": "",
    "supports_private_messaging": True,
    "send_private_as_email": False,
    "supports_select_webstore": True,
    "supports_attachments": True,
}


def assert_problem(response: TestResponse, status: int, detail: str) -> dict[str, Any]:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["type"] == "about:blank"
    assert body["status"] == status
    assert body["detail"] == detail
    return body


# ---- tenants ---------------------------------------------------------------------------------


def test_tenants__list_shows_keys_without_secrets(client: FlaskClient) -> None:
    response = client.get("/__admin/robin/tenants")

    assert response.status_code == 200
    assert response.get_json() == [{"api_key": ROBIN_KEY, "name": "Demo subscription"}]


def test_tenants__add_returns_201_without_the_secret(client: FlaskClient) -> None:
    response = client.post(
        "/__admin/robin/tenants",
        json={"api_key": "shop-2", "api_secret": "s3cret", "name": "Shop 2"},
    )

    assert response.status_code == 201
    assert response.get_json() == {"api_key": "shop-2", "name": "Shop 2"}
    assert [t["api_key"] for t in client.get("/__admin/robin/tenants").get_json()] == [
        ROBIN_KEY,
        "shop-2",
    ]


def test_tenants__new_credentials_work_on_robin(client: FlaskClient) -> None:
    client.post("/__admin/robin/tenants", json={"api_key": "shop-2", "api_secret": "s3cret"})

    found = client.post("/robin/conversations", json={}, headers=basic("shop-2", "s3cret"))
    pushed = client.post(
        "/robin/dynamic/customers/", json={"customers": []}, headers=basic("shop-2", "s3cret")
    )
    voip = client.post("/robin/voip/registerevent/shop-2", json=voip_event())

    assert found.status_code == 200
    assert found.get_json() == {"conversations": []}
    assert pushed.status_code == 201
    assert voip.status_code == 201


def test_tenants__new_tenant_has_agents_and_a_default_webstore(client: FlaskClient) -> None:
    client.post("/__admin/robin/tenants", json={"api_key": "shop-2", "api_secret": "s3cret"})

    agents = client.get("/__admin/robin/agents?tenant=shop-2").get_json()["agents"]
    state = client.get("/__admin/state").get_json()["vendors"]["robin"]["tenants"]["shop-2"]

    assert agents[0] == {
        "email": "petra@email.com",
        "name": "Petra",
        "phone_extension": "201",
        "presence": [],
    }
    assert [w["name"] for w in state["webstores"]] == ["Default webstore"]
    assert (state["customers"], state["conversations"], state["channels"]) == ({}, [], [])


def test_tenants__duplicate_key_returns_409(client: FlaskClient) -> None:
    response = client.post("/__admin/robin/tenants", json={"api_key": ROBIN_KEY, "api_secret": "x"})

    body = assert_problem(response, 409, f"API key '{ROBIN_KEY}' already exists")
    assert body["title"] == "Conflict"
    assert post_robin(client, "/robin/conversations", {}).status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"api_key": "x"}, "api_secret"),
        ({"api_secret": "x"}, "api_key"),
        ({"api_key": "", "api_secret": "x"}, "api_key"),
    ],
)
def test_tenants__invalid_body_returns_400(
    client: FlaskClient, body: dict[str, str], field: str
) -> None:
    response = client.post("/__admin/robin/tenants", json=body)

    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert list(response.get_json()["errors"]) == [field]


# ---- channels --------------------------------------------------------------------------------


def test_channels__list_holds_the_canonical_channel(client: FlaskClient) -> None:
    response = client.get("/__admin/robin/channels")

    assert response.status_code == 200
    assert response.get_json() == {"channels": [CUSTOM_CHANNEL]}


def test_channels__create_returns_201_and_applies_defaults(client: FlaskClient) -> None:
    response = client.post(
        "/__admin/robin/channels",
        json={
            "external_identifier": "shopChat",
            "name": "Shop chat",
            "webhook_url": "http://localhost:9/hook",
        },
    )

    assert response.status_code == 201
    created = {
        "external_identifier": "shopChat",
        "name": "Shop chat",
        "webhook_url": "http://localhost:9/hook",
        "avatar_small": "",
        "avatar_large": "",
        "supports_private_messaging": False,
        "send_private_as_email": False,
        "supports_select_webstore": False,
        "supports_attachments": False,
    }
    assert response.get_json() == created
    assert client.get("/__admin/robin/channels").get_json()["channels"] == [CUSTOM_CHANNEL, created]


def test_channels__new_channel_accepts_messages_and_has_presence(client: FlaskClient) -> None:
    client.post(
        "/__admin/robin/channels", json={"external_identifier": "shopChat", "name": "Shop chat"}
    )

    message = post_robin(
        client, "/robin/messages/", channel_message(ChannelAccountExternalIdentifier="shopChat")
    )
    presence = client.get(f"/robin/presence/api/v1?apikey={ROBIN_KEY}&Channel=Shop chat")

    assert message.status_code == 201
    assert presence.get_data(as_text=True) == "Offline"


def test_channels__same_identifier_replaces_the_channel(client: FlaskClient) -> None:
    response = client.post(
        "/__admin/robin/channels", json={"external_identifier": "customChannel", "name": "Renamed"}
    )

    assert response.status_code == 201
    channels = client.get("/__admin/robin/channels").get_json()["channels"]
    assert [(c["external_identifier"], c["name"]) for c in channels] == [
        ("customChannel", "Renamed")
    ]


@pytest.mark.parametrize("url", ["not a url", "ftp://example.com/hook", "example.com/hook"])
def test_channels__bad_webhook_url_returns_400_problem(client: FlaskClient, url: str) -> None:
    response = client.post(
        "/__admin/robin/channels",
        json={"external_identifier": "x", "name": "X", "webhook_url": url},
    )

    body = assert_problem(response, 400, "Invalid field 'webhook_url': Not a valid URL.")
    assert body == {
        "type": "about:blank",
        "title": "Bad Request",
        "status": 400,
        "detail": "Invalid field 'webhook_url': Not a valid URL.",
        "errors": {"webhook_url": ["Not a valid URL."]},
    }
    assert len(client.get("/__admin/robin/channels").get_json()["channels"]) == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "X"}, "external_identifier"),
        ({"external_identifier": "x"}, "name"),
        ({"external_identifier": "", "name": "X"}, "external_identifier"),
        (
            {"external_identifier": "x", "name": "X", "supports_attachments": "maybe"},
            "supports_attachments",
        ),
    ],
)
def test_channels__invalid_body_returns_400_naming_the_field(
    client: FlaskClient, body: dict[str, Any], field: str
) -> None:
    response = client.post("/__admin/robin/channels", json=body)

    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert list(response.get_json()["errors"]) == [field]


def test_channels__delete_returns_204_and_the_channel_is_gone(client: FlaskClient) -> None:
    response = client.delete("/__admin/robin/channels/customChannel")

    assert response.status_code == 204
    assert response.get_data() == b""
    assert client.get("/__admin/robin/channels").get_json() == {"channels": []}
    message = post_robin(client, "/robin/messages/", channel_message())
    assert message.status_code == 400
    assert message.get_json()["errors"] == {
        "ChannelAccountExternalIdentifier": ["Unknown channel."]
    }


def test_channels__delete_unknown_returns_404_problem(client: FlaskClient) -> None:
    response = client.delete("/__admin/robin/channels/nope")

    assert_problem(response, 404, "No custom channel 'nope'")


def test_channels__unknown_tenant_returns_404_problem(client: FlaskClient) -> None:
    response = client.get("/__admin/robin/channels?tenant=nope")

    assert_problem(response, 404, "No ROBIN tenant with API key 'nope'")


def test_channels__are_per_tenant(client: FlaskClient) -> None:
    client.post("/__admin/robin/tenants", json={"api_key": "shop-2", "api_secret": "s"})
    client.post(
        "/__admin/robin/channels?tenant=shop-2", json={"external_identifier": "c2", "name": "C2"}
    )

    assert [
        c["external_identifier"]
        for c in client.get("/__admin/robin/channels?tenant=shop-2").get_json()["channels"]
    ] == ["c2"]
    assert [
        c["external_identifier"]
        for c in client.get("/__admin/robin/channels").get_json()["channels"]
    ] == ["customChannel"]


# ---- agents ----------------------------------------------------------------------------------


def test_agents__list_with_extensions_and_presence(client: FlaskClient) -> None:
    response = client.get("/__admin/robin/agents")

    assert response.status_code == 200
    agents = response.get_json()["agents"]
    assert [(a["email"], a["phone_extension"]) for a in agents[:3]] == [
        ("petra@email.com", "201"),
        ("user@robinhq.com", "202"),
        ("sanne.visser@support.example.com", "203"),
    ]
    assert len(agents) == 8
    petra = agents[0]
    assert petra["name"] == "Petra"
    assert {"channel": "Chat", "webstore": "Default webstore", "online": True} in petra["presence"]
    assert {"channel": "Email", "webstore": "Outlet", "online": False} in agents[1]["presence"]


def test_agent_presence__put_returns_the_agent(client: FlaskClient) -> None:
    response = client.put(
        "/__admin/robin/agents/petra@email.com/presence",
        json={"channel": "SMS", "webstore": "Outlet", "online": True},
    )

    assert response.status_code == 200
    body = response.get_json()
    assert (body["email"], body["phone_extension"]) == ("petra@email.com", "201")
    assert body["presence"][-1] == {"channel": "SMS", "webstore": "Outlet", "online": True}


def test_agent_presence__replaces_the_same_channel_and_webstore(client: FlaskClient) -> None:
    url = "/__admin/robin/agents/petra@email.com/presence"
    client.put(url, json={"channel": "Chat", "webstore": "Outlet", "online": False})

    presence = client.put(
        url, json={"channel": "chat", "webstore": "Outlet", "online": True}
    ).get_json()["presence"]

    matching = [p for p in presence if p["channel"].lower() == "chat" and p["webstore"] == "Outlet"]
    assert matching == [{"channel": "chat", "webstore": "Outlet", "online": True}]


def test_agent_presence__unknown_agent_returns_404_problem(client: FlaskClient) -> None:
    response = client.put(
        "/__admin/robin/agents/nobody@example.com/presence",
        json={"channel": "Chat", "webstore": "Default webstore", "online": True},
    )

    body = assert_problem(response, 404, "No agent with email 'nobody@example.com'")
    assert body["title"] == "Not Found"


def test_agent_presence__unknown_channel_returns_400(client: FlaskClient) -> None:
    response = client.put(
        "/__admin/robin/agents/petra@email.com/presence",
        json={"channel": "Fax", "webstore": "Default webstore", "online": True},
    )

    assert response.status_code == 400
    assert response.get_json()["detail"].startswith("Unknown channel 'Fax'; known: Email, Chat")


def test_agent_presence__unknown_webstore_returns_400(client: FlaskClient) -> None:
    response = client.put(
        "/__admin/robin/agents/petra@email.com/presence",
        json={"channel": "Chat", "webstore": "Nowhere", "online": True},
    )

    assert_problem(response, 400, "Unknown webstore 'Nowhere'")


@pytest.mark.parametrize("missing", ["channel", "webstore", "online"])
def test_agent_presence__missing_field_returns_400(client: FlaskClient, missing: str) -> None:
    body: dict[str, Any] = {"channel": "Chat", "webstore": "Default webstore", "online": True}
    del body[missing]

    response = client.put("/__admin/robin/agents/petra@email.com/presence", json=body)

    assert response.status_code == 400
    assert list(response.get_json()["errors"]) == [missing]


def test_agent_extension__links_the_extension_for_voip(client: FlaskClient) -> None:
    response = client.put(
        "/__admin/robin/agents/sanne.visser@support.example.com/extension",
        json={"phone_extension": "301"},
    )

    assert response.status_code == 200
    assert response.get_json()["phone_extension"] == "301"
    assert client.post(VOIP_URL, json=voip_event(PhoneExtension="301")).status_code == 201
    assert (
        client.post(VOIP_URL, json=voip_event(Id="other", PhoneExtension="203")).status_code == 406
    )


def test_agent_extension__empty_unlinks(client: FlaskClient) -> None:
    response = client.put(
        "/__admin/robin/agents/petra@email.com/extension", json={"phone_extension": ""}
    )

    assert response.status_code == 200
    assert client.post(VOIP_URL, json=voip_event()).get_json() == {
        "message": "PhoneExtension '201' is not linked to an agent"
    }


def test_agent_extension__keeping_its_own_extension_is_allowed(client: FlaskClient) -> None:
    response = client.put(
        "/__admin/robin/agents/petra@email.com/extension", json={"phone_extension": "201"}
    )

    assert response.status_code == 200


def test_agent_extension__taken_extension_returns_400(client: FlaskClient) -> None:
    response = client.put(
        "/__admin/robin/agents/petra@email.com/extension", json={"phone_extension": "202"}
    )

    assert_problem(response, 400, "Extension '202' already belongs to user@robinhq.com")
    agents = client.get("/__admin/robin/agents").get_json()["agents"]
    assert agents[0]["phone_extension"] == "201"


def test_agent_extension__unknown_agent_returns_404_problem(client: FlaskClient) -> None:
    response = client.put(
        "/__admin/robin/agents/nobody@example.com/extension", json={"phone_extension": "299"}
    )

    assert_problem(response, 404, "No agent with email 'nobody@example.com'")


def test_agent_extension__missing_field_returns_400(client: FlaskClient) -> None:
    response = client.put("/__admin/robin/agents/petra@email.com/extension", json={})

    assert response.status_code == 400
    assert list(response.get_json()["errors"]) == ["phone_extension"]


# ---- conversations and replies ---------------------------------------------------------------


def test_conversation_detail__canonical_conversation(client: FlaskClient) -> None:
    response = client.get(f"/__admin/robin/conversations/{CANONICAL_GUID}")

    assert response.status_code == 200
    body = response.get_json()
    assert body["conversation_id"] == "28ba3e2a-55e6-ec11-9973-8038fb72f8ed"
    assert body["customer_email"] == "nick@mail.com"
    assert body["started_at"] == "2024-12-28T15:39:04+00:00"
    assert body["call"] is None
    assert body["profile"]["status"] == "none"
    assert len(body["messages"]) == 2


def test_conversation_detail__unknown_guid_returns_404_problem(client: FlaskClient) -> None:
    response = client.get("/__admin/robin/conversations/no-such-guid")

    assert_problem(response, 404, "No conversation with guid 'no-such-guid'")


def test_reply__unknown_conversation_returns_404_problem(client: FlaskClient) -> None:
    response = client.post(
        "/__admin/robin/conversations/no-such-guid/replies", json={"content": "Hi"}
    )

    assert_problem(response, 404, "No conversation with guid 'no-such-guid'")


def test_reply__unknown_agent_returns_400(client: FlaskClient) -> None:
    response = client.post(
        f"/__admin/robin/conversations/{CANONICAL_GUID}/replies",
        json={"content": "Hi", "agent_email": "nobody@example.com"},
    )

    assert_problem(response, 400, "No agent with email 'nobody@example.com'")


@pytest.mark.parametrize(
    "body", [{}, {"content": ""}, {"content": "Hi", "agent_email": "not-an-email"}]
)
def test_reply__invalid_body_returns_400(client: FlaskClient, body: dict[str, Any]) -> None:
    response = client.post(f"/__admin/robin/conversations/{CANONICAL_GUID}/replies", json=body)

    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"


def test_reply__to_a_chat_conversation_is_stored_but_not_delivered(client: FlaskClient) -> None:
    response = client.post(
        f"/__admin/robin/conversations/{CANONICAL_GUID}/replies", json={"content": "Done?"}
    )

    assert response.status_code == 201
    assert response.get_json()["delivered_to"] is None
    assert response.get_json()["conversation_guid"] == CANONICAL_GUID
    messages = post_robin(client, "/robin/conversations", {"guid": CANONICAL_GUID}).get_json()[
        "conversations"
    ][0]["messages"]
    assert messages[-1]["content"] == "Done?"
    assert messages[-1]["sender"]["name"] == "Petra"


def test_notifications__empty_until_a_customer_is_shown(client: FlaskClient) -> None:
    assert client.get("/__admin/robin/notifications").get_json() == {"notifications": []}


# ---- integration settings --------------------------------------------------------------------


def test_dynamic_integration__defaults_to_the_built_in_webshop(client: FlaskClient) -> None:
    response = client.get("/__admin/robin/dynamic-integration")

    assert response.status_code == 200
    assert response.get_json() == {
        "base_url": "",
        "api_key": "",
        "headers": {},
        "email_parameter": "email",
        "phone_parameter": "phone",
        "order_number_parameter": "order_number",
        "external_identifier_parameter": "external_identifier",
        "customer_path": "/customers",
        "orders_path": "/orders",
    }


def test_dynamic_integration__put_updates_and_hides_the_secret(client: FlaskClient) -> None:
    body = {
        "base_url": "http://127.0.0.1:9",
        "api_key": "k",
        "api_secret": "s",
        "headers": {"X-Shop": "1"},
        "email_parameter": "mail",
    }

    response = client.put("/__admin/robin/dynamic-integration", json=body)

    assert response.status_code == 200
    updated = response.get_json()
    assert "api_secret" not in updated
    assert updated["base_url"] == "http://127.0.0.1:9"
    assert (updated["api_key"], updated["headers"], updated["email_parameter"]) == (
        "k",
        {"X-Shop": "1"},
        "mail",
    )
    assert updated["phone_parameter"] == "phone"
    assert client.get("/__admin/robin/dynamic-integration").get_json() == updated


def test_dynamic_integration__null_base_url_means_the_built_in_webshop(client: FlaskClient) -> None:
    client.put("/__admin/robin/dynamic-integration", json={"base_url": "http://127.0.0.1:9"})

    response = client.put("/__admin/robin/dynamic-integration", json={"base_url": None})

    assert response.get_json()["base_url"] == ""


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"base_url": "nope"}, "base_url"),
        ({"customer_path": "customers"}, "customer_path"),
        ({"email_parameter": ""}, "email_parameter"),
        ({"headers": {"X-Shop": 1}}, "headers"),
    ],
)
def test_dynamic_integration__invalid_body_returns_400(
    client: FlaskClient, body: dict[str, Any], field: str
) -> None:
    before = client.get("/__admin/robin/dynamic-integration").get_json()

    response = client.put("/__admin/robin/dynamic-integration", json=body)

    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert next(iter(response.get_json()["errors"])).startswith(field)
    assert client.get("/__admin/robin/dynamic-integration").get_json() == before


def test_webshop_settings__get_hides_the_secret(client: FlaskClient) -> None:
    response = client.get("/__admin/robin/webshop")

    assert response.status_code == 200
    assert response.get_json() == {
        "api_key": "demo-webshop-key",
        "email_parameter": "email",
        "phone_parameter": "phone",
        "order_number_parameter": "order_number",
        "external_identifier_parameter": "external_identifier",
        "panel_id_parameter": "id",
        "currency_symbol": "€",
    }


def test_webshop_settings__empty_parameter_name_returns_400(client: FlaskClient) -> None:
    response = client.put("/__admin/robin/webshop", json={"email_parameter": ""})

    assert response.status_code == 400
    assert list(response.get_json()["errors"]) == ["email_parameter"]
