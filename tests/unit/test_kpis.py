"""The KPIs computed for all groups at once (sim.analysis.kpis) equal the KPIs computed
group by group from their definitions, written here the plain way: one pandas
expression per KPI applied to each group's rows, as the first version of the product
did. Every breakdown, costs and workforce included, on the baseline and a co-location."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import pytest

from sim.analysis.costs import attach_costs
from sim.analysis.kpis import (
    _FRAME_DIMENSIONS,
    HEADLINE,
    KPIS,
    Groups,
    kpi_table,
    sampling_margins,
    sampling_table,
    weighted_quantile,
)
from sim.inputs.dataset import scenario_data
from sim.inputs.scenario import PROJECT_ROOT, load_scenario
from sim.run.experiment import Experiment, Replication, run_experiment

BREAKDOWNS = (None, "month", "area", "team", "premises", "organisation")
COSTS = ("salaries", "supplements", "overtime", "agency_vacancies", "agency_visits")
COSTS += ("recruitment", "rent", "running", "transport", "service_gap", "fitout", "moving")


def wsum(f: pd.DataFrame, column: str) -> float:
    return float((f[column] * f["weight"]).sum())


def ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator > 0 else np.nan


def planned(f):
    return f[f["duty"] == "planned"]


def cost(f, *lines):
    return float(f.loc[f["line"].isin(lines), "amount"].sum())


def response(f, q=None):
    served = f[f["served"]]
    if q is None:
        return ratio(wsum(served, "response_min"), float(served["weight"].sum()))
    return weighted_quantile(served["response_min"].to_numpy(), served["weight"].to_numpy(), q)


DEFINITIONS = {
    "planned_visits": lambda f: wsum(f, "planned"),
    "delivered_visits": lambda f: wsum(f, "delivered"),
    "on_time_share": lambda f: ratio(wsum(f, "on_time"), wsum(f, "planned")),
    "late_visits": lambda f: wsum(f, "late"),
    "mean_lateness_min": lambda f: ratio(wsum(f, "lateness_min"), wsum(f, "late")),
    "missed_visits": lambda f: wsum(f, "missed"),
    "agency_visits": lambda f: wsum(f, "agency"),
    "continuity_share": lambda f: ratio(wsum(f, "by_regular"), wsum(f, "delivered")),
    "unplanned_visits": lambda f: float(f["weight"].sum()),
    "partner_missing_visits": lambda f: wsum(f, "partner_missing"),
    "unanswered_calls": lambda f: float(f.loc[~f["served"], "weight"].sum()),
    "escalated_calls": lambda f: float(f.loc[f["escalated"], "weight"].sum()),
    "response_mean_min": response,
    "response_p90_min": lambda f: response(f, 0.9),
    "travel_min_per_visit": lambda f: ratio(
        wsum(planned(f), "travel_min"), wsum(planned(f), "visits")
    ),
    "travel_share": lambda f: ratio(wsum(planned(f), "travel_min"), wsum(planned(f), "paid_min")),
    "citizen_time_share": lambda f: ratio(
        wsum(planned(f), "visit_min"), wsum(planned(f), "paid_min")
    ),
    "utilisation": lambda f: ratio(
        wsum(planned(f), "visit_min") + wsum(planned(f), "travel_min"),
        wsum(planned(f), "paid_min"),
    ),
    "on_call_utilisation": lambda f: ratio(
        wsum(f[f["duty"] == "on_call"], "visit_min"), wsum(f[f["duty"] == "on_call"], "paid_min")
    ),
    "overtime_hours": lambda f: wsum(f, "overtime_min") / 60,
    "km_travelled": lambda f: wsum(f, "km"),
    "premises_peak_ratio": lambda f: float(
        (np.maximum(f["peak_people"], f["peak_represented"]) / f["capacity"]).max()
    ),
    "premises_days_over_capacity": lambda f: float(
        ((f["peak_people"] > f["capacity"]) * f["weight"]).sum()
    ),
    "capacity_wait_hours": lambda f: wsum(f, "capacity_wait_min") / 60,
    "agency_shifts": lambda f: wsum(f, "agency_carers") if "agency_carers" in f else np.nan,
    "vacancy_share": lambda f: ratio(wsum(f, "vacant"), wsum(f, "positions")),
    "leavers": lambda f: float(f["leavers"].sum()),
    "hires": lambda f: float(f["hires"].sum()),
    "cost_total": lambda f: cost(f, *COSTS),
    "cost_salaries": lambda f: cost(f, "salaries"),
    "cost_supplements": lambda f: cost(f, "supplements"),
    "cost_overtime": lambda f: cost(f, "overtime"),
    "cost_agency": lambda f: cost(f, "agency_vacancies", "agency_visits"),
    "cost_recruitment": lambda f: cost(f, "recruitment"),
    "cost_rent": lambda f: cost(f, "rent"),
    "cost_rent_unused": lambda f: cost(f, "rent_unused"),
    "cost_running": lambda f: cost(f, "running"),
    "cost_fitout": lambda f: cost(f, "fitout"),
    "cost_moving": lambda f: cost(f, "moving"),
    "cost_transport": lambda f: cost(f, "transport"),
    "cost_service_gap": lambda f: cost(f, "service_gap"),
}


def group_by_group(experiment: Experiment, by: str | None) -> pd.DataFrame:
    rows = []
    for replication in experiment.replications:
        for key, kpi in KPIS.items():
            if by is not None and by not in _FRAME_DIMENSIONS[kpi.frame]:
                continue
            frame = replication.frames[kpi.frame]
            if by == "month":
                frame = frame.assign(month=pd.to_datetime(frame["date"]).dt.strftime("%Y-%m"))
            if by is None:
                rows.append({"replication": replication.index, "kpi": key})
                rows[-1]["value"] = DEFINITIONS[key](frame)
                continue
            for group, part in frame.groupby(by, sort=True):
                rows.append({"replication": replication.index, by: group, "kpi": key})
                rows[-1]["value"] = DEFINITIONS[key](part)
    return pd.DataFrame(rows)


@functools.cache
def experiment(name: str) -> Experiment:
    scenario = load_scenario(PROJECT_ROOT / "scenarios" / name).with_overrides(
        calendar={"start": "2026-08-15", "end": "2026-09-30"}, replications=2
    )
    run = run_experiment(scenario, workers=1)
    attach_costs(run, scenario_data(scenario))
    return run


def test_every_kpi_has_a_plain_definition_here():
    assert set(DEFINITIONS) == set(KPIS)


@pytest.mark.parametrize("name", ["baseline.yaml", "samlokalisering-noerrebro-sep-2026.yaml"])
@pytest.mark.parametrize("by", BREAKDOWNS)
def test_kpis_for_all_groups_at_once_equal_group_by_group(name, by):
    run = experiment(name)
    expected = group_by_group(run, by)
    actual = kpi_table(run, by)
    keys = ["replication", *([by] if by else []), "kpi"]
    pd.testing.assert_frame_equal(actual[keys], expected[keys], check_dtype=False)
    np.testing.assert_allclose(actual["value"], expected["value"], rtol=1e-9, equal_nan=True)
    assert expected["value"].notna().sum() > len(expected) / 2  # mostly numbers, not NaN


def test_a_group_without_rows_of_a_filtered_kpi_is_nan_not_zero():
    """Travel per visit counts planned duty only: a team whose rows are all on call has no
    planned visits, so its travel per visit is not a number (not 0)."""
    frame = pd.DataFrame(
        {
            "team": ["A", "A", "B"],
            "duty": ["planned", "planned", "on_call"],
            "weight": [1.0, 2.0, 1.0],
            "travel_min": [10.0, 20.0, 5.0],
            "visits": [2.0, 3.0, 1.0],
        }
    )
    values = KPIS["travel_min_per_visit"].measure(Groups(frame, "team"))
    np.testing.assert_allclose(values[0], (10 + 40) / (2 + 6))
    assert np.isnan(values[1])


# ---- the error from sampling days


def test_the_sampling_error_is_the_stratified_formula_on_a_hand_built_stratum():
    """Two simulated weekdays standing for 20: missed 5 and 15, weight 10 each. The
    stratified variance N² (1 - n/N) s² / n = 400 × 0.9 × 50 / 2 = 9000; the jackknife
    gives the same."""
    visits = pd.DataFrame(
        {
            "missed": [5, 15],
            "date": pd.to_datetime(["2026-06-03", "2026-06-17"]).date,
            "weight": [10.0, 10.0],
            "stratum": [0, 0],
            "day_type": ["weekday", "weekday"],
        }
    )
    table = sampling_table(Replication(0, 0, {"visits": visits}), ("missed_visits",))
    assert table["value"].iloc[0] == pytest.approx(9000**0.5)


def test_every_day_has_no_sampling_error_and_a_sampled_run_has_some():
    every = run_experiment(
        load_scenario(PROJECT_ROOT / "scenarios" / "baseline.yaml").with_overrides(
            calendar={"start": "2026-06-01", "end": "2026-06-03"}, fidelity="every-day"
        ),
        replications=1,
        workers=1,
    )
    assert sampling_margins(every).empty
    sampled = run_experiment(
        load_scenario(PROJECT_ROOT / "scenarios" / "baseline.yaml").with_overrides(
            calendar={"start": "2026-06-01", "end": "2026-07-31"}
        ),
        replications=2,
        workers=1,
    )
    margins = sampling_margins(sampled)
    assert set(margins.index) == set(HEADLINE) - {"premises_peak_ratio"}
    assert (margins > 0).all()
    table = kpi_table(sampled).groupby("kpi")["value"].mean()
    assert margins["missed_visits"] < table["missed_visits"]  # a part of it, not more
