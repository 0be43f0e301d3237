"""Which browsers may call the ECF web server (its login and its RI), as Tomcat's CorsFilter decides."""

from __future__ import annotations

from simulator.config import Config
from simulator.core.cors import TOMCAT_HEADERS, CorsPolicy
from simulator.sinch_cmi.errors import Forbidden
from simulator.sinch_cmi.routes.common import AUTH_MOUNT, ECF_MOUNT

# What the filter sees, as the CPC library's comment tells: `ecfs/authentication/` only with its trailing slash
# ("otherwise pre-flight OPTIONS is not routed to CorsFilter"), and the RI behind the ECF server.
FILTERED = (AUTH_MOUNT + "/", ECF_MOUNT + "/RI/")


def filtered(raw_path: str) -> bool:
    return raw_path.startswith(FILTERED)


def allowed_origins(config: Config) -> str:
    return config.sinch_cmi_cors_origins


ECF_CORS = CorsPolicy(
    origins=allowed_origins,
    covers=filtered,
    refused=Forbidden,
    methods=("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS"),  # the RI's verbs; DELETE also logs out
    headers=(*TOMCAT_HEADERS, "Authorization", "X-Simulator-Namespace"),  # the login's ECFAuth or Bearer
    exposed=("Location",),  # where a POST put its record
)
