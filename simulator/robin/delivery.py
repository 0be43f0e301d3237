"""ROBIN's outbound calls, through the outbox: replies to custom-channel webhooks, dynamic-integration fetches."""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import urlencode

from simulator.core.namespace_names import NAMESPACE_HEADER
from simulator.core.outbox import Delivery, Reply, Transport, http_transport, wsgi_transport
from simulator.core.runtime import Runtime
from simulator.core.storage import Namespace
from simulator.robin.models import (
    Conversation,
    CustomChannel,
    DynamicIntegration,
    Message,
    Tenant,
    WebshopSettings,
)
from simulator.robin.render.channel import outgoing_payload
from simulator.robin.store.profiles import (
    nothing_to_fetch,
    orders_fetched,
    profile_failed,
    profile_fetched,
    profile_not_found,
)

WEBSHOP_MOUNT = "/robin/webshop"
CHANNEL_WEBHOOK = "robin.channel_webhook"
PROFILE_FETCH = "robin.dynamic_integration"


def basic_header(key: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()


class RobinEffects:
    """Background work caused by a ROBIN request (the store's Effects); a failure is recorded, never raised."""

    def __init__(self, runtime: Runtime, namespace: Namespace, tenant: Tenant, shop: WebshopSettings) -> None:
        self.runtime = runtime
        self.namespace = namespace
        self.tenant = tenant
        self.shop = shop

    def deliver_to_channel(self, channel: CustomChannel, conversation: Conversation, message: Message) -> None:
        self.runtime.outbox.send(
            self.namespace.outbox,
            kind=CHANNEL_WEBHOOK,
            method="POST",
            target=channel.webhook_url,
            payload=outgoing_payload(channel, conversation, message),
            headers={"Content-Type": "application/json", "User-Agent": "ccsim-robin/1"},
            context={"conversation_guid": conversation.guid, "channel": channel.external_identifier},
        )

    def fetch_profile(self, conversation: Conversation) -> None:
        integration = self.tenant.dynamic_integration
        lookup = conversation.profile
        params = {
            integration.email_parameter: lookup.email,
            integration.phone_parameter: lookup.phone,
            integration.external_identifier_parameter: lookup.external_identifier,
        }
        query = urlencode({k: v for k, v in params.items() if v})
        if not query:
            nothing_to_fetch(conversation)
            return
        self._get(integration, integration.customer_path, query, conversation, self._customer_arrived)

    def _get(
        self,
        integration: DynamicIntegration,
        path: str,
        query: str,
        conversation: Conversation,
        on_reply: Any,
    ) -> Delivery:
        target, transport, headers = self._route(integration, path, query)
        return self.runtime.outbox.send(
            self.namespace.outbox,
            kind=PROFILE_FETCH,
            method="GET",
            target=target,
            headers=headers,
            transport=transport,
            on_reply=lambda delivery, reply: on_reply(conversation, delivery, reply),
            context={"conversation_guid": conversation.guid},
        )

    def _route(self, integration: DynamicIntegration, path: str, query: str) -> tuple[str, Transport, dict[str, str]]:
        key = integration.api_key or self.shop.api_key
        secret = integration.api_secret or self.shop.api_secret
        headers = {**integration.headers, "Authorization": basic_header(key, secret), "Accept": "application/json"}
        if integration.base_url:
            return f"{integration.base_url.rstrip('/')}{path}?{query}", http_transport, headers
        assert self.runtime.app is not None
        namespace = self.namespace
        transport = wsgi_transport(self.runtime.app, {NAMESPACE_HEADER: namespace.name},
                                   alive=lambda: not namespace.retired)
        return f"{WEBSHOP_MOUNT}{path}?{query}", transport, headers

    def _customer_arrived(self, conversation: Conversation, delivery: Delivery, reply: Reply | None) -> None:
        with self.namespace.lock:
            if reply is None or (delivery.state == "failed" and reply.status != 404):
                profile_failed(conversation, delivery.error)
                return
            if reply.status == 404 or not isinstance(reply.json, dict):
                profile_not_found(conversation)
                return
            email = profile_fetched(conversation, reply.json)
            if email:
                integration = self.tenant.dynamic_integration
                query = urlencode({integration.email_parameter: email})
                self._get(integration, integration.orders_path, query, conversation, self._orders_arrived)

    def _orders_arrived(self, conversation: Conversation, delivery: Delivery, reply: Reply | None) -> None:
        with self.namespace.lock:
            if reply is not None and delivery.state == "delivered" and isinstance(reply.json, dict):
                orders_fetched(conversation, reply.json.get("orders"))
