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

from sim.analysis import verdict as V
from sim.analysis.kpis import KPIS, summary
from sim.run.experiment import Experiment, run_sheet
from sim.text.catalogue import LANGUAGES, text

BREAKDOWNS = ("month", "area", "team", "premises")
# The note beside every result computed on the illustrative default data, by language
ILLUSTRATIVE_NOTE = {lang: text("files.illustrative", lang) for lang in LANGUAGES}


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def excel_text(value):
    """A string that would start a formula (= + - @, or a tab or return before one) gets a
    leading apostrophe; anything else is returned as it is."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def excel_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Strings that would start a formula get a leading apostrophe."""
    fix = excel_text
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(fix)
    out.columns = [fix(str(c)) for c in out.columns]
    return out


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


def verdict_frame(verdicts: pd.DataFrame, lang: str = "da") -> pd.DataFrame:
    """The verdict against Basis per budget year (:func:`sim.analysis.verdict.verdict_table`)
    as a sheet: the year as the horizon covers it, the verdict, the amount over budget
    with its 95 % CI, the service changes and the sentence every page shows."""
    rows = []
    for row in V.worded(verdicts, lang).to_dict("records"):
        rows.append(
            {
                text("comparison.year", lang): row["period"],
                text("comparison.verdict", lang): row["verdict"],
                text("comparison.over_budget", lang): row["over_budget"],
                text("comparison.ci_low", lang): row["over_budget_ci_low"],
                text("comparison.ci_high", lang): row["over_budget_ci_high"],
                **{KPIS[kpi].label(lang): row[kpi] for kpi in V.SERVICE},
                text("verdict.title", lang): row["sentence"],
            }
        )
    return pd.DataFrame(rows)


def write_summary(
    experiment: Experiment,
    out_dir: str | Path,
    lang: str = "da",
    costs: dict | None = None,
    verdicts: pd.DataFrame | None = None,
) -> dict[str, Path]:
    """Write summary.json, summary.csv (Danish Excel) and summary.xlsx into ``out_dir``.

    ``costs`` (from :func:`sim.analysis.verdict.cost_report`) goes into the JSON as ``costs``,
    and its verdicts (or ``verdicts``: :func:`sim.analysis.verdict.verdict_table`) into a sheet of
    the workbook; the cost and workforce KPIs are in every table once
    :func:`sim.analysis.costs.attach_costs` ran."""
    if verdicts is None and costs is not None and costs.get("verdicts"):
        verdicts = pd.DataFrame(costs["verdicts"])
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
    sheet_names = {"overall": text("files.sheet.summary", lang)}
    for by in BREAKDOWNS:
        dimension = text(f"dimension.{by}", lang).lower()
        sheet_names[by] = text("files.sheet.by", lang, dimension=dimension)
    with pd.ExcelWriter(paths["xlsx"], engine="openpyxl") as writer:
        for key, table in tables.items():
            excel_safe(table).to_excel(writer, sheet_name=sheet_names[key], index=False)
        facts = pd.DataFrame(
            {
                text("files.field", lang): list(sheet),
                text("files.value", lang): [str(v) for v in sheet.values()],
            }
        )
        excel_safe(facts).to_excel(writer, sheet_name=text("files.sheet.run", lang), index=False)
        if verdicts is not None and len(verdicts):
            sheet = text("files.sheet.verdict", lang)
            frame = excel_safe(verdict_frame(verdicts, lang))
            frame.to_excel(writer, sheet_name=sheet, index=False)
    return paths
