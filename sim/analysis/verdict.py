"""The one answer: is a scenario inside the budget, with the visits delivered?

A scenario is judged against **Basis** (the shipped baseline on the scenario's own data,
horizon, days and seeds: :func:`sim.analysis.costs.comparison_baseline`, run with it by
:func:`sim.run.experiment.run_together`), paired replication by replication, per budget
year:

* money: over budget = extra running cost + one-off costs beyond the implementation
  funding (the rule of :func:`sim.analysis.costs.budget_verdicts`), with its 95 % CI;
* service, next to it: the change in missed visits, in the share of visits on time and in
  the alarm response (90th percentile), each with its 95 % CI.

The verdict is "usikkert" (uncertain) when the interval of the amount over budget spans
0, and a scenario whose service is worse beyond doubt never reads as simply "inden for
budget". The results page, Sammenlign, the workbook, the HTML report and the command line
all show this table (:func:`verdict_table`) in the words of :func:`verdict_words`; a
comparison with another reference run is a difference, never a second verdict.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.analysis import costs as C
from sim.analysis.costs import budget_verdicts, records, verdict_text
from sim.analysis.kpis import KPIS, kpi_table
from sim.analysis.stats import t_interval
from sim.inputs.dataset import CostData, load_cost_data
from sim.inputs.scenario import Scenario
from sim.run.experiment import Experiment
from sim.text import formats as fmt
from sim.text.catalogue import text

# the service next to the money, and which way is worse
SERVICE = ("missed_visits", "on_time_share", "response_p90_min")


def _missing(value) -> bool:
    """NaN, or None (a stored or JSON verdict row)."""
    return value is None or bool(np.isnan(value))


def _worse(kpi: str, low: float, high: float) -> bool:
    """True if the change's whole interval lies on the worse side of 0."""
    if np.isnan(low) or np.isnan(high):
        return False
    return bool(low > 0) if KPIS[kpi].better == "lower" else bool(high < 0)


def _better(kpi: str, low: float, high: float) -> bool:
    if np.isnan(low) or np.isnan(high):
        return False
    return bool(high < 0) if KPIS[kpi].better == "lower" else bool(low > 0)


def service_differences(experiment: Experiment, basis: Experiment) -> pd.DataFrame:
    """Per budget year and service KPI: the mean paired difference from Basis (scenario −
    Basis, per seed) and its 95 % CI (year, kpi, difference, ci_low, ci_high, worse,
    better)."""
    seeds = {r.index: r.seed for r in experiment.replications}
    base_seeds = {r.index: r.seed for r in basis.replications}
    if set(seeds.values()) != set(base_seeds.values()):
        raise ValueError("a scenario and its Basis must share their seeds")
    mine = kpi_table(experiment, "year", list(SERVICE))
    theirs = kpi_table(basis, "year", list(SERVICE))
    mine = mine.assign(seed=mine["replication"].map(seeds))
    theirs = theirs.assign(seed=theirs["replication"].map(base_seeds))
    both = mine.merge(theirs, on=["seed", "year", "kpi"], suffixes=("", "_basis"))
    rows = []
    for (year, kpi), part in both.groupby(["year", "kpi"], sort=True):
        mean, low, high = t_interval(part["value"].to_numpy() - part["value_basis"].to_numpy())
        rows.append(
            {
                "year": int(year),
                "kpi": kpi,
                "difference": mean,
                "ci_low": low,
                "ci_high": high,
                "worse": _worse(kpi, low, high),
                "better": _better(kpi, low, high),
            }
        )
    return pd.DataFrame(
        rows, columns=["year", "kpi", "difference", "ci_low", "ci_high", "worse", "better"]
    )


