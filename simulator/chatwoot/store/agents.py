"""Agents: the members of an account (users with a role), added within the licence limit, updated and removed."""

from __future__ import annotations

from simulator.chatwoot.errors import NotFound, PaymentRequired, RecordInvalid
from simulator.chatwoot.models import AVAILABILITIES, ROLES, AccountUser, ChatwootState, User
from simulator.chatwoot.store.base import EMAIL, check_choice
from simulator.chatwoot.store.indexes import indexes
from simulator.chatwoot.store.scope import AccountPart

LICENCE_EXCEEDED = "Account limit exceeded. Please purchase more licenses"


class Agents(AccountPart):
    """The agent operations of one account: any member lists, administrators write."""

    def all(self) -> list[tuple[User, AccountUser]]:
        """Every member of the account, ordered by name (Rails: `order(name)`)."""
        pairs = [(self.state.users[m.user_id], m) for m in self.state.members(self.account_id)]
        return sorted(pairs, key=lambda pair: (pair[0].name, pair[0].id))

    def find(self, user_id: int) -> tuple[User, AccountUser]:
        """A member by user id, with the membership (404 when the user is no member)."""
        membership = self.state.membership(self.account_id, user_id)
        if membership is None:
            raise NotFound()
        return self.state.users[user_id], membership

    def add(self, *, name: str | None, email: str | None, role: str | None, availability: str | None,
            auto_offline: bool | None) -> tuple[User, AccountUser]:
        self.scope.require_admin()
        if len(self.state.members(self.account_id)) >= self.scope.ctx.agent_limit:  # `validate_limit`, a before-action
            raise PaymentRequired(LICENCE_EXCEEDED)
        errors: list[tuple[str, str]] = []
        if not name or not name.strip():
            errors.append(("name", "Name can't be blank"))
        if not email or not email.strip():
            errors.append(("email", "Email can't be blank"))
        elif not EMAIL.match(email.strip()):
            errors.append(("email", "Email is invalid"))
        check_choice(errors, "role", role or "agent", ROLES)
        check_choice(errors, "availability", availability, AVAILABILITIES)
        if errors:
            raise RecordInvalid(errors)
        assert email is not None and name is not None
        now = self.scope.ctx.now()
        user = self.state.user_by_email(email.strip())
        if user is None:
            user = User(id=self.state.next_id("users"), name=name.strip(), email=email.strip().lower(),
                        access_token=self.scope.ctx.new_token(), created_at=now, confirmed=False,
                        pubsub_token=self.scope.ctx.new_token())
            self.state.users[user.id] = user
        elif self.state.membership(self.account_id, user.id) is not None:
            raise RecordInvalid([("email", "Email has already been taken")])
        membership = AccountUser(
            id=self.state.next_id("account_users"), account_id=self.account_id, user_id=user.id,
            role=role or "agent", created_at=now, updated_at=now, availability=availability or "offline",
            auto_offline=True if auto_offline is None else auto_offline, inviter_id=self.scope.user.id,
        )
        self.state.account_users[membership.id] = membership
        return user, membership

    def update(self, user_id: int, *, name: str | None, role: str | None, availability: str | None,
               auto_offline: bool | None) -> tuple[User, AccountUser]:
        user, membership = self.find(user_id)  # the record is loaded before the role check
        self.scope.require_admin()
        errors: list[tuple[str, str]] = []
        if name is not None and not name.strip():
            errors.append(("name", "Name can't be blank"))
        check_choice(errors, "role", role, ROLES)
        check_choice(errors, "availability", availability, AVAILABILITIES)
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
        membership.updated_at = self.scope.ctx.now()
        return user, membership

    def remove(self, user_id: int) -> None:
        """Ends the membership; a user left without any account is deleted."""
        user, membership = self.find(user_id)
        self.scope.require_admin()
        del self.state.account_users[membership.id]
        forget_member(self.state, self.account_id, user.id)
        if not any(m.user_id == user.id for m in self.state.account_users.values()):
            del self.state.users[user.id]


def forget_member(state: ChatwootState, account_id: int, user_id: int) -> None:
    """What the real removal job does: unassign the account's conversations, leave its inboxes and teams."""
    for conversation in indexes(state).of_account(account_id):
        if conversation.assignee_id == user_id:
            conversation.assignee_id = None
    for group in (*state.inboxes.values(), *state.teams.values()):
        if group.account_id == account_id and user_id in group.member_ids:
            group.member_ids = [member for member in group.member_ids if member != user_id]
