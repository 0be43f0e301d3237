"""Sinch CMI's plug-in: its state lifecycle, the RI at /sinch/cmi and /sinch/ecfs/RI/cmi, and the ECF login."""

from __future__ import annotations

from typing import Any

from flask import g, request

from simulator.core.api import ApiModule
from simulator.core.negotiation import Representations
from simulator.core.serialize import from_jsonable, to_jsonable
from simulator.core.storage import WorldSeed
from simulator.sinch_cmi.errors import CmiError, PlainTextSchema, status_line
from simulator.sinch_cmi.examples import CMI_EXAMPLES, ECFS_EXAMPLES
from simulator.sinch_cmi.integrity import check_cmi
from simulator.sinch_cmi.models import CmiState
from simulator.sinch_cmi.operation_ids import ECFS_OPERATION_NAMES, OPERATION_NAMES
from simulator.sinch_cmi.render import xml_wire
from simulator.sinch_cmi.render.xml_spec import XmlMedia
from simulator.sinch_cmi.routes import BLUEPRINTS, ECFS_BLUEPRINTS, ECFS_SECURITY_SCHEMES, SECURITY_SCHEMES, admin
from simulator.sinch_cmi.routes.common import AUTH_MOUNT, ECF_CORS, JSON, MOUNT, RI_MOUNT, STATE_NAME, VENDOR, XML
from simulator.sinch_cmi.seed import seed
from simulator.version import __version__


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
    module: ApiModule = g.module  # the pipeline's: the path is under one of its mounts
    collection, entity = xml_wire.root_names(request.path, module.mount_of(request.path))
    return xml_wire.render(data, collection, entity)


def spec_hook(spec: dict[str, Any]) -> None:
    """XML beside JSON for bodies and 200 answers; errors as the plain text they are."""
    xml = XmlMedia(spec.setdefault("components", {}).setdefault("schemas", {}))
    for path, item in spec.get("paths", {}).items():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            body = operation.get("requestBody", {}).get("content", {})
            if JSON in body:
                body[XML] = xml.body(path, body[JSON])
            content = operation.get("responses", {}).get("200", {}).get("content", {})
            if JSON in content:
                content[XML] = xml.answer(path, content[JSON])
    plain_errors(spec)


def plain_errors(spec: dict[str, Any]) -> None:
    """Every 4xx as the plain text it is (each operation its own media object)."""
    for item in spec.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            for status, response in operation.get("responses", {}).items():
                if status.startswith("4"):
                    response["content"] = {"text/plain": {"schema": {"type": "string"}}}
    spec.get("components", {}).get("schemas", {}).pop("PlainText", None)


DESCRIPTION = """Simulated Sinch Contact Center Restful Contact Management Interface (CMI) v1.

Auth: HTTP Basic with a Contact Pro user (demo `demo-agent` / `demo-password`, every right;
`demo-restricted` / `demo-password` has only the rights an agent has for their own contacts).
Cloud mode (SIMULATOR_SINCH_CMI_API_KEY) also requires `x-api-key`. Or a bearer token
(POST /__admin/sinch-cmi/tokens), or the JSESSIONID cookie of an ECF web session (spec
sinch-ecfs: POST /sinch/ecfs/authentication/), as web clients call the RI at /sinch/ecfs/RI/cmi;
both servers answer alike. Users lacking the right a resource needs get 403.

Answers in JSON or XML by `Accept`; POST/PUT bodies in JSON or XML by `Content-Type`. POST answers
201 with the new id as `text/html` and a `Location` header; PUT and DELETE answer 204. Errors are
`text/plain`: `Invalid GUID: '…'` (400), `HTTP 404 Not Found`, `HTTP 401 Unauthorized`, …
Sinch documents no rate limit: none by default; SIMULATOR_SINCH_CMI_RATE_LIMIT sets one, per user (429
`HTTP 429 Too Many Requests` with Retry-After)."""


ECFS_DESCRIPTION = """Simulated login of the Sinch Contact Center ECF web server, as web clients and the
official samples use it (the CPC library, the chatbot integration samples).

POST `/` with `Authorization: ECFAuth` and the form field `Authorization=Basic <base64(user:password)>`
(or with `Authorization: Bearer <token>`, tokens from POST /__admin/sinch-cmi/tokens) answers 200 with
the user and a `JSESSIONID` cookie (Path /sinch/ecfs). The RI then answers at /sinch/ecfs/RI/cmi (spec
sinch-cmi, its second server) to that cookie alone, with the rights of the user who logged in. A session
ends at logout (DELETE `/` or POST `/logout`), after 30 minutes of the simulator clock without a call,
or with its namespace (reset, deletion, eviction). Errors are `text/plain` (`HTTP 401 Unauthorized`).

Browsers of other origins: preflights (OPTIONS) are answered as Tomcat's CorsFilter answers them, with
credentials, for the origins of SIMULATOR_SINCH_CMI_CORS_ORIGINS (any by default)."""


def api_modules() -> list[ApiModule]:
    return [
        ApiModule(
            name="sinch-cmi",
            title="Sinch Contact Center CMI v1 (simulated)",
            version=__version__,
            mount=MOUNT,
            blueprints=BLUEPRINTS,
            error_for=CmiError.from_info,
            fault_text=status_line,
            error_schema=PlainTextSchema,
            description=DESCRIPTION,
            error_content_type="text/plain",
            security_schemes=SECURITY_SCHEMES,
            vendor=VENDOR,
            representations=Representations(renderers={XML: render_xml}),
            spec_hook=spec_hook,
            examples=CMI_EXAMPLES,
            operation_names=OPERATION_NAMES,
            server_description="the RI as the API gateway serves it: HTTP Basic on every call (or a bearer token)",
            aliases=((RI_MOUNT, "the RI behind the ECF web server: the JSESSIONID cookie of a session (sinch-ecfs) "
                                "on every call, browsers of other origins answered as CORS allows"),),
            cors=ECF_CORS,
        ),
        ApiModule(
            name="sinch-ecfs",
            title="Sinch Contact Center ECF web session (simulated)",
            version=__version__,
            mount=AUTH_MOUNT,
            blueprints=ECFS_BLUEPRINTS,
            error_for=CmiError.from_info,
            fault_text=status_line,
            error_schema=PlainTextSchema,
            description=ECFS_DESCRIPTION,
            error_content_type="text/plain",
            security_schemes=ECFS_SECURITY_SCHEMES,
            vendor=VENDOR,
            spec_hook=plain_errors,
            examples=ECFS_EXAMPLES,
            operation_names=ECFS_OPERATION_NAMES,
            server_description="the ECF web server's authentication (keep the trailing slash of `/`)",
            cors=ECF_CORS,
        ),
    ]


ADMIN_BLUEPRINTS = admin.BLUEPRINTS
STATE = CmiStateModule()
