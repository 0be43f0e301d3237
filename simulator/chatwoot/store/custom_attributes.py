"""Custom attribute definitions and custom filters of an account (the two "settings" resources)."""

from __future__ import annotations

from datetime import date
from typing import Any

from simulator.chatwoot.errors import ChatwootError, NotFound, RecordInvalid
from simulator.chatwoot.models import (
    ATTRIBUTE_MODELS,
    ATTRIBUTE_TYPES,
    FILTER_TYPES,
    CustomAttributeDefinition,
    CustomFilter,
)
from simulator.chatwoot.render.wire import record_time
from simulator.chatwoot.store.filters import contact_filter, conversation_filter
from simulator.chatwoot.store.scope import AccountPart, owned

FILTERS_PER_USER = 50  # v3.1's limit per user and account
FILTER_LIMIT = ("Account Limit reached. The maximum number of allowed custom filters for a user per account is "
                f"{FILTERS_PER_USER}.")


def attribute_model(value: Any) -> str | None:
    """The list's filter (a `where`, so "0" and "1" work too): `0`/`1` or the model names; None when absent or
    unknown."""
    if value in (0, "0"):
        return ATTRIBUTE_MODELS[0]
    if value in (1, "1"):
        return ATTRIBUTE_MODELS[1]
    return value if value in ATTRIBUTE_MODELS else None


def definition_wire(definition: CustomAttributeDefinition) -> dict[str, Any]:
    return {
        "id": definition.id,
        "attribute_display_name": definition.attribute_display_name,
        "attribute_display_type": definition.attribute_display_type,
        "attribute_description": definition.attribute_description,
        "attribute_key": definition.attribute_key,
        "attribute_values": definition.attribute_values,
        "attribute_model": definition.attribute_model,
        "default_value": definition.default_value,
        "created_at": record_time(definition.created_at),
        "updated_at": record_time(definition.updated_at),
    }


def filter_wire(custom: CustomFilter, count: int) -> dict[str, Any]:
    return {
        "id": custom.id,
        "name": custom.name,
        "filter_type": custom.filter_type,
        "query": custom.query,
        "created_at": record_time(custom.created_at),
        "updated_at": record_time(custom.updated_at),
        "count": count,
    }


