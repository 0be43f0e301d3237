"""Median latency of each vendor's main operations in worlds of 1x, 10x and 100x the seeded size, and the cost per
create while a world grows through the API."""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from run import BenchError, Server, StopsServers, basic_authorization, free_port

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
HOST = "127.0.0.1"
ROBIN_AUTH = basic_authorization("demo-robin-key", "demo-robin-secret")
ROBIN_KEY = "demo-robin-key"
CMI_AUTH = basic_authorization("demo-agent", "demo-password")
CHATWOOT_TOKEN = "demo-chatwoot-admin-token"
ROBIN_CHANNEL = "customChannel"  # the seeded custom channel, without a webhook
CHATWOOT_API_INBOX = 2  # "Shop API": no agent bot, one conversation per contact not enforced
ACCOUNT = "/chatwoot/api/v1/accounts/1"  # the demo tokens' account
VENDORS = ("robin", "sinch_cmi", "chatwoot")
VENDOR_NAMES = {"robin": "ROBIN", "sinch_cmi": "Sinch CMI", "chatwoot": "Chatwoot", "admin": "control"}
# What a vendor's create adds, counted in the export: the record types its world sizes are taken from.
TRACKED = {"robin": ("conversations",), "sinch_cmi": ("contacts", "chats"), "chatwoot": ("conversations", "contacts")}
# Record counts printed per world (the JSON has every collection of the export).
PRINTED_COUNTS = {
    "robin": ("customers", "orders", "conversations"),
    "sinch_cmi": ("contacts", "chats", "emails", "recordings", "callbacks", "messages"),
    "chatwoot": ("contacts", "conversations", "messages", "reporting_events"),
}
TARGETED_KINDS = ("create", "show", "list")  # their largest-world median must stay within RATIO_TARGET of the smallest
# (filter and meta have no target; "reference", the health call, shows the machine's drift between worlds)
RATIO_TARGET = 1.5
GROWTH_TARGET = 1.5
KEEP_WITHIN = 0.10  # while create is measured, the world stays within 10 % of its seeded size (reset when over)
MIN_KEEP = 3
ID_SAMPLE = 64  # ids drawn from each world for show and filter, used in turn
SAMPLE_SEED = 20240101
POLL_INTERVAL_S = 0.05
REQUEST_TIMEOUT_S = 120.0
STRIPPED_ENV = "SIMULATOR_"  # the servers start from defaults: no state folder, people count or seed of the caller's
HEX_ID = re.compile(r"[0-9A-F]{32}")


# ---- HTTP -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    body: Any = None  # sent as JSON
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    elapsed: float  # seconds from sending the request to the last byte of the answer

    def json(self) -> Any:
        return json.loads(self.body)


