"""The import contracts of .importlinter name every module they are meant to cover."""

from __future__ import annotations

import configparser
import re
from pathlib import Path

import simulator

CONTRACTS = Path(__file__).resolve().parent.parent / ".importlinter"
PACKAGE = Path(simulator.__file__).resolve().parent


def _contract(name: str) -> configparser.SectionProxy:
    parser = configparser.ConfigParser()
    parser.read(CONTRACTS, encoding="utf-8")
    return parser[f"importlinter:contract:{name}"]


def _names(layer: str) -> set[str]:
    return set(re.findall(r"\(?([a-z_]+)\)?", layer))


def test_store_base_leaf__names_every_module_of_every_store() -> None:
    """A store module the contract does not name would be free to be imported by its store's base."""
    contract = _contract("store-base-leaf")
    containers = contract["containers"].split()
    resources, base, helpers = (_names(layer) for layer in contract["layers"].strip().splitlines())
    assert base == {"base"}
    for container in containers:
        folder = PACKAGE.joinpath(*container.split(".")[1:])
        modules = {path.stem for path in folder.glob("*.py")} - {"__init__"}
        unnamed = modules - resources - base - helpers
        assert not unnamed, f"{container}: add {sorted(unnamed)} to the store-base-leaf contract"


def test_vendor_contracts__cover_every_vendor_package() -> None:
    """A new vendor package must be in every contract that keeps vendors apart and layered."""
    vendors = sorted(path.name for path in PACKAGE.iterdir()
                     if path.is_dir() and (path / "module.py").is_file())
    assert {"chatwoot", "robin", "sinch_cmi"} <= set(vendors)
    independent = _contract("vendors-independent")["modules"].split()
    layered = _contract("vendor-layers")["containers"].split()
    forbidden = _contract("core-knows-no-vendor")["forbidden_modules"].split()
    for vendor in vendors:
        assert f"simulator.{vendor}" in independent
        assert f"simulator.{vendor}" in layered
        assert f"simulator.{vendor}" in forbidden
