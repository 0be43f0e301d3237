"""A WSGI webshop answering ROBIN's dynamic calls byte for byte as one built on emico/robinhq-lib does."""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qs

# Sources, public code (owner/repo:path):
#   LIB = sanderjongsma/RobinHqLib, composer `emico/robinhq-lib`, and its PHP 8 fork Hnto/RobinHqLib
#   M2  = EmicoEcommerce/Magento2RobinHq, the Magento 2 module that fills the library's models
# The library has no route table: a shop mounts its RestApiServer wherever it likes. This one
# sits at ROBIN's documented paths, with M2's parameter names (`email`, `orderNumber`).

KEY = "magento-key"
SECRET = "magento-secret"
EMAIL = "email@address.com"  # the verifier's default --email
NEW_EMAIL = "new@customer.com"  # an account without orders or addresses
ORDER_PARAMETER = "orderNumber"  # M2:src/DataProvider/OrderDataProvider.php
LEFT_OUT = object()  # a `broken` override that removes the field

WINTER = timezone(timedelta(hours=1))  # Europe/Amsterdam, so offsets are +0100 and +0200
SUMMER = timezone(timedelta(hours=2))
Answer = tuple[int, Any]
StartResponse = Callable[[str, list[tuple[str, str]]], Any]


# ---- PHP's formatting ------------------------------------------------------------------------


def iso8601(moment: datetime) -> str:
    """PHP `DATE_ISO8601` (`Y-m-d\\TH:i:sO`): the offset has no colon (LIB:src/Config/Config.php)."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S%z")


def list_view_date(moment: datetime) -> str:
    """`Y-m-d h:i:s`, a 12-hour clock: LIB src/Model/Order.php (list_view), Order/DetailsView.php."""
    return moment.strftime("%Y-%m-%d %I:%M:%S")


def php_string(number: float) -> str:
    """PHP 8's `(string) $float` (precision 14): `259.9`, `100`, `0`."""
    return format(number, ".14G") if isinstance(number, float) else str(number)


_HEX_FLAGS = {"<": "\\u003C", ">": "\\u003E", "&": "\\u0026", "'": "\\u0027", '"': "\\u0022"}


def php_json(value: Any) -> str:
    """json_encode with Laminas\\Diactoros\\Response\\JsonResponse's DEFAULT_JSON_FLAGS (79).

    JSON_HEX_TAG | JSON_HEX_APOS | JSON_HEX_AMP | JSON_HEX_QUOT | JSON_UNESCAPED_SLASHES; without
    JSON_PRESERVE_ZERO_FRACTION a whole float loses its `.0`, without JSON_UNESCAPED_UNICODE
    non-ASCII is `\\uXXXX`, and an empty PHP array is `[]`.
    """
    if value is None or isinstance(value, bool):
        return {None: "null", True: "true", False: "false"}[value]
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return '"' + "".join(_HEX_FLAGS.get(c) or json.dumps(c)[1:-1] for c in value) + '"'
    if isinstance(value, list) or not value:
        return "[" + ",".join(php_json(item) for item in value) + "]"
    return "{" + ",".join(f"{php_json(str(k))}:{php_json(v)}" for k, v in value.items()) + "}"


# ---- a Magento store's data ------------------------------------------------------------------


@dataclass(frozen=True)
class ShopOrder:
    """A Magento order; decimal columns come out of the database as strings."""

    increment_id: str
    created_at: datetime
    status: str
    grand_total: str
    total_refunded: str | None
    items: list[dict[str, Any]]
    invoiced_at: datetime


@dataclass(frozen=True)
class ShopCustomer:
    entity_id: int
    email: str
    firstname: str
    lastname: str
    created_at: datetime
    telephone: str | None = None  # of the default address; None: the account has no address
    street: list[str] = field(default_factory=list)
    postcode: str | None = None
    city: str | None = None
    orders: list[ShopOrder] = field(default_factory=list)

    @property
    def full_name(self) -> str:
        return f"{self.firstname} {self.lastname}"


def revenue(order: ShopOrder) -> float:
    """`getGrandTotal() - getTotalRefunded()`: PHP turns the numeric strings (and null) into floats."""
    return float(order.grand_total) - float(order.total_refunded or 0)


