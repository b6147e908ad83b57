"""The comparison of several saved runs as an Excel workbook, for the meeting room."""

from __future__ import annotations

import datetime as dt
import io
import math

import numpy as np
import pandas as pd
from openpyxl import Workbook

from sim.analysis import compare as K
from sim.analysis.kpis import KPIS
from sim.analysis.verdict import SERVICE
from sim.reports.files import ILLUSTRATIVE_NOTE, excel_text
from sim.reports.sentences import summary_lines
from sim.text.catalogue import CATALOGUE, text

# Excel number formats (stored locale-free; Danish Excel shows 1.234,5 and 12,3 %)
NUMBER_FORMATS = {
    "share": "0.0%",
    "count": "#,##0",
    "days": "#,##0",
    "dkk": "#,##0",
    "ratio": "0.00",
    "minutes": "#,##0.0",
    "hours": "#,##0.0",
    "km": "#,##0",
}
MONEY_FORMAT = "#,##0"
DATE_FORMAT = "dd-mm-yyyy"


def comparison_word(key: str, lang: str = "da") -> str:
    """A word of the comparison (``comparison.<key>`` in the catalogue)."""
    return text(f"comparison.{key}", lang)


def run_sheet_label(field: str, lang: str = "da") -> str:
    """The run sheet's ``field`` in words (the field's own name when it has none)."""
    key = f"run_sheet.{field}"
    return text(key, lang) if key in CATALOGUE else field


def unit_label(unit: str, lang: str = "da") -> str:
    """A KPI's unit in words ("andel", "min."; the unit itself when it has none)."""
    key = f"unit.{unit}"
    return text(key, lang) if key in CATALOGUE else unit


def points_format(lang: str = "da") -> str:
    """The Excel number format of a difference in percentage points."""
    return f'#,##0.00" {text("unit.points", lang)}"'


def _cell_value(value):
    """Plain Python values for openpyxl: NaN and None as empty cells, user text made safe."""
    if value is None:
        return None
    if isinstance(value, float | np.floating):
        return None if math.isnan(value) else float(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_ | bool):
        return bool(value)
    if isinstance(value, str):
        return excel_text(value)
    return value


class _Sheet:
    """Writes rows of cells to an openpyxl sheet; a cell is a value or (value, format)."""

    def __init__(self, workbook, title: str):
        self.sheet = workbook.create_sheet(title=excel_text(title)[:31])
        self.row = 1
        self.widths: dict[int, int] = {}

    def write(self, cells: list, bold: bool = False) -> None:
        from openpyxl.styles import Font

        for column, cell in enumerate(cells, start=1):
            value, number_format = cell if isinstance(cell, tuple) else (cell, None)
            target = self.sheet.cell(row=self.row, column=column, value=_cell_value(value))
            if isinstance(target.value, str):
                target.data_type = "s"  # never a formula, whatever it starts with
            if number_format:
                target.number_format = number_format
            if bold:
                target.font = Font(bold=True)
            shown = len(str(value)) if value is not None and not isinstance(value, float) else 12
            self.widths[column] = min(60, max(self.widths.get(column, 8), shown + 2))
        self.row += 1

    def merge(self, first: int, last: int) -> None:
        if last > first:
            self.sheet.merge_cells(
                start_row=self.row - 1, start_column=first, end_row=self.row - 1, end_column=last
            )

    def skip(self, rows: int = 1) -> None:
        self.row += rows

    def finish(self, note: str, freeze: str | None = None) -> None:
        from openpyxl.utils import get_column_letter

        self.skip()
        self.write([note])
        for column, width in self.widths.items():
            self.sheet.column_dimensions[get_column_letter(column)].width = width
        if freeze:
            self.sheet.freeze_panes = freeze


def _format(unit: str) -> str:
    return NUMBER_FORMATS.get(unit, "#,##0.0")


def _side_by_side(
    sheet: _Sheet,
    table: pd.DataFrame,
    runs: list[str],
    keys: list[tuple[str, str]],
    lang: str,
    money: bool = False,
) -> None:
    """Rows per ``keys`` (column, heading), then for each run its mean and 95% CI."""
    w = comparison_word
    header = [heading for _, heading in keys]
    if not money:
        header.append(w("unit", lang))
    first = len(header) + 1
    top = [""] * len(header)
    for run in runs:
        top += [run, "", ""]
    sheet.write(top, bold=True)
    for i in range(len(runs)):
        sheet.merge(first + 3 * i, first + 3 * i + 2)
    sheet.write(
        header + [w("mean", lang), w("ci_low", lang), w("ci_high", lang)] * len(runs), bold=True
    )
    columns = [c for c, _ in keys]
    for group, part in table.groupby(columns, sort=False):
        key = group if isinstance(group, tuple) else (group,)
        first_row = part.iloc[0]
        unit = "dkk" if money else first_row["unit"]
        cells = list(key)
        if not money:
            cells.append(unit_label(unit, lang))
        by_run = part.set_index("run")
        for run in runs:
            if run in by_run.index:
                row = by_run.loc[run]
                cells += [(row[c], _format(unit)) for c in ("mean", "ci_low", "ci_high")]
            else:
                cells += [None, None, None]
        sheet.write(cells)