class Client:
    """One keep-alive connection; the clock runs from sending a request to reading the last byte of its answer."""

    def __init__(self, port: int, timeout: float = REQUEST_TIMEOUT_S, namespace: str | None = None) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
        self.headers = {"X-Simulator-Namespace": namespace} if namespace else {}

    def call(self, request: Request, expect: int = 200) -> Answer:
        headers = {**self.headers, **dict(request.headers)}
        body = None
        if request.body is not None:
            body = json.dumps(request.body).encode()
            headers["Content-Type"] = "application/json"
        for attempt in (1, 2):
            if self.conn.sock is None:
                try:
                    self.conn.connect()  # outside the clock
                except OSError as exc:
                    raise BenchError(f"cannot connect to port {self.port}: {exc!r}") from None
            began = time.perf_counter()
            try:
                self.conn.request(request.method, request.path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
            except TimeoutError:
                self.conn.close()
                raise BenchError(f"{request.method} {request.path}: no answer within {self.conn.timeout:g} s") from None
            except (OSError, http.client.HTTPException) as exc:
                # The server closes a keep-alive connection idle for 5 s: connect again and repeat once.
                self.conn.close()
                if attempt == 2:
                    raise BenchError(f"{request.method} {request.path}: {exc!r}") from None
                continue
            elapsed = time.perf_counter() - began
            if response.will_close:
                self.conn.close()
            if response.status != expect:
                raise BenchError(
                    f"{request.method} {request.path} answered {response.status}, not {expect}: {data[:300]!r}"
                )
            return Answer(response.status, data, elapsed)
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.conn.close()


# ---- servers ----------------------------------------------------------------------------------------------------


@dataclass
class Launcher(StopsServers):
    """Starts `ccsim serve --scale N --no-rate-limits` servers and stops every one of them at the end."""

    workdir: Path
    start_timeout: float
    running: list[Server] = field(default_factory=list)

    def launch(self, scale: int) -> tuple[Server, dict[str, float]]:
        """A listening server whose default world is seeded; the seconds from launch to the first 200 of health
        (`listening_s`) and to the first vendor answer, which seeds the world (`seeded_s`)."""
        port = free_port()
        env = {name: value for name, value in os.environ.items() if not name.startswith(STRIPPED_ENV)}
        log_path = self.workdir / f"scale{scale}-{port}.log"
        command = [sys.executable, "-m", "simulator", "serve", "--host", HOST, "--port", str(port),
                   "--no-rate-limits", "--scale", str(scale)]
        with log_path.open("wb") as log:
            began = time.perf_counter()
            process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                       env=env, cwd=ROOT, start_new_session=True)
        server = Server(f"{scale}x", port, process, log_path)
        self.running.append(server)
        deadline = began + self.start_timeout
        while True:
            try:
                conn = http.client.HTTPConnection(HOST, port, timeout=2.0)
                try:
                    conn.request("GET", "/__admin/health")
                    if conn.getresponse().status == 200:
                        break
                finally:
                    conn.close()
            except (OSError, http.client.HTTPException):
                pass  # not listening yet
            if process.poll() is not None:
                raise BenchError(f"the {scale}x server exited with {process.returncode}:\n{server.log_tail()}")
            if time.perf_counter() > deadline:
                raise BenchError(f"the {scale}x server (pid {process.pid}, port {port}) gave no 200 of its health "
                                 f"within {self.start_timeout:g} s")
            time.sleep(POLL_INTERVAL_S)
        listening = time.perf_counter() - began
        client = Client(port, timeout=max(1.0, deadline - time.perf_counter()))
        try:
            client.call(Request("GET", "/sinch/cmi/chats?limit=1", headers=(("Authorization", CMI_AUTH),)))
        except (BenchError, OSError) as exc:
            raise BenchError(f"the {scale}x server's first vendor call (which seeds its world) failed: {exc}\n"
                             f"{server.log_tail()}") from None
        finally:
            client.close()
        return server, {"listening_s": listening, "seeded_s": time.perf_counter() - began}


# ---- the world, read from its export ----------------------------------------------------------------------------


@dataclass
class World:
    """Record counts of the default namespace, and ids drawn from it for show, filter and create."""

    counts: dict[str, dict[str, int]]
    export_bytes: int
    robin_guids: list[str]
    robin_emails: list[str]
    cmi_contacts: list[str]
    cmi_chats: list[str]
    cmi_chat_queue: str
    chatwoot_conversations: list[int]  # display ids
    chatwoot_contacts: list[int]


def collection_counts(section: dict[str, Any]) -> dict[str, int]:
    return {name: len(value) for name, value in section.items() if isinstance(value, list | dict)}


def vendor_sections(export: dict[str, Any]) -> dict[str, dict[str, Any]]:
    vendors = export["vendors"]
    return {"robin": vendors["robin"]["tenants"][ROBIN_KEY], "sinch_cmi": vendors["sinch_cmi"],
            "chatwoot": vendors["chatwoot"]}


def drawn(values: list[Any]) -> list[Any]:
    ordered = sorted(values)
    return random.Random(SAMPLE_SEED).sample(ordered, min(ID_SAMPLE, len(ordered)))


def read_world(client: Client) -> World:
    """`GET /__admin/state`, counted and sampled."""
    answer = client.call(Request("GET", "/__admin/state"))
    sections = vendor_sections(answer.json())
    robin, cmi, chatwoot = sections["robin"], sections["sinch_cmi"], sections["chatwoot"]
    guids = drawn([c["guid"] for c in robin["conversations"]])
    by_guid = {c["guid"]: c for c in robin["conversations"]}
    chat_queues = sorted(q["id"] for q in cmi["queues"].values() if q["channel"] == "CHAT")
    if not chat_queues:
        raise BenchError("the CMI world has no chat queue to create chats in")
    return World(
        counts={vendor: collection_counts(section) for vendor, section in sections.items()},
        export_bytes=len(answer.body),
        robin_guids=guids,
        robin_emails=[by_guid[g]["customer_email"] for g in guids if by_guid[g]["customer_email"]],
        cmi_contacts=drawn(list(cmi["contacts"])),
        cmi_chats=drawn(list(cmi["chats"])),
        cmi_chat_queue=chat_queues[0],
        chatwoot_conversations=drawn([c["display_id"] for c in chatwoot["conversations"].values()
                                      if c["account_id"] == 1]),
        chatwoot_contacts=drawn([c["id"] for c in chatwoot["contacts"].values() if c["account_id"] == 1]),
    )


