"""The SimPy model of one care day (07:00 to 07:00 the next morning): the hot path of a
run, compiled with Cython when it has been built (``sim.model.compiled``; the same source runs
as pure Python otherwise, with the same results).

One process per carer, not per visit: a method of ``Carers`` that yields the minutes to
hold or an event to wait for, run by ``sim.model.engine`` (the only code that touches SimPy's
internals; ``simulate(..., mode="reference")`` runs the same carers on public SimPy).
A planned-visit carer meets its team at the team's premises (the meeting starts when the
team is inside), then repeatedly takes the next visit from the queue of its pool (the teams
that share citizens): the one it can start earliest, or its own citizen's (contact group)
if that can start at most ``continuity_slack_minutes`` later; it travels, waits for the
window if early, visits, and at the end returns to the premises to document. Travel,
waiting and the visit are one hold. On-call carers serve alarm calls first-come-first-served
from a queue per pool; a call nobody of its pool has taken within
``call_escalation_minutes`` goes to the nearest free on-call carer of another pool.
Premises hold at most their capacity at once; people beyond it wait outside, and that wait
is measured. The parts (``Premises``, ``CallQueue``, ``Carers``)
work on plain lists and can be tried alone (tests/unit/test_day_parts.py).
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import deque
from dataclasses import dataclass
from heapq import heappop, heappush
from itertools import chain
from typing import TYPE_CHECKING

import numpy as np
import simpy

from sim.inputs.dataset import ORGANISATIONS, SHIFTS, VISIT_TYPES
from sim.model.demand import DAY_START, SHIFT_TIMES, make_calls, make_visits
from sim.model.engine import Engine
from sim.model.frames import DayResult
from sim.model.horizon import SimDay

if TYPE_CHECKING:
    from sim.model.world import World

PENDING, DELIVERED, UNFIT = 0, 1, 2
OFFICE_MINUTES = SHIFT_TIMES["day"][1] - SHIFT_TIMES["day"][0]  # leaders, administration


class VisitQueue:
    """The waiting visits of one pool, skill and shift: the positions ``first`` to
    ``stop`` in the day's visit lists (sorted by queue, then window start). ``pending``
    holds those that nobody has taken yet, in window order, so the dispatch looks only
    at waiting visits (a taken visit is deleted from it). ``called``: the waiting second
    legs of two-carer visits whose first carer is on the way or waiting at the door."""

    __slots__ = ("first", "stop", "pending", "called")

    def __init__(self, first: int, stop: int):
        self.first, self.stop = first, stop
        self.pending = list(range(first, stop))
        self.called: list[int] = []


class Premises:
    """A premises with room for ``capacity`` people at once; people beyond it wait outside
    and enter first come, first served.

    Every stay at a premises (meeting, documentation, office day) has a length known on
    arrival, so the place a newcomer gets is the earliest one to come free: the premises
    needs no SimPy events of its own. ``arrive`` must be called in time order, which the
    simulation clock guarantees."""

    __slots__ = (
        "capacity",
        "departures",
        "entries",
        "peak",
        "peak_time",
        "delayed",
        "wait_minutes",
        "people",
    )

    def __init__(self, capacity: int):
        self.capacity = capacity
        self.departures: list[float] = []  # heap: when each place is given up
        self.entries: list[float] = []  # heap: when each person still outside gets in (or gives up)
        self.peak = 0
        self.peak_time = 0.0
        self.delayed = 0
        self.wait_minutes = 0.0
        self.people = 0

    def arrive(self, now: float, minutes: float, tally: list[float]) -> float:
        """Register a stay of ``minutes`` from ``now``; returns the time of leaving."""
        departures, entries = self.departures, self.entries
        while departures and departures[0] <= now:
            heappop(departures)
        while entries and entries[0] <= now:
            heappop(entries)
        if len(departures) < self.capacity:
            entry = now
        else:
            entry = heappop(departures)  # take over the place that frees first
            heappush(entries, entry)
            self.delayed += 1
            self.wait_minutes += entry - now
            tally[WAIT] += entry - now
            tally[CAPACITY_WAIT] += entry - now
        heappush(departures, entry + minutes)
        present = len(departures) + len(entries)  # inside or waiting outside
        if present > self.peak:
            self.peak, self.peak_time = present, now
        tally[MEETING] += minutes
        return entry + minutes

    def meet(self, now: float, tallies: list[list], minutes: float, door_wait: float) -> list:
        """A team arrives at ``now`` for its shift meeting of ``minutes``. Each person gets in
        first come, first served; the meeting starts when the last of them who gets in is
        inside, and those inside wait for it. Whoever cannot get in within ``door_wait``
        minutes (0: at once), or only when the team itself leaves (the room is too small for
        it), skips the meeting. Returns, per person, when they are ready for work: the
        meeting's end, or for one who skips it when they give up at the door."""
        departures, entries = self.departures, self.entries
        while departures and departures[0] <= now:
            heappop(departures)
        while entries and entries[0] <= now:
            heappop(entries)
        free = self.capacity - len(departures)
        entry: list[float] = []  # of those who get in, in order
        for _ in tallies:
            if free > 0:
                free -= 1
                entry.append(now)
            elif departures and departures[0] - now <= door_wait:
                entry.append(heappop(departures))  # the place that frees first
            else:
                break  # the rest of the team cannot get in in time
        inside = len(entry)
        start = max(entry) if entry else now
        end = start + minutes
        give_up = now + door_wait
        ready: list[float] = []
        for k, tally in enumerate(tallies):
            if k < inside:
                waited = entry[k] - now
                if waited > 0:
                    heappush(entries, entry[k])
                    self.delayed += 1
                    self.wait_minutes += waited
                    tally[CAPACITY_WAIT] += waited
                heappush(departures, end)
                tally[WAIT] += start - now  # at the door, then inside for the team
                tally[MEETING] += minutes
                ready.append(end)
            else:  # waits at the door until it gives up, and skips the meeting
                heappush(entries, give_up)  # outside until then
                self.delayed += 1
                self.wait_minutes += give_up - now
                tally[CAPACITY_WAIT] += give_up - now
                tally[WAIT] += give_up - now
                ready.append(give_up)
        present = len(departures) + len(entries)  # inside or waiting outside
        if present > self.peak:
            self.peak, self.peak_time = present, now
        return ready


