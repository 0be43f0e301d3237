"""/accounts/{account_id}/portals: portals bare (list `{payload, meta}`), categories and articles in `payload`."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from simulator.chatwoot.render.help_center import article_wire, category_wire, portal_wire
from simulator.chatwoot.routes.common import (
    MEMBER_ERRORS,
    WRITE_ERRORS,
    answer,
    blueprint,
    current_page,
    documented,
    endpoint,
    scope,
)
from simulator.chatwoot.schemas.help_center import (
    ArticlePayloadSchema,
    ArticleWriteSchema,
    CategoryPayloadSchema,
    CategoryWriteSchema,
    PortalListSchema,
    PortalQuery,
    PortalSchema,
    PortalWriteSchema,
)
from simulator.chatwoot.store.help_center import HelpCenter

blp = blueprint("chatwoot_help_center", __name__, "Help center")
PORTALS = "/accounts/<int:account_id>/portals"
PORTAL = f"{PORTALS}/<portal_slug>"
PORTAL_ERRORS = {**WRITE_ERRORS, 422: "Invalid portal: `{\"message\", \"attributes\"}` on create, "
                                      "`{\"error\": {\"slug\": [\"has already been taken\"]}}` on update"}
NESTED_ERRORS = {**WRITE_ERRORS, 404: "Unknown account or portal",
                 422: "A model validation (`{\"message\", \"attributes\"}`), or a category outside the portal "
                      "(`{\"error\": {\"category_id\": [\"is not a category of this portal\"]}}`)"}
PORTAL_EXAMPLE = {"name": "Help center", "slug": "help", "color": "#1f93ff", "header_text": "Handbook",
                  "page_title": "Help", "config": {"allowed_locales": ["en", "es"], "default_locale": "en"}}


def help_center() -> HelpCenter:
    return HelpCenter(scope())


def _portal(found: HelpCenter, portal: Any) -> Response:
    return answer(portal_wire(found.state, portal))


@blp.route(PORTALS)
class PortalsViews(MethodView):
    @endpoint
    @blp.arguments(PortalQuery, location="query")
    @blp.response(200, PortalListSchema)
    @documented(blp, MEMBER_ERRORS)
    def get(self, query: dict[str, Any], account_id: int) -> Response:
        """Get the portals of the account

        `{"payload": [...], "meta": {"current_page", "portals_count"}}`: every portal, whatever `page` is;
        `current_page` echoes it as sent.
        """
        found = help_center()
        portals = found.portals()
        return answer({"payload": [portal_wire(found.state, p) for p in portals],
                       "meta": {"current_page": current_page(), "portals_count": len(portals)}})

    @endpoint
    @blp.arguments(PortalWriteSchema, example=PORTAL_EXAMPLE)
    @blp.response(200, PortalSchema)
    @documented(blp, PORTAL_ERRORS)
    def post(self, body: dict[str, Any], account_id: int) -> Response:
        """Add a new portal to the account (administrators only; answered bare)

        Read under `portal` (flat JSON works too). name and slug are required; the slug (and a custom
        domain) must be unique across all accounts.
        """
        found = help_center()
        return _portal(found, found.create_portal(body))


@blp.route(PORTAL)
class PortalBySlugViews(MethodView):
    @endpoint
    @blp.arguments(PortalWriteSchema, example={"header_text": "How can we help?"})
    @blp.response(200, PortalSchema)
    @documented(blp, PORTAL_ERRORS)
    def patch(self, body: dict[str, Any], account_id: int, portal_slug: str) -> Response:
        """Update a portal, found by its slug (administrators only; answered bare)

        Applied only when the body has portal fields (under `portal`, or flat). An invalid change gives
        v3.1's rescued `{"error": {"<field>": ["message"]}}`.
        """
        found = help_center()
        return _portal(found, found.update_portal(portal_slug, body))

    put = patch


@blp.route(f"{PORTAL}/categories")
class CategoriesViews(MethodView):
    @endpoint
    @blp.arguments(CategoryWriteSchema, example={"name": "Billing", "slug": "billing", "locale": "en",
                                                 "description": "Invoices and payments", "position": 1})
    @blp.response(200, CategoryPayloadSchema)
    @documented(blp, NESTED_ERRORS)
    def post(self, body: dict[str, Any], account_id: int, portal_slug: str) -> Response:
        """Add a category to a portal (`{"payload": {...}}`)

        Read under `category` (flat JSON works too). name and slug are required; the locale must be one
        of the portal's allowed locales and unique per slug in the portal.
        """
        found = help_center()
        return answer({"payload": category_wire(found.state, found.create_category(portal_slug, body))})


@blp.route(f"{PORTAL}/articles")
class ArticlesViews(MethodView):
    @endpoint
    @blp.arguments(ArticleWriteSchema, example={"title": "Where is my invoice?", "content": "Open Billing, then "
                                                "Invoices.", "author_id": 1, "category_id": 1})
    @blp.response(200, ArticlePayloadSchema)
    @documented(blp, NESTED_ERRORS)
    def post(self, body: dict[str, Any], account_id: int, portal_slug: str) -> Response:
        """Add an article to a portal (`{"payload": {...}}`, always a draft)

        Read under `article` (flat JSON works too). title, content and author_id (a user of the account)
        are required; a category must belong to the portal.
        """
        found = help_center()
        return answer({"payload": article_wire(found.state, found.create_article(portal_slug, body))})
