"""Contact Pro users as the System Configurator sets them up, and the bearer tokens single sign-on issues them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from simulator.core.errors import InvalidInput
from simulator.sinch_cmi.models import CmiState, User
from simulator.sinch_cmi.store.sessions import SessionStore, Token


def upsert_user(state: CmiState, new_guid: Callable[[], str], *, login: str, queues: list[str], **values: Any) -> User:
    """Create or replace the user by login (a replaced user keeps its id); an unknown queue is a 400."""
    unknown = [q for q in queues if q not in state.queues]
    if unknown:
        raise InvalidInput(f"Unknown queue id {unknown[0]!r}")
    existing = state.users.get(login)
    user = User(id=existing.id if existing else new_guid(), login=login, queues=queues, **values)
    state.users[user.login] = user
    return user


def issue_token(
    state: CmiState, sessions: SessionStore, *, login: str, now: datetime, lifetime: timedelta, value: str | None
) -> Token:
    """A bearer token for a known login, valid for `lifetime` from `now`; an unknown login is a 400."""
    if login not in state.users:
        raise InvalidInput(f"Unknown login {login!r}: see GET /__admin/sinch-cmi/users")
    return sessions.issue(login, now, lifetime, value)