# ---- operations -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Operation:
    """One measured call: `request(n)` is its n-th request; `check` looks at each answer (untimed)."""

    vendor: str
    key: str
    kind: str  # create, show, list, filter, meta or reference
    label: str
    request: Callable[[int], Request]
    expect: int = 200
    check: Callable[[Answer, Request], None] | None = None

    @property
    def name(self) -> str:
        return f"{self.vendor}.{self.key}"

    def call(self, client: Client, n: int) -> Answer:
        request = self.request(n)
        answer = client.call(request, self.expect)
        if self.check is not None:
            self.check(answer, request)
        return answer


def expect_items(items: list[Any], count: int, what: str) -> None:
    if len(items) != count:
        raise BenchError(f"{what} answered {len(items)} items, not {count}")


class Counter:
    """Unique numbers for created records, over the whole run."""

    def __init__(self) -> None:
        self.value = 0

    def next(self) -> int:
        self.value += 1
        return self.value


def robin_operations(world: World, unique: Counter) -> list[Operation]:
    auth = (("Authorization", ROBIN_AUTH),)
    total = world.counts["robin"]["conversations"]

    def create(_: int) -> Request:
        n = unique.next()
        return Request("POST", "/robin/messages", {
            "ChannelAccountExternalIdentifier": ROBIN_CHANNEL, "ConversationExternalIdentifier": f"scale-c{n}",
            "MessageExternalIdentifier": "m1", "RelationExternalIdentifier": f"scale-{n}@example.com",
            "RelationName": f"Scale {n}", "Content": "Where is my order?"}, auth)

    def show_check(answer: Answer, request: Request) -> None:
        found = answer.json()["conversations"]
        if [c["guid"] for c in found] != [request.body["guid"]]:
            raise BenchError(f"ROBIN guid filter answered {[c['guid'] for c in found]}")

    def filter_check(answer: Answer, request: Request) -> None:
        if not answer.json()["conversations"]:
            raise BenchError(f"ROBIN found no conversation of {request.body['emailAddress']}")

    return [
        Operation("robin", "create", "create", "POST /robin/messages (new conversation)", create, 201),
        Operation("robin", "show", "show", "POST /robin/conversations {guid}",
                  lambda n: Request("POST", "/robin/conversations", {"guid": cycle(world.robin_guids, n)}, auth),
                  check=show_check),
        Operation("robin", "list", "list", "POST /robin/conversations {skip: 0}",
                  lambda n: Request("POST", "/robin/conversations", {"skip": 0}, auth),
                  check=lambda a, _: expect_items(a.json()["conversations"], min(20, total), "ROBIN page 1")),
        Operation("robin", "filter", "filter", "POST /robin/conversations {emailAddress}",
                  lambda n: Request("POST", "/robin/conversations",
                                    {"emailAddress": cycle(world.robin_emails, n)}, auth),
                  check=filter_check),
    ]


def cmi_operations(world: World, unique: Counter) -> list[Operation]:
    auth = (("Authorization", CMI_AUTH),)
    contacts, chats = world.counts["sinch_cmi"]["contacts"], world.counts["sinch_cmi"]["chats"]

    def create(_: int) -> Request:
        n = unique.next()
        originator = f"scale-{n}@example.com"
        return Request("POST", "/sinch/cmi/chats", {
            "channel_type": "chat", "channel_sub_type": "text", "originator": originator,
            "destination": "support@chat.example.com", "title": f"Scale {n}",
            "from_queue": {"id": world.cmi_chat_queue},
            "transcript": {"messages": [{"message": "Hi", "originator": originator}]},
        }, (*auth, ("Accept", "text/html")))

    def created(answer: Answer, _: Request) -> None:
        if not HEX_ID.fullmatch(answer.body.decode()):
            raise BenchError(f"CMI chat create answered {answer.body[:100]!r}, not an id")

    def same_id(answer: Answer, request: Request) -> None:
        if answer.json()["id"] != request.path.rsplit("/", 1)[1]:
            raise BenchError(f"{request.path} answered another record")

    def at_most_20(answer: Answer, request: Request) -> None:
        if not 1 <= len(answer.json()) <= 20:
            raise BenchError(f"{request.path} answered {len(answer.json())} items")

    return [
        Operation("sinch_cmi", "create", "create", "POST /sinch/cmi/chats", create, 201, created),
        Operation("sinch_cmi", "show", "show", "GET /sinch/cmi/contacts/{id}",
                  lambda n: Request("GET", f"/sinch/cmi/contacts/{cycle(world.cmi_contacts, n)}", None, auth),
                  check=same_id),
        Operation("sinch_cmi", "show_chat", "show", "GET /sinch/cmi/chats/{id}",
                  lambda n: Request("GET", f"/sinch/cmi/chats/{cycle(world.cmi_chats, n)}", None, auth),
                  check=same_id),
        Operation("sinch_cmi", "list", "list", "GET /sinch/cmi/contacts?limit=20",
                  lambda n: Request("GET", "/sinch/cmi/contacts?limit=20", None, auth),
                  check=lambda a, _: expect_items(a.json(), min(20, contacts), "CMI contacts page 1")),
        Operation("sinch_cmi", "list_chats", "list", "GET /sinch/cmi/chats?limit=20",
                  lambda n: Request("GET", "/sinch/cmi/chats?limit=20", None, auth),
                  check=lambda a, _: expect_items(a.json(), min(20, chats), "CMI chats page 1")),
        Operation("sinch_cmi", "filter", "filter", "GET /sinch/cmi/contacts?channel=PHONE&status=…",
                  lambda n: Request("GET", "/sinch/cmi/contacts?channel=PHONE&status=Handled&limit=20", None, auth),
                  check=at_most_20),
    ]


