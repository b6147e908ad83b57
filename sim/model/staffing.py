"""Teams, their people, rosters, absence and where each team sits (placements).

Each team's headcount per role is split over the three shift types in proportion to
the roster, giving named individuals; each citizen gets a contact group of regular carers
among them. On each day every roster slot goes to an individual by a random priority; an
absent
individual's slot stays empty (absence is lost capacity). A roster bigger than the
headcount is filled with temporary staff, who have no regular citizens.

Over the months of the horizon people leave (turnover) and vacant positions are filled
again (recruitment): :func:`workforce_plan` draws, per replication, which positions are
vacant in each month. A vacant position's shifts go to agency staff (who have no regular
citizens either) or stay empty, as the scenario says.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from sim.inputs.dataset import ROLES, SHIFTS, DataSet
from sim.inputs.scenario import Scenario, ScenarioError
from sim.model import randomness
from sim.model.horizon import horizon_days

SKILL_INDEX = {"sosu": 0, "nurse": 1, "therapist": 2}
OFFICE_ROLES = ("leader", "administration")


def carer_skill(role: str, service: str) -> int | None:
    """The visits a role does. In nursing teams SOSU assistants carry delegated nursing."""
    if role in OFFICE_ROLES:
        return None
    if role == "sosu_assistant" and service == "nursing":
        return SKILL_INDEX["nurse"]
    return SKILL_INDEX[
        {
            "sosu_helper": "sosu",
            "sosu_assistant": "sosu",
            "nurse": "nurse",
            "therapist": "therapist",
        }[role]
    ]


@dataclass(frozen=True)
class Group:
    """People of one team, role and shift type: individuals ``first..first+size-1``."""

    team: int
    role: int
    skill: int | None
    shift: int
    first: int
    size: int


@dataclass(frozen=True)
class Workforce:
    team_ids: list[str]
    groups: list[Group]
    n_individuals: int
    # roster[(group index, day type)] = (planned, on_call) before the staff multiplier
    roster: dict[tuple[int, str], tuple[int, int]]


def build_workforce(data: DataSet) -> Workforce:
    team_ids = list(data.teams["team_id"])
    team_index = {t: i for i, t in enumerate(team_ids)}
    service = dict(zip(data.teams["team_id"], data.teams["service"], strict=True))
    headcount: dict[tuple[str, str], int] = {}
    for row in data.staff.itertuples():
        headcount[(row.team_id, row.role)] = headcount.get((row.team_id, row.role), 0) + int(
            row.headcount
        )
    # slots[(team, role)][(day_type, shift)] = [planned, on_call]
    slots: dict[tuple[str, str], dict[tuple[str, str], list[int]]] = {}
    for row in data.rosters.itertuples():
        cell = slots.setdefault((row.team_id, row.role), {}).setdefault(
            (row.day_type, row.shift), [0, 0]
        )
        cell[0] += int(row.planned)
        cell[1] += int(row.on_call)
    groups, roster, first = [], {}, 0
    for (team_id, role), cells in slots.items():
        weekly = {
            shift: sum(
                days * sum(cells.get((day_type, shift), (0, 0)))
                for day_type, days in (("weekday", 5), ("weekend", 2))
            )
            for shift in SHIFTS
        }
        total = sum(weekly.values())
        people = headcount.get((team_id, role), 0)
        for s, shift in enumerate(SHIFTS):
            size = int(round(people * weekly[shift] / total)) if total else 0
            group = Group(
                team_index[team_id],
                ROLES.index(role),
                carer_skill(role, service[team_id]),
                s,
                first,
                size,
            )
            for day_type in ("weekday", "weekend"):
                if (day_type, shift) in cells:
                    roster[(len(groups), day_type)] = tuple(cells[(day_type, shift)])
            groups.append(group)
            first += size
    return Workforce(team_ids, groups, first, roster)


@dataclass(frozen=True)
class Duty:
    """Who works on a day: one row per filled roster slot (absent people are left out)."""

    person: np.ndarray  # individual id; temporary staff have ids >= n_individuals
    team: np.ndarray
    skill: np.ndarray  # -1 for office roles
    shift: np.ndarray
    on_call: np.ndarray  # bool
    office: np.ndarray  # bool: leaders and administration, at the premises, no visits
    rostered: int  # slots before absence
    agency: np.ndarray | None = None  # bool: agency staff covering a vacant position


def scaled_slots(
    counts: np.ndarray, multiplier: float, seed: int, date: dt.date
) -> tuple[np.ndarray, np.ndarray]:
    """The day's planned and on-call slots per roster group: ``counts`` (group, [planned,
    on-call]) times ``multiplier``, a fraction of a slot rounded up or down by a draw of
    its own (stream ``duty_scale``), so that on average the slots are exactly
    ``multiplier`` times the roster's, on call too, and the pay that scales with it buys
    the capacity it pays for (rounding each cell lost 3 % of the planned slots and none of
    the on-call ones at 0.95). At 1 nothing is drawn."""
    if multiplier == 1.0:
        whole = counts.astype(np.int64)
        return whole[:, 0], whole[:, 1]
    scaled = counts * multiplier
    floor = np.floor(scaled)
    up = randomness.stream(seed, "duty_scale", date).random(scaled.shape) < scaled - floor
    slots = (floor + up).astype(np.int64)
    return slots[:, 0], slots[:, 1]


def daily_duty(
    workforce: Workforce,
    day_type: str,
    date: dt.date,
    seed: int,
    absence_rate: float,
    staff_multiplier: float,
    vacant: np.ndarray | None = None,
    cover_vacancies: bool = False,
) -> Duty:
    """The day's filled roster slots.

    ``vacant`` (bool per individual) marks positions nobody holds this month: their slots
    go to agency staff if ``cover_vacancies`` (care roles only; a vacant leader's or
    administrator's slot stays empty), otherwise they stay empty like an absence. The
    random draws do not depend on ``vacant`` (common random numbers)."""
    rng = randomness.stream(seed, "duty", date)
    priority = rng.random(workforce.n_individuals)
    absent = rng.random(workforce.n_individuals) < absence_rate
    groups = workforce.groups
    counts = np.array(
        [workforce.roster.get((g, day_type), (0, 0)) for g in range(len(groups))], dtype=float
    ).reshape(-1, 2)
    planned, on_call = scaled_slots(counts, staff_multiplier, seed, date)
    needed = planned + on_call
    first = np.array([g.first for g in groups], dtype=np.int64)
    size = np.array([g.size for g in groups], dtype=np.int64)
    member_group = np.repeat(np.arange(len(groups)), size)

    # named people: the `needed` of each group with the lowest priority numbers
    order = np.lexsort((priority, member_group))
    slot = np.arange(workforce.n_individuals) - first[member_group[order]]
    chosen = slot < needed[member_group[order]]
    person, person_group, person_slot = order[chosen], member_group[order][chosen], slot[chosen]
    present = ~absent[person]
    care = np.array([group.skill is not None for group in groups] or [False], dtype=bool)
    if vacant is not None:
        gone = vacant[person]
        present &= ~gone
        covered = gone & care[person_group] if cover_vacancies else np.zeros(len(gone), bool)
    else:
        covered = np.zeros(len(person), dtype=bool)
    # temporary staff fill the slots a group has no people for
    extra = np.maximum(needed - size, 0)
    temp_group = np.repeat(np.arange(len(groups)), extra)
    temp_slot = size[temp_group] + (
        np.arange(len(temp_group)) - np.repeat(np.cumsum(extra) - extra, extra)
    )
    temp_person = workforce.n_individuals + np.arange(len(temp_group))
    temp_present = randomness.stream(seed, "duty_temporary", date).random(len(temp_group)) >= (
        absence_rate
    )

    # agency staff take the slots of vacant positions (they are booked, so never absent)
    agency_group, agency_slot = person_group[covered], person_slot[covered]
    agency_person = workforce.n_individuals + len(temp_group) + np.arange(len(agency_group))

    group_of = np.concatenate([person_group, temp_group, agency_group])
    slot_of = np.concatenate([person_slot, temp_slot, agency_slot])
    here = np.concatenate([present, temp_present, np.ones(len(agency_group), dtype=bool)])
    who = np.concatenate([person, temp_person, agency_person])
    is_agency = np.concatenate(
        [np.zeros(len(person) + len(temp_group), dtype=bool), np.ones(len(agency_group), bool)]
    )
    rows = np.lexsort((slot_of, group_of))
    rows = rows[here[rows]]
    g = group_of[rows]
    skill = np.array([-1 if group.skill is None else group.skill for group in groups] or [0])
    return Duty(
        person=who[rows].astype(np.int64),
        team=np.array([group.team for group in groups] or [0], dtype=np.int64)[g],
        skill=skill[g].astype(np.int64),
        shift=np.array([group.shift for group in groups] or [0], dtype=np.int64)[g],
        on_call=slot_of[rows] >= planned[g],
        office=skill[g] < 0,
        rostered=int(needed.sum()),
        agency=is_agency[rows],
    )


def regular_carers(
    workforce: Workforce, citizen_team: np.ndarray, seed: int, per_citizen: int
) -> np.ndarray:
    """Each citizen's contact group: ``per_citizen`` different regular carers per skill and
    shift, drawn from the team's people of that skill and shift type. Array
    (citizen, skill, shift, per_citizen), -1 where the team has fewer people.

    ``citizen_team`` is (citizen, skill) -> team index serving that citizen for the skill."""
    n = citizen_team.shape[0]
    regular = np.full((n, 3, len(SHIFTS), per_citizen), -1, dtype=np.int64)
    rng = randomness.stream(seed, "regular_carers")
    candidates: dict[tuple[int, int, int], list[int]] = {}
    for group in workforce.groups:
        if group.skill is None or group.size == 0:
            continue
        key = (group.team, group.skill, group.shift)
        candidates.setdefault(key, []).extend(range(group.first, group.first + group.size))
    for (team, skill, shift), people in sorted(candidates.items()):
        members = np.nonzero(citizen_team[:, skill] == team)[0]
        k = min(per_citizen, len(people))
        # k different people per citizen: the k smallest of a random number per person
        picks = np.argpartition(rng.random((len(members), len(people))), k - 1, axis=1)[:, :k]
        regular[members, skill, shift, :k] = np.array(people)[picks]
    return regular


@dataclass(frozen=True)
class Placements:
    """Where each team sits on each day of the horizon, and when it moved."""

    premises: dict[str, list[str]]  # team -> premises per horizon day
    start: dt.date
    move_dates: dict[str, list[dt.date]]

    def on(self, team: str, date: dt.date) -> str:
        return self.premises[team][(date - self.start).days]

    def days_since_move(self, team: str, date: dt.date) -> int | None:
        past = [d for d in self.move_dates[team] if d <= date]
        return (date - past[-1]).days if past else None


def resolve_placements(scenario: Scenario, data: DataSet) -> Placements:
    """Check the scenario's placements against the data and lay them out day by day.

    On a day without a placement a team sits in its home premises (teams.csv); that
    premises, too, must be available on the day."""
    days = horizon_days(scenario.calendar)
    start = scenario.calendar.start
    problems = []
    premises = data.premises
    layout = {team: [home] * len(days) for team, home in data.teams["home_premises_id"].items()}
    # covered[team][d]: the index of the placement that places the team on day d
    covered: dict[str, list[int | None]] = {team: [None] * len(days) for team in layout}
    unresolved: set[str] = set()  # teams with a placement that could not be laid out
    for i, placement in enumerate(scenario.placements):
        where = f"felt 'placements.{i}"
        if placement.team not in layout:
            problems.append(f"{where}.team': ukendt enhed {placement.team!r}")
            continue
        if placement.premises not in premises.index:
            problems.append(f"{where}.premises': ukendt lokation {placement.premises!r}")
            unresolved.add(placement.team)
            continue
        available_from = premises.at[placement.premises, "available_from"]
        available_to = premises.at[placement.premises, "available_to"]
        if placement.start < available_from:
            problems.append(
                f"{where}.start': lokation {placement.premises} er først ledig fra "
                f"{available_from.isoformat()} (fik {placement.start.isoformat()})"
            )
        if available_to is not None and placement.end > available_to:
            problems.append(
                f"{where}.end': lokation {placement.premises} er kun ledig til "
                f"{available_to.isoformat()} (fik {placement.end.isoformat()})"
            )
        first = max((placement.start - start).days, 0)
        last = min((placement.end - start).days, len(days) - 1)
        for d in range(first, last + 1):
            other = covered[placement.team][d]
            if other is not None:
                # overlapping from its first day: move the start; else end it earlier
                field = "start" if d == first else "end"
                problems.append(
                    f"{where}.{field}': enheden {placement.team} er allerede placeret "
                    f"{days[d].isoformat()} ifølge 'placements.{other}' "
                    "(placeringer må ikke overlappe)"
                )
                unresolved.add(placement.team)
                break
            covered[placement.team][d] = i
            layout[placement.team][d] = placement.premises
    for team, home in data.teams["home_premises_id"].items():
        if team not in unresolved:
            problems.extend(_home_outside_availability(team, home, days, covered[team], data))
    if problems:
        raise ScenarioError(problems)
    moves = {}
    for team, sequence in layout.items():
        previous = data.teams.at[team, "home_premises_id"]
        moves[team] = []
        for d, here in enumerate(sequence):
            if here != previous:
                moves[team].append(days[d])
            previous = here
    return Placements(layout, start, moves)


def _home_outside_availability(
    team: str, home: str, days: list[dt.date], covered: list[int | None], data: DataSet
) -> list[str]:
    """Messages for the spans of days without a placement on which ``team`` would sit in
    its home premises ``home`` while that premises is not available."""
    available_from = data.premises.at[home, "available_from"]
    available_to = data.premises.at[home, "available_to"]

    def outside(day: dt.date) -> bool:
        return day < available_from or (available_to is not None and day > available_to)

    problems = []
    d = 0
    while d < len(days):
        if covered[d] is not None or not outside(days[d]):
            d += 1
            continue
        first = d
        while d + 1 < len(days) and covered[d + 1] is None and outside(days[d + 1]):
            d += 1
        if days[first] < available_from:
            why = f"er først ledig fra {available_from.isoformat()}"
        else:
            why = f"er kun ledig til {available_to.isoformat()}"
        problems.append(
            f"felt 'placements': enheden {team} har ingen placering fra "
            f"{days[first].isoformat()} til {days[d].isoformat()} og sidder da i sin "
            f"hjemmelokation {home} (teams.csv), men lokationen {why}; tilføj en placering "
            "for enheden i den periode"
        )
        d += 1
    return problems


# ---- workforce over time --------------------------------------------------------------


def month_index(start: dt.date, date: dt.date) -> int:
    """Months from the horizon's first month (0 for the month of ``start``)."""
    return (date.year - start.year) * 12 + date.month - start.month


def monthly_probability(per_year: float) -> float:
    """The chance of leaving within a month for a yearly turnover ``per_year``."""
    return 1.0 - (1.0 - min(per_year, 0.99)) ** (1.0 / 12.0)


@dataclass(frozen=True, eq=False)
class WorkforcePlan:
    """Which positions are vacant in each month of the horizon, and the flows.

    Arrays are (month, individual), month 0 being the month of the horizon's first day.
    At the start of each month a held position is left with the month's probability (it
    is then vacant for at least that month), and a position vacant the month before is
    filled with probability 1 / ``months_to_fill_vacancy``."""

    start: dt.date
    vacant: np.ndarray  # bool
    leavers: np.ndarray  # bool: the holder left at the start of the month
    hires: np.ndarray  # bool: someone was hired into the position at the start of the month
    months: list[tuple[int, int]]  # (year, month) of each month index

    def vacant_on(self, date: dt.date) -> np.ndarray:
        return self.vacant[month_index(self.start, date)]


def turnover_windows(
    scenario: Scenario, data: DataSet, placements: Placements, team_ids: list[str], months: int
) -> np.ndarray:
    """(team, month) bool: the months around a move or merge in which the extra turnover
    lever applies: a team's own moves of premises, Flyt 1 (SOF teams) and Flyt 2 (all)."""
    p = scenario.parameters
    cal = scenario.calendar
    window = np.zeros((len(team_ids), months), dtype=bool)
    for t, team in enumerate(team_ids):
        events = [cal.flyt2, *placements.move_dates.get(team, [])]
        if data.teams.at[team, "organisation"] == "SOF":
            events.append(cal.flyt1)
        for event in events:
            centre = month_index(cal.start, event)
            low = max(centre - p.extra_turnover_months_before, 0)
            high = min(centre + p.extra_turnover_months_after, months - 1)
            if low <= high:
                window[t, low : high + 1] = True
    return window


def workforce_plan(
    scenario: Scenario,
    data: DataSet,
    workforce: Workforce,
    placements: Placements,
    seed: int,
) -> WorkforcePlan:
    """Draw the vacancies of one replication (stream ``workforce``; common random numbers:
    the same seed gives the same draws in every scenario, so more turnover never means
    fewer leavers)."""
    p = scenario.parameters
    cal = scenario.calendar
    months = month_index(cal.start, cal.end) + 1
    n = workforce.n_individuals
    role = np.zeros(n, dtype=np.int64)
    team = np.zeros(n, dtype=np.int64)
    for group in workforce.groups:
        role[group.first : group.first + group.size] = group.role
        team[group.first : group.first + group.size] = group.team
    yearly = np.array([p.turnover_by_role.get(r, p.turnover_per_year) for r in ROLES])
    base = np.array([monthly_probability(a) for a in yearly])[role]
    extra = np.array([monthly_probability(a + p.extra_turnover_around_moves) for a in yearly])[role]
    window = turnover_windows(scenario, data, placements, workforce.team_ids, months)
    replace_at_once = p.months_to_fill_vacancy == 0
    fill = 1.0 if replace_at_once else min(1.0, 1.0 / p.months_to_fill_vacancy)

    draws = randomness.stream(seed, "workforce").random((months + 1, n))
    steady = 0.0 if replace_at_once else base / (base + fill)
    held = draws[0] >= steady  # the month before the horizon, in steady state
    vacant = np.zeros((months, n), dtype=bool)
    leavers = np.zeros((months, n), dtype=bool)
    hires = np.zeros((months, n), dtype=bool)
    for m in range(months):
        u = draws[m + 1]
        leave_p = np.where(window[team, m], extra, base)
        leaves = held & (u < leave_p)
        filled = ~held & (u < fill)
        leavers[m] = leaves
        if replace_at_once:
            hires[m] = leaves
            held = np.ones(n, dtype=bool)
        else:
            hires[m] = filled
            held = (held & ~leaves) | filled
        vacant[m] = ~held
    labels = []
    year, month = cal.start.year, cal.start.month
    for _ in range(months):
        labels.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return WorkforcePlan(cal.start, vacant, leavers, hires, labels)
