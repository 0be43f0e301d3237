"""An imported Chatwoot state checked as the API's writes keep it: keys, sequences, references, enums."""

from __future__ import annotations

import re
from typing import Any

from simulator.chatwoot.models import (
    ACCOUNT_STATUSES,
    ARTICLE_STATUSES,
    ATTRIBUTE_MODELS,
    ATTRIBUTE_TYPES,
    AUTOMATION_EVENTS,
    AVAILABILITIES,
    CHANNEL_TYPES,
    CONTENT_TYPES,
    CONVERSATION_STATUSES,
    FILTER_TYPES,
    HOOK_STATUSES,
    LIMIT_KEYS,
    LOCALES,
    MESSAGE_STATUSES,
    MESSAGE_TYPES,
    PRIORITIES,
    REPORTING_EVENTS,
    ROLES,
    WEBHOOK_EVENTS,
    ChatwootState,
)
from simulator.core.clock import EARLIEST, LATEST
from simulator.core.serialize import one_of, refuse

LONGEST = (LATEST - EARLIEST).total_seconds()  # the longest time the clock can measure

TABLES = ("accounts", "users", "account_users", "canned_responses", "teams", "custom_attributes", "custom_filters",
          "agent_bots", "inboxes", "contacts", "contact_inboxes", "conversations", "messages", "platform_apps",
          "webhooks", "reporting_events", "automation_rules", "integration_hooks", "portals", "categories",
          "articles")
SEQUENCES = {"custom_attributes": "custom_attribute_definitions"}  # table → its id sequence, where they differ
CHANNEL_SEQUENCES = {channel_type: f"channel_{kind}" for kind, channel_type in CHANNEL_TYPES.items()}
SENDER_TABLES = {"User": "users", "Contact": "contacts", "AgentBot": "agent_bots"}
NOUNS = {"accounts": "account", "users": "user", "inboxes": "inbox", "contacts": "contact",
         "contact_inboxes": "contact inbox", "conversations": "conversation", "teams": "team",
         "agent_bots": "agent bot", "portals": "portal", "categories": "category"}
PERMISSIBLE = re.compile(r"(Account|AgentBot|User):[0-9]+")

# (table, field, target table, present): a present reference names a stored record; the others may also
# name a deleted one (an id the target's sequence has issued), as deletions leave such references behind.
REFERENCES = (
    ("account_users", "account_id", "accounts", True),
    ("account_users", "user_id", "users", True),
    ("account_users", "inviter_id", "users", False),
    ("canned_responses", "account_id", "accounts", False),
    ("teams", "account_id", "accounts", False),
    ("teams", "member_ids", "users", False),
    ("custom_attributes", "account_id", "accounts", False),
    ("custom_filters", "account_id", "accounts", False),
    ("custom_filters", "user_id", "users", False),
    ("agent_bots", "account_id", "accounts", False),
    ("inboxes", "account_id", "accounts", False),
    ("inboxes", "member_ids", "users", False),
    ("inboxes", "agent_bot_id", "agent_bots", False),
    ("inboxes", "portal_id", "portals", False),
    ("contacts", "account_id", "accounts", False),
    ("contact_inboxes", "contact_id", "contacts", True),
    ("contact_inboxes", "inbox_id", "inboxes", True),
    ("conversations", "account_id", "accounts", False),
    ("conversations", "inbox_id", "inboxes", True),
    ("conversations", "contact_id", "contacts", True),
    ("conversations", "contact_inbox_id", "contact_inboxes", True),
    ("conversations", "assignee_id", "users", False),
    ("conversations", "team_id", "teams", False),
    ("messages", "account_id", "accounts", False),
    ("messages", "inbox_id", "inboxes", True),
    ("messages", "conversation_id", "conversations", True),
    ("webhooks", "account_id", "accounts", False),
    ("webhooks", "inbox_id", "inboxes", False),
    ("reporting_events", "account_id", "accounts", False),
    ("reporting_events", "inbox_id", "inboxes", False),
    ("reporting_events", "conversation_id", "conversations", False),
    ("reporting_events", "user_id", "users", False),
    ("automation_rules", "account_id", "accounts", False),
    ("integration_hooks", "account_id", "accounts", False),
    ("integration_hooks", "inbox_id", "inboxes", False),
    ("portals", "account_id", "accounts", False),
    ("portals", "member_ids", "users", False),
    ("categories", "account_id", "accounts", False),
    ("categories", "portal_id", "portals", True),
    ("categories", "parent_category_id", "categories", False),
    ("categories", "associated_category_id", "categories", False),
    ("categories", "related_category_ids", "categories", False),
    ("articles", "account_id", "accounts", False),
    ("articles", "portal_id", "portals", True),
    ("articles", "author_id", "users", False),
    ("articles", "category_id", "categories", False),
)

