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
from simulator.robin.answers import bare_when_empty
from simulator.robin.errors import WebshopError, WebshopErrorSchema
from simulator.robin.models import WebshopCustomer, WebshopSettings
from simulator.robin.webshop_schemas import (
    CustomerInformationSchema,
    CustomerLifetimeSchema,
    DetailsViewListSchema,
    OrdersListSchema,
    PanelListSchema,
    WebshopQuerySchema,
)
from simulator.robin.webshop_store import WebshopStore

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
webshop = VendorBlueprint(
    "robin_webshop", __name__, url_prefix="/robin/webshop", description="Example webshop (dynamic integration)"
)
ERRORS = {400: "A required parameter is missing", 401: "Authentication failed", 404: "Not found"}


def _shop() -> WebshopStore:
    return WebshopStore(namespace().state("robin").webshop)


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
    return error_responses(webshop, WebshopErrorSchema, ERRORS)


@webshop.route("/customers")
class CustomerInformationViews(MethodView):
    @webshop_auth
    @webshop.arguments(WebshopQuerySchema, location="query")
    @webshop.response(200, CustomerInformationSchema)
    @documented()
    def get(self, _query: dict[str, Any]) -> dict[str, Any]:
        """Customer information (by email, phone or external identifier)"""
        shop = _shop()
        return shop.customer_information(_customer_from_query(shop))


@webshop.route("/orders")
class OrdersViews(MethodView):
    @webshop_auth
    @webshop.arguments(WebshopQuerySchema, location="query")
    @webshop.response(200, OrdersListSchema, description="Orders list (by email)")
    @webshop.alt_response(
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
            return jsonify(shop.order_details(order))
        email = _param(settings.email_parameter)
        if not email:
            raise WebshopError(f"Provide {settings.email_parameter} or {settings.order_number_parameter}")
        return shop.orders_list(email)


@webshop.route("/search")
class CustomerLifetimeViews(MethodView):
    @webshop_auth
    @webshop.arguments(WebshopQuerySchema, location="query")
    @webshop.response(200, CustomerLifetimeSchema)
    @documented()
    def get(self, _query: dict[str, Any]) -> dict[str, Any]:
        """Customer lifetime (by email)"""
        shop = _shop()
        return shop.customer_lifetime(_customer_from_query(shop))


@webshop.route("/customerpanellist")
class CustomPanelListViews(MethodView):
    @webshop_auth
    @webshop.arguments(WebshopQuerySchema, location="query")
    @webshop.response(200, PanelListSchema)
    @documented()
    def get(self, _query: dict[str, Any]) -> Any:
        """Custom panel list (by email, phone or external identifier)"""
        shop = _shop()
        return jsonify(shop.panel_list(_customer_from_query(shop)))


@webshop.route("/custompaneldetails")
class CustomPanelDetailsViews(MethodView):
    @webshop_auth
    @webshop.arguments(WebshopQuerySchema, location="query")
    @webshop.response(200, DetailsViewListSchema)
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
        fallback = [{"display_as": "details", "data": {"description": item.description, **item.fields}}]
        return {"details_view": item.details_view or fallback}


BLUEPRINTS = [webshop]
bare_when_empty(*BLUEPRINTS)
