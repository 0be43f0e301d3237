"""Custom attribute definitions of an account: display name, key unique per model, type and values."""

from __future__ import annotations

from typing import Any

from simulator.chatwoot.errors import RecordInvalid
from simulator.chatwoot.models import ATTRIBUTE_MODELS, ATTRIBUTE_TYPES, CustomAttributeDefinition
from simulator.chatwoot.store.base import owned
from simulator.chatwoot.store.scope import AccountPart


def attribute_model(value: Any) -> str | None:
    """The list's filter (a `where`, so "0" and "1" work too): `0`/`1` or the model names; None when absent or
    unknown."""
    if value in (0, "0"):
        return ATTRIBUTE_MODELS[0]
    if value in (1, "1"):
        return ATTRIBUTE_MODELS[1]
    return value if value in ATTRIBUTE_MODELS else None


class CustomAttributes(AccountPart):
    """The definition operations of one account (any member)."""

    def all(self, model: Any) -> list[CustomAttributeDefinition]:
        wanted = attribute_model(model) if model not in (None, "") else None
        return [d for d in self.state.custom_attributes.values()
                if d.account_id == self.account_id and (wanted is None or d.attribute_model == wanted)]

    def find(self, definition_id: int) -> CustomAttributeDefinition:
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
                    for d in self.all(None))
        if taken:
            errors.append(("attribute_key", "Attribute key has already been taken"))
        if errors:
            raise RecordInvalid(errors)

    def create(self, body: dict[str, Any]) -> CustomAttributeDefinition:
        self._validate(body, None)
        now = self.scope.ctx.now()
        definition = CustomAttributeDefinition(
            id=self.state.next_id("custom_attribute_definitions"), account_id=self.account_id,
            attribute_display_name=body["attribute_display_name"], attribute_key=body["attribute_key"],
            attribute_display_type=body["attribute_display_type"], attribute_model=body["attribute_model"],
            created_at=now, updated_at=now, attribute_description=body.get("attribute_description"),
            attribute_values=list(body.get("attribute_values") or []), default_value=body.get("default_value"),
        )
        self.state.custom_attributes[definition.id] = definition
        return definition

    def update(self, definition_id: int, body: dict[str, Any]) -> CustomAttributeDefinition:
        definition = self.find(definition_id)
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
        definition.updated_at = self.scope.ctx.now()
        return definition

    def delete(self, definition_id: int) -> None:
        del self.state.custom_attributes[self.find(definition_id).id]
