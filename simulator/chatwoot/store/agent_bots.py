"""Agent bots an account sees: the global ones and its own; only its own can be changed."""

from __future__ import annotations

from typing import Any

from simulator.chatwoot.errors import NotFound, RecordInvalid
from simulator.chatwoot.models import BOT_TYPES, AgentBot
from simulator.chatwoot.store.base import as_id
from simulator.chatwoot.store.scope import AccountPart


class AgentBots(AccountPart):
    """The agent-bot operations of one account."""

    def all(self) -> list[AgentBot]:
        """Global bots (no account) and the account's own, by id."""
        return sorted((b for b in self.state.agent_bots.values() if b.account_id in (None, self.account_id)),
                      key=lambda b: b.id)

    def find(self, bot_id: Any) -> AgentBot:
        bot = self.state.agent_bots.get(as_id(bot_id))
        if bot is None or bot.account_id not in (None, self.account_id):
            raise NotFound()
        return bot

    def _own(self, bot_id: Any) -> AgentBot:
        bot = self.find(bot_id)
        if bot.account_id is None:  # a global bot cannot be changed through an account
            raise NotFound()
        return bot

    def create(self, body: dict[str, Any]) -> AgentBot:
        self.scope.require_admin()
        _check_bot(body)
        bot = AgentBot(id=self.state.next_id("agent_bots"), name=str(body.get("name") or ""),
                       access_token=self.scope.ctx.new_token(), created_at=self.scope.ctx.now(),
                       account_id=self.account_id, description=body.get("description"),
                       outgoing_url=body.get("outgoing_url"), bot_type=body.get("bot_type") or "webhook",
                       bot_config=body.get("bot_config") or {})
        self.state.agent_bots[bot.id] = bot
        return bot

    def update(self, bot_id: Any, body: dict[str, Any]) -> AgentBot:
        self.scope.require_admin()
        bot = self._own(bot_id)
        _check_bot(body)
        for key in ("name", "description", "outgoing_url", "bot_type", "bot_config"):
            if body.get(key) is not None:
                setattr(bot, key, body[key])
        return bot

    def delete(self, bot_id: Any) -> None:
        self.scope.require_admin()
        bot = self._own(bot_id)
        for inbox in self.state.inboxes.values():
            if inbox.agent_bot_id == bot.id:
                inbox.agent_bot_id = None
        del self.state.agent_bots[bot.id]


def _check_bot(body: dict[str, Any]) -> None:
    if body.get("bot_type") is not None and body["bot_type"] not in BOT_TYPES:
        raise RecordInvalid([("bot_type", f"'{body['bot_type']}' is not a valid bot_type")])
