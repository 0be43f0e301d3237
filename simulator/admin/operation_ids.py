"""operationIds of the control API (its own routes and the vendors' admin routes), by method and path."""

from __future__ import annotations

from simulator.core.operation_ids import OperationNames

OPERATION_NAMES: OperationNames = {
    ("GET", "/health"): "getHealth",
    ("GET", "/version"): "getVersion",
    ("GET", "/clock"): "getClock",
    ("PUT", "/clock"): "updateClock",
    ("DELETE", "/clock"): "resetClock",
    ("POST", "/clock/advance"): "advanceClock",
    ("GET", "/namespaces"): "listNamespaces",
    ("DELETE", "/namespaces/{name}"): "deleteNamespace",
    ("POST", "/reset"): "resetNamespace",
    ("POST", "/seed"): "seedNamespace",
    ("GET", "/state"): "getState",
    ("PUT", "/state"): "replaceState",
    ("GET", "/requests"): "listRequests",
    ("DELETE", "/requests"): "clearRequests",
    ("GET", "/outbox"): "listOutboxDeliveries",
    ("DELETE", "/outbox"): "clearOutboxDeliveries",
    ("GET", "/robin/agents"): "listRobinAgents",
    ("PUT", "/robin/agents/{email}/extension"): "updateRobinAgentExtension",
    ("PUT", "/robin/agents/{email}/presence"): "updateRobinAgentPresence",
    ("GET", "/robin/channels"): "listRobinChannels",
    ("POST", "/robin/channels"): "upsertRobinChannel",
    ("DELETE", "/robin/channels/{external_identifier}"): "deleteRobinChannel",
    ("GET", "/robin/conversations/{guid}"): "getRobinConversation",
    ("POST", "/robin/conversations/{guid}/replies"): "createRobinConversationReply",
    ("GET", "/robin/dynamic-integration"): "getRobinDynamicIntegration",
    ("PUT", "/robin/dynamic-integration"): "updateRobinDynamicIntegration",
    ("GET", "/robin/notifications"): "listRobinNotifications",
    ("GET", "/robin/tenants"): "listRobinTenants",
    ("POST", "/robin/tenants"): "createRobinTenant",
    ("GET", "/robin/webshop"): "getRobinWebshopSettings",
    ("PUT", "/robin/webshop"): "updateRobinWebshopSettings",
    ("GET", "/sinch-cmi/queues"): "listSinchCmiQueues",
    ("GET", "/sinch-cmi/users"): "listSinchCmiUsers",
    ("POST", "/sinch-cmi/users"): "upsertSinchCmiUser",
    ("POST", "/sinch-cmi/tokens"): "createSinchCmiToken",
}
