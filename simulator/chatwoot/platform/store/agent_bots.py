"""Agent bots a platform app creates: global ones, or owned by an account that must exist."""

from __future__ import annotations

from typing import Any

from simulator.chatwoot.errors import RecordInvalid
from simulator.chatwoot.models import AgentBot
from simulator.chatwoot.platform.store.base import PlatformPart

BOT_FIELDS = ("name", "description", "outgoing_url", "account_id")


class AgentBots(PlatformPart):
    """The agent-bot operations of one platform app."""

    def all(self) -> list[AgentBot]:
        """The bots this app created, in the order it created them."""
        ids = [int(p.split(":")[1]) for p in self.app.permissible if p.startswith("AgentBot:")]
        return [self.state.agent_bots[i] for i in ids if i in self.state.agent_bots]

    def find(self, bot_id: Any) -> AgentBot:
        return self.lookup("AgentBot", bot_id)

    def create(self, body: dict[str, Any]) -> AgentBot:
        self._check_account(body)
        bot = AgentBot(id=self.state.next_id("agent_bots"), name=body.get("name") or "",
                       access_token=self.ctx.new_token(), created_at=self.ctx.now())
        _assign_bot(bot, body)
        self.state.agent_bots[bot.id] = bot
        self.app.grant("AgentBot", bot.id)
        return bot

    def update(self, bot_id: Any, body: dict[str, Any]) -> AgentBot:
        bot = self.find(bot_id)
        self._check_account(body)
        _assign_bot(bot, body)
        return bot

    def delete(self, bot_id: Any) -> None:
        bot = self.find(bot_id)
        for inbox in self.state.inboxes.values():
            if inbox.agent_bot_id == bot.id:
                inbox.agent_bot_id = None
        del self.state.agent_bots[bot.id]

    def _check_account(self, body: dict[str, Any]) -> None:
        """Simulator choice: an unknown `account_id` is a 422 (the real server fails on its foreign key)."""
        if body.get("account_id") is not None and body["account_id"] not in self.state.accounts:
            raise RecordInvalid([("account", "Account must exist")])


def _assign_bot(bot: AgentBot, body: dict[str, Any]) -> None:
    for key in BOT_FIELDS:
        if key in body:
            setattr(bot, key, body[key])
    bot.name = bot.name or ""
