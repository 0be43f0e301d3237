"""/messages: scheduled outbound messages (SMS, WhatsApp, …) delivered as the clock passes sendTime."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from simulator.sinch_cmi.routes.common import (
    CREATED_DOC,
    DELETE_ERRORS,
    ENTITY_ERRORS,
    NO_CONTENT_DOC,
    READ_ERRORS,
    WRITE_ERRORS,
    CmiBlueprint,
    answer,
    created,
    documented,
    endpoint,
    no_content,
    store,
)
from simulator.sinch_cmi.schemas.messages import MessageOut, MessageQuery, MessageWrite
from simulator.sinch_cmi.store.query import guid, limit, moment, parse_sort

blp = CmiBlueprint("sinch_cmi_messages", __name__, "Scheduled messages")
SORTABLE = ("id", "message", "source", "subType", "sendTime", "creationTime", "maxRetryCount", "retryDelay",
            "contentType")
SEARCHABLE = ("source", "subType")
EXAMPLE = {
    "destinations": [{"address": "+36584215"}, {"address": "854125477"}],
    "message": "It's time do yearly maintenance for your Mercedes.",
    "source": "12345678@sms.social365.com", "subType": "sms", "sendTime": "2030-03-12T12:36:01.320Z",
    "maxRetryCount": 2, "retryDelay": 300,
}


def _fields(body: dict[str, Any]) -> dict[str, Any]:
    return {
        "message": body["message"],
        "source": body["source"],
        "sub_type": body["subType"],
        "send_time": body.get("sendTime"),
        "max_retry_count": body["maxRetryCount"],
        "retry_delay": body["retryDelay"],
        "content_type": body["contentType"],
        "destinations": [d["address"] for d in body["destinations"]],
    }


@blp.route("/messages")
class MessagesViews(MethodView):
    @endpoint()
    @blp.arguments(MessageQuery, location="query", unknown="raise")
    @blp.response(200, MessageOut(many=True))
    @documented(blp, READ_ERRORS)
    def get(self, query: dict[str, Any]) -> Response:
        """Get a list of messages

        Needs *Queue: Messaging*. `source` and `subType` take `*` and `?`. Destination statuses
        follow the clock: ADDED until sendTime, PROCESSING while delivering, then HANDLED, or
        FAILED once the retries (maxRetryCount, retryDelay seconds apart) are used up.
        """
        filters = {name: query[name] for name in SEARCHABLE if name in query}
        return answer(store().list_messages(
            filters=filters,
            send_from=moment(query.get("sendTime"), "sendTime"),
            send_until=moment(query.get("sendTimeEnd"), "sendTimeEnd"),
            created_from=moment(query.get("creationTime"), "creationTime"),
            created_until=moment(query.get("creationTimeEnd"), "creationTimeEnd"),
            sort=parse_sort(query.get("sort"), SORTABLE),
            limit=limit(query.get("limit"), default=None),
        ))

    @endpoint()
    @blp.arguments(MessageWrite, example=EXAMPLE)
    @blp.doc(**CREATED_DOC)
    @documented(blp, WRITE_ERRORS)
    def post(self, body: dict[str, Any]) -> Response:
        """Schedule a message

        `source` must be an existing chat queue address (seeded: `12345678@sms.social365.com`,
        `11ERHG2PJ0NJKMNF7WRTR9Y1551@whatsapp.sinchconversation.com`). `sendTime` defaults to
        now. Simulator note: a phone-based sub type (sms, whatsapp) fails for an address that is
        not a phone number, and WhatsApp fails for an address whose WhatsApp consent is false.
        """
        return created(store().create_message(**_fields(body)))


@blp.route("/messages/<messageId>")
class MessageByIdViews(MethodView):
    @endpoint()
    @blp.response(200, MessageOut)
    @documented(blp, ENTITY_ERRORS)
    def get(self, messageId: str) -> Response:
        """Get the message with messageId = {messageId}"""
        return answer(store().get_message(guid(messageId)))

    @endpoint()
    @blp.arguments(MessageWrite, example=EXAMPLE)
    @blp.doc(**NO_CONTENT_DOC)
    @documented(blp, {**WRITE_ERRORS, 404: "Not Found"})
    def put(self, body: dict[str, Any], messageId: str) -> Response:
        """Update the message with messageId = {messageId}; provide all properties

        All fields are replaced and the delivery schedule restarts from the new sendTime.
        """
        store().update_message(guid(messageId), **_fields(body))
        return no_content()

    @endpoint()
    @blp.doc(**NO_CONTENT_DOC)
    @documented(blp, DELETE_ERRORS)
    def delete(self, messageId: str) -> Response:
        """Delete the message"""
        store().delete_message(guid(messageId))
        return no_content()
