"""/emails: emails of the operative database (each one is also a contact)."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from simulator.sinch_cmi.routes.common import (
    ENTITY_ERRORS,
    READ_ERRORS,
    CmiBlueprint,
    answer,
    documented,
    endpoint,
    store,
)
from simulator.sinch_cmi.schemas.emails import EmailByIdQuery, EmailOut, EmailQuery
from simulator.sinch_cmi.store.query import guid, limit, parse_sort

blp = CmiBlueprint("sinch_cmi_emails", __name__, "Emails")
SORTABLE = (*EmailOut().declared_fields, "from_queue.id", "from_queue.name")


@blp.route("/emails")
class EmailsViews(MethodView):
    @endpoint()
    @blp.arguments(EmailQuery, location="query", unknown="raise")
    @blp.response(200, EmailOut(many=True))
    @documented(blp, READ_ERRORS)
    def get(self, query: dict[str, Any]) -> Response:
        """Get a list of emails

        Needs *Manage contact history* for the email's queue, or for the user's own emails.
        Simulator note: newest first by default; `sort` and `limit` follow the RI conventions;
        `includeAttachedData=true` adds `attachedData` (key/value pairs).
        """
        return answer(store().list_emails(
            case_id=query.get("case_id"),
            cid=query.get("cid"),
            attached_data=query.get("includeAttachedData", False),
            sort=parse_sort(query.get("sort"), SORTABLE),
            limit=limit(query.get("limit")),
        ))


@blp.route("/emails/<emailId>")
class EmailByIdViews(MethodView):
    @endpoint()
    @blp.arguments(EmailByIdQuery, location="query", unknown="raise")
    @blp.response(200, EmailOut)
    @documented(blp, ENTITY_ERRORS)
    def get(self, query: dict[str, Any], emailId: str) -> Response:
        """Get the email with emailId = {emailId}"""
        return answer(store().get_email(guid(emailId), attached_data=query.get("includeAttachedData", False)))
