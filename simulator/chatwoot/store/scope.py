"""One account as one caller sees it (identity and permissions), the Context it runs on, and AccountPart."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from simulator.chatwoot.errors import Unauthorized
from simulator.chatwoot.models import Account, AccountUser, AgentBot, ChatwootState, Conversation, Inbox, Message, User
from simulator.chatwoot.store.events import Deliver, Events


@dataclass
class Context:
    now: Callable[[], datetime]
    new_token: Callable[[], str]
    agent_limit: int
    new_uuid: Callable[[], str]
    deliver: Deliver | None = None  # outgoing events (webhooks, agent bots); None sends nothing


class ChatwootStore:
    """One account as its caller sees it: a member (`user`, `membership`) or a `bot`."""

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


class AccountPart:
    """One group of an account's operations, working through the caller's store."""

    def __init__(self, store: ChatwootStore) -> None:
        self.store = store
        self.state = store.state
        self.account_id = store.account.id
