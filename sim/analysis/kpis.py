"""KPI definitions and labels (Danish and English), and summaries with 95% CIs.

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


@dataclass(frozen=True)
class KPI:
    key: str
    label_da: str
    label_en: str
    unit: str  # "count", "share", "minutes", "hours", "ratio", "days", "km", "dkk"
    better: str  # "higher", "lower" or "" (neither)
    frame: str
    measure: Callable[[Groups], np.ndarray]  # the KPI per group of a frame
    help_da: str = ""

    def label(self, lang: str = "da") -> str:
        return self.label_da if lang == "da" else self.label_en


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

    def weighted(self, column: str, where: str | None = None) -> np.ndarray:
        """Σ column × weight per group (of the rows where the ``duty`` is ``where``)."""
        key = (column, where)
        if key not in self._cache:
            f = self.frame
            values = f["weight"].to_numpy(float)
            if column != "weight":
                values = f[column].to_numpy(float) * values
            mask = None if where is None else (f["duty"] == where).to_numpy()
            self._cache[key] = self.total(values, mask)
        return self._cache[key]


def _divide(numerator: np.ndarray, denominator: np.ndarray, scale: float = 1.0) -> np.ndarray:
    out = np.full(len(denominator), np.nan)
    positive = denominator > 0
    out[positive] = scale * numerator[positive] / denominator[positive]
    return out


def _sum(column: str, scale: float = 1.0, where: str | None = None):
    return lambda g: g.weighted(column, where) * scale


def _ratio(numerator: str, denominator: str, where: str | None = None):
    return _sum_ratio((numerator,), denominator, where)


def _sum_ratio(numerators: tuple[str, ...], denominator: str, where: str | None = None):
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
            return _divide(_served(g, "response_min"), _served(g, "weight"))
        # a quantile is not a sum: one sort per group (the calls' groups are few)
        values = g.frame["response_min"].to_numpy(float)
        weights = g.frame["weight"].to_numpy(float)
        out = np.full(g.size, np.nan)
        for code in range(g.size):
            rows = served & (g.codes == code)
            out[code] = weighted_quantile(values[rows], weights[rows], q)
        return out

    return measure


def _served(g: Groups, column: str) -> np.ndarray:
    f = g.frame
    values = f["weight"].to_numpy(float)
    if column != "weight":
        values = f[column].to_numpy(float) * values
    return g.total(values, f["served"].to_numpy(bool))


def _cost(*lines: str):
    """Sum of cost lines (kroner) of the ``costs`` frame (see sim.analysis.costs.attach_costs)."""
    return lambda g: g.total(
        g.frame["amount"].to_numpy(float), g.frame["line"].isin(lines).to_numpy()
    )


def _peak_ratio(g: Groups) -> np.ndarray:
    f = g.frame
    ratio = f["peak_people"].to_numpy(float) / f["capacity"].to_numpy(float)
    out = np.full(g.size, -np.inf)
    keep = g.codes >= 0
    np.maximum.at(out, g.codes[keep], ratio[keep])
    return np.where(np.isneginf(out), np.nan, out)


def _days_over(g: Groups) -> np.ndarray:
    f = g.frame
    over = (f["peak_people"].to_numpy() > f["capacity"].to_numpy()) * f["weight"].to_numpy(float)
    return g.total(over)


_KPI_LIST = [
    KPI(
        "planned_visits",
        "Planlagte besøg",
        "Planned visits",
        "count",
        "",
        "visits",
        _sum("planned"),
        "Besøg borgerne er visiteret til i perioden.",
    ),
    KPI(
        "delivered_visits",
        "Leverede besøg",
        "Delivered visits",
        "count",
        "higher",
        "visits",
        _sum("delivered"),
        "Besøg leveret af egne medarbejdere.",
    ),
    KPI(
        "on_time_share",
        "Besøg til tiden",
        "Visits on time",
        "share",
        "higher",
        "visits",
        _ratio("on_time", "planned"),
        "Andel af planlagte besøg, der blev påbegyndt inden for tidsvinduet.",
    ),
    KPI(
        "late_visits",
        "Forsinkede besøg",
        "Late visits",
        "count",
        "lower",
        "visits",
        _sum("late"),
        "Leverede besøg, der begyndte efter tidsvinduet.",
    ),
    KPI(
        "mean_lateness_min",
        "Gns. forsinkelse (min)",
        "Mean lateness (min)",
        "minutes",
        "lower",
        "visits",
        _ratio("lateness_min", "late"),
        "Gennemsnitlig forsinkelse for forsinkede besøg.",
    ),
    KPI(
        "missed_visits",
        "Aflyste besøg",
        "Missed visits",
        "count",
        "lower",
        "visits",
        _sum("missed"),
        "Besøg, der ikke kunne nås inden vagtens slut plus overarbejdsgrænsen.",
    ),
    KPI(
        "agency_visits",
        "Besøg ved vikarbureau",
        "Agency visits",
        "count",
        "lower",
        "visits",
        _sum("agency"),
        "Besøg, egne medarbejdere ikke nåede, overdraget til vikarer.",
    ),
    KPI(
        "continuity_share",
        "Kontinuitet",
        "Continuity",
        "share",
        "higher",
        "visits",
        _ratio("by_regular", "delivered"),
        "Andel af leverede besøg udført af borgerens faste medarbejder.",
    ),
    KPI(
        "unplanned_visits",
        "Uplanlagte besøg",
        "Unplanned visits",
        "count",
        "",
        "calls",
        _sum("weight"),
        "Akutte besøg, fx nødkald.",
    ),
    KPI(
        "response_mean_min",
        "Responstid, gns. (min)",
        "Response time, mean (min)",
        "minutes",
        "lower",
        "calls",
        _response(None),
        "Fra opkald til medarbejderen er hos borgeren.",
    ),
    KPI(
        "response_p90_min",
        "Responstid, 90 %-fraktil (min)",
        "Response time, 90th pct. (min)",
        "minutes",
        "lower",
        "calls",
        _response(0.9),
        "9 ud af 10 nødkald nås inden for denne tid.",
    ),
    KPI(
        "travel_min_per_visit",
        "Transport pr. besøg (min)",
        "Travel per visit (min)",
        "minutes",
        "lower",
        "staff",
        _ratio("travel_min", "visits", where="planned"),
        "Transporttid pr. planlagt besøg.",
    ),
    KPI(
        "travel_share",
        "Transportandel af arbejdstid",
        "Travel share of paid time",
        "share",
        "lower",
        "staff",
        _ratio("travel_min", "paid_min", where="planned"),
        "Andel af den betalte tid brugt på transport.",
    ),
    KPI(
        "citizen_time_share",
        "Tid hos borgeren",
        "Time with citizens",
        "share",
        "higher",
        "staff",
        _ratio("visit_min", "paid_min", where="planned"),
        "Andel af den betalte tid brugt hos borgerne.",
    ),
    KPI(
        "utilisation",
        "Udnyttelse",
        "Staff utilisation",
        "share",
        "",
        "staff",
        _sum_ratio(("visit_min", "travel_min"), "paid_min", where="planned"),
        "Andel af den betalte tid med besøg eller transport.",
    ),
    KPI(
        "on_call_utilisation",
        "Udnyttelse, akutvagter",
        "On-call utilisation",
        "share",
        "",
        "staff",
        _ratio("visit_min", "paid_min", where="on_call"),
        "Andel af akutvagternes betalte tid hos borgere.",
    ),
    KPI(
        "overtime_hours",
        "Overarbejde (timer)",
        "Overtime (hours)",
        "hours",
        "lower",
        "staff",
        _sum("overtime_min", 1 / 60),
        "Timer ud over vagtens slut.",
    ),
    KPI(
        "km_travelled",
        "Kørte km",
        "Km travelled",
        "km",
        "lower",
        "staff",
        _sum("km"),
        "Kilometer mellem lokation og borgere.",
    ),
    KPI(
        "premises_peak_ratio",
        "Spidsbelægning / kapacitet",
        "Peak occupancy / capacity",
        "ratio",
        "lower",
        "premises",
        _peak_ratio,
        "Største antal personer på én lokation på én gang, delt med kapaciteten.",
    ),
    KPI(
        "premises_days_over_capacity",
        "Lokationsdage over kapacitet",
        "Premises-days over capacity",
        "days",
        "lower",
        "premises",
        _days_over,
        "Antal dage (summeret over lokationer), hvor flere skulle være på en lokation, end den "
        "kan rumme.",
    ),
    KPI(
        "capacity_wait_hours",
        "Ventetid ved fuld lokation (timer)",
        "Waiting at full premises (h)",
        "hours",
        "lower",
        "premises",
        _sum("capacity_wait_min", 1 / 60),
        "Medarbejdertimer brugt på at vente på plads i lokationen.",
    ),
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
    "fitout",
    "moving",
)
_KPI_LIST += [
    KPI(
        "agency_shifts",
        "Vikarvagter i ubesatte stillinger",
        "Agency shifts in vacant positions",
        "count",
        "lower",
        "staff",
        _optional("agency_carers"),
        "Vagter, som vikarer dækkede, fordi stillingen var ubesat.",
    ),
    KPI(
        "vacancy_share",
        "Ubesatte stillinger",
        "Vacant positions",
        "share",
        "lower",
        "workforce",
        _ratio("vacant", "positions"),
        "Andel af stillingerne, der stod ubesat (gennemsnit over dagene).",
    ),
    KPI(
        "leavers",
        "Fratrædelser",
        "Leavers",
        "count",
        "lower",
        "workforce",
        _plain("leavers"),
        "Medarbejdere, der forlod deres stilling i perioden.",
    ),
    KPI(
        "hires",
        "Nyansættelser",
        "Hires",
        "count",
        "",
        "workforce",
        _plain("hires"),
        "Ubesatte stillinger, der blev besat i perioden.",
    ),
    KPI(
        "cost_total",
        "Udgifter i alt (kr.)",
        "Total cost (DKK)",
        "dkk",
        "lower",
        "costs",
        _cost(*_COST_TOTAL_LINES),
        "Løn, tillæg, overarbejde, vikarer, rekruttering, husleje, drift, transport, "
        "indretning og flytning.",
    ),
    KPI(
        "cost_salaries",
        "Løn (kr.)",
        "Salaries (DKK)",
        "dkk",
        "",
        "costs",
        _cost("salaries"),
        "Løn inkl. pension til fastansatte, forholdsmæssigt pr. dag og årsværk.",
    ),
    KPI(
        "cost_supplements",
        "Løntillæg aften/nat/weekend (kr.)",
        "Shift supplements (DKK)",
        "dkk",
        "",
        "costs",
        _cost("supplements"),
        "Tillæg for aften-, nat- og weekendvagter.",
    ),
    KPI(
        "cost_overtime",
        "Overarbejde (kr.)",
        "Overtime (DKK)",
        "dkk",
        "lower",
        "costs",
        _cost("overtime"),
        "Simulerede overarbejdstimer × timeløn × overarbejdstillæg.",
    ),
    KPI(
        "cost_agency",
        "Vikar (kr.)",
        "Agency staff (DKK)",
        "dkk",
        "lower",
        "costs",
        _cost("agency_vacancies", "agency_visits"),
        "Vikarer for ubesatte stillinger og for besøg, egne medarbejdere ikke nåede.",
    ),
    KPI(
        "cost_recruitment",
        "Rekruttering (kr.)",
        "Recruitment (DKK)",
        "dkk",
        "lower",
        "costs",
        _cost("recruitment"),
        "Nyansættelser × udgift pr. ansættelse.",
    ),
    KPI(
        "cost_rent",
        "Husleje (kr.)",
        "Rent (DKK)",
        "dkk",
        "lower",
        "costs",
        _cost("rent"),
        "Husleje for de dage, en lokation er lejet (også når den står tom).",
    ),
    KPI(
        "cost_rent_unused",
        "Husleje for tomme lokaler (kr.)",
        "Rent of unused premises (DKK)",
        "dkk",
        "lower",
        "costs",
        _cost("rent_unused"),
        "Den del af huslejen, der betales for lokaler uden enheder, fx dobbelt husleje.",
    ),
    KPI(
        "cost_running",
        "Drift af lokaler (kr.)",
        "Running costs of premises (DKK)",
        "dkk",
        "lower",
        "costs",
        _cost("running"),
        "Varme, el, vand, rengøring og vedligehold pr. m² for de dage, lokationen er lejet.",
    ),
    KPI(
        "cost_fitout",
        "Indretning (kr.)",
        "Fit-out (DKK)",
        "dkk",
        "lower",
        "costs",
        _cost("fitout"),
        "Engangsudgift, når en ny lokation tages i brug.",
    ),
    KPI(
        "cost_moving",
        "Flytning (kr.)",
        "Moving (DKK)",
        "dkk",
        "lower",
        "costs",
        _cost("moving"),
        "Engangsudgift pr. medarbejder, der flytter lokation.",
    ),
    KPI(
        "cost_transport",
        "Transport (kr.)",
        "Transport (DKK)",
        "dkk",
        "lower",
        "costs",
        _cost("transport"),
        "Simulerede km × takst for transportformen.",
    ),
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

DIMENSION_LABELS = {
    "month": ("Måned", "Month"),
    "area": ("Bydel", "District"),
    "team": ("Enhed", "Team"),
    "premises": ("Lokation", "Premises"),
    "organisation": ("Organisation", "Organisation"),
}
# Which frames carry which breakdown
_FRAME_DIMENSIONS = {
    "visits": {"month", "area", "team", "premises", "organisation"},
    "calls": {"month", "area", "organisation"},
    "staff": {"month", "team", "premises"},
    "premises": {"month", "premises"},
    "workforce": {"month", "team"},
    "costs": {"month"},
}


def _with_month(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its ``month`` ('YYYY-MM'), formatted once per distinct date."""
    codes, dates = pd.factorize(frame["date"])
    months = pd.to_datetime(pd.Series(dates)).dt.strftime("%Y-%m").to_numpy()
    return frame.assign(month=months[codes] if len(dates) else [])


def _replication_table(
    replication: Replication, by: str | None, keys: list[str]
) -> pd.DataFrame | None:
    """The KPIs ``keys`` of one whole replication per group of ``by``: each frame is put in
    groups once, and each KPI is computed for all its groups at once."""
    parts = []
    grouped: dict[str, Groups] = {}
    for key in keys:
        kpi = KPIS[key]
        if by is not None and by not in _FRAME_DIMENSIONS[kpi.frame]:
            continue
        if kpi.frame not in replication.frames:
            continue  # costs and workforce: only after sim.analysis.costs.attach_costs
        if kpi.frame not in grouped:
            frame = replication.frames[kpi.frame]
            grouped[kpi.frame] = Groups(_with_month(frame) if by == "month" else frame, by)
        groups = grouped[kpi.frame]
        if groups.size == 0:
            continue
        values = np.asarray(kpi.measure(groups), dtype=float)
        part = {"replication": np.full(groups.size, replication.index)}
        if by is not None:
            part[by] = groups.keys
        part["kpi"] = np.full(groups.size, key, dtype=object)
        part["value"] = values
        parts.append(pd.DataFrame(part))
    if not parts:
        return None
    return pd.concat(parts, ignore_index=True)


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
