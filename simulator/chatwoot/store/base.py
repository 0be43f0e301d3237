"""What every rule of the application API shares: who acts, record lookups, Rails' casts, checks, time formats."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol, TypeVar

from simulator.chatwoot.errors import NotFound
from simulator.chatwoot.models import AccountUser, AgentBot, User


class AccountRecord(Protocol):
    """Anything stored per account (the `owned` lookup needs only this)."""

    account_id: int | None


T = TypeVar("T", bound=AccountRecord)
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")  # Devise's default email regexp, close enough
MAX_ID_DIGITS = 19  # PostgreSQL's bigint
AUTOMATION_SYSTEM = "Automation System"  # who the activity messages name when a rule acts


@dataclass(frozen=True)
class Actor:
    """Who acts in an account: a member (`user` with its `membership`), an agent `bot`, the contact through the
    public API (none of them), or the automation system (`automation`: a rule's actions)."""

    user: User | None = None
    membership: AccountUser | None = None
    bot: AgentBot | None = None
    automation: bool = False

    @property
    def name(self) -> str:
        """How activity messages name the actor (the contact writes none)."""
        if self.automation:
            return AUTOMATION_SYSTEM
        if self.bot is not None:
            return self.bot.name
        if self.user is None:
            raise ValueError("the contact of the public API writes no activity message")
        return self.user.name


PUBLIC_CONTACT = Actor()  # the contact of the public API
AUTOMATION = Actor(automation=True)


def owned(records: dict[int, T], record_id: Any, account_id: int) -> T:
    """The record with that id (Rails' `find` casts "12" to 12) if it belongs to the account; 404 otherwise."""
    key = as_id(record_id)
    record = records.get(key) if key is not None else None
    if record is None or record.account_id != account_id:
        raise NotFound()
    return record


def as_id(value: Any) -> int | None:
    """Rails' `find` casts "12" to 12; anything else finds nothing."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():  # "²" is no id: int() fails
        digits = value.strip().lstrip("0") or "0"
        return int(digits) if len(digits) <= MAX_ID_DIGITS else None  # beyond bigint: no record (404)
    return None


def check_choice(errors: list[tuple[str, str]], field: str, value: Any, allowed: tuple[str, ...]) -> None:
    """Rails enums raise on an unknown value (a 500); the simulator answers 422 instead."""
    if value is not None and value not in allowed:
        errors.append((field, f"'{value}' is not a valid {field}"))


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


def record_time(moment: datetime | None) -> str | None:
    """A time as a raw ActiveRecord record writes it: `2023-09-15T10:00:00.000Z`."""
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")[:-6] + "Z"


def unix(moment: datetime | None) -> int | None:
    """A time as jbuilder views write it (Ruby's `to_i`): whole unix seconds."""
    return None if moment is None else int(moment.timestamp())
