"""The help center: portals (written by administrators), their categories and articles, with v3.1's validations."""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any
from urllib.parse import urlparse

from simulator.chatwoot.errors import ErrorsHash, NotFound, RecordInvalid
from simulator.chatwoot.models import ARTICLE_STATUSES, Article, Category, Portal
from simulator.chatwoot.store.base import as_id, unix
from simulator.chatwoot.store.scope import AccountPart

BLANK = "can't be blank"
TAKEN = "has already been taken"
NOT_IN_PORTAL = "is not a category of this portal"
META_KEYS = ("title", "description", "tags")  # `meta: [:title, :description, { tags: [] }]`


def invalid_record(errors: list[tuple[str, str]]) -> ErrorsHash:
    """A help-center controller's own check failing: `{"error": {"<field>": ["message", …]}}`."""
    return ErrorsHash.of_pairs("Invalid help center record", errors)


def humanize(attribute: str) -> str:
    """Rails' `human_attribute_name`: `author_id` → `Author`, `custom_domain` → `Custom domain`."""
    words = attribute.removesuffix("_id").replace("_", " ")
    return words[:1].upper() + words[1:]


def record_invalid(errors: list[tuple[str, str]]) -> RecordInvalid:
    """`create!` failing: `{"message": "<Attribute> <message>, …", "attributes": [...]}`."""
    return RecordInvalid([(attribute, f"{humanize(attribute)} {message}") for attribute, message in errors])


def parameterize(title: str) -> str:
    """`title.underscore.parameterize(separator: '-')`."""
    underscored = re.sub(r"([A-Z\d]+)([A-Z][a-z])", r"\1_\2", title)
    underscored = re.sub(r"([a-z\d])([A-Z])", r"\1_\2", underscored).replace("-", "_").lower()
    ascii_text = unicodedata.normalize("NFKD", underscored).encode("ascii", "ignore").decode()
    return re.sub(r"-{2,}", "-", re.sub(r"[^a-z0-9\-_]+", "-", ascii_text)).strip("-")


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _nil_if_blank(value: str | None) -> str | None:
    """`normalize_empty_string_to_nil` for custom_domain and homepage_link."""
    return None if value is None or not value.strip() else value


def _domain(value: str | None) -> str | None:
    """On create the controller keeps only the host of an http(s) URL."""
    value = _nil_if_blank(value)
    if value is None:
        return None
    parsed = urlparse(value)
    return parsed.hostname if parsed.scheme in ("http", "https") and parsed.hostname else value