class TeamMeeting:
    """The shift meeting of one team's carers who start a shift together at one premises:
    the first of them to start has the whole team arrive (``Premises.meet``), and each reads
    when it is ready for work (``ready``)."""

    __slots__ = ("site", "minutes", "door_wait", "tallies", "times")

    def __init__(self, site: Premises, minutes: float, door_wait: float):
        self.site, self.minutes, self.door_wait = site, minutes, door_wait
        self.tallies: list[list] = []
        self.times: list[float] | None = None

    def join(self, tally: list) -> int:
        """Add a member (before the day runs); returns its number."""
        self.tallies.append(tally)
        return len(self.tallies) - 1

    def ready(self, member: int, now: float) -> float:
        if self.times is None:
            self.times = self.site.meet(now, self.tallies, self.minutes, self.door_wait)
        return self.times[member]


class CallQueue:
    """Alarm calls of one pool (``pool``; -1 for the calls escalated from every pool), first
    come first served. A call that finds on-call carers idle goes to the nearest of them.

    Keeps a time-weighted record of how many calls wait, from ``counted_from`` on."""

    __slots__ = ("pool", "calls", "idle", "counted_from", "last_change", "waiting_minutes")

    def __init__(self, counted_from: float, pool: int = -1):
        self.pool = pool
        self.calls: deque[int] = deque()
        self.idle: list[tuple[simpy.Event, float, float]] = []  # (wake-up, x, y)
        self.counted_from = counted_from
        self.last_change = counted_from
        self.waiting_minutes = 0.0  # integral of the queue length over time

    def _record(self, now: float) -> None:
        if now > self.counted_from:
            self.waiting_minutes += len(self.calls) * (
                now - max(self.last_change, self.counted_from)
            )
            self.last_change = now

    def arrive(self, call: int, now: float, x: float, y: float) -> bool:
        """A call arrives: to the nearest idle carer, or it waits (returns True)."""
        if self.idle:
            self.idle.pop(self.nearest(x, y)[0])[0].succeed(call)
            return False
        self._record(now)
        self.calls.append(call)
        return True

    def nearest(self, x: float, y: float) -> tuple[int, float]:
        """The position in ``idle`` of the idle carer nearest (x, y) and the km to it."""
        nearest, shortest = 0, math.inf
        for k, (_, ix, iy) in enumerate(self.idle):
            km = math.hypot(ix - x, iy - y)
            if km < shortest:  # the first of equals, as ``min`` takes it
                nearest, shortest = k, km
        return nearest, shortest

    def take(self, now: float) -> int:
        self._record(now)
        return self.calls.popleft()

    def withdraw(self, call: int, now: float) -> None:
        """The waiting call ``call`` leaves the queue (it is escalated)."""
        self._record(now)
        self.calls.remove(call)


# Columns of the per-carer tally
TRAVEL, VISIT, WAIT, MEETING, CAPACITY_WAIT, PAIR_WAIT, KM, VISITS, CALLS, ALONE, END = range(11)
TALLY_COLUMNS = (
    "travel_min",
    "visit_min",
    "wait_min",
    "meeting_min",
    "capacity_wait_min",  # of the waiting: at a full premises' door
    "pair_wait_min",  # of the waiting: for the other carer of a two-carer visit
    "km",
    "visits",
    "calls",  # alarm calls answered (an on-call carer's visits are its calls)
    "alone",  # two-carer visits it went to and waited at in vain for the second carer
    "end",
)


class DayLegs:
    """The day's visit legs as Python lists (the carers read one number at a time), in
    queue order: sorted by queue, then window start, so that a queue (``VisitQueue``) is
    a run of positions. ``regular`` holds a row per leg: the ids of the people of the
    citizen's contact group (-1 for none). What happened is kept by position: ``state``
    (PENDING, DELIVERED or UNFIT), when the visit started and who made it."""

    __slots__ = (
        "n",
        "window_start",
        "latest",
        "x",
        "y",
        "duration",
        "own_keys",
        "own_position",
        "state",
        "start",
        "carer",
        "partner",
        "joint",
        "partner_missing",
    )

    def __init__(self, window_start, latest, x, y, duration, regular, partner=None):
        n = len(window_start)
        self.n = n
        # a position past the last (``n``): never taken, its window at infinity
        self.window_start = [*np.asarray(window_start, dtype=float).tolist(), math.inf]
        self.latest = np.asarray(latest, dtype=float).tolist()  # the latest start
        self.x = np.asarray(x, dtype=float).tolist()
        self.y = np.asarray(y, dtype=float).tolist()
        self.duration = np.asarray(duration, dtype=float).tolist()
        # Each person's own visits (the person is in the citizen's contact group), as
        # sorted numbers person * n + position: a person's own visits in a queue are a run
        regular = np.asarray(regular, dtype=np.int64)  # a row per leg
        own_keys = (regular * n + np.arange(n)[:, None])[regular >= 0]
        own_keys.sort()
        self.own_position = (own_keys % n).tolist() if n else []
        self.own_keys = own_keys.tolist()
        self.state = bytearray(n + 1)
        self.start = [math.nan] * n
        self.carer = [-1] * n
        # two-carer visits: the position of the other leg (-1 for none); for a first leg
        # taken, the event its carer waits for and when it is at the door
        self.partner = [-1] * n if partner is None else np.asarray(partner).tolist()
        self.joint: dict[int, tuple[simpy.Event, float]] = {}
        self.partner_missing = bytearray(n)  # the first carer gave up: the second never came

    def own(self, person: int, queue: VisitQueue) -> list[int]:
        """The positions of ``person``'s own visits in ``queue``, in window order, and then
        the position past the last (never taken)."""
        keys, base = self.own_keys, person * self.n
        lo = bisect_left(keys, base + queue.first)
        return [*self.own_position[lo : bisect_left(keys, base + queue.stop, lo)], self.n]


