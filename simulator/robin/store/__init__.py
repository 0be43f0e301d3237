"""RobinStore: one tenant's ROBIN state and rules, one part per resource; side effects go through Effects."""

from __future__ import annotations

from simulator.robin.store.agents import AgentRules
from simulator.robin.store.channel import ChannelRules
from simulator.robin.store.conversations import ConversationRules
from simulator.robin.store.customers import CustomerRules
from simulator.robin.store.integrations import IntegrationRules
from simulator.robin.store.orders import OrderRules
from simulator.robin.store.presence import PresenceRules
from simulator.robin.store.showcustomer import ShowCustomerRules
from simulator.robin.store.voip import VoipRules


class RobinStore(
    CustomerRules,
    OrderRules,
    ConversationRules,
    ChannelRules,
    VoipRules,
    PresenceRules,
    ShowCustomerRules,
    AgentRules,
    IntegrationRules,
):
    """The operations of every ROBIN resource on one tenant (`StoreBase` holds the tenant and the context)."""
