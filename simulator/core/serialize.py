"""Dataclass entities to JSON-ready values and back (strictly typed), for state export and import."""

from __future__ import annotations

import dataclasses
import math
import re
import types
import typing
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import cache
from typing import Any, NoReturn

Convert = Callable[[Any], Any]
INTEGER_KEY = re.compile(r"-?(0|[1-9][0-9]*)")  # the form `str(int)` writes: one spelling per key
_NAMES = ((type(None), "null"), (bool, "a boolean"), (int, "an integer"), (float, "a number"),
          (str, "a string"), (list, "an array"), (dict, "an object"))


class InvalidValue(ValueError):
    """A value that import refuses, with the JSON path where it was found (`vendors.chatwoot.inboxes.2.name`)."""

    def __init__(self, problem: str, path: tuple[str, ...] = ()) -> None:
        super().__init__(problem, path)
        self.problem = problem
        self.path = path

    def within(self, *segments: object) -> InvalidValue:
        """The same problem, seen from `segments` further out."""
        return InvalidValue(self.problem, (*(str(s) for s in segments), *self.path))

    def __str__(self) -> str:
        return f"{'.'.join(self.path)}: {self.problem}" if self.path else self.problem


def describe(value: Any) -> str:
    """What a JSON value is, for messages: `null`, `a string`, `an object`…"""
    return next((name for kind, name in _NAMES if isinstance(value, kind)), type(value).__name__)


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


def from_jsonable(kind: Any, data: Any, *, path: tuple[str, ...] = ()) -> Any:
    """Rebuild a value of type `kind` (dataclass, container, datetime, primitive) from JSON, strictly.

    Null only where the type is Optional; a bool is no integer; a float field takes an integer;
    a dataclass needs its fields without defaults (unknown keys are ignored); dict keys typed
    `int` come from their JSON strings. Raises InvalidValue naming the path of the first problem
    (below `path`, where `data` was found).
    """
    try:
        return converter(kind)(data)
    except InvalidValue as exc:
        raise exc.within(*path) from None


def check(ok: bool, problem: str, *path: object) -> None:
    """Refuse (InvalidValue at `path`) unless `ok`."""
    if not ok:
        refuse(problem, *path)


def one_of(value: Any, allowed: tuple[Any, ...], *path: object) -> None:
    """Refuse (InvalidValue at `path`) a value outside `allowed` (an enum of the API's writes)."""
    if value not in allowed:
        refuse(f"expected one of {', '.join(map(repr, allowed))}; got {value!r}", *path)


def refuse(problem: str, *path: object) -> NoReturn:
    """Raise InvalidValue at `path` (where building the message only on failure matters)."""
    raise InvalidValue(problem, tuple(str(segment) for segment in path))


@cache
def converter(kind: Any) -> Convert:
    """The conversion function for one type, built once."""
    origin = typing.get_origin(kind)
    if kind is Any:
        return _any
    if origin in (typing.Union, types.UnionType):
        return _union(typing.get_args(kind))
    if origin is list or kind is list:
        return _list(_item_kind(kind))
    if origin is tuple:
        return _tuple(typing.get_args(kind))
    if origin is dict or kind is dict:
        key_kind, value_kind = typing.get_args(kind) or (str, Any)
        return _dict(key_kind, value_kind)
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return _dataclass(kind)
    if kind in _SCALARS:
        return _SCALARS[kind]
    raise TypeError(f"no JSON conversion for {kind!r}")


def _any(data: Any) -> Any:
    return data


def _union(options: tuple[Any, ...]) -> Convert:
    nullable = type(None) in options
    kinds = [option for option in options if option is not type(None)]
    inner = converter(kinds[0]) if len(kinds) == 1 else _first_fitting([converter(k) for k in kinds], kinds)

    def convert(data: Any) -> Any:
        if data is None and nullable:
            return None
        return inner(data)

    return convert


def _first_fitting(options: list[Convert], kinds: list[Any]) -> Convert:
    """The first option that converts the value (a union of several types, `int | str`)."""
    def convert(data: Any) -> Any:
        for option in options:
            try:
                return option(data)
            except InvalidValue:
                continue
        expected = " or ".join(_expected(kind) for kind in kinds)
        raise InvalidValue(f"expected {expected}, got {describe(data)}")

    return convert


def _item_kind(kind: Any) -> Any:
    args = typing.get_args(kind)
    return args[0] if args else Any


def _list(item_kind: Any) -> Convert:
    item = converter(item_kind)

    def convert(data: Any) -> list[Any]:
        if not isinstance(data, list):
            raise InvalidValue(f"expected an array, got {describe(data)}")
        try:
            return [item(value) for value in data]
        except InvalidValue:
            raise _first_failure(item, data) from None

    return convert


def _first_failure(item: Convert, data: list[Any]) -> InvalidValue:
    """Which element failed: converting again one by one (only on the error path) finds its index."""
    for index, value in enumerate(data):
        try:
            item(value)
        except InvalidValue as exc:
            return exc.within(index)
    raise AssertionError("a conversion failed once and then succeeded")


