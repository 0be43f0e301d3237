"""Runs the app under gunicorn: one gevent worker process, because state lives in process memory."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import gevent
from gunicorn.app.base import BaseApplication
from gunicorn.workers.ggevent import GeventWorker

from simulator.config import Config

if TYPE_CHECKING:
    from simulator.core.persistence import Persister

log = logging.getLogger(__name__)

MAX_REQUEST_LINE = 8190  # bytes of "METHOD /path?query HTTP/1.1"; longer lines get gunicorn's own 400 page

SINGLE_WORKER_REASON = (
    "the simulator keeps all state in the memory of one process; with several worker processes "
    "each would hold its own world and requests would see different data. One gevent worker "
    "already serves many concurrent clients."
)


STOP_WITH_SAVES = 30  # seconds a clean stop may take with a state folder: requests under way finish, saves end


def persister_of(worker: Any) -> Persister | None:
    app = getattr(worker, "wsgi", None)
    runtime = getattr(app, "extensions", {}).get("simulator") if app is not None else None
    return runtime.persister if runtime is not None else None


def save_now(worker: Any) -> None:
    """Save what is marked as changed at once, logging (not raising) a failure."""
    persister = persister_of(worker)
    if persister is None:
        return
    try:
        persister.flush()
    except Exception as exc:
        log.error("saving the namespaces to %s failed: %s", persister.directory, exc)


def save_on_exit(_server: Any, worker: Any) -> None:
    """In the worker, as it stops cleanly: wait for the save its stop signal began, then save what changed since."""
    saving = getattr(worker, "saving", None)
    if saving is not None:
        saving.join()
    persister = persister_of(worker)
    if persister is not None:
        try:
            persister.close()
        except Exception as exc:  # one clear line as the server stops, not gunicorn's traceback
            log.error("saving the namespaces to %s failed: %s", persister.directory, exc)


class SimulatorWorker(GeventWorker):  # type: ignore[misc]
    """gunicorn's gevent worker, which saves the namespaces (with a state folder) as soon as it is told to stop.

    SIGTERM: the save begins at once, before requests under way have finished (one delayed by a fault may
    take long); `save_on_exit` saves what they changed. SIGINT or SIGQUIT (Ctrl-C): save, then exit at once,
    without the traceback gevent prints for gunicorn's own quick exit from a greenlet.
    """

    saving: Any = None
    quitting = False

    def handle_exit(self, sig: int, frame: Any) -> None:
        super().handle_exit(sig, frame)
        if self.saving is None:
            self.saving = gevent.spawn(save_now, self)

    def handle_quit(self, sig: int, frame: Any) -> None:
        if not self.quitting:
            self.quitting = True
            gevent.spawn(self._quit)

    def _quit(self) -> None:
        self.alive = False
        save_now(self)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


class SimulatorServer(BaseApplication):  # type: ignore[misc]
    def __init__(self, config: Config, *, log_level: str = "warning", access_log: bool = False,
                 on_ready: Callable[[], None] | None = None) -> None:
        self.config_values = config
        self.options = {
            "bind": f"{config.host}:{config.port}",
            "workers": 1,
            "worker_class": "simulator.server.SimulatorWorker",
            "worker_connections": 1000,
            # Chatwoot's `api_access_token` header has an underscore: keep such headers.
            "header_map": "dangerous",
            # Long filter and search queries: gunicorn's largest bounded request line (its default is
            # 4094). Tomcat (Sinch) and nginx in front of Rails (Chatwoot) accept 8 KB lines too.
            "limit_request_line": MAX_REQUEST_LINE,
            "timeout": 60,
            "graceful_timeout": STOP_WITH_SAVES if config.state_dir is not None else 5,
            "keepalive": 5,
            "loglevel": log_level,
            "accesslog": "-" if access_log else None,
            "when_ready": (lambda _server: on_ready()) if on_ready else None,  # once the socket listens
            "worker_exit": save_on_exit,
        }
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if value is not None:
                self.cfg.set(key, value)

    def load(self) -> Any:
        from simulator.app import create_app

        return create_app(self.config_values)