class DayCalls:
    """The day's alarm calls as Python lists: each call's on-call pool and planned-visit pool
    (-1 for none), when a carer reached it (NaN if none) and whether a carer of another pool
    did (it was escalated)."""

    __slots__ = ("time", "x", "y", "duration", "pool", "planned_pool", "arrival", "escalated")

    def __init__(self, time, x, y, duration, pool, planned_pool):
        self.time = np.asarray(time, dtype=float).tolist()
        self.x = np.asarray(x, dtype=float).tolist()
        self.y = np.asarray(y, dtype=float).tolist()
        self.duration = np.asarray(duration, dtype=float).tolist()
        self.pool = np.asarray(pool, dtype=np.int64).tolist()
        self.planned_pool = np.asarray(planned_pool, dtype=np.int64).tolist()
        self.arrival = np.full(len(self.time), np.nan)
        self.escalated = bytearray(len(self.time))


@dataclass(frozen=True)
class Rules:
    """How carers travel and choose their next visit (from the scenario's parameters)."""

    minutes_per_km: float
    parking: float  # minutes per trip
    horizon: float  # a visit is considered if it may start within this many minutes
    continuity_slack: float  # an own citizen's visit first if it starts at most this much later
    tolerance: float  # no visit starts later than this after the shift's end
    documentation: float  # minutes at the premises at the end of a shift
    pair_wait: float = 30.0  # the first carer of a two-carer visit waits this long at most
    escalation: float = math.inf  # a call still waiting this long goes to another pool
    escalate_to_planned: bool = False  # ... and then to a planned-visit carer of its pool
    last_shift_end: float = SHIFT_TIMES["night"][1]  # its carers serve every call left


