"""The Chatwoot application API views, one module per resource."""

from __future__ import annotations

from simulator.chatwoot.routes import (
    agent_bots,
    agents,
    canned_responses,
    contacts,
    conversations,
    inboxes,
    messages,
    profile,
    settings,
    teams,
)
from simulator.chatwoot.routes.common import USER_TOKEN

BLUEPRINTS = [profile.blp, agents.blp, agent_bots.blp, inboxes.blp, contacts.blp, conversations.blp, messages.blp,
              canned_responses.blp, teams.blp, settings.blp]
SECURITY_SCHEMES = [USER_TOKEN]
