"""Answers written by orjson are byte for byte what the standard library writes; bodies are strict JSON."""

from __future__ import annotations

import dataclasses
import enum
import json
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.core.json_text import COMPACT, JsonProvider, compact_ascii, loads_strict
from tests.chatwoot.support import ADMIN_TOKEN
from tests.conftest import ROBIN_AUTH
from tests.sinch_cmi.support import CMI_AUTH

CHATWOOT = {"api_access_token": ADMIN_TOKEN}

PROVIDER = JsonProvider(Flask("json-text-test"))


def standard(value: Any) -> str:
    """What Flask's own provider writes for a compact answer (keys in insertion order)."""
    return json.dumps(value, default=PROVIDER.default, ensure_ascii=True, sort_keys=False, separators=COMPACT)


def written(value: Any) -> str:
    return PROVIDER.dumps(value, separators=COMPACT)


any_text = st.text(st.characters(codec=None, categories=None), max_size=12)  # surrogates and controls too
scalars = (st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70)
           | st.floats(allow_nan=False, allow_infinity=False) | any_text)


def containers(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return (st.lists(inner, max_size=5) | st.tuples(inner, inner) | st.dictionaries(any_text, inner, max_size=5)
            | st.dictionaries(st.integers(-5, 5), inner, max_size=2))  # keys that are not strings


documents = st.recursive(scalars, containers, max_leaves=30)


@settings(max_examples=400, deadline=None)
@given(documents)
def test_any_document__is_written_as_the_standard_library_writes_it(value: Any) -> None:
    assert written(value) == standard(value)


@settings(max_examples=300, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_any_float__is_written_as_the_standard_library_writes_it(value: float) -> None:
    assert written({"v": value, "l": [value, -value]}) == standard({"v": value, "l": [value, -value]})


@pytest.mark.parametrize("value", [
    1.5e-05, 2.5e-07, 1e-4, 0.0001234, 1e16, 1e21, 1e-320, 5e-324, -0.0, 1.0, 123456789012345678.0, 2**64, -(2**63) - 1,
    "\x7f", "é", "\u2028", "😀", "\ud800", "\x00\x1f\n", "a/b", "10.00001",
])
def test_edges__are_written_as_the_standard_library_writes_them(value: Any) -> None:
    assert written([value, {"k": value}]) == standard([value, {"k": value}])


class Colour(enum.Enum):
    RED = "red"


class Size(enum.StrEnum):
    BIG = "big"


class Rank(enum.IntEnum):
    ONE = 1


@dataclasses.dataclass
class Point:
    x: int
    when: datetime


@pytest.mark.parametrize("value", [
    datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC), date(2024, 1, 2), uuid.UUID(int=7), Decimal("1.10"),
    Point(1, datetime(2024, 1, 2, tzinfo=UTC)), Size.BIG, Rank.ONE, True,
])
def test_values_flask_converts__are_written_as_flask_writes_them(value: Any) -> None:
    assert written({"v": value}) == standard({"v": value})


def test_a_plain_enum__is_its_value_where_the_standard_library_refuses() -> None:
    """orjson's own rule, the one difference: no answer of the simulator holds an enum (it could not be written)."""
    with pytest.raises(TypeError):
        standard({"v": Colour.RED})
    assert written({"v": Colour.RED}) == '{"v":"red"}'


def test_an_ordinary_answer__takes_the_fast_path() -> None:
    document = {"payload": [{"id": n, "name": f"Contact {n}", "email": None, "labels": ["a"], "ok": True,
                             "score": 1.5, "meta": {"é": "ü"}} for n in range(3)]}

    assert compact_ascii(document) == standard(document)


@pytest.mark.parametrize("value", [{"company_name": "Moore-Moore"}, ["re-open", "10.00001 0.00001"], {"a-e-": 1}])
def test_strings_that_hold_the_float_markers__take_the_fast_path(value: Any) -> None:
    assert compact_ascii(value) == standard(value)


def test_the_seeded_lists__take_the_fast_path(unlimited_app: Flask) -> None:
    client = unlimited_app.test_client()
    answers = [
        client.get("/chatwoot/api/v1/accounts/1/conversations?status=all", headers=CHATWOOT).get_json(),
        client.get("/sinch/cmi/contacts?limit=20", headers=CMI_AUTH).get_json(),
        client.post("/robin/conversations", json={"skip": 0}, headers=ROBIN_AUTH).get_json(),
    ]

    for answer in answers:
        assert compact_ascii(answer) == standard(answer)


@pytest.mark.parametrize("value", [{"v": 1.5e-05}, {"v": 2**64}, {1: "x"}, {"v": datetime(2024, 1, 1)},
                                   {"v": "\ud800"}])
def test_what_orjson_would_write_otherwise__takes_the_standard_path(value: Any) -> None:
    assert compact_ascii(value) is None
    assert written(value) == standard(value)


def test_other_settings__take_the_standard_path() -> None:
    value = {"b": 1, "a": [1, 2]}

    assert PROVIDER.dumps(value) == json.dumps(value)  # Flask's defaults: spaces after separators
    assert PROVIDER.dumps(value, indent=2) == json.dumps(value, indent=2)


@pytest.mark.parametrize("text", ["NaN", "Infinity", "-Infinity", '{"a": [1, NaN]}', b'{"a": -Infinity}'])
def test_loads_strict__refuses_nan_and_infinity(text: str | bytes) -> None:
    with pytest.raises(json.JSONDecodeError, match="not a JSON number"):
        loads_strict(text)


@pytest.mark.parametrize("text", ["1e999", '{"n": -1e999}', "[1.5, 2e400]"])
def test_loads_strict__refuses_numbers_beyond_a_double(text: str) -> None:
    with pytest.raises(json.JSONDecodeError, match="beyond a JSON number's range"):
        loads_strict(text)


@pytest.mark.parametrize("value", [1e-7, -2.5e-07, 1e-05, 1.5e-5, 0.00001, 1e16, -0.0, 3.25])
def test_a_number_alone__is_written_as_the_standard_library_writes_it(value: float) -> None:
    assert written(value) == standard(value)


def test_loads_strict__reads_what_json_reads() -> None:
    assert loads_strict(b'{"a": [1, 2.5, "NaN", null, true]}') == {"a": [1, 2.5, "NaN", None, True]}
    with pytest.raises(json.JSONDecodeError, match="Bytes decoding error"):
        loads_strict(b"\xff")
