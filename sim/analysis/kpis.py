"""KPI definitions (their names are in the catalogue, ``kpi.<key>``), and summaries with
95% CIs.

Per-run frames hold additive quantities per simulated day with the day's ``weight``
(the calendar days it stands for). A KPI is computed per replication from weighted
sums (ratios are ratios of sums), then summarised over replications as mean and a
Student-t 95% confidence interval.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.analysis.stats import group_intervals
from sim.run.experiment import Experiment, Replication
from sim.text.catalogue import text


@dataclass(frozen=True)
class KPI:
    key: str
    unit: str  # "count", "share", "minutes", "hours", "ratio", "days", "km", "dkk"
    better: str  # "higher", "lower" or "" (neither)
    frame: str
    measure: Callable[[Groups], np.ndarray]  # the KPI per group of a frame

    def label(self, lang: str = "da") -> str:
        """The KPI's name (catalogue ``kpi.<key>``)."""
        return text(f"kpi.{self.key}", lang)

    def help(self, lang: str = "da") -> str:
        """What the KPI counts, in a sentence (catalogue ``kpi.<key>.help``)."""
        return text(f"kpi.{self.key}.help", lang)


Rows = tuple[str, object]  # the rows whose column (first) holds the value (second)
PLANNED: Rows = ("duty", "planned")
ON_CALL: Rows = ("duty", "on_call")
SERVED: Rows = ("served", True)


class Groups:
    """The rows of one frame in groups of one breakdown: ``codes`` (the group of each row,
    -1 for a row without one) and ``keys`` (the groups, sorted). Every measure below
    sums within these groups at once (``np.bincount``): one pass over the frame per
    measure, whatever the number of groups."""

    def __init__(self, frame: pd.DataFrame, by: str | None):
        self.frame = frame
        if by is None:
            self.codes = np.zeros(len(frame), dtype=np.intp)
            self.keys: list = [None]
        else:
            codes, keys = pd.factorize(frame[by], sort=True, use_na_sentinel=True)
            self.codes, self.keys = codes.astype(np.intp), list(keys)
        self.size = len(self.keys)
        self._cache: dict = {}

    def total(self, values: np.ndarray, where: np.ndarray | None = None) -> np.ndarray:
        """The sum of ``values`` per group (over the rows ``where`` is true)."""
        keep = self.codes >= 0
        if where is not None:
            keep = keep & where
        return np.bincount(self.codes[keep], weights=values[keep], minlength=self.size)

    def weighted(self, column: str, where: Rows | None = None) -> np.ndarray:
        """Σ column × weight per group (of the rows where ``where`` = (column, value))."""
        key = (column, where)
        if key not in self._cache:
            f = self.frame
            values = f["weight"].to_numpy(float)
            if column != "weight":
                values = f[column].to_numpy(float) * values
            mask = None if where is None else (f[where[0]] == where[1]).to_numpy()
            self._cache[key] = self.total(values, mask)
        return self._cache[key]


