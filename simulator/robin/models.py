"""ROBIN's entities and the example webshop's, as plain dataclasses (snake_case, no HTTP)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

BUILT_IN_CHANNELS = (
    "Email",
    "Chat",
    "WhatsApp",
    "SMS",
    "WebChat",
    "Facebook Messenger",
    "Instagram",
    "Apple Business Chat",
    "Twitter",
    "Phone",
)
CONVERSATION_STATES = ("Open", "Archived", "Snoozed", "Hidden")


@dataclass
class Customer:
    email_address: str
    name: str = ""
    phone_number: str = ""
    customer_since: datetime | None = None
    order_count: int = 0
    total_revenue: float = 0.0
    total_spent: str = ""
    currency: str = ""
    last_order_date: datetime | None = None
    panel_view: dict[str, Any] = field(default_factory=dict)
    external_identifier: str = ""
    updated_at: datetime | None = None


@dataclass
class Order:
    order_number: str
    email_address: str
    revenue: float
    order_date: datetime
    is_first_order: bool
    old_revenue: float | None = None
    profit: float | None = None
    old_profit: float | None = None
    webstore_url: str = ""
    name: str = ""
    url: str = ""
    list_view: dict[str, Any] = field(default_factory=dict)
    details_view: list[dict[str, Any]] = field(default_factory=list)
    revision: int = 1
    updated_at: datetime | None = None


@dataclass
class SalesEvent:
    """A "win message": what an order POST contributed to the sales figures."""

    order_number: str
    at: datetime
    kind: str  # "acquisition" (first order) or "retention"
    revenue_delta: float
    profit_delta: float
    is_update: bool


@dataclass
class Sender:
    type: str  # "Relation" (customer), "User" (agent) or "System"
    name: str
    email_address: str = ""


@dataclass
class Presence:
    channel: str
    webstore: str
    online: bool


@dataclass
class Agent:
    email: str
    name: str
    phone_extension: str = ""
    presence: list[Presence] = field(default_factory=list)

    def as_party(self) -> Sender:
        return Sender("User", self.name, self.email)

    def is_online(self, channel: str, webstore: str | None) -> bool:
        return any(
            p.online
            and p.channel.lower() == channel.lower()
            and (webstore is None or p.webstore == webstore)
            for p in self.presence
        )


@dataclass
class Webstore:
    name: str
    referrers: list[str] = field(default_factory=list)
    url: str = ""


@dataclass
class CustomChannel:
    external_identifier: str
    name: str
    webhook_url: str = ""
    avatar_small: str = ""
    avatar_large: str = ""
    supports_private_messaging: bool = False
    send_private_as_email: bool = False
    supports_select_webstore: bool = False
    supports_attachments: bool = False


@dataclass
class Attachment:
    file_name: str
    base64_content: str = ""
    size: int = 0


@dataclass
class Message:
    id: str
    sent_at: datetime
    sender: Sender
    content: str
    scope: str = "External"  # or "Internal"
    rating: str = "None"
    external_identifier: str = ""
    is_private: bool = False
    attachments: list[Attachment] = field(default_factory=list)


@dataclass
class CallEvent:
    event_type: str  # Answered, Transfer, Disconnected
    at: datetime
    phone_extension: str
    agent_email: str = ""


@dataclass
class PhoneCall:
    call_id: str
    phone_number: str
    direction: str
    phone_referrer: str = ""
    filter_field: str = ""
    filter_value: str = ""
    answered_at: datetime | None = None
    answered_by: str = ""
    ended_at: datetime | None = None
    events: list[CallEvent] = field(default_factory=list)
    customer_candidates: list[str] = field(default_factory=list)


@dataclass
class ProfileLookup:
    """What the conversation knows of its customer from the dynamic integration."""

    status: str = "none"  # none, pending, fetched, not_found, failed
    email: str = ""
    phone: str = ""
    external_identifier: str = ""
    customer: dict[str, Any] | None = None
    orders: list[dict[str, Any]] | None = None
    error: str = ""


@dataclass
class Conversation:
    """After creation only `state`, `owner` (replaced whole), `messages` (appended), the profile
    and the customer link change; the wire cache (render.conversations.conversation_wire) relies on this."""

    guid: str
    conversation_id: str
    subject: str
    channel: str
    started_at: datetime
    state: str = "Open"
    owner: Sender | None = None
    webstore: str = ""
    category: str = ""
    linked_order_numbers: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    referrer: str = ""
    customer_email: str = ""
    customer_phone: str = ""
    relation_name: str = ""
    relation_external_identifier: str = ""
    external_identifier: str = ""
    channel_account: str = ""
    messages: list[Message] = field(default_factory=list)
    call: PhoneCall | None = None
    profile: ProfileLookup = field(default_factory=ProfileLookup)

    @property
    def owner_email(self) -> str:
        return self.owner.email_address if self.owner else ""


def chronological(conversation: Conversation) -> tuple[datetime, str]:
    """The order a tenant keeps its conversations in (oldest first)."""
    return (conversation.started_at, conversation.guid)


@dataclass
class Notification:
    """A show-customer pop-up for an agent (or for everyone when no agent was named)."""

    at: datetime
    conversation_guid: str
    agent_email: str = ""
    customer_email: str = ""
    customer_phone: str = ""
    external_identifier: str = ""


@dataclass
class DynamicIntegration:
    """Where ROBIN fetches customer profiles: an empty base_url means the built-in webshop."""

    base_url: str = ""
    api_key: str = ""
    api_secret: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    email_parameter: str = "email"
    phone_parameter: str = "phone"
    order_number_parameter: str = "order_number"
    external_identifier_parameter: str = "external_identifier"
    customer_path: str = "/customers"
    orders_path: str = "/orders"


@dataclass
class Tenant:
    """One ROBIN subscription, identified by its API key."""

    api_key: str
    api_secret: str
    name: str = ""
    customers: dict[str, Customer] = field(default_factory=dict)
    orders: dict[str, Order] = field(default_factory=dict)
    sales: list[SalesEvent] = field(default_factory=list)
    agents: list[Agent] = field(default_factory=list)
    webstores: list[Webstore] = field(default_factory=list)
    channels: list[CustomChannel] = field(default_factory=list)
    conversations: list[Conversation] = field(default_factory=list)  # oldest first: chronological()
    notifications: list[Notification] = field(default_factory=list)
    dynamic_integration: DynamicIntegration = field(default_factory=DynamicIntegration)


@dataclass
class WebshopCustomer:
    email_address: str
    name: str
    phone_number: str
    customer_since: datetime
    currency: str = "EUR"
    external_identifier: str = ""
    panel_view: dict[str, str] = field(default_factory=dict)


@dataclass
class WebshopOrder:
    order_number: str
    email_address: str
    order_date: datetime
    status: str
    payment_status: str
    shipment_status: str
    lines: list[dict[str, Any]] = field(default_factory=list)
    invoices: list[dict[str, Any]] = field(default_factory=list)
    shipping: float = 0.0

    @property
    def total(self) -> float:
        return round(sum(line["quantity"] * line["price"] for line in self.lines) + self.shipping, 2)


@dataclass
class PanelItem:
    id: str
    email_address: str
    description: str
    fields: dict[str, str] = field(default_factory=dict)
    details_view: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class WebshopSettings:
    api_key: str
    api_secret: str
    email_parameter: str = "email"
    phone_parameter: str = "phone"
    order_number_parameter: str = "order_number"
    external_identifier_parameter: str = "external_identifier"
    panel_id_parameter: str = "id"
    currency_symbol: str = "€"


@dataclass
class Webshop:
    settings: WebshopSettings
    customers: list[WebshopCustomer] = field(default_factory=list)
    orders: list[WebshopOrder] = field(default_factory=list)
    panel_items: list[PanelItem] = field(default_factory=list)


@dataclass
class RobinState:
    tenants: dict[str, Tenant]
    webshop: Webshop
