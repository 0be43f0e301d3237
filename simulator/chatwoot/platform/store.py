"""The platform API's operations: accounts, their users, agent bots and users, as one platform app may reach them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote

from simulator.chatwoot.errors import RailsNotFound, RecordInvalid, Unauthorized
from simulator.chatwoot.models import (
    ACCOUNT_STATUSES,
    LIMIT_KEYS,
    LOCALES,
    ROLES,
    Account,
    AccountUser,
    AgentBot,
    ChatwootState,
    PlatformApp,
    User,
)
from simulator.chatwoot.store.agents import forget_member
from simulator.chatwoot.store.base import EMAIL, as_id, check_choice, record_time

NON_PERMISSIBLE = "Non permissible resource"
ACCOUNT_FIELDS = ("name", "locale", "domain", "support_email", "status", "limits", "custom_attributes")
BOT_FIELDS = ("name", "description", "outgoing_url", "account_id")
# devise-secure_password as Chatwoot configures it: 6..128 characters, one of each class, nothing else.
PASSWORD_LENGTH = (6, 128)
SPECIALS = " !@#$%^&*()_+-=[]{}|\"/\\.,`<>:;?~'"
PASSWORD_CLASSES = (
    ("uppercase", "(A..Z)", lambda c: "A" <= c <= "Z"),
    ("lowercase", "(a..z)", lambda c: "a" <= c <= "z"),
    ("number", "(0..9)", lambda c: "0" <= c <= "9"),
    ("special", f"({SPECIALS})", lambda c: c in SPECIALS),
)


@dataclass
class PlatformContext:
    now: Callable[[], datetime]
    new_token: Callable[[], str]  # 24 characters, as `has_secure_token`
    new_secret: Callable[[], str]  # 64 hex characters, as `SecureRandom.hex(32)` (SSO tokens)


class Platform:
    """What one platform app may do: it reaches only the records it created (its `permissible` list)."""

    def __init__(self, state: ChatwootState, app: PlatformApp, ctx: PlatformContext) -> None:
        self.state = state
        self.app = app
        self.ctx = ctx

    # ---- lookups -----------------------------------------------------------------------------

    def find(self, kind: str, record_id: Any) -> Any:
        """Rails' `set_resource` (unknown: 404), then `validate_platform_app_permissible` (401)."""
        table = {"Account": self.state.accounts, "User": self.state.users, "AgentBot": self.state.agent_bots}[kind]
        key = as_id(record_id)
        record = table.get(key) if key is not None else None
        if record is None:
            raise RailsNotFound()
        if not self.app.may(kind, record.id):
            raise Unauthorized(NON_PERMISSIBLE)
        return record

    def account(self, account_id: Any) -> Account:
        return self.find("Account", account_id)

    def agent_bot(self, bot_id: Any) -> AgentBot:
        return self.find("AgentBot", bot_id)

    def user(self, user_id: Any) -> User:
        return self.find("User", user_id)

    # ---- accounts ----------------------------------------------------------------------------

    def create_account(self, body: dict[str, Any]) -> Account:
        _check_account(body, creating=True)
        account = Account(id=self.state.next_id("accounts"), name=body["name"], created_at=self.ctx.now())
        _assign_account(account, body)
        self.state.accounts[account.id] = account
        self.app.grant("Account", account.id)
        return account

    def update_account(self, account_id: Any, body: dict[str, Any]) -> Account:
        account = self.account(account_id)
        _check_account(body, creating=False)
        _assign_account(account, body)
        return account

    def delete_account(self, account_id: Any) -> None:
        """The real server queues the deletion; here the account and its memberships go at once."""
        account = self.account(account_id)
        for membership in self.state.members(account.id):
            del self.state.account_users[membership.id]
        del self.state.accounts[account.id]

    # ---- account users -----------------------------------------------------------------------

    def account_users(self, account_id: Any) -> list[AccountUser]:
        return sorted(self.state.members(self.account(account_id).id), key=lambda m: m.id)

    def upsert_account_user(self, account_id: Any, body: dict[str, Any]) -> AccountUser:
        """`find_or_initialize_by(user_id)`, then `update!(user_id, role)`: a new member is an agent by default."""
        account = self.account(account_id)
        user_id, role = body.get("user_id"), body.get("role")
        errors: list[tuple[str, str]] = []
        if user_id not in self.state.users:
            errors.append(("user", "User must exist"))
        check_choice(errors, "role", role, ROLES)
        if errors:
            raise RecordInvalid(errors)
        membership = self.state.membership(account.id, user_id)
        now = self.ctx.now()
        if membership is None:
            membership = AccountUser(id=self.state.next_id("account_users"), account_id=account.id, user_id=user_id,
                                     role=role or "agent", created_at=now, updated_at=now, availability="online")
            self.state.account_users[membership.id] = membership
        elif role is not None and role != membership.role:
            membership.role, membership.updated_at = role, now
        return membership

    def remove_account_user(self, account_id: Any, user_id: int | None) -> None:
        """200 whether or not the user was a member; what the removal job does follows."""
        account = self.account(account_id)
        membership = self.state.membership(account.id, user_id) if user_id is not None else None
        if membership is not None:
            del self.state.account_users[membership.id]
            forget_member(self.state, account.id, membership.user_id)

    # ---- agent bots --------------------------------------------------------------------------

    def agent_bots(self) -> list[AgentBot]:
        """The bots this app created, in the order it created them."""
        ids = [int(p.split(":")[1]) for p in self.app.permissible if p.startswith("AgentBot:")]
        return [self.state.agent_bots[i] for i in ids if i in self.state.agent_bots]

    def create_agent_bot(self, body: dict[str, Any]) -> AgentBot:
        self._check_bot_account(body)
        bot = AgentBot(id=self.state.next_id("agent_bots"), name=body.get("name") or "",
                       access_token=self.ctx.new_token(), created_at=self.ctx.now())
        _assign_bot(bot, body)
        self.state.agent_bots[bot.id] = bot
        self.app.grant("AgentBot", bot.id)
        return bot

    def update_agent_bot(self, bot_id: Any, body: dict[str, Any]) -> AgentBot:
        bot = self.agent_bot(bot_id)
        self._check_bot_account(body)
        _assign_bot(bot, body)
        return bot

    def delete_agent_bot(self, bot_id: Any) -> None:
        bot = self.agent_bot(bot_id)
        for inbox in self.state.inboxes.values():
            if inbox.agent_bot_id == bot.id:
                inbox.agent_bot_id = None
        del self.state.agent_bots[bot.id]

    def _check_bot_account(self, body: dict[str, Any]) -> None:
        """Simulator choice: an unknown `account_id` is a 422 (the real server fails on its foreign key)."""
        if body.get("account_id") is not None and body["account_id"] not in self.state.accounts:
            raise RecordInvalid([("account", "Account must exist")])

    # ---- users -------------------------------------------------------------------------------

    def create_user(self, body: dict[str, Any]) -> User:
        """An existing email returns that user as it is (only confirmed, as `skip_confirmation!` does)."""
        email = body.get("email")
        user = self.state.user_by_email(email) if isinstance(email, str) else None
        if user is None:
            self._check_user(body, None, password_required=True)
            assert email is not None
            user = User(id=self.state.next_id("users"), name=body["name"], email=email.lower(),
                        access_token=self.ctx.new_token(), created_at=self.ctx.now(),
                        display_name=body.get("display_name"), custom_attributes=body.get("custom_attributes") or {},
                        pubsub_token=self.ctx.new_token())
            self.state.users[user.id] = user
        user.confirmed = True
        self.app.grant("User", user.id)
        return user

    def update_user(self, user_id: Any, body: dict[str, Any]) -> User:
        """custom_attributes are merged into the stored ones; an email change needs no reconfirmation."""
        user = self.user(user_id)
        self._check_user(body, user, password_required=body.get("password") is not None)
        for key in ("name", "display_name"):
            if key in body:
                setattr(user, key, body[key])
        if "email" in body:
            user.email = body["email"].lower()
        if body.get("custom_attributes"):
            user.custom_attributes = {**user.custom_attributes, **body["custom_attributes"]}
        return user

    def delete_user(self, user_id: Any) -> None:
        """The user, its memberships and what they held (assignments, inbox and team seats) go."""
        user = self.user(user_id)
        for membership in [m for m in self.state.account_users.values() if m.user_id == user.id]:
            del self.state.account_users[membership.id]
            forget_member(self.state, membership.account_id, user.id)
        del self.state.users[user.id]

    def login_url(self, user_id: Any, frontend_url: str) -> str:
        """`User#generate_sso_link`: a fresh single-use token in the login page's URL."""
        user = self.user(user_id)
        return f"{frontend_url}/app/login?email={quote(user.email, safe='')}&sso_auth_token={self.ctx.new_secret()}"

    def _check_user(self, body: dict[str, Any], user: User | None, *, password_required: bool) -> None:
        errors: list[tuple[str, str]] = []
        if (user is None or "name" in body) and not str(body.get("name") or "").strip():
            errors.append(("name", "Name can't be blank"))
        if user is None or "email" in body:
            errors += self._email_errors(body.get("email"), user)
        if password_required:
            errors += [("password", message) for message in password_errors(body.get("password") or "")]
        if errors:
            raise RecordInvalid(errors)

    def _email_errors(self, email: str | None, user: User | None) -> list[tuple[str, str]]:
        if not email or not email.strip():
            return [("email", "Email can't be blank")]
        if not EMAIL.match(email):
            return [("email", "Email is invalid")]
        owner = self.state.user_by_email(email)
        if owner is not None and owner is not user:
            return [("email", "Email has already been taken")]
        return []


