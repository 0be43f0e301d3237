"""The example webshop's errors, shaped like the reference webshop library's: `{"message": ...}`."""

from __future__ import annotations

from flask import Response, json
from marshmallow import Schema, fields

from simulator.core.errors import VendorError


class WebshopError(VendorError):
    """Errors of the example webshop, shaped like the reference webshop library's: `{"message": ...}`."""

    def response(self) -> Response:
        return Response(json.dumps({"message": self.message}), self.status, mimetype="application/json")


class WebshopErrorSchema(Schema):
    message = fields.String(required=True)
