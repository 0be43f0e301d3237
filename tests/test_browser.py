"""Swagger UI at /docs driven in headless Chromium against a real `ccsim serve`, plus what it relies on."""

from __future__ import annotations

import json
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests

from simulator.core.docs import DOCS_HEADER, NAMESPACE_KEY
from tests.test_server_smoke import CANONICAL_GUID, HOST, NAMESPACE, TIMEOUT, Server, running_server

try:
    from playwright.sync_api import BrowserContext, ConsoleMessage, Locator, Page, Response, expect, sync_playwright
except ImportError:  # the dev extras are not installed
    sync_playwright = None

OPENAPI_DIR = Path(__file__).resolve().parent.parent / "openapi"  # the committed specs
CHROMIUM = Path(shutil.which("chromium") or "/usr/bin/chromium")
# No background connections (updates, sync, field trials): a closed network refuses them.
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# Pages load from a name that is not localhost (mapped to 127.0.0.1), as from a server bound to 0.0.0.0:
# Swagger UI fetches its online validator badge for such hosts unless told not to.
DOCS_HOST = "ccsim.test"
WAIT_MS = 10_000
PAGES = ("", "/robin", "/robin-webshop", "/sinch-cmi", "/sinch-ecfs", "/chatwoot", "/admin")
ROBIN = {"username": "demo-robin-key", "password": "demo-robin-secret"}
WEBSHOP = {"username": "demo-webshop-key", "password": "demo-webshop-secret"}
CMI = {"username": "demo-agent", "password": "demo-password"}
CHATWOOT = {"value": "demo-chatwoot-admin-token"}
FINNISH_STATUS = ("Käsitelty", "Suljettu", "Odottaa", "Avoin", "Jonossa", "Hylätty")


def _missing_browser() -> str:
    if sync_playwright is None:
        return "the playwright package is not installed (pip install -e '.[dev]')"
    if not CHROMIUM.is_file():
        return f"Chromium is not installed at {CHROMIUM} (apt-get install chromium chromium-driver)"
    return ""


MISSING_BROWSER = _missing_browser()
needs_chromium = pytest.mark.skipif(bool(MISSING_BROWSER), reason=f"browser test: {MISSING_BROWSER}")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_server(tmp_path_factory.mktemp("ccsim")) as started:
        yield started


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    """Headless Chromium with a new, empty profile."""
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            tmp_path_factory.mktemp("chromium-profile"), executable_path=str(CHROMIUM), headless=True,
            args=[*CHROMIUM_FLAGS, f"--host-resolver-rules=MAP {DOCS_HOST} {HOST}"],
        )
        context.set_default_timeout(WAIT_MS)
        expect.set_options(timeout=WAIT_MS)
        try:
            yield context
        finally:
            context.close()


@dataclass
class Tab:
    """A page and what it did: the URLs it requested, the server addresses that answered, its errors."""

    page: Page
    base: str
    requested: list[str] = field(default_factory=list)
    answered_by: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture
def tab(server: Server, browser: BrowserContext) -> Iterator[Tab]:  # the browser closes first
    page = browser.new_page()
    opened = Tab(page, f"http://{DOCS_HOST}:{server.port}")
    page.on("request", lambda req: opened.requested.append(req.url))
    page.on("response", lambda res: opened.answered_by.append((res.server_addr() or {}).get("ipAddress", "")))

    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            opened.errors.append(f"{message.text} at {message.location}")

    page.on("console", console)
    page.on("pageerror", lambda exc: opened.errors.append(f"uncaught: {exc}"))
    try:
        yield opened
    finally:
        page.close()


# ---- helpers --------------------------------------------------------------------------------------------


def use_namespace(tab: Tab, prefix: str) -> str:
    """A fresh namespace entered in the landing page's box: every "Try it out" request then carries it."""
    name = f"browser-{prefix}-{uuid.uuid4().hex[:8]}"
    tab.page.goto(f"{tab.base}/docs")
    tab.page.locator("#ns").fill(name)
    tab.page.locator("#ns-form button").click()
    expect(tab.page.locator("#ns-state")).to_have_text(f"in use: {name}")
    return name


def open_docs(tab: Tab, name: str) -> None:
    tab.page.goto(f"{tab.base}/docs/{name}")
    expect(tab.page.locator(".swagger-ui .info .title")).to_be_visible()
    expect(tab.page.locator(".opblock").first).to_be_visible()


def authorize(tab: Tab, scheme: str, values: dict[str, str]) -> None:
    """Authorize one security scheme through Swagger UI's dialog (inputs named username/password or value)."""
    page = tab.page
    page.locator(".auth-wrapper .authorize").click()
    container = page.locator(".auth-container").filter(has=page.locator("h4", has_text=scheme))
    for name, value in values.items():
        selector = "input[type=text]" if name == "value" else f"input[name={name}]"
        container.locator(selector).fill(value)
    container.locator("button.authorize").click()
    expect(container.locator("h6", has_text="Authorized")).to_be_visible()
    container.locator("button.btn-done").click()
    expect(page.locator(".dialog-ux")).to_have_count(0)