class HelpCenter(AccountPart):
    """One account's portals, categories and articles."""

    # ---- portals ---------------------------------------------------------------------------

    def portals(self) -> list[Portal]:
        return sorted((p for p in self.state.portals.values() if p.account_id == self.account_id),
                      key=lambda p: p.id)

    def portal(self, slug: str) -> Portal:
        """`Current.account.portals.find_by(slug:)`; the simulator answers 404 where v3.1 fails on nil."""
        found = next((p for p in self.state.portals.values()
                      if p.account_id == self.account_id and p.slug == slug), None)
        if found is None:
            raise NotFound()
        return found

    def _check_portal(self, portal: Portal) -> list[tuple[str, str]]:
        errors: list[tuple[str, str]] = []
        if _blank(portal.name):
            errors.append(("name", BLANK))
        if _blank(portal.slug):
            errors.append(("slug", BLANK))
        elif any(p.slug == portal.slug and p.id != portal.id for p in self.state.portals.values()):
            errors.append(("slug", TAKEN))
        if portal.custom_domain is not None and any(p.custom_domain == portal.custom_domain and p.id != portal.id
                                                    for p in self.state.portals.values()):
            errors.append(("custom_domain", TAKEN))
        return errors

    def create_portal(self, body: dict[str, Any]) -> Portal:
        """name and slug are required; slug (and a custom domain) unique across all accounts."""
        self.scope.require_admin()
        config = body.get("config") or {}
        allowed = config.get("allowed_locales")
        now = self.scope.ctx.now()
        portal = Portal(
            id=0, account_id=self.account_id, name=body.get("name") or "", slug=body.get("slug") or "",
            created_at=now, updated_at=now, color=body.get("color"), custom_domain=_domain(body.get("custom_domain")),
            header_text=body.get("header_text"), homepage_link=_nil_if_blank(body.get("homepage_link")),
            page_title=body.get("page_title"), archived=bool(body.get("archived")),
            allowed_locales=list(allowed) if allowed is not None else ["en"],
            default_locale=config.get("default_locale") or "en",
        )
        errors = self._check_portal(portal)
        if errors:
            raise record_invalid(errors)
        portal.id = self.state.next_id("portals")
        self.state.portals[portal.id] = portal
        return portal

    def update_portal(self, slug: str, body: dict[str, Any]) -> Portal:
        """Applied only when the body has portal fields; a failure is v3.1's rescued `{"error": {...}}`.

        A `config` without `allowed_locales` or `default_locale` keeps the current value (v3.1 replaces the
        whole config).
        """
        portal = self.portal(slug)
        self.scope.require_admin()
        if not body:
            return portal
        changes: dict[str, Any] = {key: body[key] for key in ("name", "slug", "color", "header_text", "page_title")
                                   if key in body}
        for key in ("custom_domain", "homepage_link"):
            if key in body:
                changes[key] = _nil_if_blank(body[key])
        if "archived" in body:
            changes["archived"] = bool(body["archived"])
        config = body.get("config") or {}
        if config.get("allowed_locales") is not None:
            changes["allowed_locales"] = list(config["allowed_locales"])
        if config.get("default_locale"):
            changes["default_locale"] = config["default_locale"]
        changed = Portal(**{**vars(portal), **changes})
        errors = self._check_portal(changed)
        if errors:
            raise invalid_record(errors)
        for key, value in changes.items():
            setattr(portal, key, value)
        portal.updated_at = self.scope.ctx.now()
        return portal

    # ---- categories -------------------------------------------------------------------------

    def _portal_category(self, portal: Portal, category_id: Any) -> Category | None:
        key = as_id(category_id)
        category = self.state.categories.get(key) if key is not None else None
        return category if category is not None and category.portal_id == portal.id else None

    def create_category(self, portal_slug: str, body: dict[str, Any]) -> Category:
        """Any member. Model checks (slug, name, locale allowed and unique per slug) come first, as `create!`;
        then the simulator's own: a parent or root category must belong to the portal."""
        portal = self.portal(portal_slug)
        locale = body.get("locale", "en")
        slug, name = body.get("slug"), body.get("name")
        errors: list[tuple[str, str]] = []
        if _blank(slug):
            errors.append(("slug", BLANK))
        if _blank(name):
            errors.append(("name", BLANK))
        if locale not in portal.allowed_locales:
            allowed = json.dumps(portal.allowed_locales, ensure_ascii=False)
            errors.append(("locale", f"{locale or ''} of category is not part of portal's {allowed}."))
        if any(c.portal_id == portal.id and c.slug == slug and c.locale == locale
               for c in self.state.categories.values()):
            errors.append(("locale", "should be unique in the category and portal"))
        if errors:
            raise record_invalid(errors)
        own = [(key, body[key]) for key in ("parent_category_id", "associated_category_id")
               if body.get(key) is not None and self._portal_category(portal, body[key]) is None]
        if own:
            raise invalid_record([(key, NOT_IN_PORTAL) for key, _ in own])
        related = list(dict.fromkeys(c.id for i in body.get("related_category_ids") or []
                                     if (c := self._portal_category(portal, i)) is not None))
        now = self.scope.ctx.now()
        category = Category(
            id=self.state.next_id("categories"), account_id=self.account_id, portal_id=portal.id, name=str(name),
            slug=str(slug), created_at=now, updated_at=now, locale=locale, description=body.get("description"),
            position=body.get("position"), parent_category_id=body.get("parent_category_id"),
            associated_category_id=body.get("associated_category_id"), related_category_ids=related,
        )
        self.state.categories[category.id] = category
        return category

    # ---- articles ---------------------------------------------------------------------------

    def create_article(self, portal_slug: str, body: dict[str, Any]) -> Article:
        """Any member. Always a draft, though a status other than the enum's is refused; title, content and an
        author who is a member of the account are required (`create!`), then the simulator's own check: the
        category must belong to the portal."""
        portal = self.portal(portal_slug)
        status = body.get("status")
        if status not in (None, "") and status not in ARTICLE_STATUSES:  # `create!` assigns it before `draft!`
            raise RecordInvalid([("status", f"'{status}' is not a valid status")])
        author_id, title, content = body.get("author_id"), body.get("title"), body.get("content")
        errors: list[tuple[str, str]] = []
        if author_id is None or self.state.membership(self.account_id, author_id) is None:
            errors.append(("author", "must exist"))
        if author_id is None:
            errors.append(("author_id", BLANK))
        if _blank(title):
            errors.append(("title", BLANK))
        if _blank(content):
            errors.append(("content", BLANK))
        if errors:
            raise record_invalid(errors)
        category_id = body.get("category_id")
        if category_id is not None and self._portal_category(portal, category_id) is None:
            raise invalid_record([("category_id", NOT_IN_PORTAL)])
        now = self.scope.ctx.now()
        position = body.get("position")
        if position is None:  # `add_position_to_article`: 10 after the category's last
            taken = [a.position for a in self.state.articles.values() if a.account_id == self.account_id
                     and a.category_id == category_id and a.position is not None]
            position = max(taken) + 10 if taken else 10
        meta = body.get("meta") if isinstance(body.get("meta"), dict) else {}
        article = Article(
            id=self.state.next_id("articles"), account_id=self.account_id, portal_id=portal.id,
            author_id=int(author_id), title=str(title), content=str(content), created_at=now, updated_at=now,
            slug=body.get("slug") or f"{unix(now)}-{parameterize(str(title))}", status="draft",
            description=body.get("description"), position=position, category_id=category_id,
            meta={key: value for key, value in meta.items() if key in META_KEYS},
        )
        self.state.articles[article.id] = article
        return article
