"""The ROBIN API views: parse, call the store, answer as ROBIN does."""

from __future__ import annotations

import hmac
from typing import Any

from flask import Response, jsonify
from flask.views import MethodView

from simulator.core.api import VendorBlueprint, error_responses
from simulator.core.guard import Guard, Principal, principal
from simulator.core.ratelimit import RatePolicy
from simulator.core.runtime import namespace, runtime
from simulator.core.schemes import Credentials, HttpBasic, PathKey, QueryKey
from simulator.core.storage import Namespace
from simulator.robin.answers import bare_when_empty, empty
from simulator.robin.errors import (
    INVALID_AUTH,
    InvalidAuthorisation,
    PresenceError,
    RateLimited,
    RobinErrorSchema,
)
from simulator.robin.integration import RobinEffects
from simulator.robin.models import RobinState, Tenant
from simulator.robin.schemas import (
    ChannelMessageSchema,
    ConversationListSchema,
    ConversationQuerySchema,
    CustomerBatchSchema,
    LegacyCustomerBatchSchema,
    LegacyOrderBatchSchema,
    OrderBatchSchema,
    PresenceQuerySchema,
    ShowCustomerSchema,
    VoipEventSchema,
    conversation_wire,
)
from simulator.robin.store import Context, RobinStore

VENDOR = "robin"
RATES = RatePolicy.parse("3/second;180/minute;10000/hour;100000/day")
BASIC = HttpBasic("robinBasic", "HTTP Basic: API key as the username, API secret as the password")
VOIP_KEY = PathKey("voipKey", "apikey")
PRESENCE_KEY = QueryKey("presenceKey", "apikey", "The apikey of your subscription")
SECURITY_SCHEMES = [BASIC, PRESENCE_KEY]


def robin_state(ns: Namespace | None = None) -> RobinState:
    return (ns or namespace()).state(VENDOR)


def tenant_for_key(key: str, ns: Namespace) -> Tenant | None:
    return robin_state(ns).tenants.get(key)


def _basic(credentials: Credentials | None, ns: Namespace) -> Principal | None:
    if not credentials:
        return None
    key, secret = credentials
    tenant = tenant_for_key(key, ns)
    if tenant is None or not hmac.compare_digest(tenant.api_secret.encode(), secret.encode()):
        return None
    return Principal(key, tenant)


def _key_only(credentials: Credentials | None, ns: Namespace) -> Principal | None:
    tenant = tenant_for_key(credentials[0], ns) if credentials else None
    return Principal(tenant.api_key, tenant) if tenant else None


def _presence_rejected(credentials: Credentials | None) -> Exception:
    if not credentials:
        return PresenceError("The apikey parameter is required")
    return PresenceError("Not Found", status=404)


basic_auth = Guard(VENDOR, BASIC, _basic, lambda _: InvalidAuthorisation(), RATES, RateLimited)
voip_auth = Guard(VENDOR, VOIP_KEY, _key_only, lambda _: InvalidAuthorisation(challenge=False), RATES, RateLimited)
presence_auth = Guard(VENDOR, PRESENCE_KEY, _key_only, _presence_rejected, RATES, RateLimited)


def store_for(tenant: Tenant, ns: Namespace | None = None) -> RobinStore:
    ns = ns or namespace()
    rt = runtime()
    effects = RobinEffects(rt, ns, tenant, robin_state(ns).webshop.settings)
    return RobinStore(tenant, Context(now=ns.clock.now, new_id=ns.new_uuid, effects=effects))


def store() -> RobinStore:
    return store_for(principal().subject)


BASIC_ERRORS = {400: "Bad Request", 401: INVALID_AUTH, 429: "Rate limit exceeded"}


def documented(blueprint: VendorBlueprint, errors: dict[int, str] | None = None) -> Any:
    return error_responses(blueprint, RobinErrorSchema, errors or BASIC_ERRORS)


# ---- dynamic customers and orders ----------------------------------------------------------

dynamic = VendorBlueprint(
    "robin_dynamic", __name__, url_prefix="/robin", description="Push customers and orders to ROBIN"
)