@dataclass(frozen=True)
class Operation:
    """An expanded operation in "Try it out" mode."""

    block: Locator
    method: str


def try_out(tab: Tab, method: str, path: str, *, params: dict[str, str] | None = None,
            body: Any = None) -> Operation:
    """Expand an operation, press "Try it out" and fill the given parameters and JSON body."""
    page = tab.page
    block = page.locator(f".opblock.opblock-{method}").filter(
        has=page.locator(f'.opblock-summary-path[data-path="{path}"]')).first
    block.locator(".opblock-summary-path").click()
    block.locator(".try-out__btn").click()
    for name, value in (params or {}).items():
        block.locator(f'tr[data-param-name="{name}"] input').fill(value)
    if body is not None:
        block.locator("textarea.body-param__text").fill(json.dumps(body))
    return Operation(block, method.upper())


def execute(tab: Tab, operation: Operation, url_path: str, status: int) -> Response:
    """Press Execute: the page shows `status` (no hang, no browser login prompt); returns the network answer."""
    def sent(answer: Response) -> bool:
        return answer.request.method == operation.method and urlsplit(answer.url).path == url_path

    with tab.page.expect_response(sent) as answer:
        operation.block.locator("button.execute").click()
    shown = operation.block.locator(".live-responses-table tbody .response-col_status").first
    expect(shown).to_have_text(str(status))
    return answer.value


def outline(contacts: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """What sorting and language change in a contact list (durations grow with the clock)."""
    return [(contact["id"], contact.get("statusDetails", "")) for contact in contacts]


def journaled(server: Server, namespace: str, path: str) -> list[dict[str, Any]]:
    response = requests.get(f"{server.url}/__admin/requests", params={"path": path},
                            headers={NAMESPACE: namespace}, timeout=TIMEOUT)
    assert response.status_code == 200
    return response.json()["requests"]


# ---- in the browser -------------------------------------------------------------------------------------


@needs_chromium
@pytest.mark.parametrize("name", PAGES)
def test_docs_page__loads_offline_without_errors(tab: Tab, name: str) -> None:
    tab.page.goto(f"{tab.base}/docs{name}")
    if name:
        expect(tab.page.locator(".swagger-ui .info .title")).to_be_visible()
        expect(tab.page.locator(".opblock").first).to_be_visible()
        expect(tab.page.locator(".swagger-ui .errors-wrapper")).to_have_count(0)
    else:
        expect(tab.page.locator('li a[href^="/docs/"]')).to_have_count(len(PAGES) - 1)
    tab.page.wait_for_load_state("networkidle")  # late requests (images, badges) have been made

    assert {urlsplit(url)._replace(path="", query="", fragment="").geturl() for url in tab.requested} == {tab.base}
    assert tab.answered_by and set(tab.answered_by) <= {HOST, ""}  # "": answered from the browser's cache
    assert tab.errors == []


@needs_chromium
def test_landing__namespace_box_shows_the_stored_namespace_after_a_reload(tab: Tab) -> None:
    name = use_namespace(tab, "reload")

    tab.page.reload()

    expect(tab.page.locator("#ns")).to_have_value(name)
    expect(tab.page.locator("#ns-state")).to_have_text(f"in use: {name}")
    assert tab.page.evaluate(f"localStorage.getItem('{NAMESPACE_KEY}')") == name


@needs_chromium
def test_robin__authorized_read_and_write_in_the_chosen_namespace(tab: Tab, server: Server) -> None:
    namespace = use_namespace(tab, "robin")
    open_docs(tab, "robin")
    authorize(tab, "robinBasic", ROBIN)

    read = try_out(tab, "post", "/conversations", body={"guid": CANONICAL_GUID})
    execute(tab, read, "/robin/conversations", 200)
    write = try_out(tab, "post", "/dynamic/customers", body={"customers": [{
        "email_address": "browser@example.com", "customer_since": "2024-01-01T10:00:00Z", "order_count": 1,
        "total_revenue": 9.5, "currency": "EUR"}]})
    sent = execute(tab, write, "/robin/dynamic/customers", 201).request

    assert sent.headers[NAMESPACE.lower()] == namespace
    assert [entry["status"] for entry in journaled(server, namespace, "/robin/dynamic/customers")] == [201]


@needs_chromium
def test_robin_webshop__authorized_read(tab: Tab) -> None:
    use_namespace(tab, "webshop")
    open_docs(tab, "robin-webshop")
    authorize(tab, "webshopBasic", WEBSHOP)

    read = try_out(tab, "get", "/customers", params={"email": "email@address.com"})
    execute(tab, read, "/robin/webshop/customers", 200)


@needs_chromium
def test_sinch_cmi__authorized_read_and_write(tab: Tab) -> None:
    use_namespace(tab, "cmi")
    open_docs(tab, "sinch-cmi")
    authorize(tab, "cmiBasic", CMI)

    write = try_out(tab, "post", "/callbacks", body={"callbackQueueNumber": "505", "customerNumber": "85412369512",
                                                      "nextCallTime": "2030-10-04T12:36:02.440Z"})
    execute(tab, write, "/sinch/cmi/callbacks", 201)
    read = try_out(tab, "get", "/callbacks")
    execute(tab, read, "/sinch/cmi/callbacks", 200)


@needs_chromium
def test_sinch_cmi__contacts_untouched_parameters_give_the_default_answer(tab: Tab, server: Server) -> None:
    namespace = use_namespace(tab, "cmi-contacts")
    open_docs(tab, "sinch-cmi")
    authorize(tab, "cmiBasic", CMI)

    read = try_out(tab, "get", "/contacts")
    answer = execute(tab, read, "/sinch/cmi/contacts", 200)

    assert urlsplit(answer.url).query == ""
    default = requests.get(f"{server.url}/sinch/cmi/contacts", auth=(CMI["username"], CMI["password"]),
                           headers={NAMESPACE: namespace, "Accept": "application/json"}, timeout=TIMEOUT)
    assert outline(answer.json()) == outline(default.json())  # same order, same language
    shown = read.block.locator(".live-responses-table .response-col_description pre").first.inner_text()
    assert not any(word in shown for word in FINNISH_STATUS)


@needs_chromium
def test_chatwoot__authorized_read_and_write(tab: Tab) -> None:
    use_namespace(tab, "chatwoot")
    open_docs(tab, "chatwoot")
    authorize(tab, "userApiKey", CHATWOOT)

    path = "/api/v1/accounts/{account_id}/contacts"
    write = try_out(tab, "post", path, params={"account_id": "1"},
                    body={"name": "Browser Test", "email": "browser@example.com"})
    execute(tab, write, "/chatwoot/api/v1/accounts/1/contacts", 200)
    read = try_out(tab, "get", path, params={"account_id": "1"})
    execute(tab, read, "/chatwoot/api/v1/accounts/1/contacts", 200)


@needs_chromium
@pytest.mark.parametrize(("name", "method", "path", "url_path"), [
    ("robin", "post", "/dynamic/customers", "/robin/dynamic/customers"),
    ("sinch-cmi", "get", "/contacts", "/sinch/cmi/contacts"),
])
def test_try_it_out__without_credentials_shows_the_401(tab: Tab, name: str, method: str, path: str,
                                                        url_path: str) -> None:
    use_namespace(tab, "unauthorized")
    open_docs(tab, name)

    operation = try_out(tab, method, path, body={"customers": []} if method == "post" else None)
    answer = execute(tab, operation, url_path, 401)

    assert answer.request.headers[DOCS_HEADER.lower()] == "1"
    assert "www-authenticate" not in answer.headers


# ---- over plain HTTP ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("method", "path", "realm"), [
    ("POST", "/robin/dynamic/customers", 'Basic realm="ROBIN API"'),
    ("GET", "/sinch/cmi/contacts", 'Basic realm="Sinch Contact Center RI"'),
])
def test_unauthorized__challenge_for_clients_none_for_the_docs_page(server: Server, method: str, path: str,
                                                                    realm: str) -> None:
    plain = requests.request(method, f"{server.url}{path}", json={"customers": []}, timeout=TIMEOUT)
    from_docs = requests.request(method, f"{server.url}{path}", json={"customers": []},
                                 headers={DOCS_HEADER: "1"}, timeout=TIMEOUT)

    assert plain.status_code == from_docs.status_code == 401
    assert plain.headers["WWW-Authenticate"] == realm
    assert "WWW-Authenticate" not in from_docs.headers
    assert from_docs.content == plain.content


