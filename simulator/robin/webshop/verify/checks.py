"""Contract test of a webshop's ROBIN dynamic-integration endpoints, called over real HTTP."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

import click
import requests
from marshmallow import Schema
from requests.auth import AuthBase

from simulator.robin.webshop.schemas import DetailsViewListSchema
from simulator.robin.webshop.verify.judge import describe, short, validate
from simulator.robin.webshop.verify.report import FAIL, PASS, SKIP, CheckResult, Report
from simulator.robin.webshop.verify.schemas import (
    CustomerAnswerSchema,
    LifetimeAnswerSchema,
    OrdersAnswerSchema,
    PanelListAnswerSchema,
)
from simulator.version import __version__

CHECKS = ("customer", "orders", "order", "lifetime", "panel-list", "panel-details", "auth")
NOT_JSON = object()

Extra = Callable[[dict[str, Any]], list[str]]


@dataclass
class Reply:
    """What came back for one request: a status and parsed JSON, or the reason there is none."""

    label: str
    status: int | None = None
    body: Any = NOT_JSON
    content_type: str = ""
    text: str = ""
    location: str = ""
    error: str = ""


class _NoAuth(AuthBase):
    """Sends no Authorization header at all (and keeps requests from reading ~/.netrc)."""

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers.pop("Authorization", None)
        return request


def run_verification(
    base_url: str,
    *,
    key: str,
    secret: str,
    email: str = "email@address.com",
    phone: str | None = None,
    order_number: str | None = None,
    panel_id: str | None = None,
    email_parameter: str = "email",
    phone_parameter: str = "phone",
    order_number_parameter: str = "order_number",
    panel_id_parameter: str = "id",
    headers: Sequence[str] = (),
    skip: Sequence[str] = (),
    timeout: float = 10.0,
) -> Report:
    """Call every dynamic-integration endpoint of the webshop at base_url and judge the answers."""
    base = _base_url(base_url)
    if not email:
        raise click.BadParameter("must not be empty", param_hint="'--email'")
    if timeout <= 0:
        raise click.BadParameter(f"must be positive, got {timeout:g}", param_hint="'--timeout'")
    verifier = _Verifier(
        base,
        auth=(key, secret),
        headers=parse_headers(headers),
        timeout=timeout,
        parameters={
            "email": email_parameter,
            "phone": phone_parameter,
            "order": order_number_parameter,
            "panel": panel_id_parameter,
        },
    )
    try:
        verifier.run(
            email=email,
            phone=phone or None,
            order_number=order_number or None,
            panel_id=panel_id or None,
            skip=parse_skip(skip),
        )
    finally:
        verifier.session.close()
    return verifier.report


def parse_headers(headers: Sequence[str]) -> dict[str, str]:
    """'Name: value' strings as a dict; a malformed one is a usage error."""
    parsed: dict[str, str] = {}
    for header in headers:
        name, colon, value = header.partition(":")
        if (
            not colon
            or not name.strip()
            or not re.fullmatch(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+", name.strip())
        ):
            raise click.BadParameter(f"{header!r} is not 'Name: value'", param_hint="'--header'")
        parsed[name.strip()] = value.strip()
    return parsed


def parse_skip(skip: Sequence[str]) -> set[str]:
    """Check names to leave out (repeatable or comma-separated); unknown names are usage errors."""
    names = {part.strip().lower() for item in skip for part in item.split(",") if part.strip()}
    unknown = sorted(names - set(CHECKS))
    if unknown:
        raise click.BadParameter(
            f"unknown check {', '.join(unknown)}; choose from {', '.join(CHECKS)}",
            param_hint="'--skip'",
        )
    return names


def _base_url(base_url: str) -> str:
    parts = urlsplit(base_url.strip())
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise click.BadParameter(
            f"{base_url!r} is not an http:// or https:// URL", param_hint="BASE_URL"
        )
    return base_url.strip().rstrip("/")


class _Verifier:
    def __init__(
        self,
        base: str,
        *,
        auth: tuple[str, str],
        headers: dict[str, str],
        timeout: float,
        parameters: dict[str, str],
    ) -> None:
        self.base = base
        self.auth = auth
        self.timeout = timeout
        self.parameters = parameters
        self.session = requests.Session()
        self.session.headers.update(
            {
                "Accept": "application/json",
                "User-Agent": f"ccsim/{__version__} verify robin-webshop",
            }
        )
        self.session.headers.update(headers)
        self.report = Report(base)
        self.replies: dict[str, Reply] = {}

    # ---- the checks ----------------------------------------------------------------------

    def run(
        self,
        *,
        email: str,
        phone: str | None,
        order_number: str | None,
        panel_id: str | None,
        skip: set[str],
    ) -> None:
        email_param = self.parameters["email"]
        steps: list[tuple[str, Callable[[], None]]] = [
            ("customer", lambda: self.check_customer(email, phone)),
            (
                "orders",
                lambda: self.check_json("orders", "/orders", email_param, email, OrdersAnswerSchema),
            ),
            ("order", lambda: self.check_order(email, order_number)),
            ("lifetime", lambda: self.check_lifetime(email)),
            (
                "panel-list",
                lambda: self.check_json(
                    "panel-list", "/customerpanellist", email_param, email, PanelListAnswerSchema
                ),
            ),
            ("panel-details", lambda: self.check_panel_details(email, panel_id)),
            ("auth", lambda: self.check_auth(email)),
        ]
        for name, step in steps:
            if name in skip:
                self.report.results.append(CheckResult(name, SKIP, reasons=["skipped (--skip)"]))
            else:
                step()

    def check_customer(self, email: str, phone: str | None) -> None:
        same_customer = _email_matches(email)
        self.check_json(
            "customer",
            "/customers",
            self.parameters["email"],
            email,
            CustomerAnswerSchema,
            same_customer,
        )
        if phone:
            self.check_json(
                "customer",
                "/customers",
                self.parameters["phone"],
                phone,
                CustomerAnswerSchema,
                same_customer,
            )

    def check_lifetime(self, email: str) -> None:
        self.check_json(
            "lifetime",
            "/search",
            self.parameters["email"],
            email,
            LifetimeAnswerSchema,
            _email_matches(email),
        )

    def check_order(self, email: str, order_number: str | None) -> None:
        if order_number is None:
            order_number, why = self.first_listed("/orders", email, "orders", "order_number")
            if order_number is None:
                self.report.results.append(
                    CheckResult(
                        "order", SKIP, reasons=[f"no order to ask for: {why}; pass --order-number"]
                    )
                )
                return
        self.check_json(
            "order", "/orders", self.parameters["order"], order_number, DetailsViewListSchema
        )

    def check_panel_details(self, email: str, panel_id: str | None) -> None:
        if panel_id is None:
            panel_id, why = self.first_listed("/customerpanellist", email, "data", "id")
            if panel_id is None:
                self.report.results.append(
                    CheckResult(
                        "panel-details",
                        SKIP,
                        reasons=[f"no panel item to ask for: {why}; pass --panel-id"],
                    )
                )
                return
        self.check_json(
            "panel-details",
            "/custompaneldetails",
            self.parameters["panel"],
            panel_id,
            DetailsViewListSchema,
        )

    def check_auth(self, email: str) -> None:
        param = self.parameters["email"]
        baseline = self.replies.get("/customers") or self.get("/customers", param, email)
        if baseline.status in {401, 403}:
            self.report.results.append(
                CheckResult(
                    "auth",
                    FAIL,
                    baseline.label,
                    baseline.status,
                    [
                        f"the given key and secret are refused as well ({baseline.status}), "
                        "so a refusal proves nothing; check --key and --secret"
                    ],
                )
            )
            return
        key, secret = self.auth
        variants: list[tuple[str, AuthBase | tuple[str, str], str]] = [
            ("no credentials", _NoAuth(), "accepts requests without the pre-shared key"),
            ("wrong secret", (key, f"{secret}-wrong"), "accepts a wrong secret"),
        ]
        for variant, auth, accepted in variants:
            reply = self.get(
                "/customers", param, email, auth=auth, follow_redirects=False, remember=False
            )
            reasons = _refusal_problems(reply, accepted)
            self.report.results.append(
                CheckResult(
                    "auth",
                    FAIL if reasons else PASS,
                    f"{reply.label} ({variant})",
                    reply.status,
                    reasons,
                )
            )

    def check_json(
        self,
        name: str,
        path: str,
        param: str,
        value: str,
        schema: type[Schema],
        extra: Extra | None = None,
    ) -> None:
        reply = self.get(path, param, value)
        if reply.error:
            self.report.results.append(
                CheckResult(name, FAIL, reply.label, reply.status, [reply.error])
            )
            return
        reasons: list[str] = []
        if reply.status != 200:
            reasons.append(f"expected 200, got {reply.status}{_detail(reply)}")
        elif reply.body is NOT_JSON:
            reasons.append(_not_json(reply))
        elif not isinstance(reply.body, dict):
            reasons.append(f"expected a JSON object, got {describe(reply.body)}")
        else:
            reasons.extend(validate(schema(), reply.body))
            if extra is not None:
                reasons.extend(extra(reply.body))
        self.report.results.append(
            CheckResult(name, FAIL if reasons else PASS, reply.label, reply.status, reasons)
        )

    # ---- HTTP ----------------------------------------------------------------------------

    def first_listed(
        self, path: str, email: str, key: str, id_field: str
    ) -> tuple[str | None, str]:
        """The first id of a list endpoint (reusing its earlier answer), or why there is none."""
        reply = self.replies.get(path) or self.get(path, self.parameters["email"], email)
        listing = f"the list {reply.label}"
        if reply.error:
            return None, f"{listing} got no answer"
        if reply.status != 200:
            return None, f"{listing} answered {reply.status}"
        if not isinstance(reply.body, dict):
            return None, f"{listing} is not a JSON object"
        items = reply.body.get(key)
        if not isinstance(items, list):
            return None, f"{listing} has no {key!r} array"
        if not items:
            return None, f"{listing} is empty"
        first = items[0].get(id_field) if isinstance(items[0], dict) else None
        if isinstance(first, bool) or not isinstance(first, (str, int)) or str(first) == "":
            return None, f"the first item of {reply.label} has no usable {id_field}"
        return str(first), ""

    def get(
        self,
        path: str,
        param: str,
        value: str,
        *,
        auth: AuthBase | tuple[str, str] | None = None,
        follow_redirects: bool = True,
        remember: bool = True,
    ) -> Reply:
        reply = Reply(label=f"GET {path}?{param}={value}")
        try:
            response = self.session.get(
                f"{self.base}{path}?{urlencode({param: value})}",
                auth=auth or self.auth,
                timeout=self.timeout,
                allow_redirects=follow_redirects,
            )
        except requests.RequestException as exc:
            reply.error = _network_error(exc, self.timeout)
            return reply
        reply.status = response.status_code
        reply.content_type = response.headers.get("Content-Type", "")
        reply.location = response.headers.get("Location", "")
        reply.text = response.text
        try:
            reply.body = json.loads(response.content) if response.content.strip() else NOT_JSON
        except ValueError:
            reply.body = NOT_JSON
        if remember and param == self.parameters["email"]:
            self.replies.setdefault(path, reply)
        return reply


def _email_matches(email: str) -> Extra:
    def check(body: dict[str, Any]) -> list[str]:
        found = body.get("email_address")
        if isinstance(found, str) and found.strip().lower() != email.strip().lower():
            return [f"email_address: {found!r} is not the requested {email!r}"]
        return []

    return check


def _refusal_problems(reply: Reply, accepted: str) -> list[str]:
    """Why an answer to bad credentials is not the 401 ROBIN's webshops give (empty: it is)."""
    if reply.error or reply.status is None:
        return [reply.error or "no answer"]
    if reply.status == 401:
        return []
    if 200 <= reply.status < 300:
        return [f"{accepted} (answered {reply.status} instead of 401)"]
    if reply.status == 403:
        return ["refused with 403; ROBIN's webshops answer 401 for failed authentication"]
    return [f"expected 401, got {reply.status}{_detail(reply)}"]


def _detail(reply: Reply) -> str:
    if reply.status is not None and 300 <= reply.status < 400 and reply.location:
        return f" (redirect to {reply.location})"
    if isinstance(reply.body, dict) and isinstance(reply.body.get("message"), str):
        return f": {short(reply.body['message'])}"
    return ""


def _not_json(reply: Reply) -> str:
    content_type = reply.content_type or "no Content-Type"
    if not reply.text.strip():
        return f"body is empty, not JSON ({content_type})"
    return f"body is not JSON ({content_type}): {short(reply.text.strip())!r}"


def _network_error(exc: requests.RequestException, timeout: float) -> str:
    if isinstance(exc, requests.Timeout):
        return f"no answer within {timeout:g}s ({type(exc).__name__})"
    cause = re.search(r"\[Errno [^\]]+\] [^'\")]+", str(exc))
    detail = cause.group(0).strip() if cause else short(str(exc)) or type(exc).__name__
    if isinstance(exc, requests.ConnectionError):
        return f"connection failed: {detail}"
    return f"request failed: {type(exc).__name__}: {detail}"
