"""Smoke tests over real HTTP against `ccsim serve` (gunicorn, one gevent worker process)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from simulator.cli import render_specs
from simulator.pytest_plugin import free_port
from tests.conftest import (
    ROBIN_AUTH,
    ROBIN_KEY,
    ROBIN_SECRET,
    WEBSHOP_KEY,
    WEBSHOP_SECRET,
    Receiver,
    basic,
)

HOST = "127.0.0.1"
START_TIMEOUT = 15.0
STOP_TIMEOUT = 10.0
TIMEOUT = 10.0
CANONICAL_GUID = "400a5018-0bee-44a4-fe5e-14d431134de5"
NAMESPACE = "X-Simulator-Namespace"


def ccsim_command() -> list[str]:
    script = Path(sys.executable).with_name("ccsim")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from simulator.cli import main; main()"]


def clean_environment(**overrides: str) -> dict[str, str]:
    """The caller's environment without SIMULATOR_* settings, plus the given ones."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SIMULATOR_")}
    environment.update(overrides)
    return environment


@dataclass
class Server:
    url: str
    port: int
    process: subprocess.Popen[bytes]
    stdout: Path
    stderr: Path

    def output(self) -> str:
        return self.stdout.read_text(encoding="utf-8", errors="replace")

    def errors(self) -> str:
        return self.stderr.read_text(encoding="utf-8", errors="replace")


def wait_for_health(url: str, exited: Callable[[], str], output: Callable[[], str], what: str = "ccsim serve",
                    timeout: float = START_TIMEOUT) -> None:
    """Poll `url`/__admin/health until it answers 200; fail at once when `exited()` says why it stopped."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if reason := exited():
            pytest.fail(f"{what} {reason}:\n{output()}")
        try:
            if requests.get(f"{url}/__admin/health", timeout=1).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    pytest.fail(f"{what} not healthy after {timeout} s:\n{output()}")


def wait_until_healthy(server: Server) -> None:
    def exited() -> str:
        code = server.process.poll()
        return "" if code is None else f"exited with {code}"

    wait_for_health(server.url, exited, server.errors)


def stop(process: subprocess.Popen[Any], timeout: float = STOP_TIMEOUT) -> None:
    """SIGTERM (gunicorn stops its worker gracefully; a benchmark its servers), else SIGKILL the process's session
    after `timeout` seconds."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        # Not yet reaped, so the group is still ours: the master and its worker.
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=timeout)


@contextmanager
def serving(directory: Path, argv: Callable[[int], list[str]], *, cwd: Path | None = None,
            environ: dict[str, str] | None = None) -> Iterator[Server]:
    """The command `argv(port)` started on a free port, healthy, stopped afterwards (its output in directory)."""
    port = free_port()
    stdout, stderr = directory / "stdout.txt", directory / "stderr.txt"
    with stdout.open("wb") as out, stderr.open("wb") as err:
        process = subprocess.Popen(argv(port), stdout=out, stderr=err, cwd=cwd,
                                   env=environ if environ is not None else clean_environment(),
                                   start_new_session=True)
    server = Server(f"http://{HOST}:{port}", port, process, stdout, stderr)
    try:
        wait_until_healthy(server)
        yield server
    finally:
        stop(process)


