"""/accounts/{account_id}/webhooks: `{"payload": {"webhooks": [...]}}` and `{"payload": {"webhook": {...}}}`."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from simulator.chatwoot.render.webhooks import webhook_wire
from simulator.chatwoot.routes.common import (
    MEMBER_ERRORS,
    RECORD_ERRORS,
    WRITE_ERRORS,
    answer,
    blueprint,
    documented,
    empty,
    endpoint,
    scope,
)
from simulator.chatwoot.schemas.webhooks import WebhookListSchema, WebhookPayloadSchema, WebhookWriteSchema
from simulator.chatwoot.store.webhooks import Webhooks

blp = blueprint("chatwoot_webhooks", __name__, "Webhooks")
EXAMPLE = {"url": "https://example.com/chatwoot-events", "subscriptions": ["conversation_created", "message_created"]}


def webhooks() -> Webhooks:
    return Webhooks(scope())


def _one(found: Webhooks, webhook: Any) -> Response:
    return answer({"payload": {"webhook": webhook_wire(webhook, found.inbox_name(webhook))}})


@blp.route("/accounts/<int:account_id>/webhooks")
class WebhooksViews(MethodView):
    @endpoint
    @blp.response(200, WebhookListSchema)
    @documented(blp, MEMBER_ERRORS)
    def get(self, account_id: int) -> Response:
        """List the account's webhooks (administrators only)"""
        found = webhooks()
        return answer({"payload": {"webhooks": [webhook_wire(w, found.inbox_name(w)) for w in found.all()]}})

    @endpoint
    @blp.arguments(WebhookWriteSchema, example=EXAMPLE)
    @blp.response(200, WebhookPayloadSchema)
    @documented(blp, WRITE_ERRORS)
    def post(self, body: dict[str, Any], account_id: int) -> Response:
        """Add a webhook (http(s) URL unique in the account; known events; default: every event)"""
        found = webhooks()
        return _one(found, found.create(body))


@blp.route("/accounts/<int:account_id>/webhooks/<int:webhook_id>")
class WebhookByIdViews(MethodView):
    @endpoint
    @blp.arguments(WebhookWriteSchema)
    @blp.response(200, WebhookPayloadSchema)
    @documented(blp, WRITE_ERRORS)
    def patch(self, body: dict[str, Any], account_id: int, webhook_id: int) -> Response:
        """Update a webhook's URL or subscriptions (administrators only)"""
        found = webhooks()
        return _one(found, found.update(webhook_id, body))

    put = patch

    @endpoint
    @blp.response(200, description="Deleted (empty body)")
    @documented(blp, RECORD_ERRORS)
    def delete(self, account_id: int, webhook_id: int) -> Response:
        """Delete a webhook (administrators only)"""
        webhooks().delete(webhook_id)
        return empty()
