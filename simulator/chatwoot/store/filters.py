"""The contacts/filter and conversations/filter engine: validate a payload once, then match records (v3.1)."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from simulator.chatwoot.errors import ChatwootError
from simulator.chatwoot.models import CONVERSATION_STATUSES, Contact, Conversation, CustomAttributeDefinition

Predicate = Callable[[Any], bool]

INVALID_PAYLOAD = ('Invalid payload. Send {"payload": [{"attribute_key": ..., "filter_operator": ..., '
                   '"values": [...], "query_operator": ...}]}')
QUERY_OPERATOR = 'Query operator must be either "AND" or "OR".'
LAST_QUERY_OPERATOR = "Query operator of the last condition must be empty."

EQUALITY = ("equal_to", "not_equal_to")
CONTAINS = ("contains", "does_not_contain")
PRESENCE = ("is_present", "is_not_present")
ORDERING = ("is_greater_than", "is_less_than")
TEXT_OPS = EQUALITY + CONTAINS
ID_OPS = TEXT_OPS + PRESENCE
LABEL_OPS = ("exactly_equal_to", *CONTAINS)
DATE_OPS = (*ORDERING, "days_before")
OPERATOR_ALIASES = {"present": "is_present"}  # v3.1's filter_keys.json spells is_present "present" twice

CUSTOM_KINDS = {"text": "text", "link": "text", "list": "text", "number": "number", "currency": "number",
                "percent": "number", "date": "date", "checkbox": "boolean"}
CUSTOM_OPS = {
    "text": ID_OPS,
    "number": EQUALITY + ORDERING + PRESENCE,
    "date": EQUALITY + DATE_OPS + PRESENCE,
    "boolean": EQUALITY + PRESENCE,
}


@dataclass(frozen=True)
class Field:
    """One filterable attribute: how to read it from a record, its value kind and its allowed operators."""

    read: Callable[[Any], Any]
    kind: str  # text, status, labels, date, number or boolean
    operators: tuple[str, ...]
    fold: bool = True  # lower-case the record's text too (a case-insensitive comparison)
    phone: bool = False  # equal_to / not_equal_to prepend "+" to values[0] (v3.1: even to "+31…")
    aliases: tuple[str, ...] = ()  # extra operator names accepted (not listed in the error message)
    custom: bool = False  # a custom attribute: not_equal_to also matches a missing value (SQL NULLs never do)


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _attribute(name: str) -> Callable[[Any], Any]:
    return lambda record: getattr(record, name, None)


def _additional(name: str) -> Callable[[Any], Any]:
    return lambda record: _mapping(getattr(record, "additional_attributes", None)).get(name)


def _custom(name: str) -> Callable[[Any], Any]:
    return lambda record: _mapping(getattr(record, "custom_attributes", None)).get(name)


def _conversation_fields() -> dict[str, Field]:
    fields = {"status": Field(_attribute("status"), "status", EQUALITY, fold=False)}
    for key in ("assignee_id", "contact_id", "inbox_id", "team_id", "display_id", "campaign_id"):
        fields[key] = Field(_attribute(key), "text", ID_OPS, fold=False)
    fields["labels"] = Field(_attribute("labels"), "labels", LABEL_OPS)
    fields["browser_language"] = Field(_additional("browser_language"), "text", TEXT_OPS, fold=False)
    fields["conversation_language"] = Field(_additional("conversation_language"), "text", EQUALITY, fold=False)
    for key in ("country_code", "referer"):
        fields[key] = Field(_additional(key), "text", ID_OPS, fold=False, aliases=("present",))
    fields["mail_subject"] = Field(_additional("mail_subject"), "text", TEXT_OPS, fold=False)
    for key in ("created_at", "last_activity_at"):
        fields[key] = Field(_attribute(key), "date", DATE_OPS)
    return fields


def _contact_fields() -> dict[str, Field]:
    fields = {key: Field(_attribute(key), "text", TEXT_OPS, phone=key == "phone_number")
              for key in ("name", "phone_number", "email")}
    fields["identifier"] = Field(_attribute("identifier"), "text", EQUALITY)
    fields["country_code"] = Field(_additional("country_code"), "text", EQUALITY)
    for key in ("city", "browser_language"):
        fields[key] = Field(_additional(key), "text", TEXT_OPS)
    fields["company"] = Field(_additional("company_name"), "text", TEXT_OPS)  # the key the contact form stores
    fields["labels"] = Field(_attribute("labels"), "labels", LABEL_OPS)
    for key in ("created_at", "last_activity_at"):
        fields[key] = Field(_attribute(key), "date", DATE_OPS)
    return fields


CONVERSATION_FIELDS = _conversation_fields()
CONTACT_FIELDS = _contact_fields()


# ---- public API -------------------------------------------------------------------------------


def contact_filter(payload: Any, definitions: Iterable[CustomAttributeDefinition],
                   today: date) -> Callable[[Contact], bool]:
    """Validates `payload` (ChatwootError 422) and returns a predicate over contacts."""
    customs = _custom_fields(definitions, "contact_attribute")
    return _build(payload, CONTACT_FIELDS, customs, today, first_value_only=True)


def conversation_filter(payload: Any, definitions: Iterable[CustomAttributeDefinition],
                        today: date) -> Callable[[Conversation], bool]:
    """Validates `payload` (ChatwootError 422) and returns a predicate over conversations."""
    customs = _custom_fields(definitions, "conversation_attribute")
    return _build(payload, CONVERSATION_FIELDS, customs, today, first_value_only=False)


# ---- validation and compilation ---------------------------------------------------------------


def _custom_fields(definitions: Iterable[CustomAttributeDefinition], model: str) -> dict[str, Field]:
    fields: dict[str, Field] = {}
    for definition in definitions:
        if definition.attribute_model != model or definition.attribute_key in fields:
            continue
        kind = CUSTOM_KINDS.get(definition.attribute_display_type, "text")
        fields[definition.attribute_key] = Field(_custom(definition.attribute_key), kind, CUSTOM_OPS[kind],
                                                 custom=True)
    return fields


def _build(payload: Any, standard: dict[str, Field], customs: dict[str, Field], today: date,
           *, first_value_only: bool) -> Predicate:
    if not isinstance(payload, list) or not payload or not all(isinstance(c, dict) for c in payload):
        raise ChatwootError(INVALID_PAYLOAD)
    joiners = _query_operators(payload)
    groups: list[list[Predicate]] = [[]]
    for condition, joiner in zip(payload, joiners, strict=True):
        groups[-1].append(_condition(condition, standard, customs, today, first_value_only))
        if joiner == "OR":  # AND binds tighter than OR: an OR of AND-groups, as in the server's SQL
            groups.append([])
    frozen = tuple(tuple(group) for group in groups)
    return lambda record: any(all(test(record) for test in group) for group in frozen)


def _query_operators(payload: list[dict[str, Any]]) -> list[str]:
    """Each condition's upper-cased query_operator; the last one must be empty (a simulator choice)."""
    joiners = []
    for index, condition in enumerate(payload):
        raw = condition.get("query_operator")
        empty = raw is None or raw == ""
        if index == len(payload) - 1:
            if not empty:
                raise ChatwootError(LAST_QUERY_OPERATOR)
            joiners.append("")
            continue
        joiner = raw.upper() if isinstance(raw, str) else ""
        if joiner not in ("AND", "OR"):
            raise ChatwootError(QUERY_OPERATOR)
        joiners.append(joiner)
    return joiners


