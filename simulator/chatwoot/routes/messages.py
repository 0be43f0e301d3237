"""/accounts/{account_id}/conversations/{conversation_id}/messages."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from simulator.chatwoot.routes.common import (
    RECORD_ERRORS,
    WRITE_ERRORS,
    answer,
    blueprint,
    bot_endpoint,
    documented,
    endpoint,
    renderer,
    scope,
)
from simulator.chatwoot.schemas.messages import MessageDraftSchema, MessageListSchema, MessageSchema, MessagesQuery
from simulator.chatwoot.store.messages import Messages

blp = blueprint("chatwoot_messages", __name__, "Messages")
MESSAGES = "/accounts/<int:account_id>/conversations/<int:conversation_id>/messages"
LIST_ERRORS = {**RECORD_ERRORS, 422: "`before` or `after` is not a message id"}


def messages() -> Messages:
    return Messages(scope())


@blp.route(MESSAGES)
class MessagesViews(MethodView):
    @endpoint
    @blp.arguments(MessagesQuery, location="query")
    @blp.response(200, MessageListSchema)
    @documented(blp, LIST_ERRORS)
    def get(self, query: dict[str, Any], account_id: int, conversation_id: int) -> Response:
        """List messages, oldest first

        No window: the latest 20. `before`: the 20 before that id. `after`: up to 100 after it.
        Both: up to 1000 from `after` (inclusive) to `before`. Private notes and activity
        messages are included.
        """
        conversation, found = messages().list(conversation_id, query.get("before"), query.get("after"))
        render = renderer()
        return answer({"meta": render.messages_meta(conversation), "payload": [render.message(m) for m in found]})

    @bot_endpoint
    @blp.arguments(MessageDraftSchema, example={"content": "Your order has shipped.", "message_type": "outgoing"})
    @blp.response(200, MessageSchema)
    @documented(blp, WRITE_ERRORS)
    def post(self, body: dict[str, Any], account_id: int, conversation_id: int) -> Response:
        """Create a message (agent bots too)

        Outgoing by default, from the caller; `private: true` makes a note. Incoming messages
        (from the contact) only in API inboxes; any refusal is 422 `{"error": ...}`.
        """
        return answer(renderer().message(messages().create(conversation_id, body)))


@blp.route(f"{MESSAGES}/<int:message_id>")
class MessageByIdViews(MethodView):
    @endpoint
    @blp.response(200, MessageSchema)
    @documented(blp, RECORD_ERRORS)
    def delete(self, account_id: int, conversation_id: int, message_id: int) -> Response:
        """Delete a message: a soft delete that answers the message (`This message was deleted`)"""
        return answer(renderer().message(messages().delete(conversation_id, message_id)))
