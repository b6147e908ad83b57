"""Summaries of an experiment as files: JSON, CSV as Danish Excel reads it, and XLSX.

Text that a spreadsheet would take for a formula (starting with = + - @) is written
with a leading apostrophe, so it stays text.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd

from sim.calendar import simulated_days
from sim.experiment import Experiment
from sim.results import DIMENSION_LABELS, HEADLINE, KPIS, summary

BREAKDOWNS = ("month", "area", "team", "premises")
ILLUSTRATIVE_NOTE = {
    "da": "Illustrative data: standarddata er illustrative og skal erstattes med egne tal.",
    "en": "Illustrative data: the default data set is illustrative; replace it with your own.",
}


def format_number(
    value: float, unit: str = "", lang: str = "da", decimals: int | None = None
) -> str:
    """A number the Danish way (1.234,5; 12,3 %) or the English way (1,234.5; 12.3%)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if unit == "share":
        digits = 1 if decimals is None else decimals
        text = f"{100 * value:,.{digits}f}"
        suffix = " %" if lang == "da" else "%"
    else:
        digits = (
            decimals if decimals is not None else (0 if unit in ("count", "days", "dkk") else 1)
        )
        if unit == "ratio":
            digits = 2 if decimals is None else decimals
        text = f"{value:,.{digits}f}"
        suffix = ""
    if lang == "da":
        text = text.replace(",", "§").replace(".", ",").replace("§", ".")
    return text + suffix


def excel_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Strings that would start a formula get a leading apostrophe."""

    def fix(value):
        if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
            return "'" + value
        return value

    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(fix)
    out.columns = [fix(str(c)) for c in out.columns]
    return out


def run_sheet(experiment: Experiment) -> dict:
    """What was run: the STRESS-DES style facts needed to repeat it."""
    scenario = experiment.scenario
    days = simulated_days(scenario)
    return {
        "scenario": scenario.name,
        "scenario_hash": scenario.content_hash(),
        "data_hash": experiment.data_hash,
        "model_version": experiment.model_version,
        "horizon_start": scenario.calendar.start.isoformat(),
        "horizon_end": scenario.calendar.end.isoformat(),
        "fidelity": scenario.fidelity,
        "simulated_days_per_replication": len(days),
        "replications": len(experiment.replications),
        "seeds": [r.seed for r in experiment.replications],
        "illustrative_data": True,
    }


def summaries(experiment: Experiment, lang: str = "da") -> dict[str, pd.DataFrame]:
    tables = {"overall": summary(experiment, None, lang)}
    for by in BREAKDOWNS:
        tables[by] = summary(experiment, by, lang)
    return tables


def _jsonable(value):
    if isinstance(value, float | np.floating):
        return None if math.isnan(value) else float(value)
    if isinstance(value, np.integer):
        return int(value)
    return value


def write_summary(
    experiment: Experiment, out_dir: str | Path, lang: str = "da", costs: dict | None = None
) -> dict[str, Path]:
    """Write summary.json, summary.csv (Danish Excel) and summary.xlsx into ``out_dir``.

    ``costs`` (from :func:`sim.costs.cost_report`) goes into the JSON as ``costs``; the
    cost and workforce KPIs are in every table once :func:`sim.costs.attach_costs` ran."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tables = summaries(experiment, lang)
    sheet = run_sheet(experiment)
    document = {
        **sheet,
        "note": ILLUSTRATIVE_NOTE[lang],
        "kpis": [
            {k: _jsonable(v) for k, v in row.items()}
            for row in tables["overall"].to_dict("records")
        ],
        **{
            f"by_{by}": [
                {k: _jsonable(v) for k, v in row.items()} for row in tables[by].to_dict("records")
            ]
            for by in BREAKDOWNS
        },
    }
    if costs is not None:
        document["costs"] = costs
    paths = {"json": out / "summary.json", "csv": out / "summary.csv", "xlsx": out / "summary.xlsx"}
    paths["json"].write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
    tables["overall"].to_csv(paths["csv"], sep=";", decimal=",", index=False, encoding="utf-8-sig")
    sheet_names = {"overall": "Resumé" if lang == "da" else "Summary"}
    for by in BREAKDOWNS:
        sheet_names[by] = ("Pr. " if lang == "da" else "By ") + DIMENSION_LABELS[by][
            0 if lang == "da" else 1
        ].lower()
    with pd.ExcelWriter(paths["xlsx"], engine="openpyxl") as writer:
        for key, table in tables.items():
            excel_safe(table).to_excel(writer, sheet_name=sheet_names[key], index=False)
        facts = pd.DataFrame(
            {
                "felt" if lang == "da" else "field": list(sheet),
                "værdi" if lang == "da" else "value": [str(v) for v in sheet.values()],
            }
        )
        excel_safe(facts).to_excel(
            writer, sheet_name="Kørsel" if lang == "da" else "Run", index=False
        )
    return paths


