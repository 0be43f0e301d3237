"""Namespaces kept in a folder: restored at start, saved (debounced) after writes and on a clean stop."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulator.config import Config
from simulator.core.clock import Clock
from simulator.core.json_text import loads_strict
from simulator.core.namespace_names import DEFAULT_NAMESPACE, NAMESPACE_PATTERN
from simulator.core.storage import UNUSABLE_EXPORT, NamespaceRegistry, export_namespace

log = logging.getLogger(__name__)
SUFFIX = ".json"
CLOCK_KEY = "clock"  # beside an export's own fields: the namespace's clock (Clock.state)


class StateFileError(ValueError):
    """A saved namespace or state file that cannot be restored; the message names the file and why."""


@dataclass
class Saved:
    """What a start restores: namespace name → export (with its clock, when saved from a state folder)."""

    worlds: dict[str, dict[str, Any]] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)  # the reasons of files skipped (--state-dir-skip-bad)


def read_export(path: Path) -> dict[str, Any]:
    """A JSON object from `path`, or StateFileError naming the file and what is wrong with it."""
    if path.is_dir():
        raise StateFileError(f"cannot read {path}: it is a folder, not a file")
    if path.exists() and not path.is_file():  # a FIFO or a device: reading could wait forever
        raise StateFileError(f"cannot read {path}: it is not a regular file")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise StateFileError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        data = loads_strict(text)  # no NaN or infinity: a state holds only what its answers can write
    except (ValueError, RecursionError) as exc:
        raise StateFileError(f"{path} is not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise StateFileError(f"{path} is not a state export (a JSON object with format, vendors, ...)")
    return data


def saved_files(directory: Path) -> list[Path]:
    """The namespace files of a state folder (`<namespace>.json`), by name; temporary files are not."""
    return sorted(p for p in directory.iterdir() if p.name.endswith(SUFFIX) and not p.name.startswith(".tmp-"))


def load(directory: Path | None, state_file: Path | None, *, skip_bad: bool, max_namespaces: int,
         check: Callable[[str, dict[str, Any]], None]) -> Saved:
    """Read and check (with `check`, which raises what an import would) every file a start restores.

    A file that cannot be restored raises StateFileError, or with `skip_bad` is listed in `skipped`. A
    state file fills `default` unless the folder holds a saved `default`, which is newer.
    """
    saved = Saved()
    if directory is not None:
        for path in saved_files(directory):
            try:
                name = path.name[: -len(SUFFIX)]
                if not NAMESPACE_PATTERN.match(name):
                    raise StateFileError(f"{path}: {name!r} is not a namespace name (1-64 of A-Z a-z 0-9 _ . : -)")
                data = read_export(path)
                _checked(path, name, data, check)
            except StateFileError as exc:
                if not skip_bad:
                    raise
                saved.skipped.append(str(exc))
                continue
            saved.worlds[name] = data
    if state_file is not None and DEFAULT_NAMESPACE not in saved.worlds:
        data = read_export(state_file)
        _checked(state_file, DEFAULT_NAMESPACE, data, check)
        saved.worlds[DEFAULT_NAMESPACE] = data
    others = len(set(saved.worlds) - {DEFAULT_NAMESPACE})
    if others + 1 > max_namespaces:
        raise StateFileError(f"{directory} holds {others + 1} namespaces, more than SIMULATOR_MAX_NAMESPACES="
                             f"{max_namespaces}: raise the limit or remove some files")
    return saved


def _checked(path: Path, name: str, data: dict[str, Any], check: Callable[[str, dict[str, Any]], None]) -> None:
    try:
        check(name, data)
    except UNUSABLE_EXPORT as exc:  # InvalidValue (a ValueError) names the JSON path of the problem
        raise StateFileError(f"{path} is not a usable state export: {exc}") from None


def restore_one(registry: NamespaceRegistry, name: str, data: dict[str, Any]) -> None:
    """Install a saved world and its clock; ValueError (nothing installed) for an export or clock it cannot use."""
    clock = data.get(CLOCK_KEY)
    if clock is not None:
        if not isinstance(clock, dict):
            raise ValueError(f"clock: expected an object, got {type(clock).__name__}")
        Clock(base=registry.clock).restore(clock)  # checked before anything is installed
    namespace = registry.import_(name, data)
    if clock is not None:
        namespace.clock.restore(clock)


def write_atomically(path: Path, text: str) -> None:
    """The whole text or the old file, never half of it: a temporary file beside it, synced, then renamed."""
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", suffix=SUFFIX, dir=path.parent)
    try:
        os.fchmod(handle, 0o644)  # as a file written by hand, not mkstemp's owner-only default
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


class Persister:
    """Saves the namespaces that requests changed, `interval` seconds after the change.

    `mark` is cheap (the request path calls it); a background thread (a greenlet under the server)
    saves what was marked, one namespace at a time under that namespace's lock. A namespace that no
    longer exists (deleted, evicted) loses its file, but only a file this persister restored or wrote:
    others in the folder (skipped at start, not ccsim's) are never touched. A save that fails is tried
    again at the next interval. `close` saves what is left (a clean stop).
    """

    def __init__(self, registry: NamespaceRegistry, directory: Path, interval: float,
                 owned: set[str] | None = None) -> None:
        self.registry = registry
        self.directory = directory
        self.interval = interval
        self._owned: set[str] = set(owned or ())  # names whose file is ours: restored from it, or written
        self._warned: set[str] = set()  # names not saved because a file not ours holds their place
        self._dirty: set[str] = set()
        self._everything = False
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopped = False
        self._thread: threading.Thread | None = None

    def mark(self, name: str) -> None:
        with self._lock:
            self._dirty.add(name)
            self._start()

    def mark_all(self) -> None:
        """Every namespace changed, or went away (a reset or reseed of all)."""
        with self._lock:
            self._everything = True
            self._start()

    def _start(self) -> None:
        if self._thread is None and not self._stopped:
            self._thread = threading.Thread(target=self._run, name="state-saver", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while not self._stopped:
            self._wake.wait(self.interval)
            if self._stopped:
                return
            try:
                self.flush()
            except Exception as exc:  # a full disk must not stop later saves
                log.error("saving namespaces to %s failed (tried again in %g s): %s", self.directory,
                          self.interval, exc)

    def flush(self) -> list[str]:
        """Save (or remove the files of) the namespaces marked since the last flush; the names done.

        A name whose save fails stays marked for the next flush; the first failure is raised once
        all the others are done.
        """
        with self._lock:  # never the registry's lock inside this one: the registry marks under its own
            names, everything, owned = set(self._dirty), self._everything, set(self._owned)
            self._dirty.clear()
            self._everything = False
        if everything:
            names |= set(self.registry.names()) | owned
        done: list[str] = []
        failure: Exception | None = None
        for name in sorted(names):
            try:
                self.save(name)
            except Exception as exc:  # a full disk, a folder removed: try again at the next interval
                with self._lock:
                    self._dirty.add(name)
                failure = failure or exc
            else:
                done.append(name)
        if failure is not None:
            raise failure
        return done

    def save(self, name: str) -> None:
        path = self.directory / f"{name}{SUFFIX}"
        namespace = self.registry.find(name)
        if namespace is None:
            with self._lock:
                ours = name in self._owned
            if ours:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
                with self._lock:
                    self._owned.discard(name)
            return
        with self._lock:
            foreign = name not in self._owned and (path.exists() or path.is_symlink())
            warn = foreign and name not in self._warned
            if warn:
                self._warned.add(name)
        if foreign:  # skipped at start, or another program's: never written over
            if warn:
                log.warning("namespace %r is not saved: %s is not a file this server restored or wrote", name, path)
            return
        with namespace.lock:
            if namespace.retired:  # replaced meanwhile: its successor is marked and saved in its turn
                self.mark(name)
                return
            data = export_namespace(namespace, self.registry.modules)
            data[CLOCK_KEY] = namespace.clock.state()
        write_atomically(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        with self._lock:
            self._owned.add(name)

    def close(self) -> None:
        """Stop the background saves and save what is still marked."""
        self._stopped = True
        self._wake.set()
        self.flush()


def prepare_directory(directory: Path) -> None:
    """Create the state folder, or StateFileError when it cannot be written there."""
    if directory.exists() and not directory.is_dir():
        raise StateFileError(f"cannot keep state in {directory}: it is a file, not a folder")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle, probe = tempfile.mkstemp(prefix=".tmp-", dir=directory)
        os.close(handle)
        os.unlink(probe)
    except OSError as exc:
        raise StateFileError(f"cannot keep state in {directory}: {exc.strerror or exc}") from None


def start(registry: NamespaceRegistry, config: Config, warn: Callable[[str], None]) -> Persister | None:
    """Restore what `config` names (SIMULATOR_STATE_DIR's files, SIMULATOR_STATE_FILE) into `registry`, and the
    persister that keeps the folder up to date (None without a folder). StateFileError names a bad file."""
    directory = config.state_dir
    if directory is not None:
        prepare_directory(directory)
    if config.state_file is not None and not config.state_file.exists():
        raise StateFileError(f"cannot read {config.state_file}: no such file")
    saved = load(directory, config.state_file, skip_bad=config.state_dir_skip_bad,
                 max_namespaces=config.max_namespaces, check=lambda name, data: restore_one(registry, name, data))
    for reason in saved.skipped:
        warn(f"Warning: skipped {reason}")
    if directory is None:
        return None
    return Persister(registry, directory, config.state_save_interval, owned=set(saved.worlds))
