"""POST /messages: the custom channel API, an incoming message that starts or continues a conversation."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from simulator.core.api import VendorBlueprint
from simulator.robin.render.empty import empty
from simulator.robin.routes.common import basic_auth, documented, store
from simulator.robin.schemas.channel import ChannelMessageSchema

blp = VendorBlueprint("robin_channel", __name__, url_prefix="/robin", description="Custom channel API")


@blp.route("/messages")
class ChannelMessagesViews(MethodView):
    @basic_auth
    @blp.arguments(ChannelMessageSchema)
    @blp.response(201, description="Created")
    @documented(blp)
    def post(self, message: dict[str, Any]) -> Response:
        """Post an incoming message of a custom channel

        Starts a conversation, or continues one: by `ConversationGuid` (sent to the channel's
        webhook with the agent's first answer), else by the channel, conversation and relation
        external identifiers. Simulator note: a message whose MessageExternalIdentifier was
        already received in that conversation is not stored twice; attachments must be valid
        base64; a new conversation fetches the customer profile from the dynamic integration.
        """
        store().receive_channel_message(**message)
        return empty(201)
