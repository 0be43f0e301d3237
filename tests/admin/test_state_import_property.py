"""PUT /__admin/state with mutated exports: refused (4xx, nothing changed) or every vendor read answers."""

from __future__ import annotations

import copy
import dataclasses
import re
import types
import typing
from collections.abc import Callable, Iterator
from itertools import islice, product
from typing import Any, NamedTuple
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.routing import Rule
from werkzeug.test import TestResponse

from simulator.chatwoot.models import ChatwootState
from simulator.core.fake import PeoplePool
from simulator.robin.models import RobinState
from simulator.sinch_cmi.models import CmiState
from tests.chatwoot.support import ADMIN_TOKEN
from tests.conftest import ROBIN_AUTH, ROBIN_KEY, WEBSHOP_AUTH
from tests.core.builders import assert_problem, export, in_namespace
from tests.sinch_cmi.support import CMI_AUTH

Path = tuple[str, ...]
State = dict[str, Any]
Read = tuple[str, str, dict[str, Any]]  # method, URL, request options
TARGET = "imported"
READ_PREFIXES = ("/robin", "/sinch/cmi", "/chatwoot", "/__admin/robin", "/__admin/sinch-cmi")
PLATFORM_TOKEN = "demo-chatwoot-platform-token"
DANGLING_INT = 987_654_321
DANGLING_TEXT = "dangling-0000"
WRONG_TYPES: tuple[Any, ...] = (True, 7, -2.5, "text", [], {"x": 1})
INTEGER = re.compile(r"-?[0-9]+")
PARAMETER = re.compile(r"<(?:[^:>]+:)?([^>]+)>")  # a path parameter of a rule, its converter left out
REFERENCES = ("webstore", "order_number", "queues", "login")
SHAPES = {"robin": RobinState, "sinch_cmi": CmiState, "chatwoot": ChatwootState}
MAX_COMBINATIONS = 3  # path parameter combinations tried per rule
EXAMPLES = 150  # fixed examples (derandomized): about 20 s


class Place(NamedTuple):
    """A value in an export."""

    path: Path
    pattern: Path  # the path with `*` for keys and indexes: what kind of value this is
    kind: Any  # its declared type
    keyed: bool  # a key of a table (records by id)


# ---- the export's paths, grouped by what they are (a field of a kind of record) ----------------

def plain(kind: Any) -> Any:
    """`X | None` → X; other kinds as they are."""
    options = [arg for arg in typing.get_args(kind) if arg is not type(None)]
    return options[0] if typing.get_origin(kind) in (typing.Union, types.UnionType) and len(options) == 1 else kind


def walk(value: Any, kind: Any, path: Path, pattern: Path, keyed: bool = False) -> Iterator[Place]:
    """Every place in an export; a pattern names the fields and writes `*` for keys and indexes."""
    kind = plain(kind)
    yield Place(path, pattern, kind, keyed)
    if dataclasses.is_dataclass(kind) and isinstance(value, dict):
        hints = typing.get_type_hints(kind)
        for name, item in value.items():
            yield from walk(item, hints.get(name, Any), (*path, name), (*pattern, name))
        return
    args = typing.get_args(kind)
    if isinstance(value, dict):
        key_kind, item_kind = args or (str, Any)
        table = key_kind is int or dataclasses.is_dataclass(item_kind)  # records (or counters) by id
        for key, item in value.items():
            yield from walk(item, item_kind, (*path, key), (*pattern, "*"), table)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk(item, args[0] if args else Any, (*path, str(index)), (*pattern, "*"))


def export_places(state: State) -> dict[Path, list[Place]]:
    """The places of an export by pattern (the root left out)."""
    places = [
        *walk(state["seed"], int, ("seed",), ("seed",)),
        *walk(state["ids"], Any, ("ids",), ("ids",)),
        *walk(state["people"], PeoplePool, ("people",), ("people",)),
        *(place for vendor, data in state["vendors"].items()
          for place in walk(data, SHAPES[vendor], ("vendors", vendor), ("vendors", vendor))),
    ]
    grouped: dict[Path, list[Place]] = {}
    for place in places:
        grouped.setdefault(place.pattern, []).append(place)
    return grouped


