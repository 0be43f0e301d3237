"""The Chatwoot views: the application API (one module per resource), the platform API and the public API."""

from __future__ import annotations

from simulator.chatwoot.routes import (
    agent_bots,
    agents,
    automation_rules,
    canned_responses,
    contacts,
    conversations,
    help_center,
    inboxes,
    integrations,
    messages,
    platform,
    profile,
    public,
    reports,
    settings,
    teams,
    webhooks,
)
from simulator.chatwoot.routes.common import PLATFORM_TOKEN, USER_TOKEN

BLUEPRINTS = [
    profile.blp,
    agents.blp,
    agent_bots.blp,
    inboxes.blp,
    contacts.blp,
    conversations.blp,
    messages.blp,
    canned_responses.blp,
    teams.blp,
    settings.blp,
    webhooks.blp,
    automation_rules.blp,
    platform.blp,
    public.blp,
    reports.blp,
    integrations.blp,
    help_center.blp,
]
SECURITY_SCHEMES = [USER_TOKEN, PLATFORM_TOKEN]
