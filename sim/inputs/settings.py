"""Settings that differ between installations (database URL, Dask scheduler address).

Each setting is read from the environment variable ``KAPACITET_<NAME>`` first, then from
``kapacitet.toml`` in the project root (or the file ``KAPACITET_SETTINGS`` names), table
``[kapacitet]``, then the default. ``kapacitet.example.toml`` shows the keys.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from sim.inputs.scenario import PROJECT_ROOT
from sim.text.catalogue import Phrase

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


DEFAULTS = {
    "run_retention_days": 180,  # runs older than this are deleted (restorable for 30 days)
    "sweep_cache_mb": 200,  # the sweep cache in var/cache/sweep, least recently used out
    "day_cache_mb": 256,  # simulated days kept for reuse, in each process and in var/cache/days
    # the runs of one server (ui/runs.py): memory for finished runs kept in memory, and
    # per user: runs and sensitivity analyses at once, replications in one run
    "run_memory_mb": 256,
    "max_runs_per_user": 4,
    "max_sweeps_per_user": 1,
    "max_replications": 100,
    # a server renews a heartbeat on its runs this often; a run left 'running' by a
    # stopped server, or whose heartbeat is older than run_stale_seconds, is "afbrudt"
    "run_heartbeat_seconds": 30,
    "run_stale_seconds": 300,
}


class SettingError(ValueError):
    """A setting that cannot be used; :meth:`message` says which and why, in Danish or
    English (the words are in the catalogue)."""

    def __init__(self, name: str, value: str):
        self.phrase = Phrase(
            "settings.not_whole", name=name, variable=f"KAPACITET_{name.upper()}", value=value
        )
        super().__init__(self.phrase.text("en"))

    def message(self, lang: str = "da") -> str:
        return self.phrase.text(lang)


def whole_setting(name: str) -> int:
    """A whole-number setting (a key of :data:`DEFAULTS`), 0 or more.

    Raises
    ------
    SettingError
        The value is not a whole number of 0 or more (the message names the setting).
    """
    value = setting(name)
    if value is None:
        return DEFAULTS[name]
    try:
        number = int(value.strip())
    except ValueError:
        number = -1
    if number < 0:
        raise SettingError(name, value)
    return number


def check_settings() -> None:
    """Read every whole-number setting once: a bad one is a :class:`SettingError` before
    any work starts (the app and the command line say it and stop)."""
    for name in DEFAULTS:
        whole_setting(name)
