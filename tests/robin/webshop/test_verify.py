"""`ccsim verify robin-webshop`: the example webshop passes, broken webshops get specific FAILs."""

from __future__ import annotations

import base64
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from click.testing import CliRunner, Result
from flask import Flask, Response, request

from simulator.cli import main
from simulator.pytest_plugin import free_port
from simulator.robin.webshop.verify.checks import CHECKS, run_verification
from simulator.robin.webshop.verify.report import CheckResult, Report
from tests.conftest import WEBSHOP_KEY, WEBSHOP_SECRET, Receiver
from tests.robin.support import serving

EMAIL = "email@address.com"
PHONE = "+31612345678"
CREDENTIALS = {"key": WEBSHOP_KEY, "secret": WEBSHOP_SECRET}


@pytest.fixture
def webshop_url(unlimited_app: Flask) -> Iterator[str]:
    with serving(unlimited_app) as url:
        yield f"{url}/robin/webshop"


def broken_webshop(unauthenticated: tuple[int, dict[str, str]] | None = None) -> Flask:
    """A webshop that gets every endpoint wrong in its own way (and checks no credentials).

    With `unauthenticated` = (status, headers), requests without the right Basic credentials get
    that answer instead.
    """
    app = Flask("broken_webshop")

    @app.before_request
    def authenticate() -> Any:
        auth = request.authorization
        if unauthenticated and not (auth and (auth.username, auth.password) == ("k", "s")):
            status, headers = unauthenticated
            return Response('{"message": "nope"}', status, headers, mimetype="application/json")
        return None

    @app.get("/customers")
    def customer() -> Any:
        return {
            "email_address": request.args.get("email", ""),
            "name": 42,
            "phone_number": PHONE,
            "customer_since": "January 28th",
            "total_spent": "$154.95",
        }

    @app.get("/orders")
    def orders() -> Any:
        if "order_number" in request.args:
            return Response("<html><body>Your order</body></html>", mimetype="text/html")
        return {"orders": [{"order_number": 1234, "list_view": {"date": {"day": 29}}}]}

    @app.get("/search")
    def lifetime() -> Any:
        return {
            "email_address": "someone-else@example.com",
            "customer_since": "2017-01-12T12:34:56Z",
            "order_count": "twelve",
            "currency": "$",
            "total_revenue": "$154.95",
            "last_order_date": "2017-04-05T12:34:56Z",
        }

    @app.get("/customerpanellist")
    def panel_list() -> Any:
        return {"message": "panel backend is down"}, 500

    return app


def results(report: Report, name: str) -> list[CheckResult]:
    return [r for r in report.results if r.name == name]


def only(report: Report, name: str) -> CheckResult:
    [result] = results(report, name)
    return result


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, ["verify", "robin-webshop", *args])


# ---- the example webshop passes ------------------------------------------------------------


def test_run_verification__simulator_webshop_passes_every_check(webshop_url: str) -> None:
    report = run_verification(webshop_url, **CREDENTIALS, email=EMAIL, phone=PHONE)

    assert report.passed, report.render()
    assert [(r.outcome, r.name, r.status) for r in report.results] == [
        ("PASS", "customer", 200),
        ("PASS", "customer", 200),
        ("PASS", "orders", 200),
        ("PASS", "order", 200),
        ("PASS", "lifetime", 200),
        ("PASS", "panel-list", 200),
        ("PASS", "panel-details", 200),
        ("PASS", "auth", 401),
        ("PASS", "auth", 401),
    ]
    assert only(report, "order").request == "GET /orders?order_number=RHQO1234"
    assert only(report, "panel-details").request == "GET /custompaneldetails?id=1"
    assert [r.request for r in results(report, "auth")] == [
        f"GET /customers?email={EMAIL} (no credentials)",
        f"GET /customers?email={EMAIL} (wrong secret)",
    ]
    assert report.render().splitlines()[-1] == "9 passed, 0 failed, 0 skipped"


def test_verify_robin_webshop__cli_exits_zero_against_simulator(webshop_url: str) -> None:
    result = cli(webshop_url, "--key", WEBSHOP_KEY, "--secret", WEBSHOP_SECRET, "--phone", PHONE)

    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0].split()[:4] == ["PASS", "customer", "GET", f"/customers?email={EMAIL}"]
    assert lines[1].split()[:4] == ["PASS", "customer", "GET", f"/customers?phone={PHONE}"]
    assert {line.split()[1] for line in lines[:-1]} == set(CHECKS)
    assert all(line.startswith("PASS  ") for line in lines[:-1])
    assert lines[-1] == "9 passed, 0 failed, 0 skipped"