# (table, field, allowed values): what the API's writes choose from and the reads look values up in
CHOICES = (
    ("accounts", "status", ACCOUNT_STATUSES),
    ("accounts", "locale", LOCALES),
    ("account_users", "role", ROLES),
    ("account_users", "availability", AVAILABILITIES),
    ("custom_attributes", "attribute_display_type", ATTRIBUTE_TYPES),
    ("custom_attributes", "attribute_model", ATTRIBUTE_MODELS),
    ("custom_filters", "filter_type", FILTER_TYPES),
    ("agent_bots", "bot_type", ("webhook", "csml")),
    ("inboxes", "channel_type", tuple(CHANNEL_TYPES.values())),
    ("inboxes", "sender_name_type", ("friendly", "professional")),
    ("conversations", "status", CONVERSATION_STATUSES),
    ("conversations", "priority", (None, *PRIORITIES)),
    ("messages", "message_type", tuple(range(len(MESSAGE_TYPES)))),
    ("messages", "content_type", CONTENT_TYPES),
    ("messages", "status", MESSAGE_STATUSES),
    ("messages", "sender_type", (None, *SENDER_TABLES)),
    ("reporting_events", "name", REPORTING_EVENTS),
    ("automation_rules", "event_name", AUTOMATION_EVENTS),
    ("integration_hooks", "status", HOOK_STATUSES),
    ("integration_hooks", "hook_type", ("account", "inbox")),
    ("articles", "status", ARTICLE_STATUSES),
)


def check_chatwoot(state: ChatwootState) -> None:
    """Raise InvalidValue at the path (below the vendor) of the first inconsistency."""
    for table in TABLES:
        _check_keys(state, table)
    for table, field, allowed in CHOICES:
        _check_choice(state, table, field, allowed)
    _check_sequences(state)
    _check_display_ids(state)
    for table, field, target, present in REFERENCES:
        _check_reference(state, table, field, target, present)
    _check_senders(state)
    _check_limits(state)
    _check_durations(state)
    _check_subscriptions(state)
    _check_permissible(state)


def _records(state: ChatwootState, table: str) -> dict[int, Any]:
    records: dict[int, Any] = getattr(state, table)
    return records


def _check_keys(state: ChatwootState, table: str) -> None:
    for key, record in _records(state, table).items():
        if record.id != key:
            refuse(f"the record stored under {key} has id {record.id}", table, key, "id")
        if key <= 0:
            refuse("ids are positive", table, key, "id")


def _sequence(table: str) -> str:
    return SEQUENCES.get(table, table)


def _issued(state: ChatwootState, table: str) -> int:
    """The last id the table's sequence handed out: ids up to it may name deleted records."""
    return state.sequences.get(_sequence(table), 0)


