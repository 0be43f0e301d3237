"""POST /__admin/faults: its integer fields take whole JSON numbers only (no fractions, no strings)."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.core.builders import assert_problem

BAD_VALUES = [
    ({"status": 503.5}, "status"),
    ({"status": "503"}, "status"),
    ({"status": 503.0}, "status"),
    ({"delay_ms": 1.5}, "delay_ms"),
    ({"delay_ms": "5"}, "delay_ms"),
    ({"delay_ms": 1, "delay_max_ms": 2.5}, "delay_max_ms"),
    ({"delay_ms": 1, "delay_max_ms": "5"}, "delay_max_ms"),
    ({"status": 503, "times": 1.5}, "times"),
    ({"status": 503, "times": "5"}, "times"),
]


@pytest.mark.parametrize(("rule", "field"), BAD_VALUES)
def test_post_faults__integer_field_not_a_whole_number__400_naming_it(
    client: FlaskClient, rule: dict[str, Any], field: str
) -> None:
    response = client.post("/__admin/faults", json=rule)

    body = assert_problem(response, 400, field)
    assert field in body["errors"]
    assert client.get("/__admin/faults").get_json()["faults"] == []


def test_post_faults__whole_numbers__are_stored(client: FlaskClient) -> None:
    response = client.post("/__admin/faults", json={"status": 503, "delay_ms": 1, "delay_max_ms": 2, "times": 3})

    assert response.status_code == 201, response.get_data(as_text=True)
    rule = response.get_json()
    assert (rule["status"], rule["delay_ms"], rule["delay_max_ms"], rule["times"]) == (503, 1, 2, 3)
