"""Orders pushed to ROBIN (dynamic and legacy): an upsert by order number that records each sale."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from simulator.robin.models import Order, SalesEvent
from simulator.robin.store.base import StoreBase


class OrderRules(StoreBase):
    def upsert_orders(self, *, orders: list[dict[str, Any]]) -> int:
        """Create or update by order_number; an update keeps the previous figures as old_*."""
        now = self.ctx.now()
        for item in orders:
            number = item["order_number"]
            existing = self.tenant.orders.get(number)
            values = dict(item)
            if values.get("order_date") is None:
                values["order_date"] = existing.order_date if existing else now
            if existing is None:
                order = Order(**values, updated_at=now)
                revenue_delta = order.revenue - (order.old_revenue or 0.0)
                profit_delta = (order.profit or 0.0) - (order.old_profit or 0.0)
            else:
                if values.get("old_revenue") is None:
                    values["old_revenue"] = existing.revenue
                if values.get("old_profit") is None:
                    values["old_profit"] = existing.profit
                order = replace(existing, **values, revision=existing.revision + 1, updated_at=now)
                revenue_delta = order.revenue - (order.old_revenue or 0.0)
                profit_delta = (order.profit or 0.0) - (order.old_profit or 0.0)
            self.tenant.orders[number] = order
            self.tenant.sales.append(
                SalesEvent(
                    order_number=number,
                    at=now,
                    kind="acquisition" if order.is_first_order else "retention",
                    revenue_delta=round(revenue_delta, 2),
                    profit_delta=round(profit_delta, 2),
                    is_update=existing is not None,
                )
            )
        return len(orders)
