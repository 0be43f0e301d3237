"""Config.from_env: SIMULATOR_* variables override the defaults; bad values name the variable."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from simulator.config import DEFAULT_SEED, Config, parse_switch


def test_from_env__empty_environment_gives_defaults() -> None:
    config = Config.from_env({})

    assert config == Config()
    assert config.seed == DEFAULT_SEED
    assert config.rate_limits is True


def test_from_env__reads_seed() -> None:
    assert Config.from_env({"SIMULATOR_SEED": "7"}).seed == 7


@pytest.mark.parametrize("value", ["off", "OFF", "false", "0", "no", " Off "])
def test_from_env__rate_limits_switched_off(value: str) -> None:
    assert Config.from_env({"SIMULATOR_RATE_LIMITS": value}).rate_limits is False


@pytest.mark.parametrize("value", ["on", "true", "1", "yes"])
def test_from_env__rate_limits_switched_on(value: str) -> None:
    assert Config.from_env({"SIMULATOR_RATE_LIMITS": value}).rate_limits is True


def test_from_env__reads_every_kind_of_value() -> None:
    config = Config.from_env(
        {
            "SIMULATOR_OUTBOUND_TIMEOUT": "0.25",
            "SIMULATOR_EPOCH": "2030-01-01T00:00:00Z",
            "SIMULATOR_FIXTURES_DIR": "/tmp/fixtures",
            "SIMULATOR_HOST": "0.0.0.0",
            "SIMULATOR_JOURNAL_SIZE": "5",
            "SIMULATOR_ROBIN_API_KEY": "my-key",
        }
    )

    assert config.outbound_timeout == 0.25
    assert config.epoch == datetime(2030, 1, 1, tzinfo=UTC)
    assert config.fixtures_dir == Path("/tmp/fixtures")
    assert config.host == "0.0.0.0"
    assert config.journal_size == 5
    assert config.robin_api_key == "my-key"


def test_from_env__naive_epoch_is_utc() -> None:
    assert Config.from_env({"SIMULATOR_EPOCH": "2030-01-01"}).epoch == datetime(
        2030, 1, 1, tzinfo=UTC
    )


def test_from_env__overrides_win_and_none_is_ignored() -> None:
    config = Config.from_env({"SIMULATOR_SEED": "7"}, seed=9, port=None)

    assert config.seed == 9
    assert config.port == Config().port


def test_from_env__unrelated_variables_are_ignored() -> None:
    assert Config.from_env({"SEED": "1", "SIMULATOR_UNKNOWN": "x"}) == Config()


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SIMULATOR_SEED", "seven"),
        ("SIMULATOR_RATE_LIMITS", "sometimes"),
        ("SIMULATOR_PORT", "80.5"),
        ("SIMULATOR_OUTBOUND_TIMEOUT", "fast"),
        ("SIMULATOR_EPOCH", "yesterday"),
    ],
)
def test_from_env__invalid_value_raises_value_error_naming_the_variable(
    name: str, value: str
) -> None:
    with pytest.raises(ValueError, match=name) as raised:
        Config.from_env({name: value})

    assert repr(value) in str(raised.value)


def test_with_overrides__replaces_given_values_only() -> None:
    config = Config(seed=1).with_overrides(seed=2, people=None)

    assert config.seed == 2
    assert config.people == Config().people


def test_parse_switch__rejects_anything_else() -> None:
    with pytest.raises(ValueError, match="on/off"):
        parse_switch("maybe")


@pytest.mark.parametrize("name", ["SIMULATOR_MAX_NAMESPACES", "SIMULATOR_BODY_TIMEOUT", "SIMULATOR_MAX_STATE_BYTES",
                                  "SIMULATOR_JOURNAL_BODY_BYTES", "SIMULATOR_OUTBOUND_QUEUE_SIZE"])
@pytest.mark.parametrize("value", ["0", "-1"])
def test_from_env__limits_must_be_above_zero(name: str, value: str) -> None:
    with pytest.raises(ValueError, match=f"{name}={value}(\\.0)?: expected a finite number above 0"):
        Config.from_env({name: value})


def test_from_env__reads_the_hardening_limits() -> None:
    config = Config.from_env({"SIMULATOR_MAX_NAMESPACES": "7", "SIMULATOR_BODY_TIMEOUT": "2.5",
                              "SIMULATOR_MAX_STATE_BYTES": "5000000", "SIMULATOR_JOURNAL_BODY_BYTES": "512"})

    assert (config.max_namespaces, config.body_timeout, config.max_state_bytes, config.journal_body_bytes) == (
        7, 2.5, 5_000_000, 512)


def test_from_env__one_namespace_is_not_enough() -> None:
    with pytest.raises(ValueError, match="SIMULATOR_MAX_NAMESPACES=1: expected 2 or more"):
        Config.from_env({"SIMULATOR_MAX_NAMESPACES": "1"})


@pytest.mark.parametrize("name", ["SIMULATOR_OUTBOUND_TIMEOUT", "SIMULATOR_BODY_TIMEOUT"])
@pytest.mark.parametrize("value", ["inf", "1e400", "nan"])
def test_from_env__timeouts_must_be_finite(name: str, value: str) -> None:
    with pytest.raises(ValueError, match=f"{name}=.*: expected a finite number above 0"):
        Config.from_env({name: value})
