"""Dataclass entities to JSON-ready values and back, for state export and import."""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import UTC, date, datetime
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")


def to_jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [to_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): to_jsonable(item) for key, item in value.items()}
    return value


def from_jsonable(kind: Any, data: Any) -> Any:
    """Rebuild a value of type `kind` (dataclass, container, datetime, primitive) from JSON."""
    if data is None:
        return None
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        return from_jsonable(options[0], data) if len(options) == 1 else data
    if origin in (list, tuple):
        (item_kind, *_) = typing.get_args(kind) or (Any,)
        return [from_jsonable(item_kind, item) for item in data]
    if origin is dict:
        key_kind, value_kind = typing.get_args(kind) or (str, Any)
        as_key = int if key_kind is int else (lambda key: key)  # JSON object keys are strings
        return {as_key(key): from_jsonable(value_kind, item) for key, item in data.items()}
    if kind is datetime:
        moment = datetime.fromisoformat(data)
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # times without a zone are UTC
    if kind is date:
        return date.fromisoformat(data)
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        hints = _hints(kind)
        known = {f.name for f in dataclasses.fields(kind) if f.init}
        return kind(**{k: from_jsonable(hints[k], v) for k, v in data.items() if k in known})
    if kind is float and isinstance(data, int):
        return float(data)
    return data


@cache
def _hints(kind: type) -> dict[str, Any]:
    return typing.get_type_hints(kind)
