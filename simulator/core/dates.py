"""Lenient date parsing (ISO-8601 with `Z`, `+01:00`, `+0100`, dates, and common PHP layouts)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from marshmallow import ValidationError, fields

_COLONLESS_OFFSET = re.compile(r"([+-]\d{2})(\d{2})$")
_LAYOUTS = ("%Y/%m/%d", "%Y/%m/%d %H:%M:%S", "%d-%m-%Y %H:%M", "%d-%m-%Y")


def parse_datetime(text: str) -> datetime:
    """Parse a timestamp; a value without a zone is taken as UTC. Raises ValueError."""
    raw = text.strip()
    if not raw:
        raise ValueError("empty date")
    candidate = raw[:-1] + "+00:00" if raw.endswith(("Z", "z")) else raw
    candidate = _COLONLESS_OFFSET.sub(r"\1:\2", candidate) if "T" in candidate or " " in candidate else candidate
    try:
        moment = datetime.fromisoformat(candidate)
    except ValueError:
        moment = None
        for layout in _LAYOUTS:
            try:
                moment = datetime.strptime(raw, layout)
                break
            except ValueError:
                continue
        if moment is None:
            raise ValueError(f"not an ISO-8601 date: {text!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class LenientDateTime(fields.DateTime):
    """Accepts `2021-01-29T12:34:56Z`, `…+01:00`, `…+0100`, `2021-01-29`; dumps `format`."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> datetime:
        if not isinstance(value, str):
            raise ValidationError("Not a valid datetime.")
        try:
            return parse_datetime(value).astimezone(UTC)
        except ValueError as exc:
            raise ValidationError(f"Not a valid datetime: {exc}.") from None
        except OverflowError:  # a time its offset pushes outside years 1-9999
            raise ValidationError(f"Not a valid datetime: out of range: {value!r}.") from None


def naive_utc(moment: datetime | None) -> str | None:
    """ROBIN style: `2021-07-08T15:39:04`, UTC, no zone designator."""
    if moment is None:
        return None
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")
