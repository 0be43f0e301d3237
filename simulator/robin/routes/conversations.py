"""POST /conversations: conversations found by customer, order, GUID or id, a page at a time."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify
from flask.views import MethodView

from simulator.core.api import VendorBlueprint
from simulator.robin.render.conversations import conversation_wire
from simulator.robin.routes.common import basic_auth, documented, store
from simulator.robin.schemas.conversations import ConversationListSchema, ConversationQuerySchema

blp = VendorBlueprint("robin_conversations", __name__, url_prefix="/robin", description="Retrieve conversations")


@blp.route("/conversations")
class ConversationsViews(MethodView):
    @basic_auth
    @blp.arguments(ConversationQuerySchema, required=False)
    @blp.response(200, ConversationListSchema)
    @documented(blp)
    def post(self, query: dict[str, Any]) -> Response:
        """Retrieve conversations

        Filters combine (all must match). Simulator note: pages hold 20 conversations, newest
        first; `skip` counts conversations. An unowned conversation has `owner: null`.
        `linkedOrderNumbers` and `tags` are comma-separated strings, times are UTC with no zone.
        """
        found = store().find_conversations(**query)
        return jsonify({"conversations": [conversation_wire(c) for c in found]})
