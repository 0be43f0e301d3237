"""One account as one actor sees it (who acts, what they may do, the events they raise), and what it runs on."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from simulator.chatwoot.errors import Unauthorized
from simulator.chatwoot.models import Account, AccountUser, AgentBot, ChatwootState, Inbox, User
from simulator.chatwoot.store.base import Actor
from simulator.chatwoot.store.events import Events, Subscribers


@dataclass
class Context:
    """The clock, the id makers and the limits of one request, and who hears of its events."""

    now: Callable[[], datetime]
    new_token: Callable[[], str]
    agent_limit: int
    new_uuid: Callable[[], str]
    subscribers: Subscribers = field(default_factory=Subscribers)  # none: nobody hears of anything


class AccountScope:
    """One account as its actor sees it: a member, an agent bot, the public API's contact or the automation."""

    def __init__(self, state: ChatwootState, account: Account, actor: Actor, ctx: Context) -> None:
        self.state = state
        self.account = account
        self.actor = actor
        self.ctx = ctx
        self.events = Events(ctx.subscribers, actor, ctx.now)

    def acting_as(self, actor: Actor) -> AccountScope:
        """The same account and Context, another actor (the automation system runs a rule's actions so)."""
        return AccountScope(self.state, self.account, actor, self.ctx)

    @property
    def user(self) -> User | None:
        """The acting member's user; None for a bot, the public API's contact and the automation."""
        return self.actor.user

    @property
    def membership(self) -> AccountUser | None:
        return self.actor.membership

    @property
    def bot(self) -> AgentBot | None:
        return self.actor.bot

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

        Without user or bot the public API's contact acts, whose inbox identifier in the URL was
        the proof (or the automation system): every inbox of the account is open to it.
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
    """One group of an account's operations, working through the actor's scope."""

    def __init__(self, scope: AccountScope) -> None:
        self.scope = scope
        self.state = scope.state
        self.account_id = scope.account.id