def headline_text(table: pd.DataFrame, lang: str = "da") -> str:
    """A short fixed-width table of the headline KPIs with their 95% CIs."""
    overall = table.set_index("kpi")
    lines = []
    ci = "95 %-KI" if lang == "da" else "95% CI"
    for key in [k for k in KPIS if k in overall.index and KPIS[k].unit != "dkk"]:
        row = overall.loc[key]
        kpi = KPIS[key]
        mean = format_number(row["mean"], kpi.unit, lang)
        low = format_number(row["ci_low"], kpi.unit, lang)
        high = format_number(row["ci_high"], kpi.unit, lang)
        marker = "*" if key in HEADLINE else " "
        lines.append(f"{marker} {kpi.label(lang):<38} {mean:>14}   {ci} {low} – {high}")
    return "\n".join(lines)


MONTHS_DA = (
    "jan.",
    "feb.",
    "mar.",
    "apr.",
    "maj",
    "jun.",
    "jul.",
    "aug.",
    "sep.",
    "okt.",
    "nov.",
    "dec.",
)
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _period(first: str, last: str, lang: str) -> str:
    names = MONTHS_DA if lang == "da" else MONTHS_EN
    a, b = names[int(first[5:7]) - 1], names[int(last[5:7]) - 1]
    return a if first == last else f"{a}–{b}"


def cost_text(report: dict, lang: str = "da") -> str:
    """The cost lines per budget year, the difference from the baseline and the verdicts
    (from :func:`sim.costs.cost_report`), as fixed-width text with 95% CIs."""
    from sim.costs import format_money

    da = lang == "da"
    ci = "95 %-KI" if da else "95% CI"
    verdicts = {v["year"]: v for v in report["verdicts"]}
    lines = [
        ("Udgifter pr. budgetår (kr.)" if da else "Cost per budget year (DKK)")
        + f"  [{ILLUSTRATIVE_NOTE[lang].split(':')[0]}]"
    ]
    order = [line["line"] for line in report["lines"]] + ["total"]
    by_year: dict[int, dict[str, dict]] = {}
    for row in report["by_year"]:
        by_year.setdefault(row["year"], {})[row["line"]] = row
    diff_year: dict[int, dict[str, dict]] = {}
    for row in report["difference_from_baseline"]["by_year"]:
        diff_year.setdefault(row["year"], {})[row["line"]] = row

    def money_row(label: str, row: dict, indent: str = "  ") -> str:
        low, high = format_money(row["ci_low"], lang), format_money(row["ci_high"], lang)
        return f"{indent}{label:<62} {format_money(row['mean'], lang):>18}   {ci} {low} – {high}"

    for year in sorted(by_year):
        verdict = verdicts.get(year, {})
        period = _period(
            verdict.get("first_month", f"{year}-01"), verdict.get("last_month", f"{year}-12"), lang
        )
        lines.append("")
        lines.append(f"{year} ({period})")
        for key in order:
            row = by_year[year].get(key)
            if row is not None:
                lines.append(money_row(row["label"], row, "    " if key == "rent_unused" else "  "))
        base = report["baseline"]["scenario"]
        lines.append(
            ("  Forskel fra " if da else "  Difference from ")
            + f"{base}"
            + (" (parret pr. replikation):" if da else " (paired per replication):")
        )
        for key in order:
            row = diff_year.get(year, {}).get(key)
            if row is None or (key != "total" and not row["mean"] and not row["ci_high"]):
                continue
            lines.append(money_row(row["label"], row, "    "))
        if verdict:
            lines.append(_verdict_line(verdict, lang))
    lines.append("")
    lines.append(report["note"])
    return "\n".join(lines)


def _verdict_line(verdict: dict, lang: str) -> str:
    """'Budget 2026: inden for budget (margen …; løbende merudgift …; …)'."""
    from sim.costs import format_money

    da = lang == "da"
    ci = "95 %-KI" if da else "95% CI"
    low = format_money(verdict["over_budget_ci_low"], lang)
    high = format_money(verdict["over_budget_ci_high"], lang)
    one_off = format_money(verdict["one_off"], lang)
    funding = format_money(verdict["implementation_funding"], lang)
    running = format_money(verdict["running_difference"], lang)
    parts = []
    if verdict["over_budget"] <= 0:
        margin = format_money(-verdict["over_budget"], lang)
        parts.append(f"margen {margin}" if da else f"margin {margin}")
    if da:
        parts += [
            f"løbende merudgift {running}",
            f"engangsudgifter {one_off} mod implementeringsbevilling {funding}",
            f"{ci} for overskridelsen {low} – {high}",
        ]
        if not verdict["certain"]:
            parts.append("usikkert: intervallet spænder over 0")
    else:
        parts += [
            f"extra running cost {running}",
            f"one-off costs {one_off} against implementation funding {funding}",
            f"{ci} of the overrun {low} – {high}",
        ]
        if not verdict["certain"]:
            parts.append("uncertain: the interval spans 0")
    return f"  Budget {verdict['year']}: {verdict['verdict']} (" + "; ".join(parts) + ")"