@contextmanager
def running_server(directory: Path, *, command: list[str] | None = None, cwd: Path | None = None,
                   environ: dict[str, str] | None = None, **environment: str) -> Iterator[Server]:
    """`ccsim serve` (or the given ccsim command) on a free port, healthy, stopped afterwards."""
    with serving(directory, lambda port: [*(command or ccsim_command()), "serve", "--host", HOST, "--port", str(port)],
                 cwd=cwd, environ=environ if environ is not None else clean_environment(**environment)) as server:
        yield server


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One real server with rate limits on; every test uses its own namespace."""
    with running_server(tmp_path_factory.mktemp("ccsim")) as started:
        yield started


def in_namespace(name: str, **headers: str) -> dict[str, str]:
    return {NAMESPACE: f"smoke-{name}", **headers}


def customer(email: str) -> dict[str, Any]:
    return {
        "email_address": email,
        "customer_since": "2024-01-01T10:00:00Z",
        "order_count": 1,
        "total_revenue": 99.5,
        "currency": "EUR",
    }


def journal(server: Server, namespace: str, path: str) -> list[dict[str, Any]]:
    response = requests.get(
        f"{server.url}/__admin/requests",
        params={"path": path},
        headers=in_namespace(namespace),
        timeout=TIMEOUT,
    )
    assert response.status_code == 200
    return response.json()["requests"]


def test_health__ok(server: Server) -> None:
    response = requests.get(f"{server.url}/__admin/health", timeout=TIMEOUT)

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_serve__banner_shows_base_urls_and_demo_credentials(server: Server) -> None:
    banner = server.output()

    assert "rate limits on" in banner
    for path in ("/robin", "/robin/webshop", "/__admin", "/docs"):
        assert f"{server.url}{path}" in banner
    assert f"{ROBIN_KEY} / {ROBIN_SECRET}" in banner
    assert f"{WEBSHOP_KEY} / {WEBSHOP_SECRET}" in banner
    assert f"apikey={ROBIN_KEY}" in banner
    assert f"{server.url}/sinch/cmi" in banner
    assert "demo-agent / demo-password" in banner
    assert f"{server.url}/chatwoot/api/v1" in banner
    for token in ("demo-chatwoot-admin-token", "demo-chatwoot-agent-token", "demo-chatwoot-bot-token"):
        assert token in banner


def test_create_customers__trailing_slash_created(server: Server) -> None:
    response = requests.post(
        f"{server.url}/robin/dynamic/customers/",
        json={"customers": [customer("smoke@example.com")]},
        headers=in_namespace("customers", **ROBIN_AUTH),
        timeout=TIMEOUT,
    )

    assert response.status_code == 201
    assert response.content == b""


def test_conversations__double_slashes_return_the_canonical_conversation(server: Server) -> None:
    response = requests.post(
        f"{server.url}//robin//conversations",
        json={"guid": CANONICAL_GUID},
        headers=in_namespace("slashes", **ROBIN_AUTH),
        timeout=TIMEOUT,
    )

    assert response.status_code == 200
    [conversation] = response.json()["conversations"]
    assert conversation["guid"] == CANONICAL_GUID
    assert conversation["subject"] == "This is the conversation subject"
    assert conversation["linkedOrderNumbers"] == "#1234,#4356"
    assert conversation["startDateTime"] == "2024-12-28T15:39:04"
    assert conversation["owner"]["emailAddress"] == "petra@email.com"
    [entry] = journal(server, "slashes", "/robin/conversations")
    assert entry["tags"]["raw_path"] == "//robin//conversations"


def test_presence__online_in_plain_text(server: Server) -> None:
    response = requests.get(
        f"{server.url}/robin/presence/api/v1",
        params={"apikey": ROBIN_KEY, "Channel": "Chat"},
        headers=in_namespace("presence"),
        timeout=TIMEOUT,
    )

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    assert response.text == "Online"


def test_cmi_chat__posted_as_xml_and_read_back_as_xml_over_http(server: Server) -> None:
    headers = in_namespace("cmi", **basic("demo-agent", "demo-password"))
    queues = requests.get(f"{server.url}/__admin/sinch-cmi/queues", headers=headers, timeout=TIMEOUT).json()
    queue_id = next(q["id"] for q in queues if q["channel"] == "CHAT")
    body = (f"<chat><channel_type>chat</channel_type><channel_sub_type>text</channel_sub_type>"
            f"<originator>smoke@example.com</originator><destination>support@chat.example.com</destination>"
            f"<title>Smoke</title><from_queue><id>{queue_id}</id></from_queue><transcript><messages>"
            f"<chatTranscript><message>Hi</message><originator>smoke@example.com</originator></chatTranscript>"
            f"</messages></transcript></chat>")
    created = requests.post(f"{server.url}/sinch/cmi/chats", data=body, timeout=TIMEOUT,
                            headers={**headers, "Content-Type": "application/xml", "Accept": "text/html"})
    assert created.status_code == 201
    assert created.headers["Location"] == f"{server.url}/sinch/cmi/chats/{created.text}"
    fetched = requests.get(f"{server.url}/sinch/cmi/contacts/{created.text}", timeout=TIMEOUT,
                           headers={**headers, "Accept": "application/xml"})
    assert fetched.status_code == 200
    assert fetched.headers["Content-Type"].startswith("application/xml")
    assert f"<contact><id>{created.text}</id>" in fetched.text
    assert "<status>InQueue</status>" in fetched.text


def test_chatwoot__readme_flow_over_http_with_the_underscore_token_header(server: Server) -> None:
    """Contact in the API inbox → conversation with a first message → incoming reply → assign, label, resolve."""
    base = f"{server.url}/chatwoot/api/v1/accounts/1"
    headers = in_namespace("chatwoot", api_access_token="demo-chatwoot-admin-token")

    def post(path: str, body: dict[str, Any]) -> requests.Response:
        return requests.post(f"{base}{path}", json=body, headers=headers, timeout=TIMEOUT)

    contact = post("/contacts", {"inbox_id": 2, "name": "Ada", "email": "Ada@Example.com",
                                 "phone_number": "+31612340000"}).json()["payload"]["contact"]
    assert (contact["id"], contact["email"]) == (34, "ada@example.com")
    conversation = post("/conversations", {"inbox_id": 2, "contact_id": 34, "message": {"content": "Hi Ada"}}).json()
    assert (conversation["id"], conversation["messages"][0]["content"]) == (37, "Hi Ada")
    incoming = post("/conversations/37/messages", {"content": "Order shipped?", "message_type": "incoming"}).json()
    assert (incoming["message_type"], incoming["sender"]["type"]) == (0, "contact")
    assert post("/conversations/37/assignments", {"assignee_id": 2}).json()["id"] == 2
    assert post("/conversations/37/labels", {"labels": ["billing", "vip"]}).json() == {"payload": ["billing", "vip"]}
    priority = post("/conversations/37/toggle_priority", {"priority": "urgent"})
    assert (priority.status_code, priority.content) == (200, b"")
    resolved = post("/conversations/37/toggle_status", {"status": "resolved"}).json()
    assert resolved["payload"]["current_status"] == "resolved"
    shown = requests.get(f"{base}/conversations/37", headers=headers, timeout=TIMEOUT).json()
    assert (shown["status"], shown["priority"], shown["meta"]["assignee"]["id"]) == ("resolved", "urgent", 2)
    unauthorised = requests.get(f"{base}/conversations/37", headers=in_namespace("chatwoot"), timeout=TIMEOUT)
    assert (unauthorised.status_code, unauthorised.json()) == (
        401, {"errors": ["You need to sign in or sign up before continuing."]})


def test_conversations__without_credentials_returns_401(server: Server) -> None:
    response = requests.post(
        f"{server.url}/robin/conversations",
        json={},
        headers=in_namespace("unauthorised"),
        timeout=TIMEOUT,
    )

    assert response.status_code == 401
    assert response.json() == {"message": "Invalid authorisation data"}
    assert response.headers["WWW-Authenticate"].startswith("Basic")


def test_journal__header_with_underscore_reaches_the_app_redacted(server: Server) -> None:
    response = requests.post(
        f"{server.url}/robin/conversations",
        json={},
        headers=in_namespace("underscore", api_access_token="underscored-secret", **ROBIN_AUTH),
        timeout=TIMEOUT,
    )
    assert response.status_code == 200

    [entry] = journal(server, "underscore", "/robin/conversations")
    normalised = {name.lower().replace("-", "_"): value for name, value in entry["headers"].items()}
    assert normalised["api_access_token"] == "***"
    assert normalised["authorization"] == "***"
    assert "underscored-secret" not in json.dumps(entry)


def test_namespaces__isolated_over_http(server: Server) -> None:
    created = requests.post(
        f"{server.url}/robin/dynamic/customers",
        json={"customers": [customer("only-in-a@example.com")]},
        headers=in_namespace("isolation-a", **ROBIN_AUTH),
        timeout=TIMEOUT,
    )
    assert created.status_code == 201

    def state(name: str) -> str:
        response = requests.get(
            f"{server.url}/__admin/state", headers=in_namespace(name), timeout=TIMEOUT
        )
        assert response.status_code == 200
        return response.text

    assert "only-in-a@example.com" in state("isolation-a")
    assert "only-in-a@example.com" not in state("isolation-b")
    assert journal(server, "isolation-b", "/robin") == []


def test_docs__swagger_ui_page_and_assets_served(server: Server) -> None:
    page = requests.get(f"{server.url}/docs/robin", timeout=TIMEOUT)
    bundle = requests.get(f"{server.url}/docs/assets/swagger-ui-bundle.js", timeout=TIMEOUT)

    assert page.status_code == 200
    assert page.headers["Content-Type"].startswith("text/html")
    assert "/docs/assets/swagger-ui-bundle.js" in page.text
    assert "/openapi/robin.json" in page.text
    assert bundle.status_code == 200
    assert "javascript" in bundle.headers["Content-Type"]
    assert "SwaggerUIBundle" in bundle.text


def test_openapi__robin_spec_served(server: Server) -> None:
    response = requests.get(f"{server.url}/openapi/robin.json", timeout=TIMEOUT)

    assert response.status_code == 200
    assert response.json() == json.loads(render_specs()["robin"])


def test_rate_limit__fourth_quick_request_returns_429_with_retry_after(server: Server) -> None:
    statuses: list[int] = []
    limited = None
    with requests.Session() as session:
        for _ in range(10):  # four suffice within one second; a few more absorb a slow machine
            response = session.post(
                f"{server.url}/robin/conversations",
                json={},
                headers=in_namespace("ratelimit", **ROBIN_AUTH),
                timeout=TIMEOUT,
            )
            statuses.append(response.status_code)
            if response.status_code == 429:
                limited = response
                break

    assert statuses[:3] == [200, 200, 200]
    assert limited is not None, statuses
    assert int(limited.headers["Retry-After"]) >= 1
    assert limited.json()["message"].startswith("Rate limit exceeded")


def test_serve__several_workers_refused(tmp_path: Path) -> None:
    port = free_port()
    result = subprocess.run(
        [*ccsim_command(), "serve", "--host", HOST, "--port", str(port), "--workers", "2"],
        capture_output=True,
        text=True,
        env=clean_environment(),
        timeout=30,
        check=False,
    )

    assert result.returncode != 0
    assert "--workers 2 refused" in result.stderr
    assert "memory of one process" in result.stderr
    with pytest.raises(requests.ConnectionError):
        requests.get(f"http://{HOST}:{port}/__admin/health", timeout=1)


def test_serve__rate_limits_off_from_environment(tmp_path: Path) -> None:
    with running_server(tmp_path, SIMULATOR_RATE_LIMITS="off") as unlimited:
        with requests.Session() as session:
            statuses = [
                session.post(
                    f"{unlimited.url}/robin/conversations",
                    json={},
                    headers=ROBIN_AUTH,
                    timeout=TIMEOUT,
                ).status_code
                for _ in range(6)
            ]
        banner = unlimited.output()

    assert "rate limits off" in banner
    assert statuses == [200] * 6


def _until(check: Any, limit: float = TIMEOUT) -> Any:
    """Poll a condition on background work of the server (bounded; not a clock-driven wait)."""
    deadline = time.monotonic() + limit
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.05)


def test_channel_message__profile_fetch_and_webhook_run_in_the_gevent_worker(
    server: Server, receiver: Receiver
) -> None:
    headers = in_namespace("background")
    admin = f"{server.url}/__admin/robin"
    channel = {"external_identifier": "smokeChannel", "name": "Smoke", "webhook_url": receiver.url + "/hook"}
    assert requests.post(f"{admin}/channels", json=channel, headers=headers, timeout=TIMEOUT).status_code == 201
    message = {
        "ChannelAccountExternalIdentifier": "smokeChannel",
        "ConversationExternalIdentifier": "c1",
        "MessageExternalIdentifier": "m1",
        "RelationExternalIdentifier": "email@address.com",
        "RelationName": "John Doe",
        "Content": "Where is my order?",
    }
    response = requests.post(
        f"{server.url}/robin/messages/", json=message, headers={**headers, **ROBIN_AUTH}, timeout=TIMEOUT
    )
    assert response.status_code == 201
    listing = requests.post(
        f"{server.url}/robin/conversations",
        json={"emailAddress": "email@address.com"},
        headers={**headers, **ROBIN_AUTH},
        timeout=TIMEOUT,
    )
    guid = next(c["guid"] for c in listing.json()["conversations"] if c["channel"] == "Smoke")

    def profile() -> dict[str, Any] | None:
        detail = requests.get(f"{admin}/conversations/{guid}", headers=headers, timeout=TIMEOUT).json()
        return detail["profile"] if detail["profile"]["orders"] is not None else None

    fetched = _until(profile)
    assert fetched is not None and fetched["status"] == "fetched"
    assert fetched["customer"]["name"] == "John Doe"

    reply = requests.post(
        f"{admin}/conversations/{guid}/replies", json={"content": "On its way"}, headers=headers, timeout=TIMEOUT
    )
    assert reply.status_code == 201
    assert _until(lambda: receiver.requests)
    [delivered] = receiver.requests
    assert delivered["path"] == "/hook"
    assert delivered["json"]["ConversationGuid"] == guid
    assert delivered["json"]["Content"] == "On its way"
