"""/public/api/v1/inboxes/{inbox_identifier}/contacts/{contact_identifier}/conversations: the contact's."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from simulator.chatwoot.public.render.conversations import conversation_wire
from simulator.chatwoot.public.routes.common import (
    CONTACT_PARAMETER,
    CONVERSATIONS,
    INBOX_PARAMETER,
    MALFORMED,
    UNKNOWN_CONTACT,
    blp,
    contact_scope,
    inbox,
    inbox_key,
    renderer,
)
from simulator.chatwoot.public.schemas.conversations import PublicConversationSchema, PublicConversationWriteSchema
from simulator.chatwoot.public.store.conversations import PublicConversations
from simulator.chatwoot.routes.common import answer, documented

CONVERSATION_WRITE_ERRORS = {400: MALFORMED, 404: UNKNOWN_CONTACT, 422: "A field of the wrong type"}


def conversations() -> PublicConversations:
    return PublicConversations(contact_scope(), inbox())


@blp.route(CONVERSATIONS, parameters=[INBOX_PARAMETER, CONTACT_PARAMETER])
class ConversationsViews(MethodView):
    @inbox_key
    @blp.response(200, PublicConversationSchema(many=True))
    @documented(blp, {404: UNKNOWN_CONTACT})
    def get(self, inbox_identifier: str, contact_identifier: str) -> Response:
        """List the contact inbox's conversations (a plain array, oldest first)"""
        render = renderer()
        return answer([conversation_wire(render, cv) for cv in conversations().all(contact_identifier)])

    @inbox_key
    @blp.arguments(PublicConversationWriteSchema, example={})
    @blp.response(200, PublicConversationSchema)
    @documented(blp, CONVERSATION_WRITE_ERRORS)
    def post(self, body: dict[str, Any], inbox_identifier: str, contact_identifier: str) -> Response:
        """Create a conversation (pending when the inbox has an agent bot; custom attributes ignored)"""
        conversation = conversations().create(contact_identifier)
        return answer(conversation_wire(renderer(), conversation))