def verdict_table(
    experiment: Experiment, basis: Experiment, costs: CostData | None = None
) -> pd.DataFrame:
    """The verdict per budget year: the budget test's columns (see
    :func:`sim.analysis.costs.budget_row`, without the words), each service KPI's
    difference from Basis (``<kpi>``, ``<kpi>_ci_low``, ``<kpi>_ci_high``), and
    ``service_worse`` / ``service_better``: some service KPI is worse (better) beyond
    doubt. Plain numbers and flags, stored with the run; :func:`verdict_words` words it."""
    budget = budget_verdicts(experiment, basis, costs).drop(columns=["verdict"])
    service = service_differences(experiment, basis)
    rows = []
    for row in budget.to_dict("records"):
        part = service[service["year"] == row["year"]].set_index("kpi")
        for kpi in SERVICE:
            found = kpi in part.index
            row[kpi] = float(part.at[kpi, "difference"]) if found else np.nan
            row[f"{kpi}_ci_low"] = float(part.at[kpi, "ci_low"]) if found else np.nan
            row[f"{kpi}_ci_high"] = float(part.at[kpi, "ci_high"]) if found else np.nan
        row["service_worse"] = bool(part["worse"].any()) if len(part) else False
        row["service_better"] = bool(part["better"].any() and not part["worse"].any())
        rows.append(row)
    return pd.DataFrame(rows)


def budget_year(year: int, first_month: str, last_month: str, lang: str = "da") -> str:
    """A budget year as the horizon covers it: "2027", or "2026 (jun.–dec.)" for part of
    it (months 'YYYY-MM')."""
    first, last = int(str(first_month)[5:7]), int(str(last_month)[5:7])
    if (first, last) == (1, 12):
        return str(year)
    if first == last:
        return f"{year} ({fmt.month_abbr(first, lang)})"
    return f"{year} ({fmt.month_abbr(first, lang)}–{fmt.month_abbr(last, lang)})"


def year_labels(scenario: Scenario, lang: str = "da") -> dict[int, str]:
    """Each budget year of the scenario's horizon as :func:`budget_year` words it."""
    cal = scenario.calendar
    labels = {}
    for year in range(cal.start.year, cal.end.year + 1):
        first = cal.start.month if year == cal.start.year else 1
        last = cal.end.month if year == cal.end.year else 12
        labels[year] = budget_year(year, f"{year}-{first:02d}", f"{year}-{last:02d}", lang)
    return labels


def verdict_words(row: dict, lang: str = "da", *, service: bool = True) -> str:
    """The verdict of one budget year in words: "inden for budget", "over budget med
    150.236 kr.", with "(usikkert)" when the interval spans 0 and (with ``service``)
    ", men med ringere service" when the service is worse beyond doubt."""
    words = verdict_text(row["over_budget"], lang)
    if not row["certain"]:
        words += " " + text("verdict.uncertain", lang)
    if service and row.get("service_worse"):
        words += text("verdict.service_worse", lang)
    return words


def worded(table: pd.DataFrame, lang: str = "da") -> pd.DataFrame:
    """A :func:`verdict_table` with its words: ``period`` (the budget year as the horizon
    covers it), ``verdict`` and ``sentence``."""
    rows = table.to_dict("records")
    return table.assign(
        period=[budget_year(r["year"], r["first_month"], r["last_month"], lang) for r in rows],
        verdict=[verdict_words(r, lang) for r in rows],
        sentence=[verdict_sentence(r, lang) for r in rows],
    )


def _signed(kpi: str, value: float, lang: str) -> str:
    """A difference in the KPI's unit, with its sign (shares in percentage points)."""
    unit = KPIS[kpi].unit
    if unit == "share":
        return fmt.signed(value * 100, lang, 2)
    return fmt.signed(value, lang, 1 if unit == "minutes" else 0)


