"""The calls whose real answers are the ROBIN and webshop specs' examples (canonical records of the seeded world)."""

from __future__ import annotations

from base64 import b64encode

from simulator.config import Config
from simulator.core.errors import ApiError
from simulator.core.examples import Call, Examples, plain_error
from simulator.robin.errors import PresenceError, RobinError

DEFAULTS = Config()
CUSTOMER = "email@address.com"  # John Doe, the canonical customer
ORDER = "RHQO1234"
CONVERSATION = "400a5018-0bee-44a4-fe5e-14d431134de5"


def basic(user: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + b64encode(f"{user}:{password}".encode()).decode()}


def robin_calls() -> list[Call]:
    customer = {"email_address": "jane@example.com", "name": "Jane Jansen", "phone_number": "+31612340000",
                "customer_since": "2021-01-29T12:34:56+0100", "order_count": 2, "total_revenue": 99.5,
                "currency": "EUR", "last_order_date": "2021-04-05T12:34:56Z"}
    order = {"order_number": "O1243", "email_address": "jane@example.com", "revenue": 113.34,
             "order_date": "2021-04-05T12:34:56Z", "is_first_order": True}
    return [
        Call("POST", "/conversations", body={"emailAddress": "nick@mail.com"}),
        Call("POST", "/dynamic/customers", body={"customers": [customer]}),
        Call("POST", "/dynamic/orders", body={"orders": [order]}),
        Call("POST", "/customers", body={"customers": [customer]}),
        Call("POST", "/orders", body={"orders": [order]}),
        Call("POST", "/messages", body={
            "ChannelAccountExternalIdentifier": "customChannel", "ConversationExternalIdentifier": "c-1001",
            "MessageExternalIdentifier": "m-1", "RelationExternalIdentifier": CUSTOMER, "RelationName": "John Doe",
            "Content": "Hello, where is my order RHQO1234?"}),
        Call("POST", "/showcustomer", body={"user_email_address": "petra@email.com",
                                            "customer": {"email_address": CUSTOMER}}),
        Call("POST", "/voip/registerevent/{apikey}", params={"apikey": DEFAULTS.robin_api_key},
             refusal_params={"apikey": "unknown-key"},
             body={"Id": "call-1", "EventType": "Answered", "PhoneNumber": "+31612345678", "PhoneExtension": "201",
                   "Direction": "Inbound", "PhoneReferrer": "+31858770023"}),
        Call("GET", "/presence/api/v1", query={"apikey": DEFAULTS.robin_api_key, "Channel": "Chat",
                                               "referrer": "http://cm.com"}),
        # the failures each operation documents, as the simulator answers them
        Call("POST", "/conversations", body={"emailAddress": CUSTOMER, "skip": "first"}, expect=400),
        Call("POST", "/dynamic/customers", body={"customers": [{"name": "Jane Jansen"}]}, expect=400),
        Call("POST", "/dynamic/orders", body={"orders": [{"order_number": "O1244"}]}, expect=400),
        Call("POST", "/customers", body={"customers": [{"name": "Jane Jansen"}]}, expect=400),
        Call("POST", "/orders", body={"orders": [{"order_number": "O1244"}]}, expect=400),
        Call("POST", "/messages", body={"ChannelAccountExternalIdentifier": "customChannel"}, expect=400),
        Call("POST", "/showcustomer", body={"user_email_address": "petra@email.com"}, expect=400),
        Call("POST", "/voip/registerevent/{apikey}", params={"apikey": DEFAULTS.robin_api_key},
             body={"Id": "call-1", "EventType": "Ringing"}, expect=400),
        Call("POST", "/voip/registerevent/{apikey}", params={"apikey": DEFAULTS.robin_api_key},
             body={"Id": "call-1", "EventType": "Answered", "PhoneNumber": "+31612345678", "PhoneExtension": "201",
                   "Direction": "Inbound", "PhoneReferrer": "+31858770023"}, expect=406),
        Call("GET", "/presence/api/v1", query={"Channel": "Chat"}, expect=400),
        Call("GET", "/presence/api/v1", query={"apikey": "unknown-key", "Channel": "Chat"}, expect=404),
    ]


def webshop_calls() -> list[Call]:
    return [
        Call("GET", "/customers", query={"email": CUSTOMER}),
        Call("GET", "/orders", query={"email": CUSTOMER}),
        Call("GET", "/search", query={"email": CUSTOMER}),
        Call("GET", "/customerpanellist", query={"email": CUSTOMER}),
        Call("GET", "/custompaneldetails", query={"id": "1"}),
        Call("GET", "/customers", expect=400),
        Call("GET", "/orders", expect=400),
        Call("GET", "/search", expect=400),
        Call("GET", "/customerpanellist", expect=400),
        Call("GET", "/custompaneldetails", expect=400),
        Call("GET", "/customers", query={"email": "nobody@example.com"}, expect=404),
        Call("GET", "/orders", query={"order_number": "NO-SUCH-ORDER"}, expect=404),
        Call("GET", "/search", query={"email": "nobody@example.com"}, expect=404),
        Call("GET", "/customerpanellist", query={"email": "nobody@example.com"}, expect=404),
        Call("GET", "/custompaneldetails", query={"id": "no-such-item"}, expect=404),
    ]


def robin_error(status: int, description: str, media_type: str) -> ApiError:
    """ROBIN's words for what no recorded call shows: the rate limit (fixed windows of its API key), and
    presence's plain-text failures."""
    if status == 429:
        return RobinError("Rate limit exceeded (3 per 1 second); retry after 1 s", status=429)
    if media_type == "text/plain":
        return PresenceError(description, status=status)
    return plain_error(status, description, media_type)


ROBIN_EXAMPLES = Examples(robin_calls, headers=basic(DEFAULTS.robin_api_key, DEFAULTS.robin_api_secret),
                          describe=robin_error)
WEBSHOP_EXAMPLES = Examples(webshop_calls, headers=basic(DEFAULTS.robin_webshop_key, DEFAULTS.robin_webshop_secret))
