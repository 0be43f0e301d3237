"""Schema errors of a webshop's JSON answer as 'path: message' lines, each with what was found in its place."""

from __future__ import annotations

import json
from typing import Any

from marshmallow import Schema, ValidationError

SNIPPET = 60


def validate(schema: Schema, body: dict[str, Any]) -> list[str]:
    """Schema errors of a JSON body as 'path: message' lines."""
    try:
        schema.load(body)
    except ValidationError as exc:
        errors = _flatten(exc.messages)
    else:
        errors = []
    lines = []
    for path, message in errors:
        found, value = _lookup(body, path)
        text = message.rstrip(".")
        if found and "Missing data" not in message:
            text += f" (got {describe(value)})"
        lines.append(f"{_path(path)}: {text}")
    return lines


def _flatten(
    messages: Any, path: list[str | int] | None = None
) -> list[tuple[list[str | int], str]]:
    path = path or []
    if isinstance(messages, str):
        return [(path, messages)]
    if isinstance(messages, list):
        return [item for message in messages for item in _flatten(message, path)]
    if isinstance(messages, dict):
        if messages and set(messages) <= {"key", "value"}:  # an entry of a Dict field
            out = _flatten(messages.get("value", []), path)
            return out + [(path, f"key {m}") for _, m in _flatten(messages.get("key", []), path)]
        out = []
        for key, nested in messages.items():
            out += _flatten(nested, path if key == "_schema" else [*path, key])
        return out
    return [(path, str(messages))]


def _lookup(data: Any, path: list[str | int]) -> tuple[bool, Any]:
    for part in path:
        in_object = isinstance(data, dict) and part in data
        in_array = isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        if not (in_object or in_array):
            return False, None
        data = data[part]
    return bool(path), data


def _path(path: list[str | int]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "body"


def describe(value: Any) -> str:
    """A JSON value as a report names it: its kind, followed by a short rendering when it is a scalar."""
    kinds = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
    kind = kinds.get(
        type(value), "number" if isinstance(value, (int, float)) else type(value).__name__
    )
    if isinstance(value, (dict, list)) or value is None:
        return kind
    return f"{kind} {short(json.dumps(value, ensure_ascii=False))}"


def short(text: str) -> str:
    """The text on one line, cut to SNIPPET characters."""
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET else text[: SNIPPET - 1] + "…"
