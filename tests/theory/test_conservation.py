"""Conservation laws: what the frames report is what the simulated carers did.

A frame's own columns are never checked against their definitions (``missed`` is "not
delivered", so ``delivered + missed == planned`` cannot fail). Each law below compares
two things computed apart: the frames against the demand module's visits and calls for
the same seed and day, and the carers' tallies against their routes rebuilt from the
visit trace (``events``), the duty roster and the travel model.
"""

from __future__ import annotations

import dataclasses
import math
from collections import defaultdict

import numpy as np
import pandas as pd
import pytest

from sim.inputs.dataset import SHIFTS, scenario_data
from sim.inputs.scenario import load_scenario
from sim.model import day as pure_day
from sim.model.demand import SHIFT_TIMES, make_calls, make_visits
from sim.model.horizon import SimDay, day_type, phase
from sim.model.staffing import daily_duty
from sim.model.world import build_world, simulate_day
from sim.run.experiment import run_experiment
from tests.conftest import BASELINE

WEEK = {"start": "2026-06-01", "end": "2026-06-07"}
ROUTE_TOTALS = (
    "travel_min",
    "km",
    "visit_min",
    "wait_min",
    "meeting_min",
    "paid_min",
    "overtime_min",
    "visits",
    "carers",
)


@pytest.fixture(scope="module", params=["missed", "agency"])
def experiment(request):
    scenario = load_scenario(BASELINE).with_overrides(
        calendar=WEEK,
        fidelity="every-day",
        replications=2,
        parameters={"unfit_visits": request.param, "staff_multiplier": 0.8},
    )
    return run_experiment(scenario, workers=1)


def _worlds(experiment):
    scenario = experiment.scenario
    data = scenario_data(scenario)
    return {r.index: build_world(scenario, data, r.seed) for r in experiment.replications}


def _by_day(frame: pd.DataFrame) -> dict:
    return dict(iter(frame.groupby(["replication", "date"], sort=True)))


def test_planned_visits_are_the_demand_modules_visits(experiment):
    """Every visit the demand module makes for a seed and day is in the visits frame, once."""
    p = experiment.scenario.parameters
    worlds = _worlds(experiment)
    days = _by_day(experiment.frame("visits"))
    assert len(days) == 2 * 7
    for (replication, day), rows in days.items():
        world = worlds[replication]
        date = pd.Timestamp(day).date()
        visits = make_visits(
            world.demand,
            date,
            day_type(date) == "weekend",
            world.demand_factor(date),
            world.seed,
            p.window_half_width_minutes,
            p.duration_distribution,
        )
        assert rows["planned"].sum() == visits.n_visits, (replication, date)
        assert rows["two_carer"].sum() == len(visits.visit_of_leg) - visits.n_visits
    visits = experiment.frame("visits")
    # understaffed on purpose, so the laws are tested with visits that do not fit
    assert visits["missed"].sum() + visits["agency"].sum() > 0


def test_counted_alarm_calls_are_the_demand_modules_calls(experiment):
    """Each day's calls frame holds exactly the calls the demand module counts (not the
    warm-up's), at their times; the on-call carers made at least one visit per served call
    (warm-up calls left at 07:00 are served uncounted)."""
    p = experiment.scenario.parameters
    assert p.unplanned_warmup_minutes > 0
    worlds = _worlds(experiment)
    staff = _by_day(experiment.frame("staff"))
    for (replication, day), rows in _by_day(experiment.frame("calls")).items():
        world = worlds[replication]
        date = pd.Timestamp(day).date()
        calls = make_calls(
            world.demand,
            date,
            world.demand_factor(date),
            world.seed,
            p.unplanned_warmup_minutes,
            p.duration_distribution,
        )
        assert len(rows) == calls.counted.sum() < len(calls.time), (replication, date)
        np.testing.assert_array_equal(rows["call_time"], calls.time[calls.counted])
        on_call = staff[(replication, date)].query("duty == 'on_call'")
        assert on_call["visits"].sum() >= rows["served"].sum()


def test_travel_minutes_are_km_at_the_travel_models_speed_plus_parking(experiment):
    """travel = km x minutes per km + parking per trip: the remainder is a whole number of
    trips, at most one per visit or call plus one home per carer, and one to each two-carer
    visit where the carer waited in vain for the second."""
    world = next(iter(_worlds(experiment).values()))
    minutes_per_km, parking = world.travel.minutes_per_km, world.travel.parking_minutes
    assert minutes_per_km > 0 and parking > 0
    staff = experiment.frame("staff")
    trips = (staff["travel_min"] - staff["km"] * minutes_per_km) / parking
    np.testing.assert_allclose(trips, np.rint(trips), atol=1e-6)
    assert (np.rint(trips) >= (staff["km"] > 0)).all()
    calls = np.where(staff["duty"] == "planned", staff["calls"], 0)  # on call: its visits
    assert (np.rint(trips) <= staff["visits"] + calls + staff["alone"] + staff["carers"]).all()


