"""Wire schemas of inboxes, agent bots, contacts, conversations and messages (requests and answers)."""

from __future__ import annotations

from marshmallow import EXCLUDE, INCLUDE, Schema, fields

from simulator.chatwoot.models import (
    BOT_TYPES,
    CONTENT_TYPES,
    CONVERSATION_STATUSES,
    MESSAGE_TYPES,
    PRIORITIES,
    REPLY_TIMES,
    SENDER_NAME_TYPES,
)
from simulator.chatwoot.schemas.base import RailsBody, RailsEnum


class Loose(Schema):
    """A request body whose unknown keys are ignored (Rails' strong parameters)."""

    class Meta:
        unknown = EXCLUDE


class Open(Schema):
    """An answer documented by its main keys; the real server's other keys may follow."""

    class Meta:
        unknown = INCLUDE


# ---- agent bots and inboxes ------------------------------------------------------------------

class AgentBotWriteSchema(Loose):
    """Read flat (`params.permit(:name, …)`): the controller has no wrapped key."""

    name = fields.String(allow_none=True)
    description = fields.String(allow_none=True)
    outgoing_url = fields.String(allow_none=True)
    bot_type = RailsEnum(BOT_TYPES, allow_none=True, note="Default webhook")
    bot_config = fields.Dict(allow_none=True)


class AgentBotSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    description = fields.String(allow_none=True)
    outgoing_url = fields.String(allow_none=True)
    bot_type = fields.String(required=True)
    bot_config = fields.Dict(required=True)
    account_id = fields.Integer(allow_none=True)
    access_token = fields.String(metadata={"description": "Only for the account's own bots"})


class InboxAgentBotSchema(Schema):
    agent_bot = fields.Dict(required=True, metadata={"description": "The agent bot JSON, or {} without one"})


class ChannelSchema(Loose):
    type = fields.String(allow_none=True, metadata={"description": "web_widget or api (create only)"})
    website_url = fields.String(allow_none=True)
    welcome_title = fields.String(allow_none=True)
    welcome_tagline = fields.String(allow_none=True)
    widget_color = fields.String(allow_none=True)
    reply_time = RailsEnum(REPLY_TIMES, allow_none=True, note="Web widgets only")
    pre_chat_form_enabled = fields.Boolean(allow_none=True)
    pre_chat_form_options = fields.Dict(allow_none=True)
    continuity_via_email = fields.Boolean(allow_none=True)
    webhook_url = fields.String(allow_none=True)
    hmac_mandatory = fields.Boolean(allow_none=True)
    additional_attributes = fields.Dict(allow_none=True)


class InboxWriteSchema(Loose):
    name = fields.String(allow_none=True)
    avatar_url = fields.String(allow_none=True)
    channel = fields.Nested(ChannelSchema, allow_none=True)
    greeting_enabled = fields.Boolean(allow_none=True)
    greeting_message = fields.String(allow_none=True)
    enable_email_collect = fields.Boolean(allow_none=True)
    csat_survey_enabled = fields.Boolean(allow_none=True)
    enable_auto_assignment = fields.Boolean(allow_none=True)
    auto_assignment_config = fields.Dict(allow_none=True)
    working_hours_enabled = fields.Boolean(allow_none=True)
    out_of_office_message = fields.String(allow_none=True)
    timezone = fields.String(allow_none=True)
    allow_messages_after_resolved = fields.Boolean(allow_none=True)
    lock_to_single_conversation = fields.Boolean(allow_none=True)
    portal_id = fields.Integer(allow_none=True)
    sender_name_type = RailsEnum(SENDER_NAME_TYPES, allow_none=True)
    business_name = fields.String(allow_none=True)


class InboxSchema(Open):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    channel_id = fields.Integer(required=True)
    channel_type = fields.String(required=True, metadata={"description": "Channel::WebWidget or Channel::Api"})
    avatar_url = fields.String(required=True)
    enable_auto_assignment = fields.Boolean(required=True)
    website_url = fields.String(allow_none=True)
    website_token = fields.String(allow_none=True)
    web_widget_script = fields.String(allow_none=True)
    webhook_url = fields.String(allow_none=True)
    inbox_identifier = fields.String(allow_none=True, metadata={"description": "API inboxes: the public API's "
                                                                               "`inbox_identifier`"})
    hmac_token = fields.String(allow_none=True, metadata={"description": "Administrators only"})