@dynamic.route("/dynamic/customers")
class DynamicCustomersViews(MethodView):
    @basic_auth
    @dynamic.arguments(CustomerBatchSchema, example={"customers": []})
    @dynamic.response(201, description="Created")
    @documented(dynamic)
    def post(self, batch: dict[str, Any]) -> Response:
        """Create or update customers (upsert by email address)

        Updates the customer lifetime figures shown for older conversations. `{"customers": []}`
        is a valid request (real clients send it as a connectivity check).

        Simulator note: a bare JSON array is accepted as well as `{"customers": [...]}`; unknown
        fields are ignored; `last_order_date` may be omitted (real clients omit it); dates may
        carry `Z`, `+01:00` or `+0100`. The whole batch is validated before anything is stored.
        """
        store().upsert_customers(customers=batch["customers"])
        return empty(201)


@dynamic.route("/dynamic/orders")
class DynamicOrdersViews(MethodView):
    @basic_auth
    @dynamic.arguments(OrderBatchSchema, example={"orders": []})
    @dynamic.response(201, description="Created")
    @documented(dynamic)
    def post(self, batch: dict[str, Any]) -> Response:
        """Create or update orders (upsert by order_number)

        A repeated order_number updates the order. Simulator note: when an update carries no
        `old_revenue` / `old_profit`, the previously stored figures become the old ones; the
        difference is recorded as a sales event (acquisition when `is_first_order`, else
        retention), visible in the admin state export.
        """
        store().upsert_orders(orders=batch["orders"])
        return empty(201)


@dynamic.route("/customers")
class LegacyCustomersViews(MethodView):
    @basic_auth
    @dynamic.arguments(LegacyCustomerBatchSchema, example={"customers": []})
    @dynamic.response(201, description="Created")
    @documented(dynamic)
    def post(self, batch: dict[str, Any]) -> Response:
        """Create or update customers (legacy, non-dynamic endpoint)

        Used by older clients, which may send a bare JSON array. Only `email_address` is required.
        """
        store().upsert_customers(customers=batch["customers"])
        return empty(201)


@dynamic.route("/orders")
class LegacyOrdersViews(MethodView):
    @basic_auth
    @dynamic.arguments(LegacyOrderBatchSchema, example={"orders": []})
    @dynamic.response(201, description="Created")
    @documented(dynamic)
    def post(self, batch: dict[str, Any]) -> Response:
        """Create or update orders (legacy, non-dynamic endpoint)

        Only `order_number` and `email_address` are required; `order_by_date` may stand for
        `order_date`.
        """
        store().upsert_orders(orders=batch["orders"])
        return empty(201)


# ---- conversations -------------------------------------------------------------------------

conversations = VendorBlueprint(
    "robin_conversations", __name__, url_prefix="/robin", description="Retrieve conversations"
)


@conversations.route("/conversations")
class ConversationsViews(MethodView):
    @basic_auth
    @conversations.arguments(ConversationQuerySchema, required=False)
    @conversations.response(200, ConversationListSchema)
    @documented(conversations)
    def post(self, query: dict[str, Any]) -> Response:
        """Retrieve conversations

        Filters combine (all must match). Simulator note: pages hold 20 conversations, newest
        first; `skip` counts conversations. An unowned conversation has `owner: null`.
        `linkedOrderNumbers` and `tags` are comma-separated strings, times are UTC with no zone.
        """
        found = store().find_conversations(**query)
        return jsonify({"conversations": [conversation_wire(c) for c in found]})


# ---- channel API ---------------------------------------------------------------------------

channel = VendorBlueprint("robin_channel", __name__, url_prefix="/robin", description="Custom channel API")


@channel.route("/messages")
class ChannelMessagesViews(MethodView):
    @basic_auth
    @channel.arguments(ChannelMessageSchema)
    @channel.response(201, description="Created")
    @documented(channel)
    def post(self, message: dict[str, Any]) -> Response:
        """Post an incoming message of a custom channel

        Starts a conversation, or continues one: by `ConversationGuid` (sent to the channel's
        webhook with the agent's first answer), else by the channel, conversation and relation
        external identifiers. Simulator note: a message whose MessageExternalIdentifier was
        already received in that conversation is not stored twice; attachments must be valid
        base64; a new conversation fetches the customer profile from the dynamic integration.
        """
        store().receive_channel_message(**message)
        return empty(201)


