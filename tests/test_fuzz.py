"""Schemathesis fuzzing of the ROBIN, example-webshop, Sinch CMI and control APIs against their own specs."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from schemathesis import BaseSchema, Case
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from simulator import create_app
from simulator.config import Config
from simulator.core.clock import Clock
from simulator.core.runtime import Runtime
from tests.conftest import FROZEN_AT, ROBIN_AUTH, ROBIN_KEY, WEBSHOP_AUTH
from tests.sinch_cmi.support import CMI_AUTH

APP = create_app(Config(rate_limits=False), clock=Clock(frozen_at=FROZEN_AT))
CONFIG = schemathesis.Config()
robin = schemathesis.openapi.from_wsgi("/openapi/robin.json", APP, config=CONFIG)
webshop = schemathesis.openapi.from_wsgi("/openapi/robin-webshop.json", APP, config=CONFIG)
cmi = schemathesis.openapi.from_wsgi("/openapi/sinch-cmi.json", APP, config=CONFIG)
chatwoot = schemathesis.openapi.from_wsgi("/openapi/chatwoot.json", APP, config=CONFIG)
admin = schemathesis.openapi.from_wsgi("/openapi/admin.json", APP, config=CONFIG)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Bounded: the whole file has to stay well under two minutes on two cores.
BOUNDED = settings(
    max_examples=20,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
# Schemathesis' explicit phase: the spec's examples and its coverage cases (boundaries, missing
# and wrong-typed fields). Random generation is left to the tests that draw extra data, which
# rules out explicit examples.
EXPLICIT = settings(BOUNDED, phases=[Phase.explicit])
GENERATED = settings(BOUNDED, phases=[Phase.generate, Phase.target, Phase.shrink])
BASIC_CREDENTIALS = {"robinBasic": ROBIN_AUTH, "webshopBasic": WEBSHOP_AUTH, "cmiBasic": CMI_AUTH}
KEY_PARAMETERS = {"presenceKey": "apikey"}
HEADER_TOKENS = {"userApiKey": ("api_access_token", "demo-chatwoot-admin-token"),
                 "platformAppApiKey": ("api_access_token", "demo-chatwoot-platform-token")}
PATH_KEY_OPERATIONS = {"/voip/registerevent/{apikey}": "apikey"}

# Records of the seeded world (default seed): fuzzed requests sometimes name them, so the
# success paths are exercised and not only the "unknown id" answers.
CANONICAL_GUID = "400a5018-0bee-44a4-fe5e-14d431134de5"
KNOWN_VALUES: dict[str, str] = {
    # ROBIN
    "Channel": "Chat",
    "referrer": "http://cm.com",
    "guid": CANONICAL_GUID,
    "emailAddress": "nick@mail.com",
    "ChannelAccountExternalIdentifier": "customChannel",
    # example webshop
    "email": "email@address.com",
    "phone": "+31612345678",
    "external_identifier": "customer_1234",
    "order_number": "RHQO1234",
    "id": "1",
    # control API
    "tenant": ROBIN_KEY,
}
KNOWN_PATH_VALUES: dict[str, str] = {
    "guid": CANONICAL_GUID,
    "email": "petra@email.com",
    "external_identifier": "customChannel",
}


def _seeded_cmi_ids() -> dict[str, str]:
    """One existing record per CMI path parameter (the seeded world is the same for every test)."""
    state = APP.extensions["simulator"].registry.get().state("sinch_cmi")
    def first(records: dict[str, object]) -> str:
        return next(iter(records))

    phone = next(c for c in state.contacts.values() if c.channel == "PHONE")
    consent = next(iter(state.consents.values()))
    return {
        "emailId": first(state.emails),
        "chatId": first(state.chats),
        "callRecordingId": first(state.recordings),
        "callbackId": first(state.callbacks),
        "contactId": phone.id,
        "messageId": first(state.messages),
        "scriptResultId": first(state.script_results),
        "usageAndAddress": consent.key,
    }


KNOWN_PATH_VALUES.update(_seeded_cmi_ids())
KNOWN_PATH_VALUES.update({  # Chatwoot: `id` is the vendor's name for most records in the path
    "account_id": "1", "id": "1", "team_id": "1", "custom_filter_id": "1", "inbox_id": "1", "conversation_id": "1",
    "message_id": "1",
})
# Where a path's record differs: agent 1 is the administrator every request authenticates as.
KNOWN_PATH_VALUES_BY_PATH: dict[str, dict[str, str]] = {"/api/v1/accounts/{account_id}/agents/{id}": {"id": "2"}}


@schemathesis.deserializer("text/plain")
def plain_text(
    _context: schemathesis.DeserializationContext, response: schemathesis.Response
) -> str:
    """Presence answers in text/plain: validate it against its documented string schema too."""
    return response.text


@schemathesis.deserializer("text/html")
def html_text(
    _context: schemathesis.DeserializationContext, response: schemathesis.Response
) -> str:
    """CMI answers POST with the new id as text/html."""
    return response.text


def runtime() -> Runtime:
    return APP.extensions["simulator"]


@pytest.fixture(autouse=True)
def fresh_world() -> None:
    """Every operation starts from the seeded world, the default seed and the frozen clock."""
    current = runtime()
    current.registry.reseed_all(current.config.seed)
    current.clock.freeze(FROZEN_AT)


def authorise(case: Case, *, valid: bool) -> None:
    """Send the demo credentials the way the operation's security scheme (or path) asks.

    Not `valid`: the request keeps what was generated (no Basic credentials, a random key).
    """
    if not valid:
        return
    for requirement in case.operation.definition.raw.get("security", []):
        for scheme in requirement:
            if scheme in BASIC_CREDENTIALS:
                case.headers = {**(case.headers or {}), **BASIC_CREDENTIALS[scheme]}
            if scheme in HEADER_TOKENS:
                header, token = HEADER_TOKENS[scheme]
                case.headers = {**(case.headers or {}), header: token}
            if scheme in KEY_PARAMETERS:
                case.query = {**(case.query or {}), KEY_PARAMETERS[scheme]: ROBIN_KEY}
    parameter = PATH_KEY_OPERATIONS.get(case.operation.path)
    if parameter is not None:
        case.path_parameters = {**(case.path_parameters or {}), parameter: ROBIN_KEY}


def name_known_records(case: Case, data: st.DataObject) -> None:
    """Replace some generated ids, query values and body fields by records that exist."""
    for name, value in {**KNOWN_PATH_VALUES, **KNOWN_PATH_VALUES_BY_PATH.get(case.operation.path, {})}.items():
        if name in (case.path_parameters or {}) and data.draw(st.booleans(), label=name):
            case.path_parameters = {**(case.path_parameters or {}), name: value}
    parameters = case.operation.definition.raw.get("parameters", [])
    names = {p["name"] for p in parameters if p["in"] == "query"}
    for name in sorted(names & KNOWN_VALUES.keys()):
        if data.draw(st.booleans(), label=name):
            case.query = {**(case.query or {}), name: KNOWN_VALUES[name]}
    if isinstance(case.body, dict):
        for name in sorted(case.body.keys() & KNOWN_VALUES.keys()):
            if data.draw(st.booleans(), label=name):
                case.body = {**case.body, name: KNOWN_VALUES[name]}


def coverage_cases(schema: BaseSchema) -> Callable[..., None]:
    """Schemathesis' own cases (examples, boundaries, missing fields), valid credentials."""

    @schema.parametrize()
    @EXPLICIT
    def test(case: Case) -> None:
        authorise(case, valid=True)
        case.call_and_validate(checks=CHECKS)

    return test