def test_paid_time_is_travel_visits_waiting_and_meetings(experiment):
    """The tallies are kept apart from the clock that gives paid time (shift start to the
    end of documentation, at least the shift)."""
    staff = experiment.frame("staff")
    accounted = staff[["travel_min", "visit_min", "wait_min", "meeting_min"]].sum(axis=1)
    np.testing.assert_allclose(accounted, staff["paid_min"], rtol=1e-9)


def test_no_negative_times_and_no_visit_later_than_allowed(experiment):
    staff = experiment.frame("staff")
    assert (staff[["travel_min", "visit_min", "wait_min", "meeting_min"]] >= 0).all().all()
    busy = (staff["travel_min"] + staff["visit_min"]) / staff["paid_min"]
    assert busy.between(0, 1).all()
    visits = experiment.frame("visits")
    # a visit more than max_delay_minutes after its window does not fit
    max_delay = experiment.scenario.parameters.max_delay_minutes
    assert (visits["lateness_min"] <= visits["late"] * max_delay + 1e-9).all()
    assert visits["late"].sum() > 0
    calls = experiment.frame("calls")
    assert (calls.loc[calls["served"], "response_min"] >= 0).all()
    assert calls.loc[~calls["served"], "response_min"].isna().all()


# ---- single days with the visit trace: the carers' routes rebuilt ---------------------


@pytest.fixture(scope="module")
def traced_days():
    """Two seeds x a weekday and a weekend day of the understaffed baseline, with the visit
    trace. One-carer visits only (the trace names a visit's first carer) and no warm-up
    (so every call a carer serves is counted)."""
    scenario = load_scenario(BASELINE).with_overrides(
        calendar=WEEK,
        parameters={"staff_multiplier": 0.8, "unplanned_warmup_minutes": 0},
    )
    data = scenario_data(scenario)
    out = []
    for seed in (0, 1):
        world = build_world(scenario, data, seed)
        demand = world.demand
        world = dataclasses.replace(
            world,
            demand=dataclasses.replace(
                demand, profile_two_carer=np.zeros_like(demand.profile_two_carer)
            ),
        )
        for date in (pd.Timestamp("2026-06-03").date(), pd.Timestamp("2026-06-06").date()):
            day = SimDay(date, 1.0, day_type(date), phase(date, scenario.calendar))
            out.append((world, day, simulate_day(world, day, events=True, module=pure_day)))
    return out


def _duty(world, day):
    p = world.scenario.parameters
    return daily_duty(
        world.workforce,
        day.day_type,
        day.date,
        world.seed,
        p.absence_rate,
        p.staff_multiplier,
        vacant=world.workforce_plan.vacant_on(day.date),
        cover_vacancies=p.vacant_shifts == "agency",
    )


def rebuilt_routes(world, day, events) -> tuple[dict[int, np.ndarray], list[str]]:
    """Each team's planned-duty totals (``ROUTE_TOTALS``) rebuilt from the visit trace:
    every planned carer meets at the team's premises, travels to its visits in the order
    it started them (great-circle km x minutes per km + parking), waits for the window,
    visits for the duration (times the team's slowdown after a move), goes back and
    documents. Also the problems found on the way (a start the route does not give)."""
    p = world.scenario.parameters
    duty = _duty(world, day)
    assert len(np.unique(duty.person)) == len(duty.person)  # a carer id names one shift
    team_ids = world.workforce.team_ids
    premises_index = {q: i for i, q in enumerate(world.premises_ids)}
    minutes_per_km, parking = world.travel.minutes_per_km, world.travel.parking_minutes
    cx, cy = world.citizen_x, world.citizen_y
    meetings = (p.meeting_minutes_day, p.meeting_minutes_evening, p.meeting_minutes_night)
    carer = events["carer"]
    order = np.lexsort((events["start"], carer))
    visits_of: dict[int, list[int]] = defaultdict(list)
    for i in order[carer[order] >= 0].tolist():
        visits_of[int(carer[i])].append(i)
    totals: dict[int, np.ndarray] = defaultdict(lambda: np.zeros(len(ROUTE_TOTALS)))
    problems = []
    for person, team, shift, on_call, office in zip(
        duty.person.tolist(),
        duty.team.tolist(),
        duty.shift.tolist(),
        duty.on_call.tolist(),
        duty.office.tolist(),
        strict=True,
    ):
        if on_call or office:
            continue
        since = world.placements.days_since_move(team_ids[team], day.date)
        slow = 1 + (
            p.productivity_loss if since is not None and since < p.productivity_loss_days else 0
        )
        shift_start, shift_end = SHIFT_TIMES[SHIFTS[shift]]
        q = premises_index[world.placements.on(team_ids[team], day.date)]
        home = x, y = world.premises_x[q], world.premises_y[q]
        clock = shift_start + meetings[shift]
        travel = km_sum = wait = visit = 0.0
        done = visits_of.pop(person, [])
        for i in done:
            c = events["citizen"][i]
            km = math.hypot(cx[c] - x, cy[c] - y)
            trip = km * minutes_per_km + parking if km > 0 else 0.0
            start = max(clock + trip, events["window_start"][i])
            if not math.isclose(start, events["start"][i], rel_tol=0, abs_tol=1e-6):
                problems.append(f"carer {person}: visit {i} at {events['start'][i]}, route {start}")
            start = events["start"][i]
            travel, km_sum, wait = travel + trip, km_sum + km, wait + start - clock - trip
            length = events["duration"][i] * slow
            visit += length
            clock, x, y = start + length, cx[c], cy[c]
        if (x, y) != home:
            km = math.hypot(x - home[0], y - home[1])
            travel, km_sum, clock = (
                travel + km * minutes_per_km + parking,
                km_sum + km,
                clock + km * minutes_per_km + parking,
            )
        end = clock + p.documentation_minutes
        totals[team] += [
            travel,
            km_sum,
            visit,
            wait + max(0.0, shift_end - end),
            meetings[shift] + p.documentation_minutes,
            max(end, shift_end) - shift_start,
            max(end - shift_end, 0.0),
            len(done),
            1,
        ]
    problems += [f"carer {person} is not on planned duty" for person in visits_of]
    return totals, problems


