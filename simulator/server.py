"""Runs the app under gunicorn: one gevent worker process, because state lives in process memory."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gunicorn.app.base import BaseApplication

from simulator.config import Config

MAX_REQUEST_LINE = 8190  # bytes of "METHOD /path?query HTTP/1.1"; longer lines get gunicorn's own 400 page

SINGLE_WORKER_REASON = (
    "the simulator keeps all state in the memory of one process; with several worker processes "
    "each would hold its own world and requests would see different data. One gevent worker "
    "already serves many concurrent clients."
)


def save_on_exit(_server: Any, worker: Any) -> None:
    """In the worker, as it stops cleanly (SIGTERM, SIGINT): save the namespaces still marked as changed."""
    app = getattr(worker, "wsgi", None)
    runtime = getattr(app, "extensions", {}).get("simulator") if app is not None else None
    if runtime is not None and runtime.persister is not None:
        runtime.persister.close()


class SimulatorServer(BaseApplication):  # type: ignore[misc]
    def __init__(self, config: Config, *, log_level: str = "warning", access_log: bool = False,
                 on_ready: Callable[[], None] | None = None) -> None:
        self.config_values = config
        self.options = {
            "bind": f"{config.host}:{config.port}",
            "workers": 1,
            "worker_class": "gevent",
            "worker_connections": 1000,
            # Chatwoot's `api_access_token` header has an underscore: keep such headers.
            "header_map": "dangerous",
            # Long filter and search queries: gunicorn's largest bounded request line (its default is
            # 4094). Tomcat (Sinch) and nginx in front of Rails (Chatwoot) accept 8 KB lines too.
            "limit_request_line": MAX_REQUEST_LINE,
            "timeout": 60,
            "graceful_timeout": 5,
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
