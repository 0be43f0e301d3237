"""Namespaced, lazily seeded state: namespace → vendor state, guarded by a lock per namespace."""

from __future__ import annotations

import copy
import random
import threading
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from simulator.config import Config
from simulator.core.fake import PeoplePool, build_pool, seeded_faker, seeded_random, uuid_from
from simulator.core.journal import Journal
from simulator.core.outbox import OutboxLog
from simulator.core.serialize import from_jsonable, to_jsonable

if TYPE_CHECKING:
    from faker import Faker

DEFAULT_NAMESPACE = "default"
Pristine = dict[int, tuple[PeoplePool, dict[str, Any]]]
PRISTINE_SEEDS = 4  # seeded worlds kept for quick resets (each a few hundred kB)
STATE_FORMAT = "ccsim-state/1"


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


class Namespace:
    """One isolated world: its seed, people pool, vendor states, journal and outbox log."""

    def __init__(
        self,
        name: str,
        seed: int,
        config: Config,
        *,
        pool: PeoplePool,
        states: dict[str, Any],
        ids: random.Random,
    ) -> None:
        self.name = name
        self.seed = seed
        self.lock = threading.RLock()
        self.journal = Journal(config.journal_size)
        self.outbox = OutboxLog(config.outbox_size)
        self.ids = ids
        self.pool = pool
        self.states = states

    @classmethod
    def seeded(
        cls, name: str, seed: int, config: Config, modules: list[StateModule], pristine: Pristine | None = None
    ) -> Namespace:
        """A namespace built from the seed; `pristine` keeps one untouched copy per seed, so a later
        build (a reset, another namespace) is a deep copy instead of a new Faker run."""
        kept = pristine.get(seed) if pristine is not None else None
        if kept is None:
            pool = build_pool(seed, config.epoch, config.people, config.fixtures_dir)
            world = WorldSeed(seed=seed, epoch=config.epoch, pool=pool, config=config)
            kept = (pool, {m.name: m.build_state(world) for m in modules})
            if pristine is not None:
                while len(pristine) >= PRISTINE_SEEDS:
                    del pristine[next(iter(pristine))]  # the oldest seed
                pristine[seed] = copy.deepcopy(kept)
        else:
            kept = copy.deepcopy(kept)
        pool, states = kept
        return cls(name, seed, config, pool=pool, states=states, ids=seeded_random(seed, "runtime"))

    def state(self, vendor: str) -> Any:
        return self.states[vendor]

    def new_uuid(self) -> str:
        """A deterministic UUID4-shaped id: same seed and same calls give the same ids."""
        return uuid_from(self.ids)


class NamespaceRegistry:
    def __init__(self, config: Config, modules: list[StateModule]) -> None:
        self.config = config
        self.modules = modules
        self.default_seed = config.seed
        self._namespaces: dict[str, Namespace] = {}
        self._seeds: dict[str, int] = {}
        self._pristine: Pristine = {}
        self._lock = threading.Lock()

    def get(self, name: str = DEFAULT_NAMESPACE) -> Namespace:
        found = self._namespaces.get(name)
        if found is not None:
            return found
        with self._lock:
            found = self._namespaces.get(name)
            if found is None:
                seed = self._seeds.get(name, self.default_seed)
                found = Namespace.seeded(name, seed, self.config, self.modules, self._pristine)
                self._namespaces[name] = found
            return found

    def names(self) -> list[str]:
        return sorted(self._namespaces)

    def reset(self, name: str) -> Namespace:
        with self._lock:
            self._namespaces.pop(name, None)
        return self.get(name)

    def reset_all(self) -> None:
        with self._lock:
            self._namespaces.clear()

    def reseed(self, name: str, seed: int) -> Namespace:
        with self._lock:
            self._seeds[name] = seed
        return self.reset(name)

    def reseed_all(self, seed: int) -> None:
        with self._lock:
            self.default_seed = seed
            self._seeds.clear()
            self._namespaces.clear()

    def export(self, name: str) -> dict[str, Any]:
        namespace = self.get(name)
        with namespace.lock:
            return {
                "format": STATE_FORMAT,
                "namespace": name,
                "seed": namespace.seed,
                "ids": _rng_state(namespace.ids),
                "people": to_jsonable(namespace.pool),
                "vendors": {m.name: m.export_state(namespace.state(m.name)) for m in self.modules},
            }

    def import_(self, name: str, data: dict[str, Any]) -> Namespace:
        """Replace a namespace by an export; all parts are rebuilt before anything is swapped in."""
        if data.get("format") != STATE_FORMAT:
            raise ValueError(f"expected an export with format {STATE_FORMAT!r}")
        vendors = data.get("vendors")
        if not isinstance(vendors, dict):
            raise ValueError("'vendors' must be an object")
        missing = [m.name for m in self.modules if m.name not in vendors]
        if missing:
            raise ValueError(f"'vendors.{missing[0]}' is missing")
        ids = random.Random()
        ids.setstate(_rng_from(data.get("ids")))
        fresh = Namespace(
            name,
            int(data.get("seed", self.default_seed)),
            self.config,
            pool=from_jsonable(PeoplePool, data.get("people") or {"people": [], "agents": []}),
            states={m.name: m.import_state(vendors[m.name]) for m in self.modules},
            ids=ids,
        )
        with self._lock:
            self._namespaces[name] = fresh
            self._seeds[name] = fresh.seed
        return fresh


def _rng_state(rng: random.Random) -> list[Any]:
    version, internal, gauss = rng.getstate()
    return [version, list(internal), gauss]


def _rng_from(data: Any) -> tuple[Any, ...]:
    try:
        version, internal, gauss = data
        return (int(version), tuple(int(x) for x in internal), gauss)
    except (TypeError, ValueError):
        raise ValueError("'ids' is not a generator state taken from an export") from None
