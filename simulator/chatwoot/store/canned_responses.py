"""Canned responses of an account: saved replies with a short code unique in the account."""

from __future__ import annotations

from typing import Any

from simulator.chatwoot.errors import RecordInvalid
from simulator.chatwoot.models import CannedResponse
from simulator.chatwoot.store.base import owned
from simulator.chatwoot.store.scope import AccountPart


class CannedResponses(AccountPart):
    """The canned-response operations of one account (any member)."""

    def all(self, search: str | None) -> list[CannedResponse]:
        """`search` matches the short code or the content, ignoring case."""
        found = [c for c in self.state.canned_responses.values() if c.account_id == self.account_id]
        if search:
            needle = search.lower()
            found = [c for c in found if needle in c.short_code.lower() or needle in c.content.lower()]
        return found

    def _find(self, canned_id: int) -> CannedResponse:
        return owned(self.state.canned_responses, canned_id, self.account_id)

    def _check(self, short_code: str | None, content: str | None, own_id: int | None) -> None:
        errors: list[tuple[str, str]] = []
        if not short_code or not short_code.strip():
            errors.append(("short_code", "Short code can't be blank"))
        elif any(c.short_code == short_code and c.id != own_id for c in self.all(None)):
            errors.append(("short_code", "Short code has already been taken"))
        if not content or not content.strip():
            errors.append(("content", "Content can't be blank"))
        if errors:
            raise RecordInvalid(errors)

    def create(self, *, short_code: str | None, content: str | None) -> CannedResponse:
        self._check(short_code, content, None)
        assert short_code is not None and content is not None
        now = self.scope.ctx.now()
        canned = CannedResponse(id=self.state.next_id("canned_responses"), account_id=self.account_id,
                                short_code=short_code, content=content, created_at=now, updated_at=now)
        self.state.canned_responses[canned.id] = canned
        return canned

    def update(self, canned_id: int, changes: dict[str, Any]) -> CannedResponse:
        canned = self._find(canned_id)
        short_code = changes.get("short_code", canned.short_code)
        content = changes.get("content", canned.content)
        self._check(short_code, content, canned.id)
        canned.short_code, canned.content = short_code, content
        canned.updated_at = self.scope.ctx.now()
        return canned

    def delete(self, canned_id: int) -> None:
        del self.state.canned_responses[self._find(canned_id).id]