def _difference_cells(row: dict, lang: str, unit: str) -> list:
    """Difference and its CI; shares in percentage points."""
    w = comparison_word
    if unit == "share":
        scale, number_format = 100.0, points_format(lang)
    else:
        scale, number_format = 1.0, _format(unit)
    values = [row["difference"], row["difference_ci_low"], row["difference_ci_high"]]
    cells = [(v * scale if v is not None else None, number_format) for v in values]
    return cells + [
        w("yes" if row["paired"] else "no", lang),
        w("yes" if row["certain"] else "no", lang),
    ]


def comparison_workbook(
    runs: dict[str, dict[str, pd.DataFrame]], reference: str, lang: str = "da"
) -> bytes:
    """The comparison as an Excel workbook: summary, indicators side by side, differences
    (paired by seed or Welch), monthly figures, costs, cost differences and budget,
    placements and leases, assumptions, and the runs' seeds and hashes (STRESS-DES).

    ``runs``: run name -> :func:`sim.analysis.compare.run_tables`. Numbers are numbers with a number
    format; text from users (names, descriptions, premises) can never become a formula."""
    w = comparison_word
    note = ILLUSTRATIVE_NOTE[lang]
    order = [reference, *(name for name in runs if name != reference)]
    others = order[1:]
    kpis = K.compare(runs, reference, lang)
    by_month = K.compare_by(runs, reference, "month", lang)
    costs = K.compare_costs(runs, reference, lang)
    budget = K.run_verdicts(runs, lang)
    lines = summary_lines(runs, reference, lang) if others else {}

    book = Workbook()
    book.remove(book.active)

    # summary
    sheet = _Sheet(book, w("sheet_summary", lang))
    sheet.write([w("title", lang)], bold=True)
    sheet.write([note])
    sheet.write([f"{w('reference', lang)}: {reference}"])
    sheet.skip()
    for name in others:
        sheet.write([lines.get(name, name)])
    sheet.skip()
    sheet.write(
        [w("scenario", lang), w("description", lang), w("replications", lang), "Seeds"], bold=True
    )
    for name in order:
        facts = dict(
            zip(runs[name]["run_sheet"]["field"], runs[name]["run_sheet"]["value"], strict=True)
        )
        settings = dict(
            zip(runs[name]["assumptions"]["key"], runs[name]["assumptions"]["value"], strict=True)
        )
        replications = facts.get("replications", "")
        sheet.write(
            [
                name,
                settings.get("description", ""),
                (int(replications), "0") if str(replications).isdigit() else replications,
                facts.get("seeds", ""),
            ]
        )
    sheet.finish(note)

    # indicators side by side
    sheet = _Sheet(book, w("sheet_kpis", lang))
    _side_by_side(sheet, kpis, order, [("label", w("kpi", lang))], lang)
    sheet.finish(note, "B3")

    # differences
    sheet = _Sheet(book, w("sheet_differences", lang))
    sheet.write(
        [
            w("scenario", lang),
            w("kpi", lang),
            w("difference", lang),
            w("ci_low", lang),
            w("ci_high", lang),
            w("paired", lang),
            w("certain", lang),
            w("assessment", lang),
            w("note", lang),
        ],
        bold=True,
    )
    for row in kpis[~kpis["is_reference"]].to_dict("records"):
        assessment = w(row["assessment"], lang) if row["assessment"] else ""
        sheet.write(
            [
                row["run"],
                row["label"],
                *_difference_cells(row, lang, row["unit"]),
                assessment,
                row["note"],
            ]
        )
    sheet.finish(note, "C2")

    # by month
    sheet = _Sheet(book, w("sheet_month", lang))
    _side_by_side(
        sheet, by_month, order, [("month", w("month", lang)), ("label", w("kpi", lang))], lang
    )
    sheet.finish(note, "C3")

    # costs side by side
    sheet = _Sheet(book, w("sheet_costs", lang))
    _side_by_side(
        sheet,
        costs,
        order,
        [("year", w("year", lang)), ("label", w("line", lang))],
        lang,
        money=True,
    )
    sheet.finish(note, "C3")

    # cost differences and the budget test
    sheet = _Sheet(book, w("sheet_budget", lang))
    sheet.write(
        [
            w("scenario", lang),
            w("year", lang),
            w("line", lang),
            w("difference", lang),
            w("ci_low", lang),
            w("ci_high", lang),
            w("paired", lang),
            w("certain", lang),
            w("note", lang),
        ],
        bold=True,
    )
    for row in costs[~costs["is_reference"]].to_dict("records"):
        sheet.write(
            [
                row["run"],
                row["year"],
                row["label"],
                *_difference_cells(row, lang, "dkk"),
                row["note"],
            ]
        )
    if len(budget):
        sheet.skip()
        write_verdicts(sheet, budget, lang)
    sheet.finish(note, "C2")

    # placements and leases
    sheet = _Sheet(book, w("sheet_placements", lang))
    heading = [w("scenario", lang), w("team", lang), w("premises", lang), w("premises_name", lang)]
    sheet.write([*heading, w("start", lang), w("end", lang)], bold=True)
    for name in order:
        names = _premises_names(runs[name])
        for row in runs[name]["placements"].to_dict("records"):
            sheet.write(
                [
                    name,
                    row["team"],
                    row["premises"],
                    names.get(row["premises"], ""),
                    _date_cell(row["start"]),
                    _date_cell(row["end"]),
                ]
            )
    sheet.skip()
    sheet.write([w("leases", lang)], bold=True)
    sheet.write(
        [
            w("scenario", lang),
            w("premises", lang),
            w("premises_name", lang),
            w("start", lang),
            w("end", lang),
        ],
        bold=True,
    )
    for name in order:
        names = _premises_names(runs[name])
        leases = runs[name].get("leases")
        for row in [] if leases is None else leases.to_dict("records"):
            sheet.write(
                [
                    name,
                    row["premises"],
                    names.get(row["premises"], ""),
                    _date_cell(row["start"]),
                    _date_cell(row["end"]),
                ]
            )
    sheet.finish(note, "A2")

    # assumptions and run sheets side by side
    for title, table_name, key_column, label in (
        ("sheet_assumptions", "assumptions", "key", lambda k: k),
        ("sheet_runs", "run_sheet", "field", lambda k: run_sheet_label(k, lang)),
    ):
        sheet = _Sheet(book, w(title, lang))
        values = {
            name: dict(
                zip(
                    runs[name][table_name][key_column], runs[name][table_name]["value"], strict=True
                )
            )
            for name in order
        }
        keys = list(dict.fromkeys(k for name in order for k in values[name]))
        first = w("setting", lang) if table_name == "assumptions" else w("field", lang)
        sheet.write([first, *order, w("differs", lang)], bold=True)
        for key in keys:
            cells = [values[name].get(key, "") for name in order]
            differs = len(set(cells)) > 1
            sheet.write([label(key), *cells, w("yes", lang) if differs else ""])
        sheet.finish(note, "B2")

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _premises_names(tables: dict[str, pd.DataFrame]) -> dict[str, str]:
    premises = tables.get("premises")
    if premises is None or premises.empty:
        return {}
    return dict(zip(premises["premises"], premises["name"], strict=True))


