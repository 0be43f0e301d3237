"""Wire schemas of the help center: portals, categories and articles (write bodies Rails-wrapped)."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate

from simulator.chatwoot.models import ARTICLE_STATUSES
from simulator.chatwoot.schemas.agents import AgentSchema
from simulator.chatwoot.schemas.base import RailsBody, RailsEnum

POSITION = validate.Range(-(2**31), 2**31 - 1)  # an integer column


class PortalConfigWriteSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    allowed_locales = fields.List(fields.String(), allow_none=True)
    default_locale = fields.String(allow_none=True)


class PortalWriteSchema(RailsBody):
    WRAP_KEY = "portal"
    name = fields.String(allow_none=True)
    slug = fields.String(allow_none=True, metadata={"description": "Unique across all accounts"})
    color = fields.String(allow_none=True)
    custom_domain = fields.String(allow_none=True, metadata={"description": "On create, an http(s) URL keeps only "
                                                                            "its host"})
    header_text = fields.String(allow_none=True)
    homepage_link = fields.String(allow_none=True)
    page_title = fields.String(allow_none=True)
    archived = fields.Boolean(allow_none=True)
    config = fields.Nested(PortalConfigWriteSchema, allow_none=True,
                           metadata={"description": "allowed_locales (default [\"en\"]) and default_locale "
                                                    "(default en)"})


class PortalQuery(Schema):
    page = fields.String(metadata={"description": "Accepted and echoed in `meta.current_page`; every portal is "
                                                  "listed"})


class PortalLocaleSchema(Schema):
    code = fields.String(required=True)
    articles_count = fields.Integer(required=True)
    categories_count = fields.Integer(required=True)


class PortalConfigSchema(Schema):
    allowed_locales = fields.List(fields.Nested(PortalLocaleSchema), required=True)
    default_locale = fields.String(required=True)


class PortalMetaSchema(Schema):
    all_articles_count = fields.Integer(required=True)
    archived_articles_count = fields.Integer(required=True)
    published_count = fields.Integer(required=True)
    draft_articles_count = fields.Integer(required=True)
    categories_count = fields.Integer(required=True)
    default_locale = fields.String(required=True)


class PortalSchema(Schema):
    id = fields.Integer(required=True)
    color = fields.String(allow_none=True)
    custom_domain = fields.String(allow_none=True)
    header_text = fields.String(allow_none=True)
    homepage_link = fields.String(allow_none=True)
    name = fields.String(required=True)
    page_title = fields.String(allow_none=True)
    slug = fields.String(required=True)
    archived = fields.Boolean(required=True)
    account_id = fields.Integer(required=True)
    config = fields.Nested(PortalConfigSchema, required=True)
    portal_members = fields.List(fields.Nested(AgentSchema), required=True)
    meta = fields.Nested(PortalMetaSchema, required=True)


class PortalListMetaSchema(Schema):
    current_page = fields.Raw(required=True, metadata={"description": "The `page` parameter as sent (a string), "
                                                                      "or 1 without one"})
    portals_count = fields.Integer(required=True)


class PortalListSchema(Schema):
    payload = fields.List(fields.Nested(PortalSchema), required=True)
    meta = fields.Nested(PortalListMetaSchema, required=True)


class CategoryWriteSchema(RailsBody):
    WRAP_KEY = "category"
    name = fields.String(allow_none=True)
    slug = fields.String(allow_none=True, metadata={"description": "Unique per locale in the portal"})
    locale = fields.String(allow_none=True, metadata={"description": "One of the portal's allowed locales "
                                                                     "(default en)"})
    description = fields.String(allow_none=True)
    position = fields.Integer(allow_none=True, validate=POSITION)
    parent_category_id = fields.Integer(allow_none=True)
    associated_category_id = fields.Integer(allow_none=True, metadata={"description": "The root category (the "
                                                                                     "same category in another "
                                                                                     "locale)"})
    related_category_ids = fields.List(fields.Integer(), allow_none=True,
                                       metadata={"description": "Ids outside the portal are ignored"})


class AssociatedCategorySchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    slug = fields.String(required=True)
    locale = fields.String(allow_none=True)
    description = fields.String(allow_none=True)
    position = fields.Integer(allow_none=True, validate=POSITION)
    account_id = fields.Integer(required=True)


class CategoryMetaSchema(Schema):
    articles_count = fields.Integer(required=True)


class CategorySchema(AssociatedCategorySchema):
    related_categories = fields.List(fields.Nested(AssociatedCategorySchema), required=True)
    parent_category = fields.Nested(AssociatedCategorySchema, metadata={"description": "Only when it has one"})
    root_category = fields.Nested(AssociatedCategorySchema, metadata={"description": "Only when it has one"})
    meta = fields.Nested(CategoryMetaSchema, required=True)


class CategoryPayloadSchema(Schema):
    payload = fields.Nested(CategorySchema, required=True)


class ArticleWriteSchema(RailsBody):
    WRAP_KEY = "article"
    title = fields.String(allow_none=True)
    content = fields.String(allow_none=True)
    author_id = fields.Integer(allow_none=True, metadata={"description": "A user of the account (required)"})
    slug = fields.String(allow_none=True, metadata={"description": "Default: `<unix time>-<parameterized title>`"})
    description = fields.String(allow_none=True)
    position = fields.Integer(allow_none=True, validate=POSITION,
                              metadata={"description": "Default: 10 after the category's last"})
    category_id = fields.Integer(allow_none=True, metadata={"description": "A category of the portal"})
    status = RailsEnum(ARTICLE_STATUSES, allow_none=True, note="Checked, then ignored: a new article is always "
                                                                "a draft")
    meta = fields.Dict(allow_none=True, metadata={"description": "title, description and tags"})


class ArticleCategorySchema(Schema):
    id = fields.Integer(allow_none=True)
    name = fields.String(allow_none=True)
    slug = fields.String(allow_none=True)
    locale = fields.String(allow_none=True)


class ArticleSchema(Schema):
    id = fields.Integer(required=True)
    slug = fields.String(required=True)
    title = fields.String(required=True)
    content = fields.String(required=True)
    description = fields.String(allow_none=True)
    status = fields.String(required=True, metadata={"description": "draft, published or archived"})
    position = fields.Integer(allow_none=True, validate=POSITION)
    account_id = fields.Integer(required=True)
    updated_at = fields.Integer(required=True)
    meta = fields.Dict(required=True)
    category = fields.Nested(ArticleCategorySchema, required=True,
                             metadata={"description": "Every field null when the article has no category"})
    views = fields.Integer(allow_none=True)
    author = fields.Nested(AgentSchema, metadata={"description": "While the author is a member of the account"})


class ArticlePayloadSchema(Schema):
    payload = fields.Nested(ArticleSchema, required=True)
