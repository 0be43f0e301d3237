"""POST /conversations: the query and the documented answer, in ROBIN's field spelling."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from simulator.core.dates import naive_utc
from simulator.robin.schemas.base import RobinSchema


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
