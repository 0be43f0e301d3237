"""The calls whose real answers are the control API spec's examples (the seeded world, then a tiny imported one)."""

from __future__ import annotations

from typing import Any

from simulator.config import DEFAULT_EPOCH, Config
from simulator.core.examples import NAMESPACE_PREFIX, Call, Examples
from simulator.core.fake import seeded_random
from simulator.core.storage import STATE_FORMAT

DEFAULTS = Config()
CONVERSATION = "400a5018-0bee-44a4-fe5e-14d431134de5"  # the canonical ROBIN conversation (Nick asks for his key)
AGENT = "petra@email.com"  # Petra, the demo agent
PHONE_QUEUE = "58215C79F02345EF8E32CF7356F78065"  # CMI "Direct Sales" phone queue
SCRATCH = "load-test"  # a namespace of its own for the calls that replace or drop a world
IN_SCRATCH = {"X-Simulator-Namespace": SCRATCH}
SCRATCH_SEED = 7
EPOCH = DEFAULT_EPOCH.isoformat().replace("+00:00", "Z")
# The other specs' example worlds (NAMESPACE_PREFIX + spec name) exist before the namespaces are listed, so the
# listing is the same whichever spec is rendered first.
OTHER_SPECS = ("robin", "robin-webshop", "sinch-cmi", "sinch-ecfs", "chatwoot")


def tiny_world() -> dict[str, Any]:
    """An export of a world small enough to read: the demo ROBIN tenant, one CMI agent and queue, no Chatwoot."""
    version, internal, gauss = seeded_random(SCRATCH_SEED, "runtime").getstate()
    return {
        "format": STATE_FORMAT,
        "namespace": SCRATCH,
        "seed": SCRATCH_SEED,
        "ids": [version, list(internal), gauss],
        "people": {"people": [], "agents": []},
        "vendors": {
            "robin": {
                "tenants": {DEFAULTS.robin_api_key: {"api_key": DEFAULTS.robin_api_key,
                                                     "api_secret": DEFAULTS.robin_api_secret,
                                                     "name": "Demo subscription"}},
                "webshop": {"settings": {"api_key": DEFAULTS.robin_webshop_key,
                                         "api_secret": DEFAULTS.robin_webshop_secret}},
            },
            "sinch_cmi": {
                "users": {DEFAULTS.sinch_cmi_user: {
                    "id": "F6140D02C9218812F633EB42D4B802C8", "login": DEFAULTS.sinch_cmi_user,
                    "password": DEFAULTS.sinch_cmi_password, "name": "Petra", "language": "en",
                    "rights": ["MANAGE_CONTACT_HISTORY", "STATISTICS_DETAILS", "CALLBACKS_VIEW"],
                    "queues": [PHONE_QUEUE], "email": AGENT}},
                "queues": {PHONE_QUEUE: {"id": PHONE_QUEUE, "name": "Direct Sales", "channel": "PHONE",
                                         "address": "+35820100100", "number": "100", "subtype": ""}},
            },
            "chatwoot": {},
        },
    }


