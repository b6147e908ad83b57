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
from sim.run.experiment import Experiment


@dataclass(frozen=True)
class KPI:
    key: str
    label_da: str
    label_en: str
    unit: str  # "count", "share", "minutes", "hours", "ratio", "days", "km", "dkk"
    better: str  # "higher", "lower" or "" (neither)
    frame: str
    compute: Callable[[pd.DataFrame], float]
    help_da: str = ""

    def label(self, lang: str = "da") -> str:
        return self.label_da if lang == "da" else self.label_en


def _sum(column: str):
    return lambda f: float((f[column] * f["weight"]).sum())


def _ratio(numerator: str, denominator: str, scale: float = 1.0):
    def compute(f: pd.DataFrame) -> float:
        den = float((f[denominator] * f["weight"]).sum())
        return scale * float((f[numerator] * f["weight"]).sum()) / den if den > 0 else np.nan

    return compute


def _sum_ratio(numerators: tuple[str, ...], denominator: str):
    def compute(f: pd.DataFrame) -> float:
        den = float((f[denominator] * f["weight"]).sum())
        num = sum(float((f[c] * f["weight"]).sum()) for c in numerators)
        return num / den if den > 0 else np.nan

    return compute


def weighted_quantile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    """The q-quantile of a weighted sample (inverse of the weighted empirical CDF)."""
    if len(values) == 0 or weights.sum() <= 0:
        return np.nan
    order = np.argsort(values)
    cumulative = np.cumsum(weights[order])
    return float(values[order][np.searchsorted(cumulative, q * cumulative[-1])])


def _response(q: float | None):
    def compute(f: pd.DataFrame) -> float:
        served = f[f["served"]]
        if q is None:
            total = served["weight"].sum()
            return (
                float((served["response_min"] * served["weight"]).sum() / total)
                if total
                else np.nan
            )
        return weighted_quantile(served["response_min"].to_numpy(), served["weight"].to_numpy(), q)

    return compute


def _planned(f: pd.DataFrame) -> pd.DataFrame:
    return f[f["duty"] == "planned"]


def _cost(*lines: str):
    """Sum of cost lines (kroner) of the ``costs`` frame (see sim.analysis.costs.attach_costs)."""
    return lambda f: float(f.loc[f["line"].isin(lines), "amount"].sum())


def _vacancy_share(f: pd.DataFrame) -> float:
    positions = float((f["positions"] * f["weight"]).sum())
    return float((f["vacant"] * f["weight"]).sum()) / positions if positions > 0 else np.nan


def _peak_ratio(f: pd.DataFrame) -> float:
    return float((f["peak_people"] / f["capacity"]).max()) if len(f) else np.nan


def _days_over(f: pd.DataFrame) -> float:
    return float(((f["peak_people"] > f["capacity"]) * f["weight"]).sum())


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
        lambda f: float(f["weight"].sum()),
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
        lambda f: _ratio("travel_min", "visits")(_planned(f)),
        "Transporttid pr. planlagt besøg.",
    ),
    KPI(
        "travel_share",
        "Transportandel af arbejdstid",
        "Travel share of paid time",
        "share",
        "lower",
        "staff",
        lambda f: _ratio("travel_min", "paid_min")(_planned(f)),
        "Andel af den betalte tid brugt på transport.",
    ),
    KPI(
        "citizen_time_share",
        "Tid hos borgeren",
        "Time with citizens",
        "share",
        "higher",
        "staff",
        lambda f: _ratio("visit_min", "paid_min")(_planned(f)),
        "Andel af den betalte tid brugt hos borgerne.",
    ),
    KPI(
        "utilisation",
        "Udnyttelse",
        "Staff utilisation",
        "share",
        "",
        "staff",
        lambda f: _sum_ratio(("visit_min", "travel_min"), "paid_min")(_planned(f)),
        "Andel af den betalte tid med besøg eller transport.",
    ),
    KPI(
        "on_call_utilisation",
        "Udnyttelse, akutvagter",
        "On-call utilisation",
        "share",
        "",
        "staff",
        lambda f: _ratio("visit_min", "paid_min")(f[f["duty"] == "on_call"]),
        "Andel af akutvagternes betalte tid hos borgere.",
    ),
    KPI(
        "overtime_hours",
        "Overarbejde (timer)",
        "Overtime (hours)",
        "hours",
        "lower",
        "staff",
        lambda f: _sum("overtime_min")(f) / 60,
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
        lambda f: _sum("capacity_wait_min")(f) / 60,
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
        lambda f: _sum("agency_carers")(f) if "agency_carers" in f else np.nan,
        "Vagter, som vikarer dækkede, fordi stillingen var ubesat.",
    ),
    KPI(
        "vacancy_share",
        "Ubesatte stillinger",
        "Vacant positions",
        "share",
        "lower",
        "workforce",
        _vacancy_share,
        "Andel af stillingerne, der stod ubesat (gennemsnit over dagene).",
    ),
    KPI(
        "leavers",
        "Fratrædelser",
        "Leavers",
        "count",
        "lower",
        "workforce",
        lambda f: float(f["leavers"].sum()),
        "Medarbejdere, der forlod deres stilling i perioden.",
    ),
    KPI(
        "hires",
        "Nyansættelser",
        "Hires",
        "count",
        "",
        "workforce",
        lambda f: float(f["hires"].sum()),
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
    return frame.assign(month=pd.to_datetime(frame["date"]).dt.strftime("%Y-%m"))


def kpi_table(
    experiment: Experiment, by: str | None = None, kpis: list[str] | None = None
) -> pd.DataFrame:
    """KPI values per replication (and per ``by`` group): tidy rows
    (replication, [by], kpi, value). A summarised replication gives its stored table."""
    keys = kpis or list(KPIS)
    rows = []
    for replication in experiment.replications:
        if replication.kpis is not None and by in replication.kpis:  # summarised already
            table = replication.kpis[by]
            if kpis is not None:
                table = table[table["kpi"].isin(keys)]
            rows.extend(table.to_dict("records"))
            continue
        for key in keys:
            kpi = KPIS[key]
            if by is not None and by not in _FRAME_DIMENSIONS[kpi.frame]:
                continue
            if kpi.frame not in replication.frames:
                continue  # costs and workforce: only after sim.analysis.costs.attach_costs
            frame = replication.frames[kpi.frame]
            if by == "month":
                frame = _with_month(frame)
            if by is None:
                rows.append(
                    {"replication": replication.index, "kpi": key, "value": kpi.compute(frame)}
                )
                continue
            for group, part in frame.groupby(by, sort=True):
                rows.append(
                    {
                        "replication": replication.index,
                        by: group,
                        "kpi": key,
                        "value": kpi.compute(part),
                    }
                )
    return pd.DataFrame(rows)


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
