"""The one statistics module (sim.analysis.stats) against SciPy's own tests of the same things."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from sim.analysis.stats import difference_table, group_intervals, t_interval, welch_interval


def test_the_t_interval_is_scipys_one_sample_interval():
    values = np.random.default_rng(1).normal(10, 3, 12)
    expected = stats.ttest_1samp(values, 0).confidence_interval(0.95)
    mean, low, high = t_interval(values)
    assert mean == pytest.approx(values.mean())
    assert (low, high) == pytest.approx((expected.low, expected.high))
    assert np.isnan(t_interval([4.0])[1]) and all(np.isnan(t_interval([])))
    assert t_interval([1.0, np.nan, 3.0])[0] == 2.0, "NaN is left out"


def test_welchs_interval_is_scipys_unequal_variance_interval():
    rng = np.random.default_rng(2)
    a, b = rng.normal(5, 1, 8), rng.normal(4, 3, 15)
    expected = stats.ttest_ind(a, b, equal_var=False).confidence_interval(0.95)
    difference, low, high = welch_interval(a, b)
    assert difference == pytest.approx(a.mean() - b.mean())
    assert (low, high) == pytest.approx((expected.low, expected.high))


def test_group_intervals_gives_one_row_per_group_in_the_order_met():
    table = pd.DataFrame(
        {
            "replication": [0, 1, 2, 0, 1, 2],
            "kpi": ["b", "b", "b", "a", "a", "a"],
            "value": [1.0, 2.0, 3.0, 10.0, np.nan, 30.0],
        }
    )
    summary = group_intervals(table)
    assert list(summary.columns) == ["kpi", "mean", "ci_low", "ci_high", "replications"]
    assert list(summary["kpi"]) == ["b", "a"]
    assert list(summary["mean"]) == [2.0, 20.0] and list(summary["replications"]) == [3, 2]
    assert summary["ci_low"].iloc[0] == pytest.approx(t_interval([1.0, 2.0, 3.0])[1])


def test_the_difference_is_paired_on_the_seed_when_the_seeds_are_the_same():
    rng = np.random.default_rng(3)
    common = rng.normal(0, 5, 10)  # what both runs met, seed by seed
    a = pd.DataFrame({"seed": range(10), "kpi": "x", "value": common + 1 + rng.normal(0, 0.1, 10)})
    b = pd.DataFrame({"seed": range(10), "kpi": "x", "value": common})
    paired = difference_table(a, b, ["kpi"]).iloc[0]
    assert paired["paired"] and paired["ci_high"] - paired["ci_low"] < 0.3
    unpaired = difference_table(a, b.assign(seed=b["seed"] + 100), ["kpi"]).iloc[0]
    assert not unpaired["paired"] and unpaired["ci_high"] - unpaired["ci_low"] > 3
