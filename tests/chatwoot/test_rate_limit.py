"""Rack::Attack's limit: 3000 requests a minute per client IP, then 429 `Retry later` in plain text."""

from __future__ import annotations

from flask import Flask

from simulator.core.clock import Clock
from simulator.core.ratelimit import FROZEN_NOTE
from tests.chatwoot.support import ACCOUNT, AGENT_TOKEN, Chatwoot

LIMIT = 3000


def test_rate_limit__the_3001st_call_in_a_minute_is_429_for_every_token_of_the_ip(app: Flask, clock: Clock) -> None:
    chatwoot = Chatwoot(app)
    for number in range(LIMIT):
        token = AGENT_TOKEN if number % 2 else None
        response = chatwoot.get(f"{ACCOUNT}/teams", **({"token": token} if token else {}))
        assert response.status_code == 200, number
    refused = chatwoot.get(f"{ACCOUNT}/agents", token=AGENT_TOKEN)
    # The tests' clock is frozen: a second line says what ends the window.
    assert (refused.status_code, refused.get_data(as_text=True), refused.mimetype) == (
        429, f"Retry later\n{FROZEN_NOTE}\n", "text/plain")
    assert "Retry-After" not in refused.headers
    clock.advance(60)
    assert chatwoot.get(f"{ACCOUNT}/teams").status_code == 200


def test_rate_limit__another_ip_has_its_own_budget(app: Flask) -> None:
    chatwoot = Chatwoot(app)
    for _ in range(LIMIT):
        chatwoot.get(f"{ACCOUNT}/teams")
    assert chatwoot.get(f"{ACCOUNT}/teams").status_code == 429
    other = chatwoot.get(f"{ACCOUNT}/teams", environ_base={"REMOTE_ADDR": "10.0.0.7"})
    assert other.status_code == 200