def password_errors(password: str) -> list[str]:
    """devise-secure_password's full messages, in its order: length, each class, then unknown characters."""
    errors: list[str] = []
    shortest, longest = PASSWORD_LENGTH
    if len(password) < shortest:
        errors.append(f"Password must contain at least {shortest} characters")
    elif len(password) > longest:
        errors.append(f"Password must contain less than {longest} characters")
    for name, listing, member in PASSWORD_CLASSES:
        if not any(member(c) for c in password):
            errors.append(f"Password must contain at least 1 {name} character {listing}")
    unknown = [c for c in password if not any(member(c) for _, _, member in PASSWORD_CLASSES)]
    if unknown:
        noun = "character" if len(unknown) == 1 else "characters"
        errors.append(f"Password contains {len(unknown)} invalid {noun} ({''.join(dict.fromkeys(unknown))})")
    return errors


def _present(value: Any) -> bool:
    """Rails' `present?`: false, nil, blank strings and empty collections are not (0 is)."""
    if value is None or value is False:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (dict, list)):
        return bool(value)
    return True


def _check_account(body: dict[str, Any], *, creating: bool) -> None:
    """Name present; locale and status from their enums; the limits the application API reads, whole numbers."""
    errors: list[tuple[str, str]] = []
    if (creating or "name" in body) and not str(body.get("name") or "").strip():
        errors.append(("name", "Name can't be blank"))
    check_choice(errors, "locale", body.get("locale"), LOCALES)
    check_choice(errors, "status", body.get("status"), ACCOUNT_STATUSES)
    for key in LIMIT_KEYS:
        value = (body.get("limits") or {}).get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            errors.append(("limits", f"Limits {key} must be a whole number of 0 or more"))
    if errors:
        raise RecordInvalid(errors)


