"""An imported ROBIN state checked as the API's writes keep it: keys, references, enums, webshop orders."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from simulator.core.serialize import check, one_of, refuse
from simulator.robin.models import CONVERSATION_STATES, Conversation, RobinState, Tenant, Webshop

SENDER_TYPES = ("Relation", "User", "System")
SCOPES = ("External", "Internal")
DIRECTIONS = ("Inbound", "Outbound")
CALL_EVENTS = ("Answered", "Transfer", "Disconnected")
PROFILE_STATUSES = ("none", "pending", "fetched", "not_found", "failed")
SALES_KINDS = ("acquisition", "retention")


def check_robin(state: RobinState) -> None:
    """Raise InvalidValue at the path (below the vendor) of the first inconsistency."""
    for key, tenant in state.tenants.items():
        if tenant.api_key != key:
            refuse(f"the tenant stored under {key!r} has API key {tenant.api_key!r}", "tenants", key, "api_key")
        _check_tenant(tenant, ("tenants", key))
    _check_webshop(state.webshop)


def _unique(values: Iterable[Any], what: str, *path: object) -> None:
    """No two records share a value, None aside (`path` is the list's; the index of the second is added)."""
    seen: set[Any] = set()
    for index, value in enumerate(values):
        if value is not None and value in seen:
            refuse(f"{what} {value!r} is taken", *path, index)
        seen.add(value)


def _check_tenant(tenant: Tenant, at: tuple[str, ...]) -> None:
    for key, customer in tenant.customers.items():
        if customer.email_address.lower() != key:
            refuse(f"the customer stored under {key!r} has email address {customer.email_address!r}",
                   *at, "customers", key, "email_address")
    for key, order in tenant.orders.items():
        if order.order_number != key:
            refuse(f"the order stored under {key!r} has number {order.order_number!r}", *at, "orders", key,
                   "order_number")
    for index, sale in enumerate(tenant.sales):
        if sale.order_number not in tenant.orders:
            refuse(f"no order {sale.order_number!r}", *at, "sales", index, "order_number")
        one_of(sale.kind, SALES_KINDS, *at, "sales", index, "kind")
    _unique((agent.email.lower() for agent in tenant.agents), "agent email", *at, "agents")
    _unique((agent.phone_extension or None for agent in tenant.agents), "extension", *at, "agents")
    _unique((channel.external_identifier for channel in tenant.channels), "channel", *at, "channels")
    _check_presence(tenant, at)
    _check_conversations(tenant, at)


def _check_presence(tenant: Tenant, at: tuple[str, ...]) -> None:
    """Presence is set per web store of the tenant (channels may have been removed since)."""
    webstores = {store.name for store in tenant.webstores}
    for index, agent in enumerate(tenant.agents):
        for number, presence in enumerate(agent.presence):
            if presence.webstore not in webstores:
                refuse(f"no web store {presence.webstore!r}", *at, "agents", index, "presence", number, "webstore")


def _check_conversations(tenant: Tenant, at: tuple[str, ...]) -> None:
    webstores = {"", *(store.name for store in tenant.webstores)}
    _unique((conversation.guid for conversation in tenant.conversations), "guid", *at, "conversations")
    for index, conversation in enumerate(tenant.conversations):
        where = (*at, "conversations", index)
        one_of(conversation.state, CONVERSATION_STATES, *where, "state")
        if conversation.webstore not in webstores:
            refuse(f"no web store {conversation.webstore!r}", *where, "webstore")
        _check_conversation(conversation, where)
    guids = {conversation.guid for conversation in tenant.conversations}
    for index, notification in enumerate(tenant.notifications):
        if notification.conversation_guid not in guids:
            refuse(f"no conversation {notification.conversation_guid!r}", *at, "notifications", index,
                   "conversation_guid")


def _check_conversation(conversation: Conversation, where: tuple[object, ...]) -> None:
    if conversation.owner is not None:
        one_of(conversation.owner.type, SENDER_TYPES, *where, "owner", "type")
    for index, message in enumerate(conversation.messages):
        one_of(message.sender.type, SENDER_TYPES, *where, "messages", index, "sender", "type")
        one_of(message.scope, SCOPES, *where, "messages", index, "scope")
    one_of(conversation.profile.status, PROFILE_STATUSES, *where, "profile", "status")
    call = conversation.call
    if call is not None:
        one_of(call.direction, DIRECTIONS, *where, "call", "direction")
        for index, event in enumerate(call.events):
            one_of(event.event_type, CALL_EVENTS, *where, "call", "events", index, "event_type")


def _check_webshop(shop: Webshop) -> None:
    """Order lines are read as {product, quantity, price}; order numbers are unique (panel item ids are not:
    the seeded shop repeats some, and the first one wins)."""
    at = ("webshop",)
    _unique((order.order_number for order in shop.orders), "order number", *at, "orders")
    for index, order in enumerate(shop.orders):
        for number, line in enumerate(order.lines):
            _check_line(line, (*at, "orders", index, "lines", number))


def _check_line(line: dict[str, Any], where: tuple[object, ...]) -> None:
    check(isinstance(line.get("product"), str), "expected a string", *where, "product")
    for name in ("quantity", "price"):
        value = line.get(name)
        if not (isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)):
            refuse(f"expected a number, got {value!r}", *where, name)
