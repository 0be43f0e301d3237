"""/customerConsents: recording and WhatsApp consents, keyed by usage and address."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from simulator.sinch_cmi.errors import InvalidParameter
from simulator.sinch_cmi.models import CONSENT_USAGES
from simulator.sinch_cmi.routes.common import (
    DELETE_ERRORS,
    ENTITY_ERRORS,
    NO_CONTENT_DOC,
    READ_ERRORS,
    WRITE_ERRORS,
    CmiBlueprint,
    answer,
    documented,
    endpoint,
    no_content,
    store,
)
from simulator.sinch_cmi.schemas.consents import ConsentOut, ConsentQuery, ConsentWrite
from simulator.sinch_cmi.store.query import limit, parse_sort

blp = CmiBlueprint("sinch_cmi_consents", __name__, "Customer consents")
SEARCHABLE = ("address", "usage", "consent")
SORTABLE = tuple(ConsentOut().declared_fields)


def consent_key(key: str) -> str:
    """`recording_+358401234567` → the same key; the usage must be a known one."""
    usage, separator, address = key.partition("_")
    if not separator or not address:
        raise InvalidParameter(f"Invalid consent id: '{key}' (expected <usage>_<address>)")
    if usage not in CONSENT_USAGES:
        raise InvalidParameter(f"Invalid usage: '{usage}' (one of {', '.join(CONSENT_USAGES)})")
    return key


@blp.route("/customerConsents")
class ConsentsViews(MethodView):
    @endpoint()
    @blp.arguments(ConsentQuery, location="query", unknown="raise")
    @blp.response(200, ConsentOut(many=True))
    @documented(blp, READ_ERRORS)
    def get(self, query: dict[str, Any]) -> Response:
        """Get a list of customerConsents

        Needs the *View* right. `address`, `usage` and `consent` take `*` and `?`.
        """
        filters = {name: query[name] for name in SEARCHABLE if name in query}
        return answer(store().list_consents(
            filters=filters, sort=parse_sort(query.get("sort"), SORTABLE),
            limit=limit(query.get("limit"), default=None),
        ))

    @endpoint()
    @blp.arguments(ConsentWrite, example={"address": "+8541255455", "usage": "whatsapp", "consent": True})
    @blp.doc(**NO_CONTENT_DOC)
    @documented(blp, WRITE_ERRORS)
    def post(self, body: dict[str, Any]) -> Response:
        """Add new or update existing customer consent (keyed by usage and address)

        Needs the *Create* right. Answers 204 as the vendor documents (not 201).
        """
        store().upsert_consent(address=body["address"], usage=body["usage"], consent=body["consent"])
        return no_content()


@blp.route("/customerConsents/<usageAndAddress>")
class ConsentByKeyViews(MethodView):
    @endpoint()
    @blp.response(200, ConsentOut)
    @documented(blp, ENTITY_ERRORS)
    def get(self, usageAndAddress: str) -> Response:
        """Get the customerConsent with usage and address {usage}_{address}"""
        return answer(store().get_consent(consent_key(usageAndAddress)))

    @endpoint()
    @blp.doc(**NO_CONTENT_DOC)
    @documented(blp, DELETE_ERRORS)
    def delete(self, usageAndAddress: str) -> Response:
        """Delete the customerConsent (needs the *Delete* right)"""
        store().delete_consent(consent_key(usageAndAddress))
        return no_content()
