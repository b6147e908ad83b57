"""Same seed, same results: across runs, executors, and against the stored backtest."""

from __future__ import annotations

import copy
import json

import numpy as np
import pandas as pd
import pytest

from sim.analysis.costs import TOP_LINES
from sim.analysis.kpis import KPIS
from sim.inputs.scenario import load_scenario
from sim.run.experiment import FRAMES, run_experiment
from tests.backtest.results import COST_LINES_KEY, EXPECTED, backtest_results
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


def _leaves(tree: dict, path: tuple[str, ...] = ()) -> dict[tuple[str, ...], list[float]]:
    """The stored backtest as {key path: values per replication}."""
    out = {}
    for key, value in tree.items():
        if isinstance(value, dict):
            out.update(_leaves(value, (*path, key)))
        else:
            out[(*path, key)] = value
    return out


def backtest_differences(actual: dict, expected: dict) -> list[str]:
    """What differs between two backtest results (empty if they agree to 1e-9)."""
    want, got = _leaves(expected), _leaves(actual)
    problems = [f"missing {'/'.join(k)}" for k in sorted(set(want) - set(got))]
    problems += [f"unexpected {'/'.join(k)}" for k in sorted(set(got) - set(want))]
    for key in sorted(set(want) & set(got)):
        a, e = np.asarray(got[key], dtype=float), np.asarray(want[key], dtype=float)
        if a.shape != e.shape or not np.allclose(a, e, rtol=1e-9, atol=0.0, equal_nan=True):
            problems.append(f"{'/'.join(key)}: {got[key]} != {want[key]}")
    return problems


def test_backtest_covers_model_workforce_and_cost_kpis():
    expected = json.loads(EXPECTED.read_text())
    assert set(KPIS) <= set(expected)  # every KPI, the cost and workforce ones too
    lines = expected[COST_LINES_KEY]["2026"]
    assert set(TOP_LINES) | {"total"} <= set(lines)
    for r in range(2):
        # two computations of the total: cost_table's total line and the cost_total KPI
        assert expected["cost_total"][r] == pytest.approx(lines["total"][r], rel=1e-12)
        assert expected["cost_salaries"][r] > 0 and expected["leavers"][r] > 0


def test_backtest_comparison_catches_every_changed_number():
    """The comparison is not vacuous: a change of one part in a million in any stored number,
    a missing or an extra key is reported."""
    expected = json.loads(EXPECTED.read_text())
    assert backtest_differences(copy.deepcopy(expected), expected) == []
    for path, values in _leaves(expected).items():
        changed = copy.deepcopy(expected)
        leaf = changed
        for key in path[:-1]:
            leaf = leaf[key]
        leaf[path[-1]] = [v * (1 + 1e-6) + 1e-6 for v in values]
        assert backtest_differences(changed, expected), path
    fewer = copy.deepcopy(expected)
    del fewer[COST_LINES_KEY]["2026"]["rent"]
    assert backtest_differences(fewer, expected) == ["missing cost_lines_by_year/2026/rent"]
    assert backtest_differences(expected, fewer) == ["unexpected cost_lines_by_year/2026/rent"]


def test_backtest_against_stored_results():
    expected = json.loads(EXPECTED.read_text())
    assert backtest_differences(backtest_results(), expected) == []