class Carers:
    """What the carers of one day do: each method that yields is one carer's process, run
    by ``sim.model.engine`` (it yields the minutes to hold, or an event to wait for). They share
    the day's legs and calls (what happened to them is written there) and the per-carer
    tallies (a list of ``TALLY_COLUMNS`` per carer)."""

    def __init__(
        self,
        engine: Engine,
        legs: DayLegs,
        calls: DayCalls,
        rules: Rules,
        call_queues: dict[int, CallQueue],
    ):
        self.engine, self.legs, self.calls, self.rules = engine, legs, calls, rules
        self.call_queues = call_queues  # pool -> its calls (filled before the day runs)
        self.escalated = CallQueue(DAY_START)  # calls no carer of their pool has taken in time

    def planned(
        self,
        t: list,
        person: int,
        pool: int,
        meeting: TeamMeeting,
        member: int,
        queue: VisitQueue | None,
        site: Premises,
        hx: float,
        hy: float,
        shift_end: float,
        slow: float,
    ):
        """A planned-visit carer of planned-visit pool ``pool``: the meeting at the premises,
        then the visits of its queue one after the other (see the dispatch below), home and
        documentation. If the scenario says so, it answers its pool's escalated alarm calls
        (``Rules.escalate_to_planned``) before its next visit."""
        legs, rules, calls = self.legs, self.rules, self.calls
        escalated = self.escalated.calls
        to_planned = rules.escalate_to_planned
        # typed locals: compiled, Cython indexes builtin lists and bytearrays directly
        state: bytearray = legs.state
        ws: list = legs.window_start
        latest: list = legs.latest
        qx: list = legs.x
        qy: list = legs.y
        dur: list = legs.duration
        start_at: list = legs.start
        carer_at: list = legs.carer
        partner: list = legs.partner
        joint: dict = legs.joint
        minutes_per_km, parking = rules.minutes_per_km, rules.parking
        horizon, slack = rules.horizon, rules.continuity_slack
        hypot, inf = math.hypot, math.inf
        now = self.engine.now  # kept in step with the clock: after ``yield d`` it is now + d
        clock = meeting.ready(member, now)
        yield clock - now  # the meeting (or the wait at the door)
        now = clock
        x, y = hx, hy
        travel_sum = visit_sum = wait_sum = km_sum = 0.0
        done = 0
        latest_start = shift_end + rules.tolerance
        pending: list[int] = []
        own = [legs.n]  # the carer's own visits in its queue, in window order, then none
        if queue is not None:
            pending = queue.pending
            own = legs.own(person, queue)
        o = 0
        while pending:
            if to_planned and escalated and clock < shift_end:
                c = self._take_escalated(pool, now)
                if c >= 0:  # an escalated call of this pool first
                    km = hypot(calls.x[c] - x, calls.y[c] - y)
                    trip = km * minutes_per_km + parking if km > 0 else 0.0
                    calls.arrival[c] = clock + trip
                    travel_sum += trip
                    km_sum += km
                    visit_sum += calls.duration[c]
                    t[CALLS] += 1
                    x, y = calls.x[c], calls.y[c]
                    delay = clock + trip + calls.duration[c] - now
                    yield delay
                    now += delay
                    clock = now
                    continue
            # The next visit: the one that can start earliest (travel from here included,
            # the first of equals) among the visits that may start within the horizon; but
            # the carer's own citizen (contact group) first, if that visit can start at most
            # ``slack`` minutes after it. If none may start within the horizon: the next in
            # window order (and wait for it). A visit whose latest start has passed can be
            # made by nobody: it does not fit.
            while latest[pending[0]] < clock:
                state[pending[0]] = UNFIT
                del pending[0]
                if not pending:
                    break
            if not pending:
                break
            limit = clock + horizon
            best, best_start, km = 0, inf, -1.0
            called = queue.called
            if called:
                called[:] = [j for j in called if not state[j]]
            if called:  # a colleague waits for a second carer: the nearest such visit first
                i = called[0]
                km = hypot(qx[i] - x, qy[i] - y)
                for j in called:
                    d = hypot(qx[j] - x, qy[j] - y)
                    if d < km:
                        i, km = j, d
                best = bisect_left(pending, i)
            else:
                for k, j in enumerate(pending):
                    w = ws[j]
                    if w > limit or w >= best_start:
                        break  # the later ones start no earlier (window order)
                    d = hypot(qx[j] - x, qy[j] - y)
                    start = clock + d * minutes_per_km + parking if d > 0 else clock
                    if start < w:
                        start = w
                    if start < best_start:
                        best, best_start, km = k, start, d
                mine = own[o]
                while state[mine]:  # taken already (the position past the last never is)
                    o += 1
                    mine = own[o]
                if ws[mine] <= limit:
                    d = hypot(qx[mine] - x, qy[mine] - y)
                    start = clock + d * minutes_per_km + parking if d > 0 else clock
                    if start < ws[mine]:
                        start = ws[mine]
                    if start <= best_start + slack:
                        best, km = bisect_left(pending, mine), d
            i = pending[best]
            if km < 0:  # none may start within the horizon
                km = hypot(qx[i] - x, qy[i] - y)
            trip = km * minutes_per_km + parking if km > 0 else 0.0
            start = clock + trip
            if start < ws[i]:
                start = ws[i]
            if start > latest_start:
                break
            del pending[best]
            if start > latest[i]:
                state[i] = UNFIT
                continue
            mate = partner[i]
            if mate >= 0 and state[mate] and mate not in joint:
                state[i] = UNFIT  # the other leg cannot be made: nor can the visit
                continue
            length = dur[i] * slow
            state[i] = DELIVERED
            there = start  # at the door
            if mate >= 0:
                entry = joint.pop(mate, None)
                if entry is not None:  # the second: the first is there or on the way
                    wake, first_there = entry
                    if wake.triggered:  # the first gives up at this very moment
                        state[i] = UNFIT
                        continue
                    if first_there > start:
                        start = first_there
                    wake.succeed(start)
                else:  # the first: the second is called, and the first waits for it
                    wake = self.engine.event()
                    joint[i] = (wake, there)
                    queue.called.append(mate)
                    give_up = there + rules.pair_wait
                    if give_up > latest[i]:
                        give_up = latest[i]
                    self.engine.timeout(give_up - now).callbacks.append(self._give_up(wake))
                    yield wake
                    now = self.engine.now
                    together = wake.value
                    if together is None:  # the second carer never came
                        joint.pop(i, None)
                        state[i] = UNFIT
                        legs.partner_missing[i] = 1
                        if not state[mate]:
                            state[mate] = UNFIT
                            pending.remove(mate)
                        travel_sum += trip
                        km_sum += km
                        wait_sum += now - (clock + trip)
                        t[PAIR_WAIT] += now - there
                        t[ALONE] += 1
                        x, y = qx[i], qy[i]
                        clock = now
                        continue
                    start = together
                t[PAIR_WAIT] += start - there
            start_at[i] = start
            carer_at[i] = person
            travel_sum += trip
            km_sum += km
            wait_sum += start - (clock + trip)
            visit_sum += length
            done += 1
            x, y = qx[i], qy[i]
            delay = start + length - now
            yield delay
            now += delay
            clock = now
        t[TRAVEL] += travel_sum
        t[VISIT] += visit_sum
        t[WAIT] += wait_sum
        t[KM] += km_sum
        t[VISITS] += done
        yield from self._go_home(t, x, y, hx, hy)
        self._clock_off(t, site, shift_end)

    def on_call(
        self,
        t: list,
        queue: CallQueue,
        site: Premises,
        hx: float,
        hy: float,
        shift_end: float,
        meeting: TeamMeeting | None,
        member: int = 0,
    ):
        """An on-call carer: the meeting (unless ``meeting`` is None: no premises), then
        the calls of its queue first come first served until the shift ends (the last
        shift: until none is left), home and documentation."""
        engine, calls, rules = self.engine, self.calls, self.rules
        call_x, call_y, call_duration, call_arrival = (
            calls.x,
            calls.y,
            calls.duration,
            calls.arrival,
        )
        minutes_per_km, parking = rules.minutes_per_km, rules.parking
        hypot = math.hypot
        call_time, call_pool, call_escalated = calls.time, calls.pool, calls.escalated
        escalated = self.escalated
        if meeting is not None:
            yield meeting.ready(member, engine.now) - engine.now
        x, y = hx, hy
        drain = shift_end >= rules.last_shift_end  # the last shift serves every call left
        waiting: list[simpy.Event | None] = [None]

        def end_of_shift(_event):
            wake = waiting[0]
            if wake is not None and not wake.triggered:
                queue.idle[:] = [entry for entry in queue.idle if entry[0] is not wake]
                wake.succeed(None)

        if engine.now < shift_end:
            engine.timeout(shift_end - engine.now).callbacks.append(end_of_shift)
        while True:
            now = engine.now
            if (queue.calls or escalated.calls) and (now < shift_end or drain):
                # the call that has waited longest: of its own pool, or escalated
                if escalated.calls and (
                    not queue.calls or call_time[escalated.calls[0]] < call_time[queue.calls[0]]
                ):
                    i = escalated.take(now)
                else:
                    i = queue.take(now)
            elif now < shift_end:
                waiting[0] = wake = engine.event()
                queue.idle.append((wake, x, y))
                yield wake
                i = wake.value
                waiting[0] = None
                t[WAIT] += engine.now - now
                if i is None:
                    break
            else:
                break
            km = hypot(call_x[i] - x, call_y[i] - y)
            trip = km * minutes_per_km + parking if km > 0 else 0.0
            call_arrival[i] = engine.now + trip
            call_escalated[i] = call_pool[i] != queue.pool
            t[TRAVEL] += trip
            t[KM] += km
            t[VISIT] += call_duration[i]
            t[VISITS] += 1
            t[CALLS] += 1
            x, y = call_x[i], call_y[i]
            yield trip + call_duration[i]
        yield from self._go_home(t, x, y, hx, hy)
        self._clock_off(t, site if meeting is not None else None, shift_end)

    def feeder(self, queue: CallQueue, indices: list[int]):
        """The alarm calls ``indices`` (in time order) arriving at ``queue``; a call that has to
        wait is escalated if it still waits ``Rules.escalation`` minutes later (when there are
        other pools to escalate to)."""
        engine, calls = self.engine, self.calls
        call_time, call_x, call_y = calls.time, calls.x, calls.y
        wait = self.rules.escalation
        escalates = wait < math.inf and (
            len(self.call_queues) > 1 or self.rules.escalate_to_planned
        )
        now = engine.now
        for i in indices:
            yield call_time[i] - now
            now = call_time[i]
            if queue.arrive(i, now, call_x[i], call_y[i]) and escalates:
                engine.timeout(wait).callbacks.append(self._escalation(queue, i))

    def _escalation(self, queue: CallQueue, i: int):
        """The callback that escalates call ``i`` if it still waits in ``queue``: to the
        nearest idle on-call carer of another pool, or else to the queue of escalated calls
        (which every on-call carer serves with its own, the longest-waiting first, and, if the
        scenario says so, the planned-visit carers of the call's pool)."""

        def escalate(_event) -> None:
            if i not in queue.calls:
                return  # taken already
            now = self.engine.now
            queue.withdraw(i, now)
            x, y = self.calls.x[i], self.calls.y[i]
            best, shortest = None, math.inf
            for other in self.call_queues.values():
                if other is not queue and other.idle:
                    k, km = other.nearest(x, y)
                    if km < shortest:
                        best, shortest = (other, k), km
            if best is None:
                self.escalated._record(now)
                self.escalated.calls.append(i)
            else:
                other, k = best
                other.idle.pop(k)[0].succeed(i)

        return escalate

    @staticmethod
    def _give_up(wake: simpy.Event):
        """The callback that ends a first carer's wait for the second (value None)."""

        def give_up(_event) -> None:
            if not wake.triggered:
                wake.succeed(None)

        return give_up

    def _take_escalated(self, pool: int, now: float) -> int:
        """The longest-waiting escalated call of planned-visit pool ``pool`` (taken), or -1."""
        escalated = self.escalated
        planned_pool = self.calls.planned_pool
        for c in escalated.calls:
            if planned_pool[c] == pool:
                escalated.withdraw(c, now)
                self.calls.escalated[c] = 1
                return c
        return -1

    def office_day(self, workers: list[tuple[list, Premises]]):
        """Leaders and administration (their tallies and premises) hold a place in their
        premises for the day shift, from its start (07:00, as the premises are sized), before
        the carers arrive."""
        now = self.engine.now
        for t, site in workers:
            t[END] = site.arrive(now, OFFICE_MINUTES, t)
        yield 0.0

    def _go_home(self, t: list, x: float, y: float, hx: float, hy: float):
        """Travel from (x, y) back to the premises at (hx, hy), if not there."""
        if x != hx or y != hy:
            rules = self.rules
            km = math.hypot(x - hx, y - hy)
            t[KM] += km
            t[TRAVEL] += km * rules.minutes_per_km + rules.parking
            yield km * rules.minutes_per_km + rules.parking

    def _clock_off(self, t: list, site: Premises | None, shift_end: float) -> None:
        """Document at the premises (if any) and note when the carer is done."""
        now = self.engine.now
        t[END] = site.arrive(now, self.rules.documentation, t) if site is not None else now
        if t[END] < shift_end:
            t[WAIT] += shift_end - t[END]