def _condition(condition: dict[str, Any], standard: dict[str, Field], customs: dict[str, Field], today: date,
               first_value_only: bool) -> Predicate:
    key = condition.get("attribute_key")
    field = _field(key, standard, customs)
    operator = _operator(condition.get("filter_operator"), key, field)
    values = _values(condition.get("values"), operator, key)
    test = _test(field, operator, values, key, today, first_value_only)
    read = field.read
    return lambda record: test(read(record))


def _field(key: Any, standard: dict[str, Field], customs: dict[str, Field]) -> Field:
    """A standard key always wins over a custom attribute of the same name."""
    found = (standard.get(key) or customs.get(key)) if isinstance(key, str) else None
    if found is None:
        raise ChatwootError(f"Invalid attribute key - [{'' if key is None else key}]. The key should be one of "
                            f"[{', '.join(standard)}] or a custom attribute defined in the account.")
    return found


def _operator(operator: Any, key: Any, field: Field) -> str:
    if isinstance(operator, str) and (operator in field.operators or operator in field.aliases):
        return OPERATOR_ALIASES.get(operator, operator)
    raise ChatwootError(f"Invalid operator. The allowed operators for {key} are [{', '.join(field.operators)}].")


def _values(raw: Any, operator: str, key: Any) -> list[Any]:
    """`values` as a list (a scalar is one value); empty only for the presence operators."""
    values = raw if isinstance(raw, list) else ([] if raw is None or raw == "" else [raw])
    if not values and operator not in PRESENCE:
        raise _invalid_value(key)
    return values


def _invalid_value(key: Any) -> ChatwootError:
    return ChatwootError(f"Invalid value. The values provided for {key} are invalid")


# ---- operators --------------------------------------------------------------------------------