def chatwoot_conversation(contact_id: int, n: int) -> Request:
    return Request("POST", f"{ACCOUNT}/conversations", {
        "inbox_id": CHATWOOT_API_INBOX, "contact_id": contact_id,
        "message": {"content": f"Where is order {n}?"}}, (("api_access_token", CHATWOOT_TOKEN),))


def chatwoot_created(answer: Answer, _: Request) -> None:
    if not isinstance(answer.json().get("id"), int):
        raise BenchError(f"Chatwoot conversation create answered {answer.body[:200]!r}")


def chatwoot_operations(world: World, unique: Counter) -> list[Operation]:
    token = (("api_access_token", CHATWOOT_TOKEN),)
    total = world.counts["chatwoot"]["conversations"]

    def same_id(answer: Answer, request: Request) -> None:
        if str(answer.json()["id"]) != request.path.rsplit("/", 1)[1]:
            raise BenchError(f"{request.path} answered another conversation")

    def meta_check(answer: Answer, _: Request) -> None:
        if answer.json()["meta"]["all_count"] != total:
            raise BenchError(f"Chatwoot meta counts {answer.json()['meta']['all_count']}, the world holds {total}")

    open_conversations = {"payload": [{"attribute_key": "status", "filter_operator": "equal_to",
                                       "values": ["open"], "query_operator": None}]}
    return [
        Operation("chatwoot", "create", "create", "POST …/conversations (with a message)",
                  lambda n: chatwoot_conversation(cycle(world.chatwoot_contacts, n), unique.next()),
                  check=chatwoot_created),
        Operation("chatwoot", "show", "show", "GET …/conversations/{id}",
                  lambda n: Request("GET", f"{ACCOUNT}/conversations/{cycle(world.chatwoot_conversations, n)}",
                                    None, token),
                  check=same_id),
        Operation("chatwoot", "list", "list", "GET …/conversations?status=all",
                  lambda n: Request("GET", f"{ACCOUNT}/conversations?status=all", None, token),
                  check=lambda a, _: expect_items(a.json()["data"]["payload"], min(25, total),
                                                  "Chatwoot conversations page 1")),
        Operation("chatwoot", "filter", "filter", "POST …/conversations/filter (status open)",
                  lambda n: Request("POST", f"{ACCOUNT}/conversations/filter", open_conversations, token)),
        Operation("chatwoot", "meta", "meta", "GET …/conversations/meta?status=all",
                  lambda n: Request("GET", f"{ACCOUNT}/conversations/meta?status=all", None, token),
                  check=meta_check),
    ]


def cycle(values: list[Any], n: int) -> Any:
    return values[n % len(values)]


BUILDERS = {"robin": robin_operations, "sinch_cmi": cmi_operations, "chatwoot": chatwoot_operations}


# Touches no world: its ratio shows how much the machine's load drifted between the worlds' runs.
HEALTH = Operation("admin", "health", "reference", "GET /__admin/health (touches no world)",
                   lambda n: Request("GET", "/__admin/health"))


def operations(world: World, vendors: tuple[str, ...], unique: Counter) -> list[Operation]:
    return [op for vendor in vendors for op in BUILDERS[vendor](world, unique)] + [HEALTH]


# ---- measuring one world ----------------------------------------------------------------------------------------


def reset(client: Client) -> None:
    client.call(Request("POST", "/__admin/reset"))


def measure_reads(client: Client, ops: list[Operation], args: argparse.Namespace) -> dict[str, list[float]]:
    """Every read operation once per round, in turn, so that a busy moment hits all of them alike."""
    samples: dict[str, list[float]] = {op.name: [] for op in ops}
    for round_no in range(args.warmup + args.samples):
        for op in ops:
            elapsed = op.call(client, round_no).elapsed
            if round_no >= args.warmup:
                samples[op.name].append(elapsed)
    return samples


