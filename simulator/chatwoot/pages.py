"""Kaminari-style pages: `page` read with `to_i`, a fixed page size, the total kept for `meta.count`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any


@dataclass
class Page:
    """One page of a list and the total it was cut from."""

    items: list[Any]
    count: int


def page_number(raw: str | None) -> int:
    """Kaminari reads `page` with `to_i`: junk or anything below 1 is page 1."""
    match = re.match(r"\s*[+-]?\d+", raw or "")
    return max(int(match.group()), 1) if match else 1


def paginate(items: list[Any], raw_page: str | None, per_page: int) -> Page:
    start = (page_number(raw_page) - 1) * per_page
    return Page(items[start:start + per_page], len(items))
