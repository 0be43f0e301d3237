"""Fields that take an email address or a URL, or "" for none, and document both."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow import fields

BLANK = {"type": "string", "enum": [""]}


class BlankOr(fields.Field):
    """`inner`'s value, or "" (for none): documented as `anyOf` the two, so "" is a valid default and answer."""

    def __init__(self, inner: fields.Field, documented: Mapping[str, Any], **kwargs: Any) -> None:
        self.inner = inner
        metadata = {**kwargs.pop("metadata", {}), "anyOf": [dict(documented), dict(BLANK)]}
        super().__init__(metadata=metadata, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any) -> Any:
        if value == "":
            return ""
        return self.inner.deserialize(value, attr, data, **kwargs)


def email_or_blank(**kwargs: Any) -> BlankOr:
    return BlankOr(fields.Email(), {"type": "string", "format": "email"}, **kwargs)


def url_or_blank(**kwargs: Any) -> BlankOr:
    """An http(s) URL (a host without a top-level domain, such as localhost, is fine), or ""."""
    return BlankOr(fields.Url(require_tld=False, schemes={"http", "https"}), {"type": "string", "format": "uri"},
                   **kwargs)