FIRST_ORDER = ShopOrder(
    increment_id="000000101",
    created_at=datetime(2018, 2, 3, 11, 30, 0, tzinfo=WINTER),
    status="complete",
    grand_total="129.9500",
    total_refunded=None,
    items=[
        {"sku": "24-MB01", "name": "Joust Duffle Bag", "qty": "1.0000", "price": "€34.00", "row": "€34.00"},
        {
            "sku": "24-MB04",
            "name": 'Men\'s "Strive" Pack <2> & Co',
            "qty": "2.0000",
            "price": "€45.50",
            "row": "€91.00",
        },
    ],
    invoiced_at=datetime(2018, 2, 3, 14, 5, 0, tzinfo=WINTER),
)
SECOND_ORDER = ShopOrder(
    increment_id="000000117",
    created_at=datetime(2019, 6, 7, 15, 4, 5, tzinfo=SUMMER),
    status="processing",
    grand_total="149.9500",
    total_refunded="20.0000",
    items=[{"sku": "MH01-XS", "name": "Chaz Kangeroo Hoodie", "qty": "1.0000", "price": "€149.95", "row": "€149.95"}],
    invoiced_at=datetime(2019, 6, 7, 16, 0, 0, tzinfo=SUMMER),
)
CUSTOMERS = [
    ShopCustomer(
        entity_id=42,
        email=EMAIL,
        firstname="Robin",
        lastname="Doe",
        created_at=datetime(2018, 2, 3, 11, 12, 13, tzinfo=WINTER),
        telephone="+31612345678",
        street=["Lovinklaan 1", "2e etage"],
        postcode="1234 AB",
        city="Amsterdam",
        orders=[FIRST_ORDER, SECOND_ORDER],
    ),
    ShopCustomer(
        entity_id=43,
        email=NEW_EMAIL,
        firstname="Sam",
        lastname="Nieuw",
        created_at=datetime(2024, 11, 5, 9, 0, 0, tzinfo=WINTER),
    ),
]
PANEL_ITEMS = {  # a return (RMA) per order; the ids are database integers
    17: {
        "customer": EMAIL,
        "order": SECOND_ORDER,
        "reason": "Too small",
        "received_at": datetime(2019, 7, 3, 14, 15, 0, tzinfo=SUMMER),
    },
}


# ---- the library's models, serialized as their jsonSerialize() does ------------------------


def customer_json(customer: ShopCustomer, *, panel_view: bool, total_spent_as_string: bool) -> dict[str, Any]:
    """LIB src/Model/Customer.php jsonSerialize, filled by M2 src/Mapper/CustomerFactory.php.

    Order figures only when the customer has orders (else order_count 0, total_revenue 0,
    currency null, no last_order_date); phone only from a default address (else null);
    total_spent is the float total_revenue (Hnto/RobinHqLib: `(string)` of it).
    """
    total = sum((revenue(o) for o in customer.orders), 0.0) if customer.orders else 0
    data: dict[str, Any] = {
        "email_address": customer.email,
        "name": customer.full_name,
        "phone_number": customer.telephone,
        "customer_since": iso8601(customer.created_at),
        "order_count": len(customer.orders),
        "total_revenue": total,
        "total_spent": php_string(total) if total_spent_as_string else total,
        "currency": "EUR" if customer.orders else None,
    }
    if customer.orders:
        data["last_order_date"] = iso8601(customer.orders[-1].created_at)
    items = customer_panel_view(customer) if panel_view else {}
    if items:  # `if ($this->panelView)`: an empty array is left out
        data["panel_view"] = items
    return data


def customer_panel_view(customer: ShopCustomer) -> dict[str, Any]:
    """M2 src/DataProvider/PanelView/Customer/BaseInfoProvider.php and ShippingAddressProvider.php."""
    items: dict[str, Any] = {
        "customerId": customer.entity_id,
        "firstname": customer.firstname,
        "surname": customer.lastname,
    }
    if customer.street:
        items |= {
            "street": "\n".join(customer.street),
            "postalCode": customer.postcode,
            "city": customer.city,
            "telephone": customer.telephone,
        }
    return items