def test_run_verification__order_and_panel_ids_from_options(webshop_url: str) -> None:
    report = run_verification(
        webshop_url, **CREDENTIALS, email=EMAIL, order_number="RHQO1234", panel_id="3"
    )

    assert report.passed, report.render()
    assert only(report, "order").request == "GET /orders?order_number=RHQO1234"
    assert only(report, "panel-details").request == "GET /custompaneldetails?id=3"


def test_run_verification__unknown_order_number_fails_with_the_webshops_message(
    webshop_url: str,
) -> None:
    report = run_verification(webshop_url, **CREDENTIALS, order_number="NOPE-1")

    order = only(report, "order")
    assert (order.outcome, order.status) == ("FAIL", 404)
    assert order.reasons == [
        "expected 200, got 404: Could not find order defined by number NOPE-1."
    ]


# ---- custom parameter names ------------------------------------------------------------------


def test_run_verification__custom_parameter_names(unlimited_app: Flask, webshop_url: str) -> None:
    settings = {
        "email_parameter": "mail",
        "order_number_parameter": "nr",
        "panel_id_parameter": "item",
    }
    answer = unlimited_app.test_client().put("/__admin/robin/webshop", json=settings)
    assert answer.status_code == 200, answer.get_data(as_text=True)

    report = run_verification(
        webshop_url,
        **CREDENTIALS,
        email_parameter="mail",
        order_number_parameter="nr",
        panel_id_parameter="item",
    )

    assert report.passed, report.render()
    assert only(report, "orders").request == f"GET /orders?mail={EMAIL}"
    assert only(report, "order").request == "GET /orders?nr=RHQO1234"
    assert only(report, "panel-details").request == "GET /custompaneldetails?item=1"


def test_verify_robin_webshop__email_parameter_option(
    unlimited_app: Flask, webshop_url: str
) -> None:
    answer = unlimited_app.test_client().put(
        "/__admin/robin/webshop", json={"email_parameter": "mail"}
    )
    assert answer.status_code == 200, answer.get_data(as_text=True)
    credentials = ["--key", WEBSHOP_KEY, "--secret", WEBSHOP_SECRET]

    renamed = cli(webshop_url, *credentials, "--email-parameter", "mail")
    default = cli(webshop_url, *credentials)

    assert renamed.exit_code == 0, renamed.output
    assert f"GET /customers?mail={EMAIL}" in renamed.output
    assert default.exit_code == 1, default.output
    customer = next(
        line for line in default.output.splitlines() if line.startswith("FAIL  customer")
    )
    assert "400" in customer.split()
    assert "expected 200, got 400: Provide mail, phone or external_identifier" in customer


# ---- credentials -----------------------------------------------------------------------------


def test_run_verification__wrong_key_fails_customer_and_auth(webshop_url: str) -> None:
    report = run_verification(webshop_url, key="wrong-key", secret=WEBSHOP_SECRET)

    assert not report.passed
    customer = only(report, "customer")
    assert (customer.outcome, customer.status) == ("FAIL", 401)
    assert customer.reasons == ["expected 200, got 401: Authentication failed"]
    auth = only(report, "auth")
    assert (auth.outcome, auth.status) == ("FAIL", 401)
    assert "the given key and secret are refused as well (401)" in auth.reasons[0]
    assert only(report, "order").outcome == "SKIP"


def test_verify_robin_webshop__wrong_key_exits_one(webshop_url: str) -> None:
    result = cli(webshop_url, "--key", "wrong-key", "--secret", WEBSHOP_SECRET)

    assert result.exit_code == 1, result.output
    assert "FAIL  customer" in result.output
    assert "FAIL  auth" in result.output
    assert "check --key and --secret" in result.output


def test_run_verification__sends_basic_auth_and_extra_headers(receiver: Receiver) -> None:
    report = run_verification(
        receiver.url,
        key="shop-key",
        secret="shop-secret",
        headers=("X-Shop-Token: abc:123", "X-Tenant:  nl "),
        skip=("orders", "order", "lifetime", "panel-list", "panel-details", "auth"),
    )

    assert [r.name for r in report.results if r.outcome != "SKIP"] == ["customer"]
    [sent] = receiver.requests
    assert sent["method"] == "GET"
    assert sent["path"] == "/customers?email=email%40address.com"
    token = base64.b64encode(b"shop-key:shop-secret").decode()
    assert sent["headers"]["Authorization"] == f"Basic {token}"
    assert sent["headers"]["X-Shop-Token"] == "abc:123"
    assert sent["headers"]["X-Tenant"] == "nl"


# ---- broken webshops ------------------------------------------------------------------------


