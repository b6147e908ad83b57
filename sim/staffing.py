"""Teams, their people, rosters, absence and where each team sits (placements).

Each team's headcount per role is split over the three shift types in proportion to
the roster, giving named individuals; citizens get a regular carer among them. On each
day every roster slot goes to an individual by a random priority; an absent
individual's slot stays empty (absence is lost capacity). A roster bigger than the
headcount is filled with temporary staff, who have no regular citizens.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from sim import randomness
from sim.calendar import horizon_days
from sim.dataset import ROLES, SHIFTS, DataSet
from sim.scenario import Scenario, ScenarioError

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


def daily_duty(
    workforce: Workforce,
    day_type: str,
    date: dt.date,
    seed: int,
    absence_rate: float,
    staff_multiplier: float,
) -> Duty:
    rng = randomness.stream(seed, "duty", date)
    priority = rng.random(workforce.n_individuals)
    absent = rng.random(workforce.n_individuals) < absence_rate
    groups = workforce.groups
    counts = np.array(
        [workforce.roster.get((g, day_type), (0, 0)) for g in range(len(groups))], dtype=float
    ).reshape(-1, 2)
    planned = np.rint(counts[:, 0] * staff_multiplier).astype(np.int64)
    needed = planned + np.rint(counts[:, 1] * staff_multiplier).astype(np.int64)
    first = np.array([g.first for g in groups], dtype=np.int64)
    size = np.array([g.size for g in groups], dtype=np.int64)
    member_group = np.repeat(np.arange(len(groups)), size)

    # named people: the `needed` of each group with the lowest priority numbers
    order = np.lexsort((priority, member_group))
    slot = np.arange(workforce.n_individuals) - first[member_group[order]]
    chosen = slot < needed[member_group[order]]
    person, person_group, person_slot = order[chosen], member_group[order][chosen], slot[chosen]
    present = ~absent[person]
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

    group_of = np.concatenate([person_group, temp_group])
    slot_of = np.concatenate([person_slot, temp_slot])
    here = np.concatenate([present, temp_present])
    who = np.concatenate([person, temp_person])
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
    )


def regular_carers(
    data: DataSet, workforce: Workforce, citizen_team: np.ndarray, seed: int
) -> np.ndarray:
    """Regular carer per citizen, skill and shift: array (citizen, 3, 3), -1 where none.

    ``citizen_team`` is (citizen, skill) -> team index serving that citizen for the skill."""
    n = citizen_team.shape[0]
    regular = np.full((n, 3, len(SHIFTS)), -1, dtype=np.int64)
    rng = randomness.stream(seed, "regular_carers")
    candidates: dict[tuple[int, int, int], list[int]] = {}
    for group in workforce.groups:
        if group.skill is None or group.size == 0:
            continue
        key = (group.team, group.skill, group.shift)
        candidates.setdefault(key, []).extend(range(group.first, group.first + group.size))
    for (team, skill, shift), people in sorted(candidates.items()):
        members = np.nonzero(citizen_team[:, skill] == team)[0]
        regular[members, skill, shift] = np.array(people)[
            rng.integers(len(people), size=len(members))
        ]
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

    On a day without a placement a team sits in its home premises (teams.csv)."""
    days = horizon_days(scenario.calendar)
    start = scenario.calendar.start
    problems = []
    premises = data.premises
    layout = {team: [home] * len(days) for team, home in data.teams["home_premises_id"].items()}
    covered: dict[str, list[bool]] = {team: [False] * len(days) for team in layout}
    for i, placement in enumerate(scenario.placements):
        where = f"felt 'placements.{i}"
        if placement.team not in layout:
            problems.append(f"{where}.team': ukendt enhed {placement.team!r}")
            continue
        if placement.premises not in premises.index:
            problems.append(f"{where}.premises': ukendt lokation {placement.premises!r}")
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
            if covered[placement.team][d]:
                problems.append(
                    f"{where}': enheden {placement.team} er allerede placeret "
                    f"{days[d].isoformat()} (placeringer må ikke overlappe)"
                )
                break
            covered[placement.team][d] = True
            layout[placement.team][d] = placement.premises
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
