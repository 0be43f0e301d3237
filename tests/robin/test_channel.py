"""Channel API: POST /messages/ and the agent's reply sent to the custom channel's webhook."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from simulator.core.clock import Clock
from simulator.core.runtime import Runtime
from tests.conftest import Receiver
from tests.robin.support import (
    CHANNEL_WEBHOOK,
    FROZEN_NAIVE,
    channel_message,
    conversations,
    deliveries,
    detail,
    new_conversations,
    post_robin,
    set_channel,
    tenant_state,
)

RELATION = "new.customer@example.com"


def send(client: FlaskClient, **overrides: Any) -> Any:
    return post_robin(client, "/robin/messages/", channel_message(**overrides))


def only_conversation(client: FlaskClient, email: str = RELATION) -> dict[str, Any]:
    found = conversations(client, emailAddress=email)
    assert len(found) == 1, found
    return found[0]


def reply(client: FlaskClient, guid: str, **body: Any) -> Any:
    payload = {"agent_email": "petra@email.com", "content": "Hello, how can I help?", **body}
    return client.post(f"/__admin/robin/conversations/{guid}/replies", json=payload)


def hook_requests(receiver: Receiver) -> list[dict[str, Any]]:
    return [r for r in receiver.requests if r["path"] == "/hook"]


# ---- incoming messages -----------------------------------------------------------------------


def test_post_message__creates_a_conversation_and_returns_201(client: FlaskClient) -> None:
    response = send(client)

    assert response.status_code == 201
    assert response.get_data() == b""
    assert only_conversation(client) == {
        "guid": only_conversation(client)["guid"],
        "subject": "Question",
        "channel": "Custom channel",
        "state": "Open",
        "owner": None,
        "webStore": "Default webstore",
        "category": "",
        "linkedOrderNumbers": "",
        "tags": "",
        "referrer": "http://cm.com",
        "startDateTime": FROZEN_NAIVE,
        "messages": [
            {
                "sentDateTime": "2017-09-12T12:34:56",
                "sender": {"type": "Relation", "name": "New Customer", "emailAddress": RELATION},
                "content": "This is a message",
                "scope": "External",
                "rating": "None",
            }
        ],
    }


def test_post_message__stores_external_identifiers_and_attachments(client: FlaskClient) -> None:
    send(client)

    stored = detail(client, only_conversation(client)["guid"])

    assert stored["channel_account"] == "customChannel"
    assert stored["external_identifier"] == "conv-1"
    assert stored["relation_external_identifier"] == RELATION
    assert stored["relation_name"] == "New Customer"
    assert stored["customer_email"] == RELATION
    message = stored["messages"][0]
    assert message["external_identifier"] == "msg-1"
    assert message["attachments"] == [
        {"file_name": "attachment.txt", "base64_content": "MQ==", "size": 3}
    ]


def test_post_message__phone_relation_is_stored_as_phone(client: FlaskClient) -> None:
    before = tenant_state(client)

    send(client, RelationExternalIdentifier="+31699990000")

    (created,) = new_conversations(client, before)
    assert (created["customer_email"], created["customer_phone"]) == ("", "+31699990000")


def test_post_message__without_subject_uses_the_content(client: FlaskClient) -> None:
    send(client, Subject="", Content="My parcel never arrived and nobody answers the phone at all!")

    subject = only_conversation(client)["subject"]

    assert subject == "My parcel never arrived and nobody answers the phone at all!"[:60]


def test_post_message__referrer_selects_the_webstore(client: FlaskClient) -> None:
    send(client, Referrer="https://outlet.example.com/contact")

    assert only_conversation(client)["webStore"] == "Outlet"


def test_post_message__without_sent_date_time_uses_the_clock(client: FlaskClient) -> None:
    message = channel_message()
    del message["SentDateTime"]

    post_robin(client, "/robin/messages/", message)

    assert only_conversation(client)["messages"][0]["sentDateTime"] == FROZEN_NAIVE


def test_post_message__sent_date_time_with_offset_is_shown_in_utc(client: FlaskClient) -> None:
    send(client, SentDateTime="2017-09-12T14:34:56+02:00")

    assert only_conversation(client)["messages"][0]["sentDateTime"] == "2017-09-12T12:34:56"


def test_post_message__private_message_is_internal(client: FlaskClient) -> None:
    send(client, IsPrivate=True)

    assert only_conversation(client)["messages"][0]["scope"] == "Internal"


def test_post_message__numeric_identifiers_are_accepted(client: FlaskClient) -> None:
    response = send(client, ConversationExternalIdentifier=1234, MessageExternalIdentifier=5678)

    assert response.status_code == 201
    stored = detail(client, only_conversation(client)["guid"])
    assert stored["external_identifier"] == "1234"
    assert stored["messages"][0]["external_identifier"] == "5678"


def test_post_message__attachments_are_optional(client: FlaskClient) -> None:
    message = channel_message()
    del message["Attachments"]

    assert post_robin(client, "/robin/messages/", message).status_code == 201


def test_post_message__empty_attachment_placeholder_means_none(client: FlaskClient) -> None:
    response = send(client, Attachments=[{"FileName": "", "Base64Content": ""}])

    assert response.status_code == 201
    stored = detail(client, only_conversation(client)["guid"])
    assert stored["messages"][0]["attachments"] == []


def test_post_message__empty_placeholder_does_not_stand_for_content(client: FlaskClient) -> None:
    response = send(client, Content="", Attachments=[{"FileName": "", "Base64Content": ""}])

    assert response.status_code == 400
    assert list(response.get_json()["errors"]) == ["Content"]


def test_post_message__empty_content_with_an_attachment_is_accepted(client: FlaskClient) -> None:
    assert send(client, Content="").status_code == 201


def test_post_message__second_message_with_same_ids_continues_the_conversation(
    client: FlaskClient, clock: Clock
) -> None:
    send(client)
    clock.advance(60)

    response = send(
        client, MessageExternalIdentifier="msg-2", Content="Anyone there?", SentDateTime=None
    )

    assert response.status_code == 201
    conversation = only_conversation(client)
    assert [m["content"] for m in conversation["messages"]] == [
        "This is a message",
        "Anyone there?",
    ]
    assert conversation["messages"][1]["sentDateTime"] == "2025-01-15T12:01:00"


def test_post_message__other_conversation_identifier_starts_a_new_conversation(
    client: FlaskClient,
) -> None:
    send(client)

    send(client, ConversationExternalIdentifier="conv-2", MessageExternalIdentifier="msg-2")

    assert len(conversations(client, emailAddress=RELATION)) == 2


def test_post_message__duplicate_message_identifier_is_not_stored_twice(
    client: FlaskClient,
) -> None:
    send(client)

    response = send(client, Content="This is a message, sent again")

    assert response.status_code == 201
    conversation = only_conversation(client)
    assert [m["content"] for m in conversation["messages"]] == ["This is a message"]


def test_post_message__conversation_guid_continues_it_with_other_identifiers(
    client: FlaskClient,
) -> None:
    send(client)
    guid = only_conversation(client)["guid"]
    before = tenant_state(client)

    response = send(
        client,
        ConversationGuid=guid,
        ConversationExternalIdentifier="another-conv",
        RelationExternalIdentifier="+31600000000",
        MessageExternalIdentifier="msg-2",
        Content="Follow-up",
    )

    assert response.status_code == 201
    assert new_conversations(client, before) == []
    assert [m["content"] for m in only_conversation(client)["messages"]][-1] == "Follow-up"


def test_post_message__unknown_conversation_guid_starts_a_new_conversation(
    client: FlaskClient,
) -> None:
    before = tenant_state(client)

    response = send(client, ConversationGuid="00000000-0000-4000-8000-000000000000")

    assert response.status_code == 201
    assert len(new_conversations(client, before)) == 1


def test_post_message__guid_of_another_channel_is_not_continued(client: FlaskClient) -> None:
    set_channel(client, external_identifier="otherChannel", name="Other channel")
    send(client)
    guid = only_conversation(client)["guid"]
    before = tenant_state(client)

    send(client, ChannelAccountExternalIdentifier="otherChannel", ConversationGuid=guid)

    (created,) = new_conversations(client, before)
    assert created["channel"] == "Other channel"
    assert len(detail(client, guid)["messages"]) == 1


def test_post_message__archived_conversation_is_reopened(client: FlaskClient) -> None:
    send(client)
    guid = only_conversation(client)["guid"]
    state = client.get("/__admin/state").get_json()
    tenant = state["vendors"]["robin"]["tenants"]["demo-robin-key"]
    next(c for c in tenant["conversations"] if c["guid"] == guid)["state"] = "Archived"
    assert client.put("/__admin/state", json=state).status_code == 200
    assert only_conversation(client)["state"] == "Archived"

    send(client, MessageExternalIdentifier="msg-2")

    assert only_conversation(client)["state"] == "Open"


def test_post_message__unknown_channel_returns_400_naming_the_field(client: FlaskClient) -> None:
    before = tenant_state(client)

    response = send(client, ChannelAccountExternalIdentifier="noSuchChannel")

    assert response.status_code == 400
    assert response.get_json() == {
        "message": (
            "Invalid field 'ChannelAccountExternalIdentifier': no custom channel 'noSuchChannel'"
        ),
        "errors": {"ChannelAccountExternalIdentifier": ["Unknown channel."]},
    }
    assert tenant_state(client) == before


@pytest.mark.parametrize(
    "field",
    [
        "ChannelAccountExternalIdentifier",
        "ConversationExternalIdentifier",
        "MessageExternalIdentifier",
        "RelationExternalIdentifier",
        "RelationName",
        "Content",
    ],
)
def test_post_message__missing_required_field_returns_400(client: FlaskClient, field: str) -> None:
    message = channel_message()
    del message[field]
    before = tenant_state(client)

    response = post_robin(client, "/robin/messages/", message)

    assert response.status_code == 400
    assert response.get_json() == {
        "message": f"Invalid field '{field}': Missing data for required field.",
        "errors": {field: ["Missing data for required field."]},
    }
    assert tenant_state(client) == before


@pytest.mark.parametrize(
    "field",
    [
        "ChannelAccountExternalIdentifier",
        "ConversationExternalIdentifier",
        "MessageExternalIdentifier",
        "RelationExternalIdentifier",
        "RelationName",
    ],
)
def test_post_message__empty_identifier_returns_400(client: FlaskClient, field: str) -> None:
    response = send(client, **{field: ""})

    assert response.status_code == 400
    assert response.get_json()["errors"] == {field: ["Shorter than minimum length 1."]}


def test_post_message__empty_content_without_attachment_returns_400(client: FlaskClient) -> None:
    response = send(client, Content="", Attachments=[])

    assert response.status_code == 400
    assert response.get_json() == {
        "message": "Invalid field 'Content': Content may only be empty when an attachment is sent.",
        "errors": {"Content": ["Content may only be empty when an attachment is sent."]},
    }


@pytest.mark.parametrize("content", ["not base64!", "MQ=", "@@@@"])
def test_post_message__invalid_base64_attachment_returns_400(
    client: FlaskClient, content: str
) -> None:
    before = tenant_state(client)
    attachments = [{"FileName": "a.txt", "Base64Content": content}]

    response = send(client, Attachments=attachments)

    assert response.status_code == 400
    assert response.get_json() == {
        "message": "Invalid field 'Attachments[0].Base64Content': Not valid base64 content.",
        "errors": {"Attachments[0].Base64Content": ["Not valid base64 content."]},
    }
    assert tenant_state(client) == before


def test_post_message__attachment_without_file_name_returns_400(client: FlaskClient) -> None:
    response = send(client, Attachments=[{"Base64Content": "MQ=="}])

    assert response.status_code == 400
    assert list(response.get_json()["errors"]) == ["Attachments[0].FileName"]


@pytest.mark.parametrize(
    ("field", "value"),
    [("IsPrivate", "sometimes"), ("SentDateTime", "yesterday"), ("Attachments", "file.txt")],
)
def test_post_message__wrongly_typed_field_returns_400_naming_it(
    client: FlaskClient, field: str, value: Any
) -> None:
    response = send(client, **{field: value})

    assert response.status_code == 400
    assert list(response.get_json()["errors"]) == [field]
    assert response.get_json()["message"].startswith(f"Invalid field '{field}': ")


# ---- agent replies and the channel webhook ---------------------------------------------------


def test_reply__is_posted_to_the_channel_webhook(
    client: FlaskClient, runtime: Runtime, receiver: Receiver
) -> None:
    set_channel(client, webhook_url=f"{receiver.url}/hook", supports_private_messaging=True)
    send(client)
    guid = only_conversation(client)["guid"]

    response = reply(client, guid)
    runtime.outbox.join()

    assert response.status_code == 201
    result = response.get_json()
    assert result["conversation_guid"] == guid
    assert result["delivered_to"] == f"{receiver.url}/hook"
    (request,) = hook_requests(receiver)
    assert request["method"] == "POST"
    assert request["headers"]["Content-Type"] == "application/json"
    assert request["json"] == {
        "ChannelAccountExternalIdentifier": "customChannel",
        "ConversationGuid": guid,
        "ConversationExternalIdentifier": "conv-1",
        "MessageExternalIdentifier": result["message_id"],
        "RelationExternalIdentifier": RELATION,
        "RelationName": "New Customer",
        "Content": "Hello, how can I help?",
        "IsPrivate": False,
        "Referrer": "http://cm.com",
        "Subject": "Question",
        "SentDateTime": FROZEN_NAIVE,
        "Attachments": [],
    }


def test_reply__payload_has_the_inbound_schema(
    client: FlaskClient, runtime: Runtime, receiver: Receiver
) -> None:
    set_channel(client, webhook_url=f"{receiver.url}/hook")
    send(client)

    reply(client, only_conversation(client)["guid"])
    runtime.outbox.join()

    (request,) = hook_requests(receiver)
    assert list(request["json"]) == list(channel_message())


def test_reply__is_recorded_in_the_outbox(
    client: FlaskClient, runtime: Runtime, receiver: Receiver
) -> None:
    set_channel(client, webhook_url=f"{receiver.url}/hook")
    send(client)
    guid = only_conversation(client)["guid"]

    reply(client, guid)
    runtime.outbox.join()

    (delivery,) = deliveries(client, CHANNEL_WEBHOOK)
    (request,) = hook_requests(receiver)
    assert delivery["method"] == "POST"
    assert delivery["target"] == f"{receiver.url}/hook"
    assert delivery["state"] == "delivered"
    assert delivery["status"] == 200
    assert delivery["payload"] == request["json"]
    assert delivery["context"] == {"conversation_guid": guid, "channel": "customChannel"}


def test_reply__is_stored_in_the_conversation_and_sets_the_owner(
    client: FlaskClient, runtime: Runtime, receiver: Receiver
) -> None:
    set_channel(client, webhook_url=f"{receiver.url}/hook")
    send(client)
    guid = only_conversation(client)["guid"]

    reply(client, guid)
    runtime.outbox.join()

    conversation = only_conversation(client)
    assert conversation["owner"] == {
        "type": "User",
        "name": "Petra",
        "emailAddress": "petra@email.com",
    }
    assert conversation["messages"][-1] == {
        "sentDateTime": FROZEN_NAIVE,
        "sender": {"type": "User", "name": "Petra", "emailAddress": "petra@email.com"},
        "content": "Hello, how can I help?",
        "scope": "External",
        "rating": "None",
    }


def test_reply__next_inbound_message_with_the_guid_lands_in_the_conversation(
    client: FlaskClient, runtime: Runtime, receiver: Receiver
) -> None:
    set_channel(client, webhook_url=f"{receiver.url}/hook")
    send(client)
    reply(client, only_conversation(client)["guid"])
    runtime.outbox.join()
    (request,) = hook_requests(receiver)
    before = tenant_state(client)

    response = send(
        client,
        ConversationGuid=request["json"]["ConversationGuid"],
        ConversationExternalIdentifier="thread-from-the-channel",
        RelationExternalIdentifier="someone-else",
        MessageExternalIdentifier="msg-3",
        Content="Thanks!",
    )

    assert response.status_code == 201
    assert new_conversations(client, before) == []
    contents = [m["content"] for m in only_conversation(client)["messages"]]
    assert contents == ["This is a message", "Hello, how can I help?", "Thanks!"]


def test_reply__with_attachment_is_delivered_with_it(
    client: FlaskClient, runtime: Runtime, receiver: Receiver
) -> None:
    set_channel(client, webhook_url=f"{receiver.url}/hook", supports_attachments=True)
    send(client)

    reply(
        client,
        only_conversation(client)["guid"],
        attachments=[{"FileName": "invoice.pdf", "Base64Content": "JVBERi0="}],
    )
    runtime.outbox.join()

    (request,) = hook_requests(receiver)
    assert request["json"]["Attachments"] == [
        {"FileName": "invoice.pdf", "Base64Content": "JVBERi0="}
    ]


def test_reply__attachment_to_a_channel_without_attachments_returns_400(
    client: FlaskClient, receiver: Receiver
) -> None:
    set_channel(client, webhook_url=f"{receiver.url}/hook", supports_attachments=False)
    send(client)

    response = reply(
        client,
        only_conversation(client)["guid"],
        attachments=[{"FileName": "a.txt", "Base64Content": "MQ=="}],
    )

    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["detail"] == (
        "Channel 'customChannel' does not support sending attachments"
    )


def test_reply__private_to_a_channel_without_private_messaging_is_not_delivered(
    client: FlaskClient, runtime: Runtime, receiver: Receiver
) -> None:
    set_channel(client, webhook_url=f"{receiver.url}/hook", supports_private_messaging=False)
    send(client)
    guid = only_conversation(client)["guid"]

    response = reply(client, guid, content="Internal note", is_private=True)
    runtime.outbox.join()

    assert response.status_code == 201
    assert response.get_json()["delivered_to"] is None
    assert hook_requests(receiver) == []
    assert deliveries(client, CHANNEL_WEBHOOK) == []
    last = only_conversation(client)["messages"][-1]
    assert (last["content"], last["scope"]) == ("Internal note", "Internal")


def test_reply__private_to_a_channel_with_private_messaging_is_delivered(
    client: FlaskClient, runtime: Runtime, receiver: Receiver
) -> None:
    set_channel(client, webhook_url=f"{receiver.url}/hook", supports_private_messaging=True)
    send(client)

    response = reply(client, only_conversation(client)["guid"], is_private=True)
    runtime.outbox.join()

    assert response.get_json()["delivered_to"] == f"{receiver.url}/hook"
    (request,) = hook_requests(receiver)
    assert request["json"]["IsPrivate"] is True


def test_reply__channel_without_webhook_is_not_delivered(
    client: FlaskClient, runtime: Runtime
) -> None:
    send(client)

    response = reply(client, only_conversation(client)["guid"])
    runtime.outbox.join()

    assert response.status_code == 201
    assert response.get_json()["delivered_to"] is None
    assert deliveries(client, CHANNEL_WEBHOOK) == []


def test_reply__failing_webhook_is_recorded_as_failed(
    client: FlaskClient, runtime: Runtime, receiver: Receiver
) -> None:
    receiver.status = 500
    set_channel(client, webhook_url=f"{receiver.url}/hook")
    send(client)

    response = reply(client, only_conversation(client)["guid"])
    runtime.outbox.join()

    assert response.status_code == 201
    (delivery,) = deliveries(client, CHANNEL_WEBHOOK)
    assert (delivery["state"], delivery["status"], delivery["error"]) == ("failed", 500, "HTTP 500")


def test_reply__default_agent_is_the_owner(
    client: FlaskClient, runtime: Runtime, receiver: Receiver
) -> None:
    set_channel(client, webhook_url=f"{receiver.url}/hook")
    send(client)
    guid = only_conversation(client)["guid"]
    reply(client, guid, agent_email="user@robinhq.com")

    client.post(f"/__admin/robin/conversations/{guid}/replies", json={"content": "Second answer"})
    runtime.outbox.join()

    senders = [m["sender"]["name"] for m in only_conversation(client)["messages"]]
    assert senders == ["New Customer", "Robin User", "Robin User"]