def order_json(customer: ShopCustomer, order: ShopOrder, *, details: bool) -> dict[str, Any]:
    """LIB src/Model/Order.php jsonSerialize (Hnto fork), filled by M2 src/Mapper/OrderFactory.php.

    M2 never sets url (null) nor profit (left out). Its di.xml gives the orders list a list view
    (ListView/Order/BaseDataProvider.php, plus a DateTime item a shop's own provider adds, which
    the library writes `Y-m-d h:i:s`) and no details view, and the order details the four
    DefaultDetailViewProvider views and no list view.
    """
    data: dict[str, Any] = {
        "order_number": order.increment_id,
        "email_address": customer.email,
        "name": customer.full_name,
        "url": None,
        "revenue": revenue(order),
        "old_revenue": float(order.grand_total),
        "order_date": iso8601(order.created_at),
        "is_first_order": order is customer.orders[0],
        "webstore_url": "https://shop.example.com/",
    }
    if details:
        data["details_view"] = order_details_views(customer, order)
    else:
        data["list_view"] = {
            "order_number": order.increment_id,
            "date": order.created_at.strftime("%d-%m-%Y"),
            "status": order.status,
            "invoiced_at": list_view_date(order.invoiced_at),
        }
    return data


def details_view(display_as: str, data: Any, caption: str = "") -> dict[str, Any]:
    """LIB src/Model/Order/DetailsView.php jsonSerialize: caption only when set."""
    return {"display_as": display_as, **({"caption": caption} if caption else {}), "data": data}


def order_details_views(customer: ShopCustomer, order: ShopOrder) -> list[dict[str, Any]]:
    """M2 src/DataProvider/DetailView/{Order,ShippingAddress,Product,Total}DetailViewProvider.php."""
    details = {
        "ordernumber": order.increment_id,
        "store": "default",
        "orderdate": order.created_at.strftime("%d-%m-%Y"),
        "status": order.status,
        "payment method": "checkmo",
        "invoicedate": order.invoiced_at.strftime("%d-%m-%Y"),
    }
    address = {
        "name": customer.full_name,
        "address": " ".join(customer.street),
        "postalcode + city": f"{customer.postcode} {customer.city}",
        "country": "Nederland",
    }
    products = [
        {
            "artikelnr_(SKU)": i["sku"],
            "article name": i["name"],
            "quantity": i["qty"],
            "price": i["price"],
            "totalIncludingTax": i["row"],
        }
        for i in order.items
    ]
    totals = {  # the provider's formatting array_map is discarded: the raw values go out
        "subtotal_(incl_VAT)": order.grand_total,
        "shippingcost": "0.0000",
        "discounts_(incl_VAT)": "0.0000",
        "VAT": "0.0000",
        "total_(incl_VAT)": order.grand_total,
        "payed": order.grand_total,
        "refunded": order.total_refunded or 0,  # `?? 0`
        "revenue": revenue(order),
    }
    return [
        details_view("details", details, "details"),
        details_view("details", address, "shipping address"),
        details_view("rows", products, "products"),
        details_view("columns", [totals], "totals"),
    ]


def panel_list_json(email: str) -> dict[str, Any]:
    """The library has no custom-panel model: its Collection with a key (Hnto fork) makes {"data": [...]}."""
    return {
        "data": [
            {
                "id": item_id,
                "description": f"Return RMA-{item_id}",
                "order": item["order"].increment_id,
                "received": item["received_at"].strftime("%d-%m-%Y"),
            }
            for item_id, item in PANEL_ITEMS.items()
            if item["customer"] == email
        ]
    }


def panel_details_json(item_id: int) -> dict[str, Any]:
    """Collection([...], 'details_view') of the library's DetailsView, its DateTime as `Y-m-d h:i:s`."""
    item = PANEL_ITEMS[item_id]
    facts = {
        "rma": f"RMA-{item_id}",
        "order": item["order"].increment_id,
        "received_at": list_view_date(item["received_at"]),
        "refund": 20.0,
    }
    lines = [{"article name": i["name"], "quantity": 1, "reason": item["reason"]} for i in item["order"].items]
    return {"details_view": [details_view("details", facts, "return"), details_view("rows", lines, "articles")]}


# ---- the server ------------------------------------------------------------------------------


class NotFound(Exception):
    """LIB DataNotFoundException: 404 with its message."""


class InvalidArgument(Exception):
    """Webmozart\\Assert's InvalidArgumentException (M2's `Assert::keyExists`): 500 with its message."""


