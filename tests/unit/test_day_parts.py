"""The parts of sim.model.day on small hand-built situations with known answers: the premises'
capacity, the alarm-call queue, and the dispatch of planned visits (run by the engine,
both ways)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.model.day import (
    CAPACITY_WAIT,
    DELIVERED,
    END,
    KM,
    MEETING,
    PENDING,
    TALLY_COLUMNS,
    TRAVEL,
    UNFIT,
    VISIT,
    VISITS,
    WAIT,
    CallQueue,
    Carers,
    DayCalls,
    DayLegs,
    Premises,
    Rules,
    TeamMeeting,
    VisitQueue,
)
from sim.model.engine import MODES, Engine


def blank() -> list[float]:
    return [0.0] * (len(TALLY_COLUMNS) - 1) + [math.nan]


# ---- premises


def test_premises_let_in_up_to_their_capacity_and_the_rest_wait_for_the_first_place():
    site = Premises(2)
    tallies = [blank() for _ in range(3)]
    assert [site.arrive(0.0, 10.0, t) for t in tallies] == [10.0, 10.0, 20.0]
    assert (site.delayed, site.wait_minutes, site.peak, site.peak_time) == (1, 10.0, 3, 0.0)
    assert [t[MEETING] for t in tallies] == [10.0, 10.0, 10.0]
    assert [t[WAIT] for t in tallies] == [0.0, 0.0, 10.0]
    assert [t[CAPACITY_WAIT] for t in tallies] == [0.0, 0.0, 10.0]
    # once the first two have left there is room again at once
    assert site.arrive(12.0, 5.0, blank()) == 17.0
    assert site.delayed == 1


def test_people_waiting_outside_get_in_first_come_first_served():
    site = Premises(1)
    tallies = [blank() for _ in range(3)]
    leave = [
        site.arrive(now, stay, t)
        for now, stay, t in zip([0, 1, 2], [10, 5, 5], tallies, strict=True)
    ]
    assert leave == [10, 15, 20]
    assert [t[CAPACITY_WAIT] for t in tallies] == [0, 9, 13]
    # at 2: one inside, two waiting outside
    assert (site.peak, site.peak_time, site.delayed, site.wait_minutes) == (3, 2, 2, 22)


def test_a_team_meeting_starts_when_the_last_of_the_team_is_inside():
    site = Premises(2)
    site.arrive(0.0, 5.0, blank())  # someone documenting until 5
    team = [blank(), blank()]
    assert site.meet(0.0, team, 10.0, 15.0) == [15.0, 15.0]  # the second gets in at 5
    assert [t[CAPACITY_WAIT] for t in team] == [0.0, 5.0]
    assert [t[WAIT] for t in team] == [5.0, 5.0]  # the first waits inside for the second
    assert [t[MEETING] for t in team] == [10.0, 10.0]
    assert (site.delayed, site.wait_minutes) == (1, 5.0)
    assert site.arrive(6.0, 1.0, blank()) == 16.0  # both places are held until 15


def test_a_carer_who_cannot_get_in_within_the_door_wait_skips_the_meeting():
    site = Premises(2)
    site.arrive(0.0, 5.0, blank())
    team = [blank(), blank()]
    assert site.meet(0.0, team, 10.0, 3.0) == [10.0, 3.0]  # starts on time without it
    assert [t[MEETING] for t in team] == [10.0, 0.0]
    assert [t[CAPACITY_WAIT] for t in team] == [0.0, 3.0]
    assert site.peak == 3  # one inside, the team: one inside and one at the door
    other = Premises(2)
    other.arrive(0.0, 5.0, blank())
    assert other.meet(0.0, [blank(), blank()], 10.0, 0.0) == [10.0, 0.0]  # "skip": at once


def test_a_team_larger_than_the_premises_meets_in_what_room_there_is():
    """The rest cannot get in until the team itself leaves: they skip the meeting after the
    door wait (waiting for the team would never end)."""
    site = Premises(2)
    team = [blank(), blank(), blank()]
    assert site.meet(0.0, team, 10.0, 15.0) == [10.0, 10.0, 15.0]
    assert [t[MEETING] for t in team] == [10.0, 10.0, 0.0]


# ---- the alarm-call queue


def test_calls_wait_first_come_first_served_and_their_waiting_is_time_weighted():
    queue = CallQueue(counted_from=0.0)
    queue.arrive(7, 1.0, 0.0, 0.0)
    queue.arrive(3, 3.0, 0.0, 0.0)
    assert queue.take(4.0) == 7
    assert queue.take(6.0) == 3
    # one call waits 1-3, two 3-4, one 4-6
    assert queue.waiting_minutes == 1 * 2 + 2 * 1 + 1 * 2
    assert queue.last_change == 6.0


def test_waiting_before_counted_from_is_not_counted():
    queue = CallQueue(counted_from=10.0)
    queue.arrive(0, 5.0, 0.0, 0.0)
    assert queue.waiting_minutes == 0.0
    assert queue.take(12.0) == 0
    assert queue.waiting_minutes == 2.0


def test_a_call_goes_to_the_nearest_idle_carer_the_first_of_equals():
    env = Engine(0.0)
    far, near, equally_near = env.event(), env.event(), env.event()
    queue = CallQueue(0.0)
    queue.idle = [(far, 0.0, 0.0), (near, 5.0, 0.0), (equally_near, 3.0, 0.0)]
    queue.arrive(42, 1.0, 4.0, 0.0)
    assert near.triggered and near.value == 42
    assert not far.triggered and not equally_near.triggered
    assert [entry[0] for entry in queue.idle] == [far, equally_near]
    assert not queue.calls and queue.waiting_minutes == 0.0


# ---- dispatch: one or two planned carers on a small queue, home at (0, 0), 1 min per km


def day_of(visits, mode, slack=15.0, horizon=60.0, tolerance=0.0):
    """``visits``: (window start, latest start, x, duration, regular person or -1), in
    window order (one queue)."""
    ws, latest, x, duration, regular = zip(*visits, strict=True)
    legs = DayLegs(ws, latest, x, [0.0] * len(x), duration, [[r] for r in regular])
    engine = Engine(0.0, mode)
    rules = Rules(
        minutes_per_km=1.0,
        parking=0.0,
        horizon=horizon,
        continuity_slack=slack,
        tolerance=tolerance,
        documentation=0.0,
    )
    return engine, legs, Carers(engine, legs, DayCalls([], [], [], [], [], []), rules, {})


def run_carers(engine, carers, legs, people, shift_end=100.0):
    queue = VisitQueue(0, legs.n)
    site = Premises(10)
    tallies = [blank() for _ in people]
    meeting = TeamMeeting(site, 0.0, math.inf)
    engine.start(
        [
            carers.planned(
                t, person, 0, meeting, meeting.join(t), queue, site, 0.0, 0.0, shift_end, 1.0
            )
            for t, person in zip(tallies, people, strict=True)
        ]
    )
    engine.run()
    return queue, tallies


@pytest.mark.parametrize("mode", MODES)
def test_a_carer_takes_the_visit_it_can_start_earliest(mode):
    engine, legs, carers = day_of([(0.0, 100.0, 10.0, 5.0, -1), (0.0, 100.0, 1.0, 5.0, -1)], mode)
    queue, (t,) = run_carers(engine, carers, legs, [0])
    assert list(legs.state[:2]) == [DELIVERED, DELIVERED]
    assert legs.start == [15.0, 1.0]  # the near one first (at 1), then 9 km on
    assert legs.carer == [0, 0]
    assert not queue.pending
    assert (t[TRAVEL], t[KM], t[VISIT], t[VISITS]) == (20.0, 20.0, 10.0, 2)  # 1 + 9 + 10 home
    assert t[END] == 30.0 and t[WAIT] == 100.0 - 30.0  # done early: the rest of the shift


@pytest.mark.parametrize("mode", MODES)
def test_a_carer_takes_its_own_citizen_first_if_it_starts_within_the_slack(mode):
    visits = [(0.0, 100.0, 10.0, 5.0, 0), (0.0, 100.0, 1.0, 5.0, -1)]
    engine, legs, carers = day_of(visits, mode, slack=9.0)
    run_carers(engine, carers, legs, [0])
    assert legs.start == [10.0, 24.0]  # its own (far) one first: at 10, 9 min after 1


@pytest.mark.parametrize("mode", MODES)
def test_an_own_citizen_further_than_the_slack_waits_for_later(mode):
    visits = [(0.0, 100.0, 10.0, 5.0, 0), (0.0, 100.0, 1.0, 5.0, -1)]
    engine, legs, carers = day_of(visits, mode, slack=8.0)
    run_carers(engine, carers, legs, [0])
    assert legs.start == [15.0, 1.0]  # 9 min later is too much: the near one first


@pytest.mark.parametrize("mode", MODES)
def test_a_visit_past_its_latest_start_is_unfit_when_the_carer_is_free(mode):
    engine, legs, carers = day_of([(0.0, 100.0, 1.0, 5.0, -1), (0.0, 3.0, 2.0, 5.0, -1)], mode)
    run_carers(engine, carers, legs, [0])
    assert list(legs.state[:2]) == [DELIVERED, UNFIT]  # free at 6: its latest start was 3


@pytest.mark.parametrize("mode", MODES)
def test_with_nothing_within_the_horizon_the_carer_waits_for_the_next_window(mode):
    visits = [(100.0, 200.0, 10.0, 5.0, -1), (200.0, 300.0, 1.0, 5.0, -1)]
    engine, legs, carers = day_of(visits, mode, horizon=60.0)
    _, (t,) = run_carers(engine, carers, legs, [0], shift_end=400.0)
    assert legs.start == [100.0, 200.0]
    assert t[WAIT] == (100.0 - 10.0) + (200.0 - 114.0) + (400.0 - 206.0)


@pytest.mark.parametrize("mode", MODES)
def test_a_visit_that_cannot_start_in_time_is_unfit_and_the_carer_goes_on(mode):
    engine, legs, carers = day_of([(0.0, 5.0, 10.0, 5.0, -1), (0.0, 100.0, 1.0, 5.0, 0)], mode)
    queue, (t,) = run_carers(engine, carers, legs, [0])
    # its own visit first (at 1); then the far one could start at 10, after its latest 5
    assert list(legs.state[:2]) == [UNFIT, DELIVERED]
    assert math.isnan(legs.start[0]) and legs.carer[0] == -1
    assert not queue.pending and t[VISITS] == 1


@pytest.mark.parametrize("mode", MODES)
def test_no_visit_starts_after_the_shift_end_and_tolerance(mode):
    visits = [(0.0, 100.0, 1.0, 30.0, -1), (0.0, 100.0, 2.0, 5.0, -1)]
    engine, legs, carers = day_of(visits, mode, tolerance=5.0)
    queue, (t,) = run_carers(engine, carers, legs, [0], shift_end=20.0)
    assert list(legs.state[:2]) == [DELIVERED, PENDING]  # the second would start at 32 > 25
    assert queue.pending == [1]
    assert t[END] == 32.0 and t[WAIT] == 0.0


@pytest.mark.parametrize("mode", MODES)
def test_two_carers_share_a_queue_and_skip_own_visits_taken_already(mode):
    visits = [(0.0, 100.0, 1.0, 5.0, 1), (0.0, 100.0, 2.0, 5.0, 1), (0.0, 100.0, 8.0, 5.0, -1)]
    engine, legs, carers = day_of(visits, mode)
    # person 0 starts first: takes the nearest (person 1's own citizen); person 1 then
    # takes its other own visit; each visit once
    queue, _ = run_carers(engine, carers, legs, [0, 1])
    assert legs.carer[:2] == [0, 1]
    assert legs.start[:2] == [1.0, 2.0]
    assert legs.carer[2] in (0, 1) and list(legs.state[:3]) == [DELIVERED] * 3
    assert not queue.pending


@pytest.mark.parametrize("mode", MODES)
def test_an_on_call_carer_answers_a_call_and_waits_for_the_next_until_the_shift_ends(mode):
    engine = Engine(0.0, mode)
    calls = DayCalls([10.0], [3.0], [0.0], [5.0], [0], [0])
    rules = Rules(1.0, 0.0, 60.0, 5, 0.0, 0.0, last_shift_end=1000.0)
    no_legs = DayLegs([], [], [], [], [], np.empty((0, 1), dtype=np.int64))
    queue, t = CallQueue(0.0, 0), blank()
    carers = Carers(engine, no_legs, calls, rules, {0: queue})
    engine.start([carers.feeder(queue, [0])])
    site = Premises(5)
    meeting = TeamMeeting(site, 0.0, math.inf)
    engine.start([carers.on_call(t, queue, site, 0.0, 0.0, 100.0, meeting, meeting.join(t))])
    engine.run()
    assert calls.arrival.tolist() == [13.0]
    assert (t[TRAVEL], t[VISIT], t[VISITS]) == (6.0, 5.0, 1)  # there and home again
    assert t[WAIT] == 10.0 + (100.0 - 18.0)  # idle before the call, idle until the end
    assert t[END] == 103.0
