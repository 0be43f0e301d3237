"""/__admin/health, /__admin/version and /__admin/namespaces."""

from __future__ import annotations

from flask.testing import FlaskClient

from simulator.version import __version__
from tests.core.builders import in_namespace


def test_health__answers_ok(client: FlaskClient) -> None:
    response = client.get("/__admin/health")

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.get_json() == {"status": "ok"}


def test_version__names_the_simulator_and_its_mounts(client: FlaskClient) -> None:
    response = client.get("/__admin/version")

    assert response.status_code == 200
    assert response.get_json() == {
        "name": "contact-center-simulator",
        "version": __version__,
        "apis": {"robin": "/robin", "robin-webshop": "/robin/webshop", "sinch-cmi": "/sinch/cmi",
                 "sinch-ecfs": "/sinch/ecfs/authentication", "chatwoot": "/chatwoot", "admin": "/__admin"},
    }


def test_namespaces__lists_every_namespace_used_sorted(client: FlaskClient) -> None:
    for name in ("zeta", "alpha"):
        client.get("/__admin/state", headers=in_namespace(name))

    response = client.get("/__admin/namespaces")

    assert response.status_code == 200
    assert response.get_json() == {"namespaces": ["alpha", "default", "zeta"], "max_namespaces": 100,
                                   "evicted": []}


def test_health__builds_no_namespace(client: FlaskClient) -> None:
    client.get("/__admin/health", headers=in_namespace("untouched"))
    client.get("/__admin/health")

    # `default` is always listed (it always exists); "untouched" was never built
    assert client.get("/__admin/namespaces").get_json()["namespaces"] == ["default"]
