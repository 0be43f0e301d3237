"""Teams of an account and their members: names stored lower-cased and unique, written by administrators."""

from __future__ import annotations

from typing import Any

from simulator.chatwoot.errors import RecordInvalid, Unauthorized
from simulator.chatwoot.models import AccountUser, Team, User
from simulator.chatwoot.store.agents import Agents
from simulator.chatwoot.store.base import owned
from simulator.chatwoot.store.indexes import indexes
from simulator.chatwoot.store.scope import AccountPart


class Teams(AccountPart):
    """The team operations of one account: any member reads, administrators write."""

    def all(self) -> list[Team]:
        return [t for t in self.state.teams.values() if t.account_id == self.account_id]

    def find(self, team_id: Any) -> Team:
        return owned(self.state.teams, team_id, self.account_id)

    def _check(self, name: str | None, own_id: int | None) -> str:
        if not name or not name.strip():
            raise RecordInvalid([("name", "Name can't be blank")])
        lowered = name.strip().lower()
        if any(t.name == lowered and t.id != own_id for t in self.all()):
            raise RecordInvalid([("name", "Name has already been taken")])
        return lowered

    def create(self, *, name: str | None, description: str | None, allow_auto_assign: bool | None) -> Team:
        self.scope.require_admin()
        lowered = self._check(name, None)
        now = self.scope.ctx.now()
        team = Team(id=self.state.next_id("teams"), account_id=self.account_id, name=lowered, created_at=now,
                    updated_at=now, description=description or "",
                    allow_auto_assign=True if allow_auto_assign is None else allow_auto_assign)
        self.state.teams[team.id] = team
        return team

    def update(self, team_id: int, changes: dict[str, Any]) -> Team:
        team = self.find(team_id)  # the record is loaded before the role check
        self.scope.require_admin()
        name = self._check(changes["name"], team.id) if "name" in changes else team.name
        team.name = name
        if changes.get("description") is not None:
            team.description = changes["description"]
        if changes.get("allow_auto_assign") is not None:
            team.allow_auto_assign = changes["allow_auto_assign"]
        team.updated_at = self.scope.ctx.now()
        return team

    def delete(self, team_id: int) -> None:
        team = self.find(team_id)
        self.scope.require_admin()
        del self.state.teams[team.id]
        for conversation in indexes(self.state).of_account(self.account_id):  # `dependent: :nullify`
            if conversation.team_id == team.id:
                conversation.team_id = None

    # ---- members -------------------------------------------------------------------------------

    def members(self, team_id: int) -> list[tuple[User, AccountUser]]:
        team = self.find(team_id)
        agents = Agents(self.scope)
        return [agents.find(user_id) for user_id in team.member_ids
                if self.state.membership(self.account_id, user_id) is not None]

    def _account_user_ids(self, user_ids: list[int]) -> list[int]:
        """Every id must be a member of the account: otherwise 401 `Invalid User IDs` (as the real server)."""
        members = {m.user_id for m in self.state.members(self.account_id)}
        if any(user_id not in members for user_id in user_ids):
            raise Unauthorized("Invalid User IDs")
        return list(dict.fromkeys(user_ids))

    def add_members(self, team_id: int, user_ids: list[int]) -> list[tuple[User, AccountUser]]:
        """Returns only the agents that were not members yet."""
        team = self.find(team_id)
        self.scope.require_admin()
        added = [u for u in self._account_user_ids(user_ids) if u not in team.member_ids]
        team.member_ids.extend(added)
        agents = Agents(self.scope)
        return [agents.find(user_id) for user_id in added]

    def replace_members(self, team_id: int, user_ids: list[int]) -> list[tuple[User, AccountUser]]:
        team = self.find(team_id)
        self.scope.require_admin()
        team.member_ids = self._account_user_ids(user_ids)
        return self.members(team_id)

    def remove_members(self, team_id: int, user_ids: list[int]) -> None:
        team = self.find(team_id)
        self.scope.require_admin()
        removing = set(self._account_user_ids(user_ids))
        team.member_ids = [u for u in team.member_ids if u not in removing]
