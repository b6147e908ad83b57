"""Horizon, phases and the days that are simulated.

``every-day`` simulates each calendar day. ``sampled`` cuts the horizon into strata
(calendar month x phase x placement period, so that every change in the scenario is
seen) and simulates a fixed number of evenly spaced weekdays and weekend days in each
stratum, each weighted by the number of days of its type it stands for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sim.inputs.scenario import Calendar, Scenario

PHASES = ("before_flyt1", "flyt1", "flyt2", "merged")


@dataclass(frozen=True)
class SimDay:
    date: dt.date
    weight: float  # calendar days this simulated day stands for
    day_type: str  # "weekday" or "weekend"
    phase: str


def day_type(date: dt.date) -> str:
    return "weekend" if date.weekday() >= 5 else "weekday"


def phase(date: dt.date, calendar: Calendar) -> str:
    if date < calendar.flyt1:
        return "before_flyt1"
    if date < calendar.flyt2:
        return "flyt1"
    if date < calendar.physical_merge:
        return "flyt2"
    return "merged"


def horizon_days(calendar: Calendar) -> list[dt.date]:
    n = (calendar.end - calendar.start).days + 1
    return [calendar.start + dt.timedelta(days=i) for i in range(n)]


def change_dates(scenario: Scenario) -> set[dt.date]:
    """Days on which something in the scenario changes (a stratum starts)."""
    cal = scenario.calendar
    dates = {cal.flyt1, cal.flyt2, cal.physical_merge}
    loss_days = dt.timedelta(days=scenario.parameters.productivity_loss_days)
    for placement in scenario.placements:
        back = placement.end + dt.timedelta(days=1)  # the team moves back (or on) that day
        dates.update({placement.start, placement.start + loss_days, back, back + loss_days})
    return dates


def simulated_days(scenario: Scenario, *paired: Scenario) -> list[SimDay]:
    """The days a replication of ``scenario`` simulates, with their weights.

    ``paired``: scenarios run on the same days (Basis, when a scenario is compared with
    it): the strata are cut at every change of any of them, so that each is simulated on
    the same calendar days with the same weights (a scenario that changes nothing then
    differs from its Basis by exactly 0, and the demand is the same in both). They must
    share the scenario's horizon and fidelity settings."""
    cal = scenario.calendar
    for other in paired:
        if (
            other.calendar,
            other.fidelity,
            other.sampled_weekdays_per_month,
            other.sampled_weekend_days_per_month,
        ) != (
            cal,
            scenario.fidelity,
            scenario.sampled_weekdays_per_month,
            scenario.sampled_weekend_days_per_month,
        ):
            raise ValueError("paired scenarios must share their horizon and fidelity settings")
    days = horizon_days(cal)
    if scenario.fidelity == "every-day":
        return [SimDay(d, 1.0, day_type(d), phase(d, cal)) for d in days]

    changes = set().union(*(change_dates(s) for s in (scenario, *paired)))
    strata: list[list[dt.date]] = []
    for date in days:
        if not strata or date.day == 1 or date in changes:
            strata.append([])
        strata[-1].append(date)

    per_type = {
        "weekday": scenario.sampled_weekdays_per_month,
        "weekend": scenario.sampled_weekend_days_per_month,
    }
    chosen: list[SimDay] = []
    for stratum in strata:
        for kind, wanted in per_type.items():
            candidates = [d for d in stratum if day_type(d) == kind]
            if not candidates:
                continue
            k = min(wanted, len(candidates))
            # Evenly spaced picks, centred in their share of the stratum: deterministic, so
            # scenarios with the same strata simulate the same dates (common random numbers).
            picks = [candidates[int((i + 0.5) * len(candidates) / k)] for i in range(k)]
            weight = len(candidates) / k
            chosen.extend(SimDay(d, weight, kind, phase(d, cal)) for d in picks)
    return sorted(chosen, key=lambda s: s.date)
