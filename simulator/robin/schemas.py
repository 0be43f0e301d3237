"""ROBIN wire formats: request bodies as documented, responses in ROBIN's field spelling."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from marshmallow import (
    EXCLUDE,
    Schema,
    ValidationError,
    fields,
    post_load,
    pre_load,
    validate,
    validates_schema,
)

from simulator.core.blank import email_or_blank
from simulator.core.dates import LenientDateTime, naive_utc
from simulator.robin.models import Conversation

NON_EMPTY = validate.Length(min=1)


class TextOrNumber(fields.String):
    """A string that clients may also send as a JSON number (the docs type some ids as numbers)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        if isinstance(value, bool):
            raise ValidationError("Not a valid string.")
        if isinstance(value, int | float):
            value = str(value)
        return super()._deserialize(value, attr, data, **kwargs)


class RobinSchema(Schema):
    """ROBIN ignores fields it does not know, like the .NET model binding behind it."""

    class Meta:
        unknown = EXCLUDE


def _wrap_bare_list(key: str, data: Any) -> Any:
    return {key: data} if isinstance(data, list) else data


# ---- dynamic customers and orders -----------------------------------------------------------


class CustomerSchema(RobinSchema):
    email_address = fields.Email(required=True, metadata={"description": "Email address of the customer"})
    customer_since = LenientDateTime(required=True, metadata={"description": "Date of the first order"})
    order_count = fields.Integer(required=True, validate=validate.Range(min=0))
    total_revenue = fields.Float(required=True)
    currency = fields.String(required=True, validate=NON_EMPTY)
    last_order_date = LenientDateTime(
        load_default=None,
        allow_none=True,
        metadata={"description": "Date of the last order (documented as required; real clients omit it)"},
    )
    name = fields.String()
    phone_number = TextOrNumber()
    total_spent = TextOrNumber()
    external_identifier = TextOrNumber()
    panel_view = fields.Dict(keys=fields.String())


class CustomerBatchSchema(RobinSchema):
    customers = fields.List(fields.Nested(CustomerSchema), required=True)

    @pre_load
    def accept_bare_list(self, data: Any, **_: Any) -> Any:
        return _wrap_bare_list("customers", data)


class DetailsViewSchema(Schema):
    display_as = fields.String(required=True, validate=validate.OneOf(["details", "columns", "rows"]))
    caption = fields.String()
    data = fields.Raw(required=True, metadata={"description": "An object (details) or a list of objects"})

    @validates_schema
    def data_matches_layout(self, item: dict[str, Any], **_: Any) -> None:
        data = item.get("data")
        if item.get("display_as") == "details" and not isinstance(data, dict):
            raise ValidationError("must be an object when display_as is 'details'", "data")
        if item.get("display_as") in {"columns", "rows"} and not (
            isinstance(data, list) and all(isinstance(row, dict) for row in data)
        ):
            raise ValidationError("must be a list of objects for 'columns' and 'rows'", "data")


class OrderSchema(RobinSchema):
    order_number = TextOrNumber(required=True, validate=NON_EMPTY)
    email_address = fields.Email(required=True)
    revenue = fields.Float(required=True)
    order_date = LenientDateTime(required=True)
    is_first_order = fields.Boolean(required=True)
    old_revenue = fields.Float(allow_none=True)
    profit = fields.Float(allow_none=True)
    old_profit = fields.Float(allow_none=True)
    webstore_url = fields.String()
    name = fields.String()
    url = fields.String()
    list_view = fields.Dict(keys=fields.String())
    details_view = fields.List(fields.Nested(DetailsViewSchema))


class OrderBatchSchema(RobinSchema):
    orders = fields.List(fields.Nested(OrderSchema), required=True)

    @pre_load
    def accept_bare_list(self, data: Any, **_: Any) -> Any:
        return _wrap_bare_list("orders", data)


class LegacyCustomerSchema(CustomerSchema):
    """The old non-dynamic `POST /customers`: only the email address is required."""

    customer_since = LenientDateTime(load_default=None, allow_none=True)
    order_count = fields.Integer(validate=validate.Range(min=0))
    total_revenue = fields.Float(load_default=None, allow_none=True)
    currency = fields.String()


class LegacyCustomerBatchSchema(CustomerBatchSchema):
    customers = fields.List(fields.Nested(LegacyCustomerSchema), required=True)