def is_id_like(place: Place) -> bool:
    """Ids and references: `id`, `*_id(s)`, `*guid`, a few named ones, and the keys of tables."""
    named = [segment for segment in place.pattern if segment != "*"]
    last = named[-1] if len(named) > 2 else ""
    return place.keyed or last == "id" or last.endswith(("_id", "_ids", "guid")) or last in REFERENCES


# ---- mutations ---------------------------------------------------------------------------------

def parent_and_key(state: State, path: Path) -> tuple[Any, Any]:
    parent: Any = state
    for segment in path[:-1]:
        parent = parent[int(segment)] if isinstance(parent, list) else parent[segment]
    key = path[-1]
    return parent, int(key) if isinstance(parent, list) else key


def dangle(state: State, place: Place) -> None:
    """Point the reference nowhere; a table's key: move the record to a key no record has."""
    parent, key = parent_and_key(state, place.path)
    current = parent[key]
    if place.keyed:
        parent[str(DANGLING_INT) if INTEGER.fullmatch(key) else DANGLING_TEXT] = parent.pop(key)
    elif isinstance(current, list):
        parent[key] = [*current, DANGLING_INT if all(isinstance(i, int) for i in current) else DANGLING_TEXT]
    else:
        parent[key] = DANGLING_INT if isinstance(current, int) and not isinstance(current, bool) else DANGLING_TEXT


def wrong_type(current: Any, choice: int) -> Any:
    """A value of another JSON type than `current` (bool and int count as different)."""
    others = [value for value in WRONG_TYPES if type(value) is not type(current)]
    return copy.deepcopy(others[choice % len(others)])


Mutation = tuple[str, Place, int]  # how, where, which wrong value


@st.composite
def mutations(draw: st.DrawFn, grouped: dict[Path, list[Place]]) -> Mutation:
    """A pattern first, then a place of it: rare kinds of records count as much as frequent ones."""
    place = draw(st.sampled_from(grouped[draw(st.sampled_from(sorted(grouped)))]))
    hows = ["null", "wrong type", "delete"] + (["dangling id"] if is_id_like(place) else [])
    return draw(st.sampled_from(hows)), place, draw(st.integers(0, len(WRONG_TYPES) - 1))


def mutated(base: State, mutation: Mutation) -> State:
    how, place, choice = mutation
    state = copy.deepcopy(base)
    parent, key = parent_and_key(state, place.path)
    if how == "null":
        parent[key] = None
    elif how == "delete":
        del parent[key]
    elif how == "wrong type":
        parent[key] = wrong_type(parent[key], choice)
    else:
        dangle(state, place)
    return state


# ---- the reads: every GET of the vendors, path parameters filled from the imported state ---------

Lookup = Callable[[State, dict[str, str], set[str]], list[str]]  # (state, parameters so far, focus) → values


def _first_and_focus(keys: list[Any], focus: set[str]) -> list[str]:
    """The first key, and the keys the mutation touched (reads then look at the changed records)."""
    names = [str(key) for key in keys]
    return list(dict.fromkeys([*names[:1], *(name for name in names if name in focus)]))


def _table(state: State, vendor: str, table: str) -> dict[str, Any]:
    return state["vendors"][vendor][table]


def _chatwoot(table: str, account_scoped: bool = True) -> Lookup:
    def lookup(state: State, chosen: dict[str, str], focus: set[str]) -> list[str]:
        account = chosen.get("account_id") if account_scoped else None
        keys = [key for key, record in _table(state, "chatwoot", table).items()
                if account is None or str(record.get("account_id")) == account]
        return _first_and_focus(keys, focus)
    return lookup


def _cmi(table: str) -> Lookup:
    return lambda state, chosen, focus: _first_and_focus(list(_table(state, "sinch_cmi", table)), focus)


def _cmi_contact(state: State, chosen: dict[str, str], focus: set[str]) -> list[str]:
    """A contact id, or a contact group id (the remarks are per group)."""
    groups = list(islice(_table(state, "sinch_cmi", "remarks"), 1))
    return [*_first_and_focus(list(_table(state, "sinch_cmi", "contacts")), focus), *groups]


