"""The world of a replication (everything that stays the same over its days) and the
simulation of one day in it (the SimPy model itself is ``sim.model.day``; its
result, ``DayResult``, is defined in ``sim.model.frames``)."""

from __future__ import annotations

import datetime as dt
import gc
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from types import ModuleType

import numpy as np

from sim.inputs.dataset import ORGANISATIONS, SHIFTS, DataSet
from sim.inputs.geography import Travel, to_xy_km
from sim.inputs.scenario import Scenario
from sim.model.compiled import day_module
from sim.model.demand import (
    Citizens,
    DemandTables,
    check_coverage,
    demand_factor,
    demand_tables,
    make_citizens,
)
from sim.model.frames import Columns, DayResult  # noqa: F401 - Columns: sim.run.experiment reads it here
from sim.model.horizon import SimDay
from sim.model.staffing import (
    Duty,
    Placements,
    Workforce,
    WorkforcePlan,
    build_workforce,
    daily_duty,
    regular_carers,
    resolve_placements,
    workforce_plan,
)

SKILL_SERVICE = ("home_care", "nursing", "home_care")  # sosu, nurse, therapist


def _components(data: DataSet, pooled: bool, by_service: bool) -> np.ndarray:
    """Pool index per team: teams are pooled when they share an area (and, unless
    ``pooled``, belong to the same organisation; if ``by_service``, the same service)."""
    teams = list(data.teams.itertuples())
    parent = list(range(len(teams)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple, int] = {}
    for i, team in enumerate(teams):
        for area in team.area_list:
            key = (
                (area,)
                + (() if pooled else (team.organisation,))
                + ((team.service,) if by_service else ())
            )
            if key in owner:
                parent[find(i)] = find(owner[key])
            else:
                owner[key] = i
    roots = [find(i) for i in range(len(teams))]
    _, index = np.unique(roots, return_inverse=True)
    return index


@dataclass(frozen=True, eq=False)
class World:
    """Everything that stays the same over the days of one replication."""

    scenario: Scenario
    data: DataSet
    seed: int
    citizens: Citizens
    demand: DemandTables
    workforce: Workforce
    placements: Placements
    travel: Travel
    citizen_team: np.ndarray  # (citizen, skill) -> team index, -1 if none
    regular: np.ndarray  # (citizen, skill, shift, k) -> the contact group's ids, -1 if none
    planned_pool: dict[bool, np.ndarray]  # pooled? -> team -> pool
    unplanned_pool: dict[bool, np.ndarray]

    @cached_property
    def premises_ids(self) -> list[str]:
        return list(self.data.premises["premises_id"])

    @cached_property
    def premises_capacity(self) -> np.ndarray:
        raw = self.data.premises["capacity_people"].to_numpy()
        scaled = np.floor(raw * self.scenario.parameters.premises_capacity_multiplier)
        return np.maximum(1, scaled).astype(int)

    @cached_property
    def _citizen_xy(self) -> tuple[np.ndarray, np.ndarray]:
        return to_xy_km(self.citizens.lat, self.citizens.lon)

    @property
    def citizen_x(self) -> np.ndarray:
        return self._citizen_xy[0]

    @property
    def citizen_y(self) -> np.ndarray:
        return self._citizen_xy[1]

    @cached_property
    def _premises_xy(self) -> tuple[list[float], list[float]]:
        x, y = to_xy_km(self.data.premises["latitude"], self.data.premises["longitude"])
        return x.tolist(), y.tolist()

    @property
    def premises_x(self) -> list[float]:
        return self._premises_xy[0]

    @property
    def premises_y(self) -> list[float]:
        return self._premises_xy[1]

    @cached_property
    def workforce_plan(self) -> WorkforcePlan:
        """Vacant positions per month (turnover and recruitment) of this replication."""
        return workforce_plan(self.scenario, self.data, self.workforce, self.placements, self.seed)

    def duty(self, day_type: str, date: dt.date) -> Duty:
        """Who is on duty on ``date`` (a day of type ``day_type``)."""
        p = self.scenario.parameters
        return daily_duty(
            self.workforce,
            day_type,
            date,
            self.seed,
            p.absence_rate,
            p.staff_multiplier,
            vacant=self.workforce_plan.vacant_on(date),
            cover_vacancies=p.vacant_shifts == "agency",
        )

    def team_premises(self, date: dt.date) -> np.ndarray:
        """Each team's premises (its index in ``premises_ids``) on ``date``."""
        index = self._premises_index
        return np.array([index[self.placements.on(t, date)] for t in self.workforce.team_ids])

    @cached_property
    def _premises_index(self) -> dict[str, int]:
        return {q: i for i, q in enumerate(self.premises_ids)}

    def arrivals_at_seven(self, day_type: str, date: dt.date) -> np.ndarray:
        """How many people arrive at each premises when the day shift starts on ``date``
        (the day shift and leaders and administration), by premises index: who is there,
        inside or at the door, at the moment a premises is fullest on an ordinary day."""
        duty = self.duty(day_type, date)
        first = duty.office | (duty.shift == SHIFTS.index("day"))
        where = self.team_premises(date)[duty.team[first]]
        return np.bincount(where, minlength=len(self.premises_ids))

    def demand_factor(self, date: dt.date) -> np.ndarray:
        return demand_factor(
            self.data,
            self.scenario.calendar.start,
            date,
            self.scenario.parameters.demand_growth_per_year,
        )


def build_world(scenario: Scenario, data: DataSet, seed: int) -> World:
    placements = resolve_placements(scenario, data)
    citizens = make_citizens(data, scenario.calendar.start, seed)
    check_coverage(data, citizens)
    workforce = build_workforce(data)
    team_index = {t: i for i, t in enumerate(data.teams["team_id"])}
    lookup = {
        (row.organisation, row.service, area): team_index[row.team_id]
        for row in data.teams.itertuples()
        for area in row.area_list
    }
    citizen_team = np.full((len(citizens), 3), -1, dtype=np.int64)
    for c, (org, area) in enumerate(zip(citizens.organisation, citizens.area, strict=True)):
        for skill, service in enumerate(SKILL_SERVICE):
            citizen_team[c, skill] = lookup.get((ORGANISATIONS[org], service, int(area)), -1)
    p = scenario.parameters
    return World(
        scenario=scenario,
        data=data,
        seed=seed,
        citizens=citizens,
        demand=demand_tables(data, citizens),
        workforce=workforce,
        placements=placements,
        travel=Travel.from_parameters(
            p.travel_mode, p.speed_kmh, p.detour_factor, p.parking_minutes
        ),
        citizen_team=citizen_team,
        regular=regular_carers(workforce, citizen_team, seed, p.regular_carers),
        planned_pool={flag: _components(data, flag, True) for flag in (False, True)},
        unplanned_pool={flag: _components(data, flag, False) for flag in (False, True)},
    )


_gc_lock = threading.Lock()
_gc_pauses = 0  # days running now (in any thread) with the garbage collector paused
_gc_was_enabled = False


@contextmanager
def _gc_paused():
    """Pause the cyclic garbage collector (not reference counting) while a day runs: a
    day makes about a hundred thousand short-lived objects, and the collections they
    would set off scan every object of the replication. A day leaves no reference cycles
    (``sim.model.engine`` breaks its carers' ones), so nothing waits for the collector.
    Reentrant and thread-safe: the collector runs again (if it ran before) when the last
    day running ends."""
    global _gc_pauses, _gc_was_enabled  # noqa: PLW0603 - one count for the process, under a lock
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled:
                gc.enable()


def simulate_day(
    world: World,
    day: SimDay,
    events: bool = False,
    module: ModuleType | None = None,
    mode: str = "fast",
) -> DayResult:
    """Simulate one care day of ``world``; with ``events``, also the columns of visits.
    ``module`` is the implementation of ``sim.model.day`` to run: by default the compiled one if
    it has been built from the current source (``sim.model.compiled``), else ``sim.model.day``.
    ``mode`` is the engine's (``sim.model.engine``): ``"fast"``, or ``"reference"`` on public
    SimPy only, with the same results."""
    with _gc_paused():
        return (module or day_module()).simulate(world, day, events, mode)