def keep_within(world: World, vendor: str) -> int:
    """Records a create may add before the world is reset: 10 % of the smallest tracked type (at least 3)."""
    smallest = min(world.counts[vendor][record] for record in TRACKED[vendor])
    return max(MIN_KEEP, int(smallest * KEEP_WITHIN))


def measure_create(client: Client, op: Operation, world: World, args: argparse.Namespace) -> tuple[list[float], int]:
    """The create's latencies, with the world kept near its seeded size: after `keep_within` records the namespace
    is reset (untimed), and the first create after each reset is untimed too (a fresh copy of the world)."""
    keep = keep_within(world, op.vendor)
    made = 0
    for n in range(min(args.warmup, keep - 1)):
        op.call(client, n)
        made += 1
    samples: list[float] = []
    resets = 0
    while len(samples) < args.samples:
        if made >= keep:
            reset(client)
            resets += 1
            op.call(client, len(samples))
            made = 1
        samples.append(op.call(client, len(samples)).elapsed)
        made += 1
    reset(client)  # the next vendor's create starts from the seeded world as well
    return samples, resets + 1


def measure_world(launcher: Launcher, scale: int, vendors: tuple[str, ...], args: argparse.Namespace,
                  unique: Counter) -> dict[str, Any]:
    server, start = launcher.launch(scale)
    print(f"  {scale}x: listening after {start['listening_s']:.1f} s, seeded after {start['seeded_s']:.1f} s "
          f"(pid {server.process.pid}, port {server.port})", flush=True)
    client = Client(server.port)
    try:
        began = time.perf_counter()
        world = read_world(client)
        export_s = time.perf_counter() - began
        ops = operations(world, vendors, unique)
        reads = [op for op in ops if op.kind != "create"]
        samples = measure_reads(client, reads, args)
        resets: dict[str, int] = {}
        for op in ops:
            if op.kind == "create":
                samples[op.name], resets[op.name] = measure_create(client, op, world, args)
        after = read_world(client)
    finally:
        client.close()
        launcher.stop(server)
    for vendor in vendors:  # every create was undone by a reset: the world is the seeded one again
        for record in TRACKED[vendor]:
            if after.counts[vendor][record] != world.counts[vendor][record]:
                raise BenchError(f"{scale}x: {vendor} {record} {after.counts[vendor][record]} after the run, "
                                 f"{world.counts[vendor][record]} seeded: a reset did not restore the world")
    medians = {name: statistics.median(values) for name, values in samples.items()}
    line = ", ".join(f"{op.vendor} {op.key} {medians[op.name] * 1000:.2f}" for op in ops)
    print(f"  {scale}x medians (ms): {line}", flush=True)
    return {
        "scale": scale,
        "pid": server.process.pid,
        "port": server.port,
        "start": {name: round(value, 3) for name, value in start.items()},
        "export_bytes": world.export_bytes,
        "export_s": round(export_s, 3),
        "counts": world.counts,
        "operations": {op.name: {"vendor": op.vendor, "operation": op.key, "kind": op.kind, "label": op.label,
                                 "median_ms": ms(medians[op.name]), "p10_ms": ms(quantile(samples[op.name], 0.1)),
                                 "p90_ms": ms(quantile(samples[op.name], 0.9)),
                                 "samples_ms": [ms(s) for s in samples[op.name]]}
                       for op in ops},
        "create_resets": resets,
        "keep_within": {vendor: keep_within(world, vendor) for vendor in vendors},
    }


def ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


# ---- growth -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GrowthStep:
    """One step of growth adds one record of `record`; `labels` name its timed calls, in order."""

    vendor: str
    record: str
    labels: tuple[tuple[str, str], ...]  # (key, label)

    def run(self, client: Client, world: World, unique: Counter) -> list[float]:
        if self.vendor != "chatwoot":
            create = next(op for op in BUILDERS[self.vendor](world, unique) if op.kind == "create")
            return [create.call(client, 0).elapsed]
        n = unique.next()
        contact = client.call(Request("POST", f"{ACCOUNT}/contacts", {
            "inbox_id": CHATWOOT_API_INBOX, "name": f"Scale {n}", "email": f"scale-{n}@example.com"},
            (("api_access_token", CHATWOOT_TOKEN),)))
        request = chatwoot_conversation(contact.json()["payload"]["contact"]["id"], n)
        conversation = client.call(request)
        chatwoot_created(conversation, request)
        return [conversation.elapsed, contact.elapsed]


GROWTH_STEPS = {
    "robin": GrowthStep("robin", "conversations", (("create", "POST /robin/messages (new conversation)"),)),
    "sinch_cmi": GrowthStep("sinch_cmi", "contacts", (("create", "POST /sinch/cmi/chats (a contact each)"),)),
    "chatwoot": GrowthStep("chatwoot", "conversations", (
        ("create", "POST …/conversations (with a message)"), ("create_contact", "POST …/contacts (inbox 2)"))),
}


