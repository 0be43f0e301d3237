"""Chatwoot entities as plain dataclasses (snake_case, no HTTP) and the constants about them; ids are sequences."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar, Protocol

ROLES = ("agent", "administrator")
AVAILABILITIES = ("online", "offline", "busy")
ACCOUNT_STATUSES = ("active", "suspended")
# LANGUAGES_CONFIG of v3.1 (the enabled iso_639_1 codes): an account's locale is one of them.
LOCALES = ("en", "ar", "nl", "fr", "de", "hi", "it", "ja", "ko", "pt", "ru", "zh", "es", "ml", "ca", "el", "pt_BR",
           "ro", "ta", "fa", "zh_TW", "vi", "da", "tr", "cs", "fi", "id", "sv", "hu", "no", "zh_CN", "pl", "sk",
           "uk", "th", "lv", "is", "he", "lt", "sr", "bg")
LIMIT_KEYS = ("agents", "inboxes")  # read as whole numbers by the application API


@dataclass
class Account:
    id: int
    name: str
    created_at: datetime
    locale: str = "en"
    domain: str | None = None
    support_email: str | None = None
    status: str = "active"  # active, suspended
    features: dict[str, bool] = field(default_factory=dict)
    limits: dict[str, Any] = field(default_factory=dict)
    custom_attributes: dict[str, Any] = field(default_factory=dict)


@dataclass
class User:
    id: int
    name: str
    email: str
    access_token: str
    created_at: datetime
    display_name: str | None = None
    custom_attributes: dict[str, Any] = field(default_factory=dict)
    message_signature: str | None = None
    pubsub_token: str = ""
    confirmed: bool = True

    @property
    def available_name(self) -> str:
        return self.display_name or self.name


@dataclass
class AccountUser:
    id: int
    account_id: int
    user_id: int
    role: str
    created_at: datetime
    updated_at: datetime
    availability: str = "offline"
    auto_offline: bool = True
    active_at: datetime | None = None
    inviter_id: int | None = None


@dataclass
class CannedResponse:
    id: int
    account_id: int
    short_code: str
    content: str
    created_at: datetime
    updated_at: datetime


@dataclass
class Team:
    id: int
    account_id: int
    name: str  # stored lower-cased (Chatwoot's `before_validation`)
    created_at: datetime
    updated_at: datetime
    description: str = ""
    allow_auto_assign: bool = True
    member_ids: list[int] = field(default_factory=list)  # user ids, in the order they joined


ATTRIBUTE_MODELS = ("conversation_attribute", "contact_attribute")  # 0 and 1 in the API
ATTRIBUTE_TYPES = ("text", "number", "currency", "percent", "link", "date", "list", "checkbox")
FILTER_TYPES = ("conversation", "contact", "report")


@dataclass
class CustomAttributeDefinition:
    id: int
    account_id: int
    attribute_display_name: str
    attribute_key: str
    attribute_display_type: str
    attribute_model: str
    created_at: datetime
    updated_at: datetime
    attribute_description: str | None = None
    attribute_values: list[str] = field(default_factory=list)
    default_value: Any = None


@dataclass
class CustomFilter:
    id: int
    account_id: int
    user_id: int
    name: str
    filter_type: str
    query: dict[str, Any]
    created_at: datetime
    updated_at: datetime


CHANNEL_TYPES = {"web_widget": "Channel::WebWidget", "api": "Channel::Api"}  # channel.type → channel_type
CONVERSATION_STATUSES = ("open", "resolved", "pending", "snoozed")
PRIORITIES = ("low", "medium", "high", "urgent")
MESSAGE_TYPES = ("incoming", "outgoing", "activity", "template")  # the integer is the index
INCOMING, OUTGOING, ACTIVITY, TEMPLATE = range(len(MESSAGE_TYPES))
MESSAGE_STATUSES = ("sent", "delivered", "read", "failed")
CONTENT_TYPES = ("text", "input_text", "input_textarea", "input_email", "input_select", "cards", "form",
                 "article", "incoming_email", "input_csat", "integrations")
BOT_TYPES = ("webhook", "csml")  # a Rails enum: the integer is the index
SENDER_NAME_TYPES = ("friendly", "professional")  # Rails enums: the integer is the index
REPLY_TIMES = ("in_a_few_minutes", "in_a_few_hours", "in_a_day")  # Channel::WebWidget's


@dataclass
class AgentBot:
    id: int
    name: str
    access_token: str
    created_at: datetime
    account_id: int | None = None  # None: a global bot, visible to every account
    description: str | None = None
    outgoing_url: str | None = None
    bot_type: str = "webhook"  # webhook or csml
    bot_config: dict[str, Any] = field(default_factory=dict)


@dataclass
class Inbox:
    """An inbox and its channel (web widget or API); fields of the other channel stay None."""

    id: int
    account_id: int
    name: str
    channel_type: str  # Channel::WebWidget or Channel::Api
    channel_id: int
    created_at: datetime
    member_ids: list[int] = field(default_factory=list)  # user ids, in the order they joined
    agent_bot_id: int | None = None
    avatar_url: str = ""
    greeting_enabled: bool = False
    greeting_message: str | None = None
    working_hours_enabled: bool = False
    enable_email_collect: bool = True
    csat_survey_enabled: bool = False
    enable_auto_assignment: bool = True
    auto_assignment_config: dict[str, Any] = field(default_factory=dict)
    out_of_office_message: str | None = None
    timezone: str = "UTC"
    allow_messages_after_resolved: bool = True
    lock_to_single_conversation: bool = False
    sender_name_type: str = "friendly"
    business_name: str | None = None
    portal_id: int | None = None
    hmac_token: str | None = None
    hmac_mandatory: bool = False
    # web widget
    website_url: str | None = None
    widget_color: str | None = None
    welcome_title: str | None = None
    welcome_tagline: str | None = None
    website_token: str | None = None
    reply_time: str | None = None
    pre_chat_form_enabled: bool = False
    pre_chat_form_options: dict[str, Any] = field(default_factory=dict)
    continuity_via_email: bool = True
    # API channel
    webhook_url: str | None = None
    identifier: str | None = None  # `inbox_identifier`, the public API's secret
    additional_attributes: dict[str, Any] = field(default_factory=dict)

    @property
    def is_api(self) -> bool:
        return self.channel_type == CHANNEL_TYPES["api"]


class Indexer(Protocol):
    """What keeps an index of records: told of a record before and after a change of a field it is keyed on."""

    def unindex(self, record: Any) -> None: ...

    def index(self, record: Any) -> None: ...


class Indexed:
    """A record an index may follow: the index sets `indexer` (an attribute, never a field, so never exported) and
    hears of every change of the fields in `KEYED`, whatever code makes it."""

    KEYED: ClassVar[frozenset[str]] = frozenset()

    def __setattr__(self, name: str, value: Any) -> None:
        indexer: Indexer | None = self.__dict__.get("indexer") if name in self.KEYED else None
        if indexer is None:
            object.__setattr__(self, name, value)
            return
        indexer.unindex(self)
        object.__setattr__(self, name, value)
        indexer.index(self)


@dataclass
class Contact(Indexed):
    KEYED: ClassVar[frozenset[str]] = frozenset({"id", "account_id", "email", "phone_number", "identifier"})

    id: int
    account_id: int
    name: str
    created_at: datetime
    updated_at: datetime
    email: str | None = None  # stored lower-cased
    phone_number: str | None = None  # e164
    identifier: str | None = None
    additional_attributes: dict[str, Any] = field(default_factory=dict)
    custom_attributes: dict[str, Any] = field(default_factory=dict)
    last_activity_at: datetime | None = None
    labels: list[str] = field(default_factory=list)
    avatar_url: str = ""
    online: bool = False  # presence (the widget is open): such a contact cannot be deleted

    @property
    def is_resolved(self) -> bool:
        """Chatwoot's `resolved_contacts`: an email, phone number or identifier."""
        return bool(self.email or self.phone_number or self.identifier)


