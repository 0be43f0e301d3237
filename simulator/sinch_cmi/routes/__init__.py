"""The CMI views, one module per resource, the ECF web session's login, and the control API's CMI views."""

from __future__ import annotations

from simulator.sinch_cmi.routes import (
    authentication,
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
from simulator.sinch_cmi.routes.common import BASIC, BEARER, ECF_FORM, SESSION

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
SECURITY_SCHEMES = [BASIC, BEARER, SESSION]
ECFS_BLUEPRINTS = [authentication.blp]
ECFS_SECURITY_SCHEMES = [ECF_FORM, BEARER, SESSION]
