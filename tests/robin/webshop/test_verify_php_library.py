"""`ccsim verify robin-webshop` passes a webshop built on emico/robinhq-lib and fails it when it is wrong."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from simulator.robin.webshop.verify.checks import run_verification
from simulator.robin.webshop.verify.report import Report
from tests.robin.support import serving
from tests.robin.webshop.php_library_webshop import (
    EMAIL,
    KEY,
    LEFT_OUT,
    NEW_EMAIL,
    ORDER_PARAMETER,
    SECRET,
    PhpLibraryWebshop,
)
from tests.test_server_smoke import ccsim_command, clean_environment

CREDENTIALS = ("--key", KEY, "--secret", SECRET, "--order-number-parameter", ORDER_PARAMETER)
ALL_PASS = [
    ("PASS", "customer"),
    ("PASS", "orders"),
    ("PASS", "order"),
    ("PASS", "lifetime"),
    ("PASS", "panel-list"),
    ("PASS", "panel-details"),
    ("PASS", "auth"),
    ("PASS", "auth"),
]


@pytest.fixture
def library_url() -> Iterator[str]:
    with serving(PhpLibraryWebshop()) as url:
        yield url


def verify_cli(base_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """The installed `ccsim`, as a team runs it in CI."""
    command = [*ccsim_command(), "verify", "robin-webshop", base_url, *CREDENTIALS, *args]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=60, env=clean_environment(), stdin=subprocess.DEVNULL
    )


def verify(webshop: PhpLibraryWebshop, email: str = EMAIL) -> Report:
    with serving(webshop) as url:
        return run_verification(url, key=KEY, secret=SECRET, email=email, order_number_parameter=ORDER_PARAMETER)


def outcomes(report: Report) -> list[tuple[str, str]]:
    return [(r.outcome, r.name) for r in report.results]


def reasons(report: Report, name: str) -> list[str]:
    return [reason for r in report.results if r.name == name for reason in r.reasons]


# ---- the library's answers pass --------------------------------------------------------------


def test_library_webshop__answers_as_php_writes_them(library_url: str) -> None:
    customer = requests.get(f"{library_url}/customers", params={"email": EMAIL}, auth=(KEY, SECRET), timeout=5)
    orders = requests.get(f"{library_url}/orders", params={"email": EMAIL}, auth=(KEY, SECRET), timeout=5)
    order = requests.get(f"{library_url}/orders", params={ORDER_PARAMETER: "000000101"}, auth=(KEY, SECRET), timeout=5)
    refused = requests.get(f"{library_url}/customers", params={"email": EMAIL}, timeout=5)

    assert customer.headers["Content-Type"] == "application/json"
    assert '"customer_since":"2018-02-03T11:12:13+0100"' in customer.text
    assert '"total_revenue":259.9,"total_spent":259.9,' in customer.text
    assert '"panel_view":{"customerId":42,' in customer.text
    assert '"invoiced_at":"2018-02-03 02:05:00"' in orders.text  # Y-m-d h:i:s, a 12-hour clock
    assert "Men\\u0027s \\u0022Strive\\u0022 Pack \\u003C2\\u003E \\u0026 Co" in order.text  # JsonResponse's flags
    assert '"price":"\\u20ac34.00"' in order.text
    assert (refused.status_code, refused.text) == (401, '{"message":"Authentication failed"}')


def test_verify_cli__library_webshop_passes(library_url: str) -> None:
    result = verify_cli(library_url)

    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert [tuple(line.split()[:2]) for line in lines[:-1]] == ALL_PASS
    assert f"GET /orders?{ORDER_PARAMETER}=000000101" in lines[2]
    assert lines[-1] == "8 passed, 0 failed, 0 skipped"


def test_run_verification__fork_with_total_spent_as_text_passes() -> None:
    report = verify(PhpLibraryWebshop(total_spent_as_string=True))

    assert outcomes(report) == ALL_PASS, report.render()


def test_run_verification__customer_without_orders_or_address_passes() -> None:
    """phone_number and currency null, total_revenue 0, no last_order_date, empty lists."""
    report = verify(PhpLibraryWebshop(), email=NEW_EMAIL)

    assert report.passed, report.render()
    assert [name for outcome, name in outcomes(report) if outcome == "PASS"] == [
        "customer",
        "orders",
        "lifetime",
        "panel-list",
        "auth",
        "auth",
    ]


# ---- wrong answers still fail ----------------------------------------------------------------


NOT_A_DATE = "customer_since: Not a valid datetime: not an ISO-8601 date: '03/02/2018' (got string \"03/02/2018\")"
WRONG_ANSWERS = [
    ("/customers", {"customer_since": LEFT_OUT}, "customer", "customer_since: Missing data for required field"),
    ("/customers", {"email_address": LEFT_OUT}, "customer", "email_address: Missing data for required field"),
    ("/search", {"total_revenue": LEFT_OUT}, "lifetime", "total_revenue: Missing data for required field"),
    (
        "/customers",
        {"customer_since": ""},
        "customer",
        'customer_since: Not a valid datetime: empty date (got string "")',
    ),
    ("/search", {"customer_since": "03/02/2018"}, "lifetime", NOT_A_DATE),
    ("/search", {"total_revenue": "€ 259,90"}, "lifetime", 'total_revenue: Not a valid number (got string "€ 259,90")'),
    ("/customers", {"order_count": "twelve"}, "customer", 'order_count: Not a valid number (got string "twelve")'),
    (
        "/orders",
        {"orders": [{"list_view": {"a": "b"}}]},
        "orders",
        "orders[0].order_number: Missing data for required field",
    ),
]


@pytest.mark.parametrize(("path", "fields", "check", "reason"), WRONG_ANSWERS)
def test_run_verification__wrong_field_fails(path: str, fields: dict[str, Any], check: str, reason: str) -> None:
    report = verify(PhpLibraryWebshop(broken={path: fields}))

    assert not report.passed
    assert reasons(report, check) == [reason]
    assert [name for outcome, name in outcomes(report) if outcome == "FAIL"] == [check]


def test_verify_cli__library_without_authentication_fails() -> None:
    """The library at commit 0b5e9cd: `authenticateRequest` began with `return true;`."""
    with serving(PhpLibraryWebshop(authenticate=False)) as url:
        result = verify_cli(url)

    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    auth = [line for line in lines if line.split()[1] == "auth"]
    assert [line.split()[0] for line in auth] == ["FAIL", "FAIL"]
    assert "accepts requests without the pre-shared key (answered 200 instead of 401)" in auth[0]
    assert "accepts a wrong secret (answered 200 instead of 401)" in auth[1]
    assert lines[-1] == "6 passed, 2 failed, 0 skipped"
