"""What the wire schemas share: bodies read flat or Rails-wrapped, and Rails enums given by name or integer."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from marshmallow import EXCLUDE, Schema, fields, pre_load

from simulator.chatwoot.models import ATTRIBUTE_MODELS, ATTRIBUTE_TYPES, AVAILABILITIES, FILTER_TYPES, ROLES
from simulator.chatwoot.store.base import enum_name


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


class RailsBody(Schema):
    """A body the server reads under `WRAP_KEY` (`params[:agent]`); flat JSON is wrapped by Rails."""

    WRAP_KEY: ClassVar[str] = ""

    class Meta:
        unknown = EXCLUDE

    @pre_load
    def unwrap(self, data: Any, **_: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get(self.WRAP_KEY), dict):
            return data[self.WRAP_KEY]
        return data


class AgentWriteSchema(RailsBody):
    WRAP_KEY = "agent"
    name = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    role = RailsEnum(ROLES, allow_none=True)
    availability = RailsEnum(AVAILABILITIES, allow_none=True)
    auto_offline = fields.Boolean(allow_none=True)


class CannedResponseWriteSchema(RailsBody):
    WRAP_KEY = "canned_response"
    short_code = fields.String(allow_none=True)
    content = fields.String(allow_none=True)


class TeamWriteSchema(RailsBody):
    WRAP_KEY = "team"
    name = fields.String(allow_none=True)
    description = fields.String(allow_none=True)
    allow_auto_assign = fields.Boolean(allow_none=True)


class TeamMembersSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    user_ids = fields.List(fields.Integer(), required=True)


class TeamSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    description = fields.String(required=True)
    allow_auto_assign = fields.Boolean(required=True)
    account_id = fields.Integer(required=True)
    is_member = fields.Boolean(required=True)


class CustomAttributeWriteSchema(RailsBody):
    WRAP_KEY = "custom_attribute_definition"
    attribute_display_name = fields.String(allow_none=True)
    attribute_key = fields.String(allow_none=True)
    attribute_display_type = RailsEnum(ATTRIBUTE_TYPES, allow_none=True)
    attribute_model = RailsEnum(ATTRIBUTE_MODELS, allow_none=True)
    attribute_description = fields.String(allow_none=True)
    attribute_values = fields.List(fields.String(), allow_none=True)
    default_value = fields.Raw(allow_none=True)


class CustomAttributeQuery(Schema):
    attribute_model = fields.String(metadata={"description": "0, 1, or the model name; absent: all"})


class CustomAttributeSchema(Schema):
    id = fields.Integer(required=True)
    attribute_display_name = fields.String(required=True)
    attribute_display_type = fields.String(required=True)
    attribute_description = fields.String(allow_none=True)
    attribute_key = fields.String(required=True)
    attribute_values = fields.List(fields.String(), required=True)
    attribute_model = fields.String(required=True)
    default_value = fields.Raw(allow_none=True)
    created_at = fields.String(required=True)
    updated_at = fields.String(required=True)


class CustomFilterWriteSchema(RailsBody):
    WRAP_KEY = "custom_filter"
    name = fields.String(allow_none=True)
    filter_type = RailsEnum(FILTER_TYPES, allow_none=True, note="The documented `type` is ignored")
    query = fields.Raw(allow_none=True)


class CustomFilterQuery(Schema):
    filter_type = fields.String(metadata={"description": "conversation (default), contact or report"})


class CustomFilterSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    filter_type = fields.String(required=True)
    query = fields.Raw(required=True)
    created_at = fields.String(required=True)
    updated_at = fields.String(required=True)
    count = fields.Integer(required=True, metadata={"description": "Records the query matches now"})


class CannedResponseQuery(Schema):
    search = fields.String(metadata={"description": "Part of the short code or content"})


class AgentSchema(Schema):
    id = fields.Integer(required=True)
    account_id = fields.Integer(required=True)
    availability_status = fields.String(required=True)
    auto_offline = fields.Boolean(required=True)
    confirmed = fields.Boolean(required=True)
    email = fields.String(required=True)
    available_name = fields.String(required=True)
    custom_attributes = fields.Dict()
    name = fields.String(required=True)
    role = fields.String(required=True)
    thumbnail = fields.String(required=True)


class CannedResponseSchema(Schema):
    id = fields.Integer(required=True)
    account_id = fields.Integer(required=True)
    short_code = fields.String(required=True)
    content = fields.String(required=True)
    created_at = fields.String(required=True)
    updated_at = fields.String(required=True)


class ProfileAccountSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    status = fields.String()
    active_at = fields.String(allow_none=True)
    role = fields.String(required=True)
    availability = fields.String()
    availability_status = fields.String()
    auto_offline = fields.Boolean()


class ProfileSchema(Schema):
    access_token = fields.String(required=True)
    account_id = fields.Integer(allow_none=True)
    available_name = fields.String(required=True)
    avatar_url = fields.String()
    confirmed = fields.Boolean()
    display_name = fields.String(allow_none=True)
    message_signature = fields.String(allow_none=True)
    email = fields.String(required=True)
    id = fields.Integer(required=True)
    inviter_id = fields.Integer(allow_none=True)
    name = fields.String(required=True)
    provider = fields.String()
    pubsub_token = fields.String()
    role = fields.String(allow_none=True)
    ui_settings = fields.Dict()
    uid = fields.String()
    type = fields.String()
    custom_attributes = fields.Dict()
    accounts = fields.List(fields.Nested(ProfileAccountSchema), required=True)
