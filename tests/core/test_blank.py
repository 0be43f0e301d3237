"""email_or_blank and url_or_blank: "" for none, otherwise the inner field's value and errors."""

from __future__ import annotations

import pytest
from marshmallow import Schema, ValidationError

from simulator.core.blank import BLANK, email_or_blank, url_or_blank


class Contact(Schema):
    email = email_or_blank(load_default="")
    site = url_or_blank(allow_none=True)


def test_blank__empty_is_none_given() -> None:
    assert Contact().load({"email": "", "site": ""}) == {"email": "", "site": ""}
    assert Contact().load({"site": None}) == {"email": "", "site": None}


def test_blank__other_values_are_the_inner_field_s() -> None:
    assert Contact().load({"email": "jane@example.com", "site": "http://localhost:9/shop"}) == {
        "email": "jane@example.com", "site": "http://localhost:9/shop"}


@pytest.mark.parametrize(("body", "message"), [({"email": "jane"}, "Not a valid email address."),
                                               ({"site": "ftp://example.com"}, "Not a valid URL."),
                                               ({"email": 7}, "Not a valid email address.")])
def test_blank__refuses_what_the_inner_field_refuses(body: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError) as refused:
        Contact().load(body)

    assert next(iter(refused.value.messages.values())) == [message]


def test_blank__documents_both_alternatives() -> None:
    assert Contact().declared_fields["email"].metadata["anyOf"] == [{"type": "string", "format": "email"}, BLANK]
    assert Contact().declared_fields["site"].metadata["anyOf"][0] == {"type": "string", "format": "uri"}