def admin_calls() -> list[Call]:
    """The seeded world, another namespace's tiny one, and the namespace's clock: back to the epoch at the end;
    then what each operation refuses."""
    return [
        Call("POST", "/reset"),
        Call("GET", "/health"),
        Call("GET", "/version"),
        Call("GET", "/clock"),
        # another namespace: reseeded, listed, replaced by a tiny world, exported, dropped
        Call("POST", "/seed", body={"seed": SCRATCH_SEED}, headers=IN_SCRATCH),
        *[Call("GET", "/requests", headers={"X-Simulator-Namespace": NAMESPACE_PREFIX + name}, record=False)
          for name in OTHER_SPECS],
        Call("GET", "/namespaces"),
        Call("PUT", "/state", body=tiny_world(), headers=IN_SCRATCH),
        Call("GET", "/state", headers=IN_SCRATCH),
        Call("DELETE", "/namespaces/{name}", params={"name": SCRATCH}),
        Call("GET", "/requests", query={"vendor": "sinch-cmi", "method": "POST"}),
        Call("DELETE", "/requests"),
        Call("GET", "/outbox", query={"kind": "robin.channel_webhook"}),
        Call("DELETE", "/outbox"),
        # faults: a rule that fails ROBIN's conversation list twice, then none
        Call("POST", "/faults", body={"vendor": "robin", "method": "GET", "path": "/robin/conversations*",
                                      "status": 503, "times": 2}),
        Call("POST", "/faults", body={"vendor": "chatwoot", "path": "/chatwoot/api/v1/*", "delay_ms": 200,
                                      "delay_max_ms": 800, "probability": 0.25}),
        Call("GET", "/faults"),
        Call("DELETE", "/faults/{fault_id}", params={"fault_id": 2}),
        Call("DELETE", "/faults"),
        # ROBIN, as its agent UI and settings pages would change it
        Call("GET", "/robin/tenants"),
        Call("POST", "/robin/tenants", body={"api_key": "outlet-robin-key", "api_secret": "outlet-robin-secret",
                                             "name": "Outlet subscription"}),
        Call("POST", "/robin/channels", body={
            "external_identifier": "whatsappChannel", "name": "WhatsApp Business",
            "webhook_url": "https://hooks.example.com/robin/whatsapp", "supports_attachments": True}),
        Call("GET", "/robin/channels"),
        Call("DELETE", "/robin/channels/{external_identifier}", params={"external_identifier": "whatsappChannel"}),
        Call("PUT", "/robin/agents/{email}/presence", params={"email": AGENT},
             body={"channel": "WhatsApp", "webstore": "Outlet", "online": True}),
        Call("PUT", "/robin/agents/{email}/extension", params={"email": AGENT}, body={"phone_extension": "301"}),
        Call("GET", "/robin/agents"),
        Call("GET", "/robin/conversations/{guid}", params={"guid": CONVERSATION}),
        Call("POST", "/robin/conversations/{guid}/replies", params={"guid": CONVERSATION},
             body={"agent_email": AGENT, "content": "You're welcome, Nick. Anything else I can do for you?"}),
        Call("GET", "/robin/notifications"),
        Call("GET", "/robin/dynamic-integration"),
        Call("PUT", "/robin/dynamic-integration", body={
            "base_url": "https://shop.example.com/robin", "api_key": "shop-robin-key",
            "api_secret": "shop-robin-secret", "headers": {"X-Shop": "outlet"}, "customer_path": "/api/customers",
            "orders_path": "/api/orders"}),
        Call("GET", "/robin/webshop"),
        Call("PUT", "/robin/webshop", body={"currency_symbol": "$", "panel_id_parameter": "panel"}),
        # Sinch CMI, as Contact Pro's System Configurator would change it
        Call("GET", "/sinch-cmi/queues"),
        Call("POST", "/sinch-cmi/users", body={
            "login": "anna.virtanen", "password": "Summer2025!", "name": "Virtanen, Anna", "language": "fi",
            "rights": ["MANAGE_OWN_CONTACT_HISTORY", "OWN_STATISTICS_DETAILS", "CALLBACKS_VIEW", "CALLBACKS_CREATE"],
            "queues": [PHONE_QUEUE], "email": "anna.virtanen@support.example.com"}),
        Call("GET", "/sinch-cmi/users"),
        Call("POST", "/sinch-cmi/tokens", body={"login": "anna.virtanen", "expires_in": 3600,
                                                "token": "anna-sso-token-1"}),
        # the clock, then back where every example world's clock stands
        Call("PUT", "/clock", body={"now": "2025-01-01T09:30:00Z"}),
        Call("POST", "/clock/advance", body={"seconds": 90}),
        Call("PUT", "/clock", body={"now": EPOCH}, record=False),
        *failures(),
    ]


