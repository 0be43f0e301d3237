"""The operative database's full-text search, as far as `subject`, `body` and `remarks` need it.

Plain text: every word must occur (as a word, case-insensitive; `word*` matches a prefix).
Full-text format (the value contains `"`): quoted phrases joined by AND, OR or AND NOT, read from
left to right, e.g. `"order*" OR "invoice"`.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+\*?|\*", re.UNICODE)
_TAG = re.compile(r"<[^>]+>")
_TERM = re.compile(r'\s*(AND NOT|AND|OR)?\s*"([^"]*)"', re.IGNORECASE)


def words(text: str) -> list[str]:
    return [w.lower() for w in re.findall(r"\w+", _TAG.sub(" ", text), re.UNICODE)]


def _phrase_in(phrase: list[str], haystack: list[str]) -> bool:
    if not phrase:
        return True
    size = len(phrase)
    for start in range(len(haystack) - size + 1):
        if all(_word_matches(term, haystack[start + i]) for i, term in enumerate(phrase)):
            return True
    return False


def _word_matches(term: str, word: str) -> bool:
    return word.startswith(term[:-1]) if term.endswith("*") else word == term


def _terms(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text) if w != "*"]


def matches(text: str | None, query: str) -> bool:
    if text is None:
        return False
    haystack = words(text)
    if '"' not in query:
        return all(any(_word_matches(term, word) for word in haystack) for term in _terms(query))
    result: bool | None = None
    for operator, phrase in _TERM.findall(query):
        found = _phrase_in(_terms(phrase), haystack)
        op = operator.upper()
        if result is None:
            result = found
        elif op == "OR":
            result = result or found
        elif op == "AND NOT":
            result = result and not found
        else:
            result = result and found
    return bool(result)
