"""Lenient date parsing: ISO-8601 with Z, +01:00, +0100, date-only; garbage is refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from marshmallow import Schema, ValidationError

from simulator.core.dates import LenientDateTime, naive_utc, parse_datetime

PLUS_ONE = timezone(timedelta(hours=1))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021-01-29T12:34:56Z", datetime(2021, 1, 29, 12, 34, 56, tzinfo=UTC)),
        ("2021-01-29T12:34:56z", datetime(2021, 1, 29, 12, 34, 56, tzinfo=UTC)),
        ("2021-01-29T12:34:56+01:00", datetime(2021, 1, 29, 12, 34, 56, tzinfo=PLUS_ONE)),
        ("2021-01-29T12:34:56+0100", datetime(2021, 1, 29, 12, 34, 56, tzinfo=PLUS_ONE)),
        ("2021-01-29 12:34:56+0100", datetime(2021, 1, 29, 12, 34, 56, tzinfo=PLUS_ONE)),
        ("2021-01-29T12:34:56-0530", datetime(
            2021, 1, 29, 12, 34, 56, tzinfo=timezone(-timedelta(hours=5, minutes=30)))),
        ("2021-01-29T12:34:56.123Z", datetime(2021, 1, 29, 12, 34, 56, 123000, tzinfo=UTC)),
        ("2021-01-29T12:34:56", datetime(2021, 1, 29, 12, 34, 56, tzinfo=UTC)),
        ("2021-01-29", datetime(2021, 1, 29, tzinfo=UTC)),
        ("  2021-01-29  ", datetime(2021, 1, 29, tzinfo=UTC)),
        ("2021/01/29", datetime(2021, 1, 29, tzinfo=UTC)),
        ("2021/01/29 08:15:00", datetime(2021, 1, 29, 8, 15, tzinfo=UTC)),
        ("29-01-2021", datetime(2021, 1, 29, tzinfo=UTC)),
        ("29-01-2021 08:15", datetime(2021, 1, 29, 8, 15, tzinfo=UTC)),
    ],
)
def test_parse_datetime__accepts_lenient_forms(text: str, expected: datetime) -> None:
    parsed = parse_datetime(text)

    assert parsed == expected
    assert parsed.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    "text", ["", "   ", "garbage", "2021-13-01", "2021-01-32", "29/01/2021", "2021-01-29T25:00:00",
             "tomorrow", "2021-01-29T12:34:56x"],
)
def test_parse_datetime__rejects_garbage(text: str) -> None:
    with pytest.raises(ValueError):
        parse_datetime(text)


class Moment(Schema):
    at = LenientDateTime(required=True)


def test_lenient_field__loads_offsets_and_dates() -> None:
    loaded = Moment().load({"at": "2021-01-29T12:34:56+0100"})["at"]

    assert loaded == datetime(2021, 1, 29, 11, 34, 56, tzinfo=UTC)
    assert Moment().load({"at": "2021-01-29"})["at"] == datetime(2021, 1, 29, tzinfo=UTC)


@pytest.mark.parametrize("value", ["garbage", 12345, None, ["2021-01-29"]])
def test_lenient_field__refuses_non_dates(value: object) -> None:
    with pytest.raises(ValidationError) as raised:
        Moment().load({"at": value})

    assert "at" in raised.value.messages


def test_naive_utc__robin_style_without_zone() -> None:
    assert naive_utc(datetime(2021, 7, 8, 17, 39, 4, tzinfo=timezone(timedelta(hours=2)))) == (
        "2021-07-08T15:39:04"
    )
    assert naive_utc(None) is None