def batch_bounds(seeded: int, factor: float, batches: int) -> list[int]:
    """Record counts at the batch borders, from `seeded` to `seeded * factor`, geometrically spaced (each batch
    multiplies the world by the same factor), each batch at least one record."""
    bounds = [seeded]
    for i in range(1, batches + 1):
        bounds.append(max(bounds[-1] + 1, round(seeded * factor ** (i / batches))))
    return bounds


def warm_up_elsewhere(port: int, step: GrowthStep, world: World, unique: Counter, count: int) -> None:
    """Warm the create's code paths in a namespace of their own (then dropped), so that the measured world grows
    from exactly its seeded size."""
    if count == 0:
        return
    name = "scale-bench-warmup"
    side = Client(port, namespace=name)
    try:
        for _ in range(count):
            step.run(side, world, unique)
        side.call(Request("DELETE", f"/__admin/namespaces/{name}"))
    finally:
        side.close()


def measure_growth(launcher: Launcher, vendor: str, args: argparse.Namespace, unique: Counter) -> dict[str, Any]:
    step = GROWTH_STEPS[vendor]
    server, start = launcher.launch(1)
    client = Client(server.port)
    try:
        world = read_world(client)
        seeded = world.counts[vendor][step.record]
        bounds = batch_bounds(seeded, args.growth_factor, args.growth_batches)
        warm_up_elsewhere(server.port, step, world, unique, args.warmup)
        print(f"  {VENDOR_NAMES[vendor]}: {step.record} {seeded} -> {bounds[-1]} in {args.growth_batches} batches "
              f"(server started in {start['seeded_s']:.1f} s; pid {server.process.pid}, port {server.port})",
              flush=True)
        deadline = time.perf_counter() + args.growth_budget
        batches: list[dict[str, Any]] = []
        size = seeded
        began = time.perf_counter()
        stopped = False
        for number in range(args.growth_batches):
            first = size
            timed: list[list[float]] = [[] for _ in step.labels]
            while size < bounds[number + 1]:
                for values, elapsed in zip(timed, step.run(client, world, unique), strict=True):
                    values.append(elapsed)
                size += 1
                if time.perf_counter() > deadline:
                    stopped = True
                    break
            medians = {key: ms(statistics.median(values)) for (key, _), values in zip(step.labels, timed, strict=True)}
            batches.append({"from_records": first, "to_records": size, "creates": size - first,
                            "median_ms": medians, "elapsed_s": round(time.perf_counter() - began, 1)})
            shown = ", ".join(f"{key} {value:.2f} ms" for key, value in medians.items())
            print(f"    batch {number + 1}/{args.growth_batches}: {step.record} {first} -> {size}: {shown}", flush=True)
            if stopped:
                print(f"    stopped: the growth budget of {args.growth_budget:.0f} s is spent", flush=True)
                break
        grew_for = time.perf_counter() - began
        grown = read_world(client)
    finally:
        client.close()
        launcher.stop(server)
    for record in TRACKED[vendor]:  # each step adds one of each
        expected = world.counts[vendor][record] + size - seeded
        if grown.counts[vendor][record] != expected:
            raise BenchError(f"{VENDOR_NAMES[vendor]} holds {grown.counts[vendor][record]} {record} after the "
                             f"growth, not {expected}: the creates did not each add one")
    return {"vendor": vendor, "pid": server.process.pid, "port": server.port, "record": step.record,
            "seeded": seeded, "target_records": bounds[-1], "reached_records": size, "complete": not stopped,
            "elapsed_s": round(grew_for, 1), "bounds": bounds, "labels": dict(step.labels), "batches": batches,
            "counts_after": grown.counts[vendor]}


# ---- summary ----------------------------------------------------------------------------------------------------


def verdict(passed: bool) -> str:
    return "PASS" if passed else "MISS"