def _check_sequences(state: ChatwootState) -> None:
    """A sequence behind its table would hand out an id in use: the next record would replace another."""
    for name, last in state.sequences.items():
        if last < 0:
            refuse(f"a sequence cannot be negative, got {last}", "sequences", name)
    for table in TABLES:
        top = max(_records(state, table), default=0)
        if _issued(state, table) < top:
            refuse(f"{_issued(state, table)} is below the largest id in use ({top})", "sequences", _sequence(table))
    for key, inbox in state.inboxes.items():
        issued = state.sequences.get(CHANNEL_SEQUENCES[inbox.channel_type], 0)
        if not 0 < inbox.channel_id <= issued:
            refuse(f"channel {inbox.channel_id} was never issued (last: {issued})", "inboxes", key, "channel_id")


def _check_display_ids(state: ChatwootState) -> None:
    """Display ids are a sequence per account: positive, unique, never past the account's counter."""
    seen: set[tuple[int, int]] = set()
    for key, conversation in state.conversations.items():
        pair = (conversation.account_id, conversation.display_id)
        last = state.display_ids.get(conversation.account_id, 0)
        if not 0 < conversation.display_id <= last:
            refuse(f"display id {conversation.display_id} was never issued for account {conversation.account_id} "
                   f"(last: {last})", "conversations", key, "display_id")
        if pair in seen:
            refuse(f"display id {conversation.display_id} is taken in account {conversation.account_id}",
                   "conversations", key, "display_id")
        seen.add(pair)


def _check_reference(state: ChatwootState, table: str, field: str, target: str, present: bool) -> None:
    stored = _records(state, target)
    issued = 0 if present else _issued(state, target)
    for key, record in _records(state, table).items():
        value = getattr(record, field)
        for index, item in enumerate(value if isinstance(value, list) else [value]):
            if not (item is None or item in stored or 0 < item <= issued):
                where = (table, key, field, index) if isinstance(value, list) else (table, key, field)
                refuse(f"no {NOUNS[target]} {item}", *where)


def _check_choice(state: ChatwootState, table: str, field: str, allowed: tuple[Any, ...]) -> None:
    for key, record in _records(state, table).items():
        one_of(getattr(record, field), allowed, table, key, field)


def _check_senders(state: ChatwootState) -> None:
    """A message's sender is a user, contact or agent bot (one since deleted is allowed), or nobody."""
    for key, message in state.messages.items():
        if message.sender_type is None or message.sender_id is None:
            continue
        target = SENDER_TABLES[message.sender_type]
        sender = message.sender_id
        if not (sender in _records(state, target) or 0 < sender <= _issued(state, target)):
            refuse(f"no {NOUNS[target]} {sender}", "messages", key, "sender_id")


def _check_limits(state: ChatwootState) -> None:
    """The application API reads an account's limits as whole numbers (null: the default, as the API stores it)."""
    for key, account in state.accounts.items():
        for name in LIMIT_KEYS:
            if account.limits.get(name) is None:
                continue
            value = account.limits[name]
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                refuse(f"expected a whole number of 0 or more, got {value!r}", "accounts", key, "limits", name)


def _check_durations(state: ChatwootState) -> None:
    """Reporting events hold seconds between two instants of the clock: reports add them up."""
    for key, event in state.reporting_events.items():
        if not 0 <= event.value <= LONGEST:
            refuse(f"expected seconds from 0 to {LONGEST:g}, got {event.value!r}", "reporting_events", key, "value")


def _check_subscriptions(state: ChatwootState) -> None:
    for key, webhook in state.webhooks.items():
        for index, event in enumerate(webhook.subscriptions):
            if event not in WEBHOOK_EVENTS:
                refuse(f"not a webhook event: {event!r}", "webhooks", key, "subscriptions", index)


def _check_permissible(state: ChatwootState) -> None:
    """A platform app's grants read `Kind:id` (the platform API parses them)."""
    for key, app in state.platform_apps.items():
        for index, grant in enumerate(app.permissible):
            if PERMISSIBLE.fullmatch(grant) is None:
                refuse(f"expected Account:<id>, AgentBot:<id> or User:<id>, got {grant!r}",
                       "platform_apps", key, "permissible", index)
