"""Crowded premises reach the citizens: the shift meeting starts when the team is inside (or
carers skip it, as the scenario says), so the first visits move; leaders and administration
are in their premises from 07:00, when the premises are sized.

The same days and seeds with premises at 40 % of their capacity: paired differences.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.analysis.kpis import kpi_table
from sim.inputs.dataset import scenario_data
from sim.inputs.scenario import load_scenario
from sim.model.demand import SHIFT_TIMES
from sim.model.horizon import SimDay, day_type, phase
from sim.model.world import build_world, simulate_day
from sim.run.experiment import run_experiment
from tests.conftest import BASELINE

DAYS = {"start": "2026-06-01", "end": "2026-06-02"}


def kpis_of(scenario) -> pd.Series:
    table = kpi_table(run_experiment(scenario, workers=1))
    return table.set_index(["kpi", "replication"])["value"]


@pytest.fixture(scope="module")
def runs():
    base = load_scenario(BASELINE).with_overrides(
        calendar=DAYS, fidelity="every-day", replications=2
    )
    crowded = {"premises_capacity_multiplier": 0.4}
    return {
        "roomy": kpis_of(base),
        "wait": kpis_of(base.with_overrides(parameters={**crowded, "crowded_meeting": "wait"})),
        "skip": kpis_of(base.with_overrides(parameters={**crowded, "crowded_meeting": "skip"})),
    }


def paired(runs, kpi, scenario):
    return (runs[scenario][kpi] - runs["roomy"][kpi]).to_numpy()


def test_a_meeting_that_waits_for_the_team_makes_visits_late(runs):
    assert (paired(runs, "capacity_wait_hours", "wait") > 50).all()
    assert (paired(runs, "late_visits", "wait") > 0).all()
    assert (paired(runs, "on_time_share", "wait") < -0.002).all()


def test_carers_who_skip_the_meeting_start_their_visits_sooner(runs):
    # nobody waits at the door; the skipped meetings give time to the citizens
    assert (runs["skip"]["capacity_wait_hours"] < 0.1 * runs["wait"]["capacity_wait_hours"]).all()
    assert (runs["skip"]["late_visits"] < runs["wait"]["late_visits"]).all()


def test_leaders_and_administration_are_in_at_seven_with_the_day_shift():
    """With room for all, each premises' peak is at 07:00 and counts everyone who starts
    the day there: the day shift's carers and the office staff."""
    scenario = load_scenario(BASELINE).with_overrides(calendar=DAYS)
    world = build_world(scenario, scenario_data(scenario), 0)
    date = pd.Timestamp("2026-06-01").date()
    day = SimDay(date, 1.0, day_type(date), phase(date, scenario.calendar))
    result = simulate_day(world, day, events=False)
    duty = world.duty(day.day_type, date)  # the day's own draw of who is on duty
    premises = pd.DataFrame(result.premises).set_index("premises")
    assert (premises["peak_people"] < premises["capacity"]).all()
    where = np.array(
        [world.premises_ids.index(world.placements.on(t, date)) for t in world.workforce.team_ids]
    )
    at_seven = duty.office | (duty.shift == 0)
    counts = pd.Series(np.array(world.premises_ids)[where[duty.team[at_seven]]]).value_counts()
    assert duty.office.sum() > 0
    assert (premises["peak_time"] == SHIFT_TIMES["day"][0]).all()
    pd.testing.assert_series_equal(
        premises["peak_people"].sort_index(), counts.sort_index(), check_names=False
    )


def test_the_sampled_peak_is_the_peak_of_every_day():
    """The premises' peak is a maximum: a sampled run counts the day shift's arrivals on
    every day a sampled day stands for, so with room for all (the peak is at 07:00) it
    finds the same peak as simulating every day."""
    scenario = load_scenario(BASELINE).with_overrides(
        calendar={"start": "2026-06-01", "end": "2026-06-30"}, replications=1
    )
    peaks = {}
    for fidelity in ("sampled", "every-day"):
        run = run_experiment(scenario.with_overrides(fidelity=fidelity), workers=1)
        peaks[fidelity] = kpi_table(run, by="premises").query("kpi == 'premises_peak_ratio'")
    sampled, every = (peaks[f].set_index("premises")["value"] for f in ("sampled", "every-day"))
    pd.testing.assert_series_equal(sampled, every)
