"""The committed OpenAPI documents: generated, up to date, and complete for every operation."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis

from simulator.cli import render_specs

OPENAPI_DIR = Path(__file__).resolve().parent.parent / "openapi"  # the committed specs

MOUNTS = {"robin": "/robin", "robin-webshop": "/robin/webshop", "sinch-cmi": "/sinch/cmi",
          "sinch-ecfs": "/sinch/ecfs/authentication", "chatwoot": "/chatwoot", "admin": "/__admin"}
# The same routes served again: each a further server of its spec.
ALSO_MOUNTED = {"sinch-cmi": ["/sinch/ecfs/RI/cmi"]}
VENDOR_SPECS = ("robin", "robin-webshop", "sinch-cmi", "sinch-ecfs", "chatwoot")
METHODS = ("get", "put", "post", "delete", "patch")
# Operations that really take no request body although their method allows one.
BODYLESS = {("admin", "post", "/reset"), ("sinch-ecfs", "post", "/logout")}
# The ECF login posts a form (or nothing, with a bearer token), as the vendor's samples do.
FORM_BODIES = {("sinch-ecfs", "post", "/")}
# CMI remarks are written as text/plain, as the vendor documents.
TEXT_BODIES = {("sinch-cmi", method, "/contacts/{contactId}/remarks") for method in ("post", "put")}
# ROBIN answers 201 Created with an empty body; 204 never has one.
EMPTY_SUCCESS = {"robin": {"201", "204"}, "robin-webshop": {"204"}, "sinch-cmi": {"204"}, "chatwoot": {"204"},
                 "admin": {"204"}, "sinch-ecfs": {"200"}}  # ECF logout: 200, nothing more (CPC reads the status)
EMPTY_DELETE_200 = {"chatwoot"}  # Rails `head :ok`: deletes answer 200 with an empty body
# Chatwoot actions that answer `head :ok` too.
EMPTY_ACTIONS_200 = {("chatwoot", "post", path) for path in (
    "/api/v1/accounts/{account_id}/conversations/{conversation_id}/toggle_priority",
    "/api/v1/accounts/{account_id}/inboxes/{id}/set_agent_bot")}
ERROR_MEDIA = {
    "robin": ("application/json", "#/components/schemas/RobinError"),
    "robin-webshop": ("application/json", "#/components/schemas/WebshopError"),
    "admin": ("application/problem+json", "#/components/schemas/Error"),
    "sinch-cmi": ("text/plain", ""),  # plain text errors, checked in test_spec__cmi_errors_are_plain_text
    "sinch-ecfs": ("text/plain", ""),
    "chatwoot": ("application/json", "#/components/schemas/Error"),
}
# The API key travels in the path here; OpenAPI has no security scheme for that.
KEY_IN_PATH = {("robin", "/voip/registerevent/{apikey}")}
PRESENCE = ("robin", "/presence/api/v1")
Operation = tuple[str, str, str, dict[str, Any]]


@pytest.fixture(scope="module")
def generated() -> dict[str, str]:
    return render_specs()


@pytest.fixture(scope="module")
def specs(generated: dict[str, str]) -> dict[str, dict[str, Any]]:
    return {name: json.loads(text) for name, text in generated.items()}


def operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in spec["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def resolve(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """Follow a local `$ref` (components/responses, components/schemas)."""
    while "$ref" in node:
        found: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            found = found[part]
        node = found
    return node


def test_openapi_write__committed_specs_match_the_code(generated: dict[str, str]) -> None:
    stale = [
        name
        for name, text in generated.items()
        if not (OPENAPI_DIR / f"{name}.json").exists()
        or (OPENAPI_DIR / f"{name}.json").read_text(encoding="utf-8") != text
    ]
    assert not stale, f"stale specs {stale}: run `make openapi` (ccsim openapi write)"


def test_openapi_write__no_committed_spec_without_an_api(generated: dict[str, str]) -> None:
    committed = {path.stem for path in OPENAPI_DIR.glob("*.json")}
    assert committed == set(generated)


@pytest.mark.parametrize("name", sorted(MOUNTS))
def test_spec__is_valid_openapi(specs: dict[str, dict[str, Any]], name: str) -> None:
    schema = schemathesis.openapi.from_dict(json.loads(json.dumps(specs[name])))
    schema.validate()
    assert specs[name]["openapi"].startswith("3.")


@pytest.mark.parametrize("name", sorted(MOUNTS))
def test_spec__server_url_is_the_mount(specs: dict[str, dict[str, Any]], name: str) -> None:
    mounts = [MOUNTS[name], *ALSO_MOUNTED.get(name, [])]
    assert [server["url"] for server in specs[name]["servers"]] == mounts
    assert all(not path.startswith(mount + "/") for path in specs[name]["paths"] for mount in mounts)


@pytest.mark.parametrize("name", sorted(MOUNTS))
def test_spec__every_operation_has_a_summary(specs: dict[str, dict[str, Any]], name: str) -> None:
    missing = [f"{m.upper()} {p}" for p, m, op in operations(specs[name]) if not op.get("summary")]
    assert not missing


@pytest.mark.parametrize("name", sorted(MOUNTS))
def test_spec__bodies_are_documented_with_a_schema(
    specs: dict[str, dict[str, Any]], name: str
) -> None:
    spec = specs[name]
    problems = []
    for path, method, op in operations(spec):
        body = op.get("requestBody")
        if body is None:
            if method in ("post", "put", "patch") and (name, method, path) not in BODYLESS:
                problems.append(f"{method.upper()} {path}: no requestBody")
            continue
        content = body.get("content", {})
        if (name, method, path) in TEXT_BODIES:
            if not content.get("text/plain", {}).get("schema"):
                problems.append(f"{method.upper()} {path}: text body without a schema")
            continue
        if (name, method, path) in FORM_BODIES:
            if not content.get("application/x-www-form-urlencoded", {}).get("schema"):
                problems.append(f"{method.upper()} {path}: form body without a schema")
            continue
        if "application/json" not in content or not content["application/json"].get("schema"):
            problems.append(f"{method.upper()} {path}: requestBody without a JSON schema")
    assert not problems


@pytest.mark.parametrize("name", sorted(MOUNTS))
def test_spec__responses_have_schemas(specs: dict[str, dict[str, Any]], name: str) -> None:
    spec = specs[name]
    problems = []
    for path, method, op in operations(spec):
        label = f"{method.upper()} {path}"
        responses = op["responses"]
        if "default" in responses:
            problems.append(f"{label}: catch-all 'default' response")
        if not any(status.startswith("2") for status in responses):
            problems.append(f"{label}: no success response")
        for status, reference in responses.items():
            content = resolve(spec, reference).get("content")
            if not content:
                empty_delete = name in EMPTY_DELETE_200 and method == "delete" and status == "200"
                empty_action = (name, method, path) in EMPTY_ACTIONS_200 and status == "200"
                if status not in EMPTY_SUCCESS[name] and not empty_delete and not empty_action:
                    problems.append(f"{label} {status}: no content")
                continue
            problems += [
                f"{label} {status} {media}: no schema"
                for media, entry in content.items()
                if not entry.get("schema")
            ]
    assert not problems


@pytest.mark.parametrize("name", sorted(MOUNTS))
def test_spec__json_errors_use_the_api_error_shape(
    specs: dict[str, dict[str, Any]], name: str
) -> None:
    spec = specs[name]
    media_type, schema_ref = ERROR_MEDIA[name]
    problems = []
    for path, method, op in operations(spec):
        for status, reference in op["responses"].items():
            if not status.startswith(("4", "5")):
                continue
            content = resolve(spec, reference).get("content", {})
            if "text/plain" in content:
                continue
            entry = content.get(media_type, {})
            if entry.get("schema", {}).get("$ref") != schema_ref:
                problems.append(f"{method.upper()} {path} {status}: {sorted(content)}")
    assert not problems


@pytest.mark.parametrize("name", VENDOR_SPECS)
def test_spec__vendor_operations_document_their_errors(
    specs: dict[str, dict[str, Any]], name: str
) -> None:
    problems = []
    for path, method, op in operations(specs[name]):
        statuses = set(op["responses"])
        if (name, path) == PRESENCE:
            expected = {"400", "404", "429"}  # presence rejects keys with 400/404, as ROBIN does
        elif name == "robin":
            expected = {"400", "401", "429"}
        elif name == "chatwoot" and path.startswith("/public/"):
            expected = {"404"}  # no auth header: the secret is the inbox identifier in the path (unknown: 404)
        elif name == "chatwoot":
            expected = {"401"} | ({"404"} if "{account_id}" in path else set())
        elif name == "sinch-cmi":
            expected = {"400", "401", "403"} | ({"404"} if "{" in path else set())
        elif name == "sinch-ecfs":
            expected = {"401", "403"}  # 403: a browser's origin that the CORS setting leaves out
        else:
            expected = {"400", "401", "404"}
        if not expected <= statuses:
            problems.append(f"{method.upper()} {path}: missing {sorted(expected - statuses)}")
    assert not problems


def test_spec__robin_operations_require_credentials(specs: dict[str, dict[str, Any]]) -> None:
    spec = specs["robin"]
    problems = []
    for path, method, op in operations(spec):
        label = f"{method.upper()} {path}: security {op.get('security')}"
        if ("robin", path) in KEY_IN_PATH:
            names = {p["name"] for p in spec["paths"][path].get("parameters", [])}
            if "apikey" not in names or op.get("security"):
                problems.append(f"{label}, the key belongs in the path parameter only")
        elif ("robin", path) == PRESENCE:
            if op.get("security") != [{"presenceKey": []}]:
                problems.append(label)
        elif op.get("security") != [{"robinBasic": []}]:
            problems.append(label)
    assert not problems


def test_spec__webshop_operations_require_credentials(specs: dict[str, dict[str, Any]]) -> None:
    wrong = [
        f"{method.upper()} {path}"
        for path, method, op in operations(specs["robin-webshop"])
        if op.get("security") != [{"webshopBasic": []}]
    ]
    assert not wrong


def test_spec__admin_operations_take_no_credentials(specs: dict[str, dict[str, Any]]) -> None:
    assert not [path for path, _, op in operations(specs["admin"]) if op.get("security")]
    assert "securitySchemes" not in specs["admin"].get("components", {})


def test_spec__security_schemes_are_defined(specs: dict[str, dict[str, Any]]) -> None:
    robin = specs["robin"]["components"]["securitySchemes"]
    webshop = specs["robin-webshop"]["components"]["securitySchemes"]
    assert {"type": robin["robinBasic"]["type"], "scheme": robin["robinBasic"]["scheme"]} == {
        "type": "http",
        "scheme": "basic",
    }
    presence = robin["presenceKey"]
    assert (presence["type"], presence["in"], presence["name"]) == ("apiKey", "query", "apikey")
    assert (webshop["webshopBasic"]["type"], webshop["webshopBasic"]["scheme"]) == ("http", "basic")
    for name in VENDOR_SPECS:
        schemes = specs[name]["components"]["securitySchemes"]
        used = {
            scheme
            for _, _, op in operations(specs[name])
            for requirement in op.get("security", [])
            for scheme in requirement
        }
        assert used <= set(schemes), f"{name}: undefined schemes {used - set(schemes)}"


def test_spec__cmi_operations_require_credentials(specs: dict[str, dict[str, Any]]) -> None:
    """Basic on every call, a bearer token, or an ECF session's cookie: any one of them."""
    wrong = [
        f"{method.upper()} {path}"
        for path, method, op in operations(specs["sinch-cmi"])
        if op.get("security") != [{"cmiBasic": []}, {"cmiBearer": []}, {"ecfSession": []}]
    ]
    assert not wrong


