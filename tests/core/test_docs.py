"""Swagger UI pages and OpenAPI documents, served offline from the installed package."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from swagger_ui_bundle import swagger_ui_path

from tests.core.builders import assert_problem

SPECS = ("robin", "robin-webshop", "admin")


def test_docs_landing__lists_every_spec(client: FlaskClient) -> None:
    response = client.get("/docs")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    for name in SPECS:
        assert f'href="/docs/{name}"' in page
        assert f'href="/openapi/{name}.json"' in page


@pytest.mark.parametrize("name", SPECS)
def test_docs_page__uses_local_swagger_assets_only(client: FlaskClient, name: str) -> None:
    response = client.get(f"/docs/{name}")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<script src="/docs/assets/swagger-ui-bundle.js"></script>' in page
    assert f'url: "/openapi/{name}.json"' in page
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources
    assert not [s for s in sources if s.startswith(("http:", "https:", "//"))]


@pytest.mark.parametrize(
    "asset", ["swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css"]
)
def test_docs_asset__served_from_the_installed_package(client: FlaskClient, asset: str) -> None:
    response = client.get(f"/docs/assets/{asset}")

    assert response.status_code == 200
    assert response.get_data() == (Path(swagger_ui_path) / asset).read_bytes()
    response.close()


def test_docs_asset__unknown_file_returns_404(client: FlaskClient) -> None:
    response = client.get("/docs/assets/nope.js")

    assert_problem(response, 404)


@pytest.mark.parametrize(("name", "mount"), [
    ("robin", "/robin"), ("robin-webshop", "/robin/webshop"), ("admin", "/__admin"),
])
def test_openapi__serves_each_spec_relative_to_its_mount(
    client: FlaskClient, name: str, mount: str
) -> None:
    response = client.get(f"/openapi/{name}.json")

    spec = response.get_json()
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert spec["openapi"] == "3.0.3"
    assert spec["servers"][0]["url"] == mount
    assert spec["paths"]
    assert not [p for p in spec["paths"] if p.startswith(mount + "/")]


def test_openapi__admin_spec_documents_the_control_routes(client: FlaskClient) -> None:
    paths = client.get("/openapi/admin.json").get_json()["paths"]

    for path in ("/health", "/version", "/reset", "/seed", "/state", "/requests", "/outbox",
                 "/clock", "/clock/advance", "/namespaces"):
        assert path in paths


@pytest.mark.parametrize("path", ["/openapi/nope.json", "/docs/nope"])
def test_unknown_spec__returns_404_problem(client: FlaskClient, path: str) -> None:
    response = client.get(path)

    assert_problem(response, 404)


def test_spec__built_on_first_use_and_once_under_concurrent_requests() -> None:
    from concurrent.futures import ThreadPoolExecutor

    from simulator import create_app
    from simulator.config import Config

    application = create_app(Config())
    client_paths = [f"/openapi/{name}.json" for name in ("robin", "sinch-cmi", "admin")] * 4

    def fetch(path: str) -> dict:
        return application.test_client().get(path).get_json()

    with ThreadPoolExecutor(max_workers=6) as pool:
        specs = list(pool.map(fetch, client_paths))
    by_path: dict[str, dict] = {}
    for path, spec in zip(client_paths, specs, strict=True):
        assert spec["paths"], path
        assert by_path.setdefault(path, spec) == spec  # every answer is the same, complete document
    tags = [tag["name"] for tag in by_path["/openapi/sinch-cmi.json"]["tags"]]
    assert len(tags) == len(set(tags)) == 9
