"""A vendor's real 429 is documented on exactly the operations that answer it, with its very body as the example."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from simulator import create_app
from simulator.config import Config
from simulator.core.clock import Clock
from tests.chatwoot.support import ADMIN_TOKEN
from tests.conftest import FROZEN_AT, ROBIN_AUTH, ROBIN_KEY, WEBSHOP_AUTH
from tests.sinch_cmi.support import CMI_AUTH

METHODS = ("get", "put", "post", "delete", "patch")
PLATFORM_TOKEN = "demo-chatwoot-platform-token"
CREDENTIALS = {"robinBasic": ROBIN_AUTH, "webshopBasic": WEBSHOP_AUTH, "cmiBasic": CMI_AUTH,
               "userApiKey": {"api_access_token": ADMIN_TOKEN},
               "platformAppApiKey": {"api_access_token": PLATFORM_TOKEN}}
# Values that get a request past its guard: keys in the path or query, and what presence needs beside its key.
KNOWN = {"apikey": ROBIN_KEY, "inbox_identifier": "demo-api-inbox", "Channel": "Chat"}
CMI_LIMIT = "1/minute"
# Each vendor's window filled by real calls: (method, URL, headers, calls).
FILL = [
    ("GET", "/chatwoot/api/v1/profile", {"api_access_token": ADMIN_TOKEN}, 3000),  # 3000 a minute per client IP
    ("POST", "/robin/conversations", ROBIN_AUTH, 3),  # 3 a second per API key
    ("GET", "/sinch/cmi/emails", CMI_AUTH, 1),  # SIMULATOR_SINCH_CMI_RATE_LIMIT
]
LIMITED = {"robin": True, "robin-webshop": False, "sinch-cmi": True, "chatwoot": True}


class StillClock(Clock):
    """Time stands still, as on a frozen clock, yet the clock says it runs: 429s read as a running server writes
    them (without the frozen-clock sentence), and no window ends however slow the machine is."""

    @property
    def frozen(self) -> bool:
        return False


@pytest.fixture(scope="module")
def limited() -> Iterator[tuple[Flask, FlaskClient]]:
    """Every vendor's window full."""
    app = create_app(Config(rate_limits=True, sinch_cmi_rate_limit=CMI_LIMIT), clock=StillClock(frozen_at=FROZEN_AT))
    client = app.test_client()
    for method, url, headers, calls in FILL:
        answers = [client.open(url, method=method, headers=headers).status_code for _ in range(calls)]
        assert 429 not in answers, url
    yield app, client


def spec_of(app: Flask, name: str) -> dict[str, Any]:
    return next(module.spec() for module in app.extensions["simulator"].modules if module.name == name)


def send(client: FlaskClient, spec: dict[str, Any], path: str, method: str, operation: dict[str, Any]) -> TestResponse:
    """The operation called as a client would: credentials, keys, required query, its example body."""
    parameters = [*spec["paths"][path].get("parameters", []), *operation.get("parameters", [])]
    values = {p["name"]: KNOWN.get(p["name"], p.get("example", 1 if p.get("schema", {}).get("type") == "integer"
                                                  else "x"))
              for p in parameters}
    url = spec["servers"][0]["url"] + path.format(**{p["name"]: values[p["name"]] for p in parameters
                                                     if p["in"] == "path"})
    query = {p["name"]: values[p["name"]] for p in parameters
             if p["in"] == "query" and (p.get("required") or p["name"] in KNOWN)}
    headers: dict[str, str] = {}
    for requirement in operation.get("security", []):
        for scheme in requirement:
            headers.update(CREDENTIALS.get(scheme, {}))
    data = None
    for media_type, media in operation.get("requestBody", {}).get("content", {}).items():
        if "example" in media:
            example = media["example"]
            data = example if isinstance(example, str) else json.dumps(example)
            headers["Content-Type"] = media_type
            break
    return client.open(url, method=method.upper(), query_string=query, data=data, headers=headers)


def body(response: TestResponse) -> Any:
    return response.get_json() if response.is_json else response.get_data(as_text=True)


@pytest.mark.parametrize("name", sorted(LIMITED))
def test_a_real_429_is_documented_with_its_body(limited: tuple[Flask, FlaskClient], name: str) -> None:
    app, client = limited
    spec = spec_of(app, name)
    problems, refused = [], 0
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            response = send(client, spec, path, method, operation)
            documented = operation["responses"].get("429")
            label = f"{method.upper()} {path}"
            if response.status_code != 429:
                if documented is not None:
                    problems.append(f"{label}: documents a 429, answered {response.status_code}")
                continue
            refused += 1
            media = (documented or {}).get("content", {}).get(response.mimetype)
            if media is None:
                problems.append(f"{label}: answered a {response.mimetype} 429, which it does not document")
            elif media.get("example") != body(response):
                problems.append(f"{label}: 429 example {media.get('example')!r}, answered {body(response)!r}")
    assert not problems, "\n".join(problems)
    assert bool(refused) == LIMITED[name]


def test_without_the_setting_cmi_has_no_limit() -> None:
    """The CMI's 429 is documented as happening only when SIMULATOR_SINCH_CMI_RATE_LIMIT is set."""
    client = create_app(Config(rate_limits=True), clock=StillClock(frozen_at=FROZEN_AT)).test_client()
    assert {client.get("/sinch/cmi/emails", headers=CMI_AUTH).status_code for _ in range(50)} == {200}
    description = spec_of(client.application, "sinch-cmi")["paths"]["/emails"]["get"]["responses"]["429"]
    assert "only when SIMULATOR_SINCH_CMI_RATE_LIMIT is set" in description["description"]
