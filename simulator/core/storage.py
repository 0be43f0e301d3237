"""Namespaced, lazily seeded state: namespace → vendor state, guarded by a lock per namespace."""

from __future__ import annotations

import copy
import itertools
import random
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from simulator.config import Config
from simulator.core.clock import Clock, Clocks
from simulator.core.errors import ProblemError
from simulator.core.fake import PeoplePool, build_pool, seeded_faker, seeded_random, uuid_from
from simulator.core.faults import FaultRules
from simulator.core.journal import Journal
from simulator.core.namespace_names import DEFAULT_NAMESPACE
from simulator.core.outbox import OutboxLog
from simulator.core.ratelimit import RateWindows
from simulator.core.serialize import InvalidValue, check, describe, from_jsonable, to_jsonable

if TYPE_CHECKING:
    from faker import Faker

Pristine = dict[int, tuple[PeoplePool, dict[str, Any]]]
UNUSABLE_EXPORT = (ValueError, TypeError, KeyError, AttributeError)  # what importing an unusable export raises
PRISTINE_SEEDS = 4  # seeded worlds kept for quick resets (each a few hundred kB)
STATE_FORMAT = "ccsim-state/1"
EVICTIONS_KEPT = 100  # the latest evictions listed by GET /__admin/namespaces


@dataclass
class WorldSeed:
    """What a vendor needs to build its seeded state for one namespace."""

    seed: int
    epoch: datetime
    pool: PeoplePool
    config: Config

    def faker(self, label: str) -> Faker:
        return seeded_faker(self.seed, label)

    def random(self, label: str) -> random.Random:
        return seeded_random(self.seed, label)


class StateModule(Protocol):
    """A vendor's state lifecycle: build from a seed, export to JSON, import from JSON."""

    name: str

    def build_state(self, world: WorldSeed) -> Any: ...

    def export_state(self, state: Any) -> dict[str, Any]: ...

    def import_state(self, data: dict[str, Any]) -> Any: ...

    def entities(self, state: Any) -> dict[str, Any]: ...


_lock_tokens = itertools.count(1)


