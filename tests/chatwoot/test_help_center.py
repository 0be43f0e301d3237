"""Help center: portals (bare, list with meta), categories and articles (in `payload`), roles and 422 bodies."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from simulator.chatwoot.models import Account, Category, Portal
from simulator.chatwoot.render.help_center import category_wire
from simulator.chatwoot.store.help_center import parameterize
from tests.chatwoot.support import ACCOUNT, AGENT_TOKEN, NOT_AUTHORIZED, NOT_FOUND, Chatwoot, assert_json
from tests.conftest import FROZEN_AT

PORTALS = f"{ACCOUNT}/portals"
SEEDED = "demo-help"
NOW = int(FROZEN_AT.timestamp())
ADMIN = {"id": 1, "account_id": 1, "availability_status": "offline", "auto_offline": True, "confirmed": True,
         "email": "petra@email.com", "available_name": "Petra", "name": "Petra", "role": "administrator",
         "thumbnail": ""}


def portal_body(chatwoot: Chatwoot, **body: Any) -> dict[str, Any]:
    response = chatwoot.post(PORTALS, json={"portal": {"name": "Docs", "slug": "docs", **body}})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def category(chatwoot: Chatwoot, portal: str = SEEDED, **body: Any) -> dict[str, Any]:
    response = chatwoot.post(f"{PORTALS}/{portal}/categories", json={"category": body})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["payload"]


def article(chatwoot: Chatwoot, portal: str = SEEDED, **body: Any) -> dict[str, Any]:
    response = chatwoot.post(f"{PORTALS}/{portal}/articles",
                             json={"article": {"title": "A title", "content": "Text", "author_id": 1, **body}})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["payload"]


def seeded_portal(chatwoot: Chatwoot) -> dict[str, Any]:
    return next(p for p in chatwoot.get(PORTALS).get_json()["payload"] if p["slug"] == SEEDED)


def another_account(chatwoot: Chatwoot) -> None:
    chatwoot.state.accounts[2] = Account(id=2, name="Other", created_at=FROZEN_AT)


# ---- portals -----------------------------------------------------------------------------------


def test_list_portals__payload_and_meta_with_the_seeded_portal_and_its_counts(chatwoot: Chatwoot) -> None:
    assert_json(chatwoot.get(PORTALS), 200, {"payload": [{
        "id": 1, "color": "#1f93ff", "custom_domain": None, "header_text": "How can we help?",
        "homepage_link": None, "name": "Demo Help Center", "page_title": "Demo Help Center", "slug": SEEDED,
        "archived": False, "account_id": 1,
        "config": {"allowed_locales": [{"code": "en", "articles_count": 3, "categories_count": 2}],
                   "default_locale": "en"},
        "portal_members": [],
        "meta": {"all_articles_count": 3, "archived_articles_count": 0, "published_count": 2,
                 "draft_articles_count": 1, "categories_count": 2, "default_locale": "en"},
    }], "meta": {"current_page": 1, "portals_count": 1}})


def test_list_portals__any_member_and_page_is_echoed_but_unused(chatwoot: Chatwoot) -> None:
    listed = chatwoot.get(f"{PORTALS}?page=2", token=AGENT_TOKEN).get_json()
    assert listed["meta"] == {"current_page": "2", "portals_count": 1}
    assert [p["slug"] for p in listed["payload"]] == [SEEDED]


def test_list_portals__only_the_accounts_own(chatwoot: Chatwoot) -> None:
    another_account(chatwoot)
    chatwoot.state.portals[9] = Portal(id=9, account_id=2, name="Theirs", slug="theirs", created_at=FROZEN_AT,
                                       updated_at=FROZEN_AT)
    assert [p["slug"] for p in chatwoot.get(PORTALS).get_json()["payload"]] == [SEEDED]


def test_create_portal__answered_bare_with_defaults(chatwoot: Chatwoot) -> None:
    response = chatwoot.post(PORTALS, json={"portal": {"name": "Docs", "slug": "docs"}})
    assert_json(response, 200, {
        "id": 2, "color": None, "custom_domain": None, "header_text": None, "homepage_link": None, "name": "Docs",
        "page_title": None, "slug": "docs", "archived": False, "account_id": 1,
        "config": {"allowed_locales": [{"code": "en", "articles_count": 0, "categories_count": 0}],
                   "default_locale": "en"},
        "portal_members": [],
        "meta": {"all_articles_count": 0, "archived_articles_count": 0, "published_count": 0,
                 "draft_articles_count": 0, "categories_count": 0, "default_locale": "en"}})
    assert [p["slug"] for p in chatwoot.get(PORTALS).get_json()["payload"]] == [SEEDED, "docs"]


def test_create_portal__flat_json_every_field_and_the_custom_domains_host(chatwoot: Chatwoot) -> None:
    created = chatwoot.post(PORTALS, json={
        "name": "Docs", "slug": "docs", "color": "#000000", "custom_domain": "https://help.example.com/start",
        "header_text": "Handbook", "homepage_link": "", "page_title": "Docs", "archived": True,
        "config": {"allowed_locales": ["en", "es"], "default_locale": "es", "website_token": "x"}}).get_json()
    assert {key: created[key] for key in ("color", "custom_domain", "header_text", "homepage_link", "page_title",
                                          "archived")} == {
        "color": "#000000", "custom_domain": "help.example.com", "header_text": "Handbook", "homepage_link": None,
        "page_title": "Docs", "archived": True}
    assert created["config"] == {"allowed_locales": [{"code": "en", "articles_count": 0, "categories_count": 0},
                                                     {"code": "es", "articles_count": 0, "categories_count": 0}],
                                 "default_locale": "es"}
    assert created["meta"]["default_locale"] == "es"


@pytest.mark.parametrize(("body", "message", "attributes"), [
    ({}, "Name can't be blank, Slug can't be blank", ["name", "slug"]),
    ({"name": " ", "slug": "docs"}, "Name can't be blank", ["name"]),
    ({"name": "Docs", "slug": SEEDED}, "Slug has already been taken", ["slug"]),
    ({"name": "Docs", "slug": None}, "Slug can't be blank", ["slug"]),
    ({"name": "Docs", "slug": "docs", "archived": "maybe"}, "archived Not a valid boolean.", ["archived"]),
])
def test_create_portal__invalid_is_422_and_stores_nothing(chatwoot: Chatwoot, body: dict[str, Any], message: str,
                                                          attributes: list[str]) -> None:
    assert_json(chatwoot.post(PORTALS, json=body), 422, {"message": message, "attributes": attributes})
    assert len(chatwoot.state.portals) == 1


def test_create_portal__slug_and_custom_domain_are_unique_across_accounts(chatwoot: Chatwoot) -> None:
    another_account(chatwoot)
    chatwoot.state.portals[9] = Portal(id=9, account_id=2, name="Theirs", slug="theirs", created_at=FROZEN_AT,
                                       updated_at=FROZEN_AT, custom_domain="help.example.com")
    assert_json(chatwoot.post(PORTALS, json={"name": "Docs", "slug": "theirs",
                                             "custom_domain": "http://help.example.com"}), 422,
                {"message": "Slug has already been taken, Custom domain has already been taken",
                 "attributes": ["slug", "custom_domain"]})


def test_create_portal__administrators_only(chatwoot: Chatwoot) -> None:
    assert_json(chatwoot.post(PORTALS, token=AGENT_TOKEN, json={"name": "Docs", "slug": "docs"}), 401,
                NOT_AUTHORIZED)
    assert len(chatwoot.state.portals) == 1


@pytest.mark.parametrize("method", ["PATCH", "PUT"])
def test_update_portal__wrapped_or_flat_answered_bare(chatwoot: Chatwoot, method: str) -> None:
    before = seeded_portal(chatwoot)
    wrapped = chatwoot.call(method, f"{PORTALS}/{SEEDED}", json={"portal": {"header_text": "Hello", "color": None}})
    assert_json(wrapped, 200, {**before, "header_text": "Hello", "color": None})
    flat = chatwoot.call(method, f"{PORTALS}/{SEEDED}", json={"page_title": "Support", "archived": True})
    assert_json(flat, 200, {**before, "header_text": "Hello", "color": None, "page_title": "Support",
                            "archived": True})


def test_update_portal__without_portal_fields_nothing_changes(chatwoot: Chatwoot) -> None:
    before = seeded_portal(chatwoot)
    stored = chatwoot.state.portals[1]
    updated_at = stored.updated_at
    assert_json(chatwoot.patch(f"{PORTALS}/{SEEDED}", json={"portal": {}}), 200, before)
    assert_json(chatwoot.patch(f"{PORTALS}/{SEEDED}", json={"unknown": 1}), 200, before)
    assert stored.updated_at == updated_at


def test_update_portal__a_new_slug_moves_the_portal(chatwoot: Chatwoot) -> None:
    assert chatwoot.patch(f"{PORTALS}/{SEEDED}", json={"slug": "support"}).get_json()["slug"] == "support"
    assert_json(chatwoot.patch(f"{PORTALS}/{SEEDED}", json={"name": "x"}), 404, NOT_FOUND)
    assert category(chatwoot, "support", name="FAQ", slug="faq")["name"] == "FAQ"


def test_update_portal__config_keeps_what_it_does_not_name(chatwoot: Chatwoot) -> None:
    updated = chatwoot.patch(f"{PORTALS}/{SEEDED}", json={"config": {"allowed_locales": ["en", "nl"]}}).get_json()
    assert [locale["code"] for locale in updated["config"]["allowed_locales"]] == ["en", "nl"]
    updated = chatwoot.patch(f"{PORTALS}/{SEEDED}", json={"config": {"default_locale": "nl"}}).get_json()
    assert (len(updated["config"]["allowed_locales"]), updated["config"]["default_locale"]) == (2, "nl")


@pytest.mark.parametrize(("body", "errors"), [
    ({"name": ""}, {"name": ["can't be blank"]}),
    ({"slug": "docs"}, {"slug": ["has already been taken"]}),
    ({"name": None, "slug": " "}, {"name": ["can't be blank"], "slug": ["can't be blank"]}),
    ({"custom_domain": "help.example.com"}, {"custom_domain": ["has already been taken"]}),
])
def test_update_portal__invalid_is_v31s_rescued_errors_hash(chatwoot: Chatwoot, body: dict[str, Any],
                                                            errors: dict[str, list[str]]) -> None:
    portal_body(chatwoot, custom_domain="help.example.com")
    before = seeded_portal(chatwoot)
    assert_json(chatwoot.patch(f"{PORTALS}/{SEEDED}", json={"portal": body}), 422, {"error": errors})
    assert seeded_portal(chatwoot) == before


def test_update_portal__unknown_is_404_before_the_role_check(chatwoot: Chatwoot) -> None:
    assert_json(chatwoot.patch(f"{PORTALS}/nope", json={"name": "x"}), 404, NOT_FOUND)
    assert_json(chatwoot.patch(f"{PORTALS}/nope", token=AGENT_TOKEN, json={"name": "x"}), 404, NOT_FOUND)
    assert_json(chatwoot.patch(f"{PORTALS}/{SEEDED}", token=AGENT_TOKEN, json={"name": "x"}), 401, NOT_AUTHORIZED)
    assert chatwoot.state.portals[1].name == "Demo Help Center"


def test_update_portal__another_accounts_portal_is_not_found(chatwoot: Chatwoot) -> None:
    another_account(chatwoot)
    chatwoot.state.portals[9] = Portal(id=9, account_id=2, name="Theirs", slug="theirs", created_at=FROZEN_AT,
                                       updated_at=FROZEN_AT)
    assert_json(chatwoot.patch(f"{PORTALS}/theirs", json={"name": "Mine"}), 404, NOT_FOUND)


# ---- categories --------------------------------------------------------------------------------


def test_create_category__in_a_payload_with_meta_and_related_categories(chatwoot: Chatwoot) -> None:
    response = chatwoot.post(f"{PORTALS}/{SEEDED}/categories",
                             json={"category": {"name": "Returns", "slug": "returns", "description": "Sending back",
                                                "position": 3}})
    assert_json(response, 200, {"payload": {
        "id": 3, "name": "Returns", "slug": "returns", "locale": "en", "description": "Sending back", "position": 3,
        "account_id": 1, "related_categories": [], "meta": {"articles_count": 0}}})


def test_create_category__flat_json_parent_root_and_related_in_the_portal(chatwoot: Chatwoot) -> None:
    portal_body(chatwoot, config={"allowed_locales": ["en", "es"]})
    root = category(chatwoot, "docs", name="Billing", slug="billing")
    chatwoot.state.categories[99] = Category(id=99, account_id=1, portal_id=1, name="Other portal", slug="x",
                                             created_at=FROZEN_AT, updated_at=FROZEN_AT)
    response = chatwoot.post(f"{PORTALS}/docs/categories",
                             json={"name": "Facturación", "slug": "billing", "locale": "es",
                                   "parent_category_id": root["id"], "associated_category_id": root["id"],
                                   "related_category_ids": [root["id"], 99, 1000, root["id"]]})
    assert response.status_code == 200, response.get_data(as_text=True)
    short = {key: root[key] for key in ("id", "name", "slug", "locale", "description", "position", "account_id")}
    assert response.get_json()["payload"] == {
        "id": root["id"] + 1, "name": "Facturación", "slug": "billing", "locale": "es", "description": None,
        "position": None, "account_id": 1, "related_categories": [short], "parent_category": short,
        "root_category": short, "meta": {"articles_count": 0}}


def test_category_meta__counts_its_articles_of_any_status(chatwoot: Chatwoot) -> None:
    """Only visible on create in the API (no category can have articles yet): checked on the seeded ones."""
    created = category(chatwoot, name="FAQ", slug="faq")
    assert created["meta"] == {"articles_count": 0}
    article(chatwoot, category_id=created["id"])
    state = chatwoot.state
    assert [category_wire(state, state.categories[i])["meta"] for i in (1, 2, created["id"])] == [
        {"articles_count": 1}, {"articles_count": 2}, {"articles_count": 1}]
    assert seeded_portal(chatwoot)["meta"]["categories_count"] == 3


@pytest.mark.parametrize(("body", "message", "attributes"), [
    ({}, "Slug can't be blank, Name can't be blank", ["slug", "name"]),
    ({"name": "FAQ", "slug": "faq", "locale": "fr"},
     "Locale fr of category is not part of portal's [\"en\"].", ["locale"]),
    ({"name": "FAQ", "slug": "faq", "locale": None}, "Locale  of category is not part of portal's [\"en\"].",
     ["locale"]),
    ({"name": "Billing 2", "slug": "billing"}, "Locale should be unique in the category and portal", ["locale"]),
    ({"name": "FAQ", "slug": "faq", "position": "first"}, "position Not a valid integer.", ["position"]),
])
def test_create_category__model_validation_is_422_message_and_attributes(chatwoot: Chatwoot, body: dict[str, Any],
                                                                         message: str, attributes: list[str]) -> None:
    assert_json(chatwoot.post(f"{PORTALS}/{SEEDED}/categories", json=body), 422,
                {"message": message, "attributes": attributes})
    assert len(chatwoot.state.categories) == 2


def test_create_category__the_same_slug_in_another_locale_is_fine(chatwoot: Chatwoot) -> None:
    chatwoot.patch(f"{PORTALS}/{SEEDED}", json={"config": {"allowed_locales": ["en", "nl"]}})
    assert category(chatwoot, name="Facturen", slug="billing", locale="nl")["locale"] == "nl"
    assert seeded_portal(chatwoot)["config"]["allowed_locales"][1] == {"code": "nl", "articles_count": 0,
                                                                       "categories_count": 1}


def test_create_category__a_parent_outside_the_portal_is_the_errors_hash(chatwoot: Chatwoot) -> None:
    portal_body(chatwoot)
    response = chatwoot.post(f"{PORTALS}/docs/categories",
                             json={"name": "FAQ", "slug": "faq", "parent_category_id": 1, "associated_category_id": 7})
    assert_json(response, 422, {"error": {"parent_category_id": ["is not a category of this portal"],
                                          "associated_category_id": ["is not a category of this portal"]}})
    assert len(chatwoot.state.categories) == 2


def test_create_category__any_member_but_the_portal_must_be_the_accounts(chatwoot: Chatwoot) -> None:
    assert category(chatwoot, name="FAQ", slug="faq") is not None
    response = chatwoot.post(f"{PORTALS}/{SEEDED}/categories", token=AGENT_TOKEN, json={"name": "A", "slug": "a"})
    assert response.status_code == 200
    assert_json(chatwoot.post(f"{PORTALS}/nope/categories", json={"name": "A", "slug": "a"}), 404, NOT_FOUND)
    another_account(chatwoot)
    chatwoot.state.portals[9] = Portal(id=9, account_id=2, name="Theirs", slug="theirs", created_at=FROZEN_AT,
                                       updated_at=FROZEN_AT)
    assert_json(chatwoot.post(f"{PORTALS}/theirs/categories", json={"name": "A", "slug": "a"}), 404, NOT_FOUND)


# ---- articles ----------------------------------------------------------------------------------


def test_create_article__in_a_payload_always_a_draft(chatwoot: Chatwoot) -> None:
    response = chatwoot.post(f"{PORTALS}/{SEEDED}/articles", json={"article": {
        "title": "Can I pay by invoice?", "content": "Yes, for business accounts.", "description": "Invoices",
        "author_id": 1, "category_id": 2, "status": "published",
        "meta": {"title": "Pay by invoice", "tags": ["billing"], "secret": "x"}}})
    assert_json(response, 200, {"payload": {
        "id": 4, "slug": f"{NOW}-can-i-pay-by-invoice", "title": "Can I pay by invoice?",
        "content": "Yes, for business accounts.", "description": "Invoices", "status": "draft", "position": 30,
        "account_id": 1, "updated_at": NOW, "meta": {"title": "Pay by invoice", "tags": ["billing"]},
        "category": {"id": 2, "name": "Billing", "slug": "billing", "locale": "en"}, "views": None,
        "author": ADMIN}})
    meta = seeded_portal(chatwoot)["meta"]
    assert (meta["all_articles_count"], meta["draft_articles_count"]) == (4, 2)


def test_create_article__flat_json_without_category_a_given_slug_and_position(chatwoot: Chatwoot) -> None:
    response = chatwoot.post(f"{PORTALS}/{SEEDED}/articles",
                             json={"title": "Hello", "content": "World", "author_id": 2, "slug": "hello",
                                   "position": 5})
    payload = response.get_json()["payload"]
    assert (payload["slug"], payload["position"], payload["description"], payload["meta"]) == ("hello", 5, None, {})
    assert payload["category"] == {"id": None, "name": None, "slug": None, "locale": None}
    assert payload["author"]["id"] == 2 and payload["author"]["role"] == "agent"
    assert article(chatwoot)["position"] == 15  # 10 after the last uncategorised one


def test_create_article__any_member_may(chatwoot: Chatwoot) -> None:
    response = chatwoot.post(f"{PORTALS}/{SEEDED}/articles", token=AGENT_TOKEN,
                             json={"title": "T", "content": "C", "author_id": 2})
    assert response.status_code == 200


@pytest.mark.parametrize(("body", "message", "attributes"), [
    ({}, "Author must exist, Author can't be blank, Title can't be blank, Content can't be blank",
     ["author", "author_id", "title", "content"]),
    ({"title": "T", "content": "C", "author_id": 999}, "Author must exist", ["author"]),
    ({"title": " ", "content": "C", "author_id": 1}, "Title can't be blank", ["title"]),
    ({"title": "T", "content": None, "author_id": 1}, "Content can't be blank", ["content"]),
    ({"title": "T", "content": "C", "author_id": "me"}, "author_id Not a valid integer.", ["author_id"]),
])
def test_create_article__model_validation_is_422_message_and_attributes(chatwoot: Chatwoot, body: dict[str, Any],
                                                                        message: str, attributes: list[str]) -> None:
    assert_json(chatwoot.post(f"{PORTALS}/{SEEDED}/articles", json=body), 422,
                {"message": message, "attributes": attributes})
    assert len(chatwoot.state.articles) == 3


def test_create_article__the_author_must_be_a_user_of_the_account(chatwoot: Chatwoot) -> None:
    membership = chatwoot.state.membership(1, 3)
    assert membership is not None
    membership.account_id = 2
    assert_json(chatwoot.post(f"{PORTALS}/{SEEDED}/articles", json={"title": "T", "content": "C", "author_id": 3}),
                422, {"message": "Author must exist", "attributes": ["author"]})


def test_create_article__a_category_outside_the_portal_is_the_errors_hash(chatwoot: Chatwoot) -> None:
    portal_body(chatwoot)
    body = {"title": "T", "content": "C", "author_id": 1, "category_id": 1}
    assert_json(chatwoot.post(f"{PORTALS}/docs/articles", json=body), 422,
                {"error": {"category_id": ["is not a category of this portal"]}})
    assert_json(chatwoot.post(f"{PORTALS}/{SEEDED}/articles", json={**body, "category_id": 99}), 422,
                {"error": {"category_id": ["is not a category of this portal"]}})
    assert len(chatwoot.state.articles) == 3


def test_create_article__unknown_portal_is_404(chatwoot: Chatwoot) -> None:
    assert_json(chatwoot.post(f"{PORTALS}/nope/articles", json={"title": "T", "content": "C", "author_id": 1}), 404,
                NOT_FOUND)
    assert_json(chatwoot.post(f"{PORTALS}/nope/articles", json={}), 404, NOT_FOUND)  # before validation


def test_create_article__counts_per_locale_follow_the_category(chatwoot: Chatwoot) -> None:
    chatwoot.patch(f"{PORTALS}/{SEEDED}", json={"config": {"allowed_locales": ["en", "nl"]}})
    dutch = category(chatwoot, name="Facturen", slug="facturen", locale="nl")
    article(chatwoot, category_id=dutch["id"])
    article(chatwoot)  # no category: counted in the portal, in no locale
    portal = seeded_portal(chatwoot)
    assert portal["config"]["allowed_locales"] == [{"code": "en", "articles_count": 3, "categories_count": 2},
                                                   {"code": "nl", "articles_count": 1, "categories_count": 1}]
    assert portal["meta"]["all_articles_count"] == 5


def test_help_center__token_and_membership_come_first(chatwoot: Chatwoot) -> None:
    for method, path in (("GET", PORTALS), ("POST", PORTALS), ("PATCH", f"{PORTALS}/{SEEDED}"),
                         ("POST", f"{PORTALS}/{SEEDED}/categories"), ("POST", f"{PORTALS}/{SEEDED}/articles")):
        assert chatwoot.call(method, path, token=None, json={}).status_code == 401
        assert_json(chatwoot.call(method, path.replace("/accounts/1/", "/accounts/99/"), json={}), 404, NOT_FOUND)


# ---- helpers and the seeded world -----------------------------------------------------------------


@pytest.mark.parametrize(("title", "slug"), [
    ("How To Pay?", "how-to-pay"),
    ("CamelCase title", "camel_case-title"),
    ("Crème brûlée -- 100%", "creme-brulee-__-100"),  # `underscore` turns "-" into "_", kept
    ("  spaced  out  ", "spaced-out"),
])
def test_parameterize__rails_underscore_then_parameterize(title: str, slug: str) -> None:
    assert parameterize(title) == slug


def test_seeded_help_center__a_portal_with_categories_and_articles_by_the_administrator(chatwoot: Chatwoot) -> None:
    state = chatwoot.state
    assert [(c.name, c.portal_id) for c in state.categories.values()] == [("Getting started", 1), ("Billing", 1)]
    assert [(a.status, a.author_id, a.position) for a in state.articles.values()] == [
        ("published", 1, 10), ("published", 1, 10), ("draft", 1, 20)]
    first = state.articles[1]
    assert first.slug == f"{int(first.created_at.timestamp())}-how-do-i-change-my-password"
    assert first.created_at < FROZEN_AT - timedelta(days=30)


def test_article__a_position_outside_the_integer_column_is_422(chatwoot: Chatwoot) -> None:
    before = len(chatwoot.state.articles)
    response = chatwoot.post(f"{PORTALS}/{SEEDED}/articles", json={"article": {
        "title": "T", "content": "c", "author_id": 1, "position": 10**30}})
    assert response.status_code == 422
    assert response.get_json()["attributes"] == ["position"]
    assert len(chatwoot.state.articles) == before
