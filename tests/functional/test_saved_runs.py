"""Saved runs: a run stored with its result tables is reproduced exactly by running its
stored scenario again, and the app's background runs are recorded in the store."""

from __future__ import annotations

import pandas as pd
import pytest

from sim.analysis.compare import run_tables
from sim.inputs.scenario import load_scenario
from sim.run.experiment import run_experiment
from store import open_store, run_staleness
from tests.conftest import BASELINE

SHORT = {
    "start": "2026-06-01",
    "end": "2026-06-30",
    "flyt1": "2026-06-01",
    "flyt2": "2026-06-20",
    "physical_merge": "2026-06-25",
}
MOVE = {
    "team": "SOF-HP-NOR-BIS",
    "premises": "SUF-P-03",
    "start": "2026-06-10",
    "end": "2026-06-30",
}


def short(name: str, **changes):
    changes = {"calendar": SHORT, "replications": 2, **changes}
    return load_scenario(BASELINE).with_overrides(name=name, **changes)


def save_run(store, scenario) -> int:
    """Run ``scenario`` and store it as the app does: start, then the tables at the end."""
    experiment = run_experiment(scenario, workers=1)
    seeds = [r.seed for r in experiment.replications]
    run_id = store.start_run(scenario, experiment.data_hash, seeds=seeds)
    store.finish_run(run_id, run_tables(experiment))
    return run_id


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return open_store(f"sqlite:///{tmp_path_factory.mktemp('runs')}/runs.sqlite")


def test_a_saved_run_is_reproduced_exactly_from_what_was_stored(store):
    run_id = save_run(store, short("Flyt Nørrebro", placements=[MOVE]))
    saved = store.load_run(run_id)
    assert saved.status == "done" and saved.seeds == [0, 1]
    again = run_experiment(saved.scenario, replications=len(saved.seeds), workers=1)
    assert [r.seed for r in again.replications] == saved.seeds
    fresh = run_tables(again)
    stored = store.run_tables(run_id)
    assert set(stored) == set(fresh)
    for name, table in fresh.items():
        pd.testing.assert_frame_equal(stored[name], table, check_exact=True, obj=name)
    assert run_staleness(saved, again.data_hash) == []
    assert run_staleness(saved, "other-data")[0].startswith("Data er ændret")