class LegacyOrderSchema(OrderSchema):
    """The old `POST /orders`: `order_by_date` (Y/m/d) may stand for `order_date`."""

    revenue = fields.Float(load_default=0.0)
    order_date = LenientDateTime(load_default=None, allow_none=True)
    order_by_date = LenientDateTime(load_default=None, allow_none=True)
    is_first_order = fields.Boolean(load_default=False)

    @post_load
    def merge_dates(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        data["order_date"] = data.get("order_date") or data.pop("order_by_date", None)
        data.pop("order_by_date", None)
        return data


class LegacyOrderBatchSchema(OrderBatchSchema):
    orders = fields.List(fields.Nested(LegacyOrderSchema), required=True)


# ---- conversations -------------------------------------------------------------------------


class ConversationQuerySchema(RobinSchema):
    email_address = fields.String(data_key="emailAddress", metadata={"description": "Email address of the customer"})
    order_number = fields.String(data_key="orderNumber", metadata={"description": "Number of the order"})
    skip = fields.Integer(
        load_default=0,
        validate=validate.Range(min=0),
        metadata={"description": "The number of conversations to skip (pages of 20)"},
    )
    guid = fields.String(metadata={"description": "The generated GUID of the conversation"})
    conversation_id = fields.String(
        data_key="conversationId", metadata={"description": "The generated ID of the conversation"}
    )


class PartySchema(Schema):
    type = fields.String(metadata={"description": "User (agent), Relation (customer) or System"})
    name = fields.String()
    email_address = fields.String(data_key="emailAddress")


class ConversationMessageSchema(Schema):
    sent_at = fields.Function(lambda m: naive_utc(m.sent_at), data_key="sentDateTime", metadata={"type": "string"})
    sender = fields.Nested(PartySchema)
    content = fields.String()
    scope = fields.String(metadata={"description": "External or Internal"})
    rating = fields.String()


class ConversationSchema(Schema):
    guid = fields.String()
    subject = fields.String()
    channel = fields.String()
    state = fields.String(metadata={"description": "Open, Archived, Snoozed or Hidden"})
    owner = fields.Nested(PartySchema, allow_none=True)
    webstore = fields.String(data_key="webStore")
    category = fields.String()
    linked_order_numbers = fields.Function(
        lambda c: ",".join(c.linked_order_numbers), data_key="linkedOrderNumbers", metadata={"type": "string"}
    )
    tags = fields.Function(lambda c: ", ".join(c.tags), metadata={"type": "string"})
    referrer = fields.String()
    started_at = fields.Function(
        lambda c: naive_utc(c.started_at), data_key="startDateTime", metadata={"type": "string"}
    )
    messages = fields.List(fields.Nested(ConversationMessageSchema))


class ConversationListSchema(Schema):
    conversations = fields.List(fields.Nested(ConversationSchema))


_CONVERSATION = ConversationSchema()


def conversation_wire(conversation: Conversation) -> dict[str, Any]:
    """The conversation as POST /conversations shows it, cached on the conversation.

    Keyed by what may change after creation (see `Conversation`): the number of messages (they
    are only appended), the state and the owner (replaced, never edited in place). A page of 20
    is then no longer 20 marshmallow dumps.
    """
    cached = conversation.__dict__.get(_WIRE_CACHE)
    if (
        cached is not None
        and cached[0] == len(conversation.messages)
        and cached[1] == conversation.state
        and cached[2] is conversation.owner
    ):
        return cached[3]
    wire = _CONVERSATION.dump(conversation)
    conversation.__dict__[_WIRE_CACHE] = (len(conversation.messages), conversation.state, conversation.owner, wire)
    return wire


_WIRE_CACHE = "_wire_cache"


# ---- channel API ---------------------------------------------------------------------------


def _is_base64(value: str) -> None:
    try:
        base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise ValidationError("Not valid base64 content.") from None


class AttachmentSchema(RobinSchema):
    file_name = fields.String(data_key="FileName", required=True, validate=NON_EMPTY)
    base64_content = fields.String(data_key="Base64Content", load_default="", validate=_is_base64)


class ChannelMessageSchema(RobinSchema):
    channel_account = fields.String(data_key="ChannelAccountExternalIdentifier", required=True, validate=NON_EMPTY)
    conversation_guid = fields.String(data_key="ConversationGuid", load_default="", allow_none=True)
    conversation_external_identifier = TextOrNumber(
        data_key="ConversationExternalIdentifier", required=True, validate=NON_EMPTY
    )
    message_external_identifier = TextOrNumber(data_key="MessageExternalIdentifier", required=True, validate=NON_EMPTY)
    relation_external_identifier = TextOrNumber(
        data_key="RelationExternalIdentifier", required=True, validate=NON_EMPTY
    )
    relation_name = fields.String(data_key="RelationName", required=True, validate=NON_EMPTY)
    content = fields.String(data_key="Content", required=True)
    is_private = fields.Boolean(data_key="IsPrivate", load_default=False)
    referrer = fields.String(data_key="Referrer", load_default="")
    subject = fields.String(data_key="Subject", load_default="")
    sent_at = LenientDateTime(data_key="SentDateTime", load_default=None, allow_none=True)
    attachments = fields.List(fields.Nested(AttachmentSchema), data_key="Attachments", load_default=list)

    @pre_load
    def drop_empty_attachments(self, data: Any, **_: Any) -> Any:
        """The docs let FileName and Base64Content be left empty when nothing is attached."""
        items = data.get("Attachments") if isinstance(data, dict) else None
        if isinstance(items, list):
            empty = [a for a in items if isinstance(a, dict) and not a.get("FileName") and not a.get("Base64Content")]
            data = {**data, "Attachments": [a for a in items if a not in empty]}
        return data

    @validates_schema
    def content_or_attachment(self, data: dict[str, Any], **_: Any) -> None:
        if not data.get("content") and not data.get("attachments"):
            raise ValidationError("Content may only be empty when an attachment is sent.", "Content")


# ---- VoIP ----------------------------------------------------------------------------------


class CaseInsensitiveChoice(fields.String):
    def __init__(self, choices: tuple[str, ...], **kwargs: Any) -> None:
        kwargs.setdefault("metadata", {})["enum"] = list(choices)
        super().__init__(**kwargs)
        self.choices = choices

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        for choice in self.choices:
            if text.lower() == choice.lower():
                return choice
        raise ValidationError(f"Must be one of: {', '.join(self.choices)}.")


class VoipEventSchema(RobinSchema):
    id = TextOrNumber(data_key="Id", required=True, validate=NON_EMPTY)
    event_type = CaseInsensitiveChoice(("Answered", "Disconnected", "Transfer"), data_key="EventType", required=True)
    phone_number = TextOrNumber(data_key="PhoneNumber", required=True, validate=NON_EMPTY)
    phone_extension = TextOrNumber(data_key="PhoneExtension", required=True, validate=NON_EMPTY)
    direction = CaseInsensitiveChoice(("Inbound", "Outbound"), data_key="Direction", required=True)
    phone_referrer = TextOrNumber(data_key="PhoneReferrer", load_default="")
    filter_field = fields.String(data_key="FilterField", load_default="")
    filter_value = TextOrNumber(data_key="FilterValue", load_default="")

    @validates_schema
    def filter_pair(self, data: dict[str, Any], **_: Any) -> None:
        if bool(data.get("filter_field")) != bool(data.get("filter_value")):
            raise ValidationError("FilterField and FilterValue must be sent together.", "FilterValue")


class VoipPathSchema(Schema):
    apikey = fields.String(required=True, metadata={"description": "The apikey of your subscription"})


# ---- presence ------------------------------------------------------------------------------


class PresenceQuerySchema(Schema):
    """All optional at parse time so that missing values get presence's text/plain 400."""

    class Meta:
        unknown = EXCLUDE

    apikey = fields.String(metadata={"description": "The apikey of your subscription (required)"})
    channel = fields.String(data_key="Channel", metadata={"description": "The channel name (required)"})
    referrer = fields.String(metadata={"description": "A referrer configured in a web store"})


# ---- show customer -------------------------------------------------------------------------


def _drop_blank(data: Any) -> Any:
    """A point-of-sale system sends "" for what it does not know: treat it as absent."""
    return {k: v for k, v in data.items() if v != ""} if isinstance(data, dict) else data


class ShowCustomerTargetSchema(RobinSchema):
    email_address = email_or_blank(load_default="")
    phone_number = TextOrNumber(load_default="")
    external_identifier = TextOrNumber(load_default="")

    @pre_load
    def blank_is_absent(self, data: Any, **_: Any) -> Any:
        return _drop_blank(data)


class ShowCustomerSchema(RobinSchema):
    user_email_address = email_or_blank(load_default="", metadata={"description": "Agent to notify"})
    customer = fields.Nested(ShowCustomerTargetSchema, required=True)

    @pre_load
    def blank_is_absent(self, data: Any, **_: Any) -> Any:
        return _drop_blank(data)

    @validates_schema
    def some_identifier(self, data: dict[str, Any], **_: Any) -> None:
        target = data.get("customer") or {}
        if not any(target.get(k) for k in ("email_address", "phone_number", "external_identifier")):
            raise ValidationError(
                "Provide at least one of email_address, phone_number or external_identifier.", "customer"
            )
