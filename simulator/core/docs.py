"""Swagger UI at /docs (assets from the installed swagger-ui-bundle) and specs at /openapi/<name>.json."""

from __future__ import annotations

from html import escape

from flask import Blueprint, Response, abort, json, send_from_directory

from simulator.core.resources import SWAGGER_UI_DIR
from simulator.core.runtime import runtime

docs = Blueprint("simulator_docs", __name__)

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/swagger-ui-standalone-preset.js"></script>
<script>
window.ui = SwaggerUIBundle({{url: "/openapi/{name}.json", dom_id: "#swagger-ui",
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: "StandaloneLayout",
  requestInterceptor: (req) => {{ const ns = localStorage.getItem("ccsim-namespace");
    if (ns) req.headers["X-Simulator-Namespace"] = ns; return req; }}}});
</script></body></html>"""

_LANDING = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Contact-center simulator</title></head>
<body style="font-family: sans-serif; max-width: 48em; margin: 2em auto">
<h1>Contact-center simulator</h1>
<p>Interactive documentation for each simulated API. "Try it out" calls this server.</p>
<ul>{items}</ul>
<p>Namespace for "Try it out" (header <code>X-Simulator-Namespace</code>):
<input id="ns" placeholder="default"> <button onclick="localStorage.setItem('ccsim-namespace',
document.getElementById('ns').value)">use</button></p>
</body></html>"""


@docs.get("/docs")
def landing() -> Response:
    items = "".join(
        f'<li><a href="/docs/{escape(m.name)}">{escape(m.title)}</a> '
        f'(mounted at <code>{escape(m.mount)}</code>, '
        f'<a href="/openapi/{escape(m.name)}.json">spec</a>)</li>'
        for m in runtime().modules
    )
    return Response(_LANDING.format(items=items), mimetype="text/html")


@docs.get("/docs/<name>")
def swagger_page(name: str) -> Response:
    module = next((m for m in runtime().modules if m.name == name), None)
    if module is None:
        abort(404)
    return Response(_PAGE.format(title=escape(module.title), name=escape(name)), mimetype="text/html")


@docs.get("/docs/assets/<path:filename>")
def swagger_asset(filename: str) -> Response:
    return send_from_directory(SWAGGER_UI_DIR, filename, max_age=3600)


@docs.get("/openapi/<name>.json")
def spec(name: str) -> Response:
    module = next((m for m in runtime().modules if m.name == name), None)
    if module is None:
        abort(404)
    return Response(json.dumps(module.spec(), indent=2), mimetype="application/json")
