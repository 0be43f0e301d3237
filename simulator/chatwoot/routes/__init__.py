"""The Chatwoot application API views, one module per resource."""

from __future__ import annotations

from simulator.chatwoot.routes import agents, canned_responses, profile, settings, teams
from simulator.chatwoot.routes.common import USER_TOKEN

BLUEPRINTS = [profile.blp, agents.blp, canned_responses.blp, teams.blp, settings.blp]
SECURITY_SCHEMES = [USER_TOKEN]
