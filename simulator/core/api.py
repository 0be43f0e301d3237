"""flask-smorest base classes and the ApiModule: one mounted API with its own spec and error shape."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any, NoReturn

from flask import Flask, Request, request
from flask_smorest import Api, Blueprint
from flask_smorest.utils import prepare_response
from marshmallow import Schema
from webargs.core import missing
from webargs.flaskparser import FlaskParser, abort, is_json_request

from simulator.core.arguments import can_refuse
from simulator.core.cors import CorsPolicy
from simulator.core.errors import ErrorFor, status_phrase
from simulator.core.examples import NAMESPACE_PREFIX, Examples, error_examples, record
from simulator.core.faults import FaultText
from simulator.core.journal import REDACTED
from simulator.core.json_text import loads_strict
from simulator.core.negotiation import Representations
from simulator.core.nullable import fix_nullable
from simulator.core.operation_ids import OperationNames, name_operations
from simulator.core.path_names import PathNames, rename_paths
from simulator.core.query_loads import QueryLoads, loads_purely
from simulator.core.responses import inline_responses
from simulator.core.schemes import AuthScheme

OPENAPI_VERSION = "3.0.3"


class SimulatorApi(Api):
    """A smorest Api that leaves error handling to core (several Apis share one app)."""

    # No catch-all `default` response: each view documents the error statuses it really answers.
    DEFAULT_ERROR_RESPONSE_NAME = None
    ERROR_CONTENT_TYPE = "application/json"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._undocumented: list[tuple[Blueprint, str, Any]] = []
        super().__init__(*args, **kwargs)

    def _register_error_handlers(self) -> None:
        return None

    def _register_pagination_header(self) -> None:
        return None  # no view pages with smorest: its PaginationMetadata schema would be an unused component

    def register_blueprint(self, blp: Blueprint, *, parameters: Any = None, **options: Any) -> None:
        """Route now, document later: start-up does not pay for building the spec."""
        name = options.get("name", blp.name)
        self._app.extensions["flask-smorest"]["blp_name_to_api"][name] = self
        self._app.register_blueprint(blp, **options)
        self._undocumented.append((blp, name, parameters))

    def document(self) -> None:
        """Add the registered blueprints' views to the spec (ApiModule.spec calls it, under its lock)."""
        for blp, name, parameters in self._undocumented:
            blp.register_views_in_doc(self, self._app, self.spec, name=name, parameters=parameters)
            self.spec.tag({"name": name, "description": blp.description})
        self._undocumented.clear()

    def _register_responses(self) -> None:
        """The per-status responses (BAD_REQUEST, NOT_FOUND, …) in the module's error media type."""
        for status in HTTPStatus:
            response: dict[str, Any] = {"description": status.phrase}
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, self.ERROR_CONTENT_TYPE)
            self.spec.components.response(status.name, response, lazy=True)


INVALID_JSON = "Invalid JSON body."  # webargs' own words for a body that is not JSON


class SafeJsonParser(FlaskParser):
    """webargs' parser, with JSON that Python's parser cannot hold read as malformed: nested too deeply
    for the recursion limit, or an integer longer than the int conversion limit (4300 digits); and NaN or
    Infinity, which Python's parser reads and JSON does not have. Query schemas declared `PURE_LOAD` are
    loaded once per exact query string."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.query_loads = QueryLoads()

    def parse(self, argmap: Any, req: Request | None = None, *, location: str | None = None,
              unknown: str | None = "_default", validate: Any = None, error_status_code: int | None = None,
              error_headers: Any = None) -> Any:
        def parsed() -> Any:
            return super(SafeJsonParser, self).parse(
                argmap, req, location=location, unknown=unknown, validate=validate,
                error_status_code=error_status_code, error_headers=error_headers)

        if location != "query" or validate is not None or not loads_purely(argmap):
            return parsed()
        query = (req if req is not None else request).query_string
        return self.query_loads.load((argmap, unknown, query), parsed)

    def load_json(self, req: Request, schema: Any) -> Any:
        """The body as JSON (`missing` for no body, or one not read as JSON); a 400 when it does not parse."""
        if not self.reads_json(req):
            return missing
        try:
            return loads_strict(req.get_data(cache=True))
        except json.JSONDecodeError as exc:
            if exc.doc == "":  # an empty body is no body, as webargs reads it
                return missing
            invalid_json(exc)
        except UnicodeDecodeError as exc:
            invalid_json(exc)
        except RecursionError:
            invalid_json(json.JSONDecodeError("nested too deeply", "", 0))
        except ValueError as exc:  # "Exceeds the limit (4300 digits) for integer string conversion"
            invalid_json(json.JSONDecodeError(str(exc), "", 0))

    def reads_json(self, req: Request) -> bool:
        """Whether the body is JSON to read: webargs' rule, a JSON Content-Type."""
        return is_json_request(req)