def failures() -> list[Call]:
    """What each operation refuses, as the simulator refuses it (none of it changes the world)."""
    unknown_tenant = {"tenant": "unknown-key"}
    nobody = {"email": "nobody@example.com"}
    no_conversation = {"guid": "00000000-0000-0000-0000-000000000000"}
    return [
        Call("DELETE", "/namespaces/{name}", params={"name": "no-such-namespace"}, expect=404),
        Call("POST", "/reset", query={"all": "maybe"}, expect=400),
        Call("POST", "/seed", body={"seed": "seven"}, expect=400),
        Call("PUT", "/state", body={**tiny_world(), "format": "ccsim-state/0"}, expect=400),
        Call("PUT", "/clock", body={"now": "tomorrow"}, expect=400),
        Call("POST", "/clock/advance", body={"seconds": -90}, expect=400),
        Call("DELETE", "/clock", query={"all": "maybe"}, expect=400),
        Call("POST", "/faults", body={"vendor": "robin", "status": 503, "action": "reset"}, expect=400),
        Call("DELETE", "/faults/{fault_id}", params={"fault_id": 99}, expect=404),
        *[Call("POST", "/faults", body={"path": f"/robin/nowhere/{n}", "status": 500}, record=False)
          for n in range(100)],
        Call("POST", "/faults", body={"status": 500}, expect=409),  # a namespace holds at most 100 rules
        Call("DELETE", "/faults", record=False),
        Call("POST", "/robin/tenants", body={"api_key": "outlet-robin-key"}, expect=400),
        Call("POST", "/robin/tenants", body={"api_key": DEFAULTS.robin_api_key, "api_secret": "another-secret"},
             expect=409),
        Call("GET", "/robin/channels", query=unknown_tenant, expect=404),
        Call("POST", "/robin/channels", body={"name": "Fax"}, expect=400),
        Call("POST", "/robin/channels", query=unknown_tenant, body={"external_identifier": "faxChannel", "name": "Fax"},
             expect=404),
        Call("DELETE", "/robin/channels/{external_identifier}", params={"external_identifier": "faxChannel"},
             expect=404),
        Call("GET", "/robin/agents", query=unknown_tenant, expect=404),
        Call("PUT", "/robin/agents/{email}/presence", params={"email": AGENT},
             body={"channel": "Fax", "webstore": "Outlet", "online": True}, expect=400),
        Call("PUT", "/robin/agents/{email}/presence", params=nobody,
             body={"channel": "Chat", "webstore": "Outlet", "online": True}, expect=404),
        Call("PUT", "/robin/agents/{email}/extension", params={"email": AGENT}, body={"phone_extension": "202"},
             expect=400),  # Robin User's
        Call("PUT", "/robin/agents/{email}/extension", params=nobody, body={"phone_extension": "209"}, expect=404),
        Call("GET", "/robin/conversations/{guid}", params=no_conversation, expect=404),
        Call("POST", "/robin/conversations/{guid}/replies", params={"guid": CONVERSATION},
             body={"agent_email": "nobody@example.com", "content": "Hello Nick"}, expect=400),
        Call("POST", "/robin/conversations/{guid}/replies", params=no_conversation, body={"content": "Hello"},
             expect=404),
        Call("GET", "/robin/notifications", query=unknown_tenant, expect=404),
        Call("GET", "/robin/dynamic-integration", query=unknown_tenant, expect=404),
        Call("PUT", "/robin/dynamic-integration", body={"customer_path": "api/customers"}, expect=400),
        Call("PUT", "/robin/dynamic-integration", query=unknown_tenant, body={"base_url": ""}, expect=404),
        Call("PUT", "/robin/webshop", body={"currency_symbol": ""}, expect=400),
        Call("POST", "/sinch-cmi/users", body={"login": "anna.virtanen", "password": "Summer2025!",
                                               "name": "Virtanen, Anna", "queues": ["NO-SUCH-QUEUE"]}, expect=400),
        Call("POST", "/sinch-cmi/tokens", body={"login": "nobody"}, expect=400),
    ]


ADMIN_EXAMPLES = Examples(admin_calls)
