"""Sinch CMI's plug-in: its state lifecycle and its mounted API at /sinch/cmi."""

from __future__ import annotations

from typing import Any

from flask import request

from simulator import __version__
from simulator.core.api import ApiModule
from simulator.core.negotiation import Representations
from simulator.core.serialize import from_jsonable, to_jsonable
from simulator.core.storage import WorldSeed
from simulator.sinch_cmi import admin_routes, xmlwire
from simulator.sinch_cmi.errors import PlainTextSchema, render_cmi_error
from simulator.sinch_cmi.examples import CMI_EXAMPLES
from simulator.sinch_cmi.integrity import check_cmi
from simulator.sinch_cmi.models import CmiState
from simulator.sinch_cmi.operation_ids import OPERATION_NAMES
from simulator.sinch_cmi.routes import BLUEPRINTS, SECURITY_SCHEMES
from simulator.sinch_cmi.routes.common import JSON, MOUNT, STATE_NAME, VENDOR, XML
from simulator.sinch_cmi.seed import seed
from simulator.sinch_cmi.xmlspec import XmlMedia


class CmiStateModule:
    name = STATE_NAME

    def build_state(self, world: WorldSeed) -> CmiState:
        return seed(world)

    def export_state(self, state: CmiState) -> dict[str, Any]:
        return to_jsonable(state)

    def import_state(self, data: dict[str, Any]) -> CmiState:
        state: CmiState = from_jsonable(CmiState, data)
        check_cmi(state)
        return state

    def entities(self, state: CmiState) -> dict[str, Any]:
        """Records per entity, for fixture files."""
        tables = {
            "users": state.users.values(), "queues": state.queues.values(), "contacts": state.contacts.values(),
            "emails": state.emails.values(), "chats": state.chats.values(),
            "call_recordings": state.recordings.values(),
            "script_results": state.script_results.values(), "callbacks": state.callbacks.values(),
            "messages": state.messages.values(), "customer_consents": state.consents.values(),
            "contact_data": state.contact_data.values(),
        }
        records: dict[str, Any] = {name: [to_jsonable(r) for r in values] for name, values in tables.items()}
        for user in records["users"]:
            user.pop("password")  # fixture files are shared; passwords stay in the simulator
        records["remarks"] = [{"contact_group_id": k, "remarks": v} for k, v in state.remarks.items()]
        return records


def render_xml(data: Any) -> str:
    collection, entity = xmlwire.root_names(request.path, MOUNT)
    return xmlwire.render(data, collection, entity)


def spec_hook(spec: dict[str, Any]) -> None:
    """XML beside JSON for bodies and 200 answers; errors as the plain text they are."""
    plain = {"text/plain": {"schema": {"type": "string"}}}
    xml = XmlMedia(spec.setdefault("components", {}).setdefault("schemas", {}))
    for path, item in spec.get("paths", {}).items():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            body = operation.get("requestBody", {}).get("content", {})
            if JSON in body:
                body[XML] = xml.body(path, body[JSON])
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                if status == "200" and JSON in content:
                    content[XML] = xml.answer(path, content[JSON])
                elif status.startswith("4"):
                    response["content"] = {name: dict(media) for name, media in plain.items()}  # one media object each
    spec.get("components", {}).get("schemas", {}).pop("PlainText", None)


DESCRIPTION = """Simulated Sinch Contact Center Restful Contact Management Interface (CMI) v1.

Auth: HTTP Basic with a Contact Pro user (demo `demo-agent` / `demo-password`, every right;
`demo-restricted` / `demo-password` has only the rights an agent has for their own contacts).
Cloud mode (SIMULATOR_SINCH_CMI_API_KEY) also requires `x-api-key`. Users lacking the right a
resource needs get 403.

Answers in JSON or XML by `Accept`; POST/PUT bodies in JSON or XML by `Content-Type`. POST answers
201 with the new id as `text/html` and a `Location` header; PUT and DELETE answer 204. Errors are
`text/plain`: `Invalid GUID: '…'` (400), `HTTP 404 Not Found`, `HTTP 401 Unauthorized`, …
Sinch documents no rate limit: none by default; SIMULATOR_SINCH_CMI_RATE_LIMIT sets one, per user (429
`HTTP 429 Too Many Requests` with Retry-After)."""


def api_modules() -> list[ApiModule]:
    return [
        ApiModule(
            name="sinch-cmi",
            title="Sinch Contact Center CMI v1 (simulated)",
            version=__version__,
            mount=MOUNT,
            blueprints=BLUEPRINTS,
            render_error=render_cmi_error,
            error_schema=PlainTextSchema,
            description=DESCRIPTION,
            error_content_type="text/plain",
            security_schemes=SECURITY_SCHEMES,
            vendor=VENDOR,
            representations=Representations(renderers={XML: render_xml}),
            spec_hook=spec_hook,
            examples=CMI_EXAMPLES,
            operation_names=OPERATION_NAMES,
        )
    ]


ADMIN_BLUEPRINTS = admin_routes.BLUEPRINTS
STATE = CmiStateModule()
