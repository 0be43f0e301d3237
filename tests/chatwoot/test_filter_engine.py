"""The filter engine on its own: every operator per key kind, AND-before-OR, custom attributes, the 422s."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from simulator.chatwoot.errors import ChatwootError
from simulator.chatwoot.models import Contact, Conversation, CustomAttributeDefinition
from simulator.chatwoot.store.filters import contact_filter, conversation_filter

TODAY = date(2025, 1, 1)
T0 = datetime(2024, 1, 1, tzinfo=UTC)


def at(year: int, month: int, day: int, hour: int = 12, tz: timezone = UTC) -> datetime:
    return datetime(year, month, day, hour, tzinfo=tz)


def definition(key: str, display_type: str, model: str) -> CustomAttributeDefinition:
    return CustomAttributeDefinition(id=0, account_id=1, attribute_display_name=key, attribute_key=key,
                                     attribute_display_type=display_type, attribute_model=model,
                                     created_at=T0, updated_at=T0)


DEFINITIONS = [
    definition("nickname", "text", "contact_attribute"),
    definition("plan", "list", "contact_attribute"),
    definition("website", "link", "contact_attribute"),
    definition("seats", "number", "contact_attribute"),
    definition("renewal", "date", "contact_attribute"),
    definition("vip", "checkbox", "contact_attribute"),
    definition("name", "text", "contact_attribute"),  # shadowed by the standard key
    definition("order_id", "text", "conversation_attribute"),
    definition("amount", "currency", "conversation_attribute"),
    definition("discount", "percent", "conversation_attribute"),
    definition("due", "date", "conversation_attribute"),
    definition("escalated", "checkbox", "conversation_attribute"),
    definition("status", "text", "conversation_attribute"),  # shadowed by the standard key
]

CONTACTS = [
    Contact(id=1, account_id=1, name="Alice Smith", created_at=at(2024, 6, 1), updated_at=T0,
            email="alice@example.com", phone_number="+4915112345", identifier="ALICE-1",
            additional_attributes={"country_code": "DE", "city": "Berlin", "browser_language": "de",
                                   "company_name": "Acme GmbH"},
            custom_attributes={"nickname": "Ally", "plan": "Gold", "website": "https://acme.example", "seats": 10,
                               "renewal": "2025-03-01", "vip": True},
            last_activity_at=at(2024, 12, 30, 23), labels=["VIP", "lead"]),
    # created 2024-12-01 01:00 at +03:00, i.e. 2024-11-30 in UTC
    Contact(id=2, account_id=1, name="Bob Jones", created_at=at(2024, 12, 1, 1, timezone(timedelta(hours=3))),
            updated_at=T0, email="bob@shop.io", phone_number="+14155550100", identifier="bob-2",
            additional_attributes={"country_code": "US", "city": "San Francisco", "browser_language": "en",
                                   "company_name": "Shop Inc"},
            custom_attributes={"plan": "silver", "website": "", "seats": "3", "renewal": "2024-11-15T08:00:00Z",
                               "vip": "false"},
            last_activity_at=at(2024, 12, 31), labels=["customer"]),
    Contact(id=3, account_id=1, name="Carol", created_at=at(2024, 12, 25), updated_at=T0,
            custom_attributes={"name": "Alice Smith"}),
]

CONVERSATIONS = [
    Conversation(id=1, display_id=11, account_id=1, inbox_id=1, contact_id=1, contact_inbox_id=1, uuid="u1",
                 created_at=at(2024, 12, 1), updated_at=T0, last_activity_at=at(2024, 12, 31), status="open",
                 assignee_id=5, team_id=1, labels=["billing", "Urgent"], campaign_id=7,
                 additional_attributes={"browser_language": "de", "conversation_language": "de",
                                        "country_code": "DE", "referer": "https://shop.example.com/Cart",
                                        "mail_subject": "Order Problem"},
                 custom_attributes={"order_id": "ORD-1", "amount": 99.5, "discount": 15, "due": "2025-01-10",
                                    "escalated": True}),
    Conversation(id=2, display_id=12, account_id=1, inbox_id=2, contact_id=2, contact_inbox_id=2, uuid="u2",
                 created_at=at(2024, 6, 1), updated_at=T0, last_activity_at=at(2024, 12, 20), status="resolved",
                 labels=["sales"],
                 additional_attributes={"browser_language": "en", "country_code": "US", "referer": "",
                                        "mail_subject": "hello"},
                 custom_attributes={"order_id": "ord-2", "amount": "10", "due": "2024-12-01", "escalated": "false",
                                    "status": "open"}),
    Conversation(id=3, display_id=13, account_id=1, inbox_id=1, contact_id=3, contact_inbox_id=3, uuid="u3",
                 created_at=at(2024, 12, 28), updated_at=T0, last_activity_at=at(2024, 12, 29), status="pending",
                 assignee_id=6, team_id=2, custom_attributes={"discount": "7.5"}),
    Conversation(id=4, display_id=14, account_id=1, inbox_id=2, contact_id=1, contact_inbox_id=4, uuid="u4",
                 created_at=at(2024, 12, 31, 23), updated_at=T0, last_activity_at=at(2025, 1, 1),
                 status="snoozed", additional_attributes={"country_code": "us"}),
]

CONTACT_KEYS = ("name, phone_number, email, identifier, country_code, city, browser_language, company, labels, "
                "created_at, last_activity_at")
CONVERSATION_KEYS = ("status, assignee_id, contact_id, inbox_id, team_id, display_id, campaign_id, labels, "
                     "browser_language, conversation_language, country_code, referer, mail_subject, created_at, "
                     "last_activity_at")
INVALID_PAYLOAD = ('Invalid payload. Send {"payload": [{"attribute_key": ..., "filter_operator": ..., '
                   '"values": [...], "query_operator": ...}]}')
ID_OPS = "equal_to, not_equal_to, contains, does_not_contain, is_present, is_not_present"


def c(key: str, operator: str, *values: Any) -> dict[str, Any]:
    """One condition; its query_operator is set by `chain`."""
    return {"attribute_key": key, "filter_operator": operator, "values": list(values), "query_operator": None}


def chain(*parts: dict[str, Any] | str) -> list[dict[str, Any]]:
    """Conditions with the query operators between them: chain(A, "OR", B, "AND", C)."""
    conditions: list[dict[str, Any]] = []
    for part in parts:
        if isinstance(part, str):
            conditions[-1] = {**conditions[-1], "query_operator": part}
        else:
            conditions.append(part)
    return conditions


def case(conditions: dict[str, Any] | list[dict[str, Any]], expected: list[int]) -> Any:
    payload = conditions if isinstance(conditions, list) else [conditions]
    label = " ".join(f"{p['attribute_key']} {p['filter_operator']} {p.get('values')} {p.get('query_operator') or ''}"
                     for p in payload)
    return pytest.param(payload, expected, id=label.strip())


def contact_ids(payload: Any) -> list[int]:
    predicate = contact_filter(payload, DEFINITIONS, TODAY)
    return [contact.id for contact in CONTACTS if predicate(contact)]


def conversation_ids(payload: Any) -> list[int]:
    predicate = conversation_filter(payload, DEFINITIONS, TODAY)
    return [conversation.id for conversation in CONVERSATIONS if predicate(conversation)]


CONTACT_CASES = [
    # standard text: case-insensitive, equality against values[0] only; a missing value (SQL NULL)
    # matches no operator, negations included
    case(c("name", "equal_to", "ALICE SMITH"), [1]),
    case(c("name", "equal_to", "alice smith", "bob jones"), [1]),
    case(c("name", "not_equal_to", "alice smith"), [2, 3]),
    case(c("name", "contains", "SMI"), [1]),
    case(c("name", "does_not_contain", "O"), [1]),
    case(c("email", "equal_to", "BOB@SHOP.IO"), [2]),
    case(c("email", "not_equal_to", "bob@shop.io"), [1]),
    case(c("email", "contains", "Example"), [1]),
    case(c("email", "does_not_contain", "example"), [2]),
    case(c("phone_number", "equal_to", "4915112345"), [1]),
    case(c("phone_number", "equal_to", "+4915112345"), []),  # v3.1 prepends "+": "++49…" matches nothing
    case(c("phone_number", "equal_to", 14155550100), [2]),
    case(c("phone_number", "not_equal_to", "14155550100"), [1]),
    case(c("phone_number", "contains", "555"), [2]),
    case(c("phone_number", "does_not_contain", "+49"), [2]),
    case(c("identifier", "equal_to", "alice-1"), [1]),
    case(c("identifier", "not_equal_to", "BOB-2"), [1]),
    # additional attributes, case-insensitive too
    case(c("country_code", "equal_to", "de"), [1]),
    case(c("country_code", "not_equal_to", "DE"), [2]),
    case(c("city", "equal_to", "san francisco"), [2]),
    case(c("city", "not_equal_to", "Berlin"), [2]),
    case(c("city", "contains", "BERL"), [1]),
    case(c("city", "does_not_contain", "berlin"), [2]),
    case(c("browser_language", "equal_to", "EN"), [2]),
    case(c("browser_language", "not_equal_to", "de"), [2]),
    case(c("browser_language", "contains", "E"), [1, 2]),
    case(c("browser_language", "does_not_contain", "d"), [2]),
    case(c("company", "equal_to", "acme gmbh"), [1]),
    case(c("company", "not_equal_to", "Shop Inc"), [1]),
    case(c("company", "contains", "INC"), [2]),
    case(c("company", "does_not_contain", "acme"), [2]),
    # labels: any of the values, case-insensitive
    case(c("labels", "exactly_equal_to", "vip"), [1]),
    case(c("labels", "contains", "CUSTOMER", "lead"), [1, 2]),
    case(c("labels", "contains", "nobody"), []),
    case(c("labels", "does_not_contain", "lead", "customer"), [3]),
    case(c("labels", "does_not_contain", "Lead"), [2, 3]),
    # dates: the UTC date part against values[0]'s date; missing never matches
    case(c("created_at", "is_greater_than", "2024-11-29"), [2, 3]),
    case(c("created_at", "is_greater_than", "2024-11-30"), [3]),
    case(c("created_at", "is_less_than", "2024-12-01T23:00:00Z"), [1, 2]),
    case(c("created_at", "days_before", 31), [1, 2]),
    case(c("created_at", "days_before", "32"), [1]),
    case(c("last_activity_at", "is_greater_than", "2024-12-30"), [2]),
    case(c("last_activity_at", "is_less_than", "2024-12-31"), [1]),
    case(c("last_activity_at", "days_before", "0"), [1, 2]),
    # custom text (text, list, link): case-insensitive, presence ignores ""
    case(c("nickname", "equal_to", "ALLY"), [1]),
    case(c("nickname", "not_equal_to", "ally"), [2, 3]),
    case(c("plan", "equal_to", "gold", "silver"), [1]),
    case(c("plan", "not_equal_to", "GOLD"), [2, 3]),
    case(c("plan", "contains", "ILV"), [2]),
    case(c("plan", "does_not_contain", "gold"), [2]),
    case(c("plan", "is_present"), [1, 2]),
    case(c("plan", "is_not_present"), [3]),
    case(c("website", "is_present"), [1]),
    case(c("website", "is_not_present"), [2, 3]),
    case(c("website", "contains", "ACME"), [1]),
    # custom number
    case(c("seats", "equal_to", "10"), [1]),
    case(c("seats", "equal_to", 3), [2]),
    case(c("seats", "equal_to", "10", "not a number"), [1]),
    case(c("seats", "not_equal_to", 10), [2, 3]),
    case(c("seats", "is_greater_than", "5"), [1]),
    case(c("seats", "is_less_than", 5.5), [2]),
    case(c("seats", "is_present"), [1, 2]),
    case(c("seats", "is_not_present"), [3]),
    # custom date
    case(c("renewal", "equal_to", "2025-03-01"), [1]),
    case(c("renewal", "equal_to", "2024-11-15"), [2]),
    case(c("renewal", "not_equal_to", "2025-03-01"), [2, 3]),
    case(c("renewal", "is_greater_than", "2025-01-01"), [1]),
    case(c("renewal", "is_less_than", "2025-01-01"), [2]),
    case(c("renewal", "days_before", 30), [2]),
    case(c("renewal", "days_before", -60), [1, 2]),
    case(c("renewal", "is_present"), [1, 2]),
    case(c("renewal", "is_not_present"), [3]),
    # custom checkbox
    case(c("vip", "equal_to", True), [1]),
    case(c("vip", "equal_to", "false"), [2]),
    case(c("vip", "not_equal_to", "TRUE"), [2, 3]),
    case(c("vip", "is_present"), [1, 2]),
    case(c("vip", "is_not_present"), [3]),
    # AND binds tighter than OR
    case(chain(c("name", "contains", "alice"), "OR", c("city", "equal_to", "berlin"), "AND",
               c("labels", "contains", "customer")), [1]),
    case(chain(c("labels", "contains", "customer"), "or", c("name", "equal_to", "carol"), "and",
               c("plan", "is_not_present")), [2, 3]),
    case(chain(c("name", "contains", "o"), "AND", c("email", "does_not_contain", "shop"), "OR",
               c("vip", "equal_to", "true")), [1]),
    case(chain(c("name", "contains", "a"), "And", c("seats", "is_greater_than", 1)), [1]),
]


@pytest.mark.parametrize(("payload", "expected"), CONTACT_CASES)
def test_contact_filter__matches(payload: list[dict[str, Any]], expected: list[int]) -> None:
    assert contact_ids(payload) == expected


CONVERSATION_CASES = [
    # status: values are names; "all" is every status
    case(c("status", "equal_to", "open"), [1]),
    case(c("status", "equal_to", "open", "pending"), [1, 3]),
    case(c("status", "not_equal_to", "open", "resolved"), [3, 4]),
    case(c("status", "equal_to", "all"), [1, 2, 3, 4]),
    case(c("status", "equal_to", "resolved", "all"), [1, 2, 3, 4]),
    case(c("status", "not_equal_to", "all"), []),
    # integer keys: compared as strings against every value; substring on str(value)
    case(c("assignee_id", "equal_to", 5, "6"), [1, 3]),
    case(c("assignee_id", "not_equal_to", 5), [3]),
    case(c("assignee_id", "contains", "6"), [3]),
    case(c("assignee_id", "does_not_contain", 5), [3]),
    case(c("assignee_id", "is_present"), [1, 3]),
    case(c("assignee_id", "is_not_present"), [2, 4]),
    case(c("contact_id", "equal_to", 1), [1, 4]),
    case(c("contact_id", "does_not_contain", "2"), [1, 3, 4]),
    case(c("inbox_id", "not_equal_to", "1"), [2, 4]),
    case(c("inbox_id", "contains", 2), [2, 4]),
    case(c("team_id", "is_present"), [1, 3]),
    case(c("team_id", "is_not_present"), [2, 4]),
    case(c("display_id", "equal_to", "12", 13), [2, 3]),
    case(c("display_id", "contains", "4"), [4]),
    case(c("campaign_id", "equal_to", 7), [1]),
    case(c("campaign_id", "is_not_present"), [2, 3, 4]),
    # labels
    case(c("labels", "exactly_equal_to", "urgent"), [1]),
    case(c("labels", "contains", "SALES", "billing"), [1, 2]),
    case(c("labels", "does_not_contain", "sales"), [1, 3, 4]),
    # additional attributes: equality as stored; contains lowers only the needle
    case(c("browser_language", "equal_to", "de", "fr"), [1]),
    case(c("browser_language", "equal_to", "DE"), []),
    case(c("browser_language", "not_equal_to", "de"), [2]),
    case(c("browser_language", "contains", "E"), [1, 2]),
    case(c("browser_language", "does_not_contain", "en"), [1]),
    case(c("conversation_language", "equal_to", "de"), [1]),
    case(c("conversation_language", "not_equal_to", "de"), []),
    case(c("country_code", "equal_to", "US"), [2]),
    case(c("country_code", "not_equal_to", "US", "DE"), [4]),
    case(c("country_code", "contains", "US"), [4]),
    case(c("country_code", "does_not_contain", "us"), [1, 2]),
    case(c("country_code", "is_present"), [1, 2, 4]),
    case(c("country_code", "present"), [1, 2, 4]),
    case(c("country_code", "is_not_present"), [3]),
    case(c("referer", "equal_to", "https://shop.example.com/Cart"), [1]),
    case(c("referer", "not_equal_to", "https://shop.example.com/Cart"), [2]),
    case(c("referer", "contains", "SHOP"), [1]),
    case(c("referer", "contains", "cart"), []),
    case(c("referer", "does_not_contain", "shop"), [2]),
    case(c("referer", "is_present"), [1]),
    case(c("referer", "present"), [1]),
    case(c("referer", "is_not_present"), [2, 3, 4]),
    case(c("mail_subject", "equal_to", "hello", "Order Problem"), [1, 2]),
    case(c("mail_subject", "not_equal_to", "hello"), [1]),
    case(c("mail_subject", "contains", "PROBLEM"), []),
    case(c("mail_subject", "contains", "ELL"), [2]),
    case(c("mail_subject", "does_not_contain", "hello"), [1]),
    # dates
    case(c("created_at", "is_greater_than", "2024-11-30"), [1, 3, 4]),
    case(c("created_at", "is_less_than", "2024-12-28"), [1, 2]),
    case(c("created_at", "days_before", 3), [1, 2, 3]),
    case(c("last_activity_at", "is_greater_than", "2024-12-30T00:00:00+00:00"), [1, 4]),
    case(c("last_activity_at", "is_less_than", "2024-12-29"), [2]),
    case(c("last_activity_at", "days_before", "10"), [2]),
    # custom text: lower-cased both sides, any value
    case(c("order_id", "equal_to", "ord-1", "ORD-2"), [1, 2]),
    case(c("order_id", "not_equal_to", "ord-1"), [2, 3, 4]),
    case(c("order_id", "contains", "ORD"), [1, 2]),
    case(c("order_id", "does_not_contain", "1"), [2]),
    case(c("order_id", "is_present"), [1, 2]),
    case(c("order_id", "is_not_present"), [3, 4]),
    # custom numbers (currency, percent)
    case(c("amount", "equal_to", "10", 99.5), [1, 2]),
    case(c("amount", "not_equal_to", 10), [1, 3, 4]),
    case(c("amount", "is_greater_than", "50"), [1]),
    case(c("amount", "is_less_than", 50), [2]),
    case(c("amount", "is_present"), [1, 2]),
    case(c("amount", "is_not_present"), [3, 4]),
    case(c("discount", "is_greater_than", "10"), [1]),
    case(c("discount", "is_less_than", "10"), [3]),
    case(c("discount", "equal_to", 7.5), [3]),
    # custom date
    case(c("due", "equal_to", "2025-01-10", "2024-12-01"), [1, 2]),
    case(c("due", "not_equal_to", "2024-12-01"), [1, 3, 4]),
    case(c("due", "is_greater_than", "2025-01-01"), [1]),
    case(c("due", "is_less_than", "2025-01-01"), [2]),
    case(c("due", "days_before", 0), [2]),
    case(c("due", "is_present"), [1, 2]),
    case(c("due", "is_not_present"), [3, 4]),
    # custom checkbox
    case(c("escalated", "equal_to", True), [1]),
    case(c("escalated", "equal_to", "False"), [2]),
    case(c("escalated", "equal_to", "true", False), [1, 2]),
    case(c("escalated", "not_equal_to", True), [2, 3, 4]),
    case(c("escalated", "is_present"), [1, 2]),
    case(c("escalated", "is_not_present"), [3, 4]),
    # a standard key wins over the custom attribute "status" (conversation 2 has custom status "open")
    case(c("status", "equal_to", "open"), [1]),
    # AND binds tighter than OR: left-to-right evaluation would give a different answer in each of these
    case(chain(c("status", "equal_to", "open"), "OR", c("status", "equal_to", "resolved"), "AND",
               c("labels", "contains", "sales")), [1, 2]),
    case(chain(c("status", "equal_to", "open"), "AND", c("assignee_id", "equal_to", 5), "OR",
               c("status", "equal_to", "pending"), "AND", c("team_id", "equal_to", 2)), [1, 3]),
    case(chain(c("inbox_id", "equal_to", 2), "or", c("assignee_id", "equal_to", 6), "and",
               c("team_id", "equal_to", 1), "Or", c("labels", "contains", "urgent")), [1, 2, 4]),
    # the same answer either way
    case(chain(c("status", "equal_to", "open"), "OR", c("status", "equal_to", "resolved"), "AND",
               c("labels", "contains", "billing")), [1]),
    case(chain(c("inbox_id", "equal_to", 1), "AND", c("assignee_id", "equal_to", 6), "OR",
               c("status", "equal_to", "snoozed")), [3, 4]),
    case(chain(c("inbox_id", "equal_to", 1), "AND", c("status", "not_equal_to", "pending")), [1]),
]


@pytest.mark.parametrize(("payload", "expected"), CONVERSATION_CASES)
def test_conversation_filter__matches(payload: list[dict[str, Any]], expected: list[int]) -> None:
    assert conversation_ids(payload) == expected


def test_values__a_scalar_is_one_value_and_presence_needs_none() -> None:
    assert contact_ids([{"attribute_key": "name", "filter_operator": "equal_to", "values": "alice smith"}]) == [1]
    assert conversation_ids([{"attribute_key": "display_id", "filter_operator": "equal_to", "values": 14}]) == [4]
    assert contact_ids([{"attribute_key": "seats", "filter_operator": "is_present"}]) == [1, 2]
    assert conversation_ids([{"attribute_key": "team_id", "filter_operator": "is_not_present", "values": None,
                              "query_operator": ""}]) == [2, 4]


def test_definitions__only_the_filter_kinds_model_and_the_payload_type_hint_is_ignored() -> None:
    condition = {"attribute_key": "plan", "filter_operator": "equal_to", "values": ["gold"],
                 "custom_attribute_type": "conversation_attribute"}
    assert contact_ids([condition]) == [1]
    with pytest.raises(ChatwootError):
        conversation_filter([condition], DEFINITIONS, TODAY)
    with pytest.raises(ChatwootError):
        contact_filter([condition], [], TODAY)


def test_predicate__odd_stored_values_never_raise() -> None:
    odd = Contact(id=9, account_id=1, name="Odd", created_at=at(2024, 1, 1), updated_at=T0,
                  additional_attributes=None,  # type: ignore[arg-type]
                  custom_attributes={"seats": [1, 2], "renewal": "soon", "vip": "maybe", "plan": 42},
                  labels=None)  # type: ignore[arg-type]
    assert contact_filter([c("seats", "is_greater_than", 1)], DEFINITIONS, TODAY)(odd) is False
    assert contact_filter([c("seats", "not_equal_to", 1)], DEFINITIONS, TODAY)(odd) is True
    assert contact_filter([c("renewal", "days_before", 1)], DEFINITIONS, TODAY)(odd) is False
    assert contact_filter([c("vip", "not_equal_to", True)], DEFINITIONS, TODAY)(odd) is True
    assert contact_filter([c("plan", "contains", "4")], DEFINITIONS, TODAY)(odd) is True
    assert contact_filter([c("city", "does_not_contain", "x")], DEFINITIONS, TODAY)(odd) is False  # no city: NULL
    assert contact_filter([c("labels", "contains", "x")], DEFINITIONS, TODAY)(odd) is False
    assert contact_filter([c("last_activity_at", "is_less_than", "2030-01-01")], DEFINITIONS, TODAY)(odd) is False


def unknown_key(key: str, keys: str) -> str:
    return (f"Invalid attribute key - [{key}]. The key should be one of [{keys}] "
            "or a custom attribute defined in the account.")


def invalid_operator(key: str, operators: str) -> str:
    return f"Invalid operator. The allowed operators for {key} are [{operators}]."


def invalid_value(key: str) -> str:
    return f"Invalid value. The values provided for {key} are invalid"


QUERY_OPERATOR = 'Query operator must be either "AND" or "OR".'
LAST_QUERY_OPERATOR = "Query operator of the last condition must be empty."
NAME = c("name", "contains", "a")
STATUS = c("status", "equal_to", "open")

CONTACT_ERRORS = [
    (None, INVALID_PAYLOAD),
    ({"attribute_key": "name"}, INVALID_PAYLOAD),
    ([], INVALID_PAYLOAD),
    ("name", INVALID_PAYLOAD),
    ([NAME, "name"], INVALID_PAYLOAD),
    (chain(NAME, "XOR", NAME), QUERY_OPERATOR),
    ([NAME, NAME], QUERY_OPERATOR),
    (chain(NAME, "", NAME), QUERY_OPERATOR),
    (chain(NAME, "AND"), LAST_QUERY_OPERATOR),
    (chain(NAME, "OR", NAME, "and"), LAST_QUERY_OPERATOR),
    (chain(NAME, "AND", NAME, "XOR"), LAST_QUERY_OPERATOR),
    ([c("nope", "equal_to", "x")], unknown_key("nope", CONTACT_KEYS)),
    ([c("order_id", "equal_to", "x")], unknown_key("order_id", CONTACT_KEYS)),
    ([c("company_name", "equal_to", "x")], unknown_key("company_name", CONTACT_KEYS)),
    ([{"filter_operator": "equal_to", "values": ["x"]}], unknown_key("", CONTACT_KEYS)),
    ([c("identifier", "contains", "x")], invalid_operator("identifier", "equal_to, not_equal_to")),
    ([c("country_code", "contains", "x")], invalid_operator("country_code", "equal_to, not_equal_to")),
    ([c("country_code", "present")], invalid_operator("country_code", "equal_to, not_equal_to")),
    ([c("name", "is_present")], invalid_operator("name", "equal_to, not_equal_to, contains, does_not_contain")),
    ([c("phone_number", "starts_with", "+49")],
     invalid_operator("phone_number", "equal_to, not_equal_to, contains, does_not_contain")),
    ([c("labels", "equal_to", "vip")], invalid_operator("labels", "exactly_equal_to, contains, does_not_contain")),
    ([c("created_at", "equal_to", "2024-01-01")],
     invalid_operator("created_at", "is_greater_than, is_less_than, days_before")),
    ([c("plan", "is_greater_than", "a")], invalid_operator("plan", ID_OPS)),
    ([c("seats", "contains", "1")], invalid_operator(
        "seats", "equal_to, not_equal_to, is_greater_than, is_less_than, is_present, is_not_present")),
    ([c("renewal", "contains", "1")], invalid_operator(
        "renewal", "equal_to, not_equal_to, is_greater_than, is_less_than, days_before, is_present, is_not_present")),
    ([c("vip", "is_greater_than", "1")], invalid_operator("vip", "equal_to, not_equal_to, is_present, is_not_present")),
    ([{"attribute_key": "vip", "values": [True]}],
     invalid_operator("vip", "equal_to, not_equal_to, is_present, is_not_present")),
    ([c("name", "equal_to")], invalid_value("name")),
    ([{"attribute_key": "name", "filter_operator": "equal_to"}], invalid_value("name")),
    ([{"attribute_key": "name", "filter_operator": "contains", "values": None}], invalid_value("name")),
    ([{"attribute_key": "name", "filter_operator": "contains", "values": ""}], invalid_value("name")),
    ([c("labels", "contains")], invalid_value("labels")),
    ([c("created_at", "days_before")], invalid_value("created_at")),
    ([c("created_at", "is_greater_than", "yesterday")], invalid_value("created_at")),
    ([c("created_at", "is_less_than", 20240101)], invalid_value("created_at")),
    ([c("created_at", "days_before", "ten")], invalid_value("created_at")),
    ([c("created_at", "days_before", 1.5)], invalid_value("created_at")),
    ([c("created_at", "days_before", True)], invalid_value("created_at")),
    ([c("seats", "equal_to", "many")], invalid_value("seats")),
    ([c("seats", "is_less_than", "inf")], invalid_value("seats")),
    ([c("renewal", "equal_to", "2025-13-01")], invalid_value("renewal")),
    ([c("vip", "equal_to", "yes")], invalid_value("vip")),
]


@pytest.mark.parametrize(("payload", "message"), CONTACT_ERRORS)
def test_contact_filter__422(payload: Any, message: str) -> None:
    with pytest.raises(ChatwootError) as raised:
        contact_filter(payload, DEFINITIONS, TODAY)
    assert (raised.value.status, raised.value.message) == (422, message)


CONVERSATION_ERRORS = [
    ([{}], unknown_key("", CONVERSATION_KEYS)),
    ([STATUS, 3], INVALID_PAYLOAD),
    (chain(STATUS, "NOT", STATUS), QUERY_OPERATOR),
    ([STATUS | {"query_operator": 1}, STATUS], QUERY_OPERATOR),
    (chain(STATUS, "OR"), LAST_QUERY_OPERATOR),
    ([c("plan", "equal_to", "gold")], unknown_key("plan", CONVERSATION_KEYS)),
    ([c("priority", "equal_to", "high")], unknown_key("priority", CONVERSATION_KEYS)),
    ([{"attribute_key": ["status"], "filter_operator": "equal_to", "values": ["open"]}],
     unknown_key("['status']", CONVERSATION_KEYS)),
    ([c("status", "contains", "open")], invalid_operator("status", "equal_to, not_equal_to")),
    ([c("status", "is_present")], invalid_operator("status", "equal_to, not_equal_to")),
    ([c("assignee_id", "is_greater_than", 1)], invalid_operator("assignee_id", ID_OPS)),
    ([c("country_code", "starts_with", "D")], invalid_operator("country_code", ID_OPS)),
    ([c("browser_language", "present")],
     invalid_operator("browser_language", "equal_to, not_equal_to, contains, does_not_contain")),
    ([c("conversation_language", "contains", "d")],
     invalid_operator("conversation_language", "equal_to, not_equal_to")),
    ([c("mail_subject", "is_not_present")],
     invalid_operator("mail_subject", "equal_to, not_equal_to, contains, does_not_contain")),
    ([c("labels", "is_present")], invalid_operator("labels", "exactly_equal_to, contains, does_not_contain")),
    ([c("last_activity_at", "equal_to", "2024-01-01")],
     invalid_operator("last_activity_at", "is_greater_than, is_less_than, days_before")),
    ([c("escalated", "contains", "t")],
     invalid_operator("escalated", "equal_to, not_equal_to, is_present, is_not_present")),
    ([{"attribute_key": "status", "filter_operator": ["equal_to"], "values": ["open"]}],
     invalid_operator("status", "equal_to, not_equal_to")),
    ([c("status", "equal_to")], invalid_value("status")),
    ([c("assignee_id", "contains")], invalid_value("assignee_id")),
    ([c("amount", "equal_to", "10", "x")], invalid_value("amount")),
    ([c("amount", "is_greater_than", True)], invalid_value("amount")),
    ([c("due", "is_less_than", "01/01/2025")], invalid_value("due")),
    ([c("due", "days_before", "3 days")], invalid_value("due")),
    ([c("escalated", "equal_to", True, "no")], invalid_value("escalated")),
    ([c("last_activity_at", "days_before", None)], invalid_value("last_activity_at")),
]


@pytest.mark.parametrize(("payload", "message"), CONVERSATION_ERRORS)
def test_conversation_filter__422(payload: Any, message: str) -> None:
    with pytest.raises(ChatwootError) as raised:
        conversation_filter(payload, DEFINITIONS, TODAY)
    assert (raised.value.status, raised.value.message) == (422, message)


def test_validation__happens_when_called_not_when_matching() -> None:
    with pytest.raises(ChatwootError):
        conversation_filter([c("status", "equal_to", "open"), c("status", "equal_to", "open")], [], TODAY)
    predicate = conversation_filter([c("status", "equal_to", "open")], [], TODAY)
    assert [predicate(conversation) for conversation in CONVERSATIONS] == [True, False, False, False]


@pytest.mark.parametrize("days", [800000, -3000000, 1e300, "99999999999"])
def test_days_before__a_number_of_days_outside_the_calendar_is_invalid(days: Any) -> None:
    for build, key in ((contact_filter, "created_at"), (conversation_filter, "last_activity_at"),
                       (contact_filter, "renewal")):
        with pytest.raises(ChatwootError) as raised:
            build([c(key, "days_before", days)], DEFINITIONS, TODAY)
        assert (raised.value.status, raised.value.message) == (422, invalid_value(key))
