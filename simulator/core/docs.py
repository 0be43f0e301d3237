"""Swagger UI at /docs (assets from the installed swagger-ui-bundle) and specs at /openapi/<name>.json."""

from __future__ import annotations

from html import escape

from flask import Blueprint, Response, abort, json, request, send_from_directory

from simulator.core.namespace_names import NAMESPACE_HEADER
from simulator.core.resources import SWAGGER_UI_DIR
from simulator.core.runtime import runtime

docs = Blueprint("simulator_docs", __name__)

DOCS_HEADER = "X-Simulator-Docs"  # sent by "Try it out": its 401s carry no WWW-Authenticate challenge
NAMESPACE_KEY = "ccsim-namespace"  # localStorage key of the namespace "Try it out" uses

_HEAD = """<meta charset="utf-8">
<link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png">"""

# validatorUrl null: Swagger UI would otherwise load a badge from validator.swagger.io on any
# host but localhost. Every request gets DOCS_HEADER (no browser login prompt on a 401) and the
# stored namespace.
_PAGE = """<!doctype html>
<html lang="en"><head>{head}<title>{title}</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/swagger-ui-standalone-preset.js"></script>
<script>
window.ui = SwaggerUIBundle({{url: "/openapi/{name}.json", dom_id: "#swagger-ui", validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: "StandaloneLayout",
  requestInterceptor: (req) => {{
    req.headers["{docs_header}"] = "1";
    const ns = localStorage.getItem("{namespace_key}");
    if (ns) req.headers["{namespace_header}"] = ns;
    return req; }}}});
</script></body></html>"""

_LANDING = """<!doctype html>
<html lang="en"><head>{head}<title>Contact-center simulator</title></head>
<body style="font-family: sans-serif; max-width: 48em; margin: 2em auto">
<h1>Contact-center simulator</h1>
<p>Interactive documentation for each simulated API. "Try it out" calls this server.</p>
<ul>{items}</ul>
<form id="ns-form">Namespace for "Try it out" (header <code>{namespace_header}</code>):
<input id="ns" placeholder="default"> <button>use</button> <span id="ns-state"></span></form>
<script>
const box = document.getElementById("ns"), state = document.getElementById("ns-state");
function show() {{
  box.value = localStorage.getItem("{namespace_key}") || "";
  state.textContent = "in use: " + (box.value || "default");
}}
document.getElementById("ns-form").addEventListener("submit", (event) => {{
  event.preventDefault();
  const name = box.value.trim();
  if (name) localStorage.setItem("{namespace_key}", name); else localStorage.removeItem("{namespace_key}");
  show();
}});
show();
</script></body></html>"""


@docs.get("/docs")
def landing() -> Response:
    items = "".join(
        f'<li><a href="/docs/{escape(m.name)}">{escape(m.title)}</a> '
        f'(mounted at <code>{escape(m.mount)}</code>, '
        f'<a href="/openapi/{escape(m.name)}.json">spec</a>)</li>'
        for m in runtime().modules
    )
    page = _LANDING.format(head=_HEAD, items=items, namespace_header=NAMESPACE_HEADER, namespace_key=NAMESPACE_KEY)
    return Response(page, mimetype="text/html")


@docs.get("/docs/<name>")
def swagger_page(name: str) -> Response:
    module = next((m for m in runtime().modules if m.name == name), None)
    if module is None:
        abort(404)
    page = _PAGE.format(head=_HEAD, title=escape(module.title), name=escape(name), docs_header=DOCS_HEADER,
                        namespace_key=NAMESPACE_KEY, namespace_header=NAMESPACE_HEADER)
    return Response(page, mimetype="text/html")


@docs.get("/docs/assets/<path:filename>")
def swagger_asset(filename: str) -> Response:
    return send_from_directory(SWAGGER_UI_DIR, filename, max_age=3600)


@docs.get("/openapi/<name>.json")
def spec(name: str) -> Response:
    module = next((m for m in runtime().modules if m.name == name), None)
    if module is None:
        abort(404)
    return Response(json.dumps(module.spec(), indent=2), mimetype="application/json")


@docs.after_app_request
def without_challenge(response: Response) -> Response:
    """A 401 to "Try it out" loses its `WWW-Authenticate`, which would open the browser's own login
    prompt over the page; Swagger UI then shows the 401. Every other client keeps the vendor's challenge."""
    if response.status_code == 401 and DOCS_HEADER in request.headers:
        response.headers.pop("WWW-Authenticate", None)
    return response
