"""A client of a running simulator's control API, for tests with or without pytest.

    from simulator.testing import Simulator

    sim = Simulator("http://127.0.0.1:8000", "my-test")
    sim.session.post(sim.url + "/robin/conversations", json={}, auth=("demo-robin-key", "demo-robin-secret"))
    sim.assert_requested("POST", "/robin/conversations*")
    sim.clock.freeze("2025-01-01T00:00:00Z")
    sim.fault(path="/robin/conversations*", status=503, times=1)
    sim.reset()

Every call of the handle, and every call made with `sim.session`, carries the header
`X-Simulator-Namespace: <namespace>`, so it acts on that namespace alone. Under pytest the `ccsim`
fixture (`simulator.pytest_plugin`) gives each test such a handle on a namespace of its own.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from fnmatch import fnmatchcase
from types import TracebackType
from typing import Any

from requests import RequestException, Session

from simulator.core.namespace_names import NAMESPACE_HEADER, NAMESPACE_PATTERN

__all__ = ["NAMESPACE_HEADER", "NAMESPACE_PATTERN", "Clock", "Simulator", "SimulatorError"]

DEFAULT_TIMEOUT = 10.0
POLL_INTERVAL = 0.05  # seconds between two looks at the outbox in `wait_for_outbox`
MAX_LISTED = 20  # requests or deliveries listed in an assertion message
FINISHED = frozenset({"delivered", "failed", "dropped"})


class SimulatorError(Exception):
    """A control-API call failed: the server answered with an error status, or could not be reached.

    `status` is the HTTP status (None when there was no answer), `detail` the problem's detail (or
    title, or the body's text), `problem` the whole problem+json body when there was one.
    """

    def __init__(self, method: str, url: str, status: int | None, detail: str,
                 problem: dict[str, Any] | None = None) -> None:
        self.method = method
        self.url = url
        self.status = status
        self.detail = detail
        self.problem = problem or {}
        outcome = f"HTTP {status}" if status is not None else "no answer"
        super().__init__(f"{method} {url} failed ({outcome}): {detail}")


def _parse_time(value: str) -> datetime:
    """An ISO 8601 instant as the server writes it (`Z` accepted too), timezone-aware."""
    moment = datetime.fromisoformat(value.replace("Z", "+00:00") if value.endswith("Z") else value)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _format_time(at: datetime | str) -> str:
    """An instant for the server: an ISO string as given, a datetime as ISO 8601 (naive: taken as UTC)."""
    if isinstance(at, str):
        return at
    return (at if at.tzinfo is not None else at.replace(tzinfo=UTC)).isoformat()


def _raw_path(entry: dict[str, Any]) -> str:
    """The path as the client sent it (the journal's `tags.raw_path`), without a query string."""
    tags = entry.get("tags")
    raw = str(tags.get("raw_path", "")) if isinstance(tags, dict) else ""
    return raw.split("?", 1)[0]


class Clock:
    """The simulator clock of one namespace (`/__admin/clock`); each call returns the clock's new time."""

    def __init__(self, simulator: Simulator) -> None:
        self._simulator = simulator

    def _now(self, answer: Any) -> datetime:
        return _parse_time(answer["now"])

    def state(self) -> dict[str, Any]:
        """The clock as the server reports it: `now` (ISO string), `frozen`, `namespace`."""
        answer: dict[str, Any] = self._simulator.call("GET", "/__admin/clock")
        return answer

    def now(self) -> datetime:
        """The namespace's current time, timezone-aware."""
        return self._now(self.state())

    @property
    def frozen(self) -> bool:
        """Whether the namespace's clock stands still."""
        return bool(self.state()["frozen"])

    def freeze(self, at: datetime | str | None = None) -> datetime:
        """Stop the clock at `at` (a datetime, naive taken as UTC, or an ISO 8601 string), or where it is."""
        body = {} if at is None else {"now": _format_time(at)}
        return self._now(self._simulator.call("PUT", "/__admin/clock", json=body))

    def advance(self, seconds: float) -> datetime:
        """Move the clock forward (frozen or running); schedules and rate-limit windows follow it."""
        return self._now(self._simulator.call("POST", "/__admin/clock/advance", json={"seconds": seconds}))

    def resume(self) -> datetime:
        """Let a frozen clock run again from where it stands."""
        return self._now(self._simulator.call("PUT", "/__admin/clock", json={"frozen": False}))

    def reset(self) -> datetime:
        """Return the namespace to the server's clock (unfrozen, no offset of its own)."""
        return self._now(self._simulator.call("DELETE", "/__admin/clock"))


class Simulator:
    """A handle on one namespace of a running simulator.

    `url` is the server's base URL (`http://127.0.0.1:8000`); `namespace` a name of 1 to 64 letters,
    digits, `_`, `.`, `:` or `-`. `session`, when given, gets the namespace header among its default
    headers (it is changed in place); otherwise a new `requests.Session` is made. `timeout` (seconds)
    applies to every control-API call. Control-API failures raise `SimulatorError`.
    """

    def __init__(self, url: str, namespace: str, *, session: Session | None = None,
                 timeout: float = DEFAULT_TIMEOUT) -> None:
        if not NAMESPACE_PATTERN.match(namespace):
            raise ValueError(f"namespace {namespace!r} must be 1 to 64 letters, digits, '_', '.', ':' or '-'")
        self.url = url.rstrip("/")
        self.namespace = namespace
        self.headers = {NAMESPACE_HEADER: namespace}
        self.timeout = timeout
        self.session = session if session is not None else Session()
        self.session.headers.update(self.headers)
        self.clock = Clock(self)
        self.faults: list[dict[str, Any]] = []  # the fault rules this handle created (and not removed)

    def __repr__(self) -> str:
        return f"Simulator({self.url!r}, {self.namespace!r})"

    def __enter__(self) -> Simulator:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Close the session's connections."""
        self.session.close()

    # -- the control API ---------------------------------------------------------------------------

    def call(self, method: str, path: str, *, params: dict[str, Any] | None = None, json: Any = None) -> Any:
        """One control-API call in the namespace: the answer's JSON (None for an empty body)."""
        url = self.url + path
        try:
            response = self.session.request(method, url, params=params, json=json, headers=self.headers,
                                            timeout=self.timeout)
        except RequestException as exc:
            raise SimulatorError(method, url, None, str(exc)) from exc
        if response.status_code >= 400:
            problem: dict[str, Any] | None = None
            try:
                parsed = response.json()
                problem = parsed if isinstance(parsed, dict) else None
            except ValueError:
                pass
            detail = str((problem or {}).get("detail") or (problem or {}).get("title") or response.text[:500]
                         or response.reason)
            raise SimulatorError(method, url, response.status_code, detail, problem)
        return response.json() if response.content else None

    def health(self) -> dict[str, Any]:
        """`GET /__admin/health`: `{"status": "ok"}` from a live server."""
        answer: dict[str, Any] = self.call("GET", "/__admin/health")
        return answer

    def reset(self) -> None:
        """Put the namespace back to its seeded baseline (journal, outbox, faults and clock too)."""
        self.call("POST", "/__admin/reset")
        self.faults.clear()

    def export_state(self) -> dict[str, Any]:
        """The namespace's state as JSON (`GET /__admin/state`)."""
        state: dict[str, Any] = self.call("GET", "/__admin/state")
        return state

    def import_state(self, state: dict[str, Any]) -> dict[str, Any]:
        """Replace the namespace with an export (`PUT /__admin/state`); returns the export of the result."""
        imported: dict[str, Any] = self.call("PUT", "/__admin/state", json=state)
        return imported

    # -- the journal -------------------------------------------------------------------------------

    def requests(self, vendor: str | None = None, method: str | None = None,
                 path: str | None = None) -> list[dict[str, Any]]:
        """Journal entries, oldest first, as `GET /__admin/requests` returns them.

        The filters are the server's: `vendor` (`robin`, `robin-webshop`, `sinch-cmi`, `chatwoot`, `simulator`),
        `method`, and `path`, a substring of the request path.
        """
        params = {key: value for key, value in (("vendor", vendor), ("method", method), ("path", path)) if value}
        entries: list[dict[str, Any]] = self.call("GET", "/__admin/requests", params=params)["requests"]
        return entries

    def clear_requests(self) -> None:
        """Empty the namespace's journal."""
        self.call("DELETE", "/__admin/requests")

    def assert_requested(self, method: str, path: str, count: int | None = None) -> list[dict[str, Any]]:
        """Assert the journal holds a `method` request whose path matches `path`; return the matches.

        `path` is a glob over the whole request path (without the query string), matched with
        `fnmatch`, case-sensitive: `*` matches any characters, `/` included, `?` one character, and
        `[...]` a set; without wildcards it is an exact path. It is matched against the path as sent
        (`tags.raw_path`) and as the journal lists it (its trailing slash removed, as the server routes
        it), so `/robin/messages/` and `/robin/messages` both find a POST to `/robin/messages/`. The
        method is compared case-insensitively. With `count`, exactly that many requests must match;
        without it, at least one. On failure the AssertionError lists what the namespace's journal
        holds instead.
        """
        entries = self.requests()
        wanted = method.upper()
        found = [e for e in entries if str(e.get("method", "")).upper() == wanted
                 and any(fnmatchcase(str(sent), path) for sent in (e.get("path", ""), _raw_path(e)))]
        if (count is None and found) or (count is not None and len(found) == count):
            return found
        expected = "at least 1 request" if count is None else f"exactly {count} request{'s' * (count != 1)}"
        lines = [f"expected {expected} matching {wanted} {path} in namespace {self.namespace!r}, "
                 f"found {len(found)}; the journal holds {len(entries)}:"]
        lines += [f"  {e.get('method')} {e.get('path')} -> {e.get('status')}" for e in entries[-MAX_LISTED:]]
        if len(entries) > MAX_LISTED:
            lines.insert(1, f"  … {len(entries) - MAX_LISTED} earlier ones left out")
        raise AssertionError("\n".join(lines))

    # -- outbound deliveries -----------------------------------------------------------------------

    def outbox(self, kind: str | None = None) -> list[dict[str, Any]]:
        """Outbound deliveries (webhooks, dynamic-integration calls), as `GET /__admin/outbox` returns them."""
        params = {"kind": kind} if kind else None
        deliveries: list[dict[str, Any]] = self.call("GET", "/__admin/outbox", params=params)["deliveries"]
        return deliveries

    def wait_for_outbox(self, kind: str | None = None, count: int = 1, timeout: float = 5.0) -> list[dict[str, Any]]:
        """Poll the outbox until at least `count` deliveries (of `kind`) are finished; return the finished ones.

        Finished means no longer `pending`: `delivered`, `failed` or `dropped`. After `timeout` seconds
        an AssertionError names what the outbox held.
        """
        deadline = time.monotonic() + timeout
        while True:
            deliveries = self.outbox(kind)
            finished = [d for d in deliveries if d.get("state") in FINISHED]
            if len(finished) >= count:
                return finished
            if time.monotonic() >= deadline:
                break
            time.sleep(POLL_INTERVAL)
        what = f"of kind {kind!r}" if kind else "of any kind"
        lines = [f"waited {timeout:g} s for {count} finished outbox deliver{'ies' if count != 1 else 'y'} {what} "
                 f"in namespace {self.namespace!r}; {len(finished)} finished, {len(deliveries)} in all:"]
        lines += [f"  #{d.get('id')} {d.get('kind')} {d.get('method', '')} {d.get('target')}: {d.get('state')}"
                  + (f" ({d.get('status')})" if d.get("status") is not None else "")
                  for d in deliveries[-MAX_LISTED:]]
        raise AssertionError("\n".join(lines))

    # -- faults ------------------------------------------------------------------------------------

    def fault(self, **rule: Any) -> dict[str, Any]:
        """Add a fault rule (`POST /__admin/faults`) and return it, with its `id`.

        Fields: `vendor`, `method`, `path` (a glob over the request path, e.g. `/robin/conversations*`),
        `status` (400-599), `delay_ms`, `delay_max_ms`, `action` (`reset` or `empty`), `probability`
        (0 to 1, default 1), `times` (default: unlimited).
        """
        created: dict[str, Any] = self.call("POST", "/__admin/faults", json=rule)
        self.faults.append(created)
        return created

    def list_faults(self) -> list[dict[str, Any]]:
        """The namespace's fault rules, whoever added them."""
        rules: list[dict[str, Any]] = self.call("GET", "/__admin/faults")["faults"]
        return rules

    def remove_fault(self, rule: dict[str, Any] | int) -> None:
        """Remove one fault rule (the dict `fault` returned, or its id)."""
        rule_id = rule["id"] if isinstance(rule, dict) else rule
        self.call("DELETE", f"/__admin/faults/{rule_id}")
        self.faults[:] = [f for f in self.faults if f.get("id") != rule_id]

    def clear_faults(self) -> None:
        """Remove every fault rule of the namespace."""
        self.call("DELETE", "/__admin/faults")
        self.faults.clear()
