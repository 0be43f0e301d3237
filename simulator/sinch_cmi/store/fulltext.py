"""The operative database's full-text search, as far as `subject`, `body` and `remarks` need it.

Plain text: every word must occur (as a word, case-insensitive; `word*` matches a prefix).
Full-text format (the value contains `"`): quoted phrases and words joined by AND, OR and AND NOT
(adjacent terms without an operator are joined by AND); AND binds tighter than OR, as in SQL
Server's CONTAINS, e.g. `"order*" OR "invoice" AND "paid"`.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+\*?|\*", re.UNICODE)
_TAG = re.compile(r"<[^>]+>")
_TOKEN = re.compile(r'"([^"]*)"|(\S+)')


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


def _groups(query: str) -> list[list[tuple[bool, list[str]]]]:
    """`a AND NOT b OR c` → [[(False, [a]), (True, [b])], [(False, [c])]]: OR of ANDs."""
    groups: list[list[tuple[bool, list[str]]]] = [[]]
    negate = False
    for quoted, bare in _TOKEN.findall(query):
        operator = bare.upper() if not quoted and bare else ""
        if operator == "OR":
            groups.append([])
            negate = False
        elif operator == "AND":
            negate = False
        elif operator == "NOT":
            negate = True
        else:
            terms = _terms(quoted if quoted else bare)
            if terms:
                groups[-1].append((negate, terms))
            negate = False
    return [group for group in groups if group]


def matches(text: str | None, query: str) -> bool:
    if text is None:
        return False
    haystack = words(text)
    if '"' not in query:
        return all(any(_word_matches(term, word) for word in haystack) for term in _terms(query))
    return any(
        all(_phrase_in(terms, haystack) != negated for negated, terms in group) for group in _groups(query)
    )