def _planned_rows(world, result) -> dict[int, np.ndarray]:
    staff = pd.DataFrame(result.staff).query("duty == 'planned'")
    team_index = {t: i for i, t in enumerate(world.workforce.team_ids)}
    return {
        team_index[row["team"]]: row[list(ROUTE_TOTALS)].to_numpy(dtype=float)
        for _, row in staff.iterrows()
    }


def test_every_visit_starts_where_its_carers_route_puts_it(traced_days):
    """A delivered visit starts when its carer, coming from the previous visit (or the
    meeting), can be there and its window has opened: not before, not later."""
    for world, day, result in traced_days:
        events = result.events
        delivered = events["delivered"]
        assert delivered.sum() > 1000 and (~delivered).sum() > 0
        np.testing.assert_array_equal(events["carer"] >= 0, delivered)
        assert (events["start"][delivered] >= events["window_start"][delivered]).all()
        latest = events["window_end"] + world.scenario.parameters.max_delay_minutes
        assert (events["start"][delivered] <= latest[delivered] + 1e-9).all()
        _, problems = rebuilt_routes(world, day, events)
        assert problems == [], (world.seed, day.date, problems[:5])


def test_staff_tallies_are_the_rebuilt_routes(traced_days):
    """Per team, the planned carers' travel, km, visit, waiting, meeting, paid and overtime
    minutes, visits and carers are those of the routes rebuilt from the trace: paid time
    = travel + visits + waiting + meetings carer by carer, each visit counted once."""
    for world, day, result in traced_days:
        assert result.premises["capacity_wait_min"].sum() == 0  # no queue at the door
        totals, _ = rebuilt_routes(world, day, result.events)
        rows = _planned_rows(world, result)
        assert set(rows) == set(totals)
        for team, row in rows.items():
            np.testing.assert_allclose(
                row,
                totals[team],
                rtol=1e-9,
                atol=1e-6,
                err_msg=f"seed {world.seed}, {day.date}, team {world.workforce.team_ids[team]}",
            )
        assert sum(row[ROUTE_TOTALS.index("visits")] for row in rows.values()) == (
            result.events["delivered"].sum()
        )


def test_served_calls_are_the_on_call_carers_visits(traced_days):
    """Without warm-up, the calls the demand module makes are the calls frame, row for row;
    the on-call carers' visits and minutes with citizens are the served calls and their
    durations; a call goes unserved only in a pool with no on-call carer in the last shift
    (which serves every call left)."""
    for world, day, result in traced_days:
        p = world.scenario.parameters
        calls = make_calls(
            world.demand,
            day.date,
            world.demand_factor(day.date),
            world.seed,
            p.unplanned_warmup_minutes,
            p.duration_distribution,
        )
        frame = result.calls
        assert calls.counted.all() and len(frame["served"]) == len(calls.time) > 100
        np.testing.assert_array_equal(frame["call_time"], calls.time)
        served = frame["served"]
        staff = pd.DataFrame(result.staff).query("duty == 'on_call'")
        assert staff["visits"].sum() == served.sum()
        np.testing.assert_allclose(staff["visit_min"].sum(), calls.duration[served].sum())
        duty = _duty(world, day)
        pooled = p.pool_from_flyt2 and day.date >= world.scenario.calendar.flyt2
        pool_of_team = world.unplanned_pool[pooled]
        last = SHIFTS.index("night")
        drained = {
            int(pool_of_team[team])
            for team, shift, on_call in zip(duty.team, duty.shift, duty.on_call, strict=True)
            if on_call and shift == last
        }
        in_drained = np.isin(frame["pool"], sorted(drained))
        assert served[in_drained].all()  # the night's on-call carer serves every call left
        assert not in_drained[~served].any()  # so an unserved call is in a pool without one
