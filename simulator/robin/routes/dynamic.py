"""POST /dynamic/customers and /dynamic/orders, and the legacy /customers and /orders: pushes to ROBIN."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from simulator.core.api import VendorBlueprint
from simulator.robin.render.empty import empty
from simulator.robin.routes.common import basic_auth, documented, store
from simulator.robin.schemas.customers import CustomerBatchSchema, LegacyCustomerBatchSchema
from simulator.robin.schemas.orders import LegacyOrderBatchSchema, OrderBatchSchema

blp = VendorBlueprint("robin_dynamic", __name__, url_prefix="/robin", description="Push customers and orders to ROBIN")


@blp.route("/dynamic/customers")
class DynamicCustomersViews(MethodView):
    @basic_auth
    @blp.arguments(CustomerBatchSchema, example={"customers": []})
    @blp.response(201, description="Created")
    @documented(blp)
    def post(self, batch: dict[str, Any]) -> Response:
        """Create or update customers (upsert by email address)

        Updates the customer lifetime figures shown for older conversations. `{"customers": []}`
        is a valid request (real clients send it as a connectivity check).

        Simulator note: a bare JSON array is accepted as well as `{"customers": [...]}`; unknown
        fields are ignored; `last_order_date` may be omitted (real clients omit it); dates may
        carry `Z`, `+01:00` or `+0100`. The whole batch is validated before anything is stored.
        """
        store().upsert_customers(customers=batch["customers"])
        return empty(201)


@blp.route("/dynamic/orders")
class DynamicOrdersViews(MethodView):
    @basic_auth
    @blp.arguments(OrderBatchSchema, example={"orders": []})
    @blp.response(201, description="Created")
    @documented(blp)
    def post(self, batch: dict[str, Any]) -> Response:
        """Create or update orders (upsert by order_number)

        A repeated order_number updates the order. Simulator note: when an update carries no
        `old_revenue` / `old_profit`, the previously stored figures become the old ones; the
        difference is recorded as a sales event (acquisition when `is_first_order`, else
        retention), visible in the admin state export.
        """
        store().upsert_orders(orders=batch["orders"])
        return empty(201)


@blp.route("/customers")
class LegacyCustomersViews(MethodView):
    @basic_auth
    @blp.arguments(LegacyCustomerBatchSchema, example={"customers": []})
    @blp.response(201, description="Created")
    @documented(blp)
    def post(self, batch: dict[str, Any]) -> Response:
        """Create or update customers (legacy, non-dynamic endpoint)

        Used by older clients, which may send a bare JSON array. Only `email_address` is required.
        """
        store().upsert_customers(customers=batch["customers"])
        return empty(201)


@blp.route("/orders")
class LegacyOrdersViews(MethodView):
    @basic_auth
    @blp.arguments(LegacyOrderBatchSchema, example={"orders": []})
    @blp.response(201, description="Created")
    @documented(blp)
    def post(self, batch: dict[str, Any]) -> Response:
        """Create or update orders (legacy, non-dynamic endpoint)

        Only `order_number` and `email_address` are required; `order_by_date` may stand for
        `order_date`.
        """
        store().upsert_orders(orders=batch["orders"])
        return empty(201)
