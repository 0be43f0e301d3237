"""/__admin/robin: what the real product does through its agent UI (channels, replies, presence…)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask import request
from flask.views import MethodView

from simulator.core.api import ControlBlueprint
from simulator.core.errors import InvalidInput, NotFoundError
from simulator.core.runtime import namespace, runtime
from simulator.core.serialize import to_jsonable
from simulator.robin.admin_schemas import (
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
from simulator.robin.models import Agent, CustomChannel, RobinState, Tenant, Webstore
from simulator.robin.routes import store_for

admin = ControlBlueprint("admin_robin", __name__, url_prefix="/__admin/robin", description="ROBIN agent-side actions")


def _state() -> RobinState:
    return namespace().state("robin")


def _tenant() -> Tenant:
    key = request.args.get("tenant") or runtime().config.robin_api_key
    tenant = _state().tenants.get(key)
    if tenant is None:
        raise NotFoundError(f"No ROBIN tenant with API key {key!r}")
    return tenant


def tenant_query(func: Any) -> Any:
    """The `tenant` query argument; an unknown tenant (or record named in the path) is a 404."""
    func = admin.alt_response(404, response="NOT_FOUND")(func)
    return admin.arguments(TenantQuerySchema, location="query", as_kwargs=True)(func)


@admin.route("/tenants")
class TenantsViews(MethodView):
    @admin.response(200, TenantSchema(many=True))
    def get(self) -> list[Tenant]:
        """List ROBIN tenants (API keys; secrets are not shown)"""
        return list(_state().tenants.values())

    @admin.arguments(TenantWriteSchema)
    @admin.response(201, TenantSchema)
    @admin.alt_response(409, response="CONFLICT")
    def post(self, body: dict[str, Any]) -> Tenant:
        """Add API credentials: a new, empty ROBIN tenant with the namespace's agents"""
        state = _state()
        if body["api_key"] in state.tenants:
            raise InvalidInput(f"API key {body['api_key']!r} already exists", status=409)
        pool = namespace().pool
        tenant = Tenant(
            **body,
            agents=[Agent(email=a.email, name=a.name, phone_extension=a.phone_extension) for a in pool.agents],
            webstores=[Webstore("Default webstore")],
        )
        state.tenants[tenant.api_key] = tenant
        return tenant


@admin.route("/channels")
class ChannelsViews(MethodView):
    @tenant_query
    @admin.response(200, ChannelListSchema)
    def get(self, **_: Any) -> dict[str, Any]:
        """List custom channels"""
        return {"channels": _tenant().channels}

    @tenant_query
    @admin.arguments(ChannelSchema)
    @admin.response(201, ChannelSchema)
    def post(self, body: dict[str, Any], **_: Any) -> CustomChannel:
        """Configure a custom channel (replaces one with the same external identifier)"""
        tenant = _tenant()
        return store_for(tenant).save_channel(CustomChannel(**body))


@admin.route("/channels/<external_identifier>")
class ChannelByIdViews(MethodView):
    @tenant_query
    @admin.response(204)
    def delete(self, external_identifier: str, **_: Any) -> None:
        """Remove a custom channel"""
        store_for(_tenant()).delete_channel(external_identifier)


@admin.route("/agents")
class AgentsViews(MethodView):
    @tenant_query
    @admin.response(200, AgentListSchema)
    def get(self, **_: Any) -> dict[str, Any]:
        """List agents with their phone extensions and presence"""
        return {"agents": _tenant().agents}


@admin.route("/agents/<email>/presence")
class AgentPresenceViews(MethodView):
    @tenant_query
    @admin.arguments(PresenceSchema)
    @admin.response(200, AgentSchema)
    def put(self, body: dict[str, Any], email: str, **_: Any) -> Agent:
        """Set an agent online or offline for a channel in a web store"""
        return store_for(_tenant()).set_presence(agent_email=email, **body)


@admin.route("/agents/<email>/extension")
class AgentExtensionViews(MethodView):
    @tenant_query
    @admin.arguments(ExtensionSchema)
    @admin.response(200, AgentSchema)
    def put(self, body: dict[str, Any], email: str, **_: Any) -> Agent:
        """Link a phone extension to an agent (VoIP)"""
        return store_for(_tenant()).set_extension(agent_email=email, **body)


@admin.route("/conversations/<guid>")
class ConversationDetailViews(MethodView):
    @tenant_query
    @admin.response(200, ConversationDetailSchema)
    def get(self, guid: str, **_: Any) -> dict[str, Any]:
        """The whole conversation as the inbox holds it (call log, fetched profile)"""
        return to_jsonable(store_for(_tenant()).require_conversation(guid))


@admin.route("/conversations/<guid>/replies")
class ConversationRepliesViews(MethodView):
    @tenant_query
    @admin.arguments(ReplySchema)
    @admin.response(201, ReplyResultSchema)
    def post(self, body: dict[str, Any], guid: str, **_: Any) -> dict[str, Any]:
        """An agent replies; a custom channel receives it at its webhook (through the outbox)

        Private replies are delivered only to channels that support private messaging; otherwise
        they stay internal notes.
        """
        outcome = store_for(_tenant()).agent_reply(guid=guid, **body)
        return {"message_id": outcome.message.id, "conversation_guid": guid, "delivered_to": outcome.delivered_to}


@admin.route("/notifications")
class NotificationsViews(MethodView):
    @tenant_query
    @admin.response(200, NotificationListSchema)
    def get(self, **_: Any) -> dict[str, Any]:
        """Show-customer notifications, newest last"""
        return {"notifications": to_jsonable(_tenant().notifications)}


@admin.route("/dynamic-integration")
class DynamicIntegrationViews(MethodView):
    @tenant_query
    @admin.response(200, DynamicIntegrationSchema)
    def get(self, **_: Any) -> Any:
        """Where ROBIN fetches customer profiles (empty base_url: the built-in webshop)"""
        return _tenant().dynamic_integration

    @tenant_query
    @admin.arguments(DynamicIntegrationSchema)
    @admin.response(200, DynamicIntegrationSchema)
    def put(self, body: dict[str, Any], **_: Any) -> Any:
        """Set the dynamic-integration base URL, parameter names, pre-shared key and headers"""
        tenant = _tenant()
        body["base_url"] = body.get("base_url") or ""
        tenant.dynamic_integration = replace(tenant.dynamic_integration, **body)
        return tenant.dynamic_integration


@admin.route("/webshop")
class WebshopSettingsViews(MethodView):
    @admin.response(200, WebshopSettingsSchema)
    def get(self) -> Any:
        """The example webshop's pre-shared key and parameter names"""
        return _state().webshop.settings

    @admin.arguments(WebshopSettingsSchema)
    @admin.response(200, WebshopSettingsSchema)
    def put(self, body: dict[str, Any]) -> Any:
        """Change the example webshop's pre-shared key or parameter names"""
        shop = _state().webshop
        shop.settings = replace(shop.settings, **body)
        return shop.settings


BLUEPRINTS = [admin]