def summarise(worlds: list[dict[str, Any]], growth: list[dict[str, Any]]) -> dict[str, Any]:
    smallest, largest = worlds[0], worlds[-1]
    rows = []
    for name, first in smallest["operations"].items():
        medians = {str(w["scale"]): w["operations"][name]["median_ms"] for w in worlds}
        ratio = largest["operations"][name]["median_ms"] / first["median_ms"] if first["median_ms"] else 0.0
        targeted = first["kind"] in TARGETED_KINDS
        rows.append({"name": name, "vendor": first["vendor"], "operation": first["operation"], "kind": first["kind"],
                     "label": first["label"], "median_ms": medians, "ratio": round(ratio, 2),
                     "target_ratio": RATIO_TARGET if targeted else None,
                     "pass": ratio <= RATIO_TARGET if targeted else None})
    growth_rows = []
    for grown in growth:
        for key, label in grown["labels"].items():
            first_batch, last_batch = grown["batches"][0], grown["batches"][-1]
            first_ms, last_ms = first_batch["median_ms"][key], last_batch["median_ms"][key]
            ratio = last_ms / first_ms if first_ms else 0.0
            growth_rows.append({
                "vendor": grown["vendor"], "operation": key, "label": label, "record": grown["record"],
                "from_records": grown["seeded"], "to_records": grown["reached_records"],
                "target_records": grown["target_records"], "complete": grown["complete"],
                "first_batch_ms": first_ms, "last_batch_ms": last_ms, "ratio": round(ratio, 2),
                "batch_medians_ms": [b["median_ms"][key] for b in grown["batches"]],
                "target_ratio": GROWTH_TARGET, "pass": grown["complete"] and ratio <= GROWTH_TARGET,
            })
    return {"operations": rows, "growth": growth_rows}


def render(summary: dict[str, Any], worlds: list[dict[str, Any]], vendors: tuple[str, ...],
           args: argparse.Namespace) -> str:
    scales = [w["scale"] for w in worlds]
    heads = "".join(f"{f'{s}x':>10}" for s in scales)
    ratio_head = f"{scales[-1]}x/{scales[0]}x"
    lines = ["", f"{'records per world':<34}{heads}"]
    rule = "-" * (34 + 10 * len(scales))
    lines.append(rule)
    for vendor in vendors:
        for record in PRINTED_COUNTS[vendor]:
            cells = "".join(f"{w['counts'][vendor].get(record, 0):>10}" for w in worlds)
            lines.append(f"{VENDOR_NAMES[vendor] + ' ' + record:<34}{cells}")
    lines.append(f"{'start: listening (s)':<34}" + "".join(f"{w['start']['listening_s']:>10.1f}" for w in worlds))
    lines.append(f"{'start: world seeded (s)':<34}" + "".join(f"{w['start']['seeded_s']:>10.1f}" for w in worlds))
    width = 10 + 50 + 10 * len(scales) + 10 + 10 + 7
    lines += ["", f"{'vendor':<10}{'operation (median ms)':<50}{heads}{ratio_head:>10}{'target':>10}  result",
              "-" * width]
    for row in summary["operations"]:
        cells = "".join(f"{row['median_ms'][str(s)]:>10.2f}" for s in scales)
        target = f"<= {row['target_ratio']:.2f}" if row["target_ratio"] else ""
        result = verdict(row["pass"]) if row["pass"] is not None else "-"
        lines.append(f"{VENDOR_NAMES[row['vendor']]:<10}{row['label'][:49]:<50}{cells}{row['ratio']:>10.2f}"
                     f"{target:>10}  {result}")
    lines += [
        "-" * width,
        f"median of {args.samples} calls per operation after {args.warmup} warm-up calls, one keep-alive connection;",
        "reads interleaved round by round; creates timed in a world kept within 10 % of its seeded size",
        f"(reset, untimed, when over); target: create, show and list at {scales[-1]}x within "
        f"{RATIO_TARGET:.1f}x of {scales[0]}x;",
        "health touches no world: a ratio far from 1.00 there means the machine's load changed between worlds",
    ]
    if summary["growth"]:
        lines += ["", f"{'growth':<10}{'operation':<42}{'world grown':>28}{'first ms':>10}{'last ms':>10}"
                  f"{'last/first':>11}{'target':>10}  result", "-" * 128]
        for row in summary["growth"]:
            records = f"{row['record']} {row['from_records']} -> {row['to_records']}"
            result = verdict(row["pass"]) + ("" if row["complete"] else " (budget spent)")
            lines.append(f"{VENDOR_NAMES[row['vendor']]:<10}{row['label'][:41]:<42}{records:>28}"
                         f"{row['first_batch_ms']:>10.2f}{row['last_batch_ms']:>10.2f}{row['ratio']:>11.2f}"
                         f"{'<= ' + format(row['target_ratio'], '.2f'):>10}  {result}")
        lines.append("-" * 128)
        for row in summary["growth"]:
            batches = " ".join(f"{value:.2f}" for value in row["batch_medians_ms"])
            lines.append(f"{VENDOR_NAMES[row['vendor']]} {row['operation']} batch medians (ms): {batches}")
        lines += [
            f"a fresh 1x world grown through the API to {args.growth_factor:g}x its seeded records, in "
            f"{args.growth_batches} batches of geometric size;",
            f"linear time = flat cost per create: last-batch / first-batch median <= {GROWTH_TARGET:.1f}",
        ]
    lines.append("rate limits off (--no-rate-limits); one gevent worker; figures comparable within one run only")
    return "\n".join(lines)