class AttributeSettings(AccountPart):
    """Operations on one account's definitions and the caller's filters, through its store."""

    # ---- custom attribute definitions --------------------------------------------------------

    def definitions(self, model: Any) -> list[CustomAttributeDefinition]:
        wanted = attribute_model(model) if model not in (None, "") else None
        return [d for d in self.state.custom_attributes.values()
                if d.account_id == self.account_id and (wanted is None or d.attribute_model == wanted)]

    def definition(self, definition_id: int) -> CustomAttributeDefinition:
        return owned(self.state.custom_attributes, definition_id, self.account_id)

    def _validate(self, fields: dict[str, Any], own_id: int | None) -> None:
        errors: list[tuple[str, str]] = []
        for key, label in (("attribute_display_name", "Attribute display name"), ("attribute_key", "Attribute key")):
            if not str(fields.get(key) or "").strip():
                errors.append((key, f"{label} can't be blank"))
        if fields.get("attribute_display_type") not in ATTRIBUTE_TYPES:
            errors.append(("attribute_display_type", "Attribute display type is not included in the list"))
        if fields.get("attribute_model") not in ATTRIBUTE_MODELS:
            errors.append(("attribute_model", "Attribute model is not included in the list"))
        key, model = fields.get("attribute_key"), fields.get("attribute_model")
        taken = any(d.attribute_key == key and d.attribute_model == model and d.id != own_id
                    for d in self.definitions(None))
        if taken:
            errors.append(("attribute_key", "Attribute key has already been taken"))
        if errors:
            raise RecordInvalid(errors)

    def create_definition(self, body: dict[str, Any]) -> CustomAttributeDefinition:
        self._validate(body, None)
        now = self.store.ctx.now()
        definition = CustomAttributeDefinition(
            id=self.state.next_id("custom_attribute_definitions"), account_id=self.account_id,
            attribute_display_name=body["attribute_display_name"], attribute_key=body["attribute_key"],
            attribute_display_type=body["attribute_display_type"], attribute_model=body["attribute_model"],
            created_at=now, updated_at=now, attribute_description=body.get("attribute_description"),
            attribute_values=list(body.get("attribute_values") or []), default_value=body.get("default_value"),
        )
        self.state.custom_attributes[definition.id] = definition
        return definition

    def update_definition(self, definition_id: int, body: dict[str, Any]) -> CustomAttributeDefinition:
        definition = self.definition(definition_id)
        current = {
            "attribute_display_name": definition.attribute_display_name,
            "attribute_key": definition.attribute_key,
            "attribute_display_type": definition.attribute_display_type,
            "attribute_model": definition.attribute_model,
        }
        changes = {k: v for k, v in body.items() if v is not None}
        merged = {**current, **changes}
        self._validate(merged, definition.id)
        for key in ("attribute_display_name", "attribute_key", "attribute_display_type", "attribute_model",
                    "attribute_description", "default_value"):
            if key in merged and (key in current or key in changes):
                setattr(definition, key, merged[key])
        if "attribute_values" in changes:
            definition.attribute_values = list(changes["attribute_values"])
        definition.updated_at = self.store.ctx.now()
        return definition

    def delete_definition(self, definition_id: int) -> None:
        del self.state.custom_attributes[self.definition(definition_id).id]

    # ---- custom filters (the caller's own) ---------------------------------------------------

    def filters(self, filter_type: str | None) -> list[CustomFilter]:
        wanted = filter_type or "conversation"
        return [f for f in self.state.custom_filters.values()
                if f.account_id == self.account_id and f.user_id == self.store.user.id and f.filter_type == wanted]

    def custom_filter(self, filter_id: int, filter_type: str | None) -> CustomFilter:
        """v3.1 quirk kept: the lookup is scoped to `filter_type` (default conversation)."""
        found = next((f for f in self.filters(filter_type) if f.id == filter_id), None)
        if found is None:
            raise NotFound()
        return found

    def create_filter(self, body: dict[str, Any]) -> CustomFilter:
        filter_type = body.get("filter_type") or "conversation"
        errors: list[tuple[str, str]] = []
        if not str(body.get("name") or "").strip():
            errors.append(("name", "Name can't be blank"))
        if filter_type not in FILTER_TYPES:
            errors.append(("filter_type", f"'{filter_type}' is not a valid filter_type"))
        if not isinstance(body.get("query"), dict):
            errors.append(("query", "Query can't be blank"))
        if errors:
            raise RecordInvalid(errors)
        mine = [f for f in self.state.custom_filters.values()
                if f.account_id == self.account_id and f.user_id == self.store.user.id]
        if len(mine) >= FILTERS_PER_USER:
            raise RecordInvalid([("account_id", FILTER_LIMIT)])
        now = self.store.ctx.now()
        custom = CustomFilter(id=self.state.next_id("custom_filters"), account_id=self.account_id,
                              user_id=self.store.user.id, name=body["name"], filter_type=filter_type,
                              query=body["query"], created_at=now, updated_at=now)
        self.state.custom_filters[custom.id] = custom
        return custom

    def update_filter(self, filter_id: int, filter_type: str | None, body: dict[str, Any]) -> CustomFilter:
        custom = self.custom_filter(filter_id, filter_type)
        if "name" in body and not str(body.get("name") or "").strip():
            raise RecordInvalid([("name", "Name can't be blank")])
        if body.get("name"):
            custom.name = body["name"]
        if isinstance(body.get("query"), dict):
            custom.query = body["query"]
        custom.updated_at = self.store.ctx.now()
        return custom

    def matching(self, custom: CustomFilter, today: date) -> int:
        """How many records the saved query matches now (0 for report filters or a query that is not valid)."""
        payload = custom.query.get("payload") if isinstance(custom.query, dict) else None
        kinds = {"conversation": (conversation_filter, self.state.conversations),
                 "contact": (contact_filter, self.state.contacts)}
        if custom.filter_type not in kinds:
            return 0
        build, records = kinds[custom.filter_type]
        try:
            matches = build(payload, self.state.custom_attributes_of(self.account_id), today)
        except ChatwootError:
            return 0
        return sum(1 for record in records.values() if record.account_id == self.account_id and matches(record))

    def delete_filter(self, filter_id: int, filter_type: str | None) -> None:
        del self.state.custom_filters[self.custom_filter(filter_id, filter_type).id]
