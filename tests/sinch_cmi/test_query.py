"""Unit tests of the CMI query conventions: wildcards, GUIDs, sort (with locales) and full-text search."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from simulator.sinch_cmi.errors import InvalidGuid, InvalidParameter
from simulator.sinch_cmi.store import fulltext
from simulator.sinch_cmi.store.collation import collation_key, language_of
from simulator.sinch_cmi.store.query import (
    DEFAULT_LIMIT,
    SortSpec,
    field_filters,
    group_guid,
    guid,
    guid_list,
    limit,
    matches,
    moment,
    parse_sort,
    sort_records,
    wildcard,
)

GUID_UPPER = "2B8ED95B0EC911E79675005056A75D9A"
HYPHENATED = "B4AFCD2C-A791-4D1D-8ED6-AF4E25AEA096"
FIELDS = ("arrivalTime", "source", "agentName", "totalDuration", "record", "requiredAgent.name")


def collated(words: list[str], locale: str | None) -> list[str]:
    return sorted(words, key=lambda word: collation_key(word, locale))


def sort_values(records: list[dict[str, Any]], text: str, field: str = "v") -> list[Any]:
    return [r.get(field) for r in sort_records(records, parse_sort(text, ("v", "w", "n", "n.x")))]


def message_of(error: pytest.ExceptionInfo[InvalidParameter]) -> str:
    return error.value.message


# ---- wildcards -------------------------------------------------------------------------------


@pytest.mark.parametrize(("pattern", "value"), [
    ("*1234", "+358401234"),
    ("*1234", "1234"),  # `*` matches an empty run
    ("+358*", "+358401234"),  # regex metacharacters are literal
    ("a?c", "abc"),
    ("sam.i.am@*", "sam.i.am@greeneggs.ham"),
    ("HANDLED", "handled"),  # case-insensitive
    ("*line", "first\nsecond line"),  # `*` spans newlines
    ("(1) [2]*", "(1) [2] three"),
])
def test_wildcard__matches(pattern: str, value: str) -> None:
    assert matches(value, pattern)


@pytest.mark.parametrize(("pattern", "value"), [
    ("1234", "+358401234"),  # the whole value must match
    ("*1234", "12345"),
    ("a?c", "ac"),  # `?` is exactly one character
    ("a?c", "abbc"),
    ("sam.i.am@*", "samXiXam@host"),  # `.` is not a regex dot
    ("+358*", "358401234"),  # `+` is not a regex quantifier
])
def test_wildcard__does_not_match(pattern: str, value: str) -> None:
    assert not matches(value, pattern)


def test_wildcard__compiled_pattern_is_anchored_by_fullmatch_only() -> None:
    compiled = wildcard("ab*")

    assert compiled.fullmatch("abzz") is not None
    assert compiled.fullmatch("xabzz") is None


@pytest.mark.parametrize(("value", "pattern", "expected"), [
    (None, "*", False),
    (True, "true", True),
    (False, "false", True),
    (True, "True", True),
    (False, "true", False),
    (1500, "15*", True),
    (1500, "1500", True),
    (1500.5, "1500.5", True),
])
def test_matches__non_string_values(value: Any, pattern: str, expected: bool) -> None:
    assert matches(value, pattern) is expected


def test_field_filters__every_filter_must_match() -> None:
    records = [
        {"source": "+3581234", "status": "Handled"},
        {"source": "+3581234", "status": "InQueue"},
        {"source": "+4699999", "status": "Handled"},
        {"status": "Handled"},
    ]

    kept = field_filters(records, {"source": "*1234", "status": "handled"})

    assert kept == [{"source": "+3581234", "status": "Handled"}]


def test_field_filters__no_filters_keeps_everything_in_order() -> None:
    records = [{"a": 2}, {"a": 1}]

    kept = field_filters(iter(records), {})

    assert kept == records


# ---- GUIDs -----------------------------------------------------------------------------------


def test_guid__upper_cases_a_valid_guid() -> None:
    assert guid(GUID_UPPER.lower()) == GUID_UPPER


@pytest.mark.parametrize("value", [
    "2B8ED95B0EC911E79675005056A75D9",  # the vendor's example: 31 characters
    "2B8ED95B0EC911E79675005056A75D9AB",
    "2B8ED95B0EC911E79675005056A75D9G",
    HYPHENATED,
    "",
    "x",
])
def test_guid__invalid_raises_the_vendor_message(value: str) -> None:
    with pytest.raises(InvalidGuid) as error:
        guid(value)

    assert message_of(error) == f"Invalid GUID: '{value}'"
    assert error.value.status == 400


@pytest.mark.parametrize(("value", "expected"), [
    (GUID_UPPER.lower(), GUID_UPPER),
    (HYPHENATED.lower(), HYPHENATED),
])
def test_group_guid__accepts_32_or_36_hyphenated(value: str, expected: str) -> None:
    assert group_guid(value) == expected


@pytest.mark.parametrize("value", [
    "B4AFCD2CA791-4D1D-8ED6-AF4E25AEA096",  # a hyphen missing
    "B4AFCD2C-A791-4D1D-8ED6-AF4E25AEA09",  # 35 characters
    "B4AFCD2C-A7914-D1D-8ED6-AF4E25AEA096",  # hyphens in the wrong places
    "{B4AFCD2C-A791-4D1D-8ED6-AF4E25AEA096}",
])
def test_group_guid__invalid_raises(value: str) -> None:
    with pytest.raises(InvalidGuid) as error:
        group_guid(value)

    assert message_of(error) == f"Invalid GUID: '{value}'"


def test_guid_list__absent_is_none() -> None:
    assert guid_list(None) is None


def test_guid_list__splits_trims_and_upper_cases() -> None:
    other = "F8C2697F37D044DB929B10F75381C624"

    assert guid_list(f" {GUID_UPPER.lower()} ,{other},,") == {GUID_UPPER, other}


def test_guid_list__only_separators_is_none() -> None:
    assert guid_list(" , ,") is None


def test_guid_list__one_invalid_entry_raises_for_that_entry() -> None:
    with pytest.raises(InvalidGuid) as error:
        guid_list(f"{GUID_UPPER},nope")

    assert message_of(error) == "Invalid GUID: 'nope'"


def test_guid_list__takes_the_group_parser() -> None:
    assert guid_list(f"{HYPHENATED},{GUID_UPPER}", group_guid) == {HYPHENATED, GUID_UPPER}
    with pytest.raises(InvalidGuid):
        guid_list(HYPHENATED)


# ---- times and limit -------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [
    ("2019-10-17T16:25:59Z", datetime(2019, 10, 17, 16, 25, 59, tzinfo=UTC)),
    ("2019-10-17T16:25:59.123Z", datetime(2019, 10, 17, 16, 25, 59, 123000, tzinfo=UTC)),
    ("2019-10-17T18:25:59+02:00", datetime(2019, 10, 17, 16, 25, 59, tzinfo=UTC)),
    ("2019-10-17T16:25:59", datetime(2019, 10, 17, 16, 25, 59, tzinfo=UTC)),  # no zone: UTC
])
def test_moment__parses_iso_8601_into_utc(value: str, expected: datetime) -> None:
    parsed = moment(value, "startTime")

    assert parsed == expected
    assert parsed is not None and parsed.utcoffset() == timedelta(0)


def test_moment__absent_is_none() -> None:
    assert moment(None, "startTime") is None


@pytest.mark.parametrize("value", ["yesterday", "", "2019-13-45T99:00:00Z"])
def test_moment__invalid_raises_naming_the_parameter(value: str) -> None:
    with pytest.raises(InvalidParameter) as error:
        moment(value, "endTime")

    assert message_of(error) == (f"Invalid date in 'endTime': '{value}' (expected ISO-8601, e.g. "
                                 "2019-10-17T16:25:59.000Z)")


def test_limit__defaults_to_100() -> None:
    assert limit(None) == DEFAULT_LIMIT == 100


def test_limit__positive_values_pass() -> None:
    assert limit(1) == 1
    assert limit(5000) == 5000


@pytest.mark.parametrize("value", [0, -1])
def test_limit__non_positive_raises(value: int) -> None:
    with pytest.raises(InvalidParameter) as error:
        limit(value)

    assert message_of(error) == f"Invalid limit: '{value}' (must be a positive integer)"


# ---- parse_sort ------------------------------------------------------------------------------


def test_parse_sort__fields_directions_and_locale() -> None:
    spec = parse_sort("-arrivalTime,source,LOCALE-fi", FIELDS)

    assert spec == SortSpec(keys=(("arrivalTime", True), ("source", False)), locale="fi")


@pytest.mark.parametrize("text", [None, ""])
def test_parse_sort__absent_uses_the_default(text: str | None) -> None:
    assert parse_sort(text, FIELDS, default="-arrivalTime") == SortSpec(keys=(("arrivalTime", True),))


def test_parse_sort__absent_without_default_is_none() -> None:
    assert parse_sort(None, FIELDS) is None


def test_parse_sort__locale_only_keeps_the_default_fields() -> None:
    assert parse_sort("LOCALE-sv", FIELDS, default="-arrivalTime") == SortSpec(
        keys=(("arrivalTime", True),), locale="sv")


def test_parse_sort__tolerates_spaces_plus_and_empty_tokens() -> None:
    spec = parse_sort(" +source , ,-totalDuration, locale-en-US", FIELDS)

    assert spec == SortSpec(keys=(("source", False), ("totalDuration", True)), locale="en-US")


def test_parse_sort__nested_field() -> None:
    assert parse_sort("requiredAgent.name", FIELDS) == SortSpec(keys=(("requiredAgent.name", False),))


@pytest.mark.parametrize(("text", "name"), [("nope", "nope"), ("-arrivalTime,-nope", "nope"), ("-", "")])
def test_parse_sort__unknown_field_raises(text: str, name: str) -> None:
    with pytest.raises(InvalidParameter) as error:
        parse_sort(text, FIELDS)

    assert message_of(error) == f"Invalid sort field: '{name}'"


# ---- sort_records ----------------------------------------------------------------------------


def test_sort_records__no_spec_keeps_the_order() -> None:
    records = [{"v": 2}, {"v": 1}]

    assert sort_records(records, None) == [{"v": 2}, {"v": 1}]


def test_sort_records__does_not_reorder_the_input() -> None:
    records = [{"v": 2}, {"v": 1}]

    ordered = sort_records(records, parse_sort("v", ("v",)))

    assert [r["v"] for r in ordered] == [1, 2]
    assert [r["v"] for r in records] == [2, 1]


def test_sort_records__nulls_first_ascending_last_descending() -> None:
    records = [{"v": "b"}, {"v": None}, {"v": "a"}, {}]

    assert sort_values(records, "v") == [None, None, "a", "b"]
    assert sort_values(records, "-v") == ["b", "a", None, None]


def test_sort_records__numbers_by_value_not_text() -> None:
    records = [{"v": 9000}, {"v": 10000}, {"v": 900}, {"v": 1.5}]

    assert sort_values(records, "v") == [1.5, 900, 9000, 10000]
    assert sort_values(records, "-v") == [10000, 9000, 900, 1.5]


def test_sort_records__booleans_false_before_true() -> None:
    records = [{"v": True}, {"v": None}, {"v": False}]

    assert sort_values(records, "v") == [None, False, True]


def test_sort_records__strings_case_insensitively() -> None:
    records = [{"v": "cherry"}, {"v": "Banana"}, {"v": "apple"}, {"v": "Apple"}]

    assert sort_values(records, "v") == ["apple", "Apple", "Banana", "cherry"]


def test_sort_records__multiple_keys_are_stable() -> None:
    records = [
        {"id": 1, "v": "b", "w": 2},
        {"id": 2, "v": "a", "w": 1},
        {"id": 3, "v": "b", "w": 1},
        {"id": 4, "v": "a", "w": 2},
        {"id": 5, "v": "b", "w": 1},
    ]

    assert sort_values(records, "v,-w", "id") == [4, 2, 1, 3, 5]
    assert sort_values(records, "-w,v", "id") == [4, 1, 2, 3, 5]
    assert sort_values(records, "-v", "id") == [1, 3, 5, 2, 4]  # descending keeps ties in input order


def test_sort_records__nested_path_with_missing_parents() -> None:
    records = [{"id": 1, "n": {"x": "b"}}, {"id": 2}, {"id": 3, "n": {"x": "a"}}, {"id": 4, "n": "flat"}]

    assert sort_values(records, "n.x", "id") == [2, 4, 3, 1]


def test_sort_records__uses_the_locale_for_strings() -> None:
    records = [{"v": "Örjan"}, {"v": "Zorro"}, {"v": "Olle"}]

    assert sort_values(records, "v,LOCALE-sv") == ["Olle", "Zorro", "Örjan"]
    assert sort_values(records, "v,LOCALE-de") == ["Olle", "Örjan", "Zorro"]
    assert sort_values(records, "v") == ["Olle", "Örjan", "Zorro"]  # English by default


# ---- collation -------------------------------------------------------------------------------


@pytest.mark.parametrize(("locale", "language"), [
    ("fi", "fi"), ("sv-SE", "sv"), ("de_DE", "de"), ("EN-us", "en"), (None, ""), ("", "")])
def test_language_of__takes_the_primary_subtag(locale: str | None, language: str) -> None:
    assert language_of(locale) == language


@pytest.mark.parametrize("locale", ["sv", "fi", "sv-SE", "fi-FI"])
def test_collation__nordic_letters_after_z(locale: str) -> None:
    words = ["ö", "z", "å", "ä", "a", "o"]

    assert collated(words, locale) == ["a", "o", "z", "å", "ä", "ö"]


@pytest.mark.parametrize("locale", ["sv", "fi"])
def test_collation__nordic_names(locale: str) -> None:
    words = ["Östberg", "Zetterlund", "Åberg", "Ahonen", "Älvsjö", "Olsson"]

    assert collated(words, locale) == ["Ahonen", "Olsson", "Zetterlund", "Åberg", "Älvsjö", "Östberg"]


@pytest.mark.parametrize("locale", ["sv", "fi"])
def test_collation__nordic_reads_u_umlaut_as_y(locale: str) -> None:
    words = ["Mzz", "Müller", "Mylly", "Mustonen", "Myller"]

    assert collated(words, locale) == ["Mustonen", "Myller", "Müller", "Mylly", "Mzz"]


@pytest.mark.parametrize("locale", ["sv", "fi"])
def test_collation__nordic_reads_ae_and_o_slash_as_a_and_o_umlaut(locale: str) -> None:
    assert collated(["Øz", "Öa", "Æb", "Äa", "Zz"], locale) == ["Zz", "Äa", "Æb", "Öa", "Øz"]


@pytest.mark.parametrize("locale", ["en", "en-US", "de", "de-DE", None])
def test_collation__umlauts_sort_with_their_base_letter(locale: str | None) -> None:
    words = ["Zebra", "Öl", "Äpfel", "Apfel", "Ofen", "Birne", "Müller", "Mylly", "Mustonen"]

    assert collated(words, locale) == ["Apfel", "Äpfel", "Birne", "Müller", "Mustonen", "Mylly", "Ofen", "Öl",
                                       "Zebra"]


@pytest.mark.parametrize("locale", ["en", "de"])
def test_collation__ring_a_sorts_with_a_outside_the_north(locale: str) -> None:
    assert collated(["Zorro", "Åberg", "Ahonen", "Abel"], locale) == ["Abel", "Åberg", "Ahonen", "Zorro"]


def test_collation__accent_breaks_ties_before_case() -> None:
    # primary letters equal: the unaccented word first, then lower case before upper case
    assert collated(["Äpfel", "apfel", "äpfel", "Apfel"], "de") == ["apfel", "Apfel", "äpfel", "Äpfel"]


@pytest.mark.parametrize("locale", ["en", "de", "sv", "fi"])
def test_collation__case_insensitive_primary_order(locale: str) -> None:
    assert collated(["delta", "Charlie", "bravo", "Alpha"], locale) == ["Alpha", "bravo", "Charlie", "delta"]
    assert collation_key("Alpha", locale)[0] == collation_key("alpha", locale)[0]


def test_collation__sharp_s_is_ss_in_german() -> None:
    assert collation_key("Straße", "de")[0] == collation_key("Strasse", "de")[0]
    assert collated(["Strasze", "Straße", "Strase"], "de") == ["Strase", "Straße", "Strasze"]


def test_collation__spaces_and_punctuation_before_digits_before_letters() -> None:
    assert collated(["b", "1", "a", "-", " "], "en") == [" ", "-", "1", "a", "b"]
    assert collated(["ab", "a b", "a-b", "a1"], "en") == ["a b", "a-b", "a1", "ab"]


def test_collation__prefix_sorts_first() -> None:
    assert collated(["Anna-Liisa", "Anna", "Ann"], "fi") == ["Ann", "Anna", "Anna-Liisa"]


# ---- full-text search ------------------------------------------------------------------------

TEXT = "<p>Hello,</p> <p>My invoice for the <b>order</b> 4711 shows a wrong amount.</p> <p>Br, Sam</p>"


@pytest.mark.parametrize("query", [
    "invoice", "INVOICE", "invoice order", "order invoice", "wrong amount", "4711", "inv*", "Ord* amo*", "hello",
    "invoice, order!",
])
def test_fulltext__plain_words_all_present(query: str) -> None:
    assert fulltext.matches(TEXT, query)


@pytest.mark.parametrize("query", [
    "invoices",  # whole words only
    "voice",
    "invoice refund",  # every word must occur
    "p",  # markup is not text
    "b",
    "nvoice*",  # the prefix is at the start of a word
])
def test_fulltext__plain_words_missing(query: str) -> None:
    assert not fulltext.matches(TEXT, query)


def test_fulltext__no_text_never_matches() -> None:
    assert not fulltext.matches(None, "invoice")
    assert not fulltext.matches(None, '"invoice"')


def test_fulltext__unicode_words() -> None:
    assert fulltext.matches("Tilaus on käsitelty, kiitos", "KÄSITELTY")
    assert fulltext.matches("Tilaus on käsitelty, kiitos", "käsit*")
    assert not fulltext.matches("Tilaus on käsitelty, kiitos", "käsit")


@pytest.mark.parametrize(("query", "expected"), [
    ('"wrong amount"', True),
    ('"amount wrong"', False),  # a phrase keeps its word order
    ('"wrong  AMOUNT"', True),
    ('"wrong amo*"', True),
    ('"order 4711 shows"', True),
    ('"order shows"', False),  # …and its words are adjacent
    ('"refund"', False),
])
def test_fulltext__quoted_phrase(query: str, expected: bool) -> None:
    assert fulltext.matches(TEXT, query) is expected


@pytest.mark.parametrize(("query", "expected"), [
    ('"refund" OR "invoice"', True),
    ('"invoice" OR "refund"', True),
    ('"refund" OR "complaint"', False),
    ('"refund" or "wrong amount"', True),
    ('"refund" OR "complaint" OR "order"', True),
])
def test_fulltext__or(query: str, expected: bool) -> None:
    assert fulltext.matches(TEXT, query) is expected


@pytest.mark.parametrize(("query", "expected"), [
    ('"invoice" AND "order"', True),
    ('"invoice" AND "refund"', False),
    ('"refund" AND "invoice"', False),
    ('"invoice" and "inv*" AND "wrong amount"', True),
])
def test_fulltext__and(query: str, expected: bool) -> None:
    assert fulltext.matches(TEXT, query) is expected


@pytest.mark.parametrize(("query", "expected"), [
    ('"invoice" AND NOT "refund"', True),
    ('"invoice" AND NOT "order"', False),
    ('"invoice" and not "ord*"', False),
    ('"refund" AND NOT "order"', False),
])
def test_fulltext__and_not(query: str, expected: bool) -> None:
    assert fulltext.matches(TEXT, query) is expected


def test_fulltext__words_helper_drops_markup_and_lowers() -> None:
    assert fulltext.words("<p class='x'>Hello, WORLD</p>") == ["hello", "world"]


@pytest.mark.parametrize(("query", "expected"), [
    ('"refund" OR "invoice" AND "order"', True),  # refund OR (invoice AND order)
    ('"invoice" AND "refund" OR "order"', True),  # (invoice AND refund) OR order
    ('"invoice" OR "refund" AND "complaint"', True),  # invoice OR (refund AND complaint); left to right: False
    ('"refund" OR "invoice" AND "complaint"', False),
    ('"invoice" AND NOT "refund" OR "complaint"', True),
])
def test_fulltext__and_binds_tighter_than_or(query: str, expected: bool) -> None:
    assert fulltext.matches(TEXT, query) is expected


@pytest.mark.parametrize(("query", "expected"), [
    ('invoice "wrong amount"', True),  # a bare word beside a phrase counts (AND)
    ('refund "wrong amount"', False),
    ('"wrong amount" OR refund', True),
    ('ord* "4711 shows"', True),
])
def test_fulltext__bare_words_beside_phrases(query: str, expected: bool) -> None:
    assert fulltext.matches(TEXT, query) is expected


def test_collation__decomposed_letters_sort_as_their_composed_form() -> None:
    decomposed = "a\u030angström"  # a + combining ring above
    assert collation_key(decomposed, "sv") == collation_key("ångström", "sv")
    assert collated(["zebra", decomposed, "apa"], "sv") == ["apa", "zebra", decomposed]