def _permitted(kind: str, table: str) -> Lookup:
    """Records the demo platform app may reach (it reaches only those it made)."""
    def lookup(state: State, chosen: dict[str, str], focus: set[str]) -> list[str]:
        app = next((a for a in _table(state, "chatwoot", "platform_apps").values()
                    if a["access_token"] == PLATFORM_TOKEN), {"permissible": []})
        mine = [p.split(":")[1] for p in app["permissible"] if p.startswith(f"{kind}:")]
        return _first_and_focus([*mine, *_table(state, "chatwoot", table)], {*focus, *mine})
    return lookup


def _display_id(state: State, chosen: dict[str, str], focus: set[str]) -> list[str]:
    """A conversation of the chosen account, or (public API) of the chosen contact inbox."""
    conversations = _table(state, "chatwoot", "conversations")
    if "account_id" in chosen:
        keys = [key for key, cv in conversations.items() if str(cv["account_id"]) == chosen["account_id"]]
    else:
        links = {key for key, link in _table(state, "chatwoot", "contact_inboxes").items()
                 if link["source_id"] == chosen.get("contact_identifier")}
        keys = [key for key, cv in conversations.items() if str(cv["contact_inbox_id"]) in links]
    return [str(conversations[key]["display_id"]) for key in _first_and_focus(keys, focus)]


def _inbox_identifier(state: State, chosen: dict[str, str], focus: set[str]) -> list[str]:
    inboxes = _table(state, "chatwoot", "inboxes")
    api = [key for key, inbox in inboxes.items() if inbox["channel_type"] == "Channel::Api" and inbox["identifier"]]
    return [inboxes[key]["identifier"] for key in _first_and_focus(api, focus)]


def _source_id(state: State, chosen: dict[str, str], focus: set[str]) -> list[str]:
    inboxes = {str(key) for key, inbox in _table(state, "chatwoot", "inboxes").items()
               if inbox["identifier"] == chosen.get("inbox_identifier")}
    links = _table(state, "chatwoot", "contact_inboxes")
    keys = _first_and_focus([key for key, link in links.items() if str(link["inbox_id"]) in inboxes], focus)
    return [links[key]["source_id"] for key in keys]


def _robin_guid(state: State, chosen: dict[str, str], focus: set[str]) -> list[str]:
    conversations = state["vendors"]["robin"]["tenants"].get(ROBIN_KEY, {}).get("conversations", [])
    indexes = _first_and_focus(list(range(len(conversations))), focus)
    return [conversations[int(index)]["guid"] for index in indexes]


PARAMETERS: dict[str, Lookup] = {
    "account_id": _chatwoot("accounts", account_scoped=False),
    "conversation_id": _display_id,
    "contact_id": _chatwoot("contacts"),
    "inbox_id": _chatwoot("inboxes"),
    "team_id": _chatwoot("teams"),
    "bot_id": _chatwoot("agent_bots", account_scoped=False),
    "rule_id": _chatwoot("automation_rules"),
    "definition_id": _chatwoot("custom_attributes"),
    "custom_filter_id": _chatwoot("custom_filters"),
    "user_id": _chatwoot("users", account_scoped=False),
    "inbox_identifier": _inbox_identifier,
    "contact_identifier": _source_id,
    "callRecordingId": _cmi("recordings"),
    "callbackId": _cmi("callbacks"),
    "chatId": _cmi("chats"),
    "contactId": _cmi_contact,
    "usageAndAddress": _cmi("consents"),
    "emailId": _cmi("emails"),
    "messageId": _cmi("messages"),
    "scriptResultId": _cmi("script_results"),
    "guid": _robin_guid,
    "platform:account_id": _permitted("Account", "accounts"),
    "platform:bot_id": _permitted("AgentBot", "agent_bots"),
    "platform:user_id": _permitted("User", "users"),
}


def _webshop_queries(state: State) -> dict[str, list[dict[str, str]]]:
    shop = state["vendors"]["robin"]["webshop"]
    names = shop["settings"]
    customers = shop["customers"][:1]
    by_customer = [{names[f"{field}_parameter"]: c[column]} for c in customers for field, column in
                   (("email", "email_address"), ("phone", "phone_number"), ("external_identifier",) * 2)]
    orders = [{names["order_number_parameter"]: o["order_number"]} for o in shop["orders"][:1]]
    panels = [{names["panel_id_parameter"]: p["id"]} for p in shop["panel_items"][:1]]
    return {"CustomerInformationViews": by_customer, "OrdersViews": by_customer[:1] + orders,
            "CustomerLifetimeViews": by_customer[:1], "CustomPanelListViews": by_customer,
            "CustomPanelDetailsViews": panels}


