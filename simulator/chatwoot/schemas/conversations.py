"""Wire schemas of conversations: list queries and pages, create, status, priority, assignment and labels."""

from __future__ import annotations

from marshmallow import Schema, fields

from simulator.chatwoot.models import CONVERSATION_STATUSES, PRIORITIES
from simulator.chatwoot.schemas.base import Loose, Open, RailsEnum
from simulator.chatwoot.schemas.messages import MessageDraftSchema


class ConversationListQuery(Schema):
    assignee_type = fields.String(metadata={"description": "me, unassigned, assigned or all (default)"})
    status = fields.String(metadata={"description": "open (default), resolved, pending, snoozed or all"})
    q = fields.String(metadata={"description": "Text in the messages (the status is then ignored)"})
    inbox_id = fields.String()
    team_id = fields.String()
    labels = fields.String(data_key="labels[]", metadata={"description": "Repeatable; `labels=a,b` works too"})
    source_id = fields.String()
    sort_by = fields.String(metadata={"description": "latest (default), sort_on_created_at, last_user_message_at, "
                                                     "sort_on_priority, sort_on_waiting_since"})
    page = fields.String(metadata={"description": "Page number (25 per page)"})


class ConversationMetaQuery(Schema):
    status = fields.String()
    q = fields.String()
    inbox_id = fields.String()
    team_id = fields.String()
    labels = fields.String(data_key="labels[]")


class ConversationSchema(Open):
    id = fields.Integer(required=True, metadata={"description": "The display id"})
    account_id = fields.Integer(required=True)
    inbox_id = fields.Integer(required=True)
    uuid = fields.String(required=True)
    status = fields.String(required=True)
    priority = fields.String(allow_none=True)
    labels = fields.List(fields.String(), required=True)
    messages = fields.List(fields.Raw(), required=True, metadata={"description": "Only the last message"})
    meta = fields.Dict(required=True)
    timestamp = fields.Integer(required=True)
    created_at = fields.Integer(required=True)


class CountsSchema(Schema):
    mine_count = fields.Integer(required=True)
    assigned_count = fields.Integer()
    unassigned_count = fields.Integer(required=True)
    all_count = fields.Integer(required=True)


class ConversationPageSchema(Schema):
    meta = fields.Nested(CountsSchema, required=True)
    payload = fields.List(fields.Nested(ConversationSchema), required=True)


class ConversationListSchema(Schema):
    data = fields.Nested(ConversationPageSchema, required=True)


class ConversationCountsAnswerSchema(Schema):
    meta = fields.Nested(CountsSchema, required=True)


class ConversationPayloadSchema(Schema):
    payload = fields.List(fields.Nested(ConversationSchema), required=True)


class ConversationWriteSchema(Loose):
    source_id = fields.Raw(allow_none=True, metadata={"description": "The contact inbox's source id"})
    inbox_id = fields.Raw(allow_none=True)
    contact_id = fields.Raw(allow_none=True)
    additional_attributes = fields.Dict(allow_none=True)
    custom_attributes = fields.Dict(allow_none=True)
    status = RailsEnum(CONVERSATION_STATUSES, allow_none=True, note="Default open")
    assignee_id = fields.Raw(allow_none=True)
    team_id = fields.Raw(allow_none=True)
    snoozed_until = fields.Raw(allow_none=True, metadata={"description": "Unix time (seconds)"})
    message = fields.Nested(MessageDraftSchema, allow_none=True)


class ToggleStatusSchema(Loose):
    status = RailsEnum(CONVERSATION_STATUSES, allow_none=True, note="Absent: toggle open↔resolved")
    snoozed_until = fields.Raw(allow_none=True, metadata={"description": "Unix time (seconds)"})


class ToggleStatusResultSchema(Schema):
    success = fields.Boolean(required=True)
    conversation_id = fields.Integer(required=True)
    current_status = fields.String(required=True)
    snoozed_until = fields.String(allow_none=True)


class ToggleStatusAnswerSchema(Schema):
    meta = fields.Dict(required=True)
    payload = fields.Nested(ToggleStatusResultSchema, required=True)


class TogglePrioritySchema(Loose):
    priority = RailsEnum(PRIORITIES, allow_none=True, note="Null or empty clears it")


class AssignmentSchema(Loose):
    assignee_id = fields.Raw(allow_none=True, metadata={"description": "When present: the agent (null unassigns)"})
    team_id = fields.Raw(allow_none=True, metadata={"description": "Used when assignee_id is absent"})


class LabelsWriteSchema(Loose):
    labels = fields.Raw(allow_none=True, metadata={"description": "An array of names (or a comma-separated "
                                                              "string); absent or null clears the labels"})


class LabelsSchema(Schema):
    payload = fields.List(fields.String(), required=True)
