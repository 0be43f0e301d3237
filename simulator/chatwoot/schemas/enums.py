"""Rails enums in request bodies: a value is the enum's name or the integer the model maps it to."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from marshmallow import fields


def enum_name(value: Any, names: Sequence[str]) -> Any:
    """The name whose integer (its index in `names`) `value` is; any other value unchanged.

    As Rails' `EnumType#cast`: 1 (or 1.0, as Ruby's `1 == 1.0`) is the second name, while
    booleans and numeric strings ("1") are no integers of the enum.
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if isinstance(value, float) and not value.is_integer():  # 1.5, NaN, infinities
        return value
    return names[int(value)] if 0 <= value < len(names) else value


def _ruby_text(value: bool | int | float) -> str:
    """The value as Ruby's `to_s` writes it in `'<value>' is not a valid <field>`."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _describe(names: Sequence[str]) -> str:
    """`open (0), resolved (1), …`: each name with its integer."""
    return ", ".join(f"{name} ({number})" for number, name in enumerate(names))


class RailsEnum(fields.Field):
    """An enum attribute of a request body: its name, or its integer, read as the name.

    Unknown names pass on unchanged, and so (as text: '7', 'true') do integers outside the
    enum and booleans, for the model's own check to refuse as it refuses an unknown name.
    """

    default_error_messages: Mapping[str, str] = {"invalid": "Not a valid name or integer of the enum."}

    def __init__(self, names: Sequence[str], *, note: str = "", **kwargs: Any) -> None:
        self.names = tuple(names)
        description = f"{_describe(self.names)}: the name or its integer" + (f". {note}" if note else "")
        spec = {"description": description, "oneOf": [{"type": "string", "enum": list(self.names)},
                                                       {"type": "integer", "enum": list(range(len(self.names)))}]}
        super().__init__(metadata={**kwargs.pop("metadata", {}), **spec}, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any) -> str:
        if isinstance(value, str):
            return value
        if not isinstance(value, int | float):
            raise self.make_error("invalid")
        name = enum_name(value, self.names)
        return name if isinstance(name, str) else _ruby_text(value)