@dataclass
class ContactInbox:
    id: int
    contact_id: int
    inbox_id: int
    source_id: str
    created_at: datetime
    updated_at: datetime
    pubsub_token: str = ""
    hmac_verified: bool = False


@dataclass
class Conversation(Indexed):
    """`id` is the database id; URLs and JSON use `display_id`, a sequence per account."""

    KEYED: ClassVar[frozenset[str]] = frozenset({
        "id", "display_id", "account_id", "inbox_id", "contact_id", "contact_inbox_id", "status", "assignee_id",
        "last_activity_at"})

    id: int
    display_id: int
    account_id: int
    inbox_id: int
    contact_id: int
    contact_inbox_id: int
    uuid: str
    created_at: datetime
    updated_at: datetime
    last_activity_at: datetime
    status: str = "open"
    assignee_id: int | None = None
    team_id: int | None = None
    priority: str | None = None
    labels: list[str] = field(default_factory=list)
    additional_attributes: dict[str, Any] = field(default_factory=dict)
    custom_attributes: dict[str, Any] = field(default_factory=dict)
    snoozed_until: datetime | None = None
    agent_last_seen_at: datetime | None = None
    assignee_last_seen_at: datetime | None = None
    contact_last_seen_at: datetime | None = None
    first_reply_created_at: datetime | None = None
    waiting_since: datetime | None = None
    muted: bool = False
    campaign_id: int | None = None


