"""Costs of a scenario and the budget test: does it keep inside the money the plan moved?

Costs are computed per replication and calendar month from three sources:

* **the calendar and the data**, exactly per day: rent and running costs of every premises
  for the days it is *held* (which may be longer than it is used), fit-out when a premises
  is taken into use, salaries pro rata per day and FTE, evening/night/weekend supplements
  per rostered shift;
* **the replication's workforce plan** (``sim.model.staffing.workforce_plan``): vacant
  positions save salary and, if the scenario says so, cost agency staff; leavers are
  replaced by hires (recruitment cost); a team that moves pays a moving cost per person;
* **the simulation** (weighted simulated days): overtime, agency staff for visits own
  staff could not cover, and km travelled.

The budget test (:func:`budget_verdicts`) follows the plan: the new organisation must
not cost more than the present one. The model does not cost everything the moved budget
pays for (visitation, assistive aids, IT, rehabilitation places, ...), so an absolute
comparison with the budget lines would mean little; instead the reference is the
baseline scenario (``scenarios/baseline.yaml``) run with the same seeds (common random
numbers), and one-off costs may be met by the implementation funding. For each budget
year::

    over budget = (running cost - baseline running cost)
                  + max(0, one-off cost - baseline one-off cost - implementation funding)

computed per replication (paired), then summarised with a 95% confidence interval.
Every default figure and its source or reasoning: data/README.md, sections on costs.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.analysis.stats import difference_table, group_intervals, paired_values, t_interval
from sim.inputs.dataset import ROLES, SHIFTS, CostData, DataSet, load_cost_data, scenario_data
from sim.inputs.scenario import Scenario, ScenarioError
from sim.model import horizon
from sim.model.staffing import (
    Placements,
    Workforce,
    WorkforcePlan,
    build_workforce,
    month_index,
    resolve_placements,
    workforce_plan,
)
from sim.run.experiment import Experiment
from sim.text import formats as fmt
from sim.text.catalogue import text


@dataclass(frozen=True)
class CostLine:
    key: str
    kind: str  # "running" or "one_off"
    parent: str | None = None  # an "of which" line is part of its parent, not added again

    def label(self, lang: str = "da") -> str:
        return text(f"cost.line.{self.key}", lang)


COST_LINES = (
    CostLine("salaries", "running"),
    CostLine("supplements", "running"),
    CostLine("overtime", "running"),
    CostLine("agency_vacancies", "running"),
    CostLine("agency_visits", "running"),
    CostLine("recruitment", "running"),
    CostLine("rent", "running"),
    CostLine("rent_unused", "running", parent="rent"),
    CostLine("running", "running"),
    CostLine("transport", "running"),
    # not paid: the price of the visits not made, as if agency staff had made them
    # (cost parameter service_gap_price_share), so that a cut in service is not free
    CostLine("service_gap", "running"),
    CostLine("fitout", "one_off"),
    CostLine("moving", "one_off"),
)
LINES = {line.key: line for line in COST_LINES}
TOP_LINES = tuple(line.key for line in COST_LINES if line.parent is None)
RUNNING_LINES = tuple(k for k in TOP_LINES if LINES[k].kind == "running")
ONE_OFF_LINES = tuple(k for k in TOP_LINES if LINES[k].kind == "one_off")

# Which role an agency carer has for a visit type
AGENCY_ROLE = {
    "personal_care": "sosu_assistant",
    "practical_help": "sosu_helper",
    "nursing": "nurse",
    "training": "therapist",
}
CARE_ROLES = ("sosu_helper", "sosu_assistant", "nurse", "therapist")
BASE_ORGANISATIONS = ("SOF", "SUF")  # premises in use today; others are candidates


def days_in_year(year: int) -> int:
    return 366 if calendar.isleap(year) else 365


def month_label(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


# ---- premises: which are held when ------------------------------------------------------


@dataclass(frozen=True)
class Holdings:
    """Which premises are held and used on each day of the horizon."""

    premises: list[str]
    days: list[dt.date]
    held: np.ndarray  # (premises, day) bool
    used: np.ndarray  # (premises, day) bool
    first_held: dict[str, dt.date | None]  # first day held; None if held from before


def _default_period(row, cal, used_days: list[dt.date]):
    if row["organisation"] in BASE_ORGANISATIONS:
        start = row["available_from"] if row["available_from"] > cal.start else None
        return [(start, row["available_to"])]
    if used_days:
        return [(used_days[0], used_days[-1])]
    return []


def resolve_holdings(
    scenario: Scenario, data: DataSet, placements: Placements | None = None
) -> Holdings:
    """Lay out which premises are held (rent paid) on which day, checking ``leases``.

    A premises not listed in ``leases`` keeps its default: a base in use today (organisation
    SOF or SUF) is held for the whole horizon (until its ``available_to``); a candidate is
    held from the first to the last day a team sits in it. A premises listed in ``leases``
    is held exactly in the listed periods. A team may only sit in a premises that is held.
    """
    placements = placements or resolve_placements(scenario, data)
    cal = scenario.calendar
    days = horizon.horizon_days(cal)
    premises_ids = list(data.premises["premises_id"])
    index = {p: i for i, p in enumerate(premises_ids)}
    used = np.zeros((len(premises_ids), len(days)), dtype=bool)
    users: dict[tuple[int, int], str] = {}
    for team, sequence in placements.premises.items():
        for d, where in enumerate(sequence):
            used[index[where], d] = True
            users.setdefault((index[where], d), team)

    problems: list[str] = []
    periods: dict[str, list[tuple[dt.date | None, dt.date | None, int]]] = {}
    for i, lease in enumerate(scenario.leases):
        where = f"felt 'leases.{i}"
        if lease.premises not in index:
            problems.append(f"{where}.premises': ukendt lokation {lease.premises!r}")
            continue
        available_to = data.premises.at[lease.premises, "available_to"]
        if available_to is not None and (lease.end is None or lease.end > available_to):
            shown = lease.end.isoformat() if lease.end else "ingen slutdato"
            problems.append(
                f"{where}.end': lokation {lease.premises} er kun ledig til "
                f"{available_to.isoformat()} (fik {shown})"
            )
        for start, end, j in periods.get(lease.premises, []):
            if (lease.end is None or start is None or start <= lease.end) and (
                end is None or lease.start is None or lease.start <= end
            ):
                problems.append(
                    f"{where}': lejeperioden for {lease.premises} overlapper 'leases.{j}'"
                )
        periods.setdefault(lease.premises, []).append((lease.start, lease.end, i))

    held = np.zeros_like(used)
    first_held: dict[str, dt.date | None] = {}
    day_number = np.array([d.toordinal() for d in days])
    for p, premises in enumerate(premises_ids):
        if premises in periods:
            spans = [(s, e) for s, e, _ in periods[premises]]
        else:
            used_days = [days[d] for d in np.flatnonzero(used[p])]
            spans = _default_period(data.premises.loc[premises], cal, used_days)
        for start, end in spans:
            low = -np.inf if start is None else start.toordinal()
            high = np.inf if end is None else end.toordinal()
            held[p] |= (day_number >= low) & (day_number <= high)
        starts = [s for s, _ in spans]
        if starts:
            first_held[premises] = None if None in starts else min(starts)
        for d in np.flatnonzero(used[p] & ~held[p])[:1]:
            problems.append(
                f"felt 'leases': lokation {premises} bruges af enheden {users[(p, int(d))]} "
                f"den {days[d].isoformat()}, men er ikke lejet den dag"
            )
    if problems:
        raise ScenarioError(problems)
    return Holdings(premises_ids, days, held, used, first_held)


def premises_costs(
    scenario: Scenario,
    data: DataSet,
    holdings: Holdings | None = None,
) -> pd.DataFrame:
    """Rent, running costs, rent of unused premises and fit-out per month and premises.

    Rent for a day held is the yearly rent divided by the days of that calendar year
    (365 or 366), so a whole year held costs exactly the yearly rent."""
    holdings = holdings or resolve_holdings(scenario, data)
    days = holdings.days
    per_day = np.array([1.0 / days_in_year(d.year) for d in days])
    months = np.array([month_label(d.year, d.month) for d in days])
    table = data.premises.loc[holdings.premises]
    area = table["area_m2"].to_numpy(dtype=float)
    rent_year = area * table["rent_per_m2_year"].to_numpy(dtype=float)
    running_year = area * table["running_cost_per_m2_year"].to_numpy(dtype=float)
    held = holdings.held.astype(float) * per_day
    unused = (holdings.held & ~holdings.used).astype(float) * per_day
    rows = []
    cal = scenario.calendar
    for month in dict.fromkeys(months):
        in_month = months == month
        held_days = holdings.held[:, in_month].sum(axis=1)
        share = held[:, in_month].sum(axis=1)
        share_unused = unused[:, in_month].sum(axis=1)
        for p, premises in enumerate(holdings.premises):
            if held_days[p] == 0:
                continue
            first = holdings.first_held.get(premises)
            fitout = 0.0
            taken_into_use = first is not None and cal.start <= first <= cal.end
            if taken_into_use and month_label(first.year, first.month) == month:
                fitout = float(table["fitout_cost"].iloc[p])
            rows.append(
                {
                    "month": month,
                    "premises": premises,
                    "held_days": int(held_days[p]),
                    "used_days": int(holdings.used[p, in_month].sum()),
                    "rent": rent_year[p] * share[p],
                    "rent_unused": rent_year[p] * share_unused[p],
                    "running": running_year[p] * share[p],
                    "fitout": fitout,
                }
            )
    columns = ["month", "premises", "held_days", "used_days", "rent", "rent_unused"]
    return pd.DataFrame(rows, columns=[*columns, "running", "fitout"])


# ---- staff: salaries, supplements, vacancies, recruitment, moving ------------------------


def _months(scenario: Scenario) -> pd.DataFrame:
    """The months of the horizon with their days (all, weekdays, weekend days) inside it."""
    rows: dict[str, dict] = {}
    for day in horizon.horizon_days(scenario.calendar):
        key = month_label(day.year, day.month)
        row = rows.setdefault(
            key,
            {"month": key, "year": day.year, "date": day, "days": 0, "weekday": 0, "weekend": 0},
        )
        row["days"] += 1
        row[horizon.day_type(day)] += 1
    return pd.DataFrame(list(rows.values()))


def _supplement(costs: CostData, shift: str, day_type: str) -> float:
    weekday = {
        "day": 0.0,
        "evening": costs.parameter("supplement_evening"),
        "night": costs.parameter("supplement_night"),
    }[shift]
    if day_type == "weekend":
        return max(weekday, costs.parameter("supplement_weekend"))
    return weekday


def _hourly(costs: CostData, role: str) -> float:
    return float(costs.salaries.at[role, "annual_salary"]) / costs.parameter("annual_hours_per_fte")


def _people(workforce: Workforce) -> dict[tuple[int, int], np.ndarray]:
    """Individual ids per (team index, role index)."""
    people: dict[tuple[int, int], list[np.ndarray]] = {}
    for g in workforce.groups:
        people.setdefault((g.team, g.role), []).append(np.arange(g.first, g.first + g.size))
    return {key: np.concatenate(parts) for key, parts in people.items()}


def workforce_frame(
    scenario: Scenario,
    data: DataSet,
    seed: int,
    workforce: Workforce | None = None,
    placements: Placements | None = None,
    plan: WorkforcePlan | None = None,
) -> pd.DataFrame:
    """Positions, vacancies, leavers and hires per month, team and role of one replication."""
    workforce = workforce or build_workforce(data)
    placements = placements or resolve_placements(scenario, data)
    plan = plan or workforce_plan(scenario, data, workforce, placements, seed)
    months = _months(scenario)
    index = np.array([month_index(plan.start, d) for d in months["date"]])
    fte = data.staff.groupby(["team_id", "role"])["fte"].sum().to_dict()
    groups = sorted(_people(workforce).items())
    if not groups:
        return pd.DataFrame()
    # one row per (team, role) and month, the groups one after another: all at once
    vacant_by_month, leavers, hires = plan.vacant[index], plan.leavers[index], plan.hires[index]
    vacant = np.stack([vacant_by_month[:, people].sum(axis=1) for _, people in groups])
    positions = np.array([len(people) for _, people in groups])
    full = np.array(
        [float(fte.get((workforce.team_ids[t], ROLES[r]), 0.0)) for (t, r), _ in groups]
    )
    share = np.divide(
        vacant, positions[:, None], out=np.zeros(vacant.shape), where=positions[:, None] > 0
    )
    months_n = len(index)
    return pd.DataFrame(
        {
            "date": np.tile(months["date"].to_numpy(), len(groups)),
            "month": np.tile(months["month"].to_numpy(), len(groups)),
            "team": np.repeat([workforce.team_ids[t] for (t, _), _ in groups], months_n),
            "role": np.repeat([ROLES[r] for (_, r), _ in groups], months_n),
            "positions": np.repeat(positions, months_n),
            "vacant": vacant.ravel(),
            "leavers": np.stack([leavers[:, p].sum(axis=1) for _, p in groups]).ravel(),
            "hires": np.stack([hires[:, p].sum(axis=1) for _, p in groups]).ravel(),
            "fte": np.repeat(full, months_n),
            "employed_fte": (full[:, None] * (1 - share)).ravel(),
            "weight": np.tile(months["days"].to_numpy(float), len(groups)),
        }
    )


def staff_costs(
    scenario: Scenario,
    data: DataSet,
    costs: CostData,
    seed: int,
    workforce: Workforce | None = None,
    placements: Placements | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(cost rows per month and line, workforce frame) of one replication."""
    workforce = workforce or build_workforce(data)
    placements = placements or resolve_placements(scenario, data)
    plan = workforce_plan(scenario, data, workforce, placements, seed)
    p = scenario.parameters
    months = _months(scenario)
    index = np.array([month_index(plan.start, d) for d in months["date"]])
    vacant = plan.vacant[index]  # (month of the horizon, individual)
    overhead = costs.parameter("payroll_overhead_share")
    hours = costs.parameter("hours_per_shift")
    salary = {r: float(costs.salaries.at[r, "annual_salary"]) for r in ROLES}
    pension = {r: float(costs.salaries.at[r, "pension_share"]) for r in ROLES}
    agency_rate = {r: float(costs.salaries.at[r, "agency_rate_per_hour"]) for r in ROLES}
    hourly = {r: _hourly(costs, r) for r in ROLES}
    days_of = {t: months[t].to_numpy(dtype=float) for t in ("weekday", "weekend")}
    agency_cover = p.vacant_shifts == "agency"
    amounts = {
        key: np.zeros(len(months))
        for key in ("salaries", "supplements", "agency_vacancies", "recruitment", "moving")
    }

    # salaries: FTE x staff multiplier x share of the team-role's positions held
    workforce_rows = workforce_frame(scenario, data, seed, workforce, placements, plan)
    if len(workforce_rows):
        share_of_year = months["days"].to_numpy() / months["year"].map(days_in_year).to_numpy()
        for role, part in workforce_rows.groupby("role"):
            annual = salary[role] * (1 + pension[role] + overhead) * p.staff_multiplier
            employed = part.groupby("month", sort=False)["employed_fte"].sum()
            employed = employed.reindex(months["month"]).fillna(0.0).to_numpy()
            amounts["salaries"] += employed * annual * share_of_year
        hires = workforce_rows.groupby("month")["hires"].sum()
        amounts["recruitment"] = hires.reindex(months["month"]).fillna(
            0
        ).to_numpy() * costs.parameter("recruitment_cost_per_hire")

    # supplements and agency cover of vacant positions, per roster group and day type
    for g_index, group in enumerate(workforce.groups):
        role = ROLES[group.role]
        shift = SHIFTS[group.shift]
        if group.size:
            vacancy = vacant[:, group.first : group.first + group.size].mean(axis=1)
        else:
            vacancy = np.zeros(len(months))
        for day_type in ("weekday", "weekend"):
            planned, on_call = workforce.roster.get((g_index, day_type), (0, 0))
            # the slots' expected number (sim.model.staffing.scaled_slots draws them)
            needed = (planned + on_call) * p.staff_multiplier
            if needed == 0:
                continue
            named = min(needed, group.size)
            supplement = _supplement(costs, shift, day_type)
            slot_days = days_of[day_type] * hours
            own = named * (1 - vacancy) + (needed - named)
            amounts["supplements"] += own * slot_days * hourly[role] * supplement * (1 + overhead)
            if agency_cover and role in CARE_ROLES:
                amounts["agency_vacancies"] += (
                    named * vacancy * slot_days * agency_rate[role] * (1 + supplement)
                )

    # moving: everyone holding a position in a team that changes premises
    moving = costs.parameter("moving_cost_per_person")
    month_position = {m: i for i, m in enumerate(months["month"])}
    for t, team in enumerate(workforce.team_ids):
        members = np.concatenate(
            [people for (team_index, _), people in _people(workforce).items() if team_index == t]
            or [np.zeros(0, dtype=np.int64)]
        )
        for move in placements.move_dates.get(team, []):
            m = month_position.get(month_label(move.year, move.month))
            if m is None:
                continue
            holders = ~plan.vacant[month_index(plan.start, move), members]
            amounts["moving"][m] += moving * int(holders.sum())

    rows = [
        {"month": month, "line": key, "amount": float(values[m])}
        for key, values in amounts.items()
        for m, month in enumerate(months["month"])
    ]
    return pd.DataFrame(rows), workforce_rows


