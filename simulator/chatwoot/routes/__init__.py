"""The application API's views, one module per resource (sub-resources included), and the list of their blueprints."""

from __future__ import annotations

from simulator.chatwoot.routes import (
    agent_bots,
    agents,
    automation_rules,
    canned_responses,
    contacts,
    conversations,
    custom_attributes,
    custom_filters,  # noqa: F401 (imported for its views, which it adds to custom_attributes.blp)
    help_center,
    inboxes,
    integrations,
    messages,
    profile,
    reports,
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
    custom_attributes.blp,  # with custom_filters' views: one blueprint, one tag group in the spec
    webhooks.blp,
    automation_rules.blp,
    reports.blp,
    integrations.blp,
    help_center.blp,
]
