"""Custom attribute definitions on the wire: the raw record, ISO-8601 times with milliseconds."""

from __future__ import annotations

from typing import Any

from simulator.chatwoot.models import CustomAttributeDefinition
from simulator.chatwoot.store.base import record_time


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
