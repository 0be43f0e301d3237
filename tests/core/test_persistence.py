"""State folders: saved after writes, restored at start, bad files named or skipped, writes atomic under load."""

from __future__ import annotations

import json
import os
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask

from simulator import create_app
from simulator.app import STATE_MODULES
from simulator.cli import main
from simulator.config import Config
from simulator.core.clock import Clock
from simulator.core.persistence import CLOCK_KEY, Persister, StateFileError, start, write_atomically
from simulator.core.storage import NamespaceRegistry
from tests.conftest import FROZEN_AT

CONTACTS = "/chatwoot/api/v1/accounts/1/contacts"
TOKEN = {"api_access_token": "demo-chatwoot-admin-token"}


def ns(name: str) -> dict[str, str]:
    return {"X-Simulator-Namespace": name}


def app_on(directory: Path | None, **settings: Any) -> Flask:
    return create_app(Config(rate_limits=False, state_dir=directory, state_save_interval=3600, **settings),
                      clock=Clock(frozen_at=FROZEN_AT))


def add_contact(app: Flask, namespace: str, name: str) -> None:
    response = app.test_client().post(CONTACTS, json={"name": name, "email": f"{name.lower()}@example.com"},
                                      headers={**TOKEN, **ns(namespace)})
    assert response.status_code == 200, response.get_data(as_text=True)


def contact_names(app: Flask, namespace: str) -> set[str]:
    client = app.test_client()
    names: set[str] = set()
    for page in range(1, 20):
        payload = client.get(f"{CONTACTS}?page={page}", headers={**TOKEN, **ns(namespace)}).get_json()["payload"]
        if not payload:
            break
        names |= {contact["name"] for contact in payload}
    return names


def persister(app: Flask) -> Persister:
    found = app.extensions["simulator"].persister
    assert found is not None
    return found


def export(app: Flask, namespace: str) -> dict[str, Any]:
    return app.test_client().get("/__admin/state", headers=ns(namespace)).get_json()