def _divide(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    out = np.full(len(denominator), np.nan)
    positive = denominator > 0
    out[positive] = numerator[positive] / denominator[positive]
    return out


def _sum(column: str, scale: float = 1.0, where: Rows | None = None):
    return lambda g: g.weighted(column, where) * scale


def _ratio(numerator: str, denominator: str, where: Rows | None = None):
    return _sum_ratio((numerator,), denominator, where)


def _sum_ratio(numerators: tuple[str, ...], denominator: str, where: Rows | None = None):
    def measure(g: Groups) -> np.ndarray:
        return _divide(
            sum(g.weighted(c, where) for c in numerators), g.weighted(denominator, where)
        )

    return measure


def _plain(column: str):
    """Σ column per group, unweighted (counts of events, not of days)."""
    return lambda g: g.total(g.frame[column].to_numpy(float))


def _optional(column: str):
    """Σ column × weight, or NaN when the frame has no such column."""
    return lambda g: g.weighted(column) if column in g.frame else np.full(g.size, np.nan)


def weighted_quantile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    """The q-quantile of a weighted sample (inverse of the weighted empirical CDF)."""
    if len(values) == 0 or weights.sum() <= 0:
        return np.nan
    order = np.argsort(values)
    cumulative = np.cumsum(weights[order])
    return float(values[order][np.searchsorted(cumulative, q * cumulative[-1])])


def _response(q: float | None):
    def measure(g: Groups) -> np.ndarray:
        served = g.frame["served"].to_numpy(bool)
        if q is None:
            return _divide(g.weighted("response_min", SERVED), g.weighted("weight", SERVED))
        # a quantile is not a sum: one sort per group (the calls' groups are few)
        values = g.frame["response_min"].to_numpy(float)
        weights = g.frame["weight"].to_numpy(float)
        out = np.full(g.size, np.nan)
        for code in range(g.size):
            rows = served & (g.codes == code)
            out[code] = weighted_quantile(values[rows], weights[rows], q)
        return out

    return measure


def _cost(*lines: str):
    """Sum of cost lines (kroner) of the ``costs`` frame (see sim.analysis.costs.attach_costs)."""
    return lambda g: g.total(
        g.frame["amount"].to_numpy(float), g.frame["line"].isin(lines).to_numpy()
    )


def _peak_ratio(g: Groups) -> np.ndarray:
    """The most people at once over capacity: of the simulated days, and of the day shift's
    arrivals on the days a sampled day stands for (``peak_represented``)."""
    f = g.frame
    people = f["peak_people"].to_numpy(float)
    if "peak_represented" in f:
        people = np.maximum(people, f["peak_represented"].to_numpy(float))
    ratio = people / f["capacity"].to_numpy(float)
    out = np.full(g.size, -np.inf)
    keep = g.codes >= 0
    np.maximum.at(out, g.codes[keep], ratio[keep])
    return np.where(np.isneginf(out), np.nan, out)


def _days_over(g: Groups) -> np.ndarray:
    f = g.frame
    over = (f["peak_people"].to_numpy() > f["capacity"].to_numpy()) * f["weight"].to_numpy(float)
    return g.total(over)


_KPI_LIST = [
    KPI("planned_visits", "count", "", "visits", _sum("planned")),
    KPI("delivered_visits", "count", "higher", "visits", _sum("delivered")),
    KPI("on_time_share", "share", "higher", "visits", _ratio("on_time", "planned")),
    KPI("late_visits", "count", "lower", "visits", _sum("late")),
    KPI("mean_lateness_min", "minutes", "lower", "visits", _ratio("lateness_min", "late")),
    KPI("missed_visits", "count", "lower", "visits", _sum("missed")),
    KPI("agency_visits", "count", "lower", "visits", _sum("agency")),
    KPI("partner_missing_visits", "count", "lower", "visits", _sum("partner_missing")),
    KPI("continuity_share", "share", "higher", "visits", _ratio("by_regular", "delivered")),
    KPI("unplanned_visits", "count", "", "calls", _sum("weight")),
    KPI("unanswered_calls", "count", "lower", "calls", _sum("weight", where=("served", False))),
    KPI("escalated_calls", "count", "lower", "calls", _sum("weight", where=("escalated", True))),
    KPI("response_mean_min", "minutes", "lower", "calls", _response(None)),
    KPI("response_p90_min", "minutes", "lower", "calls", _response(0.9)),
    KPI(
        "travel_min_per_visit",
        "minutes",
        "lower",
        "staff",
        _ratio("travel_min", "visits", where=PLANNED),
    ),
    KPI("travel_share", "share", "lower", "staff", _ratio("travel_min", "paid_min", where=PLANNED)),
    KPI(
        "citizen_time_share",
        "share",
        "higher",
        "staff",
        _ratio("visit_min", "paid_min", where=PLANNED),
    ),
    KPI(
        "utilisation",
        "share",
        "",
        "staff",
        _sum_ratio(("visit_min", "travel_min"), "paid_min", where=PLANNED),
    ),
    KPI(
        "on_call_utilisation",
        "share",
        "",
        "staff",
        _ratio("visit_min", "paid_min", where=ON_CALL),
    ),
    KPI("overtime_hours", "hours", "lower", "staff", _sum("overtime_min", 1 / 60)),
    KPI("km_travelled", "km", "lower", "staff", _sum("km")),
    KPI("premises_peak_ratio", "ratio", "lower", "premises", _peak_ratio),
    KPI("premises_days_over_capacity", "days", "lower", "premises", _days_over),
    KPI("capacity_wait_hours", "hours", "lower", "premises", _sum("capacity_wait_min", 1 / 60)),
]
# ---- workforce over time and costs. The frames "workforce" and "costs" exist once
# sim.analysis.costs.attach_costs has run; without them these KPIs are left out.
_COST_TOTAL_LINES = (
    "salaries",
    "supplements",
    "overtime",
    "agency_vacancies",
    "agency_visits",
    "recruitment",
    "rent",
    "running",
    "transport",
    "service_gap",
    "fitout",
    "moving",
)
_KPI_LIST += [
    KPI("agency_shifts", "count", "lower", "staff", _optional("agency_carers")),
    KPI("vacancy_share", "share", "lower", "workforce", _ratio("vacant", "positions")),
    KPI("leavers", "count", "lower", "workforce", _plain("leavers")),
    KPI("hires", "count", "", "workforce", _plain("hires")),
    KPI("cost_total", "dkk", "lower", "costs", _cost(*_COST_TOTAL_LINES)),
    KPI("cost_salaries", "dkk", "", "costs", _cost("salaries")),
    KPI("cost_supplements", "dkk", "", "costs", _cost("supplements")),
    KPI("cost_overtime", "dkk", "lower", "costs", _cost("overtime")),
    KPI("cost_agency", "dkk", "lower", "costs", _cost("agency_vacancies", "agency_visits")),
    KPI("cost_recruitment", "dkk", "lower", "costs", _cost("recruitment")),
    KPI("cost_rent", "dkk", "lower", "costs", _cost("rent")),
    KPI("cost_rent_unused", "dkk", "lower", "costs", _cost("rent_unused")),
    KPI("cost_running", "dkk", "lower", "costs", _cost("running")),
    KPI("cost_fitout", "dkk", "lower", "costs", _cost("fitout")),
    KPI("cost_moving", "dkk", "lower", "costs", _cost("moving")),
    KPI("cost_transport", "dkk", "lower", "costs", _cost("transport")),
    KPI("cost_service_gap", "dkk", "lower", "costs", _cost("service_gap")),
]
KPIS: dict[str, KPI] = {k.key: k for k in _KPI_LIST}
HEADLINE = (
    "on_time_share",
    "missed_visits",
    "response_p90_min",
    "travel_share",
    "continuity_share",
    "overtime_hours",
    "premises_peak_ratio",
)

# Which frames carry which breakdown
_FRAME_DIMENSIONS = {
    "visits": {"month", "year", "area", "team", "premises", "organisation"},
    "calls": {"month", "year", "area", "organisation"},
    "staff": {"month", "year", "team", "premises"},
    "premises": {"month", "year", "premises"},
    "workforce": {"month", "team"},
    "costs": {"month", "year"},
}


def with_month(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its ``month`` ('YYYY-MM'), formatted once per distinct date."""
    codes, dates = pd.factorize(frame["date"])
    months = pd.to_datetime(pd.Series(dates)).dt.strftime("%Y-%m").to_numpy()
    return frame.assign(month=months[codes] if len(dates) else [])


def with_year(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its budget ``year`` (the calendar year of its date)."""
    if "year" in frame:
        return frame
    codes, dates = pd.factorize(frame["date"])
    years = np.array([d.year for d in dates], dtype=np.int64)
    return frame.assign(year=years[codes] if len(dates) else np.array([], dtype=np.int64))


def _by_period(frame: pd.DataFrame, by: str | None) -> pd.DataFrame:
    if by == "month":
        return with_month(frame)
    return with_year(frame) if by == "year" else frame


def _replication_table(
    replication: Replication, by: str | None, keys: list[str]
) -> pd.DataFrame | None:
    """The KPIs ``keys`` of one whole replication per group of ``by``: each frame is put in
    groups once, and each KPI is computed for all its groups at once."""
    grouped: dict[str, Groups] = {}
    names, values, groups_of = [], [], []
    for key in keys:
        kpi = KPIS[key]
        if by is not None and by not in _FRAME_DIMENSIONS[kpi.frame]:
            continue
        if kpi.frame not in replication.frames:
            continue  # costs and workforce: only after sim.analysis.costs.attach_costs
        if kpi.frame not in grouped:
            frame = replication.frames[kpi.frame]
            grouped[kpi.frame] = Groups(_by_period(frame, by), by)
        groups = grouped[kpi.frame]
        if groups.size == 0:
            continue
        names.append(key)
        values.append(np.asarray(kpi.measure(groups), dtype=float))
        groups_of.append(groups)
    if not names:
        return None
    # one frame of all KPIs at once (a frame per KPI took most of the time)
    sizes = [len(v) for v in values]
    table = {"replication": np.full(sum(sizes), replication.index)}
    if by is not None:
        table[by] = [k for groups in groups_of for k in groups.keys]
    table["kpi"] = np.repeat(np.array(names, dtype=object), sizes)
    table["value"] = np.concatenate(values)
    return pd.DataFrame(table)


# The KPIs whose error from sampling days is estimated (the peak, a maximum, counts every
# day: see sim.run.experiment._with_represented_peak)
SAMPLED_HEADLINE = tuple(k for k in HEADLINE if k != "premises_peak_ratio")
SAMPLING = "sampling"  # the key of a replication's table of sampling errors


def sampling_table(replication: Replication, keys: tuple[str, ...] = SAMPLED_HEADLINE):
    """The standard error of each KPI of a sampled replication that comes from simulating a
    few days of each stratum instead of all (rows replication, kpi, value; NaN at every-day
    fidelity): a stratified jackknife. Each simulated day in turn is left out, the other
    days of its stratum and type standing for its days too; the spread of the KPI over these
    gives the variance, with the finite-population factor (1 - days simulated / days).
    A stratum and type with one simulated day adds nothing (it cannot show its spread)."""
    values = []
    for key in keys:
        kpi = KPIS[key]
        frame = replication.frames.get(kpi.frame)
        values.append(np.nan if frame is None else _jackknife_se(kpi, frame))
    return pd.DataFrame({"replication": replication.index, "kpi": list(keys), "value": values})


def _jackknife_se(kpi: KPI, frame: pd.DataFrame) -> float:
    if frame.empty or "stratum" not in frame or (frame["stratum"] < 0).all():
        return np.nan
    weight = frame["weight"].to_numpy(float)
    groups = frame.groupby(["stratum", "day_type"], sort=True).indices
    variance = 0.0
    for rows in groups.values():
        dates = frame["date"].to_numpy()[rows]
        picks = sorted(set(dates))
        n = len(picks)
        if n < 2:
            continue
        days = n * weight[rows[0]]  # the days the stratum and type has
        estimates = []
        for left_out in picks:
            changed = weight.copy()
            changed[rows] = np.where(dates == left_out, 0.0, weight[rows] * n / (n - 1))
            estimates.append(kpi.measure(Groups(frame.assign(weight=changed), None))[0])
        estimates = np.asarray(estimates, dtype=float)
        variance += (
            (1 - n / days) * (n - 1) / n * float(((estimates - estimates.mean()) ** 2).sum())
        )
    return float(np.sqrt(variance))


def sampling_margins(experiment: Experiment) -> pd.Series:
    """Per KPI: the part of its mean's 95 % CI that comes from sampling days, ± this (1.96 ×
    the root mean square of the replications' :func:`sampling_table` / √replications);
    empty for a run of every day."""
    tables = []
    for replication in experiment.replications:
        if replication.kpis is not None and SAMPLING in replication.kpis:  # summarised already
            tables.append(replication.kpis[SAMPLING])
        elif "visits" in replication.frames:
            tables.append(sampling_table(replication))
    if not tables:
        return pd.Series(dtype=float)
    table = pd.concat(tables, ignore_index=True).dropna(subset=["value"])
    return table.groupby("kpi")["value"].apply(
        lambda v: 1.96 * float(np.sqrt((v**2).mean() / len(v)))
    )


def kpi_table(
    experiment: Experiment, by: str | None = None, kpis: list[str] | None = None
) -> pd.DataFrame:
    """KPI values per replication (and per ``by`` group): tidy rows
    (replication, [by], kpi, value). A summarised replication gives its stored table."""
    keys = kpis or list(KPIS)
    tables = []
    for replication in experiment.replications:
        if replication.kpis is not None and by in replication.kpis:  # summarised already
            table = replication.kpis[by]
            if kpis is not None:
                table = table[table["kpi"].isin(keys)]
            tables.append(table)
        elif (table := _replication_table(replication, by, keys)) is not None:
            tables.append(table)
    tables = [table for table in tables if len(table)]
    if not tables:
        return pd.DataFrame()
    return pd.concat(tables, ignore_index=True)


def summarise(table: pd.DataFrame, lang: str = "da") -> pd.DataFrame:
    """Mean and 95% CI over replications for each KPI (and group) of a :func:`kpi_table`."""
    if table.empty:  # e.g. a breakdown a stored run does not keep
        return pd.DataFrame(columns=["kpi", "label", "unit", "mean", "ci_low", "ci_high"])
    summary = group_intervals(table)
    kpis = [KPIS[key] for key in summary["kpi"]]
    # a t-interval can reach past a KPI's natural range; no share is over 100 %, and
    # nothing here is negative
    shares = np.array([kpi.unit == "share" for kpi in kpis])
    low = summary["ci_low"].clip(lower=0.0)
    high = summary["ci_high"].where(~shares, summary["ci_high"].clip(upper=1.0))
    groups = [c for c in summary.columns if c not in ("mean", "ci_low", "ci_high", "replications")]
    return summary[groups].assign(
        label=[kpi.label(lang) for kpi in kpis],
        unit=[kpi.unit for kpi in kpis],
        mean=summary["mean"],
        ci_low=low,
        ci_high=high,
        replications=summary["replications"],
    )


def summary(experiment: Experiment, by: str | None = None, lang: str = "da") -> pd.DataFrame:
    return summarise(kpi_table(experiment, by), lang)
