"""/accounts/{account_id}/custom_attribute_definitions and /custom_filters."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from simulator.chatwoot.models import CustomFilter
from simulator.chatwoot.render.custom_attributes import definition_wire
from simulator.chatwoot.render.custom_filters import filter_wire
from simulator.chatwoot.routes.common import (
    MEMBER_ERRORS,
    RECORD_ERRORS,
    WRITE_ERRORS,
    answer,
    blueprint,
    documented,
    endpoint,
    scope,
)
from simulator.chatwoot.schemas.custom_attributes import (
    CustomAttributeQuery,
    CustomAttributeSchema,
    CustomAttributeWriteSchema,
)
from simulator.chatwoot.schemas.custom_filters import CustomFilterQuery, CustomFilterSchema, CustomFilterWriteSchema
from simulator.chatwoot.store.custom_attributes import CustomAttributes
from simulator.chatwoot.store.custom_filters import CustomFilters
from simulator.core.runtime import namespace

blp = blueprint("chatwoot_settings", __name__, "Custom attributes and custom filters")
DEFINITIONS = "/accounts/<int:account_id>/custom_attribute_definitions"
FILTERS = "/accounts/<int:account_id>/custom_filters"


def definitions() -> CustomAttributes:
    return CustomAttributes(scope())


def filters() -> CustomFilters:
    return CustomFilters(scope())


def _filter(found: CustomFilters, custom: CustomFilter) -> dict[str, Any]:
    """The filter's JSON with `count`: the records its query matches now."""
    return filter_wire(custom, found.matching(custom, namespace().clock.now().date()))


def no_content() -> Response:
    return Response(status=204)


@blp.route(DEFINITIONS)
class CustomAttributesViews(MethodView):
    @endpoint
    @blp.arguments(CustomAttributeQuery, location="query")
    @blp.response(200, CustomAttributeSchema(many=True))
    @documented(blp, MEMBER_ERRORS)
    def get(self, query: dict[str, Any], account_id: int) -> Response:
        """List custom attribute definitions (`attribute_model` 0, 1 or a model name; absent: all)"""
        return answer([definition_wire(d) for d in definitions().all(query.get("attribute_model"))])

    @endpoint
    @blp.arguments(CustomAttributeWriteSchema, example={
        "attribute_display_name": "Plan", "attribute_key": "plan", "attribute_display_type": "list",
        "attribute_model": 1, "attribute_values": ["free", "pro"]})
    @blp.response(200, CustomAttributeSchema)
    @documented(blp, WRITE_ERRORS)
    def post(self, body: dict[str, Any], account_id: int) -> Response:
        """Add a custom attribute definition

        422 when the display name, key, type or model is blank or unknown, or the key is taken
        for that model. The body may be wrapped in `custom_attribute_definition`.
        """
        return answer(definition_wire(definitions().create(body)))


@blp.route(f"{DEFINITIONS}/<int:definition_id>")
class CustomAttributeByIdViews(MethodView):
    @endpoint
    @blp.response(200, CustomAttributeSchema)
    @documented(blp, RECORD_ERRORS)
    def get(self, account_id: int, definition_id: int) -> Response:
        """Get a custom attribute definition"""
        return answer(definition_wire(definitions().find(definition_id)))

    @endpoint
    @blp.arguments(CustomAttributeWriteSchema)
    @blp.response(200, CustomAttributeSchema)
    @documented(blp, WRITE_ERRORS)
    def patch(self, body: dict[str, Any], account_id: int, definition_id: int) -> Response:
        """Update a custom attribute definition"""
        return answer(definition_wire(definitions().update(definition_id, body)))

    put = patch

    @endpoint
    @blp.response(204, description="Deleted (204, as the real server)")
    @documented(blp, RECORD_ERRORS)
    def delete(self, account_id: int, definition_id: int) -> Response:
        """Delete a custom attribute definition (204 No Content)"""
        definitions().delete(definition_id)
        return no_content()


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
