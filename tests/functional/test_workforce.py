"""Workforce over time: turnover, recruitment, vacancies and what they do to the day."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from sim.analysis.costs import staff_costs
from sim.analysis.kpis import kpi_table
from sim.inputs.dataset import ROLES, load_cost_data, load_dataset
from sim.inputs.scenario import (
    DEFAULT_DATA_DIR,
    Scenario,
    ScenarioError,
    load_scenario,
    parse_scenario,
)
from sim.model.horizon import day_type
from sim.model.staffing import (
    build_workforce,
    daily_duty,
    monthly_probability,
    resolve_placements,
    workforce_plan,
)
from sim.run.experiment import run_experiment
from tests.conftest import BASELINE

YEAR = {"start": "2026-06-01", "end": "2027-05-31"}


@pytest.fixture(scope="module")
def data():
    return load_dataset(DEFAULT_DATA_DIR)


@pytest.fixture(scope="module")
def workforce(data):
    return build_workforce(data)


def plan_for(data, workforce, seed=0, **parameters):
    scenario = load_scenario(BASELINE).with_overrides(parameters=parameters)
    placements = resolve_placements(scenario, data)
    return workforce_plan(scenario, data, workforce, placements, seed)


def test_monthly_probability_compounds_to_the_yearly_turnover():
    p = monthly_probability(0.195)
    assert 1 - (1 - p) ** 12 == pytest.approx(0.195)
    assert monthly_probability(0.0) == 0.0


def test_default_turnover_and_vacancies_match_the_published_rate(data, workforce):
    """19.5 % leave a year; with 3 months to fill, about p / (p + 1/3) ≈ 5 % are vacant."""
    p = monthly_probability(0.195)
    steady = p / (p + 1 / 3)
    leavers, vacancy = [], []
    for seed in range(4):
        plan = plan_for(data, workforce, seed)
        assert plan.vacant.shape == (12, workforce.n_individuals)
        leavers.append(plan.leavers.sum() / workforce.n_individuals)
        vacancy.append(plan.vacant.mean())
    assert np.mean(leavers) == pytest.approx(0.195, abs=0.02)
    assert np.mean(vacancy) == pytest.approx(steady, abs=0.006)


def test_no_turnover_means_no_vacancies(data, workforce):
    plan = plan_for(data, workforce, turnover_per_year=0.0)
    assert not plan.vacant.any() and not plan.leavers.any() and not plan.hires.any()


def test_immediate_replacement_means_hires_but_no_vacancies(data, workforce):
    plan = plan_for(data, workforce, months_to_fill_vacancy=0)
    assert not plan.vacant.any()
    assert plan.leavers.sum() > 0
    assert (plan.hires == plan.leavers).all()


def test_same_seed_same_plan_and_more_turnover_more_leavers_and_vacancies(data, workforce):
    a = plan_for(data, workforce, seed=3)
    b = plan_for(data, workforce, seed=3)
    assert (a.vacant == b.vacant).all() and (a.leavers == b.leavers).all()
    more = plan_for(data, workforce, seed=3, turnover_per_year=0.4)
    assert more.leavers.sum() > a.leavers.sum()
    assert more.vacant.mean() > a.vacant.mean()


def test_turnover_by_role_overrides_the_general_rate(data, workforce):
    plan = plan_for(data, workforce, turnover_per_year=0.0, turnover_by_role={"nurse": 0.5})
    nurse = ROLES.index("nurse")
    is_nurse = np.zeros(workforce.n_individuals, dtype=bool)
    for group in workforce.groups:
        if group.role == nurse:
            is_nurse[group.first : group.first + group.size] = True
    assert plan.leavers[:, is_nurse].sum() > 0
    assert plan.leavers[:, ~is_nurse].sum() == 0


def test_extra_turnover_applies_only_in_the_months_around_a_move(data, workforce):
    move = {
        "placements": [
            {"team": "SUF-HP-08", "premises": "NY-BIS", "start": "2026-11-01", "end": "2027-02-28"}
        ],
        "parameters": {"extra_turnover_around_moves": 0.6},
    }
    base = load_scenario(BASELINE)
    lever = base.with_overrides(**move)
    no_lever = base.with_overrides(placements=move["placements"])
    team = workforce.team_ids.index("SUF-HP-08")
    other = workforce.team_ids.index("SUF-HP-01")  # SUF, never moves: only Flyt 2 applies

    def members(t):
        mask = np.zeros(workforce.n_individuals, dtype=bool)
        for group in workforce.groups:
            if group.team == t:
                mask[group.first : group.first + group.size] = True
        return mask

    moved, stayed = members(team), members(other)
    extra_leavers = 0
    for seed in range(3):
        with_lever = workforce_plan(lever, data, workforce, resolve_placements(lever, data), seed)
        without = workforce_plan(
            no_lever, data, workforce, resolve_placements(no_lever, data), seed
        )
        # SUF-HP-08 moves in Nov 2026 and back in Mar 2027 (Flyt 2): windows Oct 2026-Jan
        # 2027 and Feb-May 2027, so Jun-Sep 2026 (months 0-3) are untouched; SUF-HP-01 has
        # only Flyt 2 (Feb-May 2027). (SOF teams also have Flyt 1, Jun 2026.)
        assert (with_lever.leavers[:4, moved] == without.leavers[:4, moved]).all()
        assert (with_lever.leavers[:8, stayed] == without.leavers[:8, stayed]).all()
        # in the first window month (Oct 2026, one month before the move) nobody who left
        # without the lever stays with it
        assert (with_lever.leavers[4, moved] >= without.leavers[4, moved]).all()
        extra_leavers += with_lever.leavers[4:8, moved].sum() - without.leavers[4:8, moved].sum()
    assert extra_leavers > 0


def test_lever_defaults_to_zero_and_is_validated():
    assert Scenario(name="x").parameters.extra_turnover_around_moves == 0.0
    with pytest.raises(ScenarioError) as info:
        parse_scenario(
            {
                "name": "x",
                "parameters": {
                    "turnover_per_year": 0.95,
                    "turnover_by_role": {"sygeplejerske": 0.1, "nurse": -0.1},
                    "vacant_shifts": "vikar",
                },
            }
        )
    assert info.value.messages == [
        "felt 'parameters.turnover_per_year': må højst være 0,9 (fik 0.95)",
        "felt 'parameters.turnover_by_role.sygeplejerske': skal være en af: 'sosu_helper', "
        "'sosu_assistant', 'nurse', 'therapist', 'leader' eller 'administration' "
        "(fik 'sygeplejerske')",
        "felt 'parameters.turnover_by_role.nurse': skal være mindst 0 (fik -0.1)",
        "felt 'parameters.vacant_shifts': skal være en af: 'agency' eller 'unfilled' (fik 'vikar')",
    ]


# --- vacancies on the day -------------------------------------------------------------


def test_vacant_slots_go_to_agency_staff_or_stay_empty(workforce):
    date = dt.date(2026, 6, 3)
    everyone_gone = np.ones(workforce.n_individuals, dtype=bool)
    plain = daily_duty(workforce, "weekday", date, 0, 0.0, 1.0)
    agency = daily_duty(
        workforce, "weekday", date, 0, 0.0, 1.0, vacant=everyone_gone, cover_vacancies=True
    )
    empty = daily_duty(
        workforce, "weekday", date, 0, 0.0, 1.0, vacant=everyone_gone, cover_vacancies=False
    )
    assert not empty.agency.any() and len(empty.person) == 0
    # agency staff fill every care slot, never an office slot, and are never regular carers
    assert agency.agency.all()
    assert len(agency.person) == (~plain.office).sum()
    assert not agency.office.any()
    assert (agency.person >= workforce.n_individuals).all()
    assert (np.sort(agency.team) == np.sort(plain.team[~plain.office])).all()


def test_absence_draws_do_not_depend_on_vacancies(workforce):
    """Common random numbers: a vacancy removes its holder, nobody else changes."""
    date = dt.date(2026, 6, 6)
    none = np.zeros(workforce.n_individuals, dtype=bool)
    some = none.copy()
    some[::7] = True
    before = daily_duty(workforce, "weekend", date, 4, 0.09, 1.0, vacant=none)
    after = daily_duty(workforce, "weekend", date, 4, 0.09, 1.0, vacant=some)
    kept = set(before.person[~np.isin(before.person, np.flatnonzero(some))])
    named_after = set(after.person[after.person < workforce.n_individuals])
    assert named_after == kept


def test_headcount_below_roster_loses_capacity_unless_agency_covers_it():
    """High turnover and slow recruitment: with 'unfilled' the vacancies are lost capacity
    (more missed visits); with 'agency' the shifts are worked by agency staff."""
    scenario = load_scenario(BASELINE).with_overrides(
        calendar={"start": "2026-06-01", "end": "2026-06-14"},
        replications=2,
        parameters={"turnover_per_year": 0.9, "months_to_fill_vacancy": 12},
    )
    unfilled = scenario.with_overrides(parameters={"vacant_shifts": "unfilled"})
    table = {}
    for name, s in (("agency", scenario), ("unfilled", unfilled)):
        kpis = kpi_table(run_experiment(s, workers=1))
        table[name] = kpis.groupby("kpi")["value"].mean()
    assert table["agency"]["agency_shifts"] > 0
    assert table["unfilled"]["agency_shifts"] == 0
    assert table["unfilled"]["missed_visits"] > table["agency"]["missed_visits"]


@pytest.mark.parametrize("multiplier", [0.9, 0.95, 1.07])
def test_a_staff_multiplier_scales_the_slots_planned_and_on_call_as_it_scales_the_pay(
    workforce, multiplier
):
    """Capacity and pay move together: the slots are the multiplier times the roster's
    on average (rounding each roster cell removed 3 % of the planned slots and none of the
    on-call ones at 0.95, while the pay fell by 5 %)."""
    days = [dt.date(2026, 6, 1) + dt.timedelta(days=i) for i in range(200)]

    def slots(m: float) -> np.ndarray:
        total = np.zeros(2)
        for day in days:
            duty = daily_duty(workforce, day_type(day), day, 5, 0.0, m)
            total += [(~duty.on_call & ~duty.office).sum(), duty.on_call.sum()]
        return total

    base, scaled = slots(1.0), slots(multiplier)
    assert base[1] > 0  # on call is in the roster
    assert scaled / base == pytest.approx([multiplier, multiplier], abs=0.01)


def test_the_pay_of_a_staff_multiplier_is_the_pay_of_its_expected_slots(data):
    """Supplements follow the slots' expected number, not a rounded one."""
    costs = load_cost_data(DEFAULT_DATA_DIR)
    scenario = load_scenario(BASELINE)
    lines = {}
    for m in (1.0, 0.95):
        rows, _ = staff_costs(
            scenario.with_overrides(parameters={"staff_multiplier": m}), data, costs, 0
        )
        lines[m] = rows.groupby("line")["amount"].sum()
    for line in ("salaries", "supplements"):
        assert lines[0.95][line] / lines[1.0][line] == pytest.approx(0.95, rel=1e-9), line