def fuzzed_requests(schema: BaseSchema) -> Callable[..., None]:
    """Generated requests, sometimes without credentials, sometimes naming existing records."""

    @schema.parametrize()
    @schema.given(data=st.data())
    @GENERATED
    def test(case: Case, data: st.DataObject) -> None:
        # Mostly valid credentials: the operation's own logic is what needs exploring.
        valid = data.draw(st.sampled_from((True, True, True, False)), label="valid")
        authorise(case, valid=valid)
        name_known_records(case, data)
        case.call_and_validate(checks=CHECKS)

    return test


def operation_tests(api: str, schema: BaseSchema) -> dict[str, Callable[..., None]]:
    """Two tests per operation, each its own test function.

    Schemathesis names every operation's item after the test function, which pytest 9 turns
    into one shared node id; xdist (`--dist loadfile`) would then run only the first operation.
    A function per operation keeps node ids distinct, and the per-test reset per operation.
    """
    tests: dict[str, Callable[..., None]] = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        single = schema.include(method=operation.method.upper(), path=operation.path)
        slug = re.sub(r"[^a-z0-9]+", "_", f"{operation.method} {operation.path}".lower()).strip("_")
        name = f"test_{api}_{slug}__"
        tests[name + "coverage_cases_get_documented_responses"] = coverage_cases(single)
        tests[name + "fuzzed_requests_get_documented_responses"] = fuzzed_requests(single)
    return tests


globals().update(operation_tests("robin", robin))
globals().update(operation_tests("webshop", webshop))
globals().update(operation_tests("cmi", cmi))
globals().update(operation_tests("chatwoot", chatwoot))
globals().update(operation_tests("admin", admin))