def test_run_verification__broken_webshop_gets_specific_fail_lines() -> None:
    with serving(broken_webshop()) as url:
        report = run_verification(url, key="k", secret="s")

    assert not report.passed
    customer = only(report, "customer")
    assert (customer.outcome, customer.status) == ("FAIL", 200)
    assert "order_count: Missing data for required field" in customer.reasons
    assert "name: Not a valid string (got number 42)" in customer.reasons
    assert (
        "customer_since: Not a valid datetime: not an ISO-8601 date: 'January 28th' "
        '(got string "January 28th")' in customer.reasons
    )

    orders = only(report, "orders")
    assert orders.outcome == "FAIL"
    assert orders.reasons == [
        "orders[0].list_view.date: must be a string, number, boolean or null, not an object or array"
        " (got object)"
    ]

    order = only(report, "order")
    assert (order.outcome, order.request, order.status) == (
        "FAIL",
        "GET /orders?order_number=1234",
        200,
    )
    assert order.reasons == [
        "body is not JSON (text/html; charset=utf-8): '<html><body>Your order</body></html>'"
    ]

    lifetime = only(report, "lifetime")
    assert lifetime.outcome == "FAIL"
    assert 'order_count: Not a valid integer (got string "twelve")' in lifetime.reasons
    assert 'total_revenue: Not a valid number (got string "$154.95")' in lifetime.reasons
    assert (
        f"email_address: 'someone-else@example.com' is not the requested '{EMAIL}'"
        in lifetime.reasons
    )

    panel_list = only(report, "panel-list")
    assert (panel_list.outcome, panel_list.status) == ("FAIL", 500)
    assert panel_list.reasons == ["expected 200, got 500: panel backend is down"]

    panel_details = only(report, "panel-details")
    assert panel_details.outcome == "SKIP"
    assert f"GET /customerpanellist?email={EMAIL} answered 500" in panel_details.reasons[0]
    assert "--panel-id" in panel_details.reasons[0]

    auth = results(report, "auth")
    assert [(r.outcome, r.status) for r in auth] == [("FAIL", 200), ("FAIL", 200)]
    assert "accepts requests without the pre-shared key" in auth[0].reasons[0]
    assert "accepts a wrong secret" in auth[1].reasons[0]
    assert report.render().splitlines()[-1] == "0 passed, 7 failed, 1 skipped"


def test_verify_robin_webshop__cli_exits_one_for_broken_webshop() -> None:
    with serving(broken_webshop()) as url:
        result = cli(url, "--key", "k", "--secret", "s")

    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert [line.split()[:2] for line in lines[:-1]] == [
        ["FAIL", "customer"],
        ["FAIL", "orders"],
        ["FAIL", "order"],
        ["FAIL", "lifetime"],
        ["FAIL", "panel-list"],
        ["SKIP", "panel-details"],
        ["FAIL", "auth"],
        ["FAIL", "auth"],
    ]
    assert "order_count: Missing data for required field" in lines[0]
    assert "accepts requests without the pre-shared key" in lines[6]
    assert lines[-1] == "0 passed, 7 failed, 1 skipped"


@pytest.mark.parametrize(
    ("status", "headers", "reason"),
    [
        (403, {}, "refused with 403; ROBIN's webshops answer 401 for failed authentication"),
        (302, {"Location": "/login"}, "expected 401, got 302 (redirect to /login)"),
        (404, {}, "expected 401, got 404: nope"),
    ],
)
def test_run_verification__auth_refusal_other_than_401_fails(
    status: int, headers: dict[str, str], reason: str
) -> None:
    with serving(broken_webshop(unauthenticated=(status, headers))) as url:
        report = run_verification(url, key="k", secret="s", skip=("order", "panel-details"))

    auth = results(report, "auth")
    assert [(r.outcome, r.status, r.reasons) for r in auth] == [
        ("FAIL", status, [reason]),
        ("FAIL", status, [reason]),
    ]
    assert only(report, "customer").status == 200


def test_run_verification__non_object_bodies_and_details_layouts(receiver: Receiver) -> None:
    receiver.responses["/customers"] = (200, [{"email_address": EMAIL}])
    receiver.responses["/orders"] = (
        200,
        {
            "details_view": [
                {"display_as": "details", "data": [{"a": "b"}]},
                {"display_as": "table", "data": {}},
                {"display_as": "rows", "data": ["not an object"]},
            ]
        },
    )
    receiver.responses["/customerpanellist"] = (200, {"data": [{"id": 7, "description": "x"}]})

    report = run_verification(
        receiver.url, key="k", secret="s", order_number="O-1", skip=("lifetime", "auth")
    )

    assert only(report, "customer").reasons == ["expected a JSON object, got array"]
    assert only(report, "orders").reasons == ["orders: Missing data for required field"]
    assert only(report, "order").reasons == [
        "details_view[0].data: must be an object when display_as is 'details' (got array)",
        'details_view[1].display_as: Must be one of: details, columns, rows (got string "table")',
        "details_view[2].data: must be a list of objects for 'columns' and 'rows' (got array)",
    ]
    assert only(report, "panel-list").outcome == "PASS"  # a number id is one ROBIN can send back
    panel_details = only(report, "panel-details")
    assert panel_details.request == "GET /custompaneldetails?id=7"
    assert panel_details.reasons == ["details_view: Missing data for required field"]


