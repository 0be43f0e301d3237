"""Accounts a platform app creates: name, locale and status from their enums, limits as whole numbers, features."""

from __future__ import annotations

from typing import Any

from simulator.chatwoot.errors import RecordInvalid
from simulator.chatwoot.models import ACCOUNT_STATUSES, LIMIT_KEYS, LOCALES, Account
from simulator.chatwoot.platform.store.base import PlatformPart
from simulator.chatwoot.store.base import check_choice

ACCOUNT_FIELDS = ("name", "locale", "domain", "support_email", "status", "limits", "custom_attributes")


class Accounts(PlatformPart):
    """The account operations of one platform app."""

    def find(self, account_id: Any) -> Account:
        return self.lookup("Account", account_id)

    def create(self, body: dict[str, Any]) -> Account:
        _check_account(body, creating=True)
        account = Account(id=self.state.next_id("accounts"), name=body["name"], created_at=self.ctx.now())
        _assign_account(account, body)
        self.state.accounts[account.id] = account
        self.app.grant("Account", account.id)
        return account

    def update(self, account_id: Any, body: dict[str, Any]) -> Account:
        account = self.find(account_id)
        _check_account(body, creating=False)
        _assign_account(account, body)
        return account

    def delete(self, account_id: Any) -> None:
        """The real server queues the deletion; here the account and its memberships go at once."""
        account = self.find(account_id)
        for membership in self.state.members(account.id):
            del self.state.account_users[membership.id]
        del self.state.accounts[account.id]


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