# ---- main -------------------------------------------------------------------------------------------------------


def parse_list(text: str, parse: Callable[[str], Any]) -> list[Any]:
    return [parse(part) for part in text.split(",") if part.strip()]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", default="1,10,100", help="world sizes (ccsim serve --scale), smallest first")
    parser.add_argument("--vendors", default=",".join(VENDORS), help=f"comma-separated, of {', '.join(VENDORS)}")
    parser.add_argument("--samples", type=int, default=200, help="timed calls per operation and world")
    parser.add_argument("--warmup", type=int, default=ID_SAMPLE,
                        help="untimed calls per operation first (default: each drawn id once)")
    parser.add_argument("--growth-factor", type=float, default=100.0,
                        help="grow a 1x world to this many times its seeded records")
    parser.add_argument("--growth-batches", type=int, default=10, help="batches of the growth (0: no growth phase)")
    parser.add_argument("--growth-budget", type=float, default=900.0,
                        help="seconds per vendor's growth; when spent, the growth stops and misses its target")
    parser.add_argument("--start-timeout", type=float, default=300.0,
                        help="seconds a server may take to listen and seed its world")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write every figure here")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    try:
        args.scales = parse_list(args.scales, int)
    except ValueError:
        parser.error("--scales takes comma-separated integers, e.g. 1,10,100")
    args.vendors = tuple(parse_list(args.vendors, str.strip))
    if not args.scales or args.scales != sorted(set(args.scales)) or not 1 <= args.scales[0] <= args.scales[-1] <= 100:
        parser.error("--scales: increasing integers from 1 to 100, e.g. 1,10,100")
    if not args.vendors or any(v not in VENDORS for v in args.vendors):
        parser.error(f"--vendors: some of {', '.join(VENDORS)}")
    if args.samples < 1 or args.warmup < 0 or args.growth_batches < 0:
        parser.error("--samples must be >= 1, --warmup and --growth-batches >= 0")
    if args.growth_factor <= 1 or args.growth_budget <= 0 or args.start_timeout <= 0:
        parser.error("--growth-factor must be > 1; --growth-budget and --start-timeout > 0")
    return args


def _terminate(signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def git_commit() -> str:
    try:
        done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False)
    except OSError:
        return ""
    return done.stdout.strip()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate)
    load_before = os.getloadavg()[0]
    print(f"load average before the run: {load_before:.2f} on {os.cpu_count()} CPUs", flush=True)
    if load_before > (os.cpu_count() or 1) / 2:
        print("  the machine is busy: figures will be noisy")
    unique = Counter()
    worlds: list[dict[str, Any]] = []
    growth: list[dict[str, Any]] = []
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="ccsim-scale-") as tmp:
        launcher = Launcher(Path(tmp), args.start_timeout)
        try:
            print(f"worlds {', '.join(f'{s}x' for s in args.scales)}: {args.samples} calls per operation "
                  f"after {args.warmup} warm-up calls", flush=True)
            for scale in args.scales:
                worlds.append(measure_world(launcher, scale, args.vendors, args, unique))
            if args.growth_batches:
                print(f"growth: a 1x world to {args.growth_factor:g}x its seeded records, per vendor", flush=True)
                for vendor in args.vendors:
                    growth.append(measure_growth(launcher, vendor, args, unique))
        except BenchError as exc:
            print(f"benchmark failed: {exc}", file=sys.stderr)
            return 1
        finally:
            launcher.stop_all()
    summary = summarise(worlds, growth)
    print(render(summary, worlds, args.vendors, args))
    print(f"load average after the run: {os.getloadavg()[0]:.2f}; the run took {time.perf_counter() - began:.0f} s")
    if args.json is not None:
        summary["worlds"] = worlds
        summary["growth_runs"] = growth
        summary["settings"] = {
            "scales": args.scales, "vendors": list(args.vendors), "samples": args.samples, "warmup": args.warmup,
            "growth_factor": args.growth_factor, "growth_batches": args.growth_batches,
            "growth_budget_s": args.growth_budget, "keep_within": KEEP_WITHIN, "rate_limits": "off",
            "python": platform.python_version(), "cpus": os.cpu_count(), "commit": git_commit(),
            "load_average_before": round(load_before, 2), "load_average_after": round(os.getloadavg()[0], 2),
        }
        args.json.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
        print(f"figures written to {args.json}")
    rows = [row for row in summary["operations"] if row["pass"] is not None] + summary["growth"]
    missed = not all(row["pass"] for row in rows)
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
