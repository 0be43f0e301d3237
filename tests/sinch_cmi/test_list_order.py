"""The default contact order is cut before rendering: it must equal the general sort path."""

from __future__ import annotations

import pytest

from tests.sinch_cmi.support import Cmi


@pytest.mark.parametrize("limit", ["", "&limit=1", "&limit=7", "&limit=500"])
def test_list_contacts__default_order_equals_explicit_sort(cmi: Cmi, limit: str) -> None:
    default = cmi.get(f"/contacts?statistics=true{limit}").get_json()
    explicit = cmi.get(f"/contacts?statistics=true&sort=-arrivalTime,LOCALE-en{limit}").get_json()
    assert default == explicit
    times = [c["arrivalTime"] for c in default]
    assert times == sorted(times, reverse=True)


def test_list_contacts__default_order_with_filters_equals_explicit_sort(cmi: Cmi) -> None:
    query = "/contacts?channel=PHONE&limit=5"
    assert cmi.get(query).get_json() == cmi.get(query + "&sort=-arrivalTime,LOCALE-en").get_json()


def test_list_contacts__limit_applies_after_the_default_order(cmi: Cmi) -> None:
    everything = cmi.get("/contacts?limit=1000").get_json()
    assert cmi.get("/contacts?limit=3").get_json() == everything[:3]
    assert len(everything) == len(cmi.state.contacts)