def _test(field: Field, operator: str, values: list[Any], key: Any, today: date,
          first_value_only: bool) -> Predicate:
    """A test of the raw attribute value; all request values are converted here, so it cannot fail later."""
    if operator in PRESENCE:
        return _presence_test(operator == "is_present")
    if field.kind == "labels":
        return _labels_test(operator, values)
    if operator in CONTAINS:
        return _contains_test(field, operator == "contains", values[0])
    if operator in EQUALITY:
        compared = values[:1] if first_value_only else values
        return _equality_test(field, operator == "equal_to", _targets(field, compared, key))
    if operator == "days_before":
        try:
            limit = today - timedelta(days=_days(values[0], key))
        except OverflowError:  # before year 1 or after 9999
            raise _invalid_value(key) from None
        return _ordering_test(field, "is_less_than", limit)
    return _ordering_test(field, operator, _converted(field, values[0], key))


def _presence_test(present: bool) -> Predicate:
    return lambda raw: (raw is not None and raw != "") == present


def _labels_test(operator: str, values: list[Any]) -> Predicate:
    """exactly_equal_to is listed in v3.1's filter keys but not implemented there; here it matches like contains."""
    wanted = {str(value).lower() for value in values}
    if operator == "does_not_contain":
        return lambda raw: not wanted & _labels(raw)
    return lambda raw: bool(wanted & _labels(raw))


def _contains_test(field: Field, contains: bool, needle: Any) -> Predicate:
    """LIKE '%values[0] lower-cased%'; the record side is lowered only where the server LOWER()s the column."""
    lowered = str(needle).lower()

    def test(raw: Any) -> bool:
        text = _text(raw, field.fold)
        if text is None:
            return False  # NULL NOT LIKE … is not true
        return (lowered in text) == contains

    return test


def _equality_test(field: Field, equal: bool, targets: list[Any]) -> Predicate:
    """IN / NOT IN the targets; a missing value matches neither, except not_equal_to on a custom attribute."""

    def test(raw: Any) -> bool:
        value = _normalized(field, raw)
        if value is None:
            return not equal and field.custom
        return (value in targets) == equal

    return test


def _ordering_test(field: Field, operator: str, target: Any) -> Predicate:
    def test(raw: Any) -> bool:
        value = _normalized(field, raw)
        if value is None:
            return False
        return value > target if operator == "is_greater_than" else value < target

    return test


def _targets(field: Field, values: list[Any], key: Any) -> list[Any]:
    if field.kind == "status" and "all" in values:
        return list(CONVERSATION_STATUSES)  # v3.1 expands "all" to every status
    if field.phone and values:
        return [_converted(field, f"+{values[0]}", key)]  # v3.1 prepends "+" even to "+31…" (never matches)
    return [_converted(field, value, key) for value in values]


def _days(value: Any, key: Any) -> int:
    """days_before's N: an integer or a numeric string."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int | str) and not isinstance(value, bool):
        try:
            return int(value)
        except ValueError:
            pass
    raise _invalid_value(key)


# ---- value conversion -------------------------------------------------------------------------


def _converted(field: Field, value: Any, key: Any) -> Any:
    """A request value in the field's comparable form, or the Invalid value error."""
    try:
        if field.kind == "number":
            return _request_number(value)
        if field.kind == "date":
            return _request_date(value)
        if field.kind == "boolean":
            return _request_boolean(value)
    except (TypeError, ValueError, OverflowError):
        raise _invalid_value(key) from None
    return _text(value, field.fold)


def _request_number(value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError(value)
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(value)
    return number


def _request_date(value: Any) -> date:
    if not isinstance(value, str):
        raise ValueError(value)
    return date.fromisoformat(value[:10])


def _request_boolean(value: Any) -> bool:
    found = _boolean(value)
    if found is None:
        raise ValueError(value)
    return found


def _normalized(field: Field, raw: Any) -> Any:
    """A record value in the field's comparable form; None when missing or not convertible."""
    if field.kind == "number":
        return _number(raw)
    if field.kind == "date":
        return _date(raw)
    if field.kind == "boolean":
        return _boolean(raw)
    return _text(raw, field.fold)


def _text(value: Any, fold: bool) -> str | None:
    if value is None:
        return None
    text = str(value)
    return text.lower() if fold else text


def _labels(raw: Any) -> set[str]:
    return {str(label).lower() for label in raw} if isinstance(raw, list | tuple | set) else set()


def _number(raw: Any) -> float | None:
    if raw is None or raw == "" or isinstance(raw, bool):
        return None
    try:
        number = float(raw)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def _date(raw: Any) -> date | None:
    if isinstance(raw, datetime):
        return raw.astimezone(UTC).date() if raw.tzinfo else raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, str):
        try:
            return date.fromisoformat(raw[:10])
        except ValueError:
            return None
    return None


def _boolean(raw: Any) -> bool | None:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.lower() in ("true", "false"):
        return raw.lower() == "true"
    return None