@dataclass
class Message:
    id: int
    account_id: int
    inbox_id: int
    conversation_id: int  # the conversation's database id
    message_type: int  # index in MESSAGE_TYPES
    content: str | None
    created_at: datetime
    updated_at: datetime
    content_type: str = "text"
    content_attributes: dict[str, Any] = field(default_factory=dict)
    private: bool = False
    status: str = "sent"
    source_id: str | None = None
    echo_id: str | None = None
    sender_type: str | None = None  # User, Contact or AgentBot
    sender_id: int | None = None
    additional_attributes: dict[str, Any] = field(default_factory=dict)
    attachments: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class PlatformApp:
    """A platform app: its token reaches only the records it created (`permissible`: "Account:1", "User:3", …)."""

    id: int
    name: str
    access_token: str
    created_at: datetime
    permissible: list[str] = field(default_factory=list)

    def may(self, kind: str, record_id: int) -> bool:
        return f"{kind}:{record_id}" in self.permissible

    def grant(self, kind: str, record_id: int) -> None:
        if not self.may(kind, record_id):
            self.permissible.append(f"{kind}:{record_id}")


REPORTING_EVENTS = ("first_response", "reply_time", "conversation_resolved")


@dataclass
class ReportingEvent:
    """What reports are computed from (Chatwoot's `reporting_events`): `value` is a duration in seconds."""

    id: int
    name: str  # first_response, reply_time or conversation_resolved
    value: float
    account_id: int
    inbox_id: int
    conversation_id: int  # the conversation's database id
    created_at: datetime  # when it happened (the end of the measured duration)
    event_start_time: datetime
    user_id: int | None = None  # the agent who replied or the assignee who resolved


WEBHOOK_EVENTS = ("conversation_created", "conversation_status_changed", "conversation_updated", "contact_created",
                  "contact_updated", "message_created", "message_updated", "webwidget_triggered")


@dataclass
class Webhook:
    id: int
    account_id: int
    url: str
    subscriptions: list[str]
    created_at: datetime
    inbox_id: int | None = None


AUTOMATION_EVENTS = ("conversation_created", "conversation_updated", "message_created")


@dataclass
class AutomationRule:
    id: int
    account_id: int
    name: str
    event_name: str
    conditions: list[dict[str, Any]]
    actions: list[dict[str, Any]]
    created_at: datetime
    description: str | None = None
    active: bool = True


HOOK_STATUSES = ("disabled", "enabled")  # the integer is the index
# The integration apps of v3.1's `config/integration/apps.yml`.
SLACK_SCOPES = ("commands,chat:write,channels:read,channels:manage,channels:join,groups:read,groups:write,im:write,"
                "mpim:write,users:read,users:read.email,chat:write.customize,channels:history,groups:history,"
                "mpim:history,im:history,files:read,files:write")


