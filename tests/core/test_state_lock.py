"""A namespace's lock counts generations: every holder may change the state, except a read-only request."""

from __future__ import annotations

import pytest
from flask import Flask

from simulator.core.factory import SyncFlask
from simulator.core.runtime import READS_ONLY, declared_reads_only, reads_only
from simulator.core.storage import StateLock


def test_each_acquisition__begins_a_generation_but_reading_does_not() -> None:
    lock = StateLock()
    assert lock.generation == 0

    with lock, lock:  # reentrant
        pass
    assert lock.generation == 2
    lock.acquire_to_read()
    lock.release()
    assert lock.generation == 2
    assert lock.acquire(blocking=False)
    lock.release()
    assert lock.generation == 3


def test_every_lock__has_its_own_token() -> None:
    assert len({StateLock().token for _ in range(5)}) == 5


def test_declared_reads_only__finds_the_methods_handler() -> None:
    from flask.views import MethodView

    app = Flask("reads-only-test")

    class Things(MethodView):
        @reads_only
        def get(self) -> str:
            return "read"

        def post(self) -> str:
            return "written"

    app.add_url_rule("/things", view_func=Things.as_view("things"))

    assert getattr(Things.get, READS_ONLY) is True
    assert declared_reads_only(app, "things", "GET")
    assert declared_reads_only(app, "things", "HEAD")
    assert not declared_reads_only(app, "things", "POST")
    assert not declared_reads_only(app, None, "GET")
    assert not declared_reads_only(app, "nothing", "GET")


def test_a_reset_namespace__gets_a_new_token(unlimited_app: Flask) -> None:
    client = unlimited_app.test_client()
    registry = unlimited_app.extensions["simulator"].registry
    before = registry.get().lock.token

    assert client.post("/__admin/reset").status_code in (200, 204)

    assert registry.get().lock.token != before


def test_an_async_hook__is_refused_when_the_app_is_built() -> None:
    app = SyncFlask("async-test")

    @app.before_request
    async def waits() -> None:  # never run: the app refuses it
        return None

    with pytest.raises(TypeError, match="is async"):
        app.refuse_async()
