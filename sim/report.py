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
        digits = decimals if decimals is not None else (0 if unit in ("count", "days") else 1)
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


def write_summary(experiment: Experiment, out_dir: str | Path, lang: str = "da") -> dict[str, Path]:
    """Write summary.json, summary.csv (Danish Excel) and summary.xlsx into ``out_dir``."""
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
    for key in [k for k in KPIS if k in overall.index]:
        row = overall.loc[key]
        kpi = KPIS[key]
        mean = format_number(row["mean"], kpi.unit, lang)
        low = format_number(row["ci_low"], kpi.unit, lang)
        high = format_number(row["ci_high"], kpi.unit, lang)
        marker = "*" if key in HEADLINE else " "
        lines.append(f"{marker} {kpi.label(lang):<38} {mean:>14}   {ci} {low} – {high}")
    return "\n".join(lines)
