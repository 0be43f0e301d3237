"""One flow across the APIs: public message → application state → webhook → bot reply → automation → report."""

from __future__ import annotations

from simulator.core.clock import Clock
from tests.chatwoot.support import ACCOUNT, BOT_TOKEN, Chatwoot, Deliveries, ok
from tests.conftest import Receiver

PUBLIC = "/chatwoot/public/api/v1/inboxes/demo-api-inbox"
SUMMARY = "/chatwoot/api/v2/accounts/1/reports/summary"


def test_public_message_to_webhook_bot_automation_and_report(chatwoot: Chatwoot, receiver: Receiver,
                                                             delivered: Deliveries, clock: Clock) -> None:
    # the account's wiring: a webhook, the bot on the public inbox, a rule on refunds
    ok(chatwoot.post(f"{ACCOUNT}/webhooks", json={"url": f"{receiver.url}/hooks"}))
    ok(chatwoot.patch(f"{ACCOUNT}/agent_bots/1", json={"outgoing_url": f"{receiver.url}/bot"}))
    assert chatwoot.post(f"{ACCOUNT}/inboxes/2/set_agent_bot", json={"agent_bot": 1}).status_code == 200
    ok(chatwoot.post(f"{ACCOUNT}/automation_rules", json={
        "name": "Refunds", "event_name": "message_created",
        "conditions": [{"attribute_key": "content", "filter_operator": "contains", "values": ["refund"],
                        "query_operator": None}],
        "actions": [{"action_name": "add_label", "action_params": ["refund"]},
                    {"action_name": "change_priority", "action_params": ["high"]}]}))
    since = int(clock.now().timestamp())
    before = ok(chatwoot.get(f"{SUMMARY}?type=account&since={since}&until={since + 3600}"))

    # a visitor writes through the public API
    contact = ok(chatwoot.post(f"{PUBLIC}/contacts", json={"name": "Eve", "email": "eve@example.com"}))
    conversation = ok(chatwoot.post(f"{PUBLIC}/contacts/{contact['source_id']}/conversations", json={}))
    display_id = conversation["id"]
    assert conversation["status"] == "pending"  # the inbox has an active bot
    clock.advance(10)
    ok(chatwoot.post(f"{PUBLIC}/contacts/{contact['source_id']}/conversations/{display_id}/messages",
                     json={"content": "I would like a refund please"}))

    # the application API sees it, with the rule's effects
    shown = ok(chatwoot.get(f"{ACCOUNT}/conversations/{display_id}"))
    assert (shown["labels"], shown["priority"], shown["meta"]["sender"]["email"]) == (
        ["refund"], "high", "eve@example.com")
    messages = ok(chatwoot.get(f"{ACCOUNT}/conversations/{display_id}/messages"))["payload"]
    assert [(m["message_type"], m["content"]) for m in messages if m["message_type"] != 2] == [
        (0, "I would like a refund please")]

    # the webhook and the bot heard of it
    hooks = delivered("/hooks")
    events = {payload["event"] for payload in hooks}
    assert {"contact_created", "conversation_created", "message_created", "conversation_updated"} <= events
    created = next(p for p in hooks if p["event"] == "message_created")
    assert (created["message_type"], created["content"], created["conversation"]["id"]) == (
        "incoming", "I would like a refund please", display_id)
    bot_heard = delivered("/bot")
    assert any(p["event"] == "message_created" and p["content"] == "I would like a refund please"
               for p in bot_heard)

    # the bot answers through the API with its own token, then hands over to the agents
    clock.advance(20)
    reply = ok(chatwoot.post(f"{ACCOUNT}/conversations/{display_id}/messages", token=BOT_TOKEN,
                             json={"content": "A human will take it from here."}))
    assert reply["sender"]["type"] == "agent_bot"
    handoff = ok(chatwoot.post(f"{ACCOUNT}/conversations/{display_id}/toggle_status", token=BOT_TOKEN,
                               json={"status": "open"}))
    assert handoff["payload"]["current_status"] == "open"

    # an agent answers and resolves: the report counts it
    clock.advance(60)
    ok(chatwoot.post(f"{ACCOUNT}/conversations/{display_id}/messages", json={"content": "Refund sent."}))
    clock.advance(30)
    ok(chatwoot.post(f"{ACCOUNT}/conversations/{display_id}/toggle_status", json={"status": "resolved"}))
    after = ok(chatwoot.get(f"{SUMMARY}?type=account&since={since}&until={since + 3600}"))
    assert after["conversations_count"] == before["conversations_count"] + 1
    assert after["incoming_messages_count"] == before["incoming_messages_count"] + 1
    assert after["resolutions_count"] == before["resolutions_count"] + 1
    assert float(after["avg_first_response_time"]) == 90.0  # created → the agent's reply, 10 + 20 + 60 s
    assert float(after["avg_resolution_time"]) == 120.0


def test_platform_account_works_like_the_seeded_one(chatwoot: Chatwoot, receiver: Receiver,
                                                    delivered: Deliveries) -> None:
    """A platform-made account and user: an API inbox, a webhook, the public API and its events."""
    platform = "/chatwoot/platform/api/v1"
    token = "demo-chatwoot-platform-token"
    account = ok(chatwoot.post(f"{platform}/accounts", token=token, json={"name": "Tenant B"}))
    user = ok(chatwoot.post(f"{platform}/users", token=token,
                            json={"name": "Bea", "email": "bea@tenant-b.example", "password": "Secret-123!"}))
    ok(chatwoot.post(f"{platform}/accounts/{account['id']}/account_users", token=token,
                     json={"user_id": user["id"], "role": "administrator"}))
    base = f"/chatwoot/api/v1/accounts/{account['id']}"
    inbox = ok(chatwoot.post(f"{base}/inboxes", token=user["access_token"],
                             json={"name": "B API", "channel": {"type": "api"}}))
    ok(chatwoot.post(f"{base}/webhooks", token=user["access_token"], json={"url": f"{receiver.url}/b"}))
    public = f"/chatwoot/public/api/v1/inboxes/{inbox['inbox_identifier']}"
    contact = ok(chatwoot.post(f"{public}/contacts", json={"name": "Cal", "email": "cal@example.com"}))
    conversation = ok(chatwoot.post(f"{public}/contacts/{contact['source_id']}/conversations", json={}))
    assert conversation["id"] == 1  # display ids count per account
    ok(chatwoot.post(f"{public}/contacts/{contact['source_id']}/conversations/1/messages", json={"content": "Hi B"}))
    listed = ok(chatwoot.get(f"{base}/conversations", token=user["access_token"]))["data"]["payload"]
    assert [(c["id"], c["messages"][0]["content"]) for c in listed] == [(1, "Hi B")]
    got = delivered("/b")
    assert {"contact_created", "conversation_created", "message_created"} <= {p["event"] for p in got}
    assert all(p.get("account", {"id": account["id"]})["id"] == account["id"] for p in got)
    # the seeded account's tokens do not reach it
    assert chatwoot.get(f"{base}/conversations").status_code == 401
