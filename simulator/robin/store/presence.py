"""Presence: "Online" when an agent is online for the channel (in the referrer's web store); agents set it."""

from __future__ import annotations

from simulator.core.errors import InvalidInput
from simulator.robin.errors import PresenceError
from simulator.robin.models import BUILT_IN_CHANNELS, Agent, Presence
from simulator.robin.store.base import StoreBase


class PresenceRules(StoreBase):
    def channel_names(self) -> list[str]:
        return [*BUILT_IN_CHANNELS, *(c.name for c in self.tenant.channels)]

    def presence(self, *, channel: str, referrer: str = "") -> str:
        """"Online" / "Offline"; a missing channel is a 400, a channel or a referrer not known here a 404."""
        if not channel:
            raise PresenceError("The Channel parameter is required")
        known = {name.lower(): name for name in self.channel_names()}
        if channel.lower() not in known:
            raise PresenceError("Not Found", status=404)
        webstore: str | None = None
        if referrer:
            store = self.webstore_for(referrer)
            if store is None:
                raise PresenceError("Not Found", status=404)
            webstore = store.name
        online = any(a.is_online(known[channel.lower()], webstore) for a in self.tenant.agents)
        return "Online" if online else "Offline"

    def set_presence(self, *, agent_email: str, channel: str, webstore: str, online: bool) -> Agent:
        agent = self.require_agent(agent_email)
        if channel.lower() not in {n.lower() for n in self.channel_names()}:
            raise InvalidInput(f"Unknown channel {channel!r}; known: {', '.join(self.channel_names())}")
        if webstore not in {w.name for w in self.tenant.webstores}:
            raise InvalidInput(f"Unknown webstore {webstore!r}")
        agent.presence = [
            p for p in agent.presence if not (p.channel.lower() == channel.lower() and p.webstore == webstore)
        ] + [Presence(channel=channel, webstore=webstore, online=online)]
        return agent
