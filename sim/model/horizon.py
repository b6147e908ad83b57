"""Horizon, phases and the days that are simulated.

``every-day`` simulates each calendar day. ``sampled`` cuts the horizon into strata
(calendar month x phase x placement period, so that every change in the scenario is
seen) and simulates a fixed number of evenly spaced weekdays and weekend days in each
stratum, each weighted by the number of days of its type it stands for.

Day types: a Danish public holiday is a ``"weekend"`` day (:func:`day_type`), with the
weekend's demand and rosters; there is no third day type. The holidays are those of
``holidays.Denmark`` (package ``holidays``, offline data) in its ``public`` category, the
days of the Danish holiday act (helligdagsloven): nytårsdag, skærtorsdag, langfredag,
påskedag, 2. påskedag, Kristi himmelfartsdag, pinsedag, 2. pinsedag, 1. and 2. juledag
(store bededag until 2023). Not holidays here (the package's ``optional`` category):
1 May, grundlovsdag (5 June), juleaftensdag (24 Dec) and nytårsaftensdag (31 Dec), which
run as weekdays. As the unions describe the municipal working-time rules, 1 May and
grundlovsdag are ordinary days until 12:00 and the roster is not changed for the
afternoon off; for Københavns Kommune's staff 24 and 31 Dec are normal working days
(sources for other staff groups; the rule for Copenhagen's home care was not found, so
24 Dec is the least certain choice). A model of whole days with one roster per day type
cannot run half a holiday. Sources and reasoning: data/README.md, §Day types and public
holidays; :data:`HOLIDAY_CATEGORIES` is the one place to change it.

In ``sampled`` fidelity a holiday is one of the weekend-type days of its stratum: it is
counted in the weight of the stratum's weekend picks, and it is picked itself when the
evenly spaced picks fall on it. Within a stratum the model treats all its weekend-type
days alike (same demand rates, rosters, phase and placements; only the random draws of
the date differ), so which of them is simulated does not bias the estimate.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import holidays

from sim.inputs.scenario import Calendar, Scenario

PHASES = ("before_flyt1", "flyt1", "flyt2", "merged")
# which of holidays.Denmark's categories run as weekend days ("optional" would add 1 May,
# grundlovsdag, juleaftensdag and nytårsaftensdag: see the module's docstring)
HOLIDAY_CATEGORIES = ("public",)


@dataclass(frozen=True)
class SimDay:
    date: dt.date
    weight: float  # calendar days this simulated day stands for
    day_type: str  # "weekday" or "weekend" (Saturday, Sunday or public holiday)
    phase: str
    # the other days of its stratum and type it stands for (sampled fidelity), on which
    # the premises' peak is counted too (the peak is a maximum, not a sum)
    stands_for: tuple[dt.date, ...] = ()
    stratum: int = -1  # its stratum's number (sampled fidelity; -1: every day simulated)


@functools.cache
def _holidays_of(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.Denmark(years=year, categories=HOLIDAY_CATEGORIES))


def is_holiday(date: dt.date) -> bool:
    """Whether ``date`` is a Danish public holiday (:data:`HOLIDAY_CATEGORIES`)."""
    return date in _holidays_of(date.year)


def day_type(date: dt.date) -> str:
    """``"weekend"`` on Saturdays, Sundays and public holidays, else ``"weekday"``: the one
    definition of a day's type, which picks its demand rates and its roster."""
    return "weekend" if date.weekday() >= 5 or is_holiday(date) else "weekday"


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
    for number, stratum in enumerate(strata):
        for kind, wanted in per_type.items():
            candidates = [d for d in stratum if day_type(d) == kind]
            if not candidates:
                continue
            k = min(wanted, len(candidates))
            # Evenly spaced picks, centred in their share of the stratum: deterministic, so
            # scenarios with the same strata simulate the same dates (common random numbers).
            n = len(candidates)
            weight = n / k
            for i in range(k):
                pick = candidates[int((i + 0.5) * n / k)]
                group = candidates[i * n // k : (i + 1) * n // k]  # its share
                others = tuple(d for d in group if d != pick)
                chosen.append(SimDay(pick, weight, kind, phase(pick, cal), others, number))
    return sorted(chosen, key=lambda s: s.date)
