"""Same seed, same results: across runs, executors, and against the stored backtest."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from sim.inputs.scenario import load_scenario
from sim.run.experiment import FRAMES, run_experiment
from tests.backtest import EXPECTED, backtest_kpis
from tests.conftest import BASELINE


@pytest.fixture(scope="module")
def short_baseline():
    return load_scenario(BASELINE).with_overrides(
        calendar={"start": "2026-06-01", "end": "2026-06-30"}, replications=2
    )


def assert_same(a, b):
    assert len(a.replications) == len(b.replications)
    for ra, rb in zip(a.replications, b.replications, strict=True):
        assert ra.seed == rb.seed
        for name in FRAMES:
            pd.testing.assert_frame_equal(ra.frames[name], rb.frames[name])


def test_same_seed_gives_identical_results(short_baseline):
    assert_same(
        run_experiment(short_baseline, workers=1), run_experiment(short_baseline, workers=1)
    )


def test_serial_equals_parallel(short_baseline):
    assert_same(
        run_experiment(short_baseline, workers=1), run_experiment(short_baseline, workers=2)
    )


def test_other_seed_gives_other_results(short_baseline):
    a = run_experiment(short_baseline, workers=1, replications=1)
    b = run_experiment(short_baseline.with_overrides(seed=1), workers=1, replications=1)
    assert not a.replications[0].frames["visits"].equals(b.replications[0].frames["visits"])


def test_replication_i_uses_seed_i_in_every_scenario(short_baseline):
    """Common random numbers: replication 1 of a two-replication run is the run of seed 1."""
    both = run_experiment(short_baseline, workers=1)
    second = run_experiment(short_baseline.with_overrides(seed=1, replications=1), workers=1)
    pd.testing.assert_frame_equal(
        both.replications[1].frames["visits"], second.replications[0].frames["visits"]
    )


def test_backtest_against_stored_results():
    expected = json.loads(EXPECTED.read_text())
    actual = backtest_kpis()
    assert sorted(actual) == sorted(expected)
    for kpi, values in expected.items():
        np.testing.assert_allclose(actual[kpi], values, rtol=1e-9, equal_nan=True, err_msg=kpi)
