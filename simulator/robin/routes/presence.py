"""GET /presence/api/v1: `Online` or `Offline` for a channel (and a web store), in text/plain, the key in the query."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from simulator.core.api import VendorBlueprint
from simulator.robin.errors import RobinErrorSchema
from simulator.robin.routes.common import presence_auth, store
from simulator.robin.schemas.presence import PresenceQuerySchema

blp = VendorBlueprint("robin_presence", __name__, url_prefix="/robin/presence", description="Presence")
PRESENCE_ANSWER = {"type": "string", "enum": ["Online", "Offline"]}
PLAIN_TEXT = {"type": "string"}


@blp.route("/api/v1")
class PresenceViews(MethodView):
    @presence_auth
    @blp.arguments(PresenceQuerySchema, location="query")
    @blp.response(200, PRESENCE_ANSWER, description="`Online` or `Offline` (text/plain)", content_type="text/plain")
    @blp.alt_response(
        400,
        schema=PLAIN_TEXT,
        description="Bad Request: apikey or Channel missing (text/plain)",
        content_type="text/plain",
    )
    @blp.alt_response(
        404,
        schema=PLAIN_TEXT,
        description="Not Found: unknown apikey, channel or referrer (text/plain)",
        content_type="text/plain",
    )
    @blp.alt_response(429, description="Rate limit exceeded", schema=RobinErrorSchema)
    def get(self, query: dict[str, Any]) -> Response:
        """Check presence for a channel (and a web store, by referrer)

        `Online` when at least one agent connected to the channel (within the web store the
        referrer belongs to) is online, else `Offline`. Presence is set per agent, channel and
        web store through `/__admin/robin/agents/{email}/presence`.
        """
        answer = store().presence(channel=query.get("channel", ""), referrer=query.get("referrer", ""))
        return Response(answer, 200, mimetype="text/plain")
