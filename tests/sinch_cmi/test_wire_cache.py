"""A read-only list reuses the wire forms of settled contacts until anything may have changed: a write, any other
holder of the namespace's lock, or the clock moved by hand."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask

from simulator.core.clock import Clock
from simulator.core.read_cache import WIRE_CACHE
from simulator.sinch_cmi.models import User
from simulator.sinch_cmi.render.json_wire import JsonWriter, check_wire_cache
from simulator.sinch_cmi.store.contacts import ContactRules
from tests.sinch_cmi.contact_builders import add_contact, contacts, handled_call
from tests.sinch_cmi.support import Cmi, chat_body


@pytest.fixture
def written(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the contacts written afresh (not taken from the cache), in order."""
    seen: list[str] = []
    original = JsonWriter._contact  # noqa: SLF001  counting the uncached writes

    def counting(self: JsonWriter, contact: object, *args: object, **kwargs: object) -> object:
        seen.append(contact.id)  # type: ignore[attr-defined]
        return original(self, contact, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(JsonWriter, "_contact", counting)
    return seen


def namespace_of(cmi: Cmi) -> object:
    return cmi.app.extensions["simulator"].registry.get()


def test_a_second_list__writes_no_contact_afresh(center: Cmi, agent: User, written: list[str]) -> None:
    done = handled_call(center, agent)
    waiting = add_contact(center, status="Queued", arrival=-5)
    first = contacts(center, statistics="true")
    assert sorted(written) == sorted([done.id, waiting.id])
    written.clear()

    again = contacts(center, statistics="true")

    assert again == first
    assert written == []
    assert vars(done)[WIRE_CACHE][1][1] is True and vars(waiting)[WIRE_CACHE][1][1] is False  # settled when written


@pytest.mark.parametrize("statistics", [False, True])
def test_a_cached_contact__moves_with_the_clock_until_it_is_settled(center: Cmi, agent: User, statistics: bool) -> None:
    """Time runs on without a new generation (a running clock): the clock-bound values follow it, in their places,
    and a wrap-up that ends meanwhile is written as a fresh writer writes it."""
    waiting = add_contact(center, status="Queued", arrival=-5)
    wrapping = add_contact(center, arrival=-20, connect=-18, disconnect=-1, wrap_up_end=3, agent=agent)
    now = center.app.extensions["simulator"].registry.get().clock.now()
    writer = JsonWriter(center.state, "en", stamp=("a stamp",))

    for contact in (waiting, wrapping):
        for minutes in (0, 1, 2, 10):
            later = now + timedelta(minutes=minutes)
            answered = writer.contact(contact, later, statistics=statistics)
            assert answered == writer._contact(contact, later, statistics=statistics)  # noqa: SLF001
            assert list(answered) == list(writer._contact(contact, later, statistics=statistics))  # noqa: SLF001


def test_a_write_in_between__writes_every_contact_afresh(
    center: Cmi, agent: User, written: list[str]
) -> None:
    done = handled_call(center, agent)
    contacts(center)
    response = center.post("/chats", json=chat_body(center.queue("CHAT", "text").id))
    assert response.status_code == 201, response.get_data(as_text=True)
    written.clear()

    listed = contacts(center)

    assert done.id in written and len(written) == len(listed)


def test_a_change_through_the_api__is_in_the_next_list(center: Cmi, agent: User) -> None:
    done = handled_call(center, agent)
    assert [c["agentName"] for c in contacts(center)] == [agent.name]
    admin = center.app.test_client()
    user = next(u for u in admin.get("/__admin/sinch-cmi/users").get_json() if u["login"] == agent.login)
    replaced = {k: v for k, v in user.items() if k != "id"} | {"name": "Renamed", "password": agent.password}
    response = admin.post("/__admin/sinch-cmi/users", json=replaced)
    assert response.status_code == 201, response.get_data(as_text=True)

    assert [(c["id"], c["agentName"]) for c in contacts(center)] == [(done.id, "Renamed")]


def test_the_clock_moved_back_by_hand__writes_the_contact_for_the_earlier_time(
    center: Cmi, agent: User, clock: Clock
) -> None:
    handled_call(center, agent, arrival=-60)  # disconnected 50 minutes ago, wrapped up 49 minutes ago
    before = contacts(center, statistics="true")[0]
    assert before["wrapUpTotalDuration"] == 60_000

    earlier = clock.now() - timedelta(minutes=50, seconds=-30)  # 30 s after the disconnection, in the wrap-up
    response = center.app.test_client().put("/__admin/clock", json={"now": earlier.isoformat()})
    assert response.status_code == 200, response.get_data(as_text=True)

    after = contacts(center, statistics="true")[0]
    assert after["wrapUpTotalDuration"] == 30_000 and after["totalDuration"] == before["totalDuration"]


def test_the_list_is_read_only__state_and_generation_stay(cmi: Cmi) -> None:
    state = cmi.app.test_client().get("/__admin/state").get_json()
    namespace = namespace_of(cmi)
    generation = namespace.lock.generation  # type: ignore[attr-defined]

    for query in ({}, {"statistics": "true"}, {"limit": "5", "sort": "arrivalTime"}, {"status": "Handled"},
                  {"search": "*1*"}, {"pickable": "true"}):
        assert cmi.get("/contacts", query_string=query).status_code == 200

    assert namespace.lock.generation == generation  # type: ignore[attr-defined]
    assert cmi.app.test_client().get("/__admin/state").get_json() == state


def test_the_check__finds_a_change_that_began_no_generation(center: Cmi, agent: User, unlimited_app: Flask) -> None:
    done = handled_call(center, agent)
    contacts(center)
    done.subject = "changed behind the lock's back"
    namespace = namespace_of(center)

    with pytest.raises(AssertionError, match=done.id):
        check_wire_cache(center.state, namespace.clock.now(),  # type: ignore[attr-defined]
                         (namespace.lock.token, namespace.lock.generation, namespace.clock.version()))  # type: ignore[attr-defined]
    done.subject = None  # what the cache holds again, for the fixture's own check


def test_a_second_chat_list__is_read_from_the_cache_until_a_write(cmi: Cmi) -> None:
    first = cmi.get("/chats", query_string={"limit": "20"}).get_json()
    chat = cmi.state.chats[first[0]["id"]]
    assert WIRE_CACHE in vars(chat)
    cached = vars(chat)[WIRE_CACHE][1]

    assert cmi.get("/chats", query_string={"limit": "20"}).get_json() == first
    assert vars(chat)[WIRE_CACHE][1] is cached
    response = cmi.post("/chats", json=chat_body(cmi.queue("CHAT", "text").id, title="Newest"))
    assert response.status_code == 201, response.get_data(as_text=True)

    again = cmi.get("/chats", query_string={"limit": "20"}).get_json()
    assert again[0]["title"] == "Newest" and again[1:] == first[: len(again) - 1]
    assert vars(chat)[WIRE_CACHE][1] is not cached


def test_the_chat_list_is_read_only__state_and_generation_stay(cmi: Cmi) -> None:
    state = cmi.app.test_client().get("/__admin/state").get_json()
    namespace = namespace_of(cmi)
    generation = namespace.lock.generation  # type: ignore[attr-defined]

    for query in ({}, {"limit": "3"}, {"sort": "title"}, {"channel_sub_type": "text"}):
        assert cmi.get("/chats", query_string=query).status_code == 200

    assert namespace.lock.generation == generation  # type: ignore[attr-defined]
    assert cmi.app.test_client().get("/__admin/state").get_json() == state


@pytest.fixture
def lists(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry per time the store made a contact list."""
    made: list[int] = []
    original = ContactRules.list_contacts

    def counting(self: ContactRules, **kwargs: Any) -> Any:
        made.append(1)
        return original(self, **kwargs)

    monkeypatch.setattr(ContactRules, "list_contacts", counting)
    return made


@pytest.mark.parametrize("statistics", ["true", "false"])
def test_a_clock_free_query__is_answered_from_the_list_made_earlier_in_the_generation(
    center: Cmi, agent: User, lists: list[int], monkeypatch: pytest.MonkeyPatch, statistics: str
) -> None:
    done = handled_call(center, agent)
    waiting = add_contact(center, status="Queued", arrival=-5)
    first = {c["id"]: c for c in contacts(center, statistics=statistics, limit="10")}
    clock = namespace_of(center).clock  # type: ignore[attr-defined]
    later = clock.now() + timedelta(minutes=3)
    monkeypatch.setattr(clock, "now", lambda: later)  # time runs on, nobody moves the clock by hand

    again = {c["id"]: c for c in contacts(center, statistics=statistics, limit="10")}

    assert lists == [1]
    assert again[done.id] == first[done.id]
    assert again[waiting.id]["totalDuration"] == first[waiting.id]["totalDuration"] + 180_000
    if statistics == "true":
        assert again[waiting.id]["waitingDuration"] == first[waiting.id]["waitingDuration"] + 180_000
    assert list(again[waiting.id]) == list(first[waiting.id])
    made_afresh = center.get("/contacts", query_string={"statistics": statistics, "limit": "10",
                                                         "sort": "-arrivalTime"})  # another query: not kept
    assert center.get("/contacts", query_string={"statistics": statistics, "limit": "10"}).get_data() \
        == made_afresh.get_data()


@pytest.mark.parametrize("query", [{"limit": "20"}, {"limit": "20", "statistics": "true"}, {"language": "fi"}])
def test_a_kept_answer__is_byte_for_byte_the_one_made_afresh(cmi: Cmi, query: dict[str, str]) -> None:
    """The seeded world: contacts in progress and settled ones, read twice (the second from what was kept)."""
    sorted_query = {**query, "sort": "-arrivalTime"}
    fresh = cmi.get("/contacts", query_string=sorted_query).get_data()

    assert cmi.get("/contacts", query_string=query).get_data() == fresh
    assert cmi.get("/contacts", query_string=query).get_data() == fresh
    assert cmi.get("/chats", query_string=query if "statistics" not in query else {"limit": "20"}).get_data() \
        == cmi.get("/chats", query_string={"sort": "-date_created",
                                            **({} if "statistics" in query else query)}).get_data()


@pytest.mark.parametrize("query", [{"sort": "totalDuration"}, {"pickable": "true"}, {"status": "Queued"},
                                   {"startTime": "2025-01-01T00:00:00.000Z"}])
def test_other_queries__are_made_afresh_each_time(center: Cmi, agent: User, lists: list[int],
                                                   query: dict[str, str]) -> None:
    handled_call(center, agent)
    contacts(center, **query)
    contacts(center, **query)

    assert lists == [1, 1]


def test_each_caller__has_its_own_answer(cmi: Cmi, lists: list[int]) -> None:
    from tests.sinch_cmi.support import RESTRICTED_AUTH

    mine = contacts(cmi, limit="20")
    theirs = contacts(cmi, RESTRICTED_AUTH, limit="20")

    assert lists == [1, 1]
    assert mine != theirs


def test_a_list_kept_while_a_wrap_up_ends__is_judged_at_the_instant_it_was_made(
    center: Cmi, agent: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Time runs on while the list is written: which contacts still move is decided for the list's own instant."""
    ending = add_contact(center, arrival=-20, connect=-18, disconnect=1, wrap_up_end=2, agent=agent)
    clock = namespace_of(center).clock  # type: ignore[attr-defined]
    start = clock.now()
    times = {"now": start}
    monkeypatch.setattr(clock, "now", lambda: times["now"])  # a running clock, nobody moves it by hand
    original = ContactRules.list_contacts

    def slow(self: ContactRules, **kwargs: Any) -> Any:
        made = original(self, **kwargs)
        times["now"] = start + timedelta(minutes=3)  # the wrap-up ended while the list was written
        return made

    monkeypatch.setattr(ContactRules, "list_contacts", slow)
    contacts(center, statistics="true", limit="10")
    monkeypatch.setattr(ContactRules, "list_contacts", original)

    kept = contacts(center, statistics="true", limit="10")[0]
    fresh = contacts(center, statistics="true", limit="10", sort="-arrivalTime")[0]  # not a kept query
    assert kept["id"] == fresh["id"] == ending.id
    assert kept == fresh


def test_long_lists__are_made_afresh_rather_than_kept(cmi: Cmi, lists: list[int]) -> None:
    from simulator.core.read_cache import KEPT_ITEMS

    for _ in range(2):
        contacts(cmi, limit=str(KEPT_ITEMS + 1))
        contacts(cmi, limit=str(KEPT_ITEMS))

    assert lists == [1, 1, 1]  # the long list twice, the other once


def test_a_namespace_keeps_a_bounded_number_of_answers(cmi: Cmi, lists: list[int]) -> None:
    from simulator.core.read_cache import ATTRIBUTE, KEPT

    for size in range(1, KEPT + 6):
        contacts(cmi, limit=str(size))

    assert len(vars(cmi.state)[ATTRIBUTE][1]) == KEPT
    contacts(cmi, limit=str(KEPT + 5))  # the newest is still kept
    assert len(lists) == KEPT + 5
