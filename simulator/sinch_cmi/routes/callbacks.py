"""/callbacks: callback requests waiting for the callback IVR."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from simulator.sinch_cmi.routes.common import (
    CREATED_DOC,
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
from simulator.sinch_cmi.schemas.callbacks import CallbackCreate, CallbackOut, CallbackQuery, CallbackUpdate
from simulator.sinch_cmi.store.query import guid, limit, parse_sort

blp = CmiBlueprint("sinch_cmi_callbacks", __name__, "Callbacks")
SORTABLE = tuple(CallbackOut().declared_fields)
SEARCHABLE = ("customerNumber",)


@blp.route("/callbacks")
class CallbacksViews(MethodView):
    @endpoint()
    @blp.arguments(CallbackQuery, location="query", unknown="raise")
    @blp.response(200, CallbackOut(many=True))
    @documented(blp, READ_ERRORS)
    def get(self, query: dict[str, Any]) -> Response:
        """Get a list of callbacks

        Needs *Callbacks: View*. `customerNumber` may contain `*` and `?`. Simulator note:
        newest first.
        """
        filters = {name: query[name] for name in SEARCHABLE if name in query}
        return answer(store().list_callbacks(
            filters=filters,
            sort=parse_sort(query.get("sort"), SORTABLE),
            limit=limit(query.get("limit"), default=None),
        ))

    @endpoint()
    @blp.arguments(CallbackCreate, example={"nextCallTime": "2019-10-04T12:36:02.440Z",
                                            "customerNumber": "85412369512", "callbackQueueNumber": "505"})
    @blp.doc(**CREATED_DOC)
    @documented(blp, WRITE_ERRORS)
    def post(self, body: dict[str, Any]) -> Response:
        """Add a new callback

        Needs *Callbacks: Create*. `callbackQueueNumber` must be a phone queue number of the
        system (seeded: 152, 153, 505). The caller is the creator; `failures` starts at 0,
        `lastResult` is ADDED, `nextCallTime` defaults to now, `maxCalls` to 99.
        """
        return created(store().create_callback(
            callback_queue_number=body["callbackQueueNumber"],
            customer_number=body["customerNumber"],
            extra_data=body.get("extraData"),
            gw_prefix=body.get("gwPrefix"),
            next_call_time=body.get("nextCallTime"),
            notes=body.get("notes"),
        ))


@blp.route("/callbacks/<callbackId>")
class CallbackByIdViews(MethodView):
    @endpoint()
    @blp.response(200, CallbackOut)
    @documented(blp, ENTITY_ERRORS)
    def get(self, callbackId: str) -> Response:
        """Get the callback with callbackId = {callbackId}"""
        return answer(store().get_callback(guid(callbackId)))

    @endpoint()
    @blp.arguments(CallbackUpdate)
    @blp.doc(**NO_CONTENT_DOC)
    @documented(blp, {**WRITE_ERRORS, 404: "Not Found"})
    def put(self, body: dict[str, Any], callbackId: str) -> Response:
        """Update the callback with callbackId = {callbackId}

        Needs *Callbacks: Modify*. Only customerNumber, notes, lastResult and nextCallTime are
        updated; others are ignored. nextCallTime is only allowed when lastResult is CUSTOM_TIME
        or RESCHEDULE. Simulator note: BUSY, NO_ANSWER, VOICEMAIL and OTHER add a failure and
        set lastCallTime; the next call follows 5 minutes later until failures reach maxCalls.
        SUCCESSFUL and HANDLED close the callback (no nextCallTime).
        """
        store().update_callback(
            guid(callbackId),
            customer_number=body["customerNumber"],
            notes=body["notes"],
            last_result=body["lastResult"],
            next_call_time=body.get("nextCallTime"),
        )
        return no_content()