class StateLock:
    """A namespace's lock (reentrant). Whoever holds it may change the namespace's state, so each acquisition
    begins a new generation, except `acquire_to_read`, a read-only request's. An answer cached with the token
    and generation it was made in is still the answer while both are the same."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self.token = next(_lock_tokens)  # unique per namespace: a copy of its records never matches another's
        self.generation = 0

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        acquired = self._lock.acquire(blocking, timeout)
        if acquired:
            self.generation += 1
        return acquired

    def acquire_to_read(self) -> None:
        """For a request declared read-only (`reads_only`): the state stays as it is, the generation too."""
        self._lock.acquire()

    def release(self) -> None:
        self._lock.release()

    def __enter__(self) -> StateLock:
        self.acquire()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()


class Namespace:
    """One isolated world: seed, people, vendor states, clock, journal, outbox log, rate windows, sessions."""

    def __init__(
        self,
        name: str,
        seed: int,
        config: Config,
        *,
        pool: PeoplePool,
        states: dict[str, Any],
        ids: random.Random,
        clock: Clock,
    ) -> None:
        self.name = name
        self.seed = seed
        self.lock = StateLock()
        self.clock = clock  # its own, following the server's clock until the namespace moves it
        self.journal = Journal(config.journal_size, body_bytes=config.journal_body_bytes)
        self.outbox = OutboxLog(config.outbox_size, clock)
        self.rates = RateWindows(clock)
        self.faults = FaultRules(seeded_random(seed, "faults"))  # never exported: a reset drops them
        self.ids = ids
        self.pool = pool
        self.states = states
        # Per vendor, what lives and dies with the namespace but is no state of it (login sessions): never exported.
        self.transient: dict[str, Any] = {}
        self.retired = False  # replaced, deleted or evicted: a request that still holds it must look again

    @classmethod
    def seeded(
        cls, name: str, seed: int, config: Config, modules: list[StateModule], clock: Clock | None = None,
        pristine: Pristine | None = None,
    ) -> Namespace:
        """A namespace built from the seed, its clock following `clock` (the server's); `pristine` keeps one
        untouched copy per seed, so a later build (a reset, another namespace) is a deep copy instead of a new
        Faker run."""
        if pristine is None:
            pool, states = build_world(seed, config, modules)
        else:
            pool, states = copy.deepcopy(pristine_world(seed, config, modules, pristine))
        return cls(name, seed, config, pool=pool, states=states, ids=seeded_random(seed, "runtime"),
                   clock=Clock(base=clock or Clock()))

    def state(self, vendor: str) -> Any:
        return self.states[vendor]

    def new_uuid(self) -> str:
        """A deterministic UUID4-shaped id: same seed and same calls give the same ids."""
        return uuid_from(self.ids)


def build_world(seed: int, config: Config, modules: list[StateModule]) -> tuple[PeoplePool, dict[str, Any]]:
    pool = build_pool(seed, config.epoch, config.people, config.fixtures_dir)
    world = WorldSeed(seed=seed, epoch=config.epoch, pool=pool, config=config)
    return pool, {m.name: m.build_state(world) for m in modules}


def pristine_world(seed: int, config: Config, modules: list[StateModule],
                   pristine: Pristine) -> tuple[PeoplePool, dict[str, Any]]:
    """The untouched seeded world of `seed`, kept in `pristine`: read it, never change it."""
    kept = pristine.get(seed)
    if kept is None:
        kept = build_world(seed, config, modules)
        while len(pristine) >= PRISTINE_SEEDS:
            del pristine[next(iter(pristine))]  # the oldest seed
        pristine[seed] = kept
    return kept


@dataclass(frozen=True)
class Eviction:
    """A namespace dropped to stay within `max_namespaces`."""

    namespace: str
    at: datetime
    idle_seconds: float


class NamespaceLimitReached(ProblemError):
    """Every namespace is busy and the limit is reached: none can be evicted for a new one (problem+json)."""

    status = 503


class NamespaceRegistry:
    """The namespaces by name, least recently used first; at most `config.max_namespaces` of them.

    A new namespace beyond the limit evicts the least recently used idle one (never one that a
    request is using). Evictions are kept in `evictions` and written to `default`'s journal.
    """

    def __init__(self, config: Config, modules: list[StateModule], clock: Clock,
                 on_retire: Callable[[Namespace], None] | None = None) -> None:
        self.config = config
        self.modules = modules
        self.clock = clock
        self.on_retire = on_retire  # e.g. drop the waiting deliveries of a namespace that goes away
        self.default_seed = config.seed
        self._namespaces: OrderedDict[str, Namespace] = OrderedDict()
        self._used: dict[str, float] = {}  # name → monotonic time of its last use
        self._seeds: dict[str, int] = {}
        self._pristine: Pristine = {}
        self._lock = threading.RLock()
        self.evictions: deque[Eviction] = deque(maxlen=EVICTIONS_KEPT)

    def get(self, name: str = DEFAULT_NAMESPACE) -> Namespace:
        """The namespace, built from its seed on first use (which may evict an idle one)."""
        evicted: list[Eviction] = []
        with self._lock:
            found = self._namespaces.get(name)
            if found is None:
                evicted = [] if name == DEFAULT_NAMESPACE else self._make_room()
                found = Namespace.seeded(name, self._seeds.get(name, self.default_seed), self.config,
                                         self.modules, self.clock, self._pristine)
                self._namespaces[name] = found
            self._touch(name)
        self._report(evicted)
        return found

    def find(self, name: str) -> Namespace | None:
        """The namespace if it exists; nothing is built, except `default`, which always exists."""
        found = self._namespaces.get(name)
        if found is None and name == DEFAULT_NAMESPACE:
            return self.get(name)
        return found

    def pristine_view(self, name: str) -> Namespace:
        """What `name` would be if built now, without building it: read it, never change it.

        Credentials are checked against it, so a refused request creates no namespace.
        """
        with self._lock:
            seed = self._seeds.get(name, self.default_seed)
            pool, states = pristine_world(seed, self.config, self.modules, self._pristine)
        return Namespace(name, seed, self.config, pool=pool, states=states, ids=seeded_random(seed, "runtime"),
                         clock=self._clock_for(name))

    def _clock_for(self, name: str) -> Clock:
        """The clock of `name` if it exists (new data keeps the same time), else a new one following the server's."""
        with self._lock:
            existing = self._namespaces.get(name)
        return existing.clock if existing is not None else Clock(base=self.clock)

    def clocks(self) -> Clocks:
        """The server's clock with the clocks of every namespace that exists, to move them all at once."""
        with self._lock:
            return Clocks(self.clock, [found.clock for found in self._namespaces.values()])

    def names(self) -> list[str]:
        """Every namespace that exists; `default` always does (it is built on first use)."""
        return sorted({*self._namespaces, DEFAULT_NAMESPACE})

    def _count(self) -> int:
        """Namespaces held against the limit: `default` always holds its place."""
        return len(self._namespaces) + (DEFAULT_NAMESPACE not in self._namespaces)

    def delete(self, name: str) -> bool:
        """Drop a namespace (world, journal, outbox log, rate windows, seed); False if it did not exist."""
        with self._lock:
            self._seeds.pop(name, None)
            return self._retire(name) is not None

    def reset(self, name: str) -> Namespace:
        with self._lock:
            self._retire(name)
        return self.get(name)

    def reset_all(self) -> None:
        with self._lock:
            for name in list(self._namespaces):
                self._retire(name)

    def reseed(self, name: str, seed: int) -> Namespace:
        with self._lock:
            self._seeds[name] = seed
        return self.reset(name)

    def reseed_all(self, seed: int) -> None:
        with self._lock:
            self.default_seed = seed
            self._seeds.clear()
            self.reset_all()

    def install(self, name: str, namespace: Namespace) -> None:
        """Put an imported namespace in place of `name` (counted like a new one)."""
        evicted: list[Eviction] = []
        with self._lock:
            if name not in self._namespaces and name != DEFAULT_NAMESPACE:
                evicted = self._make_room()
            self._retire(name)
            self._namespaces[name] = namespace
            self._seeds[name] = namespace.seed
            self._touch(name)
        self._report(evicted)

    def _retire(self, name: str) -> Namespace | None:
        found = self._namespaces.pop(name, None)
        self._used.pop(name, None)
        if found is not None:
            found.retired = True
            if self.on_retire is not None:
                self.on_retire(found)
        return found

    def _touch(self, name: str) -> None:
        self._namespaces.move_to_end(name)
        self._used[name] = time.monotonic()

    def _make_room(self) -> list[Eviction]:
        """Evict idle namespaces, least recently used first, until one more fits."""
        evicted: list[Eviction] = []
        for name in list(self._namespaces):
            if self._count() < self.config.max_namespaces:
                break
            candidate = self._namespaces[name]
            if name == DEFAULT_NAMESPACE or not candidate.lock.acquire(blocking=False):
                continue  # `default` stays; a namespace in use is not idle
            try:
                idle = round(time.monotonic() - self._used.get(name, time.monotonic()), 3)
                self._retire(name)
                self._seeds.pop(name, None)
                evicted.append(Eviction(name, self.clock.now(), idle))
            finally:
                candidate.lock.release()
        if self._count() >= self.config.max_namespaces:
            raise NamespaceLimitReached(
                f"all {self._count()} namespaces are in use (SIMULATOR_MAX_NAMESPACES="
                f"{self.config.max_namespaces}); retry when one is idle",
                headers={"Retry-After": "1"},
            )
        return evicted

    def _report(self, evicted: list[Eviction]) -> None:
        if not evicted:
            return
        self.evictions.extend(evicted)
        default = self.find(DEFAULT_NAMESPACE)
        if default is None:
            return
        journal = default.journal
        for eviction in evicted:
            journal.note(eviction.at, "namespace_evicted", {
                "namespace": eviction.namespace, "idle_seconds": eviction.idle_seconds,
                "max_namespaces": self.config.max_namespaces,
            })

    def export(self, name: str) -> dict[str, Any]:
        return export_namespace(self.get(name), self.modules)

    def import_(self, name: str, data: dict[str, Any]) -> Namespace:
        """Replace a namespace by an export, checked all through before anything is swapped in.

        An unusable export raises InvalidValue naming the JSON path of its first problem, and
        nothing changes. Absent `seed` and `people` mean the default seed and an empty pool.
        """
        check(data.get("format") == STATE_FORMAT, f"expected {STATE_FORMAT!r}, got {data.get('format')!r}", "format")
        vendors = data.get("vendors")
        check(isinstance(vendors, dict), f"expected an object, got {describe(vendors)}", "vendors")
        missing = [m.name for m in self.modules if m.name not in vendors]
        check(not missing, "required field missing", "vendors", *missing[:1])
        seed = from_jsonable(int, data.get("seed", self.default_seed), path=("seed",))
        check(0 <= seed < 2**63, f"expected 0 to 2**63 - 1, got {seed}", "seed")
        pool = from_jsonable(PeoplePool, data.get("people", {"people": [], "agents": []}), path=("people",))
        check(0 <= pool.canonical <= len(pool.people), f"expected 0 to {len(pool.people)} (the people), got "
                                                       f"{pool.canonical}", "people", "canonical")
        ids = random.Random()
        ids.setstate(_rng_from(data.get("ids")))
        states = {}
        for module in self.modules:
            try:
                states[module.name] = module.import_state(vendors[module.name])
            except InvalidValue as exc:
                raise exc.within("vendors", module.name) from None
        fresh = Namespace(name, seed, self.config, pool=pool, states=states, ids=ids, clock=self._clock_for(name))
        self.install(name, fresh)
        return fresh


def export_namespace(namespace: Namespace, modules: list[StateModule]) -> dict[str, Any]:
    """A namespace as JSON (`GET /__admin/state`): its seed, id generator, people and every vendor's state."""
    with namespace.lock:
        return {
            "format": STATE_FORMAT,
            "namespace": namespace.name,
            "seed": namespace.seed,
            "ids": _rng_state(namespace.ids),
            "people": to_jsonable(namespace.pool),
            "vendors": {m.name: m.export_state(namespace.state(m.name)) for m in modules},
        }


def _rng_state(rng: random.Random) -> list[Any]:
    version, internal, gauss = rng.getstate()
    return [version, list(internal), gauss]


def _rng_from(data: Any) -> tuple[Any, ...]:
    """The generator state `_rng_state` wrote: [version, 624 words of 32 bits and a position, gauss]."""
    check(isinstance(data, list) and len(data) == 3, f"expected [version, state, gauss], got {describe(data)}",
          "ids")
    version, internal, gauss = data
    check(version == random.Random.VERSION and not isinstance(version, bool),
          f"expected generator version {random.Random.VERSION}, got {version!r}", "ids", 0)
    words = from_jsonable(list[int], internal, path=("ids", "1"))
    check(len(words) == 625, f"expected 625 numbers (624 words and a position), got {len(words)}", "ids", 1)
    for index, word in enumerate(words[:-1]):
        check(0 <= word < 2**32, f"expected a 32-bit word, got {word}", "ids", 1, index)
    check(0 <= words[-1] <= 624, f"expected a position from 0 to 624, got {words[-1]}", "ids", 1, 624)
    return (version, tuple(words), from_jsonable(float | None, gauss, path=("ids", "2")))
