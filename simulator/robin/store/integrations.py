"""Integration settings: a tenant's dynamic integration (where ROBIN fetches profiles), the example webshop's."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from simulator.robin.models import DynamicIntegration, Webshop, WebshopSettings
from simulator.robin.store.base import StoreBase


class IntegrationRules(StoreBase):
    def set_dynamic_integration(self, **values: Any) -> DynamicIntegration:
        """Change the given settings; the base URL is always set, and a missing or empty one means the webshop."""
        values["base_url"] = values.get("base_url") or ""
        self.tenant.dynamic_integration = replace(self.tenant.dynamic_integration, **values)
        return self.tenant.dynamic_integration


def set_webshop_settings(shop: Webshop, **values: Any) -> WebshopSettings:
    """Change the example webshop's given settings (pre-shared key, parameter names, currency symbol)."""
    shop.settings = replace(shop.settings, **values)
    return shop.settings