def _assign_account(account: Account, body: dict[str, Any]) -> None:
    """`assign_attributes` of the permitted keys (null enums keep their value), then the features one by one."""
    for key in ACCOUNT_FIELDS:
        if key not in body or (body[key] is None and key in ("name", "locale", "status")):
            continue
        value = body[key]
        setattr(account, key, {} if value is None and key in ("limits", "custom_attributes") else value)
    for feature, value in (body.get("features") or {}).items():
        account.features[feature] = _present(value)


def _assign_bot(bot: AgentBot, body: dict[str, Any]) -> None:
    for key in BOT_FIELDS:
        if key in body:
            setattr(bot, key, body[key])
    bot.name = bot.name or ""


# ---- wire ----------------------------------------------------------------------------------------


def account_wire(account: Account) -> dict[str, Any]:
    """`platform/api/v1/models/_account.json.jbuilder`; `features` lists the enabled ones."""
    return {
        "id": account.id,
        "name": account.name,
        "locale": account.locale,
        "domain": account.domain,
        "support_email": account.support_email,
        "features": {name: True for name, enabled in account.features.items() if enabled},
        "custom_attributes": account.custom_attributes,
        "limits": account.limits,
        "status": account.status,
    }


def account_user_record(membership: AccountUser) -> dict[str, Any]:
    """The raw AccountUser record (`render json: @account_user`), times in ISO-8601 with milliseconds."""
    return {
        "id": membership.id,
        "account_id": membership.account_id,
        "user_id": membership.user_id,
        "role": membership.role,
        "inviter_id": membership.inviter_id,
        "active_at": record_time(membership.active_at),
        "availability": membership.availability,
        "auto_offline": membership.auto_offline,
        "created_at": record_time(membership.created_at),
        "updated_at": record_time(membership.updated_at),
    }


def agent_bot_wire(bot: AgentBot) -> dict[str, Any]:
    """`platform/api/v1/models/_agent_bot.json.jbuilder`, upstream bug kept: `outgoing_url` is the bot's name."""
    return {
        "id": bot.id,
        "name": bot.name,
        "description": bot.description,
        "outgoing_url": bot.name,
        "account_id": bot.account_id,
        "access_token": bot.access_token,
    }


def user_wire(user: User, state: ChatwootState) -> dict[str, Any]:
    """`platform/api/v1/models/_user.json.jbuilder`: `account_id` and `role` are the active account user's."""
    memberships = sorted((m for m in state.account_users.values()
                          if m.user_id == user.id and m.account_id in state.accounts), key=lambda m: m.id)
    active = _active(memberships)
    wire: dict[str, Any] = {
        "access_token": user.access_token,
        "account_id": active.account_id if active else None,
        "available_name": user.available_name,
        "avatar_url": "",
        "confirmed": user.confirmed,
        "display_name": user.display_name,
        "message_signature": user.message_signature,
        "email": user.email,
        "id": user.id,
        "name": user.name,
        "provider": "email",
        "pubsub_token": user.pubsub_token,
    }
    if user.custom_attributes:
        wire["custom_attributes"] = user.custom_attributes
    wire.update({"role": active.role if active else None, "ui_settings": {}, "uid": user.email})
    wire["accounts"] = [{"id": m.account_id, "name": state.accounts[m.account_id].name,
                         "active_at": record_time(m.active_at), "role": m.role} for m in memberships]
    return wire


def _active(memberships: list[AccountUser]) -> AccountUser | None:
    """`account_users.order(active_at: :desc).first`: PostgreSQL puts never-active (NULL) rows first."""
    if not memberships:
        return None
    never = next((m for m in memberships if m.active_at is None), None)
    return never or max(memberships, key=lambda m: m.active_at or m.created_at)
