"""/public/api/v1/inboxes/{inbox_identifier}: the API inbox as its contacts see it."""

from __future__ import annotations

from flask import Response
from flask.views import MethodView

from simulator.chatwoot.public.render.inboxes import inbox_wire
from simulator.chatwoot.public.routes.common import INBOX, INBOX_PARAMETER, UNKNOWN, blp, inbox, inbox_key
from simulator.chatwoot.public.schemas.inboxes import PublicInboxSchema
from simulator.chatwoot.routes.common import answer, documented


@blp.route(INBOX, parameters=[INBOX_PARAMETER])
class InboxViews(MethodView):
    @inbox_key
    @blp.response(200, PublicInboxSchema)
    @documented(blp, {404: UNKNOWN})
    def get(self, inbox_identifier: str) -> Response:
        """Get the inbox: name, timezone, working hours and its switches"""
        return answer(inbox_wire(inbox()))
