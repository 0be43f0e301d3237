"""Agents' VoIP phone extensions: one agent per extension."""

from __future__ import annotations

from simulator.core.errors import InvalidInput
from simulator.robin.models import Agent
from simulator.robin.store.base import StoreBase


class AgentRules(StoreBase):
    def set_extension(self, *, agent_email: str, phone_extension: str) -> Agent:
        agent = self.require_agent(agent_email)
        holder = self.agent_by_extension(phone_extension) if phone_extension else None
        if holder is not None and holder is not agent:
            raise InvalidInput(f"Extension {phone_extension!r} already belongs to {holder.email}")
        agent.phone_extension = phone_extension
        return agent
