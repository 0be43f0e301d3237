"""Enables pytest's `pytester` fixture for the plugin tests, wherever pytest starts from.

`pytest_plugins = ["pytester"]` here would break `pytest tests`: pytest refuses `pytest_plugins` in a
conftest below the rootdir once collection has begun. Registering the plugin from `pytest_configure`
works both ways: its options get their defaults and its fixtures are collected.
"""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    if not config.pluginmanager.has_plugin("pytester"):
        config.pluginmanager.import_plugin("pytester")
