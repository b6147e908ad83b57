"""Extreme inputs: the model runs, stays consistent and moves the way it must."""

from __future__ import annotations

import numpy as np
import pytest

from sim.analysis.kpis import kpi_table
from sim.inputs.dataset import load_dataset
from sim.inputs.scenario import load_scenario
from sim.run.experiment import run_experiment
from tests.conftest import BASELINE
from tests.synthetic import one_district_data, queue_scenario

WEEK = {"start": "2026-06-01", "end": "2026-06-07"}


def kpis(scenario, replications=1) -> dict[str, float]:
    table = kpi_table(run_experiment(scenario, workers=1, replications=replications))
    return table.groupby("kpi")["value"].mean().to_dict()


@pytest.fixture(scope="module")
def week():
    return load_scenario(BASELINE).with_overrides(calendar=WEEK, fidelity="every-day")


@pytest.fixture(scope="module")
def baseline_kpis(week):
    return kpis(week)


def test_zero_demand(tmp_path):
    data_dir = one_district_data(tmp_path, citizens=0, planned=3, on_call=1)
    result = kpis(queue_scenario(data_dir, days=2, replications=1))
    assert result["planned_visits"] == 0
    assert result["unplanned_visits"] == 0
    assert result["utilisation"] == 0
    assert np.isnan(result["on_time_share"])


def test_zero_staff_misses_every_visit_and_call(week):
    experiment = run_experiment(
        week.with_overrides(parameters={"staff_multiplier": 0}), workers=1, replications=1
    )
    visits = experiment.frame("visits")
    assert visits["planned"].sum() > 0
    assert visits["missed"].sum() == visits["planned"].sum()
    calls = experiment.frame("calls")
    assert len(calls) > 0 and not calls["served"].any()
    assert experiment.frame("staff").empty


def test_zero_staff_with_agency_policy_hands_every_visit_to_agency(week):
    scenario = week.with_overrides(parameters={"staff_multiplier": 0, "unfit_visits": "agency"})
    visits = run_experiment(scenario, workers=1, replications=1).frame("visits")
    assert visits["agency"].sum() == visits["planned"].sum() > 0


def test_one_premises_for_the_whole_city(week, baseline_kpis):
    data = load_dataset(week.resolve_data_dir())
    placements = [
        {"team": team, "premises": "SUF-P-02", "start": "2026-06-01", "end": "2026-06-07"}
        for team in data.teams["team_id"]
    ]
    result = kpis(week.with_overrides(placements=placements))
    assert result["premises_peak_ratio"] > 5
    assert result["premises_days_over_capacity"] == 7
    assert result["capacity_wait_hours"] > 0
    assert result["travel_min_per_visit"] > baseline_kpis["travel_min_per_visit"]
    assert result["on_time_share"] < baseline_kpis["on_time_share"]


def test_capacity_of_one(week, baseline_kpis):
    result = kpis(week.with_overrides(parameters={"premises_capacity_multiplier": 0.001}))
    premises_in_use = load_dataset(week.resolve_data_dir()).teams["home_premises_id"].nunique()
    assert result["premises_days_over_capacity"] == 7 * premises_in_use
    assert result["capacity_wait_hours"] > 1000
    assert result["on_time_share"] < baseline_kpis["on_time_share"]
    assert result["planned_visits"] == baseline_kpis["planned_visits"]
