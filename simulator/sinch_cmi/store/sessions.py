"""ECF web sessions and bearer tokens of one namespace, timed by the simulator clock."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from simulator.core.storage import Namespace

COOKIE = "JSESSIONID"
IDLE_TIMEOUT = timedelta(minutes=30)  # Tomcat's default session-timeout: no Sinch page names another
MAX_SESSIONS = 10_000  # per namespace: beyond it, the longest idle session ends (clients that never log out)
TRANSIENT_KEY = "sinch_cmi.sessions"


@dataclass
class Session:
    """A login's session: acts as `login` until it has been idle for the timeout."""

    id: str
    login: str
    last_used: datetime


@dataclass(frozen=True)
class Token:
    """A bearer token, as an identity provider would issue it for a login: valid until `expires_at`."""

    value: str
    login: str
    expires_at: datetime


def new_session_id() -> str:
    """32 upper-case hex digits, as Tomcat writes a JSESSIONID."""
    return secrets.token_hex(16).upper()


class SessionStore:
    """Open sessions by id, least recently used first, and issued tokens by value; the expired ones go when
    they are next looked up, or when a new session finds them first in line."""

    def __init__(self, idle_timeout: timedelta = IDLE_TIMEOUT, max_sessions: int = MAX_SESSIONS) -> None:
        self.idle_timeout = idle_timeout
        self.max_sessions = max_sessions
        self._sessions: dict[str, Session] = {}
        self._tokens: dict[str, Token] = {}

    def __len__(self) -> int:
        return len(self._sessions)

    def open(self, login: str, now: datetime) -> Session:
        while self._sessions:
            oldest = next(iter(self._sessions.values()))
            if len(self._sessions) < self.max_sessions and now - oldest.last_used < self.idle_timeout:
                break
            del self._sessions[oldest.id]
        session = Session(new_session_id(), login, now)
        self._sessions[session.id] = session
        return session

    def use(self, session_id: str, now: datetime) -> Session | None:
        """The live session, its idle time starting again; None when unknown or idle for the timeout."""
        session = self._sessions.get(session_id)
        if session is None:
            return None
        if now - session.last_used >= self.idle_timeout:
            del self._sessions[session_id]
            return None
        session.last_used = now
        self._sessions[session_id] = self._sessions.pop(session_id)  # now the most recently used
        return session

    def close(self, session_id: str) -> bool:
        return self._sessions.pop(session_id, None) is not None

    def issue(self, login: str, now: datetime, lifetime: timedelta, value: str | None = None) -> Token:
        token = Token(value or secrets.token_urlsafe(32), login, now + lifetime)
        self._tokens[token.value] = token
        return token

    def token(self, value: str, now: datetime) -> Token | None:
        """The token while it is valid; None when unknown or expired."""
        token = self._tokens.get(value)
        if token is None:
            return None
        if now >= token.expires_at:
            del self._tokens[value]
            return None
        return token


def sessions(ns: Namespace) -> SessionStore:
    """The namespace's store: a reset, deletion or eviction of the namespace drops it with everything else."""
    store: SessionStore | None = ns.transient.get(TRANSIENT_KEY)
    if store is None:
        store = ns.transient[TRANSIENT_KEY] = SessionStore()
    return store
