"""The CMI views, one module per resource."""

from __future__ import annotations

from simulator.sinch_cmi.routes import (
    call_recordings,
    callbacks,
    chats,
    consents,
    contact_data,
    contacts,
    emails,
    messages,
    script_results,
)
from simulator.sinch_cmi.routes.common import BASIC

BLUEPRINTS = [
    emails.blp,
    script_results.blp,
    chats.blp,
    call_recordings.blp,
    callbacks.blp,
    contacts.blp,
    contact_data.blp,
    messages.blp,
    consents.blp,
]
SECURITY_SCHEMES = [BASIC]
