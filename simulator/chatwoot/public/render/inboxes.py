"""The API inbox on the public API's wire (`public/api/v1/inboxes/show.json.jbuilder`)."""

from __future__ import annotations

from typing import Any

from simulator.chatwoot.models import Inbox
from simulator.chatwoot.render.inboxes import working_hours


def inbox_wire(inbox: Inbox) -> dict[str, Any]:
    """`public/api/v1/inboxes/show.json.jbuilder`."""
    return {
        "identifier": inbox.identifier,
        "name": inbox.name,
        "timezone": inbox.timezone,
        "working_hours": working_hours(inbox),
        "working_hours_enabled": inbox.working_hours_enabled,
        "csat_survey_enabled": inbox.csat_survey_enabled,
        "greeting_enabled": inbox.greeting_enabled,
        "identity_validation_enabled": inbox.hmac_mandatory,
    }
