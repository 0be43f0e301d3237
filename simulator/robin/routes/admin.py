"""/__admin/robin: what the real product does through its agent UI (channels, replies, presence…)."""

from __future__ import annotations

from typing import Any

from flask import request
from flask.views import MethodView

from simulator.core.api import ControlBlueprint
from simulator.core.runtime import namespace, runtime
from simulator.robin.models import Agent, CustomChannel, Tenant
from simulator.robin.render.admin import (
    agent_list,
    channel_list,
    conversation_detail,
    notification_list,
    reply_result,
)
from simulator.robin.routes.common import robin_state, store_for
from simulator.robin.schemas.admin import (
    AgentListSchema,
    AgentSchema,
    ChannelListSchema,
    ChannelSchema,
    ConversationDetailSchema,
    DynamicIntegrationSchema,
    ExtensionSchema,
    NotificationListSchema,
    PresenceSchema,
    ReplyResultSchema,
    ReplySchema,
    TenantQuerySchema,
    TenantSchema,
    TenantWriteSchema,
    WebshopSettingsSchema,
)
from simulator.robin.store.integrations import set_webshop_settings
from simulator.robin.store.tenants import add_tenant, require_tenant

blp = ControlBlueprint("admin_robin", __name__, url_prefix="/__admin/robin", description="ROBIN agent-side actions")


def _tenant() -> Tenant:
    return require_tenant(robin_state(), request.args.get("tenant") or runtime().config.robin_api_key)


def tenant_query(func: Any) -> Any:
    """The `tenant` query argument; an unknown tenant (or record named in the path) is a 404."""
    func = blp.alt_response(404, response="NOT_FOUND")(func)
    return blp.arguments(TenantQuerySchema, location="query", as_kwargs=True)(func)


@blp.route("/tenants")
class TenantsViews(MethodView):
    @blp.response(200, TenantSchema(many=True))
    def get(self) -> list[Tenant]:
        """List ROBIN tenants (API keys; secrets are not shown)"""
        return list(robin_state().tenants.values())

    @blp.arguments(TenantWriteSchema)
    @blp.response(201, TenantSchema)
    @blp.alt_response(409, response="CONFLICT")
    def post(self, body: dict[str, Any]) -> Tenant:
        """Add API credentials: a new, empty ROBIN tenant with the namespace's agents"""
        return add_tenant(robin_state(), namespace().pool.agents, **body)


@blp.route("/channels")
class ChannelsViews(MethodView):
    @tenant_query
    @blp.response(200, ChannelListSchema)
    def get(self, **_: Any) -> dict[str, Any]:
        """List custom channels"""
        return channel_list(_tenant().channels)

    @tenant_query
    @blp.arguments(ChannelSchema)
    @blp.response(201, ChannelSchema)
    def post(self, body: dict[str, Any], **_: Any) -> CustomChannel:
        """Configure a custom channel (replaces one with the same external identifier)"""
        tenant = _tenant()
        return store_for(tenant).save_channel(CustomChannel(**body))


@blp.route("/channels/<external_identifier>")
class ChannelByIdViews(MethodView):
    @tenant_query
    @blp.response(204)
    def delete(self, external_identifier: str, **_: Any) -> None:
        """Remove a custom channel"""
        store_for(_tenant()).delete_channel(external_identifier)


@blp.route("/agents")
class AgentsViews(MethodView):
    @tenant_query
    @blp.response(200, AgentListSchema)
    def get(self, **_: Any) -> dict[str, Any]:
        """List agents with their phone extensions and presence"""
        return agent_list(_tenant().agents)


@blp.route("/agents/<email>/presence")
class AgentPresenceViews(MethodView):
    @tenant_query
    @blp.arguments(PresenceSchema)
    @blp.response(200, AgentSchema)
    def put(self, body: dict[str, Any], email: str, **_: Any) -> Agent:
        """Set an agent online or offline for a channel in a web store"""
        return store_for(_tenant()).set_presence(agent_email=email, **body)


@blp.route("/agents/<email>/extension")
class AgentExtensionViews(MethodView):
    @tenant_query
    @blp.arguments(ExtensionSchema)
    @blp.response(200, AgentSchema)
    def put(self, body: dict[str, Any], email: str, **_: Any) -> Agent:
        """Link a phone extension to an agent (VoIP)"""
        return store_for(_tenant()).set_extension(agent_email=email, **body)


@blp.route("/conversations/<guid>")
class ConversationDetailViews(MethodView):
    @tenant_query
    @blp.response(200, ConversationDetailSchema)
    def get(self, guid: str, **_: Any) -> dict[str, Any]:
        """The whole conversation as the inbox holds it (call log, fetched profile)"""
        return conversation_detail(store_for(_tenant()).require_conversation(guid))


@blp.route("/conversations/<guid>/replies")
class ConversationRepliesViews(MethodView):
    @tenant_query
    @blp.arguments(ReplySchema)
    @blp.response(201, ReplyResultSchema)
    def post(self, body: dict[str, Any], guid: str, **_: Any) -> dict[str, Any]:
        """An agent replies; a custom channel receives it at its webhook (through the outbox)

        Private replies are delivered only to channels that support private messaging; otherwise
        they stay internal notes.
        """
        return reply_result(store_for(_tenant()).agent_reply(guid=guid, **body), guid)


@blp.route("/notifications")
class NotificationsViews(MethodView):
    @tenant_query
    @blp.response(200, NotificationListSchema)
    def get(self, **_: Any) -> dict[str, Any]:
        """Show-customer notifications, newest last"""
        return notification_list(_tenant().notifications)


@blp.route("/dynamic-integration")
class DynamicIntegrationViews(MethodView):
    @tenant_query
    @blp.response(200, DynamicIntegrationSchema)
    def get(self, **_: Any) -> Any:
        """Where ROBIN fetches customer profiles (empty base_url: the built-in webshop)"""
        return _tenant().dynamic_integration

    @tenant_query
    @blp.arguments(DynamicIntegrationSchema)
    @blp.response(200, DynamicIntegrationSchema)
    def put(self, body: dict[str, Any], **_: Any) -> Any:
        """Set the dynamic-integration base URL, parameter names, pre-shared key and headers"""
        return store_for(_tenant()).set_dynamic_integration(**body)


@blp.route("/webshop")
class WebshopSettingsViews(MethodView):
    @blp.response(200, WebshopSettingsSchema)
    def get(self) -> Any:
        """The example webshop's pre-shared key and parameter names"""
        return robin_state().webshop.settings

    @blp.arguments(WebshopSettingsSchema)
    @blp.response(200, WebshopSettingsSchema)
    def put(self, body: dict[str, Any]) -> Any:
        """Change the example webshop's pre-shared key or parameter names"""
        return set_webshop_settings(robin_state().webshop, **body)