class AnyContentTypeJsonParser(SafeJsonParser):
    """SafeJsonParser reading any non-empty body as JSON, whatever its Content-Type says (curl -d sends a form's)."""

    def reads_json(self, req: Request) -> bool:
        return True


def invalid_json(error: ValueError) -> NoReturn:
    """webargs' answer to a body that does not parse: a 400 whose messages name the JSON body."""
    abort(400, exc=error, messages={"json": [INVALID_JSON]})


class VendorBlueprint(Blueprint):
    """A Blueprint whose argument validation fails with the vendor's status (not smorest's 422)."""

    ARGUMENTS_PARSER = SafeJsonParser()

    def __init__(self, *args: Any, validation_status: int = 400, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.validation_status = validation_status
        self._pending_docs: list[tuple[str, Any, Any, Any, dict[str, Any]]] = []

    def _store_endpoint_docs(self, endpoint: str, obj: Any, parameters: Any, tags: Any, **options: Any) -> None:
        """Kept for the first use of the spec: smorest deep-copies every view's doc here, most of start-up."""
        self._pending_docs.append((endpoint, obj, parameters, tags, options))

    def register_views_in_doc(self, api: Any, app: Any, spec: Any, *, name: str, parameters: Any) -> None:
        for endpoint, obj, view_parameters, tags, options in self._pending_docs:
            super()._store_endpoint_docs(endpoint, obj, view_parameters, tags, **options)
        self._pending_docs.clear()
        super().register_views_in_doc(api, app, spec, name=name, parameters=parameters)

    def arguments(self, schema: Any, *, lenient: bool = False, **kwargs: Any) -> Callable[..., Any]:
        """smorest's, with the validation failure documented only where parsing can fail: not for a query of
        optional strings (`can_refuse`), nor where `lenient` says the schema takes any value of its location
        (what still fails there, such as a body that is not an object, the view documents itself)."""
        status = kwargs.setdefault("error_status_code", self.validation_status)
        if isinstance(schema, type):  # webargs would build a new instance for every request
            schema = schema()
        decorate = super().arguments(schema, **kwargs)
        if not lenient and can_refuse(schema, kwargs.get("location", "json")):
            return decorate

        def undocumented(func: Any) -> Any:
            documented = status in getattr(func, "_apidoc", {}).get("arguments", {}).get("responses", {})
            parsed = decorate(func)
            if not documented:  # another argument of the view (its body) may still fail
                parsed._apidoc["arguments"]["responses"].pop(status, None)  # noqa: SLF001  (setup.cfg pins smorest)
            return parsed

        return undocumented


class ControlBlueprint(VendorBlueprint):
    """A blueprint of the control API (/__admin): its JSON bodies are read whatever their Content-Type."""

    ARGUMENTS_PARSER = AnyContentTypeJsonParser()


@dataclass
class ApiModule:
    """A mounted API: its blueprints, its spec, how its errors look, who is journaled."""

    name: str
    title: str
    version: str
    mount: str
    blueprints: list[Blueprint]
    error_for: ErrorFor  # its error for a failure it did not raise (routing, parsing, validation, a crash)
    error_schema: type[Schema]
    description: str = ""
    error_content_type: str = "application/json"
    security_schemes: list[AuthScheme] = field(default_factory=list)
    vendor: str | None = None
    representations: Representations = field(default_factory=Representations)
    secret_paths: tuple[str, ...] = ()  # regexes whose first group is a secret in the path
    spec_hook: Callable[[dict[str, Any]], None] | None = None  # last touches to the generated spec
    operation_names: OperationNames = field(default_factory=dict)  # (METHOD, path) → operationId[, tag]
    path_names: PathNames = field(default_factory=dict)  # path → published template (parameters renamed)
    examples: Examples | None = None  # the calls whose real answers are the spec's examples
    server_description: str = "this simulator"  # the mount's `servers` entry
    aliases: tuple[tuple[str, str], ...] = ()  # (mount, description): the same routes again, a server each
    cors: CorsPolicy | None = None  # how it answers browsers of other origins (None: as any other request)
    example_app: Callable[[], Flask] | None = None  # a fresh default world to make them in (set by the app)
    fault_text: FaultText = status_phrase  # the message of an injected failure status
    api: SimulatorApi | None = None
    _spec: dict[str, Any] | None = None
    _spec_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def install(self, app: Flask) -> None:
        prefix = self.name.upper().replace("-", "_") + "_"
        api = SimulatorApi(
            config_prefix=prefix,
            spec_kwargs={
                "title": self.title,
                "version": self.version,
                "openapi_version": OPENAPI_VERSION,
                "info": {"description": self.description},
            },
        )
        api.ERROR_SCHEMA = self.error_schema
        api.ERROR_CONTENT_TYPE = self.error_content_type
        api.init_app(app)
        for scheme in self.security_schemes:
            spec = scheme.openapi()
            if spec:
                api.spec.components.security_scheme(scheme.scheme_name, spec)
        for blueprint in self.blueprints:
            api.register_blueprint(blueprint)
            for index, (alias, _) in enumerate(self.aliases, 1):
                self._mount_again(app, api, blueprint, alias, f"{blueprint.name}_{index}")
        self.api = api

    @property
    def mounts(self) -> tuple[str, ...]:
        return (self.mount, *(alias for alias, _ in self.aliases))

    def mount_of(self, path: str) -> str:
        """The mount `path` is under (the longest, should one hold another)."""
        return max((m for m in self.mounts if path == m or path.startswith(m + "/")), key=len, default=self.mount)

    def _mount_again(self, app: Flask, api: SimulatorApi, blueprint: Blueprint, alias: str, name: str) -> None:
        """The blueprint's routes once more under `alias`; documented once, the alias being a server."""
        prefix = alias + (blueprint.url_prefix or "").removeprefix(self.mount)
        app.extensions["flask-smorest"]["blp_name_to_api"][name] = api
        app.register_blueprint(blueprint, name=name, url_prefix=prefix)

    def redact_path(self, path: str) -> str:
        """Mask secrets carried in the path (whether or not the request matched a route)."""
        for pattern in self.secret_paths:
            path = re.sub(pattern, lambda m: m.group(0).replace(m.group(1), REDACTED), path)
        return path

    def spec(self) -> dict[str, Any]:
        """The OpenAPI document, paths relative to the mount (given as the server URL).

        Built once, under a lock: apispec fills lazy components while rendering, so two
        concurrent first requests must not render at the same time.
        """
        with self._spec_lock:
            if self._spec is None:
                self._spec = self._render_spec()
            return self._spec

    def _render_spec(self) -> dict[str, Any]:
        assert self.api is not None, "install() first"
        self.api.document()
        raw = self.api.spec.to_dict()
        raw["servers"] = [{"url": self.mount, "description": self.server_description},
                          *({"url": alias, "description": text} for alias, text in self.aliases)]
        raw["paths"] = {(path[len(self.mount):] or "/"): item for path, item in raw.get("paths", {}).items()}
        raw["tags"] = sorted(raw.get("tags", []), key=lambda tag: tag["name"])
        fix_nullable(raw)
        name_operations(raw, self.operation_names)
        inline_responses(raw)  # before the examples: each operation's failures get their own
        if self.spec_hook is not None:
            self.spec_hook(raw)
        if self.examples is not None and self.example_app is not None:
            error_examples(raw, self.error_for, self.examples.describe)
            record(raw, self.mount, self.examples, self.example_app(), NAMESPACE_PREFIX + self.name)
        rename_paths(raw, self.path_names)  # last: the tables above are keyed by our own paths
        return raw


def error_responses(
    blueprint: Blueprint, schema: type[Schema], responses: dict[int, str]
) -> Callable[[Any], Any]:
    """Document a view's error responses (status → description) with the module's error schema."""

    instance = schema()

    def decorate(func: Any) -> Any:
        # What `blueprint.alt_response` stores, without its per-call wrapper and without its deep copy of
        # the whole doc (schema instances included) per status: that copying dominated start-up.
        # New dicts and lists on the way down, so a doc shared with the wrapped function is left as it was.
        doc = dict(getattr(func, "_apidoc", {}))
        response = dict(doc.get("response", {}))
        codes = {status: list(entries) for status, entries in response.get("responses", {}).items()}
        for status, description in responses.items():
            codes.setdefault(status, []).append({"schema": instance, "description": description,
                                                 "content_type": None})
        response["responses"] = codes
        doc["response"] = response
        func._apidoc = doc  # noqa: SLF001  (smorest reads a view's doc there; setup.cfg pins it)
        return func

    return decorate