@dataclass
class PhpLibraryWebshop:
    """LIB src/Server/RestApiServer.php: 401 `{"message":"Authentication failed"}` on bad Basic
    credentials, 404 for DataNotFoundException, 500 with the message for any other exception
    (M2's `Assert::keyExists` on a missing parameter), else 200 and the model's JSON.

    `total_spent_as_string`: the Hnto/RobinHqLib fork's `(string)` total_spent.
    `authenticate=False`: LIB commit 0b5e9cd, whose `authenticateRequest` began with `return true;`.
    `broken`: path -> field overrides (LEFT_OUT removes one), to make an answer wrong on purpose.
    """

    total_spent_as_string: bool = False
    authenticate: bool = True
    broken: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        handler = self.routes().get(path)
        if handler is None:
            status, body = 404, None
        elif self.authenticate and not authenticated(environ.get("HTTP_AUTHORIZATION", "")):
            status, body = 401, {"message": "Authentication failed"}
        else:
            status, body = self.answer(handler, query(environ), path)
        if body is None:
            return respond(start_response, 404, "text/html; charset=UTF-8", b"<h1>404 Not Found</h1>")
        return respond(start_response, status, "application/json", php_json(body).encode())

    def routes(self) -> dict[str, Callable[[dict[str, str]], dict[str, Any]]]:
        return {
            "/customers": self.customer,
            "/orders": self.orders,
            "/search": self.lifetime,
            "/customerpanellist": lambda q: panel_list_json(required(q, "email")),
            "/custompaneldetails": panel_details,
        }

    def answer(self, handler: Callable[[dict[str, str]], dict[str, Any]], params: dict[str, str], path: str) -> Answer:
        try:
            body = handler(params)
        except NotFound as exc:
            return 404, {"message": str(exc)}
        except InvalidArgument as exc:
            return 500, {"message": str(exc)}
        for name, value in self.broken.get(path, {}).items():
            if value is LEFT_OUT:
                body.pop(name, None)
            else:
                body[name] = value
        return 200, body

    def customer(self, params: dict[str, str]) -> dict[str, Any]:
        """M2 CustomerDataProvider with the full CustomerFactory (panel view included)."""
        return customer_json(find_customer(params), panel_view=True, total_spent_as_string=self.total_spent_as_string)

    def lifetime(self, params: dict[str, str]) -> dict[str, Any]:
        """M2 di.xml: CustomerLifetimeDataProvider is the customer, without a panel view."""
        return customer_json(find_customer(params), panel_view=False, total_spent_as_string=self.total_spent_as_string)

    def orders(self, params: dict[str, str]) -> dict[str, Any]:
        """M2 OrderDataProvider (by orderNumber) or CustomerOrdersDataProvider (by email, oldest first)."""
        if ORDER_PARAMETER in params:
            number = params[ORDER_PARAMETER]
            for customer in CUSTOMERS:
                for order in customer.orders:
                    if order.increment_id == number:
                        return order_json(customer, order, details=True)
            raise NotFound(f"Could not find order with number {number}.")
        email = required(params, "email")
        mine = [(c, o) for c in CUSTOMERS if c.email == email for o in c.orders]
        return {"orders": [order_json(c, o, details=False) for c, o in mine]}


def find_customer(params: dict[str, str]) -> ShopCustomer:
    email = required(params, "email", "Email address is missing from request data.")
    found = next((c for c in CUSTOMERS if c.email == email), None)
    if found is None:
        raise NotFound(f"Could not find customer defined by email {email}.")
    return found


def panel_details(params: dict[str, str]) -> dict[str, Any]:
    raw = required(params, "id")
    if not raw.isdigit() or int(raw) not in PANEL_ITEMS:
        raise NotFound(f"Could not find item defined by id {raw}.")
    return panel_details_json(int(raw))


def required(params: dict[str, str], name: str, message: str = "") -> str:
    if name not in params:
        raise InvalidArgument(message or f"{name} is missing from request data.")
    return params[name]


def query(environ: dict[str, Any]) -> dict[str, str]:
    """PHP's $_GET: the last of repeated parameters wins."""
    return {k: v[-1] for k, v in parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True).items()}


def authenticated(header: str) -> bool:
    """RestApiServer::authenticateRequest: `Basic (.*)`, base64-decoded, split at the first colon."""
    match = re.search(r"Basic\s+(.*)$", header, re.IGNORECASE)
    if not match:
        return False
    try:
        user, _, password = base64.b64decode(match.group(1)).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return False
    return (user, password) == (KEY, SECRET)


def respond(start_response: StartResponse, status: int, content_type: str, body: bytes) -> list[bytes]:
    reasons = {200: "OK", 401: "Unauthorized", 404: "Not Found", 500: "Internal Server Error"}
    start_response(f"{status} {reasons[status]}", [("Content-Type", content_type), ("Content-Length", str(len(body)))])
    return [body]