def simulate(world: World, day: SimDay, events: bool, mode: str = "fast") -> DayResult:
    """Simulate one care day of ``world``; with ``events``, also the columns of visits.
    ``mode`` is the engine's (``sim.model.engine``): ``"fast"`` or ``"reference"`` (public SimPy
    only), with the same results."""
    scenario, seed = world.scenario, world.seed
    p = scenario.parameters
    date = day.date
    pooled = p.pool_from_flyt2 and date >= scenario.calendar.flyt2
    factor = world.demand_factor(date)
    weekend = day.day_type == "weekend"
    visits = make_visits(
        world.demand,
        date,
        weekend,
        factor,
        seed,
        p.window_half_width_minutes,
        p.duration_distribution,
    )
    calls = make_calls(
        world.demand, date, factor, seed, p.unplanned_warmup_minutes, p.duration_distribution
    )
    duty = world.duty(day.day_type, date)
    team_ids = world.workforce.team_ids
    team_premises = world.team_premises(date)
    slowdown = np.ones(len(team_ids))
    for t, team in enumerate(team_ids):
        since = world.placements.days_since_move(team, date)
        if since is not None and since < p.productivity_loss_days:
            slowdown[t] += p.productivity_loss
    capacity = world.premises_capacity

    engine = Engine(DAY_START - p.unplanned_warmup_minutes, mode)
    sites = {int(q): Premises(int(capacity[q])) for q in np.unique(team_premises)}
    cx, cy = world.citizen_x, world.citizen_y
    px, py = world.premises_x, world.premises_y

    # ---- planned visits: one queue per (pool, skill, shift), in window order
    leg_team = world.citizen_team[visits.citizen, visits.skill]
    pool = world.planned_pool[pooled]
    leg_pool = np.where(leg_team >= 0, pool[np.maximum(leg_team, 0)], -1)
    leg_regular = world.regular[visits.citizen, visits.skill, visits.shift]
    key = (leg_pool * 3 + visits.skill) * len(SHIFTS) + visits.shift
    order = np.lexsort((visits.window_start, key))
    # the two legs of a two-carer visit (in one queue: the same citizen, skill and shift)
    partner = np.full(len(order), -1, dtype=np.int64)
    by_visit = np.argsort(visits.visit_of_leg[order], kind="stable")
    same = visits.visit_of_leg[order][by_visit[1:]] == visits.visit_of_leg[order][by_visit[:-1]]
    partner[by_visit[:-1][same]] = by_visit[1:][same]
    partner[by_visit[1:][same]] = by_visit[:-1][same]
    legs = DayLegs(
        visits.window_start[order],
        visits.window_end[order] + p.max_delay_minutes,
        cx[visits.citizen[order]],
        cy[visits.citizen[order]],
        visits.duration[order],
        leg_regular[order],
        partner,
    )
    queues: dict[int, VisitQueue] = {}
    if len(order):
        sorted_key = key[order]
        cuts = np.flatnonzero(np.diff(sorted_key)) + 1
        firsts = np.concatenate(([0], cuts)).tolist()
        stops = [*cuts.tolist(), len(order)]
        for first, stop in zip(firsts, stops, strict=True):
            if leg_pool[order[first]] < 0:
                continue  # no team serves these citizens: left pending, counted as missed
            queues[int(sorted_key[first])] = VisitQueue(first, stop)

    # Python lists, not a NumPy array: the processes update them one number at a time
    blank = [0.0] * (len(TALLY_COLUMNS) - 1) + [math.nan]
    tally = [blank.copy() for _ in range(len(duty.person))]
    rules = Rules(
        minutes_per_km=world.travel.minutes_per_km,
        parking=world.travel.parking_minutes,
        horizon=p.dispatch_horizon_minutes,
        continuity_slack=p.continuity_slack_minutes,
        pair_wait=p.two_carer_wait_minutes,
        tolerance=p.overtime_tolerance_minutes,
        documentation=p.documentation_minutes,
        escalation=math.inf if p.call_escalation_minutes is None else p.call_escalation_minutes,
        escalate_to_planned=p.escalate_calls_to_planned_visits,
    )
    meetings = (p.meeting_minutes_day, p.meeting_minutes_evening, p.meeting_minutes_night)

    # ---- unplanned visits: a first-come-first-served queue per pool
    call_team = world.citizen_team[calls.citizen, 0]
    upool = world.unplanned_pool[pooled]
    call_pool = np.where(call_team >= 0, upool[np.maximum(call_team, 0)], -1)
    call_planned_pool = np.where(call_team >= 0, pool[np.maximum(call_team, 0)], -1)
    day_calls = DayCalls(
        calls.time,
        cx[calls.citizen],
        cy[calls.citizen],
        calls.duration,
        call_pool,
        call_planned_pool,
    )
    # every pool with calls or on-call carers today (filled before the day runs)
    call_queues: dict[int, CallQueue] = {}
    on_call_pools = upool[duty.team[duty.on_call & ~duty.office]]
    for q in np.union1d(call_pool[call_pool >= 0], on_call_pools).tolist():
        call_queues[q] = CallQueue(DAY_START, q)
    carers = Carers(engine, legs, day_calls, rules, call_queues)
    feeders = [
        carers.feeder(queue, np.flatnonzero(call_pool == q).tolist())
        for q, queue in call_queues.items()
        if (call_pool == q).any()
    ]
    engine.start(feeders)

    # ---- everyone starts at the premises their team sits in today
    starts: dict[float, list] = {}
    office: list[tuple[list, Premises]] = []
    night = SHIFTS.index("night")
    warmup = p.unplanned_warmup_minutes > 0
    site_of_team = [sites[q] for q in team_premises.tolist()]
    home_x = [px[q] for q in team_premises.tolist()]
    home_y = [py[q] for q in team_premises.tolist()]
    pool_of_team, upool_of_team, slow_of_team = pool.tolist(), upool.tolist(), slowdown.tolist()
    door_wait = p.meeting_door_wait_minutes if p.crowded_meeting == "wait" else 0.0
    team_meetings: dict[tuple[int, int], TeamMeeting] = {}
    for row, (person, team, shift, skill, on_call, in_office) in enumerate(
        zip(
            duty.person.tolist(),
            duty.team.tolist(),
            duty.shift.tolist(),
            duty.skill.tolist(),
            duty.on_call.tolist(),
            duty.office.tolist(),
            strict=True,
        )
    ):
        site = site_of_team[team]
        site.people += 1
        if in_office:
            office.append((tally[row], site))
            continue
        shift_start, shift_end = SHIFT_TIMES[SHIFTS[shift]]
        hx, hy = home_x[team], home_y[team]
        meeting = team_meetings.get((team, shift))
        if meeting is None:
            meeting = team_meetings[team, shift] = TeamMeeting(site, meetings[shift], door_wait)
        member = meeting.join(tally[row])
        if on_call:
            queue = call_queues[upool_of_team[team]]
            starts.setdefault(shift_start, []).append(
                carers.on_call(tally[row], queue, site, hx, hy, shift_end, meeting, member)
            )
            if shift == night and warmup:
                # the previous night's carer serves the warm-up calls (not counted)
                starts.setdefault(engine.now, []).append(
                    carers.on_call([0.0] * len(TALLY_COLUMNS), queue, site, hx, hy, DAY_START, None)
                )
            continue
        k = (pool_of_team[team] * 3 + skill) * len(SHIFTS) + shift
        starts.setdefault(shift_start, []).append(
            carers.planned(
                tally[row],
                person,
                pool_of_team[team],
                meeting,
                member,
                queues.get(k),
                site,
                hx,
                hy,
                shift_end,
                slow_of_team[team],
            )
        )
    if office:  # in their premises from the day shift's start, before the carers come
        starts.setdefault(SHIFT_TIMES["day"][0], []).insert(0, carers.office_day(office))
    for at, group in sorted(starts.items()):
        engine.start_at(at, group)
    engine.run()

    n_legs = legs.n
    leg_state = np.empty(n_legs, dtype=np.int8)
    leg_state[order] = np.frombuffer(legs.state, dtype=np.int8)[:n_legs]
    leg_start = np.empty(n_legs)
    leg_start[order] = legs.start
    leg_carer = np.empty(n_legs, dtype=np.int64)
    leg_carer[order] = legs.carer
    leg_alone = np.empty(n_legs, dtype=bool)
    leg_alone[order] = np.frombuffer(legs.partner_missing, dtype=bool)
    outcome = _Legs(leg_state, leg_start, leg_carer, leg_regular, leg_alone)
    alarms = _Alarms(
        call_pool,
        day_calls.arrival,
        np.frombuffer(day_calls.escalated, dtype=bool),
        call_queues,
        carers.escalated,
    )
    return _day_result(
        world, visits, calls, duty, tally, team_premises, outcome, alarms, sites, capacity, events
    )


