"""Webhooks on the wire (`_webhook.json.jbuilder`): the inbox only when the webhook has one."""

from __future__ import annotations

from typing import Any

from simulator.chatwoot.models import Webhook


def webhook_wire(webhook: Webhook, inbox_name: str | None) -> dict[str, Any]:
    """`api/v1/models/_webhook.json.jbuilder`: the inbox only when the webhook has one."""
    wire: dict[str, Any] = {"id": webhook.id, "url": webhook.url, "account_id": webhook.account_id,
                            "subscriptions": webhook.subscriptions}
    if webhook.inbox_id is not None:
        wire["inbox"] = {"id": webhook.inbox_id, "name": inbox_name}
    return wire
