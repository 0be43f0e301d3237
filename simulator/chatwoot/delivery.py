"""Chatwoot's outbound calls, through the outbox: which event goes to which webhook or agent bot, and how it is sent."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from simulator.chatwoot.models import ChatwootState
from simulator.chatwoot.render.events import EventPayloads
from simulator.chatwoot.store.events import Event
from simulator.core.runtime import Runtime
from simulator.core.storage import Namespace

Deliver = Callable[[str, str, dict[str, Any]], None]  # kind, target URL, payload
WEBHOOK, INBOX_WEBHOOK, AGENT_BOT = "chatwoot_webhook", "chatwoot_inbox_webhook", "chatwoot_agent_bot"
AUTOMATION_WEBHOOK = "chatwoot_automation"  # a rule's send_webhook_event


def deliverer(rt: Runtime, ns: Namespace) -> Deliver:
    """Events go out through the outbox: a background POST, 5 s timeout (the outbound setting), no retries."""

    def deliver(kind: str, target: str, payload: dict[str, Any]) -> None:
        rt.outbox.send(ns.outbox, kind=kind, method="POST", target=target, payload=payload,
                       headers={"Content-Type": "application/json", "Accept": "application/json"},
                       context={"event": payload.get("event")})

    return deliver


class Deliveries:
    """Subscribed to an account's events as each happens: its payload, rendered from the state of that moment,
    goes to the URL a rule names, or to the account's webhooks subscribed to it, the API inbox's webhook URL
    (conversation and message events) and the inbox's webhook agent bot (what the bot hears of)."""

    def __init__(self, state: ChatwootState, account_id: int, deliver: Deliver) -> None:
        self.state = state
        self.account_id = account_id
        self.deliver = deliver

    def __call__(self, event: Event) -> None:
        bodies = EventPayloads(self.state, self.account_id).bodies(event)
        if event.target is not None:
            self.deliver(AUTOMATION_WEBHOOK, event.target, bodies.webhook)
            return
        for webhook in sorted(self.state.webhooks.values(), key=lambda w: w.id):
            subscribed = webhook.inbox_id is None and event.name in webhook.subscriptions
            if webhook.account_id == self.account_id and subscribed:
                self.deliver(WEBHOOK, webhook.url, bodies.webhook)
        source = event.message or event.conversation
        inbox = self.state.inboxes.get(source.inbox_id) if source is not None else None
        if inbox is not None and inbox.is_api and inbox.webhook_url and not event.name.startswith("contact_"):
            self.deliver(INBOX_WEBHOOK, inbox.webhook_url, bodies.webhook)
        if bodies.bot is not None and inbox is not None and inbox.agent_bot_id is not None:
            bot = self.state.agent_bots.get(inbox.agent_bot_id)
            if bot is not None and bot.bot_type == "webhook" and bot.outgoing_url:
                self.deliver(AGENT_BOT, bot.outgoing_url, bodies.bot)
