"""The example webshop at /robin/webshop: the endpoints ROBIN's dynamic integration calls."""

from __future__ import annotations

import hmac
from typing import Any

from flask import jsonify, request
from flask.views import MethodView

from simulator.core.api import VendorBlueprint, error_responses
from simulator.core.guard import Guard, Principal
from simulator.core.runtime import namespace
from simulator.core.schemes import Credentials, HttpBasic
from simulator.core.storage import Namespace
from simulator.robin.models import WebshopCustomer, WebshopSettings
from simulator.robin.render.empty import bare_when_empty
from simulator.robin.webshop.errors import WebshopError, WebshopErrorSchema
from simulator.robin.webshop.render import (
    customer_information,
    customer_lifetime,
    order_details,
    orders_list,
    panel_details,
    panel_list,
)
from simulator.robin.webshop.schemas import (
    CustomerInformationSchema,
    CustomerLifetimeSchema,
    DetailsViewListSchema,
    OrdersListSchema,
    PanelListSchema,
    WebshopQuerySchema,
)
from simulator.robin.webshop.store import WebshopStore

BASIC = HttpBasic("webshopBasic", "The pre-shared key and secret configured in ROBIN's dynamic integration")


def _settings(ns: Namespace) -> WebshopSettings:
    return ns.state("robin").webshop.settings


def _authenticate(credentials: Credentials | None, ns: Namespace) -> Principal | None:
    settings = _settings(ns)
    if not credentials:
        return None
    key, secret = credentials
    valid = hmac.compare_digest(key.encode(), settings.api_key.encode()) and hmac.compare_digest(
        secret.encode(), settings.api_secret.encode()
    )
    return Principal(key) if valid else None


webshop_auth = Guard("robin-webshop", BASIC, _authenticate, lambda _: WebshopError("Authentication failed", status=401))
blp = VendorBlueprint(
    "robin_webshop", __name__, url_prefix="/robin/webshop", description="Example webshop (dynamic integration)"
)
ERRORS = {400: "A required parameter is missing", 401: "Authentication failed", 404: "Not found"}


def _shop() -> WebshopStore:
    return WebshopStore(namespace().state("robin").webshop)


def _symbol(shop: WebshopStore) -> str:
    return shop.shop.settings.currency_symbol


def _param(name: str) -> str:
    return request.args.get(name, "").strip()


def _customer_from_query(shop: WebshopStore) -> WebshopCustomer:
    """The customer named by the query's email, phone or external identifier (parameter names as configured)."""
    settings = shop.shop.settings
    return shop.require_customer(
        email=_param(settings.email_parameter),
        phone=_param(settings.phone_parameter),
        external_identifier=_param(settings.external_identifier_parameter),
    )


def documented() -> Any:
    return error_responses(blp, WebshopErrorSchema, ERRORS)


@blp.route("/customers")
class CustomerInformationViews(MethodView):
    @webshop_auth
    @blp.arguments(WebshopQuerySchema, location="query")
    @blp.response(200, CustomerInformationSchema)
    @documented()
    def get(self, _query: dict[str, Any]) -> dict[str, Any]:
        """Customer information (by email, phone or external identifier)"""
        shop = _shop()
        customer = _customer_from_query(shop)
        return customer_information(customer, shop.orders_of(customer.email_address), _symbol(shop))


@blp.route("/orders")
class OrdersViews(MethodView):
    @webshop_auth
    @blp.arguments(WebshopQuerySchema, location="query")
    @blp.response(200, OrdersListSchema, description="Orders list (by email)")
    @blp.alt_response(
        200,
        schema={"oneOf": [OrdersListSchema, DetailsViewListSchema]},
        description="Orders list (by email) or order details (by order number)",
        success=True,
    )
    @documented()
    def get(self, _query: dict[str, Any]) -> Any:
        """Orders list (by email) or order details (by order number)

        Both live at /orders, as in the documentation: the order-number parameter asks for the
        details_view of one order, the email parameter for the customer's list.
        """
        shop = _shop()
        settings = shop.shop.settings
        number = _param(settings.order_number_parameter)
        if number:
            return jsonify(order_details(shop.require_order(number), _symbol(shop)))
        return orders_list(shop.orders_by_email(_param(settings.email_parameter)), _symbol(shop))


@blp.route("/search")
class CustomerLifetimeViews(MethodView):
    @webshop_auth
    @blp.arguments(WebshopQuerySchema, location="query")
    @blp.response(200, CustomerLifetimeSchema)
    @documented()
    def get(self, _query: dict[str, Any]) -> dict[str, Any]:
        """Customer lifetime (by email)"""
        shop = _shop()
        customer = _customer_from_query(shop)
        return customer_lifetime(customer, shop.orders_of(customer.email_address), _symbol(shop))


@blp.route("/customerpanellist")
class CustomPanelListViews(MethodView):
    @webshop_auth
    @blp.arguments(WebshopQuerySchema, location="query")
    @blp.response(200, PanelListSchema)
    @documented()
    def get(self, _query: dict[str, Any]) -> Any:
        """Custom panel list (by email, phone or external identifier)"""
        shop = _shop()
        return jsonify(panel_list(shop.panel_items_of(_customer_from_query(shop))))


@blp.route("/custompaneldetails")
class CustomPanelDetailsViews(MethodView):
    @webshop_auth
    @blp.arguments(WebshopQuerySchema, location="query")
    @blp.response(200, DetailsViewListSchema)
    @documented()
    def get(self, _query: dict[str, Any]) -> dict[str, Any]:
        """Custom panel details (by item id)"""
        shop = _shop()
        return panel_details(shop.require_panel_item(_param(shop.shop.settings.panel_id_parameter)))


BLUEPRINTS = [blp]
bare_when_empty(*BLUEPRINTS)