def test_writes__are_saved_per_namespace_and_restored_with_their_clock(tmp_path: Path) -> None:
    first = app_on(tmp_path)
    add_contact(first, "alpha", "Ada")
    add_contact(first, "beta", "Bob")
    first.test_client().post("/__admin/clock/advance", json={"seconds": 90}, headers=ns("alpha"))
    first.test_client().get(CONTACTS, headers={**TOKEN, **ns("gamma")})  # a read: nothing to save

    assert persister(first).flush() == ["alpha", "beta"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alpha.json", "beta.json"]
    again = app_on(tmp_path)

    assert "Ada" in contact_names(again, "alpha") and "Ada" not in contact_names(again, "beta")
    assert "Bob" in contact_names(again, "beta")
    assert export(again, "alpha") == export(first, "alpha")
    clock = again.test_client().get("/__admin/clock", headers=ns("alpha")).get_json()
    assert clock["now"] == "2025-01-15T12:01:30+00:00"


def test_saved_file__is_an_export_with_the_clock_beside_it(tmp_path: Path) -> None:
    app = app_on(tmp_path)
    add_contact(app, "alpha", "Ada")
    persister(app).flush()

    saved = json.loads((tmp_path / "alpha.json").read_text())

    assert saved.pop(CLOCK_KEY) == {"frozen_at": "2025-01-15T12:00:00+00:00"}  # as it shows: the server's is frozen
    assert saved == export(app, "alpha")
    assert oct((tmp_path / "alpha.json").stat().st_mode & 0o777) == "0o644"


def test_delete_and_reset_all__bring_the_folder_up_to_date(tmp_path: Path) -> None:
    app = app_on(tmp_path)
    client = app.test_client()
    for name in ("alpha", "beta", "gamma"):
        add_contact(app, name, "Ada")
    persister(app).flush()

    client.delete("/__admin/namespaces/beta")
    persister(app).flush()
    assert not (tmp_path / "beta.json").exists()

    client.post("/__admin/reset?all=true")
    persister(app).flush()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["default.json"]  # default always exists: seeded again
    assert "Ada" not in contact_names(app_on(tmp_path), "alpha")


def test_reset__saves_the_seeded_world_in_place_of_the_changed_one(tmp_path: Path) -> None:
    app = app_on(tmp_path)
    add_contact(app, "alpha", "Ada")
    persister(app).flush()

    app.test_client().post("/__admin/reset", headers=ns("alpha"))
    persister(app).flush()

    assert "Ada" not in contact_names(app_on(tmp_path), "alpha")


def test_eviction__removes_the_evicted_namespace_file(tmp_path: Path) -> None:
    app = app_on(tmp_path, max_namespaces=3)
    add_contact(app, "alpha", "Ada")
    add_contact(app, "beta", "Bob")
    persister(app).flush()

    add_contact(app, "gamma", "Cy")  # evicts alpha, the least recently used
    persister(app).flush()

    assert sorted(p.name for p in tmp_path.iterdir()) == ["beta.json", "gamma.json"]


def test_debounced_save__happens_within_the_interval(tmp_path: Path) -> None:
    app = create_app(Config(rate_limits=False, state_dir=tmp_path, state_save_interval=0.05))
    add_contact(app, "alpha", "Ada")
    saved = threading.Event()

    def poll() -> None:
        for _ in range(100):
            if (tmp_path / "alpha.json").exists():
                saved.set()
                return
            threading.Event().wait(0.02)

    poll()
    persister(app).close()
    assert saved.is_set()


@pytest.mark.parametrize(("content", "reason"), [
    ("{not json", "is not JSON"),
    ("[1, 2]", "is not a state export"),
    ('{"format": "ccsim-state/0", "vendors": {}}', "is not a usable state export"),
    ("", "is not JSON"),
])
def test_bad_file__stops_the_start_naming_it(tmp_path: Path, content: str, reason: str) -> None:
    app = app_on(tmp_path)
    add_contact(app, "alpha", "Ada")
    persister(app).flush()
    (tmp_path / "broken.json").write_text(content)

    with pytest.raises(StateFileError, match=f"{tmp_path / 'broken.json'}.*{reason}|{reason}"):
        app_on(tmp_path)


def test_bad_clock__stops_the_start_naming_the_file(tmp_path: Path) -> None:
    app = app_on(tmp_path)
    add_contact(app, "alpha", "Ada")
    persister(app).flush()
    saved = json.loads((tmp_path / "alpha.json").read_text())
    (tmp_path / "alpha.json").write_text(json.dumps({**saved, CLOCK_KEY: {"frozen_at": "yesterday"}}))

    with pytest.raises(StateFileError, match=r"alpha\.json"):
        app_on(tmp_path)


def test_bad_file_name__is_refused(tmp_path: Path) -> None:
    (tmp_path / "no spaces.json").write_text("{}")

    with pytest.raises(StateFileError, match="not a namespace name"):
        app_on(tmp_path)


def test_skip_bad__restores_the_others_and_warns(tmp_path: Path) -> None:
    app = app_on(tmp_path)
    add_contact(app, "alpha", "Ada")
    persister(app).flush()
    (tmp_path / "broken.json").write_text("{not json")
    warnings: list[str] = []

    registry = NamespaceRegistry(Config(), STATE_MODULES, Clock())
    start(registry, Config(state_dir=tmp_path, state_dir_skip_bad=True), warn=warnings.append)

    assert registry.names() == ["alpha", "default"]
    assert len(warnings) == 1 and "broken.json" in warnings[0] and "skipped" in warnings[0]


def test_state_dir__that_is_a_file_or_unwritable_is_refused(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    with pytest.raises(StateFileError, match="it is a file"):
        app_on(tmp_path / "file")
    if os.geteuid() != 0:  # root writes anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        with pytest.raises(StateFileError, match="cannot keep state"):
            app_on(locked)


def test_state_file__starts_default_from_a_fixtures_export(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["fixtures", "generate", "--out", str(tmp_path / "world"), "--seed", "7",
                                       "--state"])
    assert result.exit_code == 0, result.output

    app = create_app(Config(rate_limits=False, state_file=tmp_path / "world" / "state.json"))

    state = export(app, "default")
    assert state["seed"] == 7
    assert state["vendors"] == json.loads((tmp_path / "world" / "state.json").read_text())["vendors"]
    assert export(app, "other")["seed"] != 7  # only default starts from it


def test_state_file__gives_way_to_a_saved_default(tmp_path: Path) -> None:
    app = app_on(tmp_path / "saved")
    add_contact(app, "default", "Ada")
    persister(app).flush()
    export_file = tmp_path / "export.json"
    export_file.write_text(json.dumps(export(app_on(None), "default")))

    again = create_app(Config(rate_limits=False, state_dir=tmp_path / "saved", state_file=export_file))

    assert "Ada" in contact_names(again, "default")


def test_state_file__missing_or_bad_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StateFileError, match="no such file"):
        create_app(Config(state_file=tmp_path / "none.json"))
    (tmp_path / "bad.json").write_text('{"format": "other"}')
    with pytest.raises(StateFileError, match=r"bad\.json"):
        create_app(Config(state_file=tmp_path / "bad.json"))


def test_write_atomically__keeps_the_old_file_when_the_write_fails(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "alpha.json"
    target.write_text('{"old": true}')

    def broken(*_: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError, match="No space"):
        write_atomically(target, '{"new": true}')

    assert target.read_text() == '{"old": true}'
    assert [p.name for p in tmp_path.iterdir()] == ["alpha.json"]


def test_concurrent_writes__every_saved_file_restores_and_the_last_save_has_them_all(tmp_path: Path) -> None:
    app = app_on(tmp_path)
    saver = persister(app)
    names = [f"Writer{worker}x{index}" for worker in range(4) for index in range(15)]
    failures: list[BaseException] = []
    done = threading.Event()

    def write(worker: int) -> None:
        try:
            for index in range(15):
                add_contact(app, "busy", f"Writer{worker}x{index}")
        except BaseException as exc:  # reported below
            failures.append(exc)

    def save_and_check() -> None:
        while not done.is_set():
            saver.mark("busy")
            saver.flush()
            if (tmp_path / "busy.json").exists():
                data = json.loads((tmp_path / "busy.json").read_text())  # never half a file
                assert data["format"] == "ccsim-state/1"

    writers = [threading.Thread(target=write, args=(worker,)) for worker in range(4)]
    checker = threading.Thread(target=save_and_check)
    checker.start()
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join()
    done.set()
    checker.join()
    saver.flush()

    assert not failures
    assert set(names) <= contact_names(app_on(tmp_path), "busy")


def test_fixtures_state__only_when_asked_and_only_for_the_whole_world(tmp_path: Path) -> None:
    plain = CliRunner().invoke(main, ["fixtures", "generate", "--out", str(tmp_path / "plain")])
    partial = CliRunner().invoke(main, ["fixtures", "generate", "--out", str(tmp_path / "robin"), "--vendor", "robin",
                                        "--state"])

    assert plain.exit_code == 0 and not (tmp_path / "plain" / "state.json").exists()
    assert partial.exit_code == 2 and "--vendor all" in partial.output


def test_files_it_does_not_own__are_never_removed(tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text('{"name": "not ccsim"}')
    (tmp_path / "broken.json").write_text("{not json")
    registry = NamespaceRegistry(Config(), STATE_MODULES, Clock())
    saver = start(registry, Config(state_dir=tmp_path, state_dir_skip_bad=True), warn=lambda _: None)
    assert saver is not None

    saver.mark("package")  # e.g. a refused request with that namespace's header
    saver.mark_all()  # a reset of every namespace
    saver.flush()

    assert (tmp_path / "package.json").read_text() == '{"name": "not ccsim"}'
    assert (tmp_path / "broken.json").read_text() == "{not json"


def test_a_file_it_wrote__goes_with_its_namespace(tmp_path: Path) -> None:
    app = app_on(tmp_path)
    add_contact(app, "alpha", "Ada")
    persister(app).flush()
    again = app_on(tmp_path)  # restored from it: owned too

    again.test_client().delete("/__admin/namespaces/alpha")
    persister(again).flush()

    assert not (tmp_path / "alpha.json").exists()


def test_failed_save__is_tried_again(tmp_path: Path) -> None:
    folder = tmp_path / "state"
    app = app_on(folder)
    add_contact(app, "alpha", "Ada")
    folder.rename(tmp_path / "gone")  # the folder disappears under the server

    with pytest.raises(OSError):
        persister(app).flush()
    folder.mkdir()
    assert persister(app).flush() == ["alpha"]
    assert (folder / "alpha.json").exists()


def test_clock__a_namespace_following_a_frozen_server_clock_is_saved_frozen(tmp_path: Path) -> None:
    app = create_app(Config(rate_limits=False, state_dir=tmp_path, state_save_interval=3600))
    client = app.test_client()
    client.put("/__admin/clock?all=true", json={"now": "2030-01-01T00:00:00Z"})
    add_contact(app, "alpha", "Ada")
    persister(app).flush()

    again = create_app(Config(rate_limits=False, state_dir=tmp_path))

    shown = again.test_client().get("/__admin/clock", headers=ns("alpha")).get_json()
    assert (shown["now"], shown["frozen"]) == ("2030-01-01T00:00:00+00:00", True)


def test_clock__a_running_offset_survives_with_the_server_clock_offset_in_it(tmp_path: Path) -> None:
    app = create_app(Config(rate_limits=False, state_dir=tmp_path, state_save_interval=3600))
    client = app.test_client()
    client.post("/__admin/clock/advance?all=true", json={"seconds": 86400})
    client.post("/__admin/clock/advance", json={"seconds": 3600}, headers=ns("alpha"))
    add_contact(app, "alpha", "Ada")
    persister(app).flush()

    again = create_app(Config(rate_limits=False, state_dir=tmp_path))

    shown = again.test_client().get("/__admin/clock", headers=ns("alpha")).get_json()
    ahead = datetime.fromisoformat(shown["now"]) - datetime.now(UTC)
    assert not shown["frozen"]
    assert timedelta(hours=24, minutes=59) < ahead < timedelta(hours=25, minutes=1)


@pytest.mark.parametrize("clock", [
    {"frozen_at": "garbage"}, {"frozen_at": "9999-01-01T00:00:00Z"}, {"frozen_at": 5}, "later",
    {"offset_seconds": 1e300}, {"offset_seconds": -1e11}, {"offset_seconds": 2.5e11}, {"following": "yes"},
])
def test_bad_clock__is_refused_and_skipping_installs_nothing(tmp_path: Path, clock: Any) -> None:
    app = app_on(tmp_path)
    add_contact(app, "alpha", "Ada")
    persister(app).flush()
    saved = json.loads((tmp_path / "alpha.json").read_text())
    (tmp_path / "alpha.json").write_text(json.dumps({**saved, CLOCK_KEY: clock}))

    with pytest.raises(StateFileError, match=r"alpha\.json"):
        app_on(tmp_path)
    registry = NamespaceRegistry(Config(), STATE_MODULES, Clock())
    start(registry, Config(state_dir=tmp_path, state_dir_skip_bad=True), warn=lambda _: None)
    assert registry.names() == ["default"]


def test_odd_entries__a_fifo_or_a_folder_named_json_are_refused_not_waited_on(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.json")
    with pytest.raises(StateFileError, match="not a regular file"):
        app_on(tmp_path)
    (tmp_path / "pipe.json").unlink()
    (tmp_path / "folder.json").mkdir()
    with pytest.raises(StateFileError, match="it is a folder"):
        app_on(tmp_path)
    with pytest.raises(StateFileError, match="it is a folder"):
        create_app(Config(state_file=tmp_path / "folder.json"))


def test_a_file_it_does_not_own__is_never_written_over(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "package.json").write_text('{"name": "not ccsim"}')
    app = create_app(Config(rate_limits=False, state_dir=tmp_path, state_dir_skip_bad=True, state_save_interval=3600))

    add_contact(app, "package", "Ada")
    persister(app).flush()
    add_contact(app, "package", "Bob")
    persister(app).flush()

    assert (tmp_path / "package.json").read_text() == '{"name": "not ccsim"}'
    warnings = [r.getMessage() for r in caplog.records if "is not saved" in r.getMessage()]
    assert len(warnings) == 1 and "package.json" in warnings[0]


@pytest.mark.parametrize("all_", ["true", "t", "1", "yes", "On"])
def test_clock_all__saves_every_namespace_however_the_query_says_yes(tmp_path: Path, all_: str) -> None:
    app = app_on(tmp_path)
    add_contact(app, "alpha", "Ada")
    persister(app).flush()

    app.test_client().put(f"/__admin/clock?all={all_}", json={"now": "2031-02-03T04:05:06Z"})
    persister(app).flush()

    shown = app_on(tmp_path).test_client().get("/__admin/clock", headers=ns("alpha")).get_json()
    assert (shown["now"], shown["frozen"]) == ("2031-02-03T04:05:06+00:00", True)
