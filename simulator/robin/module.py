"""ROBIN's plug-in: its state lifecycle and its two mounted APIs (ROBIN, example webshop)."""

from __future__ import annotations

from typing import Any

from simulator.core.api import ApiModule
from simulator.core.serialize import from_jsonable, to_jsonable
from simulator.core.storage import WorldSeed
from simulator.robin import routes
from simulator.robin.errors import RobinError, RobinErrorSchema
from simulator.robin.examples import ROBIN_EXAMPLES, WEBSHOP_EXAMPLES
from simulator.robin.integrity import check_robin
from simulator.robin.models import RobinState, chronological
from simulator.robin.operation_ids import ROBIN_OPERATION_NAMES, WEBSHOP_OPERATION_NAMES
from simulator.robin.seed import seed
from simulator.robin.webshop import routes as webshop_routes
from simulator.robin.webshop.errors import WebshopError, WebshopErrorSchema
from simulator.version import __version__


class RobinStateModule:
    name = "robin"

    def build_state(self, world: WorldSeed) -> RobinState:
        return seed(world)

    def export_state(self, state: RobinState) -> dict[str, Any]:
        return to_jsonable(state)

    def import_state(self, data: dict[str, Any]) -> RobinState:
        state: RobinState = from_jsonable(RobinState, data)
        check_robin(state)
        for tenant in state.tenants.values():
            tenant.conversations.sort(key=chronological)  # the order the store relies on
        return state

    def entities(self, state: RobinState) -> dict[str, Any]:
        """Records per entity, for fixture files (every tenant's records, tagged by API key)."""
        tables: dict[str, list[Any]] = {}
        for tenant in state.tenants.values():
            for entity in ("customers", "orders", "sales", "agents", "webstores", "channels",
                           "conversations", "notifications"):
                records = getattr(tenant, entity)
                values = records.values() if isinstance(records, dict) else records
                tables.setdefault(entity, []).extend(
                    {"tenant": tenant.api_key, **to_jsonable(record)} for record in values
                )
        shop = state.webshop
        tables["webshop_customers"] = to_jsonable(shop.customers)
        tables["webshop_orders"] = to_jsonable(shop.orders)
        tables["webshop_panel_items"] = to_jsonable(shop.panel_items)
        return tables


ROBIN_DESCRIPTION = """Simulated CM.com ROBIN / Agent Inbox API (Mobile Service Cloud).

Auth: HTTP Basic with the API key as username and the API secret as password (demo
`demo-robin-key` / `demo-robin-secret`). VoIP takes the key in the path, presence in the query.
Limits per API key: 3/s, 180/min, 10000/h, 100000/day; over the limit: 429 with Retry-After.
Paths are accepted with or without a trailing slash, and with doubled slashes."""

WEBSHOP_DESCRIPTION = """The endpoints a webshop serves to ROBIN's dynamic integration, implemented by
an example webshop over the seeded world. Basic auth with the pre-shared key (demo
`demo-webshop-key` / `demo-webshop-secret`); parameter names are configurable."""


def api_modules() -> list[ApiModule]:
    return [
        ApiModule(
            name="robin",
            title="CM.com ROBIN / Agent Inbox API (simulated)",
            version=__version__,
            mount="/robin",
            blueprints=routes.BLUEPRINTS,
            error_for=RobinError.from_info,
            error_schema=RobinErrorSchema,
            description=ROBIN_DESCRIPTION,
            security_schemes=routes.SECURITY_SCHEMES,
            vendor="robin",
            secret_paths=(r"/voip/+registerevent/+([^/]+)",),
            operation_names=ROBIN_OPERATION_NAMES,
            examples=ROBIN_EXAMPLES,
        ),
        ApiModule(
            name="robin-webshop",
            title="ROBIN dynamic integration: example webshop (simulated)",
            version=__version__,
            mount="/robin/webshop",
            blueprints=webshop_routes.BLUEPRINTS,
            error_for=WebshopError.from_info,
            error_schema=WebshopErrorSchema,
            description=WEBSHOP_DESCRIPTION,
            security_schemes=[webshop_routes.BASIC],
            vendor="robin-webshop",
            operation_names=WEBSHOP_OPERATION_NAMES,
            examples=WEBSHOP_EXAMPLES,
        ),
    ]


ADMIN_BLUEPRINTS = routes.ADMIN_BLUEPRINTS
STATE = RobinStateModule()
