"""RI query conventions: `*`/`?` wildcards, `sort=[-]field,…[,LOCALE-xx]`, `limit`, GUID lists, times."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from simulator.core.dates import parse_datetime
from simulator.sinch_cmi.errors import InvalidGuid, InvalidParameter
from simulator.sinch_cmi.store.collation import collation_key

GUID = re.compile(r"[0-9A-Fa-f]{32}")  # use fullmatch: `$` would let a trailing newline through
HYPHENATED_GUID = re.compile(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")
DEFAULT_LIMIT = 100  # RI convention (RCI /users); the CMI page leaves the default blank


def guid(value: str) -> str:
    """A 32-character hex GUID, upper-cased; anything else is `Invalid GUID: '<value>'`."""
    if not GUID.fullmatch(value):
        raise InvalidGuid(value)
    return value.upper()


def optional_guid(value: str | None) -> str | None:
    """`guid` for an optional parameter: None stays None."""
    return guid(value) if value is not None else None


def group_guid(value: str) -> str:
    """A contactGroupId: 32 characters (phone calls) or 36 with hyphens (chats, emails)."""
    if not (GUID.fullmatch(value) or HYPHENATED_GUID.fullmatch(value)):
        raise InvalidGuid(value)
    return value.upper()


def guid_list(value: str | None, parse: Callable[[str], str] = guid) -> set[str] | None:
    """`A,B,C` → {A, B, C} (validated); None when the parameter is absent."""
    if value is None:
        return None
    return {parse(part.strip()) for part in value.split(",") if part.strip()} or None


def moment(value: str | None, name: str) -> datetime | None:
    if value is None:
        return None
    try:
        return parse_datetime(value).astimezone(UTC)
    except (ValueError, OverflowError):  # OverflowError: year 1 or 9999 shifted out of range by its offset
        raise InvalidParameter(f"Invalid date in '{name}': '{value}' (expected ISO-8601, e.g. "
                               "2019-10-17T16:25:59.000Z)") from None


@lru_cache(maxsize=512)
def wildcard(pattern: str) -> re.Pattern[str]:
    """`*` any run of characters, `?` exactly one; the whole value must match; case-insensitive."""
    parts = ("." if ch == "?" else ".*" if ch == "*" else re.escape(ch) for ch in pattern)
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)


def matches(value: Any, pattern: str) -> bool:
    if value is None:
        return False
    text = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return wildcard(pattern).fullmatch(text) is not None


def field_filters(records: Iterable[dict[str, Any]], filters: dict[str, str]) -> list[dict[str, Any]]:
    """Keep the wire records whose every filtered field matches its wildcard pattern."""
    if not filters:
        return list(records)
    return [r for r in records if all(matches(r.get(name), pattern) for name, pattern in filters.items())]


def matching(records: Iterable[dict[str, Any]], filters: dict[str, str]) -> Iterator[dict[str, Any]]:
    """`field_filters` read lazily: the wire records whose every filtered field matches, as they come."""
    if not filters:
        return iter(records)
    items = tuple(filters.items())
    return (r for r in records if all(matches(r.get(name), pattern) for name, pattern in items))


def limit(value: int | None, default: int | None = DEFAULT_LIMIT) -> int | None:
    """`limit`, or the default: 100 where the vendor page lists `limit`, none (None) elsewhere."""
    if value is None:
        return default
    if value < 1:
        raise InvalidParameter(f"Invalid limit: '{value}' (must be a positive integer)")
    return value


@dataclass(frozen=True)
class SortSpec:
    keys: tuple[tuple[str, bool], ...]  # (field, descending)
    locale: str | None = None


def parse_sort(text: str | None, fields: Iterable[str], default: str | None = None) -> SortSpec | None:
    """`-arrivalTime,source,LOCALE-fi` → SortSpec; unknown fields are a 400."""
    text = text if text not in (None, "") else default
    if not text:
        return None
    allowed = set(fields)
    keys: list[tuple[str, bool]] = []
    locale: str | None = None
    for token in (part.strip() for part in text.split(",")):
        if not token:
            continue
        if token.upper().startswith("LOCALE-"):
            locale = token[len("LOCALE-"):]
            continue
        descending = token.startswith("-")
        name = token.lstrip("+-")
        if name not in allowed:
            raise InvalidParameter(f"Invalid sort field: '{name}'")
        keys.append((name, descending))
    if not keys and default and text != default:  # only `LOCALE-xx`: the default fields in that locale
        fallback = parse_sort(default, fields)
        return SortSpec(fallback.keys, locale) if fallback else None
    return SortSpec(tuple(keys), locale) if keys else None


def sort_records(records: list[dict[str, Any]], spec: SortSpec | None) -> list[dict[str, Any]]:
    """Stable multi-key sort; nulls sort first ascending (as SQL Server does), numbers by value."""
    if spec is None:
        return records
    ordered = list(records)
    for name, descending in reversed(spec.keys):
        ordered.sort(key=lambda record, n=name: _sort_value(_lookup(record, n), spec.locale), reverse=descending)
    return ordered


def _lookup(record: dict[str, Any], path: str) -> Any:
    value: Any = record
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _sort_value(value: Any, locale: str | None) -> tuple[int, Any]:
    if value is None:
        return (0, 0)
    if isinstance(value, bool | int | float):
        return (1, value)
    if isinstance(value, str):
        return (2, collation_key(value, locale or "en"))
    return (3, str(value))