def _presence_queries(state: State) -> list[dict[str, str]]:
    tenant = state["vendors"]["robin"]["tenants"].get(ROBIN_KEY)
    channels = ["Chat"] + [c["name"] for c in tenant["channels"][:1]] if tenant else ["Chat"]
    referrers = [r for store in tenant["webstores"][:1] for r in store["referrers"][:1]] if tenant else []
    return [{"apikey": ROBIN_KEY, "Channel": c} for c in channels] + [
        {"apikey": ROBIN_KEY, "Channel": "Chat", "referrer": r} for r in referrers]


REPORT_METRICS = ("conversations_count", "incoming_messages_count", "outgoing_messages_count",
                  "avg_first_response_time", "avg_resolution_time", "resolutions_count", "reply_time")
WINDOW = {"since": "0", "until": "2000000000"}
STATIC_QUERIES: dict[str, list[dict[str, str]]] = {
    "chatwoot_reports.ReportsViews": [{"metric": m, "type": "account"} for m in REPORT_METRICS]
    + [{"metric": "conversations_count", "type": "account", "group_by": "month", **WINDOW}],
    "chatwoot_reports.ReportSummaryViews": [{"type": "account", **WINDOW}],
    "chatwoot_reports.ReportConversationsViews": [{"type": "account"}, {"type": "agent"}],
    "chatwoot_contacts.ContactSearchViews": [{"q": "a"}],
    "chatwoot_contacts.ContactsViews": [{}, {"sort": "-name"}],
    "chatwoot_conversations.ConversationsViews": [{"status": "all"}, {"status": "all", "sort_by": "priority_desc"}],
    "chatwoot_conversations.ConversationMetaViews": [{"status": "all"}],
    "sinch_cmi_contacts.ContactsViews": [{"statistics": "true"}],
    "sinch_cmi_emails.EmailsViews": [{"includeAttachedData": "true"}],
}


def queries(endpoint: str, state: State) -> list[dict[str, str]]:
    """Query strings that make a read do its work (the webshop needs a customer, reports a metric…)."""
    if endpoint.startswith("robin_webshop."):
        return _webshop_queries(state).get(endpoint.split(".")[-1]) or [{}]
    if endpoint == "robin_presence.PresenceViews":
        return _presence_queries(state)
    return STATIC_QUERIES.get(endpoint, [{}])


def headers_for(url: str) -> dict[str, str]:
    """The demo credentials of the API the URL belongs to (presence and the public API take theirs in the URL)."""
    if url.startswith("/robin/webshop"):
        return dict(WEBSHOP_AUTH)
    if url.startswith(("/robin/presence", "/chatwoot/public", "/__admin")):
        return {}
    if url.startswith("/robin"):
        return dict(ROBIN_AUTH)
    if url.startswith("/sinch/cmi"):
        return dict(CMI_AUTH)
    token = PLATFORM_TOKEN if url.startswith("/chatwoot/platform") else ADMIN_TOKEN
    return {"api_access_token": token}


def read_rules(app: Flask) -> list[Rule]:
    return sorted((rule for rule in app.url_map.iter_rules()
                   if "GET" in (rule.methods or ()) and rule.rule.startswith(READ_PREFIXES)), key=lambda r: r.rule)


def fillings(rule: Rule, state: State, focus: set[str]) -> list[dict[str, str]]:
    """Path parameters in the rule's order, each looked up given the ones before it."""
    combos: list[dict[str, str]] = [{}]
    scope = "platform:" if rule.rule.startswith("/chatwoot/platform") else ""
    for name in _ordered(rule):
        lookup = PARAMETERS.get(scope + name, PARAMETERS[name])
        combos = [{**chosen, name: value} for chosen in combos for value in lookup(state, chosen, focus)]
    return combos[:MAX_COMBINATIONS]


def _ordered(rule: Rule) -> list[str]:
    return PARAMETER.findall(rule.rule)


