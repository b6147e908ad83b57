"""A self-contained HTML report of a scenario comparison, for the meeting room.

One file that opens offline: plotly.js is embedded once, inline; no fonts, styles, images
or scripts are fetched from anywhere. Every text (scenario names, descriptions, premises)
is HTML-escaped. Pure: plotly and ``ui.figures.charts``, no Streamlit.
"""

from __future__ import annotations

import datetime as dt
import html

import numpy as np
import pandas as pd

from sim.analysis import compare as K
from sim.analysis.kpis import HEADLINE, KPIS
from sim.reports.files import ILLUSTRATIVE_NOTE
from sim.reports.sentences import summary_line
from sim.reports.workbook import comparison_word, run_sheet_label, unit_label
from sim.text import formats as fmt
from sim.text.catalogue import CATALOGUE, text
from ui.figures import charts

CHART_KPIS = ("on_time_share", "response_p90_min", "travel_share")
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}
STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
       margin: 2rem auto; max-width: 1200px; padding: 0 1rem; color: #222; line-height: 1.45; }
h1 { margin-bottom: .2rem; } h2 { margin-top: 2.2rem; border-bottom: 2px solid #1f4e79; }
.illustrative { background: #fff4ce; border-left: 5px solid #e69f00; padding: .6rem 1rem; }
.meta { color: #555; }
table { border-collapse: collapse; margin: .8rem 0; font-size: .92rem; }
th, td { border: 1px solid #ccc; padding: .3rem .55rem; vertical-align: top; }
th { background: #eef3f8; text-align: left; }
td.num { text-align: right; white-space: nowrap; }
td.better { background: #e3f1dc; } td.worse { background: #f8dcd9; } td.same { color: #666; }
td.headline { font-weight: 600; }
.ci { color: #555; font-size: .85em; }
ul.summary li { margin-bottom: .4rem; }
.chart { margin: 1rem 0; }
details { margin: .6rem 0; }
@media print { .chart { break-inside: avoid; } }
"""


def _w(key: str, lang: str) -> str:
    """A word of the report (``report.<key>``), else of the comparison (``comparison.<key>``)."""
    if f"report.{key}" in CATALOGUE:
        return text(f"report.{key}", lang)
    return comparison_word(key, lang)


def _e(text) -> str:
    """HTML-escaped text; None and NaN as an empty string."""
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return ""
    return html.escape(str(text), quote=True)


def _number(value: float, unit: str, lang: str) -> str:
    return fmt.number(value, unit, lang)


def _with_ci(mean: float, low: float, high: float, unit: str, lang: str) -> str:
    text = _e(_number(mean, unit, lang))
    if not (pd.isna(low) or pd.isna(high)):
        interval = f"{_number(low, unit, lang)} – {_number(high, unit, lang)}"
        text += f' <span class="ci">({_e(interval)})</span>'
    return text


def _signed(value: float, text: str) -> str:
    """'+1,2' for an increase, '-1,2' for a decrease, and no sign on what shows as zero."""
    if not any(c in "123456789" for c in text):
        return text.lstrip("-")
    return "+" + text if value > 0 else text


def _difference(row: dict, unit: str, lang: str) -> str:
    """'-0,8 pct.-point (-1,1 – -0,5)': the difference with its CI, shares in percentage
    points, a sign on increases."""
    difference = row["difference"]
    if pd.isna(difference):
        return "–"
    scale, shown = (100.0, "") if unit == "share" else (1.0, unit)
    decimals = 1 if unit in ("share", "count", "dkk", "days") else None
    if unit in ("count", "dkk", "days") and abs(difference) >= 10:
        decimals = 0

    def number(value: float) -> str:
        return _signed(value, fmt.number(value * scale, shown, lang, decimals))

    cell = _e(number(difference))
    if unit == "share":
        cell += " " + text("report.points", lang)
    low, high = row["difference_ci_low"], row["difference_ci_high"]
    if not (pd.isna(low) or pd.isna(high)):
        cell += f' <span class="ci">({_e(number(low))} – {_e(number(high))})</span>'
    return cell


def _table(header: list[str], rows: list[list[str]], classes: list[list[str]] | None = None) -> str:
    """An HTML table from already escaped cells."""
    out = ["<table>", "<thead><tr>" + "".join(f"<th>{h}</th>" for h in header) + "</tr></thead>"]
    out.append("<tbody>")
    for i, row in enumerate(rows):
        cells = []
        for j, cell in enumerate(row):
            css = classes[i][j] if classes and classes[i][j] else ""
            cells.append(f'<td class="{css}">{cell}</td>' if css else f"<td>{cell}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def _kpi_section(kpis: pd.DataFrame, order: list[str], lang: str) -> str:
    reference, others = order[0], order[1:]
    delta = text("word.difference", lang)
    header = [_e(_w("kpi", lang)), _e(reference) + " <em>(ref.)</em>"]
    for name in others:
        header += [_e(name), f"{delta}: {_e(name)}"]
    rows, classes = [], []
    for key, part in kpis.groupby("kpi", sort=False):
        by_run = {row["run"]: row for row in part.to_dict("records")}
        first = part.iloc[0]
        unit = first["unit"]
        shown_unit = unit_label(unit, lang)
        row = [_e(first["label"])]
        if not str(first["label"]).endswith(")"):  # 'Overarbejde (timer)' names its unit
            row[0] += f' <span class="ci">({_e(shown_unit)})</span>'
        css = ["headline" if key in HEADLINE else ""]
        for name in order:
            data = by_run.get(name)
            if data is None:
                row.append("–")
                css.append("")
            else:
                row.append(_with_ci(data["mean"], data["ci_low"], data["ci_high"], unit, lang))
                css.append("num")
            if name != reference:
                row.append("–" if data is None else _difference(data, unit, lang))
                css.append("num " + (data["assessment"] if data is not None else ""))
        rows.append(row)
        classes.append(css)
    return _table(header, rows, classes)


def _pairing_list(kpis: pd.DataFrame, others: list[str]) -> str:
    notes = []
    for name in others:
        note = kpis.loc[kpis["run"] == name, "note"]
        if len(note):
            notes.append(f"<li><strong>{_e(name)}</strong>: {_e(note.iloc[0])}</li>")
    return "<ul>" + "".join(notes) + "</ul>"


def _money(value: float, lang: str) -> str:
    return fmt.money_short(value, lang) if not pd.isna(value) else "–"


def _cost_section(costs: pd.DataFrame, order: list[str], lang: str) -> str:
    reference, others = order[0], order[1:]
    delta = text("word.difference", lang)
    header = [_e(_w("year", lang)), _e(_w("line", lang)), _e(reference) + " <em>(ref.)</em>"]
    for name in others:
        header += [_e(name), f"{delta}: {_e(name)}"]
    rows, classes = [], []
    for (year, _line), part in costs.groupby(["year", "line"], sort=False):
        by_run = {row["run"]: row for row in part.to_dict("records")}
        row = [_e(year), _e(part.iloc[0]["label"])]
        css = ["", ""]
        for name in order:
            data = by_run.get(name)
            row.append("–" if data is None else _e(_money(data["mean"], lang)))
            css.append("num")
            if name != reference:
                if data is None or pd.isna(data["difference"]):
                    row.append("–")
                    css.append("num")
                    continue
                difference = data["difference"]
                cell = _e(_signed(difference, _money(difference, lang)))
                if not pd.isna(data["difference_ci_low"]):
                    low, high = data["difference_ci_low"], data["difference_ci_high"]
                    low = _signed(low, _money(low, lang))
                    high = _signed(high, _money(high, lang))
                    cell += f' <span class="ci">({_e(low)} – {_e(high)})</span>'
                row.append(cell)
                state = ("worse" if difference > 0 else "better") if data["certain"] else "same"
                css.append("num " + state)
        rows.append(row)
        classes.append(css)
    return _table(header, rows, classes)


def _budget_section(budget: pd.DataFrame, lang: str) -> str:
    """Each run's verdict against Basis (:func:`sim.analysis.compare.run_verdicts`): the
    same sentence as on the results page, Sammenlign and in the workbooks."""
    if budget.empty:
        return ""
    w = comparison_word
    header = [_e(w("scenario", lang)), _e(w("year", lang)), _e(w("verdict", lang))]
    rows, classes = [], []
    for row in budget.to_dict("records"):
        rows.append([_e(row["run"]), _e(row["period"]), _e(row["sentence"])])
        bad = row["over_budget"] > 0 or row["service_worse"]
        state = "worse" if bad and row["certain"] else ""
        state = "better" if not bad and row["certain"] else state
        classes.append(["", "", state])
    return f"<p>{_e(text('verdict.rule', lang))}</p>" + _table(header, rows, classes)


def _placements_section(runs: dict, order: list[str], lang: str) -> str:
    w = comparison_word
    parts = []
    for name in order:
        tables = runs[name]
        names = {}
        if "premises" in tables and len(tables["premises"]):
            names = dict(
                zip(tables["premises"]["premises"], tables["premises"]["name"], strict=True)
            )
        parts.append(f"<h3>{_e(name)}</h3>")
        placements = tables.get("placements", pd.DataFrame())
        if placements is None or placements.empty:
            parts.append(f"<p>{_e(_w('none', lang))}</p>")
        else:
            rows = [
                [
                    _e(r["team"]),
                    _e(r["premises"]),
                    _e(names.get(r["premises"], "")),
                    _e(_date(r["start"], lang)),
                    _e(_date(r["end"], lang)),
                ]
                for r in placements.to_dict("records")
            ]
            header = [w(k, lang) for k in ("team", "premises", "premises_name", "start", "end")]
            parts.append(_table([_e(h) for h in header], rows))
        leases = tables.get("leases")
        if leases is not None and len(leases):
            rows = [
                [
                    _e(r["premises"]),
                    _e(names.get(r["premises"], "")),
                    _e(_date(r["start"], lang)),
                    _e(_date(r["end"], lang)),
                ]
                for r in leases.to_dict("records")
            ]
            header = [w(k, lang) for k in ("premises", "premises_name", "start", "end")]
            parts.append(f"<p><strong>{_e(w('leases', lang))}</strong></p>")
            parts.append(_table([_e(h) for h in header], rows))
    return "\n".join(parts)


def _date(text: str, lang: str) -> str:
    if not text:
        return "–"
    try:
        day = dt.date.fromisoformat(str(text))
    except ValueError:
        return str(text)
    return fmt.short_date(day, lang)


def _side_by_side_text(
    runs: dict, order: list[str], table: str, key: str, label, lang: str, only_differing: bool
) -> tuple[str, int]:
    values = {
        name: dict(zip(runs[name][table][key], runs[name][table]["value"], strict=True))
        for name in order
        if table in runs[name]
    }
    keys = list(dict.fromkeys(k for name in values for k in values[name]))
    rows = []
    for k in keys:
        cells = [values[name].get(k, "") for name in values]
        if only_differing and len(set(cells)) <= 1:
            continue
        rows.append([_e(label(k))] + [_e(c) for c in cells])
    first = _w("setting" if table == "assumptions" else "field", lang)
    return _table([_e(first)] + [_e(name) for name in values], rows), len(rows)


def _figures(
    runs: dict,
    order: list[str],
    lang: str,
    by_month: pd.DataFrame,
    costs: pd.DataFrame,
    budget: pd.DataFrame,
    premises: pd.DataFrame,
    chart_kpis: tuple[str, ...],
) -> list:
    figures = []
    for key in chart_kpis:
        part = by_month[by_month["kpi"] == key]
        if len(part):
            kpi = KPIS[key]
            title = text("report.by_month", lang, kpi=kpi.label(lang))
            figures.append(
                charts.kpi_by_month_compare(
                    part, title, kpi.unit, lang, lambda m: fmt.month(m, lang)
                )
            )
    total = costs[(costs["line"] == "total") & ~costs["is_reference"]]
    if len(total):
        figures.append(charts.cost_difference_by_year(total, lang, order[0]))
    if len(budget):
        figures.append(charts.cost_against_budget(budget, lang))
    if len(premises):
        names = {}
        for name in order:
            table = runs[name].get("premises")
            if table is not None and len(table):
                names.update(zip(table["premises"], table["name"], strict=True))
        figures.append(charts.premises_occupancy_compare(premises, lang, names))
    return figures


def figure_html(figures: list) -> list[str]:
    """Each figure as an HTML fragment; plotly.js inline in the first only, none fetched."""
    return [
        figure.to_html(
            full_html=False,
            include_plotlyjs=(i == 0),
            include_mathjax=False,
            config=PLOTLY_CONFIG,
        )
        for i, figure in enumerate(figures)
    ]


def comparison_html(
    runs: dict[str, dict[str, pd.DataFrame]],
    reference: str,
    lang: str = "da",
    title: str | None = None,
    chart_kpis: tuple[str, ...] = CHART_KPIS,
    summary_kpi: str = "on_time_share",
    made: dt.datetime | None = None,
) -> str:
    """The comparison of ``runs`` (run name -> :func:`sim.analysis.compare.run_tables`) against
    ``reference`` as one self-contained HTML page: summary sentences, indicators and costs
    side by side with differences and 95% CIs, the budget test, charts, placements,
    assumptions and the STRESS-DES run sheet of every scenario."""
    order = [reference, *(name for name in runs if name != reference)]
    others = order[1:]
    kpis = K.compare(runs, reference, lang)
    by_month = K.compare_by(runs, reference, "month", lang, list(chart_kpis))
    costs = K.compare_costs(runs, reference, lang)
    budget = K.run_verdicts(runs, lang)
    premises = K.compare_by(runs, reference, "premises", lang, ["premises_peak_ratio"])
    summary_kpis = K.compare(runs, reference, lang, [summary_kpi])
    lines = [summary_line(summary_kpis, costs, name, lang, summary_kpi) for name in others]
    heading = title or _w("title", lang)
    made = made or dt.datetime.now()
    note = ILLUSTRATIVE_NOTE[lang]

    body = [
        f"<h1>{_e(heading)}</h1>",
        f'<p class="illustrative"><strong>{_e(note)}</strong></p>',
        f'<p class="meta">{_e(_w("reference", lang))}: <strong>{_e(reference)}</strong>. '
        f"{_e(_w('made', lang))} {_e(made.strftime('%d-%m-%Y %H:%M'))}.</p>",
        f"<h2>{_e(_w('summary', lang))}</h2>",
        '<ul class="summary">' + "".join(f"<li>{_e(line)}</li>" for line in lines) + "</ul>",
    ]
    descriptions = []
    for name in order:
        settings = (
            dict(
                zip(
                    runs[name]["assumptions"]["key"],
                    runs[name]["assumptions"]["value"],
                    strict=True,
                )
            )
            if "assumptions" in runs[name]
            else {}
        )
        if settings.get("description"):
            descriptions.append(
                f"<li><strong>{_e(name)}</strong>: {_e(settings['description'])}</li>"
            )
    if descriptions:
        body.append("<ul>" + "".join(descriptions) + "</ul>")
    body += [
        f"<h2>{_e(_w('kpis', lang))}</h2>",
        f"<p>{_e(_w('kpis_help', lang))}</p>",
        _kpi_section(kpis, order, lang),
        f"<h3>{_e(_w('pairing', lang))}</h3>",
        f"<p>{_e(_w('pairing_help', lang))}</p>",
        _pairing_list(kpis, others),
        f"<h2>{_e(_w('costs', lang))}</h2>",
        _cost_section(costs, order, lang),
    ]
    if len(budget):
        body += [f"<h3>{_e(text('verdict.title', lang))}</h3>", _budget_section(budget, lang)]
    figures = _figures(runs, order, lang, by_month, costs, budget, premises, chart_kpis)
    if figures:
        body.append(f"<h2>{_e(_w('charts', lang))}</h2>")
        body += [f'<div class="chart">{fragment}</div>' for fragment in figure_html(figures)]
    body += [f"<h2>{_e(_w('placements', lang))}</h2>", _placements_section(runs, order, lang)]
    differing, count = _side_by_side_text(
        runs, order, "assumptions", "key", lambda k: k, lang, only_differing=True
    )
    everything, _ = _side_by_side_text(
        runs, order, "assumptions", "key", lambda k: k, lang, only_differing=False
    )
    body += [
        f"<h2>{_e(_w('assumptions', lang))}</h2>",
        f"<p>{_e(_w('assumptions_help', lang))}</p>",
        differing if count else f"<p>{_e(_w('no_difference', lang))}</p>",
        f"<details><summary>{_e(_w('all_assumptions', lang))}</summary>{everything}</details>",
    ]
    sheet, _ = _side_by_side_text(
        runs, order, "run_sheet", "field", lambda k: run_sheet_label(k, lang), lang, False
    )
    body += [
        f"<h2>{_e(_w('run_sheet', lang))}</h2>",
        f"<p>{_e(_w('run_sheet_help', lang))}</p>",
        sheet,
        f'<p class="illustrative">{_e(note)}</p>',
    ]
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{fmt.language_tag(lang)}">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{_e(heading)}</title>",
            f"<style>{STYLE}</style>",
            "</head>",
            "<body>",
            *body,
            "</body>",
            "</html>",
        ]
    )