class InboxListSchema(Schema):
    payload = fields.List(fields.Nested(InboxSchema), required=True)


class SetAgentBotSchema(Loose):
    agent_bot = fields.Integer(allow_none=True, metadata={"description": "The bot's id; null removes it"})


class InboxMembersWriteSchema(Loose):
    inbox_id = fields.Integer(required=True)
    user_ids = fields.List(fields.Integer(), required=True)


class AgentListSchema(Schema):
    payload = fields.List(fields.Raw(), required=True)


# ---- contacts ------------------------------------------------------------------------------

class ContactWriteSchema(Loose):
    inbox_id = fields.Integer(allow_none=True, metadata={"description": "Optional: also link the contact to "
                                                                        "this inbox"})
    source_id = fields.String(allow_none=True, metadata={"description": "With inbox_id: the contact inbox's id"})
    name = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    phone_number = fields.String(allow_none=True, metadata={"description": "e164, e.g. +31612345678"})
    identifier = fields.String(allow_none=True)
    avatar_url = fields.String(allow_none=True)
    additional_attributes = fields.Dict(allow_none=True)
    custom_attributes = fields.Dict(allow_none=True)


class ContactSchema(Open):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    email = fields.String(allow_none=True)
    phone_number = fields.String(allow_none=True)
    identifier = fields.String(allow_none=True)
    thumbnail = fields.String(required=True)
    availability_status = fields.String(required=True)
    additional_attributes = fields.Dict(required=True)
    custom_attributes = fields.Dict(required=True)
    created_at = fields.Integer(required=True)
    last_activity_at = fields.Integer()
    contact_inboxes = fields.List(fields.Raw())


class PageMetaSchema(Schema):
    count = fields.Integer(required=True)
    current_page = fields.Raw(required=True, metadata={"description": "The `page` parameter as sent (a string), "
                                                                       "or 1 without one"})


class ContactPageSchema(Schema):
    meta = fields.Nested(PageMetaSchema, required=True)
    payload = fields.List(fields.Nested(ContactSchema), required=True)


class ContactPayloadSchema(Schema):
    payload = fields.Nested(ContactSchema, required=True)


class ContactInboxSchema(Schema):
    source_id = fields.String(allow_none=True)
    inbox = fields.Raw(allow_none=True)


class CreatedContactSchema(Schema):
    contact = fields.Nested(ContactSchema, required=True)
    contact_inbox = fields.Nested(ContactInboxSchema, required=True)


class ContactCreatedSchema(Schema):
    payload = fields.Nested(CreatedContactSchema, required=True)


class ContactInboxWriteSchema(Loose):
    inbox_id = fields.Integer(allow_none=True)
    source_id = fields.String(allow_none=True)


class ContactInboxListSchema(Schema):
    payload = fields.List(fields.Nested(ContactInboxSchema), required=True)


class ContactListQuery(Schema):
    page = fields.String(metadata={"description": "Page number (15 per page)"})
    sort = fields.String(metadata={"description": "name, email, phone_number, last_activity_at, created_at, "
                                                  "company, city or country; `-` for descending"})
    labels = fields.String(data_key="labels[]", metadata={"description": "Contacts tagged with any of these "
                                                                         "(repeatable; `labels=a,b` works too)"})
    include_contact_inboxes = fields.String(metadata={"description": "false drops contact_inboxes"})


class ContactSearchQuery(Schema):
    q = fields.String(metadata={"description": "Part of the name, email, phone number, or of the identifier "
                                               "(case-sensitive)"})
    page = fields.String()
    sort = fields.String()


class PageQuery(Schema):
    page = fields.String(metadata={"description": "Page number"})


class FilterConditionSchema(Loose):
    attribute_key = fields.Raw(allow_none=True)
    filter_operator = fields.Raw(allow_none=True)
    values = fields.Raw(allow_none=True)
    query_operator = fields.Raw(allow_none=True)
    custom_attribute_type = fields.Raw(allow_none=True)