def url_of(rule: Rule, values: dict[str, str]) -> str:
    return PARAMETER.sub(lambda match: quote(values[match.group(1)], safe=""), rule.rule)


def reads(app: Flask, state: State, focus: set[str]) -> list[Read]:
    """Every list and show read of every vendor (ROBIN lists conversations by POST)."""
    found: list[Read] = [("POST", "/robin/conversations", {"json": {}})]
    for rule in read_rules(app):
        for values, query in product(fillings(rule, state, focus), queries(rule.endpoint, state)):
            found.append(("GET", url_of(rule, values), {"query_string": query}))
    return found


def answer(client: FlaskClient, read: Read) -> TestResponse:
    method, url, options = read
    return client.open(url, method=method, headers={**headers_for(url), **in_namespace(TARGET)}, **options)


# ---- the property ------------------------------------------------------------------------------

def put_state(client: FlaskClient, state: State) -> TestResponse:
    return client.put("/__admin/state", json=state, headers=in_namespace(TARGET))


def assert_refused_or_readable(app: Flask, base: State, mutation: Mutation) -> None:
    client = app.test_client()
    before = export(client, TARGET)
    response = put_state(client, mutated(base, mutation))
    if response.status_code != 200:
        assert 400 <= response.status_code < 500, response.get_data(as_text=True)
        assert_problem(response, response.status_code)
        assert export(client, TARGET) == before
        return
    failures = [(read[:2], r.status_code) for read in reads(app, response.get_json(), set(mutation[1].path))
                if (r := answer(client, read)).status_code >= 500]
    assert not failures, f"{mutation[0]} at {'.'.join(mutation[1].path)} was accepted, then reads failed: {failures}"


@pytest.fixture
def base(unlimited_app: Flask) -> State:
    return export(unlimited_app.test_client())


def test_import_state__a_mutated_export_is_refused_or_every_read_answers(unlimited_app: Flask, base: State) -> None:
    grouped = export_places(base)

    @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None)
    @given(mutations(grouped))
    def check(mutation: Mutation) -> None:
        assert_refused_or_readable(unlimited_app, base, mutation)

    check()


def test_reads__cover_every_vendor_and_fill_every_path_parameter(unlimited_app: Flask, base: State) -> None:
    client = unlimited_app.test_client()
    assert put_state(client, base).status_code == 200

    found = reads(unlimited_app, base, set())
    answered = [(url, answer(client, (method, url, options)).status_code) for method, url, options in found]

    assert len(found) > len(read_rules(unlimited_app))
    assert all("<" not in url for url, _ in answered)
    for prefix in READ_PREFIXES:
        assert any(url.startswith(prefix) and status == 200 for url, status in answered), prefix
    assert sum(status == 200 for _, status in answered) >= 0.85 * len(found), answered


# ---- deterministic cases: the reported breakages and what the integrity checks refuse -----------

def first_key(state: State, vendor: str, table: str) -> str:
    return next(iter(state["vendors"][vendor][table]))


def _inbox_null(state: State) -> str:
    key = first_key(state, "chatwoot", "conversations")
    state["vendors"]["chatwoot"]["conversations"][key]["inbox_id"] = None
    return f"vendors.chatwoot.conversations.{key}.inbox_id: expected an integer, got null"


def _webshop_null(state: State) -> str:
    state["vendors"]["robin"]["webshop"] = None
    return "vendors.robin.webshop: expected an object, got null"


def _cmi_contact_null(state: State) -> str:
    key = first_key(state, "sinch_cmi", "contacts")
    state["vendors"]["sinch_cmi"]["contacts"][key] = None
    return f"vendors.sinch_cmi.contacts.{key}: expected an object, got null"


def _event_value_object(state: State) -> str:
    key = first_key(state, "chatwoot", "reporting_events")
    state["vendors"]["chatwoot"]["reporting_events"][key]["value"] = {"seconds": 12}
    return f"vendors.chatwoot.reporting_events.{key}.value: expected a number, got an object"


REPORTED = {"conversation inbox null": _inbox_null, "webshop null": _webshop_null,
            "CMI contact null": _cmi_contact_null, "reporting event value an object": _event_value_object}


