"""The views of the application API: one blueprint per resource."""

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
    profile,
    reports,
    settings,
    teams,
    webhooks,
)

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
    reports.blp,
    integrations.blp,
    help_center.blp,
]
