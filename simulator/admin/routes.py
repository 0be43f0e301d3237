"""The control API views: health, version, namespaces, reset, seed, state, journal, outbox, faults, clock."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from simulator.admin.schemas import (
    ClearedSchema,
    ClockAdvanceSchema,
    ClockQuerySchema,
    ClockSchema,
    ClockSetSchema,
    FaultDeletedSchema,
    FaultRuleSchema,
    FaultSchema,
    FaultsSchema,
    HealthSchema,
    JournalQuerySchema,
    JournalSchema,
    NamespaceDeletedSchema,
    NamespacesSchema,
    OutboxQuerySchema,
    OutboxSchema,
    ResetQuerySchema,
    ResetResultSchema,
    SeedQuerySchema,
    SeedResultSchema,
    SeedSchema,
    StateSchema,
    VersionSchema,
)
from simulator.core.api import ControlBlueprint
from simulator.core.clock import Clock, ClockOutOfRange, Clocks
from simulator.core.errors import InvalidInput, NotFoundError
from simulator.core.runtime import namespace, runtime
from simulator.core.storage import UNUSABLE_EXPORT
from simulator.version import __version__

admin = ControlBlueprint("admin_core", __name__, url_prefix="/__admin", description="Simulator control")


@admin.route("/health")
class HealthViews(MethodView):
    @admin.response(200, HealthSchema)
    def get(self) -> dict[str, str]:
        """Liveness: `{"status": "ok"}`"""
        return {"status": "ok"}


@admin.route("/version")
class VersionViews(MethodView):
    @admin.response(200, VersionSchema)
    def get(self) -> dict[str, Any]:
        """Simulator version and the mounted APIs"""
        return {
            "name": "contact-center-simulator",
            "version": __version__,
            "apis": {m.name: m.mount for m in runtime().modules},
        }


@admin.route("/namespaces")
class NamespacesViews(MethodView):
    @admin.response(200, NamespacesSchema)
    def get(self) -> dict[str, Any]:
        """Namespaces that exist, the limit, and the latest evictions

        A namespace is created on the first request that gets past authentication (a refused
        request creates none). Beyond SIMULATOR_MAX_NAMESPACES, creating one evicts the least
        recently used idle namespace (never `default`); each eviction is listed here and in the
        journal of `default` (vendor `simulator`, method `EVENT`).
        """
        registry = runtime().registry
        return {"namespaces": registry.names(), "max_namespaces": registry.config.max_namespaces,
                "evicted": list(registry.evictions)}


@admin.route("/namespaces/<string:name>")
class NamespaceByNameViews(MethodView):
    @admin.response(200, NamespaceDeletedSchema)
    @admin.alt_response(404, response="NOT_FOUND")
    def delete(self, name: str) -> dict[str, Any]:
        """Drop a namespace: its world, journal, outbox log, rate-limit windows and seed

        Its next use builds it afresh from the default seed.
        """
        if not runtime().registry.delete(name):
            raise NotFoundError(f"No namespace named {name!r}")
        return {"deleted": name}


@admin.route("/reset")
class ResetViews(MethodView):
    @admin.arguments(ResetQuerySchema, location="query")
    @admin.response(200, ResetResultSchema)
    def post(self, query: dict[str, Any]) -> dict[str, Any]:
        """Reset the namespace named by X-Simulator-Namespace to its seeded baseline

        Also clears that namespace's journal, outbox log and rate-limit windows. `?all=true` drops
        every namespace (each is rebuilt from the seed on next use).
        """
        rt = runtime()
        if query["all"]:
            rt.registry.reset_all()
            return {"reset": ["*"]}
        name = namespace().name
        rt.registry.reset(name)
        return {"reset": [name]}


@admin.route("/seed")
class SeedViews(MethodView):
    @admin.arguments(SeedQuerySchema, location="query")
    @admin.arguments(SeedSchema)
    @admin.response(200, SeedResultSchema)
    def post(self, query: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
        """Rebuild the namespace from another seed (`?all=true`: the default for every namespace)"""
        rt = runtime()
        if query["all"]:
            rt.registry.reseed_all(body["seed"])
            return {"namespace": "*", "seed": body["seed"]}
        name = namespace().name
        rt.registry.reseed(name, body["seed"])
        return {"namespace": name, "seed": body["seed"]}


@admin.route("/state")
class StateViews(MethodView):
    @admin.response(200, StateSchema)
    def get(self) -> dict[str, Any]:
        """Export the namespace (people pool and every vendor's state) as JSON"""
        return runtime().registry.export(namespace().name)

    @admin.arguments(StateSchema)
    @admin.response(200, StateSchema)
    def put(self, body: dict[str, Any]) -> dict[str, Any]:
        """Import an export into the namespace, replacing it (nothing changes if it is invalid)"""
        rt = runtime()
        name = namespace().name
        try:
            rt.registry.import_(name, body)
        except UNUSABLE_EXPORT as exc:
            raise InvalidInput(f"Not a usable state export: {exc}") from None
        return rt.registry.export(name)


@admin.route("/requests")
class RequestsViews(MethodView):
    @admin.arguments(JournalQuerySchema, location="query")
    @admin.response(200, JournalSchema)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """The request journal of the namespace (secrets redacted), oldest first"""
        return {"requests": namespace().journal.entries(**query)}

    @admin.response(200, ClearedSchema)
    def delete(self) -> dict[str, Any]:
        """Clear the namespace's request journal"""
        return {"cleared": namespace().journal.clear()}


@admin.route("/outbox")
class OutboxViews(MethodView):
    @admin.arguments(OutboxQuerySchema, location="query")
    @admin.response(200, OutboxSchema)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """Outbound deliveries (webhooks, dynamic-integration calls) of the namespace"""
        return {"deliveries": namespace().outbox.items(query.get("kind"))}

    @admin.response(200, ClearedSchema)
    def delete(self) -> dict[str, Any]:
        """Clear the namespace's outbox log"""
        return {"cleared": namespace().outbox.clear()}


@admin.route("/faults")
class FaultsViews(MethodView):
    @admin.response(200, FaultsSchema)
    def get(self) -> dict[str, Any]:
        """The namespace's fault rules, in the order they are checked"""
        return {"faults": [rule.wire() for rule in namespace().faults.rules()]}

    @admin.arguments(FaultSchema)
    @admin.response(201, FaultRuleSchema)
    @admin.alt_response(409, response="CONFLICT")
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Add a fault rule to the namespace

        A request of the namespace that matches `vendor`, `method` and `path` (a glob over the whole path)
        is hit by the first rule whose `probability` draw succeeds and that has `times` left: it waits
        `delay_ms` (or a uniform draw up to `delay_max_ms`) without holding up other requests, then gets
        `status` in the vendor's error shape, or its connection dropped (`action`), or, with a delay
        alone, its real answer. Per request, `Prefer: code=503` and `Prefer: delay=250` do the same.
        Every hit request is marked in the journal (`tags.fault`). A reset or import of the namespace drops
        its rules; it holds at most 100 (409 beyond).
        """
        return namespace().faults.add(body).wire()

    @admin.response(200, ClearedSchema)
    def delete(self) -> dict[str, Any]:
        """Remove every fault rule of the namespace"""
        return {"cleared": namespace().faults.clear()}


@admin.route("/faults/<int:fault_id>")
class FaultByIdViews(MethodView):
    @admin.response(200, FaultDeletedSchema)
    @admin.alt_response(404, response="NOT_FOUND")
    def delete(self, fault_id: int) -> dict[str, Any]:
        """Remove one fault rule"""
        if not namespace().faults.remove(fault_id):
            raise NotFoundError(f"No fault rule {fault_id} in this namespace")
        return {"deleted": fault_id}


def _clocks(query: dict[str, Any]) -> Clock | Clocks:
    """What a clock call moves: the namespace's clock, or with `?all=true` every clock and the server's."""
    return runtime().registry.clocks() if query["all"] else namespace().clock


def _answer(moved: Clock | Clocks) -> dict[str, Any]:
    """The namespace's clock, or after `?all=true` the server's (`namespace`: `*`)."""
    if isinstance(moved, Clocks):
        return {"now": moved.base.now(), "frozen": moved.base.frozen, "namespace": "*"}
    found = namespace()
    return {"now": found.clock.now(), "frozen": found.clock.frozen, "namespace": found.name}


@admin.route("/clock")
class ClockViews(MethodView):
    @admin.response(200, ClockSchema)
    def get(self) -> dict[str, Any]:
        """The namespace's clock

        Every namespace has its own clock (schedules, rate-limit windows, timestamps of new records,
        reports). It follows the server's clock until the namespace moves it; a reset of the namespace
        makes it follow again.
        """
        return _answer(namespace().clock)

    @admin.arguments(ClockQuerySchema, location="query")
    @admin.arguments(ClockSetSchema)
    @admin.response(200, ClockSchema)
    def put(self, query: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
        """Freeze the namespace's clock (at `now`, or where it is) or let it run again (`frozen: false`)

        `?all=true`: every namespace's clock, and the server's, which new namespaces follow.
        """
        moved = _clocks(query)
        if body.get("frozen") is False:
            moved.resume()
        else:
            try:
                moved.freeze(body.get("now"))
            except ClockOutOfRange as exc:
                raise InvalidInput(f"Invalid field 'now': {exc}") from None
        return _answer(moved)

    # A written example: real time differs at every rendering, and the example world's clock stays put.
    @admin.arguments(ClockQuerySchema, location="query")
    @admin.response(200, ClockSchema, example={"now": "2025-06-30T14:03:27.512934+00:00", "frozen": False,
                                               "namespace": "default"})
    def delete(self, query: dict[str, Any]) -> dict[str, Any]:
        """Back to the server's clock (`?all=true`: every namespace, and the server's clock back to real time)"""
        moved = _clocks(query)
        moved.reset()
        return _answer(moved)


@admin.route("/clock/advance")
class ClockAdvanceViews(MethodView):
    @admin.arguments(ClockQuerySchema, location="query")
    @admin.arguments(ClockAdvanceSchema)
    @admin.response(200, ClockSchema)
    def post(self, query: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
        """Move the namespace's clock forward (`?all=true`: every namespace's); schedules and rate-limit windows
        follow"""
        moved = _clocks(query)
        try:
            moved.advance(body["seconds"])
        except ClockOutOfRange as exc:
            raise InvalidInput(f"Invalid field 'seconds': {exc}") from None
        return _answer(moved)


BLUEPRINTS = [admin]