def _chatwoot_set(table: str, field: str, value: Any, message: str) -> Callable[[State], str]:
    def change(state: State) -> str:
        key = first_key(state, "chatwoot", table)
        state["vendors"]["chatwoot"][table][key][field] = value
        return f"vendors.chatwoot.{table}.{key}.{field}: {message}"
    return change


def _chatwoot_rekeyed(state: State) -> str:
    contacts = state["vendors"]["chatwoot"]["contacts"]
    key = first_key(state, "chatwoot", "contacts")
    contacts["5000"] = contacts.pop(key)
    return f"vendors.chatwoot.contacts.5000.id: the record stored under 5000 has id {key}"


def _sequence_behind(state: State) -> str:
    state["vendors"]["chatwoot"]["sequences"]["messages"] = 1
    top = max(map(int, state["vendors"]["chatwoot"]["messages"]))
    return f"vendors.chatwoot.sequences.messages: 1 is below the largest id in use ({top})"


def _agent_limit(state: State) -> str:
    state["vendors"]["chatwoot"]["accounts"]["1"]["limits"]["agents"] = "ten"
    return "vendors.chatwoot.accounts.1.limits.agents: expected a whole number of 0 or more, got 'ten'"


def _robin_conversation(field: str, value: Any, message: str) -> Callable[[State], str]:
    def change(state: State) -> str:
        state["vendors"]["robin"]["tenants"][ROBIN_KEY]["conversations"][0][field] = value
        return f"vendors.robin.tenants.{ROBIN_KEY}.conversations.0.{field}: {message}"
    return change


def _robin_customer_rekeyed(state: State) -> str:
    customers = state["vendors"]["robin"]["tenants"][ROBIN_KEY]["customers"]
    key = next(iter(customers))
    customers["other@example.com"] = customers.pop(key)
    address = customers["other@example.com"]["email_address"]
    return (f"vendors.robin.tenants.{ROBIN_KEY}.customers.other@example.com.email_address: the customer stored "
            f"under 'other@example.com' has email address {address!r}")


def _order_line_without_price(state: State) -> str:
    del state["vendors"]["robin"]["webshop"]["orders"][0]["lines"][0]["price"]
    return "vendors.robin.webshop.orders.0.lines.0.price: expected a number, got None"


def _email_without_contact(state: State) -> str:
    key = first_key(state, "sinch_cmi", "emails")
    del state["vendors"]["sinch_cmi"]["contacts"][key]
    return f"vendors.sinch_cmi.emails.{key}.id: no contact {key!r}"


def _cmi_set(table: str, field: str, value: Any, message: str) -> Callable[[State], str]:
    def change(state: State) -> str:
        key = first_key(state, "sinch_cmi", table)
        state["vendors"]["sinch_cmi"][table][key][field] = value
        return f"vendors.sinch_cmi.{table}.{key}.{field}: {message}"
    return change


def _top(path: Path, value: Any, message: str) -> Callable[[State], str]:
    def change(state: State) -> str:
        parent, key = parent_and_key(state, path)
        parent[key] = value
        return f"{'.'.join(path)}: {message}"
    return change


