"""/accounts/{account_id}/custom_filters: the caller's own saved filters, each with the count it matches now."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from simulator.chatwoot.models import CustomFilter
from simulator.chatwoot.render.custom_filters import filter_wire
from simulator.chatwoot.routes.common import (
    MEMBER_ERRORS,
    RECORD_ERRORS,
    WRITE_ERRORS,
    answer,
    documented,
    endpoint,
    no_content,
    scope,
)
from simulator.chatwoot.routes.custom_attributes import blp  # the settings blueprint, after the definitions' views
from simulator.chatwoot.schemas.custom_filters import CustomFilterQuery, CustomFilterSchema, CustomFilterWriteSchema
from simulator.chatwoot.store.custom_filters import CustomFilters
from simulator.core.runtime import namespace

FILTERS = "/accounts/<int:account_id>/custom_filters"


def filters() -> CustomFilters:
    return CustomFilters(scope())


def _filter(found: CustomFilters, custom: CustomFilter) -> dict[str, Any]:
    """The filter's JSON with `count`: the records its query matches now."""
    return filter_wire(custom, found.matching(custom, namespace().clock.now().date()))


@blp.route(FILTERS)
class CustomFiltersViews(MethodView):
    @endpoint
    @blp.arguments(CustomFilterQuery, location="query")
    @blp.response(200, CustomFilterSchema(many=True))
    @documented(blp, MEMBER_ERRORS)
    def get(self, query: dict[str, Any], account_id: int) -> Response:
        """List the caller's own custom filters of one `filter_type` (default conversation)"""
        found = filters()
        return answer([_filter(found, f) for f in found.all(query.get("filter_type"))])

    @endpoint
    @blp.arguments(CustomFilterWriteSchema, example={"name": "Open VIP", "filter_type": "conversation",
                                                     "query": {"payload": []}})
    @blp.response(200, CustomFilterSchema)
    @documented(blp, WRITE_ERRORS)
    def post(self, body: dict[str, Any], account_id: int) -> Response:
        """Create a custom filter

        The key is `filter_type` (the documented `type` is ignored, as by the real server). At
        most 50 filters per user and account (422).
        """
        found = filters()
        return answer(_filter(found, found.create(body)))


@blp.route(f"{FILTERS}/<int:custom_filter_id>")
class CustomFilterByIdViews(MethodView):
    @endpoint
    @blp.arguments(CustomFilterQuery, location="query")
    @blp.response(200, CustomFilterSchema)
    @documented(blp, RECORD_ERRORS)
    def get(self, query: dict[str, Any], account_id: int, custom_filter_id: int) -> Response:
        """Get a custom filter

        v3.1 quirk kept: the lookup is scoped to `filter_type` (default conversation), so a contact
        filter is a 404 unless `?filter_type=contact` is sent.
        """
        found = filters()
        return answer(_filter(found, found.find(custom_filter_id, query.get("filter_type"))))

    @endpoint
    @blp.arguments(CustomFilterQuery, location="query")
    @blp.arguments(CustomFilterWriteSchema)
    @blp.response(200, CustomFilterSchema)
    @documented(blp, WRITE_ERRORS)
    def patch(self, query: dict[str, Any], body: dict[str, Any], account_id: int, custom_filter_id: int) -> Response:
        """Update a custom filter (same `filter_type` scoping)"""
        found = filters()
        return answer(_filter(found, found.update(custom_filter_id, query.get("filter_type"), body)))

    put = patch

    @endpoint
    @blp.arguments(CustomFilterQuery, location="query")
    @blp.response(204, description="Deleted (204, as the real server)")
    @documented(blp, RECORD_ERRORS)
    def delete(self, query: dict[str, Any], account_id: int, custom_filter_id: int) -> Response:
        """Delete a custom filter (204 No Content)"""
        filters().delete(custom_filter_id, query.get("filter_type"))
        return no_content()