def service_words(row: dict, lang: str = "da") -> str:
    """The service change of one budget year: "aflyste besøg +120 (95 %-KI -80 til
    +160), besøg til tiden -0,80 procentpoint (…), …", or "uændret" when nothing moved."""
    ci = text("word.ci", lang)
    parts = []
    moved = False
    for kpi in SERVICE:
        value = row.get(kpi)
        if _missing(value):
            continue
        low, high = row[f"{kpi}_ci_low"], row[f"{kpi}_ci_high"]
        moved = moved or value != 0 or (not _missing(low) and (low != 0 or high != 0))
        part = text(f"verdict.service.{kpi}", lang, value=_signed(kpi, value, lang))
        if not _missing(low) and low != high:
            low, high = _signed(kpi, low, lang), _signed(kpi, high, lang)
            part += f" ({ci} " + text("verdict.interval", lang, low=low, high=high) + ")"
        parts.append(part)
    if parts and not moved:
        return text("verdict.service_unchanged", lang)
    return ", ".join(parts)


def verdict_sentence(row: dict, lang: str = "da") -> str:
    """The whole answer for one budget year, the same on every page and in every file:
    "2026 (jun.–dec.): over budget med 3.274 kr. (usikkert; 95 %-KI -50.990 til +57.538
    kr.), men med ringere service. Service mod Basis: aflyste besøg +14 (…), …"."""
    head = budget_year(row["year"], row["first_month"], row["last_month"], lang)
    notes = [] if row["certain"] else [text("verdict.uncertain_word", lang)]
    low, high = row["over_budget_ci_low"], row["over_budget_ci_high"]
    if not _missing(low) and low != high:
        span = fmt.money_range(low, high, lang, signed=True)
        notes.append(f"{text('word.ci', lang)} {span}")
    sentence = f"{head}: {verdict_text(row['over_budget'], lang)}"
    if notes:
        sentence += " (" + "; ".join(notes) + ")"
    if row.get("service_worse"):
        sentence += text("verdict.service_worse", lang)
    service = service_words(row, lang)
    if service:
        sentence += ". " + text("verdict.service", lang, service=service)
    return sentence if sentence.endswith(".") else sentence + "."


def cost_report(
    experiment: Experiment,
    baseline: Experiment,
    costs: CostData | None = None,
    lang: str = "da",
) -> dict:
    """Everything about costs for the JSON summary: lines by year, month and in total with
    95% CIs, the paired difference from the baseline, the verdict per budget year, and the
    budget lines shipped as data."""
    costs = costs or load_cost_data(experiment.scenario.resolve_data_dir())
    budget = costs.budget.assign(
        amount_1000_dkk=costs.budget["amount_1000_dkk"].astype(float),
        year=costs.budget["year"].astype(int),
    )
    return {
        "note": text("verdict.rule", lang),
        "currency": "DKK",
        "baseline": {
            "scenario": baseline.scenario.name,
            "scenario_hash": baseline.scenario.content_hash(),
            "same_run": baseline is experiment,
        },
        "cost_data_hash": costs.content_hash,
        "cost_files": {key: str(path) for key, path in costs.files.items()},
        "lines": [
            {
                "line": line.key,
                "label": line.label(lang),
                "kind": line.kind,
                "parent": line.parent,
            }
            for line in C.COST_LINES
        ],
        "total": records(C.cost_summary(experiment, None, lang)),
        "by_year": records(C.cost_summary(experiment, "year", lang)),
        "by_month": records(C.cost_summary(experiment, "month", lang)),
        "difference_from_baseline": {
            "total": records(C.difference_summary(experiment, baseline, None, lang)),
            "by_year": records(C.difference_summary(experiment, baseline, "year", lang)),
        },
        "verdicts": records(worded(verdict_table(experiment, baseline, costs), lang)),
        "budget": records(
            budget[
                [
                    "year",
                    "line",
                    "parent",
                    "category",
                    "kind",
                    f"label_{fmt.language_tag(lang)}",  # the data's own words
                    "amount_1000_dkk",
                    "basis",
                    "illustrative",
                ]
            ].rename(columns={"label_da": "label", "label_en": "label"})
        ),
    }