# ---- from the simulation: overtime, agency visits, transport -----------------------------


def _team_hourly(data: DataSet, costs: CostData) -> dict[str, float]:
    """FTE-weighted hourly pay of a team's care roles (who work overtime)."""
    staff = data.staff[data.staff["role"].isin(CARE_ROLES)]
    result = {}
    for team, part in staff.groupby("team_id"):
        weights = part["fte"].to_numpy(dtype=float)
        rates = np.array([_hourly(costs, r) for r in part["role"]])
        result[team] = float((weights * rates).sum() / weights.sum()) if weights.sum() else 0.0
    fallback = float(np.mean([_hourly(costs, r) for r in CARE_ROLES]))
    return {team: result.get(team, fallback) for team in data.teams["team_id"]}


def simulated_costs(
    frames: dict[str, pd.DataFrame], scenario: Scenario, data: DataSet, costs: CostData
) -> pd.DataFrame:
    """Overtime, agency visits and transport per month of one replication's frames."""
    rows = []
    staff = frames["staff"]
    visits = frames["visits"]
    if len(staff):
        month = pd.to_datetime(staff["date"]).dt.strftime("%Y-%m")
        hourly = staff["team"].map(_team_hourly(data, costs)).fillna(0.0)
        overtime = (
            staff["overtime_min"]
            / 60
            * staff["weight"]
            * hourly
            * (1 + costs.parameter("overtime_supplement"))
        )
        rate = costs.parameter(f"transport_per_km_{scenario.parameters.travel_mode}")
        transport = staff["km"] * staff["weight"] * rate
        for key, values in (("overtime", overtime), ("transport", transport)):
            for m, amount in values.groupby(month).sum().items():
                rows.append({"month": m, "line": key, "amount": float(amount)})
    if len(visits) and "agency_min" in visits:
        month = pd.to_datetime(visits["date"]).dt.strftime("%Y-%m")
        gap_share = costs.parameter("service_gap_price_share")
        for key, kind, share in (
            ("agency_visits", "agency", 1.0),
            ("service_gap", "missed", gap_share),
        ):
            amount = _agency_price(visits, kind, costs) * share
            for m, total in amount.groupby(month).sum().items():
                rows.append({"month": m, "line": key, "amount": float(total)})
    return pd.DataFrame(rows, columns=["month", "line", "amount"])