@dataclass(frozen=True)
class _Legs:
    """What happened to each visit leg of a day."""

    state: np.ndarray  # PENDING, DELIVERED or UNFIT
    start: np.ndarray
    carer: np.ndarray
    regular: np.ndarray
    partner_missing: np.ndarray  # a first carer who waited for the second in vain


@dataclass(frozen=True)
class _Alarms:
    """What happened to each alarm call of a day, and the queues they waited in."""

    pool: np.ndarray
    arrival: np.ndarray
    escalated: np.ndarray  # reached by a carer of another pool
    queues: dict[int, CallQueue]
    escalated_queue: CallQueue


def _second_legs(visits, leg_start, leg_carer) -> dict[str, np.ndarray]:
    """Per visit: when the second carer of a two-carer visit started it and who it was (NaN
    and -1 for a one-carer visit)."""
    n = visits.n_visits
    second = visits.visit_of_leg[n:]
    start = np.full(n, np.nan)
    start[second] = leg_start[n:]
    carer = np.full(n, -1, dtype=np.int64)
    carer[second] = leg_carer[n:]
    return {"second_start": start, "second_carer": carer}


def _group_sums(codes: np.ndarray, columns: dict[str, np.ndarray]):
    """Sorted distinct codes and each column summed per code (a fast groupby-sum)."""
    groups, inverse = np.unique(codes, return_inverse=True)
    return groups, {
        name: np.bincount(inverse, weights=np.asarray(values, dtype=float), minlength=len(groups))
        for name, values in columns.items()
    }


