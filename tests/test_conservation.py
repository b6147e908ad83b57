"""Conservation laws on the default data: nothing is silently dropped, time adds up."""

from __future__ import annotations

import numpy as np
import pytest

from sim.inputs.scenario import load_scenario
from sim.run.experiment import run_experiment
from tests.conftest import BASELINE


@pytest.fixture(scope="module", params=["missed", "agency"])
def experiment(request):
    scenario = load_scenario(BASELINE).with_overrides(
        calendar={"start": "2026-06-01", "end": "2026-06-07"},
        fidelity="every-day",
        replications=2,
        parameters={"unfit_visits": request.param, "staff_multiplier": 0.8},
    )
    return run_experiment(scenario, workers=1)


def test_planned_equals_delivered_plus_agency_plus_missed(experiment):
    visits = experiment.frame("visits")
    assert (visits["planned"] == visits["delivered"] + visits["agency"] + visits["missed"]).all()
    assert visits["planned"].sum() > 10_000
    # understaffed on purpose, so the law is tested with visits that do not fit
    not_delivered = visits["missed"].sum() + visits["agency"].sum()
    assert not_delivered > 0
    policy = experiment.scenario.parameters.unfit_visits
    assert visits["agency" if policy == "missed" else "missed"].sum() == 0


def test_on_time_plus_late_equals_delivered(experiment):
    visits = experiment.frame("visits")
    assert (visits["on_time"] + visits["late"] == visits["delivered"]).all()
    assert (visits["by_regular"] <= visits["delivered"]).all()


def test_paid_time_is_travel_visits_waiting_and_meetings(experiment):
    staff = experiment.frame("staff")
    accounted = staff[["travel_min", "visit_min", "wait_min", "meeting_min"]].sum(axis=1)
    np.testing.assert_allclose(accounted, staff["paid_min"], rtol=1e-9)
    shift_minutes = 8 * 60
    assert (staff["paid_min"] >= staff["carers"] * shift_minutes - 1e-6).all()
    assert np.isclose(
        staff["overtime_min"].sum(), staff["paid_min"].sum() - staff["carers"].sum() * shift_minutes
    )


def test_no_negative_times_and_utilisation_in_unit_interval(experiment):
    staff = experiment.frame("staff")
    columns = [
        "travel_min",
        "visit_min",
        "wait_min",
        "meeting_min",
        "capacity_wait_min",
        "km",
        "overtime_min",
    ]
    assert (staff[columns] >= 0).all().all()
    busy = (staff["travel_min"] + staff["visit_min"]) / staff["paid_min"]
    assert busy.between(0, 1).all()
    visits = experiment.frame("visits")
    assert (visits["lateness_min"] >= 0).all()
    calls = experiment.frame("calls")
    assert (calls.loc[calls["served"], "response_min"] >= 0).all()


def test_every_alarm_call_is_served_or_counted_unserved(experiment):
    calls = experiment.frame("calls")
    assert len(calls) > 0
    assert calls["served"].sum() + (~calls["served"]).sum() == len(calls)
    assert calls.loc[~calls["served"], "response_min"].isna().all()
