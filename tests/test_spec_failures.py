"""Each operation documents its own failures: no shared responses, and no refusal its parsing cannot make."""

from __future__ import annotations

import json
from typing import Any

import pytest
from marshmallow import Schema, fields, validate, validates_schema

from simulator.core.arguments import can_refuse
from simulator.core.responses import inline_responses


def test_no_spec_shares_a_response(specs: dict[str, dict[str, Any]]) -> None:
    shared = [name for name, spec in specs.items()
              if "responses" in spec.get("components", {}) or "#/components/responses/" in json.dumps(spec)]
    assert not shared


def test_inline_responses__each_operation_gets_its_own_copy() -> None:
    missing = {"description": "Not Found", "content": {"application/json": {"schema": {"type": "object"}}}}
    spec = {"paths": {"/a": {"get": {"responses": {"404": {"$ref": "#/components/responses/NOT_FOUND"}}},
                             "delete": {"responses": {"404": {"$ref": "#/components/responses/NOT_FOUND"}}}}},
            "components": {"responses": {"NOT_FOUND": missing}, "schemas": {}}}
    inline_responses(spec)
    operations = spec["paths"]["/a"]
    assert operations["get"]["responses"]["404"] == operations["delete"]["responses"]["404"] == missing
    assert operations["get"]["responses"]["404"] is not operations["delete"]["responses"]["404"]
    assert spec["components"] == {"schemas": {}}


class Strings(Schema):
    q = fields.String()
    page = fields.String(data_key="page[]")


class Number(Schema):
    page = fields.Integer()


class Required(Schema):
    q = fields.String(required=True)


class Choice(Schema):
    q = fields.String(validate=validate.OneOf(["a"]))


class Checked(Strings):
    @validates_schema
    def check(self, data: dict[str, Any], **_: Any) -> None:
        """Anything a schema validator refuses."""


@pytest.mark.parametrize(("schema", "location", "refuses"), [
    (Strings(), "query", False),
    (Strings(), "json", True),  # a body may hold a number where a string belongs
    (Number(), "query", True),
    (Required(), "query", True),
    (Choice(), "query", True),
    (Checked(), "query", True),
])
def test_can_refuse(schema: Schema, location: str, refuses: bool) -> None:
    assert can_refuse(schema, location) is refuses


@pytest.mark.parametrize("operation_id", ["contactList", "conversationList", "list-all-converation-messages",
                                          "assign-a-conversation", "conversation-add-labels"])
def test_chatwoot__no_422_where_nothing_is_refused(specs: dict[str, dict[str, Any]], operation_id: str) -> None:
    """Rails reads query strings as they come; assignments and labels take any object."""
    found = [operation for item in specs["chatwoot"]["paths"].values() for operation in item.values()
             if isinstance(operation, dict) and operation.get("operationId") == operation_id]
    assert len(found) == 1 and "422" not in found[0]["responses"]
