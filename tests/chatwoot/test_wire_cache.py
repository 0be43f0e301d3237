"""The conversation list reuses each conversation's JSON until anything may have changed: a write, or any other
holder of the namespace's lock; per account and role, never across them."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.chatwoot.render.renderer import Renderer, check_wire_cache
from simulator.core.read_cache import WIRE_CACHE
from tests.chatwoot.support import ACCOUNT, AGENT_TOKEN, Chatwoot

LIST = f"{ACCOUNT}/conversations"


@pytest.fixture
def written(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The ids of the conversations written afresh (not taken from the cache), in order."""
    seen: list[int] = []
    original = Renderer._conversation  # noqa: SLF001  counting the uncached writes

    def counting(self: Renderer, conversation: Any) -> Any:
        seen.append(conversation.id)
        return original(self, conversation)

    monkeypatch.setattr(Renderer, "_conversation", counting)
    return seen


def page(chatwoot: Chatwoot, token: str | None = None, **query: str) -> dict[str, Any]:
    kwargs = {} if token is None else {"token": token}
    response = chatwoot.get(LIST, query_string={"status": "all", **query}, **kwargs)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()  # type: ignore[no-any-return]


def namespace_of(chatwoot: Chatwoot) -> Any:
    return chatwoot.app.extensions["simulator"].registry.get()


def test_a_second_list__writes_no_conversation_again(chatwoot: Chatwoot, written: list[int]) -> None:
    first = page(chatwoot)
    assert len(written) == len(first["data"]["payload"]) > 0
    written.clear()

    assert page(chatwoot) == first
    assert written == []


def test_another_role__has_its_own_json(chatwoot: Chatwoot, written: list[int]) -> None:
    page(chatwoot)
    written.clear()

    page(chatwoot, token=AGENT_TOKEN)
    assert written  # the agent's rows were not the administrator's
    written.clear()
    page(chatwoot, token=AGENT_TOKEN)
    assert written == []


def test_a_write_in_between__is_in_the_next_list(chatwoot: Chatwoot, written: list[int]) -> None:
    first = page(chatwoot)["data"]["payload"]
    display_id = first[0]["id"]
    response = chatwoot.post(f"{ACCOUNT}/conversations/{display_id}/labels", json={"labels": ["cached-no-more"]})
    assert response.status_code == 200, response.get_data(as_text=True)
    written.clear()

    again = page(chatwoot)["data"]["payload"]

    row = next(c for c in again if c["id"] == display_id)
    assert row["labels"] == ["cached-no-more"]
    assert len(written) == len(again)


def test_the_list_is_read_only__state_and_generation_stay(chatwoot: Chatwoot) -> None:
    state = chatwoot.app.test_client().get("/__admin/state").get_json()
    namespace = namespace_of(chatwoot)
    generation = namespace.lock.generation

    for query in ({}, {"status": "open"}, {"assignee_type": "me"}, {"page": "2"}, {"q": "a"},
                  {"sort_by": "created_at_desc"}, {"labels[]": "x"}):
        page(chatwoot, **query)
    page(chatwoot, token=AGENT_TOKEN)

    assert namespace.lock.generation == generation
    assert chatwoot.app.test_client().get("/__admin/state").get_json() == state


def test_the_check__finds_a_change_that_began_no_generation(chatwoot: Chatwoot) -> None:
    display_id = page(chatwoot)["data"]["payload"][0]["id"]
    conversation = chatwoot.conversation(display_id)
    assert WIRE_CACHE in vars(conversation)
    namespace = namespace_of(chatwoot)
    before = conversation.labels
    conversation.labels = ["behind-the-locks-back"]

    with pytest.raises(AssertionError, match=f"conversation {conversation.id}"):
        check_wire_cache(chatwoot.state, (namespace.lock.token, namespace.lock.generation, namespace.clock.version()))
    conversation.labels = before  # what the cache holds again, for the fixture's own check


def test_other_views__cache_nothing(chatwoot: Chatwoot) -> None:
    display_id = chatwoot.state.conversations[min(chatwoot.state.conversations)].display_id
    response = chatwoot.get(f"{ACCOUNT}/conversations/{display_id}")
    assert response.status_code == 200, response.get_data(as_text=True)

    assert not any(WIRE_CACHE in vars(c) for c in chatwoot.state.conversations.values())