REFUSED = {
    "chatwoot dangling inbox": _chatwoot_set("conversations", "inbox_id", DANGLING_INT, f"no inbox {DANGLING_INT}"),
    "chatwoot message of no conversation": _chatwoot_set("messages", "conversation_id", DANGLING_INT,
                                                         f"no conversation {DANGLING_INT}"),
    "chatwoot contact inbox of no contact": _chatwoot_set("contact_inboxes", "contact_id", 0, "no contact 0"),
    "chatwoot key and id disagree": _chatwoot_rekeyed,
    "chatwoot sequence behind": _sequence_behind,
    "chatwoot unknown priority": _chatwoot_set("conversations", "priority", "asap",
                                               "expected one of None, 'low', 'medium', 'high', 'urgent'; got 'asap'"),
    "chatwoot agent limit": _agent_limit,
    "chatwoot reporting event beyond the clock": _chatwoot_set(
        "reporting_events", "value", 1e308, "expected seconds from 0 to 2.21845e+11, got 1e+308"),
    "chatwoot negative reporting event": _chatwoot_set(
        "reporting_events", "value", -5, "expected seconds from 0 to 2.21845e+11, got -5.0"),
    "robin unknown web store": _robin_conversation("webstore", "Nowhere", "no web store 'Nowhere'"),
    "robin unknown state": _robin_conversation("state", "Gone", "expected one of 'Open', 'Archived', 'Snoozed', "
                                                                "'Hidden'; got 'Gone'"),
    "robin customer key and email disagree": _robin_customer_rekeyed,
    "robin order line without price": _order_line_without_price,
    "cmi email of no contact": _email_without_contact,
    "cmi dangling queue": _cmi_set("contacts", "queue_id", DANGLING_TEXT, f"no queue {DANGLING_TEXT!r}"),
    "cmi retry delay": _cmi_set("messages", "retry_delay", 10, "expected 60 to 3600 (seconds), got 10"),
    "seed negative": _top(("seed",), -1, "expected 0 to 2**63 - 1, got -1"),
    "ids word too large": _top(("ids", "1", "0"), 2**32, f"expected a 32-bit word, got {2**32}"),
    "ids position": _top(("ids", "1", "624"), 625, "expected a position from 0 to 624, got 625"),
    "ids version": _top(("ids", "0"), 2, "expected generator version 3, got 2"),
    "people canonical": lambda state: _top(("people", "canonical"), -1, f"expected 0 to "
                                           f"{len(state['people']['people'])} (the people), got -1")(state),
    "person without email": _top(("people", "people", "0", "email"), None, "expected a string, got null"),
}


def assert_refused(client: FlaskClient, base: State, change: Callable[[State], str]) -> None:
    """400 problem+json naming the path of the problem, and the namespace as it was."""
    before = export(client, TARGET)
    broken = copy.deepcopy(base)
    expected = change(broken)

    response = put_state(client, broken)

    body = assert_problem(response, 400)
    assert body["detail"].endswith(expected), body["detail"]
    assert export(client, TARGET) == before


@pytest.mark.parametrize("case", sorted(REPORTED))
def test_import_state__the_reported_breakages_are_refused(unlimited_app: Flask, base: State, case: str) -> None:
    assert_refused(unlimited_app.test_client(), base, REPORTED[case])


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_import_state__inconsistent_exports_are_refused_with_the_path(
    unlimited_app: Flask, base: State, case: str
) -> None:
    assert_refused(unlimited_app.test_client(), base, REFUSED[case])


def test_import_state__references_to_deleted_records_stay_importable(unlimited_app: Flask) -> None:
    """Removing an agent leaves their messages' sender ids behind: the export must import as it is."""
    client = unlimited_app.test_client()
    removed = client.delete("/chatwoot/api/v1/accounts/1/agents/3", headers={"api_access_token": ADMIN_TOKEN})
    assert removed.status_code == 200, removed.get_data(as_text=True)
    exported = export(client)
    assert "3" not in exported["vendors"]["chatwoot"]["users"]
    assert any(m["sender_id"] == 3 for m in exported["vendors"]["chatwoot"]["messages"].values())

    response = put_state(client, exported)

    assert response.status_code == 200, response.get_data(as_text=True)
    assert {**export(client, TARGET), "namespace": "default"} == exported
    failures = [(read, status) for read in reads(unlimited_app, exported, {"3"})
                if (status := answer(client, read).status_code) >= 500]
    assert not failures


def test_import_state__a_deleted_account_leaves_records_that_import_and_read(unlimited_app: Flask, base: State) -> None:
    """As the platform API deletes an account: the account and its memberships go, its records stay."""
    client = unlimited_app.test_client()
    chatwoot = copy.deepcopy(base)["vendors"]["chatwoot"]
    del chatwoot["accounts"]["1"]
    chatwoot["account_users"] = {k: m for k, m in chatwoot["account_users"].items() if m["account_id"] != 1}
    state = {**base, "vendors": {**base["vendors"], "chatwoot": chatwoot}}

    response = put_state(client, state)

    assert response.status_code == 200, response.get_data(as_text=True)
    public = [read for read in reads(unlimited_app, state, set()) if read[1].startswith("/chatwoot/public")]
    assert len(public) >= 3
    assert [answer(client, read).status_code for read in public] == [404] * len(public)
