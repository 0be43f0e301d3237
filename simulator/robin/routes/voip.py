"""POST /voip/registerevent/{apikey}: phone call events (Answered, Transfer, Disconnected), the key in the path."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from simulator.core.api import VendorBlueprint
from simulator.robin.errors import INVALID_AUTH
from simulator.robin.render.empty import empty
from simulator.robin.routes.common import documented, store, voip_auth
from simulator.robin.schemas.voip import VoipEventSchema

blp = VendorBlueprint("robin_voip", __name__, url_prefix="/robin", description="VoIP call events")


@blp.route("/voip/registerevent/<apikey>")
class VoipEventViews(MethodView):
    @voip_auth
    @blp.arguments(VoipEventSchema)
    @blp.response(201, description="Created")
    @documented(
        blp,
        {
            400: "Bad Request: malformed JSON or a missing/invalid field",
            401: INVALID_AUTH + " (unknown apikey)",
            406: "Not acceptable: extension not linked to an agent, or an event the call's state "
            "does not allow (Transfer/Disconnected before Answered, anything after Disconnected, "
            "a second Answered)",
            429: "Rate limit exceeded",
        },
    )
    def post(self, event: dict[str, Any], apikey: str) -> Response:
        """Register a phone call event (Answered, Transfer, Disconnected)

        Answered opens a phone conversation owned by the agent whose extension answered, looks
        the caller up by phone number (or by FilterField/FilterValue, the customer profile
        selection) and fetches the profile; Transfer hands it to the new extension's agent;
        Disconnected ends the call. Every event is logged in the conversation.
        """
        store().register_voip_event(**event)
        return empty(201)