def test_run_verification__empty_lists_skip_the_detail_checks(receiver: Receiver) -> None:
    receiver.responses["/orders"] = (200, {"orders": []})
    receiver.responses["/customerpanellist"] = (200, {"data": []})

    report = run_verification(
        receiver.url, key="k", secret="s", skip=("customer", "lifetime", "auth")
    )

    assert only(report, "orders").outcome == "PASS"
    assert only(report, "panel-list").outcome == "PASS"
    order, panel = only(report, "order"), only(report, "panel-details")
    assert (order.outcome, panel.outcome) == ("SKIP", "SKIP")
    assert order.reasons == [
        f"no order to ask for: the list GET /orders?email={EMAIL} is empty; pass --order-number"
    ]
    assert panel.reasons == [
        f"no panel item to ask for: the list GET /customerpanellist?email={EMAIL} is empty; "
        "pass --panel-id"
    ]
    assert report.passed


# ---- the network -----------------------------------------------------------------------------


def test_run_verification__unreachable_base_url_fails_every_check() -> None:
    report = run_verification(f"http://127.0.0.1:{free_port()}/webshop", key="k", secret="s")

    assert not report.passed
    failed = [r for r in report.results if r.outcome == "FAIL"]
    assert [r.name for r in failed] == [
        "customer",
        "orders",
        "lifetime",
        "panel-list",
        "auth",
        "auth",
    ]
    assert all(r.status is None and r.reasons[0].startswith("connection failed") for r in failed)
    assert [r.name for r in report.results if r.outcome == "SKIP"] == ["order", "panel-details"]
    assert "got no answer" in only(report, "order").reasons[0]


def test_verify_robin_webshop__unreachable_base_url_exits_one_without_traceback() -> None:
    result = cli(f"http://127.0.0.1:{free_port()}", "--key", "k", "--secret", "s")

    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert "FAIL  customer" in result.output
    assert "connection failed" in result.output
    assert result.output.strip().splitlines()[-1] == "0 passed, 6 failed, 2 skipped"


def test_run_verification__silent_server_times_out_as_a_fail_line() -> None:
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        report = run_verification(
            f"http://127.0.0.1:{port}",
            key="k",
            secret="s",
            skip=("customer", "orders", "order", "panel-list", "panel-details", "auth"),
            timeout=0.2,
        )

    lifetime = only(report, "lifetime")
    assert (lifetime.outcome, lifetime.status) == ("FAIL", None)
    assert lifetime.reasons == ["no answer within 0.2s (ReadTimeout)"]
    line = next(line for line in report.render().splitlines() if line.startswith("FAIL"))
    assert line.split(maxsplit=5) == [
        "FAIL",
        "lifetime",
        "GET",
        f"/search?email={EMAIL}",
        "-",
        "no answer within 0.2s (ReadTimeout)",
    ]


# ---- options ---------------------------------------------------------------------------------


def test_verify_robin_webshop__skip_leaves_checks_out(webshop_url: str) -> None:
    result = cli(
        webshop_url,
        *("--key", WEBSHOP_KEY, "--secret", WEBSHOP_SECRET),
        *("--skip", "auth", "--skip", "order,panel-details"),
    )

    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    skipped = [line.split()[1] for line in lines if line.startswith("SKIP")]
    assert skipped == ["order", "panel-details", "auth"]
    assert all(line.endswith("skipped (--skip)") for line in lines if line.startswith("SKIP"))
    assert lines[-1] == "4 passed, 0 failed, 3 skipped"


def test_run_verification__skip_makes_no_request(receiver: Receiver) -> None:
    report = run_verification(receiver.url, key="k", secret="s", skip=CHECKS)

    assert receiver.requests == []
    assert report.passed
    assert report.render().splitlines()[-1] == "0 passed, 0 failed, 7 skipped"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--skip", "everything"), "unknown check everything"),
        (("--header", "no colon here"), "is not 'Name: value'"),
        (("--timeout", "0"), "must be positive"),
    ],
)
def test_verify_robin_webshop__bad_option_is_a_usage_error(
    receiver: Receiver, args: tuple[str, ...], message: str
) -> None:
    result = cli(receiver.url, "--key", "k", "--secret", "s", *args)

    assert result.exit_code == 2, result.output
    assert message in result.output
    assert receiver.requests == []


def test_verify_robin_webshop__base_url_without_scheme_is_a_usage_error() -> None:
    result = cli("localhost:8000/robin/webshop", "--key", "k", "--secret", "s")

    assert result.exit_code == 2, result.output
    assert "is not an http:// or https:// URL" in result.output