def _tuple(args: tuple[Any, ...]) -> Convert:
    if len(args) == 2 and args[1] is Ellipsis:
        as_list = _list(args[0])
        return lambda data: tuple(as_list(data))
    items = [converter(arg) for arg in args]

    def convert(data: Any) -> tuple[Any, ...]:
        if not isinstance(data, list) or len(data) != len(items):
            raise InvalidValue(f"expected an array of {len(items)} items, got {describe(data)}")
        values = []
        for index, (item, value) in enumerate(zip(items, data, strict=True)):
            try:
                values.append(item(value))
            except InvalidValue as exc:
                raise exc.within(index) from None
        return tuple(values)

    return convert


def _dict(key_kind: Any, value_kind: Any) -> Convert:
    value_of = converter(value_kind)
    key_of = _integer_key if key_kind is int else converter(key_kind)

    def convert(data: Any) -> dict[Any, Any]:
        if not isinstance(data, dict):
            raise InvalidValue(f"expected an object, got {describe(data)}")
        converted: dict[Any, Any] = {}
        for key, value in data.items():
            try:
                converted[key_of(key)] = value_of(value)
            except InvalidValue as exc:
                raise exc.within(key) from None
        return converted

    return convert


def _integer_key(key: Any) -> int:
    """JSON object keys are strings: "12" names the integer key 12 (written back as "12")."""
    if isinstance(key, int) and not isinstance(key, bool):
        return key
    if isinstance(key, str) and INTEGER_KEY.fullmatch(key):
        return int(key)
    raise InvalidValue(f"expected an integer key, got {key!r}")


def _dataclass(kind: type) -> Convert:
    """Fields are resolved on first use, so that a dataclass may refer to itself."""
    resolved: list[list[tuple[str, Convert, bool]]] = []  # one entry (two if threads race: equal ones)

    def convert(data: Any) -> Any:
        if not isinstance(data, dict):
            raise InvalidValue(f"expected an object, got {describe(data)}")
        if not resolved:
            resolved.append(_field_specs(kind))
        values: dict[str, Any] = {}
        for name, field_of, required in resolved[0]:
            if name in data:
                try:
                    values[name] = field_of(data[name])
                except InvalidValue as exc:
                    raise exc.within(name) from None
            elif required:
                raise InvalidValue("required field missing", (name,))
        return kind(**values)

    return convert


def _field_specs(kind: type) -> list[tuple[str, Convert, bool]]:
    """(name, converter, required) of each field the constructor takes."""
    hints = typing.get_type_hints(kind)
    return [
        (f.name, converter(hints[f.name]),
         f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING)
        for f in dataclasses.fields(kind)
        if f.init
    ]


def _str(data: Any) -> str:
    if not isinstance(data, str):
        raise InvalidValue(f"expected a string, got {describe(data)}")
    return data


def _bool(data: Any) -> bool:
    if not isinstance(data, bool):
        raise InvalidValue(f"expected a boolean, got {describe(data)}")
    return data


def _int(data: Any) -> int:
    if not isinstance(data, int) or isinstance(data, bool):
        raise InvalidValue(f"expected an integer, got {describe(data)}")
    return data


def _float(data: Any) -> float:
    if not isinstance(data, int | float) or isinstance(data, bool):
        raise InvalidValue(f"expected a number, got {describe(data)}")
    try:
        number = float(data)
    except OverflowError:
        raise InvalidValue("number out of range") from None
    if not math.isfinite(number):
        raise InvalidValue(f"expected a finite number, got {data!r}")
    return number


def _datetime(data: Any) -> datetime:
    """ISO-8601; a time without a zone is UTC; it must be representable in UTC too."""
    if not isinstance(data, str):
        raise InvalidValue(f"expected an ISO-8601 date-time, got {describe(data)}")
    try:
        moment = datetime.fromisoformat(data)
    except ValueError as exc:
        raise InvalidValue(f"expected an ISO-8601 date-time, got {data!r} ({exc})") from None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    try:
        moment.astimezone(UTC)
    except OverflowError:
        raise InvalidValue(f"date-time out of range: {data!r} is before year 1 or after 9999 in UTC") from None
    return moment


def _date(data: Any) -> date:
    if not isinstance(data, str):
        raise InvalidValue(f"expected an ISO-8601 date, got {describe(data)}")
    try:
        return date.fromisoformat(data)
    except ValueError as exc:
        raise InvalidValue(f"expected an ISO-8601 date, got {data!r} ({exc})") from None


_SCALARS: dict[Any, Convert] = {str: _str, bool: _bool, int: _int, float: _float, datetime: _datetime, date: _date}


def _expected(kind: Any) -> str:
    """What a type asks for, for messages about unions."""
    if kind in (datetime, date):
        return f"an ISO-8601 {'date-time' if kind is datetime else 'date'}"
    plain = typing.get_origin(kind) or kind
    if isinstance(plain, type) and dataclasses.is_dataclass(plain):
        return "an object"
    return next((name for base, name in _NAMES if plain is base), repr(kind))