# ---- in the specs ---------------------------------------------------------------------------------------


def _parameters(spec: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    shared = spec.get("components", {}).get("parameters", {})
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in ("get", "put", "post", "delete", "patch"):
                for parameter in [*item.get("parameters", []), *operation.get("parameters", [])]:
                    if "$ref" in parameter:
                        parameter = shared[parameter["$ref"].rsplit("/", 1)[-1]]
                    yield f"{method.upper()} {path}", parameter


def _carries_example(value: Any) -> bool:
    if isinstance(value, dict):
        return "example" in value or "examples" in value or any(_carries_example(v) for v in value.values())
    if isinstance(value, list):
        return any(_carries_example(v) for v in value)
    return False


def test_specs__no_query_or_header_parameter_carries_an_example() -> None:
    """Swagger UI's "Try it out" fills each parameter's input with its `examples`, `example`, schema `example` or schema
    `default`, and sends whatever is filled in. A default is what the server assumes anyway; an example is a
    value the user never chose (`language=fi` answers in Finnish, `sort=` reorders, `limit=` cuts), so
    query and header parameters give examples in their description. Path parameters may keep theirs:
    they name the resource the operation is about, and an example there is a working one."""
    offenders = [
        f"{spec_file.name}: {operation} {parameter['in']} {parameter['name']}"
        for spec_file in sorted(OPENAPI_DIR.glob("*.json"))
        for operation, parameter in _parameters(json.loads(spec_file.read_text(encoding="utf-8")))
        if parameter["in"] != "path" and _carries_example(parameter)
    ]

    assert offenders == []
