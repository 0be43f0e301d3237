"""/chats: chat discussions (each one is also a contact)."""

from __future__ import annotations

from typing import Any

from flask import Response, request
from flask.views import MethodView

from simulator.core.guard import principal
from simulator.core.json_text import text_answer, written
from simulator.core.read_cache import KEPT_ITEMS, remembered
from simulator.core.runtime import reads_only
from simulator.sinch_cmi.routes.common import (
    CREATED_DOC,
    ENTITY_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    CmiBlueprint,
    answer,
    cmi_state,
    created,
    documented,
    endpoint,
    store,
)
from simulator.sinch_cmi.schemas.base import LanguageQuery
from simulator.sinch_cmi.schemas.chats import ChatCreate, ChatOut, ChatQuery
from simulator.sinch_cmi.store.query import guid, limit, parse_sort

blp = CmiBlueprint("sinch_cmi_chats", __name__, "Chats")
SORTABLE = (*ChatOut().declared_fields, "from_queue.id", "from_queue.name")


@blp.route("/chats")
class ChatsViews(MethodView):
    @reads_only
    @endpoint()
    @blp.arguments(ChatQuery, location="query", unknown="raise")
    @blp.response(200, ChatOut(many=True))
    @documented(blp, READ_ERRORS)
    def get(self, query: dict[str, Any]) -> Response:
        """Get a list of chats

        `participants` and `transcript` are left out (they come with a single chat). Simulator
        note: newest first; filters compare whole values, case-insensitively.
        """
        def listed() -> list[dict[str, Any]]:
            return store().list_chats(
                originator=query.get("originator"),
                destination=query.get("destination"),
                channel_sub_type=query.get("channel_sub_type"),
                sort=parse_sort(query.get("sort"), SORTABLE),
                limit=limit(query.get("limit")),
            )

        def kept() -> str | list[dict[str, Any]]:
            chats = listed()
            text = written(chats)
            return chats if text is None else text  # the list itself where jsonify indents (debug mode)

        if (limit(query.get("limit")) or 0) > KEPT_ITEMS:
            return answer(listed())
        # A chat of the list reads no clock: the answer's text is kept for the generation.
        made = remembered(cmi_state(), ("chats", principal().subject.id, request.query_string), kept)
        return text_answer(made) if isinstance(made, str) else answer(made)

    @endpoint()
    @blp.arguments(ChatCreate, example={
        "originator": "sam.i.am@greeneggs.ham", "destination": "support@chat.example.com",
        "from_queue": {"id": "<a chat queue id>"}, "title": "Discussion with Bot", "channel_type": "chat",
        "channel_sub_type": "text", "participants": [{"alias": "Sam", "uniquekey": "sam.i.am@greeneggs.ham"}],
        "transcript": {"messages": [{"message": "I would like to talk to a human agent",
                                     "originator": "sam.i.am@greeneggs.ham"}]},
    })
    @blp.doc(**CREATED_DOC)
    @documented(blp, WRITE_ERRORS)
    def post(self, body: dict[str, Any]) -> Response:
        """Add a chat (e.g. a bot discussion handed to a queue, or an outbound message)

        The chat also appears in `/contacts`. Simulator note: `from_queue.id` must be a chat
        queue; an inbound chat (`chat`) waits in the queue (InQueue) and its totalDuration grows
        with the clock; an outbound one (`chatout`) is Handled at once. Transcript lines may
        carry `timestamp` or `timeStamp` (default: now).
        """
        return created(store().create_chat(
            channel_type=body["channel_type"],
            channel_sub_type=body["channel_sub_type"],
            originator=body["originator"],
            destination=body["destination"],
            title=body["title"],
            queue_id=body["from_queue"]["id"],
            participants=body["participants"],
            transcript=body["transcript"]["messages"],
            date_created=body.get("date_created"),
        ))


@blp.route("/chats/<chatId>")
class ChatByIdViews(MethodView):
    @endpoint()
    @blp.arguments(LanguageQuery, location="query", unknown="raise")
    @blp.response(200, ChatOut)
    @documented(blp, ENTITY_ERRORS)
    def get(self, _query: dict[str, Any], chatId: str) -> Response:
        """Get the chat with chatId = {chatId}, with participants and transcript"""
        return answer(store().get_chat(guid(chatId)))