def test_spec__ecf_login_takes_the_form_or_a_token_and_logout_the_cookie(specs: dict[str, dict[str, Any]]) -> None:
    security = {(method, path): op.get("security") for path, method, op in operations(specs["sinch-ecfs"])}
    assert security == {("post", "/"): [{"ecfAuth": []}, {"cmiBearer": []}], ("delete", "/"): [{"ecfSession": []}],
                        ("post", "/logout"): [{"ecfSession": []}]}
    schemes = specs["sinch-ecfs"]["components"]["securitySchemes"]
    assert (schemes["ecfSession"]["type"], schemes["ecfSession"]["in"], schemes["ecfSession"]["name"]) == (
        "apiKey", "cookie", "JSESSIONID")
    assert schemes["cmiBearer"] == specs["sinch-cmi"]["components"]["securitySchemes"]["cmiBearer"]
    assert "Set-Cookie" in specs["sinch-ecfs"]["paths"]["/"]["post"]["responses"]["200"]["headers"]


@pytest.mark.parametrize("name", ["sinch-cmi", "sinch-ecfs"])
def test_spec__cmi_errors_are_plain_text(specs: dict[str, dict[str, Any]], name: str) -> None:
    spec = specs[name]
    problems = []
    for path, method, op in operations(spec):
        for status, reference in op["responses"].items():
            if status.startswith("4"):
                content = resolve(spec, reference).get("content", {})
                if set(content) != {"text/plain"} or content["text/plain"]["schema"] != {"type": "string"}:
                    problems.append(f"{method.upper()} {path} {status}: {sorted(content)}")
    assert not problems


def test_spec__cmi_offers_xml_beside_json(specs: dict[str, dict[str, Any]]) -> None:
    def lacks_xml(content: dict[str, Any]) -> bool:
        """No XML twin naming its root element (tests/sinch_cmi/test_xml_schemas.py checks the rest)."""
        xml_schema = resolve(spec, content.get("application/xml", {}).get("schema", {}))
        return "application/json" in content and "name" not in xml_schema.get("xml", {})

    spec = specs["sinch-cmi"]
    problems = []
    for path, method, op in operations(spec):
        if lacks_xml(op.get("requestBody", {}).get("content", {})):
            problems.append(f"{method.upper()} {path}: request body without XML")
        if lacks_xml(op["responses"].get("200", {}).get("content", {})):
            problems.append(f"{method.upper()} {path}: 200 without XML")
    assert not problems


def test_chatwoot_spec__title_names_all_three_apis(specs: dict[str, dict[str, Any]]) -> None:
    info = specs["chatwoot"]["info"]
    assert all(api in info["title"] for api in ("application", "platform", "public"))
    paths = specs["chatwoot"]["paths"]
    assert any(p.startswith("/platform/api/v1") for p in paths) and any(p.startswith("/public/api/v1") for p in paths)
