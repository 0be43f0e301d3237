"""/accounts/{account_id}/custom_attribute_definitions: list, add, get, update and delete definitions."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from simulator.chatwoot.render.custom_attributes import definition_wire
from simulator.chatwoot.routes.common import (
    MEMBER_ERRORS,
    RECORD_ERRORS,
    WRITE_ERRORS,
    answer,
    blueprint,
    documented,
    endpoint,
    no_content,
    scope,
)
from simulator.chatwoot.schemas.custom_attributes import (
    CustomAttributeQuery,
    CustomAttributeSchema,
    CustomAttributeWriteSchema,
)
from simulator.chatwoot.store.custom_attributes import CustomAttributes

# One blueprint for the account's settings: routes/custom_filters.py registers its views on it too (one tag group).
blp = blueprint("chatwoot_settings", __name__, "Custom attributes and custom filters")
DEFINITIONS = "/accounts/<int:account_id>/custom_attribute_definitions"


def definitions() -> CustomAttributes:
    return CustomAttributes(scope())


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
