"""/public/api/v1/…/conversations/{conversation_id}/messages: the chat the contact sees and writes."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from simulator.chatwoot.public.render.messages import message_wire
from simulator.chatwoot.public.routes.common import (
    CONTACT_PARAMETER,
    CONVERSATION_PARAMETER,
    INBOX_PARAMETER,
    MALFORMED,
    MESSAGES,
    UNKNOWN_CONVERSATION,
    blp,
    contact_scope,
    inbox,
    inbox_key,
    renderer,
)
from simulator.chatwoot.public.schemas.messages import (
    PublicMessageSchema,
    PublicMessagesQuery,
    PublicMessageUpdateSchema,
    PublicMessageWriteSchema,
)
from simulator.chatwoot.public.store.messages import PublicMessages
from simulator.chatwoot.routes.common import answer, documented

MESSAGE_WRITE_ERRORS = {400: MALFORMED, 404: UNKNOWN_CONVERSATION,
                        422: "Refused (`{\"error\": ...}`, e.g. content too long), or a field of the wrong type"}


def messages() -> PublicMessages:
    return PublicMessages(contact_scope(), inbox())


@blp.route(MESSAGES, parameters=[INBOX_PARAMETER, CONTACT_PARAMETER, CONVERSATION_PARAMETER])
class MessagesViews(MethodView):
    @inbox_key
    @blp.arguments(PublicMessagesQuery, location="query")
    @blp.response(200, PublicMessageSchema(many=True))
    @documented(blp, {404: UNKNOWN_CONVERSATION})
    def get(self, query: dict[str, Any], inbox_identifier: str, contact_identifier: str,
            conversation_id: int) -> Response:
        """List messages: the latest 20 (or 20 before `before`), oldest first, no notes or activities"""
        found = messages().all(contact_identifier, conversation_id, query.get("before"))
        render = renderer()
        return answer([message_wire(render, m) for m in found])

    @inbox_key
    @blp.arguments(PublicMessageWriteSchema, example={"content": "Where is my order?"})
    @blp.response(200, PublicMessageSchema)
    @documented(blp, MESSAGE_WRITE_ERRORS)
    def post(self, body: dict[str, Any], inbox_identifier: str, contact_identifier: str,
             conversation_id: int) -> Response:
        """Create a message: always incoming, from the contact (it reopens a resolved conversation)"""
        message = messages().create(contact_identifier, conversation_id, body)
        return answer(message_wire(renderer(), message))


@blp.route(f"{MESSAGES}/<int:message_id>",
           parameters=[INBOX_PARAMETER, CONTACT_PARAMETER, CONVERSATION_PARAMETER])
class MessageViews(MethodView):
    @inbox_key
    @blp.arguments(PublicMessageUpdateSchema, example={"submitted_values": {
        "csat_survey_response": {"rating": 5, "feedback_message": "Great"}}})
    @blp.response(200, PublicMessageSchema)
    @documented(blp, {**MESSAGE_WRITE_ERRORS, 404: f"{UNKNOWN_CONVERSATION}, or a message not in it",
                      422: "An input_csat message older than 14 days (`{\"error\": \"You cannot update the CSAT "
                           "survey after 14 days\"}`), or a field of the wrong type"})
    def patch(self, body: dict[str, Any], inbox_identifier: str, contact_identifier: str, conversation_id: int,
              message_id: int) -> Response:
        """Update a message: store `submitted_values` (form answers, a CSAT rating)"""
        message = messages().update(contact_identifier, conversation_id, message_id, body)
        return answer(message_wire(renderer(), message))
