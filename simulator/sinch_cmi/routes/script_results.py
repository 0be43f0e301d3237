"""/scriptResults: answers given in call scripts, linked to existing contacts."""

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
from simulator.sinch_cmi.schemas.script_results import ScriptResultCreate, ScriptResultOut, ScriptResultQuery
from simulator.sinch_cmi.store.query import guid, limit, optional_guid, parse_sort

blp = CmiBlueprint("sinch_cmi_script_results", __name__, "Script results")
SORTABLE = tuple(ScriptResultOut().declared_fields)


@blp.route("/scriptResults")
class ScriptResultsViews(MethodView):
    @endpoint()
    @blp.arguments(ScriptResultQuery, location="query", unknown="raise")
    @blp.response(200, ScriptResultOut(many=True))
    @documented(blp, READ_ERRORS)
    def get(self, query: dict[str, Any]) -> Response:
        """Get a list of scriptResults

        Needs *Manage contact history* (queue or own contacts) or *Outbound customer: View*
        (script results of outbound calls). Simulator note: oldest first by default.
        """
        return answer(store().list_script_results(
            contact_id=optional_guid(query.get("contact_id")),
            originalcontact_id=optional_guid(query.get("originalcontact_id")),
            sort=parse_sort(query.get("sort"), SORTABLE),
            limit=limit(query.get("limit")),
        ))

    @endpoint()
    @blp.arguments(ScriptResultCreate)
    @blp.doc(**CREATED_DOC)
    @documented(blp, WRITE_ERRORS)
    def post(self, body: dict[str, Any]) -> Response:
        """Add a script result

        Not in the vendor's page; the RI rights page lists it. Simulator note: the body has the
        shape of a fetched script result without ids (question and answer ids are optional);
        `contact_id` must be an existing contact, which then reports `script: true`.
        """
        return created(store().create_script_result(
            script_id=body["script_id"],
            name=body["name"],
            contact_id=body["contact_id"],
            originalcontact_id=body.get("originalcontact_id"),
            modificationtime=body.get("modificationtime"),
            scriptquestions=body["scriptquestions"],
        ))


@blp.route("/scriptResults/<scriptResultId>")
class ScriptResultByIdViews(MethodView):
    @endpoint()
    @blp.response(200, ScriptResultOut)
    @documented(blp, ENTITY_ERRORS)
    def get(self, scriptResultId: str) -> Response:
        """Get the scriptResult with scriptResultId = {scriptResultId}"""
        return answer(store().get_script_result(guid(scriptResultId)))
