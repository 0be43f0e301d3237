"""The ROBIN views, one module per blueprint, and /__admin/robin's (`routes.admin`)."""

from __future__ import annotations

from simulator.robin.render.empty import bare_when_empty
from simulator.robin.routes import admin, channel, conversations, dynamic, presence, showcustomer, voip
from simulator.robin.routes.common import BASIC, PRESENCE_KEY

BLUEPRINTS = [dynamic.blp, conversations.blp, channel.blp, voip.blp, showcustomer.blp, presence.blp]
SECURITY_SCHEMES = [BASIC, PRESENCE_KEY]
ADMIN_BLUEPRINTS = [admin.blp]
bare_when_empty(*BLUEPRINTS)
