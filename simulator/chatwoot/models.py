"""Chatwoot entities as plain dataclasses (snake_case, no HTTP); ids are per-table integer sequences."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

ROLES = ("agent", "administrator")
AVAILABILITIES = ("online", "offline", "busy")


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


@dataclass
class ChatwootState:
    accounts: dict[int, Account] = field(default_factory=dict)
    users: dict[int, User] = field(default_factory=dict)
    account_users: dict[int, AccountUser] = field(default_factory=dict)
    canned_responses: dict[int, CannedResponse] = field(default_factory=dict)
    teams: dict[int, Team] = field(default_factory=dict)
    custom_attributes: dict[int, CustomAttributeDefinition] = field(default_factory=dict)
    custom_filters: dict[int, CustomFilter] = field(default_factory=dict)
    sequences: dict[str, int] = field(default_factory=dict)  # table → last id

    def next_id(self, table: str) -> int:
        self.sequences[table] = self.sequences.get(table, 0) + 1
        return self.sequences[table]

    def user_by_token(self, token: str) -> User | None:
        return next((u for u in self.users.values() if u.access_token == token), None)

    def user_by_email(self, email: str) -> User | None:
        lowered = email.lower()
        return next((u for u in self.users.values() if u.email == lowered), None)

    def membership(self, account_id: int, user_id: int) -> AccountUser | None:
        return next((m for m in self.account_users.values()
                     if m.account_id == account_id and m.user_id == user_id), None)

    def members(self, account_id: int) -> list[AccountUser]:
        return [m for m in self.account_users.values() if m.account_id == account_id]
