"""operationIds of the ROBIN API and of its example webshop, by method and path."""

from __future__ import annotations

from simulator.core.operation_ids import OperationNames

ROBIN_OPERATION_NAMES: OperationNames = {
    ("POST", "/conversations"): "listConversations",  # a query sent as POST
    ("POST", "/customers"): "upsertLegacyCustomers",
    ("POST", "/dynamic/customers"): "upsertCustomers",
    ("POST", "/dynamic/orders"): "upsertOrders",
    ("POST", "/orders"): "upsertLegacyOrders",
    ("POST", "/messages"): "createChannelMessage",
    ("GET", "/presence/api/v1"): "getPresence",
    ("POST", "/showcustomer"): "showCustomer",
    ("POST", "/voip/registerevent/{apikey}"): "registerVoipEvent",
}

WEBSHOP_OPERATION_NAMES: OperationNames = {
    ("GET", "/customers"): "getCustomer",
    ("GET", "/orders"): "listOrders",
    ("GET", "/search"): "getCustomerLifetime",
    ("GET", "/customerpanellist"): "listCustomPanelItems",
    ("GET", "/custompaneldetails"): "getCustomPanelItem",
}
