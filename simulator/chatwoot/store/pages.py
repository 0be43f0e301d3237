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


BOUND = 10**18  # no page, id or count comes near it
RUBY_INTEGER = re.compile(r"\s*([-+]?\d+)")


def ruby_to_i(text: str) -> int:
    """Ruby's `String#to_i` (the leading integer, 0 when there is none), clamped to ±BOUND.

    Ruby's Integer has no bound, while Python refuses to read more than 4300 digits; a number
    beyond the bound is past every page and id, so it behaves the same.
    """
    match = RUBY_INTEGER.match(text)
    return clamped_int(match.group(1)) if match else 0


def clamped_int(text: str) -> int:
    """A decimal integer's text (sign allowed) as an int within ±BOUND."""
    sign, digits = ("-", text[1:]) if text[:1] == "-" else ("", text.lstrip("+"))
    digits = digits.lstrip("0") or "0"
    if len(digits) > len(str(BOUND)):
        return -BOUND if sign else BOUND
    return max(-BOUND, min(BOUND, int(sign + digits)))


def page_number(raw: str | None) -> int:
    """Kaminari reads `page` with `to_i`: junk or anything below 1 is page 1."""
    return max(ruby_to_i(raw or ""), 1)


def paginate(items: list[Any], raw_page: str | None, per_page: int) -> Page:
    start = (page_number(raw_page) - 1) * per_page
    return Page(items[start:start + per_page], len(items))