def _settings(required: tuple[str, ...], **types: str) -> dict[str, Any]:
    """An app's `settings_json_schema`: an object of these typed properties, no others."""
    return {"type": "object", "properties": {name: {"type": kind} for name, kind in types.items()},
            "required": list(required), "additionalProperties": False}


@dataclass(frozen=True)
class App:
    """One integration app: `params` are what administrators see besides the name and description."""

    id: str
    name: str
    description: str
    hook_type: str
    allow_multiple_hooks: bool
    action: str | None
    logo: str
    settings_json_schema: dict[str, Any] | None = field(default=None, hash=False)

    @property
    def params(self) -> dict[str, Any]:
        params: dict[str, Any] = {"logo": self.logo, "i18n_key": "webhooks" if self.id == "webhook" else self.id,
                                  "hook_type": self.hook_type, "allow_multiple_hooks": self.allow_multiple_hooks}
        if self.settings_json_schema is not None:
            params["settings_json_schema"] = self.settings_json_schema
        return params


APPS = (
    App("webhook", "Webhooks",
        "Webhook events provide real-time updates about activities in your Chatwoot account. You can subscribe to "
        "your preferred events, and Chatwoot will send you HTTP callbacks with the updates.",
        "account", True, "/webhook", "webhooks.png"),
    App("slack", "Slack",
        "Integrate Chatwoot with Slack to keep your team in sync. This integration allows you to receive "
        "notifications for new conversations and respond to them directly within Slack's interface.",
        "account", False, f"https://slack.com/oauth/v2/authorize?scope={SLACK_SCOPES}", "slack.png"),
    App("dialogflow", "Dialogflow",
        "Build chatbots with Dialogflow and easily integrate them into your inbox. These bots can handle initial "
        "queries before transferring them to a customer service agent.",
        "inbox", True, "/dialogflow", "dialogflow.png",
        _settings(("project_id", "credentials"), project_id="string", credentials="object")),
    App("dyte", "Dyte",
        "Dyte is a product that integrates audio and video functionalities into your application. With this "
        "integration, your agents can start video/voice calls with your customers directly from Chatwoot.",
        "account", False, "/dyte", "dyte.png",
        _settings(("organization_id", "api_key"), organization_id="string", api_key="string")),
    App("google_translate", "Google Translate",
        "Integrate Google Translate to help agents easily translate customer messages. This integration "
        "automatically detects the language and converts it to the agent's or admin's preferred language.",
        "account", False, "/google_translate", "google-translate.png",
        _settings(("project_id", "credentials"), project_id="string", credentials="object")),
    App("openai", "OpenAI",
        "Leverage the power of large language models from OpenAI with the features such as reply suggestions, "
        "summarization, message rephrasing, spell-checking, and label classification.",
        "account", False, "/openai", "openai.png", _settings(("api_key",), api_key="string")),
)


APPS_BY_ID = {app.id: app for app in APPS}



@dataclass
class IntegrationHook:
    """An integration app's hook (Chatwoot's `Integrations::Hook`): `hook_type` is the app's."""

    id: int
    account_id: int
    app_id: str
    created_at: datetime
    updated_at: datetime
    status: str = "enabled"  # enabled or disabled
    hook_type: str = "account"  # account or inbox
    inbox_id: int | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    reference_id: str | None = None


@dataclass
class Portal:
    """A help-center portal; its `slug` is its id in URLs and unique across accounts."""

    id: int
    account_id: int
    name: str
    slug: str
    created_at: datetime
    updated_at: datetime
    color: str | None = None
    custom_domain: str | None = None
    header_text: str | None = None
    homepage_link: str | None = None
    page_title: str | None = None
    archived: bool = False
    allowed_locales: list[str] = field(default_factory=lambda: ["en"])  # `config.allowed_locales`
    default_locale: str = "en"  # `config.default_locale`
    member_ids: list[int] = field(default_factory=list)  # user ids (`portal_members`)


