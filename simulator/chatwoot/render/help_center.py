"""The help center on the wire: portals with their counts, categories with their relations, articles."""

from __future__ import annotations

from typing import Any

from simulator.chatwoot.models import Article, Category, ChatwootState, Portal
from simulator.chatwoot.render.agents import agent_wire
from simulator.chatwoot.store.base import unix


def _agents(state: ChatwootState, account_id: int, user_ids: list[int]) -> list[dict[str, Any]]:
    found = []
    for user_id in user_ids:
        membership = state.membership(account_id, user_id)
        if membership is not None and user_id in state.users:
            found.append(agent_wire(state.users[user_id], membership))
    return found


def portal_wire(state: ChatwootState, portal: Portal) -> dict[str, Any]:
    """`api/v1/accounts/portals/_portal.json.jbuilder` (no logo, no live-chat inbox); counts over the portal."""
    articles = [a for a in state.articles.values() if a.portal_id == portal.id]
    categories = [c for c in state.categories.values() if c.portal_id == portal.id]

    def per_locale(code: str) -> dict[str, Any]:
        in_locale = {c.id for c in categories if c.locale == code}
        return {"code": code, "articles_count": sum(a.category_id in in_locale for a in articles),
                "categories_count": len(in_locale)}

    def counted(status: str) -> int:
        return sum(a.status == status for a in articles)

    return {
        "id": portal.id,
        "color": portal.color,
        "custom_domain": portal.custom_domain,
        "header_text": portal.header_text,
        "homepage_link": portal.homepage_link,
        "name": portal.name,
        "page_title": portal.page_title,
        "slug": portal.slug,
        "archived": portal.archived,
        "account_id": portal.account_id,
        "config": {"allowed_locales": [per_locale(code) for code in portal.allowed_locales],
                   "default_locale": portal.default_locale},
        "portal_members": _agents(state, portal.account_id, portal.member_ids),
        "meta": {"all_articles_count": len(articles), "archived_articles_count": counted("archived"),
                 "published_count": counted("published"), "draft_articles_count": counted("draft"),
                 "categories_count": len(categories), "default_locale": portal.default_locale},
    }


def _associated_category(category: Category) -> dict[str, Any]:
    """`api/v1/accounts/categories/_associated_category.json.jbuilder`."""
    return {"id": category.id, "name": category.name, "slug": category.slug, "locale": category.locale,
            "description": category.description, "position": category.position,
            "account_id": category.account_id}


def category_wire(state: ChatwootState, category: Category) -> dict[str, Any]:
    """`api/v1/accounts/categories/_category.json.jbuilder`: parent and root only when set."""
    wire = _associated_category(category)
    wire["related_categories"] = [_associated_category(state.categories[i]) for i in category.related_category_ids
                                  if i in state.categories]
    for key, other_id in (("parent_category", category.parent_category_id),
                          ("root_category", category.associated_category_id)):
        other = state.categories.get(other_id) if other_id is not None else None
        if other is not None:
            wire[key] = _associated_category(other)
    wire["meta"] = {"articles_count": sum(a.category_id == category.id for a in state.articles.values())}
    return wire


def article_wire(state: ChatwootState, article: Article) -> dict[str, Any]:
    """`api/v1/accounts/articles/_article.json.jbuilder`: `category` is always an object (all null without one),
    `author` is the agent JSON while the author is a member of the account."""
    category = state.categories.get(article.category_id) if article.category_id is not None else None
    wire: dict[str, Any] = {
        "id": article.id,
        "slug": article.slug,
        "title": article.title,
        "content": article.content,
        "description": article.description,
        "status": article.status,
        "position": article.position,
        "account_id": article.account_id,
        "updated_at": unix(article.updated_at),
        "meta": article.meta,
        "category": {"id": article.category_id, "name": category.name if category else None,
                     "slug": category.slug if category else None, "locale": category.locale if category else None},
        "views": article.views,
    }
    author = _agents(state, article.account_id, [article.author_id])
    if author:
        wire["author"] = author[0]
    return wire
