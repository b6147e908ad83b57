"""Saved scenarios, runs and premises option sets, in SQLite or PostgreSQL.

    from store import open_store
    from store.access import Actor

    store = open_store()  # KAPACITET_DATABASE_URL, kapacitet.toml or var/kapacitet.sqlite
    info = store.save_scenario(scenario, actor=Actor("ida", "Ida", "planner"))  # NameTaken if taken
    assert store.load_scenario(info.name) == scenario

Imports run one way: ``store`` uses ``sim``; ``sim`` never uses ``store``, and ``store``
never uses Streamlit. Errors meant for the user carry Danish and English messages
(:class:`StoreError`).
"""

from store.api import Store, open_store
from store.core import database_url
from store.errors import Conflict, NameTaken, NotFound, StoreError, StoreUnavailable
from store.frames import frame_from_json, frame_to_json
from store.option_sets import OptionSetInfo
from store.runs import RunInfo, depends_hash, run_staleness
from store.scenarios import ScenarioInfo

__all__ = [
    "Conflict",
    "NameTaken",
    "NotFound",
    "OptionSetInfo",
    "RunInfo",
    "ScenarioInfo",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "database_url",
    "depends_hash",
    "frame_from_json",
    "frame_to_json",
    "open_store",
    "run_staleness",
]
