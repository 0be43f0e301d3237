"""ROBIN tenants (API credentials) of a namespace: finding one by API key, adding one with the namespace's agents."""

from __future__ import annotations

from collections.abc import Iterable

from simulator.core.errors import InvalidInput, NotFoundError
from simulator.core.fake import Agent as PoolAgent
from simulator.robin.models import Agent, RobinState, Tenant, Webstore


def require_tenant(state: RobinState, api_key: str) -> Tenant:
    tenant = state.tenants.get(api_key)
    if tenant is None:
        raise NotFoundError(f"No ROBIN tenant with API key {api_key!r}")
    return tenant


def add_tenant(state: RobinState, agents: Iterable[PoolAgent], *, api_key: str, api_secret: str, name: str) -> Tenant:
    """A new, empty tenant with the given agents and a default web store; an API key in use is a 409."""
    if api_key in state.tenants:
        raise InvalidInput(f"API key {api_key!r} already exists", status=409)
    tenant = Tenant(
        api_key=api_key,
        api_secret=api_secret,
        name=name,
        agents=[Agent(email=a.email, name=a.name, phone_extension=a.phone_extension) for a in agents],
        webstores=[Webstore("Default webstore")],
    )
    state.tenants[tenant.api_key] = tenant
    return tenant
