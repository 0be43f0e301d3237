"""JSON text in and out: answers written by orjson byte for byte as the standard library writes them (also from
texts written earlier), and bodies read as strict JSON (no NaN or Infinity, which no vendor's server reads)."""

from __future__ import annotations

import json
import math
import re
from typing import Any

import orjson
from flask import Response, current_app
from flask.json.provider import DefaultJSONProvider

COMPACT = (",", ":")
# orjson writes some floats the standard library writes otherwise (`0.000015` for `1.5e-05`, `2.5e-7` for
# `2.5e-07`); every such float has one of these in orjson's text. A string holding them only costs the slow path.
FLOATS_WRITTEN_OTHERWISE = (b"e-", b"0.0000")
NUMBER_BYTES = frozenset(b"0123456789.")
MINUS = ord("-")
BEFORE_VALUES = frozenset(b":[,")
OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_SUBCLASS
BEYOND_ASCII = re.compile("[\x7f-\U0010ffff]")  # what `ensure_ascii` escapes besides control characters


class NotNative(TypeError):
    """orjson met a value it does not write as the standard library would: the standard library writes it all."""


def _not_native(_value: Any) -> Any:
    raise NotNative


def _number_holds(text: bytes, marker: bytes) -> bool:
    """Whether `marker` occurs in what may be a number token: after digits and points, after `:`, `[` or `,` (or at
    the start: a number alone).
    Strings such as `"Moore-Moore"` hold markers too; a string that looks like a number only costs the slow path."""
    at = text.find(marker)
    while at != -1:
        start = at
        while start > 0 and text[start - 1] in NUMBER_BYTES:
            start -= 1
        if start > 0 and text[start - 1] == MINUS:
            start -= 1
        if (start == 0 or text[start - 1] in BEFORE_VALUES) and (start < at or marker[0] in NUMBER_BYTES):
            return True
        at = text.find(marker, at + 1)
    return False


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 | (code >> 10):04x}\\u{0xDC00 | (code & 0x3FF):04x}"


def compact_ascii(value: Any) -> str | None:
    """`json.dumps(value, ensure_ascii=True, separators=(",", ":"))`, or None where orjson cannot tell it.

    None for: types orjson would write in its own way (dates, dataclasses, subclasses of builtins, anything that
    needs `default`), integers beyond 64 bits, keys that are not strings, floats it writes differently, and what
    it refuses (invalid strings, nesting deeper than 254). NaN and infinities (orjson writes null) cannot come in:
    `loads_strict` refuses them in every body. One difference is left: a plain `Enum` (not a str or int one) is
    written as its value, where the standard library refuses it; no answer holds one.
    """
    try:
        text = orjson.dumps(value, default=_not_native, option=OPTIONS)
    except (NotNative, orjson.JSONEncodeError, TypeError):
        return None
    if any(_number_holds(text, marker) for marker in FLOATS_WRITTEN_OTHERWISE):
        return None
    if text.isascii() and b"\x7f" not in text:
        return text.decode("ascii")
    return BEYOND_ASCII.sub(_escape, text.decode("utf-8"))  # raw only inside strings: orjson escapes the rest


class JsonProvider(DefaultJSONProvider):
    """Flask's provider with insertion-ordered keys, whose compact answers orjson writes when it writes them alike."""

    sort_keys = False

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        if kwargs.keys() == {"separators"} and kwargs["separators"] == COMPACT and self.ensure_ascii \
                and not self.sort_keys and self.default is DefaultJSONProvider.default:
            text = compact_ascii(obj)
            if text is not None:
                return text
        return super().dumps(obj, **kwargs)


class NonFiniteNumber(ValueError):
    """NaN, Infinity or -Infinity in a body: Python's parser reads them, JSON has no such numbers."""


def _refuse_constant(name: str) -> Any:
    raise NonFiniteNumber(f"{name} is not a JSON number")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e999: beyond a double, Python's parser reads it as infinity
        raise NonFiniteNumber(f"{text[:40]} is beyond a JSON number's range")
    return value


def loads_strict(data: str | bytes) -> Any:
    """webargs' `parse_json`, refusing NaN, Infinity and -Infinity, and numbers a double cannot hold (1e999), as a
    JSONDecodeError (as Rails, Jackson and System.Text.Json do): no state holds a float JSON cannot write."""
    if isinstance(data, str):
        text = data
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise json.JSONDecodeError(f"Bytes decoding error : {exc.reason}", doc=str(exc.object), pos=exc.start) \
                from exc
    try:
        return json.loads(text, parse_constant=_refuse_constant, parse_float=_finite)
    except NonFiniteNumber as exc:
        raise json.JSONDecodeError(str(exc), text, 0) from exc


def written(obj: Any) -> str | None:
    """The text `jsonify(obj)` answers (without its closing newline) when the app writes compact JSON; None in
    debug mode or with `compact = False`, where jsonify indents."""
    provider = current_app.json
    compact = getattr(provider, "compact", None)
    if compact is False or (compact is None and current_app.debug):
        return None
    return provider.dumps(obj, separators=COMPACT)


def written_list(items: list[str]) -> str:
    """The compact text of a list whose items' texts are `items` (what `written` gives for the list itself)."""
    return f"[{','.join(items)}]"


def text_answer(text: str) -> Response:
    """The response `jsonify` makes of the object `text` was written from."""
    return current_app.response_class(f"{text}\n", mimetype=current_app.json.mimetype)  # type: ignore[attr-defined]