# ---- VoIP ----------------------------------------------------------------------------------

voip = VendorBlueprint("robin_voip", __name__, url_prefix="/robin", description="VoIP call events")


@voip.route("/voip/registerevent/<apikey>")
class VoipEventViews(MethodView):
    @voip_auth
    @voip.arguments(VoipEventSchema)
    @voip.response(201, description="Created")
    @documented(
        voip,
        {
            400: "Bad Request: malformed JSON or a missing/invalid field",
            401: INVALID_AUTH + " (unknown apikey)",
            406: "Not acceptable: extension not linked to an agent, or an event the call's state "
            "does not allow (Transfer/Disconnected before Answered, anything after Disconnected, "
            "a second Answered)",
            429: "Rate limit exceeded",
        },
    )
    def post(self, event: dict[str, Any], apikey: str) -> Response:
        """Register a phone call event (Answered, Transfer, Disconnected)

        Answered opens a phone conversation owned by the agent whose extension answered, looks
        the caller up by phone number (or by FilterField/FilterValue, the customer profile
        selection) and fetches the profile; Transfer hands it to the new extension's agent;
        Disconnected ends the call. Every event is logged in the conversation.
        """
        store().register_voip_event(**event)
        return empty(201)


# ---- show customer -------------------------------------------------------------------------

showcustomer = VendorBlueprint("robin_showcustomer", __name__, url_prefix="/robin", description="Show customer")


@showcustomer.route("/showcustomer")
class ShowCustomerViews(MethodView):
    @basic_auth
    @showcustomer.arguments(ShowCustomerSchema)
    @showcustomer.response(201, description="Created")
    @documented(showcustomer)
    def post(self, request_body: dict[str, Any]) -> Response:
        """Open a customer's conversation for an agent (point of sale)

        Simulator note: the customer needs at least one identifier (email address, phone number
        or external identifier), else 400; an unknown `user_email_address` is a 400 too. The
        notification is recorded for the named agent (or for everyone when none is named).
        """
        store().show_customer(**request_body)
        return empty(201)


# ---- presence ------------------------------------------------------------------------------

presence = VendorBlueprint("robin_presence", __name__, url_prefix="/robin/presence", description="Presence")
PRESENCE_ANSWER = {"type": "string", "enum": ["Online", "Offline"]}
PLAIN_TEXT = {"type": "string"}


@presence.route("/api/v1")
class PresenceViews(MethodView):
    @presence_auth
    @presence.arguments(PresenceQuerySchema, location="query")
    @presence.response(
        200, PRESENCE_ANSWER, description="`Online` or `Offline` (text/plain)", content_type="text/plain"
    )
    @presence.alt_response(
        400,
        schema=PLAIN_TEXT,
        description="Bad Request: apikey or Channel missing (text/plain)",
        content_type="text/plain",
    )
    @presence.alt_response(
        404,
        schema=PLAIN_TEXT,
        description="Not Found: unknown apikey, channel or referrer (text/plain)",
        content_type="text/plain",
    )
    @presence.alt_response(429, description="Rate limit exceeded", schema=RobinErrorSchema)
    def get(self, query: dict[str, Any]) -> Response:
        """Check presence for a channel (and a web store, by referrer)

        `Online` when at least one agent connected to the channel (within the web store the
        referrer belongs to) is online, else `Offline`. Presence is set per agent, channel and
        web store through `/__admin/robin/agents/{email}/presence`.
        """
        channel_name = query.get("channel", "")
        if not channel_name:
            raise PresenceError("The Channel parameter is required")
        answer = store().presence(channel=channel_name, referrer=query.get("referrer", ""))
        if answer is None:
            raise PresenceError("Not Found", status=404)
        return Response(answer, 200, mimetype="text/plain")


BLUEPRINTS = [dynamic, conversations, channel, voip, showcustomer, presence]
bare_when_empty(*BLUEPRINTS)
