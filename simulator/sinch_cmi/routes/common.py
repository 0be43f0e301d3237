"""What every CMI view shares: auth, CORS, negotiation, the store for the caller, POST/PUT answers."""

from __future__ import annotations

import binascii
import hmac
import json
from base64 import b64decode
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache, wraps
from typing import Any

from flask import Request, Response, jsonify, request

from simulator.config import Config
from simulator.core.api import SafeJsonParser, VendorBlueprint, error_responses, invalid_json
from simulator.core.cors import TOMCAT_HEADERS, CorsPolicy
from simulator.core.guard import Guard, Principal, RateLimitDoc, principal
from simulator.core.json_text import loads_strict
from simulator.core.ratelimit import RatePolicy
from simulator.core.runtime import namespace, read_stamp, runtime
from simulator.core.schemes import AnyOf, AuthScheme, CookieKey, Credentials, HttpBasic, HttpBearer
from simulator.core.storage import Namespace
from simulator.sinch_cmi.errors import (
    Forbidden,
    NotAcceptable,
    PlainTextSchema,
    RateLimited,
    Unauthorized,
    UnsupportedMediaType,
)
from simulator.sinch_cmi.models import CmiState, User
from simulator.sinch_cmi.render import xml_wire
from simulator.sinch_cmi.render.json_wire import JsonWriter
from simulator.sinch_cmi.render.translate import resolve_language
from simulator.sinch_cmi.store import CmiStore
from simulator.sinch_cmi.store.base import Context
from simulator.sinch_cmi.store.sessions import COOKIE, sessions

VENDOR = "sinch-cmi"
STATE_NAME = "sinch_cmi"
MOUNT = "/sinch/cmi"  # the RI as the API gateway serves it: HTTP Basic (and x-api-key) or a bearer token
ECF_MOUNT = "/sinch/ecfs"  # the tenant's ECF web server: its session login, and the RI behind it
RI_MOUNT = ECF_MOUNT + "/RI/cmi"
AUTH_MOUNT = ECF_MOUNT + "/authentication"
JSON, XML, TEXT = "application/json", "application/xml", "text/plain"
JSON_TYPES = {JSON}
UTF8_BOM = b"\xef\xbb\xbf"
XML_TYPES = {XML, "text/xml"}


class BasicWithApiKey(HttpBasic):
    """HTTP Basic, plus the cloud gateway's `x-api-key` header when one is configured."""

    def credentials(self) -> Credentials | None:
        basic = super().credentials()
        if basic is None:
            return None
        return (*basic, request.headers.get("x-api-key", ""))


