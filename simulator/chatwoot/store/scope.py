"""ChatwootStore: one account's rules for the application API, one method per operation."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, TypeVar

from simulator.chatwoot.errors import NotFound, PaymentRequired, RecordInvalid, Unauthorized
from simulator.chatwoot.models import (
    AVAILABILITIES,
    ROLES,
    Account,
    AccountUser,
    AgentBot,
    CannedResponse,
    ChatwootState,
    Conversation,
    Inbox,
    Message,
    Team,
    User,
)
from simulator.chatwoot.store.events import Deliver, Events


class AccountRecord(Protocol):
    """Anything stored per account (the `owned` lookup needs only this)."""

    account_id: int | None


T = TypeVar("T", bound=AccountRecord)
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")  # Devise's default email regexp, close enough
LICENCE_EXCEEDED = "Account limit exceeded. Please purchase more licenses"


@dataclass
class Context:
    now: Callable[[], datetime]
    new_token: Callable[[], str]
    agent_limit: int
    new_uuid: Callable[[], str]
    deliver: Deliver | None = None  # outgoing events (webhooks, agent bots); None sends nothing


class ChatwootStore:
    """Operations of one account, as its caller sees them: a member (`user`, `membership`) or a `bot`."""

    def __init__(self, state: ChatwootState, account: Account, user: User | None, membership: AccountUser | None,
                 ctx: Context, bot: AgentBot | None = None) -> None:
        self.state = state
        self.account = account
        self.user = user  # None when a bot calls an operation open to bots, or for the public API
        self.membership = membership
        self.ctx = ctx
        self.bot = bot
        self.automating = False  # while a rule's actions run: what they cause runs no rule
        self.queued_rules: list[tuple[str, Conversation, Message | None]] | None = None  # Events.rules_afterwards

    @property
    def events(self) -> Events:
        return Events(self)

    @property
    def is_admin(self) -> bool:
        return self.membership is not None and self.membership.role == "administrator"

    @property
    def is_agent(self) -> bool:
        """A member with the `agent` role (not a bot, not an administrator)."""
        return self.membership is not None and self.membership.role == "agent"

    def require_admin(self) -> None:
        if not self.is_admin:
            raise Unauthorized()

    def can_see_inbox(self, inbox: Inbox) -> bool:
        """Administrators see every inbox, agents their own, bots those they are attached to.

        A store with neither user nor bot acts for a contact through the public API, whose
        inbox identifier in the URL was the proof: every inbox of the account is open to it.
        """
        if self.bot is not None:
            return inbox.agent_bot_id == self.bot.id
        if self.user is None:
            return True
        return self.is_admin or self.user.id in inbox.member_ids

    def require_inbox(self, inbox: Inbox) -> None:
        if not self.can_see_inbox(inbox):
            raise Unauthorized()

    # ---- agents --------------------------------------------------------------------------

    def agents(self) -> list[tuple[User, AccountUser]]:
        """Every member of the account, ordered by name (Rails: `order(name)`)."""
        pairs = [(self.state.users[m.user_id], m) for m in self.state.members(self.account.id)]
        return sorted(pairs, key=lambda pair: (pair[0].name, pair[0].id))

    def _agent(self, user_id: int) -> tuple[User, AccountUser]:
        membership = self.state.membership(self.account.id, user_id)
        if membership is None:
            raise NotFound()
        return self.state.users[user_id], membership

    def add_agent(self, *, name: str | None, email: str | None, role: str | None, availability: str | None,
                  auto_offline: bool | None) -> tuple[User, AccountUser]:
        self.require_admin()
        if len(self.state.members(self.account.id)) >= self.ctx.agent_limit:  # `validate_limit`, a before-action
            raise PaymentRequired(LICENCE_EXCEEDED)
        errors: list[tuple[str, str]] = []
        if not name or not name.strip():
            errors.append(("name", "Name can't be blank"))
        if not email or not email.strip():
            errors.append(("email", "Email can't be blank"))
        elif not EMAIL.match(email.strip()):
            errors.append(("email", "Email is invalid"))
        _check_choice(errors, "role", role or "agent", ROLES)
        _check_choice(errors, "availability", availability, AVAILABILITIES)
        if errors:
            raise RecordInvalid(errors)
        assert email is not None and name is not None
        now = self.ctx.now()
        user = self.state.user_by_email(email.strip())
        if user is None:
            user = User(id=self.state.next_id("users"), name=name.strip(), email=email.strip().lower(),
                        access_token=self.ctx.new_token(), created_at=now, confirmed=False,
                        pubsub_token=self.ctx.new_token())
            self.state.users[user.id] = user
        elif self.state.membership(self.account.id, user.id) is not None:
            raise RecordInvalid([("email", "Email has already been taken")])
        membership = AccountUser(
            id=self.state.next_id("account_users"), account_id=self.account.id, user_id=user.id,
            role=role or "agent", created_at=now, updated_at=now, availability=availability or "offline",
            auto_offline=True if auto_offline is None else auto_offline, inviter_id=self.user.id,
        )
        self.state.account_users[membership.id] = membership
        return user, membership

    def update_agent(self, user_id: int, *, name: str | None, role: str | None, availability: str | None,
                     auto_offline: bool | None) -> tuple[User, AccountUser]:
        user, membership = self._agent(user_id)  # the record is loaded before the role check
        self.require_admin()
        errors: list[tuple[str, str]] = []
        if name is not None and not name.strip():
            errors.append(("name", "Name can't be blank"))
        _check_choice(errors, "role", role, ROLES)
        _check_choice(errors, "availability", availability, AVAILABILITIES)
        if errors:
            raise RecordInvalid(errors)
        if name is not None:
            user.name = name.strip()
        if role is not None:
            membership.role = role
        if availability is not None:
            membership.availability = availability
        if auto_offline is not None:
            membership.auto_offline = auto_offline
        membership.updated_at = self.ctx.now()
        return user, membership

    def remove_agent(self, user_id: int) -> None:
        """Ends the membership; a user left without any account is deleted."""
        user, membership = self._agent(user_id)
        self.require_admin()
        del self.state.account_users[membership.id]
        self._forget_member(user.id)
        if not any(m.user_id == user.id for m in self.state.account_users.values()):
            del self.state.users[user.id]

    def _forget_member(self, user_id: int) -> None:
        """What the real removal job does: unassign the account's conversations, leave its inboxes and teams."""
        account_id = self.account.id
        for conversation in self.state.conversations.values():
            if conversation.account_id == account_id and conversation.assignee_id == user_id:
                conversation.assignee_id = None
        for group in (*self.state.inboxes.values(), *self.state.teams.values()):
            if group.account_id == account_id and user_id in group.member_ids:
                group.member_ids = [member for member in group.member_ids if member != user_id]

    # ---- teams ---------------------------------------------------------------------------

    def teams(self) -> list[Team]:
        return [t for t in self.state.teams.values() if t.account_id == self.account.id]

    def team(self, team_id: Any) -> Team:
        return owned(self.state.teams, team_id, self.account.id)

    def _check_team(self, name: str | None, own_id: int | None) -> str:
        if not name or not name.strip():
            raise RecordInvalid([("name", "Name can't be blank")])
        lowered = name.strip().lower()
        if any(t.name == lowered and t.id != own_id for t in self.teams()):
            raise RecordInvalid([("name", "Name has already been taken")])
        return lowered

    def create_team(self, *, name: str | None, description: str | None, allow_auto_assign: bool | None) -> Team:
        self.require_admin()
        lowered = self._check_team(name, None)
        now = self.ctx.now()
        team = Team(id=self.state.next_id("teams"), account_id=self.account.id, name=lowered, created_at=now,
                    updated_at=now, description=description or "",
                    allow_auto_assign=True if allow_auto_assign is None else allow_auto_assign)
        self.state.teams[team.id] = team
        return team

    def update_team(self, team_id: int, changes: dict[str, Any]) -> Team:
        team = self.team(team_id)  # the record is loaded before the role check
        self.require_admin()
        name = self._check_team(changes["name"], team.id) if "name" in changes else team.name
        team.name = name
        if changes.get("description") is not None:
            team.description = changes["description"]
        if changes.get("allow_auto_assign") is not None:
            team.allow_auto_assign = changes["allow_auto_assign"]
        team.updated_at = self.ctx.now()
        return team

    def delete_team(self, team_id: int) -> None:
        team = self.team(team_id)
        self.require_admin()
        del self.state.teams[team.id]
        for conversation in self.state.conversations.values():  # `dependent: :nullify`
            if conversation.team_id == team.id:
                conversation.team_id = None

    def team_members(self, team_id: int) -> list[tuple[User, AccountUser]]:
        team = self.team(team_id)
        return [self._agent(user_id) for user_id in team.member_ids
                if self.state.membership(self.account.id, user_id) is not None]

    def _account_user_ids(self, user_ids: list[int]) -> list[int]:
        """Every id must be a member of the account: otherwise 401 `Invalid User IDs` (as the real server)."""
        members = {m.user_id for m in self.state.members(self.account.id)}
        if any(user_id not in members for user_id in user_ids):
            raise Unauthorized("Invalid User IDs")
        return list(dict.fromkeys(user_ids))

    def add_team_members(self, team_id: int, user_ids: list[int]) -> list[tuple[User, AccountUser]]:
        """Returns only the agents that were not members yet."""
        team = self.team(team_id)
        self.require_admin()
        added = [u for u in self._account_user_ids(user_ids) if u not in team.member_ids]
        team.member_ids.extend(added)
        return [self._agent(user_id) for user_id in added]

    def replace_team_members(self, team_id: int, user_ids: list[int]) -> list[tuple[User, AccountUser]]:
        team = self.team(team_id)
        self.require_admin()
        team.member_ids = self._account_user_ids(user_ids)
        return self.team_members(team_id)

    def remove_team_members(self, team_id: int, user_ids: list[int]) -> None:
        team = self.team(team_id)
        self.require_admin()
        removing = set(self._account_user_ids(user_ids))
        team.member_ids = [u for u in team.member_ids if u not in removing]

    # ---- canned responses ----------------------------------------------------------------

    def canned_responses(self, search: str | None) -> list[CannedResponse]:
        found = [c for c in self.state.canned_responses.values() if c.account_id == self.account.id]
        if search:
            needle = search.lower()
            found = [c for c in found if needle in c.short_code.lower() or needle in c.content.lower()]
        return found

    def _canned(self, canned_id: int) -> CannedResponse:
        return owned(self.state.canned_responses, canned_id, self.account.id)

    def _check_canned(self, short_code: str | None, content: str | None, own_id: int | None) -> None:
        errors: list[tuple[str, str]] = []
        if not short_code or not short_code.strip():
            errors.append(("short_code", "Short code can't be blank"))
        elif any(c.short_code == short_code and c.id != own_id for c in self.canned_responses(None)):
            errors.append(("short_code", "Short code has already been taken"))
        if not content or not content.strip():
            errors.append(("content", "Content can't be blank"))
        if errors:
            raise RecordInvalid(errors)

    def create_canned_response(self, *, short_code: str | None, content: str | None) -> CannedResponse:
        self._check_canned(short_code, content, None)
        assert short_code is not None and content is not None
        now = self.ctx.now()
        canned = CannedResponse(id=self.state.next_id("canned_responses"), account_id=self.account.id,
                                short_code=short_code, content=content, created_at=now, updated_at=now)
        self.state.canned_responses[canned.id] = canned
        return canned

    def update_canned_response(self, canned_id: int, changes: dict[str, Any]) -> CannedResponse:
        canned = self._canned(canned_id)
        short_code = changes.get("short_code", canned.short_code)
        content = changes.get("content", canned.content)
        self._check_canned(short_code, content, canned.id)
        canned.short_code, canned.content = short_code, content
        canned.updated_at = self.ctx.now()
        return canned

    def delete_canned_response(self, canned_id: int) -> None:
        del self.state.canned_responses[self._canned(canned_id).id]


def owned(records: dict[int, T], record_id: Any, account_id: int) -> T:
    """The record with that id (Rails' `find` casts "12" to 12) if it belongs to the account; 404 otherwise."""
    key = as_id(record_id)
    record = records.get(key) if key is not None else None
    if record is None or record.account_id != account_id:
        raise NotFound()
    return record


class AccountPart:
    """One group of an account's operations, working through the caller's store."""

    def __init__(self, store: ChatwootStore) -> None:
        self.store = store
        self.state = store.state
        self.account_id = store.account.id


MAX_ID_DIGITS = 19  # PostgreSQL's bigint


def as_id(value: Any) -> int | None:
    """Rails' `find` casts "12" to 12; anything else finds nothing."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        digits = value.strip().lstrip("0") or "0"
        return int(digits) if len(digits) <= MAX_ID_DIGITS else None  # beyond bigint: no record (404)
    return None


def _check_choice(errors: list[tuple[str, str]], field: str, value: str | None, allowed: tuple[str, ...]) -> None:
    """Rails enums raise on an unknown value (a 500); the simulator answers 422 instead."""
    if value is not None and value not in allowed:
        errors.append((field, f"'{value}' is not a valid {field}"))

