"""The control API takes back the "" it answers for no webhook and no external webshop."""

from __future__ import annotations

from flask.testing import FlaskClient


def test_channels__empty_webhook_url_is_none(client: FlaskClient) -> None:
    response = client.post("/__admin/robin/channels", json={"external_identifier": "x", "name": "X", "webhook_url": ""})

    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.get_json()["webhook_url"] == ""


def test_dynamic_integration__empty_base_url_means_the_built_in_webshop(client: FlaskClient) -> None:
    client.put("/__admin/robin/dynamic-integration", json={"base_url": "http://127.0.0.1:9"})

    response = client.put("/__admin/robin/dynamic-integration", json={"base_url": ""})

    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["base_url"] == ""