class FilterSchema(Loose):
    payload = fields.Raw(metadata={"description": "A list of conditions: attribute_key, filter_operator, values, "
                                                  "query_operator (required: without it, 422 `Invalid payload…`)"})


# ---- conversations and messages ------------------------------------------------------------

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


class MessageDraftSchema(Loose):
    content = fields.Raw(allow_none=True)
    message_type = RailsEnum(MESSAGE_TYPES, allow_none=True, note="Default outgoing; incoming only in API inboxes")
    private = fields.Boolean(allow_none=True)
    content_type = RailsEnum(CONTENT_TYPES, allow_none=True, note="Default text")
    content_attributes = fields.Raw(allow_none=True)
    echo_id = fields.Raw(allow_none=True)
    source_id = fields.Raw(allow_none=True)
    template_params = fields.Dict(allow_none=True)


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


class MessagesQuery(Schema):
    before = fields.String(metadata={"description": "Messages older than this message id"})
    after = fields.String(metadata={"description": "Messages newer than this message id"})


class MessageSchema(Open):
    id = fields.Integer(required=True)
    content = fields.String(allow_none=True)
    inbox_id = fields.Integer(required=True)
    conversation_id = fields.Integer(required=True, metadata={"description": "The display id"})
    message_type = fields.Integer(required=True, metadata={"description": "0 incoming, 1 outgoing, 2 activity, "
                                                                          "3 template"})
    content_type = fields.String(required=True)
    status = fields.String(required=True)
    content_attributes = fields.Dict(required=True)
    created_at = fields.Integer(required=True)
    private = fields.Boolean(required=True)
    source_id = fields.String(allow_none=True)
    sender = fields.Dict()


class MessageListSchema(Schema):
    meta = fields.Dict(required=True)
    payload = fields.List(fields.Nested(MessageSchema), required=True)


# ---- webhooks ----------------------------------------------------------------------------------

class WebhookWriteSchema(RailsBody):
    WRAP_KEY = "webhook"
    url = fields.String(allow_none=True)
    subscriptions = fields.List(fields.String(), allow_none=True)
    inbox_id = fields.Integer(allow_none=True)


class WebhookSchema(Schema):
    id = fields.Integer(required=True)
    url = fields.String(required=True)
    account_id = fields.Integer(required=True)
    subscriptions = fields.List(fields.String(), required=True)
    inbox = fields.Dict()


class WebhookListBodySchema(Schema):
    webhooks = fields.List(fields.Nested(WebhookSchema), required=True)


class WebhookListSchema(Schema):
    payload = fields.Nested(WebhookListBodySchema, required=True)


class WebhookBodySchema(Schema):
    webhook = fields.Nested(WebhookSchema, required=True)


class WebhookPayloadSchema(Schema):
    payload = fields.Nested(WebhookBodySchema, required=True)


# ---- automation rules --------------------------------------------------------------------------

class AutomationRuleWriteSchema(RailsBody):
    WRAP_KEY = "automation_rule"
    name = fields.String(allow_none=True)
    description = fields.String(allow_none=True)
    event_name = fields.String(allow_none=True, metadata={"description": "conversation_created, "
                                                                         "conversation_updated or message_created"})
    active = fields.Boolean(allow_none=True)
    conditions = fields.Raw(allow_none=True, metadata={"description": "[{attribute_key, filter_operator, values, "
                                                                      "query_operator}]"})
    actions = fields.Raw(allow_none=True, metadata={"description": "[{action_name, action_params}]"})


class AutomationRuleSchema(Schema):
    id = fields.Integer(required=True)
    account_id = fields.Integer(required=True)
    name = fields.String(required=True)
    description = fields.String(allow_none=True)
    event_name = fields.String(required=True)
    conditions = fields.Raw(required=True)
    actions = fields.Raw(required=True)
    created_on = fields.Integer(required=True)
    active = fields.Boolean(required=True)
    files = fields.List(fields.Raw(), required=True)


class AutomationRuleListSchema(Schema):
    payload = fields.List(fields.Nested(AutomationRuleSchema), required=True)


class AutomationRulePayloadSchema(Schema):
    payload = fields.Nested(AutomationRuleSchema, required=True)