def _day_result(
    world,
    visits,
    calls,
    duty,
    tally,
    team_premises,
    legs: _Legs,
    alarms: _Alarms,
    sites,
    capacity,
    events,
) -> DayResult:
    """The day's tidy frames from the simulated outcomes."""
    leg_state, leg_start, leg_carer, leg_regular = legs.state, legs.start, legs.carer, legs.regular
    call_pool, call_arrival, call_queues = alarms.pool, alarms.arrival, alarms.queues
    p = world.scenario.parameters
    citizens = world.citizens
    team_ids = world.workforce.team_ids
    premises_ids = world.premises_ids
    n = visits.n_visits
    legs_delivered = leg_state == DELIVERED
    visit_delivered = np.ones(n, dtype=bool)
    np.logical_and.at(visit_delivered, visits.visit_of_leg, legs_delivered)
    visit_start = np.full(n, -np.inf)
    np.maximum.at(visit_start, visits.visit_of_leg, np.nan_to_num(leg_start, nan=-np.inf))
    visit_start[~visit_delivered] = np.nan
    window_end = visits.window_end[:n]
    late = visit_delivered & (visit_start > window_end)
    lateness = np.where(late, visit_start - window_end, 0.0)
    has_regular = (leg_regular[:n] >= 0).any(axis=1)
    by_regular = visit_delivered & (leg_carer[:n, None] == leg_regular[:n]).any(axis=1)
    not_delivered = ~visit_delivered
    agency = not_delivered if p.unfit_visits == "agency" else np.zeros(n, dtype=bool)
    missed = not_delivered & ~agency
    cit = visits.citizen[:n]
    team = world.citizen_team[cit, visits.skill[:n]]
    districts = np.array(sorted(world.data.districts.names))
    n_teams = len(team_ids) + 1  # the last stands for "no team"
    code = (
        (
            np.searchsorted(districts, citizens.area[cit]) * len(ORGANISATIONS)
            + citizens.organisation[cit]
        )
        * n_teams
        + np.where(team >= 0, team, n_teams - 1)
    ) * len(VISIT_TYPES) + visits.visit_type[:n]
    legs_per_visit = np.bincount(visits.visit_of_leg, minlength=n)[:n]
    leg_minutes = np.bincount(visits.visit_of_leg, weights=visits.duration, minlength=n)[:n]
    columns = {
        "planned": np.ones(n),
        "delivered": visit_delivered,
        "agency": agency,
        "agency_legs": np.where(agency, legs_per_visit, 0),
        "agency_min": np.where(agency, leg_minutes, 0.0),
        "missed": missed,
        "missed_legs": np.where(missed, legs_per_visit, 0),
        "missed_min": np.where(missed, leg_minutes, 0.0),
        "on_time": visit_delivered & ~late,
        "late": late,
        "lateness_min": lateness,
        "with_regular": has_regular,
        "by_regular": by_regular,
        "two_carer": legs_per_visit > 1,
        "partner_missing": np.bincount(
            visits.visit_of_leg, weights=legs.partner_missing, minlength=n
        )[:n]
        > 0,
    }
    columns_visits = columns
    groups, sums = _group_sums(code, columns)
    group_type = groups % len(VISIT_TYPES)
    group_team = groups // len(VISIT_TYPES) % n_teams
    group_org = groups // len(VISIT_TYPES) // n_teams % len(ORGANISATIONS)
    group_area = groups // len(VISIT_TYPES) // n_teams // len(ORGANISATIONS)
    premises_of_team = np.append(team_premises, len(premises_ids))
    visit_frame = {
        "area": districts[group_area],
        "organisation": np.array(ORGANISATIONS)[group_org],
        "team": np.array([*team_ids, "-"])[group_team],
        "premises": np.array([*premises_ids, "-"])[premises_of_team[group_team]],
        "visit_type": np.array(VISIT_TYPES)[group_type],
        **{
            k: v if k in ("lateness_min", "agency_min", "missed_min") else v.astype(np.int64)
            for k, v in sums.items()
        },
    }

    counted = calls.counted
    call_cit = calls.citizen[counted]
    call_frame = {
        "area": citizens.area[call_cit],
        "organisation": np.array(ORGANISATIONS)[citizens.organisation[call_cit]],
        "pool": call_pool[counted],
        "call_time": calls.time[counted],
        "served": ~np.isnan(call_arrival[counted]),
        "escalated": alarms.escalated[counted],
        "response_min": call_arrival[counted] - calls.time[counted],
    }

    rows = ~duty.office
    values = np.fromiter(chain.from_iterable(tally), float, len(tally) * len(TALLY_COLUMNS))
    values = values.reshape(-1, len(TALLY_COLUMNS))[rows]
    shift_start = np.array([SHIFT_TIMES[s][0] for s in SHIFTS])[duty.shift[rows]]
    shift_end = np.array([SHIFT_TIMES[s][1] for s in SHIFTS])[duty.shift[rows]]
    columns = {name: values[:, i] for i, name in enumerate(TALLY_COLUMNS) if name != "end"}
    columns["paid_min"] = np.maximum(values[:, END], shift_end) - shift_start
    columns["overtime_min"] = np.maximum(values[:, END] - shift_end, 0.0)
    columns["carers"] = np.ones(len(values))
    agency_rows = duty.agency[rows] if duty.agency is not None else np.zeros(len(values), bool)
    columns["agency_carers"] = agency_rows.astype(float)  # covering vacant positions
    staff_team = duty.team[rows]
    groups, sums = _group_sums(staff_team * 2 + duty.on_call[rows], columns)
    for name in ("visits", "calls", "alone", "carers", "agency_carers"):
        sums[name] = sums[name].astype(np.int64)
    staff_frame = {
        "team": np.array(team_ids)[groups // 2],
        "premises": np.array(premises_ids)[team_premises[groups // 2]],
        "duty": np.where(groups % 2 == 1, "on_call", "planned"),
        **sums,
    }

    used = sorted(sites)
    premises_frame = {
        "premises": np.array(premises_ids)[used],
        "capacity": capacity[used].astype(np.int64),
        "people": np.array([sites[q].people for q in used], dtype=np.int64),
        "peak_people": np.array([sites[q].peak for q in used], dtype=np.int64),
        "peak_time": np.array([sites[q].peak_time for q in used], dtype=float),
        "delayed_arrivals": np.array([sites[q].delayed for q in used], dtype=np.int64),
        "capacity_wait_min": np.array([sites[q].wait_minutes for q in used], dtype=float),
        "teams": np.bincount(team_premises, minlength=len(capacity))[used].astype(np.int64),
    }
    event_frame = None
    if events:
        event_frame = {
            "citizen": cit,
            "area": citizens.area[cit],
            "organisation": np.array(ORGANISATIONS)[citizens.organisation[cit]],
            "team": np.array([*team_ids, "-"])[np.where(team >= 0, team, n_teams - 1)],
            "visit_type": np.array(VISIT_TYPES)[visits.visit_type[:n]],
            "window_start": visits.window_start[:n],
            "window_end": window_end,
            "start": visit_start,
            "duration": visits.duration[:n],
            "carer": leg_carer[:n],
            **_second_legs(visits, leg_start, leg_carer),
            **{
                k: columns_visits[k]
                for k in (
                    "delivered",
                    "missed",
                    "agency",
                    "on_time",
                    "late",
                    "by_regular",
                    "two_carer",
                    "partner_missing",
                )
            },
        }
    queues = [*call_queues.values(), alarms.escalated_queue]  # pool -1: the escalated calls
    queue_frame = {
        "pool": np.array([q.pool for q in queues], dtype=np.int64),
        "queue_minutes": np.array([q.waiting_minutes for q in queues], dtype=float),
        "last_change": np.array([q.last_change for q in queues], dtype=float),
    }
    return DayResult(visit_frame, call_frame, staff_frame, premises_frame, queue_frame, event_frame)