@dataclass
class Category:
    id: int
    account_id: int
    portal_id: int
    name: str
    slug: str
    created_at: datetime
    updated_at: datetime
    locale: str | None = "en"
    description: str | None = None
    position: int | None = None
    parent_category_id: int | None = None
    associated_category_id: int | None = None  # the root category (translations)
    related_category_ids: list[int] = field(default_factory=list)


ARTICLE_STATUSES = ("draft", "published", "archived")


@dataclass
class Article:
    id: int
    account_id: int
    portal_id: int
    author_id: int
    title: str
    slug: str
    content: str
    created_at: datetime
    updated_at: datetime
    status: str = "draft"
    description: str | None = None
    position: int | None = None
    category_id: int | None = None
    views: int | None = None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class ChatwootState:
    accounts: dict[int, Account] = field(default_factory=dict)
    users: dict[int, User] = field(default_factory=dict)
    account_users: dict[int, AccountUser] = field(default_factory=dict)
    canned_responses: dict[int, CannedResponse] = field(default_factory=dict)
    teams: dict[int, Team] = field(default_factory=dict)
    custom_attributes: dict[int, CustomAttributeDefinition] = field(default_factory=dict)
    custom_filters: dict[int, CustomFilter] = field(default_factory=dict)
    agent_bots: dict[int, AgentBot] = field(default_factory=dict)
    inboxes: dict[int, Inbox] = field(default_factory=dict)
    contacts: dict[int, Contact] = field(default_factory=dict)
    contact_inboxes: dict[int, ContactInbox] = field(default_factory=dict)
    conversations: dict[int, Conversation] = field(default_factory=dict)
    messages: dict[int, Message] = field(default_factory=dict)
    display_ids: dict[int, int] = field(default_factory=dict)  # account id → last conversation display_id
    platform_apps: dict[int, PlatformApp] = field(default_factory=dict)
    webhooks: dict[int, Webhook] = field(default_factory=dict)
    reporting_events: dict[int, ReportingEvent] = field(default_factory=dict)
    automation_rules: dict[int, AutomationRule] = field(default_factory=dict)
    integration_hooks: dict[int, IntegrationHook] = field(default_factory=dict)
    portals: dict[int, Portal] = field(default_factory=dict)
    categories: dict[int, Category] = field(default_factory=dict)
    articles: dict[int, Article] = field(default_factory=dict)

    def record(self, name: str, conversation: Conversation, start: datetime, end: datetime,
               user_id: int | None) -> ReportingEvent:
        """A reporting event for `conversation`: the seconds from `start` to `end`."""
        event = ReportingEvent(id=self.next_id("reporting_events"), name=name, value=(end - start).total_seconds(),
                               account_id=conversation.account_id, inbox_id=conversation.inbox_id,
                               conversation_id=conversation.id, created_at=end, event_start_time=start,
                               user_id=user_id)
        self.reporting_events[event.id] = event
        return event
    sequences: dict[str, int] = field(default_factory=dict)  # table → last id

    def next_id(self, table: str) -> int:
        self.sequences[table] = self.sequences.get(table, 0) + 1
        return self.sequences[table]

    def next_display_id(self, account_id: int) -> int:
        self.display_ids[account_id] = self.display_ids.get(account_id, 0) + 1
        return self.display_ids[account_id]

    def custom_attributes_of(self, account_id: int) -> list[CustomAttributeDefinition]:
        return [d for d in self.custom_attributes.values() if d.account_id == account_id]

    def user_by_email(self, email: str) -> User | None:
        lowered = email.lower()
        return next((u for u in self.users.values() if u.email == lowered), None)

    def membership(self, account_id: int, user_id: int) -> AccountUser | None:
        return next((m for m in self.account_users.values()
                     if m.account_id == account_id and m.user_id == user_id), None)

    def members(self, account_id: int) -> list[AccountUser]:
        return [m for m in self.account_users.values() if m.account_id == account_id]
