"""POST /showcustomer: open a customer's conversation for an agent (point of sale)."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from simulator.core.api import VendorBlueprint
from simulator.robin.render.empty import empty
from simulator.robin.routes.common import basic_auth, documented, store
from simulator.robin.schemas.showcustomer import ShowCustomerSchema

blp = VendorBlueprint("robin_showcustomer", __name__, url_prefix="/robin", description="Show customer")


@blp.route("/showcustomer")
class ShowCustomerViews(MethodView):
    @basic_auth
    @blp.arguments(ShowCustomerSchema)
    @blp.response(201, description="Created")
    @documented(blp)
    def post(self, request_body: dict[str, Any]) -> Response:
        """Open a customer's conversation for an agent (point of sale)

        Simulator note: the customer needs at least one identifier (email address, phone number
        or external identifier), else 400; an unknown `user_email_address` is a 400 too. The
        notification is recorded for the named agent (or for everyone when none is named).
        """
        store().show_customer(**request_body)
        return empty(201)
