"""Custom filters: a member's own saved conversation, contact and report queries, and what they match now."""

from __future__ import annotations

from datetime import date
from typing import Any

from simulator.chatwoot.errors import ChatwootError, NotFound, RecordInvalid
from simulator.chatwoot.models import FILTER_TYPES, CustomFilter
from simulator.chatwoot.store.filters import contact_filter, conversation_filter
from simulator.chatwoot.store.indexes import indexes
from simulator.chatwoot.store.scope import AccountPart

FILTERS_PER_USER = 50  # v3.1's limit per user and account
FILTER_LIMIT = ("Account Limit reached. The maximum number of allowed custom filters for a user per account is "
                f"{FILTERS_PER_USER}.")


class CustomFilters(AccountPart):
    """The caller's own filters in one account."""

    def all(self, filter_type: str | None) -> list[CustomFilter]:
        wanted = filter_type or "conversation"
        return [f for f in self.state.custom_filters.values()
                if f.account_id == self.account_id and f.user_id == self.scope.user.id and f.filter_type == wanted]

    def find(self, filter_id: int, filter_type: str | None) -> CustomFilter:
        """v3.1 quirk kept: the lookup is scoped to `filter_type` (default conversation)."""
        found = next((f for f in self.all(filter_type) if f.id == filter_id), None)
        if found is None:
            raise NotFound()
        return found

    def create(self, body: dict[str, Any]) -> CustomFilter:
        filter_type = body.get("filter_type") or "conversation"
        errors: list[tuple[str, str]] = []
        if not str(body.get("name") or "").strip():
            errors.append(("name", "Name can't be blank"))
        if filter_type not in FILTER_TYPES:
            errors.append(("filter_type", f"'{filter_type}' is not a valid filter_type"))
        if not isinstance(body.get("query"), dict):
            errors.append(("query", "Query can't be blank"))
        if errors:
            raise RecordInvalid(errors)
        mine = [f for f in self.state.custom_filters.values()
                if f.account_id == self.account_id and f.user_id == self.scope.user.id]
        if len(mine) >= FILTERS_PER_USER:
            raise RecordInvalid([("account_id", FILTER_LIMIT)])
        now = self.scope.ctx.now()
        custom = CustomFilter(id=self.state.next_id("custom_filters"), account_id=self.account_id,
                              user_id=self.scope.user.id, name=body["name"], filter_type=filter_type,
                              query=body["query"], created_at=now, updated_at=now)
        self.state.custom_filters[custom.id] = custom
        return custom

    def update(self, filter_id: int, filter_type: str | None, body: dict[str, Any]) -> CustomFilter:
        custom = self.find(filter_id, filter_type)
        if "name" in body and not str(body.get("name") or "").strip():
            raise RecordInvalid([("name", "Name can't be blank")])
        if body.get("name"):
            custom.name = body["name"]
        if isinstance(body.get("query"), dict):
            custom.query = body["query"]
        custom.updated_at = self.scope.ctx.now()
        return custom

    def matching(self, custom: CustomFilter, today: date) -> int:
        """How many records the saved query matches now (0 for report filters or a query that is not valid)."""
        payload = custom.query.get("payload") if isinstance(custom.query, dict) else None
        index = indexes(self.state)
        kinds: dict[str, tuple[Any, Any]] = {
            "conversation": (conversation_filter, index.of_account),
            "contact": (contact_filter, index.contacts_of)}
        if custom.filter_type not in kinds:
            return 0
        build, records = kinds[custom.filter_type]
        try:
            matches = build(payload, self.state.custom_attributes_of(self.account_id), today)
        except ChatwootError:
            return 0
        return sum(1 for record in records(self.account_id) if matches(record))

    def delete(self, filter_id: int, filter_type: str | None) -> None:
        del self.state.custom_filters[self.find(filter_id, filter_type).id]
