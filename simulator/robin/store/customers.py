"""Customers pushed to ROBIN (dynamic and legacy): an upsert by email address."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from simulator.robin.models import Customer
from simulator.robin.store.base import StoreBase


class CustomerRules(StoreBase):
    def upsert_customers(self, *, customers: list[dict[str, Any]]) -> int:
        now = self.ctx.now()
        for item in customers:
            key = item["email_address"].lower()
            existing = self.tenant.customers.get(key)
            values = {k: v for k, v in item.items() if v is not None}
            if existing is None:
                self.tenant.customers[key] = Customer(**values, updated_at=now)
            else:
                self.tenant.customers[key] = replace(existing, **values, updated_at=now)
        return len(customers)
