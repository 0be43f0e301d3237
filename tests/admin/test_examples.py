"""Every failure the control API documents has its example recorded from a real call of that operation."""

from __future__ import annotations

from simulator.admin.examples import failures
from simulator.app import create_app
from simulator.config import Config


def test_every_documented_failure_is_recorded() -> None:
    module = next(m for m in create_app(Config()).extensions["simulator"].modules if m.name == "admin")
    documented = {(method.upper(), path, int(status))
                  for path, item in module.spec()["paths"].items()
                  for method, operation in item.items() if isinstance(operation, dict)
                  for status in operation.get("responses", {}) if int(status) >= 400}
    recorded = {(call.method, call.path, call.expect) for call in failures() if call.expect is not None}
    assert documented == recorded
