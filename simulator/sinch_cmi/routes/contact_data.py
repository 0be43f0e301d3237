"""/contactData: key/value data attached to contacts (IVR choices, CRM ids)."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from simulator.sinch_cmi.routes.common import (
    CREATED_DOC,
    ENTITY_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    CmiBlueprint,
    answer,
    created,
    documented,
    endpoint,
    store,
)
from simulator.sinch_cmi.schemas.contact_data import ContactDataQuery, ContactDatumCreate, ContactDatumOut
from simulator.sinch_cmi.store.query import guid, guid_list, limit

blp = CmiBlueprint("sinch_cmi_contact_data", __name__, "Contact data (not in the vendor's page)")


@blp.route("/contactData")
class ContactDataViews(MethodView):
    @endpoint()
    @blp.arguments(ContactDataQuery, location="query", unknown="raise")
    @blp.response(200, ContactDatumOut(many=True))
    @documented(blp, READ_ERRORS)
    def get(self, query: dict[str, Any]) -> Response:
        """Get contact data

        Needs *Statistics details*. Simulator note: the resource's shape is undocumented; the
        simulator keeps key/value entries per contact (`contactId`, `key`, `value`, `timeStamp`).
        """
        return answer(store().list_contact_data(
            contact_ids=guid_list(query.get("contactId")),
            key=query.get("key"),
            limit=limit(query.get("limit"), default=None),
        ))

    @endpoint()
    @blp.arguments(ContactDatumCreate, example={"contactId": "<a contact id>", "key": "customerId",
                                                "value": "CUST-123456"})
    @blp.doc(**CREATED_DOC)
    @documented(blp, WRITE_ERRORS)
    def post(self, body: dict[str, Any]) -> Response:
        """Attach a key/value pair to a contact

        Needs *Statistics details* and *Manage contact history*; the contact must exist.
        """
        return created(store().add_contact_datum(contact_id=body["contactId"], key=body["key"], value=body["value"]))


@blp.route("/contactData/<contactId>")
class ContactDataByContactViews(MethodView):
    @endpoint()
    @blp.response(200, ContactDatumOut(many=True))
    @documented(blp, ENTITY_ERRORS)
    def get(self, contactId: str) -> Response:
        """Get the data of one contact (404 when the contact does not exist)"""
        return answer(store().contact_data_for(guid(contactId)))
