"""Alarm calls that nobody of their own pool answers: escalated, and whatever is still
unanswered at the end of the day is counted (issue: nothing vanishes).

A pool with no on-call carer at all (here SUF's home care and nursing of Nørrebro, district
3, in June 2026 before the teams pool) leaves its calls to others: without escalation they are
unanswered and counted, with it the nearest free on-call carer of another pool takes them.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.analysis.kpis import kpi_table
from sim.inputs.scenario import load_scenario
from sim.run.experiment import run_experiment
from tests.conftest import BASELINE
from tests.synthetic import copy_default_data, edit_table

TEAMS = ["SUF-HP-03", "SUF-SP-03"]  # one pool of alarm calls


@pytest.fixture(scope="module")
def no_on_call(tmp_path_factory):
    data = copy_default_data(tmp_path_factory.mktemp("no-on-call"))

    def edit(frame):
        frame.loc[frame["team_id"].isin(TEAMS), "on_call"] = "0"
        return frame

    edit_table(data, "rosters", edit)
    return load_scenario(BASELINE).with_overrides(
        data_dir=str(data),
        calendar={"start": "2026-06-01", "end": "2026-06-03"},
        fidelity="every-day",
        replications=2,
    )


@pytest.fixture(scope="module")
def runs(no_on_call):
    return {
        wait: run_experiment(
            no_on_call.with_overrides(parameters={"call_escalation_minutes": wait}), workers=1
        )
        for wait in (None, 30.0)
    }


def its_own(calls):
    return (calls["area"].astype(str) == "3") & (calls["organisation"] == "SUF")


def test_without_escalation_the_calls_of_a_pool_without_carers_are_counted_unanswered(runs):
    calls = runs[None].frame("calls")
    unanswered = calls[~calls["served"]]
    assert len(unanswered) > 10
    assert its_own(unanswered).all() and not calls.loc[its_own(calls), "served"].any()
    assert not calls["escalated"].any()
    table = kpi_table(runs[None], by="area")
    rows = table[table["kpi"] == "unanswered_calls"].groupby("area")["value"].sum()
    assert rows[rows > 0].index.astype(str).tolist() == ["3"]
    assert rows.sum() == pytest.approx(unanswered["weight"].sum())


def test_with_escalation_another_pool_answers_them_after_the_wait(runs):
    calls = runs[30.0].frame("calls")
    escalated = calls[calls["escalated"]]
    own = its_own(calls)
    assert calls.loc[own, "served"].all()  # the last shift elsewhere serves what is left
    assert calls.loc[own, "escalated"].all()  # nobody of its own pool is there
    assert own.sum() < len(escalated)  # others wait long enough to be escalated too
    assert (escalated["response_min"] >= 30.0).all()  # not before the wait
    # the wait is not all: the nearest free carer is not far
    assert np.median(escalated["response_min"]) < 30.0 + 60.0


def test_every_call_is_answered_in_its_pool_escalated_or_unanswered(runs):
    for experiment in runs.values():
        calls = experiment.frame("calls")
        in_pool = calls["served"] & ~calls["escalated"]
        assert not (calls["escalated"] & ~calls["served"]).any()
        assert in_pool.sum() + calls["escalated"].sum() + (~calls["served"]).sum() == len(calls)
        staff = experiment.frame("staff")
        for (replication, date), rows in calls.groupby(["replication", "date"]):
            day_staff = staff[(staff["replication"] == replication) & (staff["date"] == date)]
            assert day_staff["calls"].sum() >= rows["served"].sum()  # warm-up calls too


def test_escalation_to_planned_visit_carers_when_the_scenario_says_so(tmp_path):
    """No on-call carer anywhere in the city: only planned-visit carers of the citizen's pool
    can answer the escalated calls, and only when the scenario lets them."""
    data = copy_default_data(tmp_path)

    def edit(frame):
        frame["on_call"] = "0"
        return frame

    edit_table(data, "rosters", edit)
    scenario = load_scenario(BASELINE).with_overrides(
        data_dir=str(data),
        calendar={"start": "2026-06-01", "end": "2026-06-01"},
        fidelity="every-day",
        replications=1,
        parameters={"call_escalation_minutes": 20.0, "escalate_calls_to_planned_visits": True},
    )
    experiment = run_experiment(scenario, workers=1)
    calls = experiment.frame("calls")
    staff = experiment.frame("staff")
    assert calls["escalated"].sum() == calls["served"].sum() > 0
    assert (calls.loc[calls["served"], "response_min"] >= 20.0).all()
    assert staff.loc[staff["duty"] == "planned", "calls"].sum() >= calls["served"].sum()
    off = run_experiment(
        scenario.with_overrides(parameters={"escalate_calls_to_planned_visits": False}), workers=1
    )
    assert not off.frame("calls")["served"].any()
