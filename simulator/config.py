"""Simulator settings: defaults, overridable by SIMULATOR_* environment variables."""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from simulator.origins import origin_problem, parse_origins

DEFAULT_SEED = 20240101
DEFAULT_EPOCH = datetime(2025, 1, 1, tzinfo=UTC)
CANONICAL_DIR = Path(__file__).resolve().parent / "canonical"  # package data: the hand-written records


# Limits that make no sense at 0 or below (a server that refuses every namespace, body or delivery).
POSITIVE = ("max_body_bytes", "max_state_bytes", "body_timeout", "max_namespaces", "journal_size",
            "journal_body_bytes", "outbox_size", "outbound_timeout", "outbound_queue_size", "outbound_concurrency",
            "state_save_interval")


@dataclass(frozen=True)
class Config:
    """Everything a running simulator can be told; `from_env` reads `SIMULATOR_<NAME>`."""

    seed: int = DEFAULT_SEED
    epoch: datetime = DEFAULT_EPOCH
    rate_limits: bool = True
    host: str = "127.0.0.1"
    port: int = 8000
    max_body_bytes: int = 1_048_576
    max_state_bytes: int = 67_108_864  # PUT /__admin/state: a world 100 times the seeded one must round-trip
    body_timeout: float = 10.0  # seconds a request body may take to arrive before 408
    max_namespaces: int = 100  # beyond this, the least recently used idle namespace is evicted
    journal_size: int = 1000
    journal_body_bytes: int = 4096  # bytes of each request and response body kept in the journal
    outbox_size: int = 1000
    outbound_timeout: float = 5.0
    outbound_queue_size: int = 1000  # pending deliveries of all namespaces; a full queue drops the oldest
    outbound_concurrency: int = 64  # targets (scheme, host, port) delivered to at the same time
    people: int = 40
    fixtures_dir: Path = CANONICAL_DIR  # canonical records seeded first (people, robin, sinch_cmi .json)
    robin_api_key: str = "demo-robin-key"
    robin_api_secret: str = "demo-robin-secret"
    robin_webshop_key: str = "demo-webshop-key"
    robin_webshop_secret: str = "demo-webshop-secret"
    sinch_cmi_user: str = "demo-agent"
    sinch_cmi_password: str = "demo-password"
    sinch_cmi_api_key: str = ""  # set: cloud style, every call also needs this `x-api-key`
    sinch_cmi_rate_limit: str = ""  # e.g. "10/second;600/minute"; empty: no limit (none is documented)
    sinch_cmi_cors_origins: str = "*"  # origins whose browsers may call ecfs/ with credentials; `*`: any; empty: none
    chatwoot_admin_token: str = "demo-chatwoot-admin-token"
    chatwoot_agent_token: str = "demo-chatwoot-agent-token"
    chatwoot_bot_token: str = "demo-chatwoot-bot-token"  # the seeded agent bot of account 1 (Mobile app inbox)
    chatwoot_platform_token: str = "demo-chatwoot-platform-token"  # the demo platform app's access token
    chatwoot_public_inbox: str = "demo-api-inbox"  # inbox_identifier of account 1's "Shop API" inbox
    chatwoot_agent_limit: int = 100  # agents per account before 402 (the licence limit)
    state_dir: Path | None = None  # namespaces restored from and saved to <namespace>.json files here
    state_file: Path | None = None  # an export that `default` starts from (unless state_dir holds a saved one)
    state_dir_skip_bad: bool = False  # a saved file that cannot be restored: skipped with a warning, not fatal
    state_save_interval: float = 1.0  # seconds after a write before its namespace is saved (what a kill may lose)
    extra: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in POSITIVE:
            value = getattr(self, name)
            if not (value > 0 and math.isfinite(value)):
                raise ValueError(f"SIMULATOR_{name.upper()}={value!r}: expected a finite number above 0")
        if not 1 <= self.port <= 65535:
            raise ValueError(f"SIMULATOR_PORT={self.port!r}: expected a port from 1 to 65535")
        if self.max_namespaces < 2:
            raise ValueError(f"SIMULATOR_MAX_NAMESPACES={self.max_namespaces!r}: expected 2 or more "
                             "(`default` and at least one other)")
        if self.sinch_cmi_rate_limit.strip():
            from limits import parse_many

            try:
                parse_many(self.sinch_cmi_rate_limit)
            except ValueError:
                raise ValueError(
                    f"SIMULATOR_SINCH_CMI_RATE_LIMIT={self.sinch_cmi_rate_limit!r}: expected rate limits such as "
                    "'10/second;600/minute'"
                ) from None
        problems = [problem for origin in parse_origins(self.sinch_cmi_cors_origins)
                    if (problem := origin_problem(origin))]
        if problems:
            raise ValueError(f"SIMULATOR_SINCH_CMI_CORS_ORIGINS={self.sinch_cmi_cors_origins!r}: {problems[0]}")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Config:
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for item in fields(cls):
            raw = environ.get(f"SIMULATOR_{item.name.upper()}")
            if raw is not None and item.name != "extra":
                values[item.name] = _parse(item.name, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def with_overrides(self, **overrides: Any) -> Config:
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


def _parse(name: str, raw: str) -> Any:
    kind = {f.name: f.type for f in fields(Config)}[name]
    try:
        if kind == "bool":
            return parse_switch(raw)
        if kind == "int":
            return int(raw)
        if kind == "float":
            return float(raw)
        if kind == "datetime":
            return parse_epoch(raw)
        if kind == "Path":
            return Path(raw)
        if kind == "Path | None":
            return Path(raw) if raw.strip() else None
    except ValueError as exc:
        raise ValueError(f"SIMULATOR_{name.upper()}={raw!r}: {exc}") from None
    return raw


def parse_switch(raw: str) -> bool:
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "on", "yes"}:
        return True
    if lowered in {"0", "false", "off", "no"}:
        return False
    raise ValueError("expected on/off, true/false, yes/no or 1/0")


def parse_epoch(raw: str) -> datetime:
    moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
