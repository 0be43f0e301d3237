"""The seeded help center of account 1: one English portal with two categories and three articles (no random draws)."""

from __future__ import annotations

from datetime import datetime, timedelta

from simulator.chatwoot.models import Article, Category, ChatwootState, Portal
from simulator.chatwoot.store.help_center import parameterize
from simulator.core.storage import WorldSeed

PORTAL_SLUG = "demo-help"
CATEGORIES = (("Getting started", "getting-started", "Your account and your first order"),
              ("Billing", "billing", "Invoices, payments and refunds"))
ARTICLES = (  # (category index, title, content, status, views)
    (0, "How do I change my password?", "Open Profile settings, choose Password and save the new one.",
     "published", 42),
    (1, "Where do I find my invoices?", "Every invoice is under Billing, Invoices, as a PDF.", "published", 17),
    (1, "Refunds for double charges", "A double charge is refunded within 5 working days.", "draft", 0),
)


def seed_help_center(world: WorldSeed, state: ChatwootState) -> None:
    """Written by the account's administrator (user 1), a year before the epoch."""
    account_id, author_id = 1, 1
    if account_id not in state.accounts or state.membership(account_id, author_id) is None:
        return
    start: datetime = world.epoch - timedelta(days=365)
    portal = Portal(id=state.next_id("portals"), account_id=account_id, name="Demo Help Center",
                    slug=PORTAL_SLUG, created_at=start, updated_at=start, color="#1f93ff",
                    header_text="How can we help?", page_title="Demo Help Center")
    state.portals[portal.id] = portal
    category_ids = []
    for position, (name, slug, description) in enumerate(CATEGORIES, start=1):
        created = start + timedelta(hours=position)
        category = Category(id=state.next_id("categories"), account_id=account_id, portal_id=portal.id, name=name,
                            slug=slug, created_at=created, updated_at=created, description=description,
                            position=position)
        state.categories[category.id] = category
        category_ids.append(category.id)
    positions: dict[int, int] = {}
    for day, (index, title, content, status, views) in enumerate(ARTICLES, start=1):
        created = start + timedelta(days=day)
        category_id = category_ids[index]
        positions[category_id] = positions.get(category_id, 0) + 10
        article = Article(id=state.next_id("articles"), account_id=account_id, portal_id=portal.id,
                          author_id=author_id, title=title, content=content, created_at=created, updated_at=created,
                          slug=f"{int(created.timestamp())}-{parameterize(title)}", status=status,
                          position=positions[category_id], category_id=category_id, views=views)
        state.articles[article.id] = article
