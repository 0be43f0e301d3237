"""Account users a platform app writes: memberships of its accounts, upserted by user id, removed with their seats."""

from __future__ import annotations

from typing import Any

from simulator.chatwoot.errors import RecordInvalid
from simulator.chatwoot.models import ROLES, Account, AccountUser
from simulator.chatwoot.platform.store.base import PlatformPart
from simulator.chatwoot.store.agents import forget_member
from simulator.chatwoot.store.base import check_choice


class AccountUsers(PlatformPart):
    """The membership operations of one platform app, on the accounts it created."""

    def _account(self, account_id: Any) -> Account:
        return self.lookup("Account", account_id)

    def all(self, account_id: Any) -> list[AccountUser]:
        return sorted(self.state.members(self._account(account_id).id), key=lambda m: m.id)

    def upsert(self, account_id: Any, body: dict[str, Any]) -> AccountUser:
        """`find_or_initialize_by(user_id)`, then `update!(user_id, role)`: a new member is an agent by default."""
        account = self._account(account_id)
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

    def remove(self, account_id: Any, user_id: int | None) -> None:
        """200 whether or not the user was a member; what the removal job does follows."""
        account = self._account(account_id)
        membership = self.state.membership(account.id, user_id) if user_id is not None else None
        if membership is not None:
            del self.state.account_users[membership.id]
            forget_member(self.state, account.id, membership.user_id)
