"""Files read at run time: shipped inside the package, and a missing one fails loudly at start."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import simulator
from simulator.app import create_app
from simulator.cli import main
from simulator.config import CANONICAL_DIR, Config
from simulator.core.resources import (
    CANONICAL_NAMES,
    MissingResource,
    load_canonical,
    require_resources,
    resource_problems,
)

PACKAGE = Path(simulator.__file__).resolve().parent


def partial_copy(tmp_path: Path, without: str) -> Path:
    folder = tmp_path / "canonical"
    folder.mkdir()
    for name in CANONICAL_NAMES:
        if name != without:
            shutil.copy(CANONICAL_DIR / f"{name}.json", folder / f"{name}.json")
    return folder


def test_canonical_records__live_inside_the_package() -> None:
    assert CANONICAL_DIR.parent == PACKAGE
    assert Config().fixtures_dir == CANONICAL_DIR
    assert resource_problems(CANONICAL_DIR) == []


def test_canonical_records__are_package_data_in_the_distribution() -> None:
    setup = (PACKAGE.parent / "setup.cfg").read_text(encoding="utf-8")
    assert "canonical/*.json" in setup


def test_load_canonical__absent_file_is_an_error_not_an_empty_world(tmp_path: Path) -> None:
    with pytest.raises(MissingResource, match=r"missing in .*: people\.json"):
        load_canonical(tmp_path, "people")


def test_load_canonical__unreadable_json_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "robin.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(MissingResource, match="cannot be read"):
        load_canonical(tmp_path, "robin")


@pytest.mark.parametrize("absent", CANONICAL_NAMES)
def test_require_resources__names_the_missing_file(tmp_path: Path, absent: str) -> None:
    folder = partial_copy(tmp_path, absent)
    with pytest.raises(MissingResource) as caught:
        require_resources(folder)
    assert f"{absent}.json" in str(caught.value)
    assert "SIMULATOR_FIXTURES_DIR" in str(caught.value)


def test_create_app__refuses_to_start_without_the_records(tmp_path: Path) -> None:
    with pytest.raises(MissingResource):
        create_app(Config(fixtures_dir=partial_copy(tmp_path, "sinch_cmi")))


def test_swagger_ui_assets__the_missing_ones_are_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import simulator.core.resources as resources

    monkeypatch.setattr(resources, "SWAGGER_UI_DIR", tmp_path)
    (problem,) = resource_problems(CANONICAL_DIR)
    assert all(asset in problem for asset in resources.SWAGGER_UI_ASSETS)
    with pytest.raises(MissingResource, match="reinstall swagger-ui-bundle"):
        require_resources(CANONICAL_DIR)


def test_require_resources__a_folder_without_records_is_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(MissingResource) as caught:
        require_resources(tmp_path / "nonexistent")
    message = str(caught.value)
    assert message.count("missing in") == 1 and message.count("SIMULATOR_FIXTURES_DIR") == 1
    assert all(f"{name}.json" in message for name in CANONICAL_NAMES)


@pytest.mark.parametrize("content", ["{", "[]", "\xff\xfe"])
def test_require_resources__malformed_records_stop_the_start(tmp_path: Path, content: str) -> None:
    folder = partial_copy(tmp_path, "people")
    (folder / "people.json").write_bytes(content.encode("latin-1"))
    with pytest.raises(MissingResource, match=r"people\.json (cannot be read|must hold a JSON object)"):
        require_resources(folder)
    result = CliRunner().invoke(main, ["serve", "--port", "8999"], env={"SIMULATOR_FIXTURES_DIR": str(folder)})
    assert result.exit_code == 1 and "people.json" in result.output and "ROBIN API" not in result.output


def test_serve__missing_records_is_one_line_before_any_banner(tmp_path: Path) -> None:
    folder = partial_copy(tmp_path, "robin")
    result = CliRunner().invoke(main, ["serve", "--port", "8999"], env={"SIMULATOR_FIXTURES_DIR": str(folder)})
    assert result.exit_code == 1
    assert "missing in" in result.output and "robin.json" in result.output
    assert "Traceback" not in result.output and "ROBIN API" not in result.output


def test_fixtures_generate__missing_records_is_one_line(tmp_path: Path) -> None:
    folder = partial_copy(tmp_path, "people")
    result = CliRunner().invoke(main, ["fixtures", "generate", "--out", str(tmp_path / "out")],
                                env={"SIMULATOR_FIXTURES_DIR": str(folder)})
    assert result.exit_code == 1
    assert result.output.splitlines()[-1].startswith("Error: canonical records missing in")
    assert "people.json" in result.output and "Traceback" not in result.output


def test_openapi_write__defaults_to_the_working_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["openapi", "write"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "openapi" / "robin.json").is_file()
    check = CliRunner().invoke(main, ["openapi", "check"])
    assert check.exit_code == 0 and "up to date" in check.output
