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
    settings = shop.shop.settings
    email = _param(settings.email_parameter)
    phone = _param(settings.phone_parameter)
    external = _param(settings.external_identifier_parameter)
    if not (email or phone or external):
        raise WebshopError(
            f"Provide {settings.email_parameter}, {settings.phone_parameter} or "
            f"{settings.external_identifier_parameter}"
        )
    customer = shop.find_customer(email=email, phone=phone, external_identifier=external)
    if customer is None:
        field, value = next((f, v) for f, v in (("email", email), ("phone", phone), ("identifier", external)) if v)
        raise WebshopError(f"Could not find customer defined by {field} {value}.", status=404)
    return customer


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
            order = shop.order(number)
            if order is None:
                raise WebshopError(f"Could not find order defined by number {number}.", status=404)
            return jsonify(order_details(order, _symbol(shop)))
        email = _param(settings.email_parameter)
        if not email:
            raise WebshopError(f"Provide {settings.email_parameter} or {settings.order_number_parameter}")
        return orders_list(shop.orders_of(email), _symbol(shop))


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
        parameter = shop.shop.settings.panel_id_parameter
        item_id = _param(parameter)
        if not item_id:
            raise WebshopError(f"Provide {parameter}")
        item = shop.panel_item(item_id)
        if item is None:
            raise WebshopError(f"Could not find item defined by id {item_id}.", status=404)
        return panel_details(item)


BLUEPRINTS = [blp]
bare_when_empty(*BLUEPRINTS)
