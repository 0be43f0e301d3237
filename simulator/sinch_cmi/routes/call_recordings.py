"""/callRecordings and their listen logs."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from simulator.sinch_cmi.routes.common import (
    CREATED_DOC,
    ENTITY_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    CmiBlueprint,
    answer,
    created,
    documented,
    endpoint,
    store,
)
from simulator.sinch_cmi.schemas.base import LanguageQuery
from simulator.sinch_cmi.schemas.call_recordings import ListenLogCreate, ListenLogOut, RecordingOut, RecordingQuery
from simulator.sinch_cmi.store.query import guid, limit, moment, optional_guid, parse_sort

blp = CmiBlueprint("sinch_cmi_call_recordings", __name__, "Call recordings")
SORTABLE = tuple(RecordingOut().declared_fields)


@blp.route("/callRecordings")
class CallRecordingsViews(MethodView):
    @endpoint()
    @blp.arguments(RecordingQuery, location="query", unknown="raise")
    @blp.response(200, RecordingOut(many=True))
    @documented(blp, READ_ERRORS)
    def get(self, query: dict[str, Any]) -> Response:
        """Get a list of callRecordings

        Needs *Phone queue: Listen to recording*. `listen_log` comes only with a single
        recording. Simulator note: newest first.
        """
        return answer(store().list_recordings(
            call_id=optional_guid(query.get("call_id")),
            contact_id=optional_guid(query.get("contact_id")),
            start_time=moment(query.get("start_time"), "start_time"),
            end_time=moment(query.get("end_time"), "end_time"),
            sort=parse_sort(query.get("sort"), SORTABLE),
            limit=limit(query.get("limit")),
        ))


@blp.route("/callRecordings/<callRecordingId>")
class CallRecordingByIdViews(MethodView):
    @endpoint()
    @blp.arguments(LanguageQuery, location="query", unknown="raise")
    @blp.response(200, RecordingOut)
    @documented(blp, ENTITY_ERRORS)
    def get(self, _query: dict[str, Any], callRecordingId: str) -> Response:
        """Get the callRecording with callRecordingId = {callRecordingId}, with its listen log"""
        return answer(store().get_recording(guid(callRecordingId)))


@blp.route("/callRecordings/<callRecordingId>/listenLog")
class ListenLogViews(MethodView):
    @endpoint()
    @blp.arguments(LanguageQuery, location="query", unknown="raise")
    @blp.response(200, ListenLogOut(many=True))
    @documented(blp, ENTITY_ERRORS)
    def get(self, _query: dict[str, Any], callRecordingId: str) -> Response:
        """Get a list of listenLog"""
        return answer(store().list_listen_log(guid(callRecordingId)))

    @endpoint()
    @blp.arguments(ListenLogCreate, example={"description": "listened because",
                                             "userSessionId": "6936084DBA3C4941C80F2CB2E3EC00E3"})
    @blp.doc(**CREATED_DOC)
    @documented(blp, {**WRITE_ERRORS, 404: "Not Found"})
    def post(self, body: dict[str, Any], callRecordingId: str) -> Response:
        """Add a new listenLog

        The logged-in user is recorded as the listener; `time_stamp` defaults to the server time.
        """
        return created(store().add_listen_log(
            guid(callRecordingId),
            description=body["description"],
            user_session_id=body["userSessionId"],
            time_stamp=body.get("time_stamp"),
        ))
