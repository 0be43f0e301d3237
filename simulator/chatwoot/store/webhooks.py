"""Account webhooks: URL and subscription rules, administrators only (checked before the lookup)."""

from __future__ import annotations

import re
from typing import Any

from simulator.chatwoot.errors import RecordInvalid
from simulator.chatwoot.models import WEBHOOK_EVENTS, Webhook
from simulator.chatwoot.store.base import owned
from simulator.chatwoot.store.inboxes import Inboxes
from simulator.chatwoot.store.scope import AccountPart

URL = re.compile(r"^https?://[^\s/?#]+[^\s]*$", re.IGNORECASE)  # URI.regexp(%w[http https]), whole string


class Webhooks(AccountPart):
    """The webhook operations of one account."""

    def all(self) -> list[Webhook]:
        self.scope.require_admin()
        return sorted((w for w in self.state.webhooks.values() if w.account_id == self.account_id),
                      key=lambda w: w.id)

    def _check(self, url: Any, subscriptions: Any, own_id: int | None) -> list[tuple[str, str]]:
        errors: list[tuple[str, str]] = []
        if not isinstance(url, str) or not URL.match(url):
            errors.append(("url", "Url is invalid"))
        elif any(w.url == url and w.id != own_id for w in self.state.webhooks.values()
                 if w.account_id == self.account_id):
            errors.append(("url", "Url has already been taken"))
        valid = (isinstance(subscriptions, list) and subscriptions
                 and all(isinstance(s, str) and s in WEBHOOK_EVENTS for s in subscriptions))
        if not valid:
            errors.append(("subscriptions", "Subscriptions Invalid events"))
        return errors

    def create(self, body: dict[str, Any]) -> Webhook:
        """Subscriptions default to every event; an `inbox_id` makes an inbox webhook."""
        self.scope.require_admin()
        subscriptions = body["subscriptions"] if body.get("subscriptions") is not None else list(WEBHOOK_EVENTS)
        inbox = Inboxes(self.scope).find(body["inbox_id"]) if body.get("inbox_id") is not None else None
        errors = self._check(body.get("url"), subscriptions, None)
        if errors:
            raise RecordInvalid(errors)
        webhook = Webhook(id=self.state.next_id("webhooks"), account_id=self.account_id, url=body["url"],
                          subscriptions=list(dict.fromkeys(subscriptions)), created_at=self.scope.ctx.now(),
                          inbox_id=inbox.id if inbox else None)
        self.state.webhooks[webhook.id] = webhook
        return webhook

    def update(self, webhook_id: int, body: dict[str, Any]) -> Webhook:
        self.scope.require_admin()
        webhook = owned(self.state.webhooks, webhook_id, self.account_id)
        url = body["url"] if body.get("url") is not None else webhook.url
        subscriptions = body["subscriptions"] if body.get("subscriptions") is not None else webhook.subscriptions
        errors = self._check(url, subscriptions, webhook.id)
        if errors:
            raise RecordInvalid(errors)
        webhook.url, webhook.subscriptions = url, list(dict.fromkeys(subscriptions))
        return webhook

    def delete(self, webhook_id: int) -> None:
        self.scope.require_admin()
        del self.state.webhooks[owned(self.state.webhooks, webhook_id, self.account_id).id]

    def inbox_name(self, webhook: Webhook) -> str | None:
        inbox = self.state.inboxes.get(webhook.inbox_id) if webhook.inbox_id is not None else None
        return inbox.name if inbox else None
