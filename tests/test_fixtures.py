"""`ccsim fixtures generate`: files per vendor and entity, byte-identical for the same seed."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any, get_origin, get_type_hints

from click.testing import CliRunner

from simulator.chatwoot.models import ChatwootState
from simulator.cli import main
from simulator.config import Config
from simulator.core.storage import Namespace
from simulator.fixtures import VENDORS
from simulator.robin.models import RobinState, Tenant, Webshop
from simulator.sinch_cmi.models import CmiState


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


def _records(root: Path, name: str) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = json.loads((root / f"{name}.json").read_text(encoding="utf-8"))
    return records


# State collections that are counters, not entities, and files named otherwise than their collection.
BOOKKEEPING = {"display_ids", "sequences"}
RENAMED = {"custom_attributes": "custom_attribute_definitions", "recordings": "call_recordings",
           "consents": "customer_consents"}


def _collections(cls: type) -> list[str]:
    """The dict and list fields of a state dataclass: its tables of records."""
    hints = get_type_hints(cls)
    return [f.name for f in dataclasses.fields(cls)
            if get_origin(hints[f.name]) in (dict, list) and f.name not in BOOKKEEPING]


def _expected_tables(namespace: Namespace) -> dict[str, int]:
    """Every seeded table as `<vendor>/<file>` with its number of records, derived from the state classes."""
    expected = {"people": len(namespace.pool.people), "agents": len(namespace.pool.agents)}
    for vendor, cls in (("chatwoot", ChatwootState), ("sinch_cmi", CmiState)):
        state = namespace.state(vendor)
        for name in _collections(cls):
            expected[f"{vendor}/{RENAMED.get(name, name)}"] = len(getattr(state, name))
    robin: RobinState = namespace.state("robin")
    for name in _collections(Tenant):
        expected[f"robin/{name}"] = sum(len(getattr(tenant, name)) for tenant in robin.tenants.values())
    for name in _collections(Webshop):
        expected[f"robin/webshop_{name}"] = len(getattr(robin.webshop, name))
    assert set(_collections(RobinState)) == {"tenants"}, "a new ROBIN table beside tenants: list it above"
    return expected


def test_fixtures_generate__writes_every_seeded_table_of_every_vendor(tmp_path: Path) -> None:
    _generate(tmp_path, "--seed", "7")
    namespace = Namespace.seeded("fixtures", 7, Config(seed=7), list(VENDORS.values()))

    expected = _expected_tables(namespace)

    written = {str(p.relative_to(tmp_path).with_suffix("")) for p in tmp_path.rglob("*.json")}
    assert set(expected) <= written, f"seeded but not written: {sorted(set(expected) - written)}"
    counts = {name: len(_records(tmp_path, name)) for name in expected}
    assert counts == expected
    for kind in ("portals", "categories", "articles", "reporting_events", "platform_apps"):
        assert expected[f"chatwoot/{kind}"] > 0, kind  # seeded, so the comparison above covers them


def test_fixtures_generate__writes_no_credentials(tmp_path: Path) -> None:
    _generate(tmp_path)
    config = Config()
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(tmp_path.rglob("*.json")))
    for secret in (config.chatwoot_admin_token, config.chatwoot_agent_token, config.chatwoot_bot_token,
                   config.chatwoot_platform_token, config.robin_api_secret, config.robin_webshop_secret,
                   config.sinch_cmi_password):
        assert secret not in text
    for key in ("access_token", "pubsub_token", "hmac_token", "password", "api_secret"):
        assert f'"{key}"' not in text


CHATWOOT_GROWING = ("contacts", "conversations", "messages", "reporting_events", "contact_inboxes")


def _chatwoot_counts(root: Path) -> dict[str, int]:
    return {name: len(_records(root / "chatwoot", name)) for name in CHATWOOT_GROWING}


def test_fixtures_generate__scale_one_is_the_seeded_world_as_it_was(tmp_path: Path) -> None:
    _generate(tmp_path / "default")
    _generate(tmp_path / "one", "--scale", "1")
    assert _files(tmp_path / "default") == _files(tmp_path / "one")

    chatwoot = tmp_path / "one" / "chatwoot"
    assert _chatwoot_counts(tmp_path / "one") == {"contacts": 33, "conversations": 36, "messages": 89,
                                                  "reporting_events": 50, "contact_inboxes": 35}
    contacts = _records(chatwoot, "contacts")
    assert [c["name"] for c in contacts[30:]] == ["quiet-river-5261", "bold-meadow-8810", "misty-harbor-0412"]
    conversations = _records(chatwoot, "conversations")
    assert [(c["id"], c["display_id"]) for c in conversations[:2]] == [(101, 1), (102, 2)]
    assert conversations[-1]["display_id"] == 36


def test_fixtures_generate__chatwoot_grows_with_scale(tmp_path: Path) -> None:
    _generate(tmp_path / "one", "--seed", "5", "--vendor", "chatwoot")
    _generate(tmp_path / "two", "--seed", "5", "--vendor", "chatwoot", "--scale", "2")
    one, two = _chatwoot_counts(tmp_path / "one"), _chatwoot_counts(tmp_path / "two")

    assert two["contacts"] == 2 * one["contacts"]
    assert two["conversations"] == 2 * one["conversations"]
    for name in ("messages", "reporting_events", "contact_inboxes"):
        assert two[name] > 1.5 * one[name], name
    conversations = _records(tmp_path / "two" / "chatwoot", "conversations")
    assert {c["contact_id"] for c in conversations} <= {c["id"] for c in _records(tmp_path / "two" / "chatwoot",
                                                                                   "contacts")}
    assert len({c["uuid"] for c in conversations}) == len(conversations)


def test_fixtures_generate__same_seed_and_scale_give_identical_files(tmp_path: Path) -> None:
    _generate(tmp_path / "a", "--seed", "11", "--scale", "2")
    _generate(tmp_path / "b", "--seed", "11", "--scale", "2")
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
