"""The control API's shared error examples are the bodies their failures really answer."""

from __future__ import annotations

import json

import pytest
from flask.testing import FlaskClient

from simulator.admin.examples import FAILURES, admin_error
from simulator.core.errors import problem_response


@pytest.mark.parametrize("status", sorted(FAILURES))
def test_error_example__is_what_its_failure_answers(client: FlaskClient, status: int) -> None:
    call = FAILURES[status]
    response = client.open("/__admin" + call.url(), method=call.method, query_string=dict(call.query),
                           json=call.body)

    example = problem_response(admin_error(status, "", "application/problem+json"))
    assert response.status_code == example.status_code == status
    assert response.get_json() == json.loads(example.get_data(as_text=True))