@dataclass
class EcfForm(AuthScheme):
    """The ECF login form: header `Authorization: ECFAuth` (any case), the user in the form field
    `Authorization=Basic <base64(user:password)>` (a `+` of the base64 read as a space, as browsers send it)."""

    scheme_name: str
    description: str = ""

    def credentials(self) -> Credentials | None:
        if request.headers.get("Authorization", "").strip().lower() != "ecfauth":
            return None
        request.get_data(cache=True)  # the form is then parsed from the kept bytes, which the journal shows
        kind, _, encoded = request.form.get("Authorization", "").strip().partition(" ")
        if kind.lower() != "basic":
            return None
        try:
            decoded = b64decode(encoded.strip().replace(" ", "+"), validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return None
        login, separator, password = decoded.partition(":")
        return (login, password) if separator else None

    def openapi(self) -> dict[str, Any]:
        return {"type": "apiKey", "in": "header", "name": "Authorization", "description": self.description}


BASIC = BasicWithApiKey(
    "cmiBasic",
    "HTTP Basic with a Contact Pro user (demo `demo-agent` / `demo-password`). In cloud mode "
    "(SIMULATOR_SINCH_CMI_API_KEY set) every call also needs the `x-api-key` header.",
)
BEARER = HttpBearer(
    "cmiBearer",
    "A bearer token of a Contact Pro user, as single sign-on hands one out: the control API issues them "
    "(POST /__admin/sinch-cmi/tokens). Valid until it expires on the simulator clock; no `x-api-key` needed.",
)
SESSION = CookieKey(
    "ecfSession", COOKIE,
    "The ECF web session: the JSESSIONID cookie that POST /sinch/ecfs/authentication/ sets (spec sinch-ecfs). "
    "It acts as the user who logged in until logout, or until it has been idle for 30 minutes of the "
    "simulator clock.",
)
ECF_FORM = EcfForm(
    "ecfAuth",
    "The literal `ECFAuth`: the user follows in the form field `Authorization=Basic <base64(user:password)>`.",
)
CREDENTIALS = AnyOf((BASIC, BEARER, SESSION))

# What the filter sees, as the CPC library's comment tells: `ecfs/authentication/` only with its trailing slash
# ("otherwise pre-flight OPTIONS is not routed to CorsFilter"), and the RI behind the ECF server.
FILTERED = (AUTH_MOUNT + "/", ECF_MOUNT + "/RI/")


def filtered(raw_path: str) -> bool:
    """Whether Tomcat's CorsFilter sees the request (`raw_path`: the path as sent)."""
    return raw_path.startswith(FILTERED)


def allowed_origins(config: Config) -> str:
    """The origins whose browsers may call the ECF web server (SIMULATOR_SINCH_CMI_CORS_ORIGINS)."""
    return config.sinch_cmi_cors_origins


ECF_CORS = CorsPolicy(
    origins=allowed_origins,
    covers=filtered,
    refused=Forbidden,
    methods=("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS"),  # the RI's verbs; DELETE also logs out
    headers=(*TOMCAT_HEADERS, "Authorization", "X-Simulator-Namespace"),  # the login's ECFAuth or Bearer
    exposed=("Location",),  # where a POST put its record
)


def cmi_state(ns: Namespace | None = None) -> CmiState:
    return (ns or namespace()).state(STATE_NAME)


def authenticate(credentials: Credentials | None, ns: Namespace) -> Principal | None:
    """The Contact Pro user that credentials of any scheme name (`AnyOf`'s: the scheme first)."""
    if not credentials:
        return None
    kind, *values = credentials
    now = ns.clock.now()
    if kind == BASIC.scheme_name:
        login, password, api_key = values
        required_key = runtime().config.sinch_cmi_api_key
        if required_key and not hmac.compare_digest(api_key.encode(), required_key.encode()):
            return None
        return _user_with_password(ns, login, password)
    if kind == ECF_FORM.scheme_name:
        login, password = values
        return _user_with_password(ns, login, password)
    if kind == BEARER.scheme_name:
        token = sessions(ns).token(values[0], now)
        return _principal(ns, token.login) if token else None
    if kind == SESSION.scheme_name:
        session = sessions(ns).use(values[0], now)
        return _principal(ns, session.login) if session else None
    return None


def _user_with_password(ns: Namespace, login: str, password: str) -> Principal | None:
    user = cmi_state(ns).users.get(login)
    if user is None or not hmac.compare_digest(user.password.encode(), password.encode()):
        return None
    return Principal(f"user:{login}", user)


def _principal(ns: Namespace, login: str) -> Principal | None:
    """The user a session or token names, with their rights as they are now (None: the login is gone)."""
    user: User | None = cmi_state(ns).users.get(login)
    return Principal(f"user:{login}", user) if user else None


@lru_cache(maxsize=8)
def _policy(text: str) -> RatePolicy | None:
    return RatePolicy.parse(text) if text.strip() else None


def _configured_policy(config: Config) -> RatePolicy | None:
    return _policy(config.sinch_cmi_rate_limit)


RATE_LIMITED = RateLimitDoc(
    "Too Many Requests: only when SIMULATOR_SINCH_CMI_RATE_LIMIT is set (none by default, none documented by "
    "Sinch), counted per user",
    headers={"Retry-After": {"description": "Seconds until the window that is full ends",
                             "schema": {"type": "integer", "minimum": 1}}})
guard = Guard(VENDOR, CREDENTIALS, authenticate, lambda _: Unauthorized(), None, RateLimited,
              policy_from_config=_configured_policy, rate_limit_doc=RATE_LIMITED)


def endpoint(produces: tuple[str, ...] = (JSON, XML)) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Authenticate (401), then refuse a GET whose Accept this resource cannot meet (406)."""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(func)
        def negotiated(*args: Any, **kwargs: Any) -> Any:
            accept = request.accept_mimetypes
            if request.method == "GET" and accept and accept.best_match(produces) is None:
                raise NotAcceptable()
            return func(*args, **kwargs)

        return guard(negotiated)

    return decorate


def new_guid(ns: Namespace) -> str:
    """A CMI id: 32 upper-case hex digits, from the namespace's seeded generator."""
    return ns.new_uuid().replace("-", "").upper()


def writer(ns: Namespace | None = None) -> JsonWriter:
    """The wire forms for the caller, in the language it asks for (or its own)."""
    user = principal().subject
    return JsonWriter(cmi_state(ns), resolve_language(request.args.get("language"), user.language), read_stamp())


def store(at: datetime | None = None) -> CmiStore:
    """The rules for the caller, answering in the language it asks for (or its own); `at`: one instant for all
    they read of the clock (a list kept for its generation is made, and judged settled, at one time)."""
    ns = namespace()
    return CmiStore(
        cmi_state(ns),
        Context(now=ns.clock.now if at is None else lambda: at, new_guid=lambda: new_guid(ns),
                user=principal().subject),
        writer(ns),
    )


def answer(data: Any) -> Response:
    """JSON; the pipeline re-renders it as XML when the caller asked for XML."""
    return jsonify(data)


def created(new_id: str) -> Response:
    """201 with the new id as a text/html body and in the Location header."""
    location = f"{request.base_url.rstrip('/')}/{new_id}"
    return Response(new_id, 201, mimetype="text/html", headers={"Location": location})


def no_content() -> Response:
    response = Response(status=204)
    response.headers.remove("Content-Type")
    return response


class CmiParser(SafeJsonParser):
    """Bodies in JSON or XML by Content-Type (415 otherwise); XML is parsed defensively."""

    def load_querystring(self, req: Request, schema: Any) -> Any:
        """Every CMI query parameter is single-valued: a plain dict (the first value of each) is
        cheaper than webargs' multi-dict proxy, which raises an exception per absent field."""
        return req.args.to_dict()

    def load_json(self, req: Request, schema: Any) -> Any:
        """The body as JSON (webargs' reading; a leading byte-order mark allowed) or as XML."""
        mimetype = req.mimetype
        if mimetype in XML_TYPES:
            return xml_wire.parse(req.get_data(cache=True))
        if not (mimetype in JSON_TYPES or mimetype.endswith("+json")):
            raise UnsupportedMediaType()
        body = req.get_data(cache=True)
        if not body.startswith(UTF8_BOM):
            return super().load_json(req, schema)
        try:  # Jackson reads a leading byte-order mark; so does the RI
            return loads_strict(body[len(UTF8_BOM):])
        except (ValueError, RecursionError) as exc:  # JSONDecodeError, UnicodeDecodeError, integers too long
            invalid_json(exc if isinstance(exc, json.JSONDecodeError) else json.JSONDecodeError(str(exc), "", 0))


class CmiBlueprint(VendorBlueprint):
    ARGUMENTS_PARSER = CmiParser()

    def __init__(self, name: str, import_name: str, description: str) -> None:
        super().__init__(name, import_name, url_prefix=MOUNT, description=description)


CREATED_DOC = {
    "responses": {
        "201": {
            "description": "Created: the body is the new id",
            "content": {"text/html": {"schema": {"type": "string"}, "example": "F5168FBDD6914C8DB1C6D0BD64563A39"}},
            "headers": {"Location": {"description": "URL of the created object", "schema": {"type": "string"}}},
        }
    }
}
NO_CONTENT_DOC = {"responses": {"204": {"description": "No Content"}}}
TEXT_ANSWER_DOC = {
    "responses": {"200": {"description": "The remarks as plain text", "content": {
        "text/plain": {"schema": {"type": "string"}, "example": "Customer asked for a call back next week."}}}}
}
TEXT_BODY_DOC = {
    "requestBody": {"required": True, "content": {"text/plain": {"schema": {"type": "string"},
                                                                 "example": "New remarks."}}}
}

READ_ERRORS = {400: "Bad Request (e.g. Invalid GUID)", 401: "Unauthorized", 403: "Forbidden",
               406: "Not Acceptable"}
ENTITY_ERRORS = {**READ_ERRORS, 404: "Not Found"}
DELETE_ERRORS = {400: "Bad Request (e.g. Invalid GUID)", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found"}
WRITE_ERRORS = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 415: "Unsupported Media Type"}


def documented(blueprint: VendorBlueprint, errors: dict[int, str]) -> Any:
    return error_responses(blueprint, PlainTextSchema, errors)
