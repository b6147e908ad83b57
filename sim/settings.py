"""Settings that differ between installations (database URL, Dask scheduler address).

Each setting is read from the environment variable ``KAPACITET_<NAME>`` first, then from
``kapacitet.toml`` in the project root (or the file ``KAPACITET_SETTINGS`` names), table
``[kapacitet]``, then the default. ``kapacitet.example.toml`` shows the keys.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from sim.scenario import PROJECT_ROOT

SETTINGS_FILE = PROJECT_ROOT / "kapacitet.toml"


def _file_settings() -> dict:
    path = Path(os.environ.get("KAPACITET_SETTINGS", SETTINGS_FILE))
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        return tomllib.load(handle).get("kapacitet", {})


def setting(name: str, default: str | None = None) -> str | None:
    """The value of setting ``name`` (e.g. ``database_url``), or ``default``."""
    value = os.environ.get(f"KAPACITET_{name.upper()}")
    if value:
        return value
    value = _file_settings().get(name)
    return str(value) if value not in (None, "") else default


def number_setting(name: str, default: float) -> float:
    """A numeric setting (``default`` when unset or not a number)."""
    value = setting(name)
    try:
        return float(value) if value is not None else default
    except ValueError:
        return default