def _date_cell(text: str):
    """An ISO date as a date cell; '' (open) as an empty cell."""
    if not text:
        return None
    try:
        return (dt.date.fromisoformat(str(text)), DATE_FORMAT)
    except ValueError:
        return str(text)


def _change_cell(value: float, unit: str, lang: str) -> tuple:
    """A change from Basis with its number format (a share in percentage points)."""
    if unit == "share":
        return (value * 100 if value is not None else None, points_format(lang))
    return (value, NUMBER_FORMATS.get(unit, "#,##0.0"))


def write_verdicts(sheet: _Sheet, verdicts: pd.DataFrame, lang: str) -> None:
    """Each run's verdict against Basis per budget year (:func:`sim.analysis.compare.run_verdicts`):
    the rule, then a row per run and year with the amounts, the service changes and the
    sentence that the results page, Sammenlign and the HTML report show."""
    w = comparison_word
    sheet.write([text("verdict.title", lang)], bold=True)
    sheet.write([text("verdict.rule", lang)])
    service = [KPIS[kpi] for kpi in SERVICE]
    sheet.write(
        [
            w("scenario", lang),
            w("year", lang),
            w("running", lang),
            w("one_off", lang),
            w("funding", lang),
            w("over_budget", lang),
            w("ci_low", lang),
            w("ci_high", lang),
            *(kpi.label(lang) for kpi in service),
            w("verdict", lang),
        ],
        bold=True,
    )
    for row in verdicts.to_dict("records"):
        sheet.write(
            [
                row["run"],
                row["period"],
                (row["running_difference"], MONEY_FORMAT),
                (row["one_off"], MONEY_FORMAT),
                (row["implementation_funding"], MONEY_FORMAT),
                (row["over_budget"], MONEY_FORMAT),
                (row["over_budget_ci_low"], MONEY_FORMAT),
                (row["over_budget_ci_high"], MONEY_FORMAT),
                *(_change_cell(row[kpi.key], kpi.unit, lang) for kpi in service),
                row["sentence"],
            ]
        )
