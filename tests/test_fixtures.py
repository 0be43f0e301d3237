"""`ccsim fixtures generate`: files per vendor and entity, byte-identical for the same seed."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from simulator.cli import main


def _generate(out: Path, *args: str) -> None:
    result = CliRunner().invoke(main, ["fixtures", "generate", "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.json"))}


def test_fixtures_generate__same_seed_gives_identical_files(tmp_path: Path) -> None:
    _generate(tmp_path / "a", "--seed", "7")
    _generate(tmp_path / "b", "--seed", "7")
    first, second = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert first == second
    assert {"people.json", "agents.json", "robin/customers.json", "robin/conversations.json",
            "robin/orders.json", "robin/webshop_orders.json"} <= set(first)


def test_fixtures_generate__other_seed_gives_other_world(tmp_path: Path) -> None:
    _generate(tmp_path / "a", "--seed", "7")
    _generate(tmp_path / "b", "--seed", "8")
    assert _files(tmp_path / "a")["people.json"] != _files(tmp_path / "b")["people.json"]


def test_fixtures_generate__canonical_records_come_first(tmp_path: Path) -> None:
    _generate(tmp_path, "--vendor", "robin")
    people = json.loads((tmp_path / "people.json").read_text())
    assert people[0]["email"] == "email@address.com"
    conversations = json.loads((tmp_path / "robin" / "conversations.json").read_text())
    assert "400a5018-0bee-44a4-fe5e-14d431134de5" in {c["guid"] for c in conversations}
    customers = json.loads((tmp_path / "robin" / "customers.json").read_text())
    assert {c["tenant"] for c in customers} == {"demo-robin-key"}


def test_fixtures_generate__scale_multiplies_people(tmp_path: Path) -> None:
    _generate(tmp_path / "one", "--seed", "3")
    _generate(tmp_path / "three", "--seed", "3", "--scale", "3")
    one = json.loads((tmp_path / "one" / "people.json").read_text())
    three = json.loads((tmp_path / "three" / "people.json").read_text())
    canonical = sum(1 for p in one if p["id"] <= "P00005")
    assert len(three) - canonical == 3 * (len(one) - canonical)
    conversations = json.loads((tmp_path / "three" / "robin" / "conversations.json").read_text())
    assert len(conversations) > len(json.loads((tmp_path / "one" / "robin" / "conversations.json").read_text()))


def test_fixtures_generate__rejects_unknown_vendor(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["fixtures", "generate", "--out", str(tmp_path), "--vendor", "nope"])
    assert result.exit_code == 2
    assert "Invalid value for '--vendor'" in result.output


def test_fixtures_generate__covers_sinch_cmi_without_passwords(tmp_path: Path) -> None:
    _generate(tmp_path, "--vendor", "sinch_cmi")
    files = _files(tmp_path)
    expected = {"contacts", "emails", "chats", "call_recordings", "script_results", "callbacks", "messages",
                "customer_consents", "contact_data", "remarks", "users", "queues"}
    assert {f"sinch_cmi/{name}.json" for name in expected} <= set(files)
    assert not any(name.startswith("robin/") for name in files)
    users = json.loads(files["sinch_cmi/users.json"])
    assert users and all("password" not in user for user in users)
    contacts = {c["id"] for c in json.loads(files["sinch_cmi/contacts.json"])}
    assert {e["id"] for e in json.loads(files["sinch_cmi/emails.json"])} <= contacts