def _agency_price(visits: pd.DataFrame, kind: str, costs: CostData) -> pd.Series:
    """What agency staff charge for the visits of ``kind`` ("agency": those they made;
    "missed": those nobody made) per row of a visits frame: their minutes plus travel per
    carer, at the agency's hourly rate for the visit's role, with the weekend supplement,
    times the day's weight."""
    rate = visits["visit_type"].map(
        {v: float(costs.salaries.at[r, "agency_rate_per_hour"]) for v, r in AGENCY_ROLE.items()}
    )
    weekend = np.where(
        visits["day_type"] == "weekend", 1 + costs.parameter("supplement_weekend"), 1.0
    )
    minutes = visits[f"{kind}_min"] + visits[f"{kind}_legs"] * costs.parameter(
        "agency_travel_minutes_per_visit"
    )
    return minutes / 60 * rate * weekend * visits["weight"]


# ---- per replication and experiment ------------------------------------------------------


def replication_costs(
    scenario: Scenario,
    data: DataSet,
    costs: CostData,
    seed: int,
    frames: dict[str, pd.DataFrame],
    holdings: Holdings | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(tidy costs: month x line, workforce frame) of one replication."""
    placements = resolve_placements(scenario, data)
    holdings = holdings or resolve_holdings(scenario, data, placements)
    workforce = build_workforce(data)
    staff_rows, workforce_rows = staff_costs(scenario, data, costs, seed, workforce, placements)
    premises = premises_costs(scenario, data, holdings)
    premises_rows = premises.melt(
        id_vars="month",
        value_vars=["rent", "rent_unused", "running", "fitout"],
        var_name="line",
        value_name="amount",
    )
    parts = [staff_rows, premises_rows, simulated_costs(frames, scenario, data, costs)]
    combined = pd.concat([p for p in parts if len(p)], ignore_index=True)
    months = _months(scenario)
    grid = pd.MultiIndex.from_product([months["month"], list(LINES)], names=["month", "line"])
    table = combined.groupby(["month", "line"])["amount"].sum().reindex(grid, fill_value=0.0)
    table = table.reset_index()
    table = table.merge(months[["month", "year", "date", "days"]], on="month")
    table["weight"] = 1.0
    return table[["date", "month", "year", "days", "line", "amount", "weight"]], workforce_rows


def cost_frames(
    experiment: Experiment, data: DataSet | None = None, costs: CostData | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """All replications' tidy costs (replication, month, line, amount) and workforce rows."""
    scenario = experiment.scenario
    data = data if data is not None else scenario_data(scenario)
    costs = costs or load_cost_data(scenario.resolve_data_dir())
    holdings = resolve_holdings(scenario, data)
    parts, workforce_parts = [], []
    for replication in experiment.replications:
        table, workforce_rows = replication_costs(
            scenario, data, costs, replication.seed, replication.frames, holdings
        )
        parts.append(table.assign(replication=replication.index, seed=replication.seed))
        workforce_parts.append(
            workforce_rows.assign(replication=replication.index, seed=replication.seed)
        )
    return pd.concat(parts, ignore_index=True), pd.concat(workforce_parts, ignore_index=True)


def attach_costs(
    experiment: Experiment, data: DataSet | None = None, costs: CostData | None = None
) -> Experiment:
    """Add the frames ``costs`` and ``workforce`` to every replication (in place), so the
    cost and workforce KPIs of ``sim.analysis.kpis`` are summarised with the others."""
    table, workforce_rows = cost_frames(experiment, data, costs)
    for replication in experiment.replications:
        replication.frames["costs"] = table[table["replication"] == replication.index].drop(
            columns=["replication", "seed"]
        )
        replication.frames["workforce"] = workforce_rows[
            workforce_rows["replication"] == replication.index
        ].drop(columns=["replication", "seed"])
    return experiment


def _costs_of(experiment: Experiment) -> pd.DataFrame:
    if not all("costs" in r.frames for r in experiment.replications):
        attach_costs(experiment)
    return experiment.frame("costs")


# ---- summaries, difference from the baseline, verdicts -----------------------------------


def cost_table(experiment: Experiment, by: str | None = "year") -> pd.DataFrame:
    """Cost per replication, period (``year``, ``month`` or None) and line, with a
    ``total`` line (the sum of the top-level lines)."""
    table = _costs_of(experiment)
    keys = ["replication", *([by] if by else []), "line"]
    grouped = table.groupby(keys, sort=True)["amount"].sum().reset_index()
    top = grouped[grouped["line"].isin(TOP_LINES)]
    total = top.groupby(keys[:-1], sort=True)["amount"].sum().reset_index().assign(line="total")
    return pd.concat([grouped, total], ignore_index=True)


def _summarise(table: pd.DataFrame, value: str, lang: str) -> pd.DataFrame:
    summary = group_intervals(table, value)
    if "line" in summary:
        labels = summary["line"].map(lambda line: line_label(line, lang))
        summary.insert(summary.columns.get_loc("mean"), "label", labels)
    return summary


def line_label(key: str, lang: str = "da") -> str:
    return text(f"cost.line.{key}", lang)


def cost_summary(experiment: Experiment, by: str | None = "year", lang: str = "da"):
    """Mean and 95% CI over replications of every cost line (and total) per period."""
    return _summarise(cost_table(experiment, by), "amount", lang)


def _with_seeds(table: pd.DataFrame, experiment: Experiment) -> pd.DataFrame:
    seeds = {r.index: r.seed for r in experiment.replications}
    return table.assign(seed=table["replication"].map(seeds))


def paired_difference(
    experiment: Experiment, baseline: Experiment, by: str | None = "year"
) -> pd.DataFrame:
    """Scenario minus baseline per replication, period and line, paired on the seed: both
    must use the same seeds (common random numbers), else ValueError. A line one run lacks
    costs 0. Computed by :func:`sim.analysis.stats.paired_values`."""
    keys = [*([by] if by else []), "line"]
    values = paired_values(
        _with_seeds(cost_table(experiment, by), experiment),
        _with_seeds(cost_table(baseline, by), baseline),
        keys,
        "amount",
        fill_value=0.0,
    )
    return values[["replication", *keys, "difference"]]


def difference_summary(
    experiment: Experiment, baseline: Experiment, by: str | None = "year", lang: str = "da"
) -> pd.DataFrame:
    """Mean difference from the baseline per period and line with its 95% CI: paired by
    seed when the two share their seeds, Welch's otherwise
    (:func:`sim.analysis.stats.difference_table`)."""
    keys = [*([by] if by else []), "line"]
    table = difference_table(
        _with_seeds(cost_table(experiment, by), experiment),
        _with_seeds(cost_table(baseline, by), baseline),
        keys,
        "amount",
        fill_value=0.0,
    )
    table.insert(len(keys), "label", [line_label(k, lang) for k in table["line"]])
    table = table.rename(columns={"difference": "mean"})
    return table[[*keys, "label", "mean", "ci_low", "ci_high", "replications", "paired"]]


def implementation_funding(costs: CostData) -> dict[int, float]:
    """Implementation funding per year in DKK that may meet one-off costs."""
    budget = costs.budget[costs.budget["category"] == "implementation"]
    share = costs.parameter("implementation_funding_available_share")
    return {
        int(year): float(amount) * 1000 * share
        for year, amount in budget.groupby("year")["amount_1000_dkk"].sum().items()
    }


def budget_verdicts(
    experiment: Experiment,
    baseline: Experiment,
    costs: CostData | None = None,
    lang: str = "da",
) -> pd.DataFrame:
    """Per budget year: the extra running cost, the one-off cost, the implementation
    funding, and how much over budget the scenario is (paired, with 95% CIs)."""
    costs = costs or load_cost_data(experiment.scenario.resolve_data_dir())
    funding = implementation_funding(costs)
    difference = paired_difference(experiment, baseline, "year")
    months = _months(experiment.scenario)
    rows = []
    for year, part in difference.groupby("year", sort=True):
        wide = part.pivot(index="replication", columns="line", values="difference")
        wide = wide.reindex(columns=list(LINES), fill_value=0.0).fillna(0.0)
        running = wide[list(RUNNING_LINES)].sum(axis=1).to_numpy()
        one_off = wide[list(ONE_OFF_LINES)].sum(axis=1).to_numpy()
        available = funding.get(int(year), 0.0)
        over = running + np.maximum(one_off - available, 0.0)
        in_year = months[months["year"] == year]
        rows.append(
            {
                "year": int(year),
                "first_month": in_year["month"].min(),
                "last_month": in_year["month"].max(),
                **budget_row(
                    t_interval(running),
                    t_interval(one_off),
                    t_interval(over),
                    available,
                    lang,
                ),
            }
        )
    return pd.DataFrame(rows)


def budget_row(
    running: tuple[float, float, float],
    one_off: tuple[float, float, float],
    over: tuple[float, float, float],
    available: float,
    lang: str = "da",
) -> dict:
    """One budget year's verdict from the (mean, CI low, CI high) of the extra running
    cost, the one-off cost and the amount over budget."""
    mean, low, high = over
    return {
        "running_difference": running[0],
        "running_difference_ci_low": running[1],
        "running_difference_ci_high": running[2],
        "one_off": one_off[0],
        "one_off_ci_low": one_off[1],
        "one_off_ci_high": one_off[2],
        "implementation_funding": available,
        "over_budget": mean,
        "over_budget_ci_low": low,
        "over_budget_ci_high": high,
        "within_budget": bool(mean <= 0),
        "certain": bool(not np.isnan(low) and (low > 0 if mean > 0 else high <= 0)),
        "verdict": verdict_text(mean, lang),
    }


def verdict_text(over: float, lang: str = "da") -> str:
    """'inden for budget' or 'over budget med X kr.'"""
    if over <= 0:
        return text("verdict.within", lang)
    return text("verdict.over", lang, amount=fmt.money(over, lang))


# ---- the baseline a scenario is compared with --------------------------------------------


_RUN_SETTINGS = (
    "calendar",
    "replications",
    "seed",
    "fidelity",
    "sampled_weekdays_per_month",
    "sampled_weekend_days_per_month",
)


def comparison_baseline(scenario: Scenario, baseline: Scenario) -> Scenario:
    """The baseline with the scenario's horizon, seeds, fidelity and data folder, so that
    the two runs are paired replication by replication."""
    settings = scenario.model_dump(mode="json")
    changes = {key: settings[key] for key in _RUN_SETTINGS}
    changes["data_dir"] = str(scenario.resolve_data_dir())
    return baseline.with_overrides(**changes)


def same_model(a: Scenario, b: Scenario) -> bool:
    """True if the two scenarios differ at most in name and description (and how the data
    folder is written), so one run serves as both."""

    def content(s: Scenario) -> dict:
        data = s.model_dump(mode="json")
        for key in ("name", "description"):
            data.pop(key)
        data["data_dir"] = str(s.resolve_data_dir())
        return data

    return content(a) == content(b)


BASELINE_SCENARIO = "scenarios/baseline.yaml"  # relative to the project root


def records(frame: pd.DataFrame) -> list[dict]:
    """The rows of ``frame`` as plain JSON values (NaN as None, dates as ISO text)."""

    def clean(value):
        if isinstance(value, float | np.floating):
            return None if np.isnan(value) else float(value)
        if isinstance(value, np.integer):
            return int(value)
        if isinstance(value, np.bool_):
            return bool(value)
        if isinstance(value, dt.date):
            return value.isoformat()
        return value

    return [{k: clean(v) for k, v in row.items()} for row in frame.to_dict("records")]
