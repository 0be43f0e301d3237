"""Path tolerance: doubled and trailing slashes reach the same view, with no redirect."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from simulator.core.wsgi import normalise_path
from tests.core.builders import customer_emails, customers, export


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("/robin/dynamic/customers", "/robin/dynamic/customers"),
        ("/robin/dynamic/customers/", "/robin/dynamic/customers"),
        ("//robin//dynamic//customers", "/robin/dynamic/customers"),
        ("///robin///conversations///", "/robin/conversations"),
        ("/", "/"),
        ("//", "/"),
        ("", "/"),
        ("/a", "/a"),
    ],
)
def test_normalise_path__collapses_slashes_and_drops_trailing_one(raw: str, expected: str) -> None:
    assert normalise_path(raw) == expected


@pytest.mark.parametrize(
    "raw_path",
    [
        "/robin/dynamic/customers",
        "/robin/dynamic/customers/",
        "//robin//dynamic//customers",
        "/robin//dynamic//customers/",
    ],
)
def test_create_customers__tolerant_paths_reach_the_view_without_redirect(
    free_robin: FlaskClient, raw_path: str
) -> None:
    email = f"path{len(raw_path)}.{raw_path.count('/')}@example.com"

    response = free_robin.post(
        "/", environ_overrides={"PATH_INFO": raw_path}, json=customers(email)
    )

    assert response.status_code == 201
    assert "Location" not in response.headers
    assert email in customer_emails(export(free_robin))


def test_admin_route__trailing_slash_reaches_the_view(free_robin: FlaskClient) -> None:
    response = free_robin.get("/__admin/health/")

    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_raw_path__is_kept_for_the_journal(free_robin: FlaskClient) -> None:
    free_robin.post(
        "/", environ_overrides={"PATH_INFO": "//robin//dynamic//customers/"}, json=customers()
    )

    (entry,) = free_robin.get("/__admin/requests").get_json()["requests"]

    assert entry["path"] == "/robin/dynamic/customers"
    assert entry["tags"]["raw_path"] == "//robin//dynamic//customers/"
