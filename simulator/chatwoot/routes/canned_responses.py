"""/accounts/{account_id}/canned_responses: saved replies of the account."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from simulator.chatwoot.render.canned_responses import canned_response_wire
from simulator.chatwoot.routes.common import (
    MEMBER_ERRORS,
    RECORD_ERRORS,
    WRITE_ERRORS,
    answer,
    blueprint,
    documented,
    empty,
    endpoint,
    scope,
)
from simulator.chatwoot.schemas.canned_responses import (
    CannedResponseQuery,
    CannedResponseSchema,
    CannedResponseWriteSchema,
)
from simulator.chatwoot.store.canned_responses import CannedResponses

blp = blueprint("chatwoot_canned_responses", __name__, "Canned responses")


def canned_responses() -> CannedResponses:
    return CannedResponses(scope())


@blp.route("/accounts/<int:account_id>/canned_responses")
class CannedResponsesViews(MethodView):
    @endpoint
    @blp.arguments(CannedResponseQuery, location="query")
    @blp.response(200, CannedResponseSchema(many=True))
    @documented(blp, MEMBER_ERRORS)
    def get(self, query: dict[str, Any], account_id: int) -> Response:
        """List all canned responses in an account

        `search` matches short code or content, case-insensitively. Raw records (ISO times).
        """
        return answer([canned_response_wire(c) for c in canned_responses().all(query.get("search"))])

    @endpoint
    @blp.arguments(CannedResponseWriteSchema, example={"short_code": "thanks", "content": "Thank you!"})
    @blp.response(200, CannedResponseSchema)
    @documented(blp, WRITE_ERRORS)
    def post(self, body: dict[str, Any], account_id: int) -> Response:
        """Add a new canned response

        Any member. 422 when short_code or content is blank, or short_code is taken.
        """
        canned = canned_responses().create(short_code=body.get("short_code"), content=body.get("content"))
        return answer(canned_response_wire(canned))


@blp.route("/accounts/<int:account_id>/canned_responses/<int:canned_response_id>")
class CannedResponseByIdViews(MethodView):
    @endpoint
    @blp.arguments(CannedResponseWriteSchema)
    @blp.response(200, CannedResponseSchema)
    @documented(blp, WRITE_ERRORS)
    def patch(self, body: dict[str, Any], account_id: int, canned_response_id: int) -> Response:
        """Update a canned response"""
        changes = {k: v for k, v in body.items() if k in ("short_code", "content")}
        return answer(canned_response_wire(canned_responses().update(canned_response_id, changes)))

    put = patch

    @endpoint
    @blp.response(200, description="Deleted (empty body)")
    @documented(blp, RECORD_ERRORS)
    def delete(self, account_id: int, canned_response_id: int) -> Response:
        """Delete a canned response"""
        canned_responses().delete(canned_response_id)
        return empty()
