"""Plain-language sentences: the headline KPIs and the costs per budget year as text for
the command line, and one sentence per compared run on how it differs from the reference.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from sim.analysis.compare import compare, compare_costs, run_order
from sim.analysis.kpis import HEADLINE, KPIS
from sim.analysis.verdict import budget_year, verdict_sentence
from sim.reports.files import ILLUSTRATIVE_NOTE
from sim.text import formats as fmt
from sim.text.catalogue import CATALOGUE, text


def headline_text(table: pd.DataFrame, lang: str = "da") -> str:
    """A short fixed-width table of the headline KPIs with their 95% CIs."""
    overall = table.set_index("kpi")
    lines = []
    ci = text("word.ci", lang)
    for key in [k for k in KPIS if k in overall.index and KPIS[k].unit != "dkk"]:
        row = overall.loc[key]
        kpi = KPIS[key]
        mean = fmt.number(row["mean"], kpi.unit, lang)
        low = fmt.number(row["ci_low"], kpi.unit, lang)
        high = fmt.number(row["ci_high"], kpi.unit, lang)
        marker = "*" if key in HEADLINE else " "
        lines.append(f"{marker} {kpi.label(lang):<38} {mean:>14}   {ci} {low} – {high}")
    return "\n".join(lines)


def cost_text(report: dict, lang: str = "da") -> str:
    """The cost lines per budget year, the difference from the baseline and the verdicts
    (from :func:`sim.analysis.costs.cost_report`), as fixed-width text with 95% CIs."""
    ci = text("word.ci", lang)
    verdicts = {v["year"]: v for v in report["verdicts"]}
    lines = [text("costs_text.title", lang) + f"  [{ILLUSTRATIVE_NOTE[lang].split(':')[0]}]"]
    order = [line["line"] for line in report["lines"]] + ["total"]
    by_year: dict[int, dict[str, dict]] = {}
    for row in report["by_year"]:
        by_year.setdefault(row["year"], {})[row["line"]] = row
    diff_year: dict[int, dict[str, dict]] = {}
    for row in report["difference_from_baseline"]["by_year"]:
        diff_year.setdefault(row["year"], {})[row["line"]] = row

    def money_row(label: str, row: dict, indent: str = "  ") -> str:
        low, high = fmt.money(row["ci_low"], lang), fmt.money(row["ci_high"], lang)
        return f"{indent}{label:<62} {fmt.money(row['mean'], lang):>18}   {ci} {low} – {high}"

    for year in sorted(by_year):
        verdict = verdicts.get(year, {})
        first = verdict.get("first_month", f"{year}-01")
        lines.append("")
        lines.append(budget_year(year, first, verdict.get("last_month", f"{year}-12"), lang))
        for key in order:
            row = by_year[year].get(key)
            if row is not None:
                lines.append(money_row(row["label"], row, "    " if key == "rent_unused" else "  "))
        base = report["baseline"]["scenario"]
        lines.append("  " + text("costs_text.difference", lang, reference=base))
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
    """'Budget 2026 (jun.–dec.): inden for budget (…). Service mod Basis: …', then the
    parts of the amount: the margin, the running and one-off costs and the funding."""
    one_off = fmt.money(verdict["one_off"], lang)
    funding = fmt.money(verdict["implementation_funding"], lang)
    running = fmt.money(verdict["running_difference"], lang)
    parts = []
    if verdict["over_budget"] <= 0:
        margin = fmt.money(-verdict["over_budget"], lang)
        parts.append(text("costs_text.margin", lang, margin=margin))
    parts += [
        text("costs_text.running", lang, running=running),
        text("costs_text.one_off", lang, one_off=one_off, funding=funding),
    ]
    return f"  Budget {verdict_sentence(verdict, lang)}\n    " + "; ".join(parts)


# ---- in plain words ------------------------------------------------------------------------


def _magnitude(value: float, unit: str, lang: str) -> str:
    """The size of a difference in the KPI's unit (shares in percentage points)."""
    if unit == "share":
        points = 100 * value
        return fmt.number(points, "", lang, 1 if abs(points) >= 0.1 or points == 0 else 2)
    if unit in ("count", "days"):
        return fmt.number(value, "count", lang, 0 if abs(value) >= 10 else 1)
    return fmt.number(value, unit, lang)


def _unit_word(unit: str, lang: str) -> str:
    """' procentpoint', ' min.': the unit after a range that spans 0 (or nothing)."""
    key = f"sentence.unit.{unit}"
    return " " + text(key, lang) if key in CATALOGUE else ""


def _range(low: float, high: float, unit: str, lang: str, signed: bool) -> str:
    """'0,5–1,1' for an interval on one side of 0; '-0,4 til +0,2 procentpoint' (with the
    unit, which the sentence does not name then) for one that spans 0."""
    if signed:
        word = " " + text("word.to", lang) + " "
        a, b = _magnitude(low, unit, lang), _magnitude(high, unit, lang)
        suffix = _unit_word(unit, lang)
        return ("+" + a if low > 0 else a) + word + ("+" + b if high > 0 else b) + suffix
    return _magnitude(low, unit, lang) + "–" + _magnitude(high, unit, lang)


_UNIT_SUFFIX = re.compile(r"\s*\((min|kr\.|DKK|timer|h|hours)\)$")


def _kpi_phrase(row: dict, lang: str, reference: str) -> str:
    ci = text("word.ci", lang)
    key, unit = row["kpi"], row["unit"]
    difference, low, high = row["difference"], row["difference_ci_low"], row["difference_ci_high"]
    label = _UNIT_SUFFIX.sub("", row["label"])
    if np.isnan(difference):
        return text("sentence.no_figures", lang, label=label.lower())
    if not row["certain"]:
        interval = ""
        if not (np.isnan(low) or np.isnan(high)):
            interval = f" ({ci} {_range(low, high, unit, lang, signed=True)})"
        return text(
            "sentence.no_difference",
            lang,
            label=label.lower(),
            reference=reference,
            interval=interval,
        )
    more = difference > 0
    size = abs(difference)
    bounds = sorted((abs(low), abs(high)))
    interval = f" ({ci} {_range(bounds[0], bounds[1], unit, lang, signed=False)})"
    than = " " + text("word.than", lang) + " "
    direction = "more" if more else "less"
    if f"sentence.{key}.{direction}" in CATALOGUE:
        phrase = text(f"sentence.{key}.{direction}", lang, x=_magnitude(size, unit, lang))
        return phrase + than + reference + interval
    # any other KPI: "har 12 flere leverede besøg", "har 0,3 højere udnyttelse"
    points = " " + text("unit.points", lang)
    amount = _magnitude(size, unit, lang) + (points if unit == "share" else "")
    word = text(f"sentence.other.{direction}" + ("_count" if unit == "count" else ""), lang)
    phrase = text("sentence.other", lang, amount=amount, word=word, label=label.lower())
    return phrase + than + reference + interval


def _cost_phrase(row: dict, lang: str) -> str:
    ci = text("word.ci", lang)
    year = row["year"]
    difference, low, high = row["difference"], row["difference_ci_low"], row["difference_ci_high"]
    has_interval = not (np.isnan(low) or np.isnan(high))
    if not row["certain"]:
        interval = f" ({ci} {fmt.money_range(low, high, lang, True)})" if has_interval else ""
        return text("sentence.cost.no_difference", lang, year=year, interval=interval)
    bounds = sorted((abs(low), abs(high)))
    interval = f" ({ci} {fmt.money_range(bounds[0], bounds[1], lang, False)})"
    amount = fmt.money_short(abs(difference), lang)
    direction = "more" if difference > 0 else "less"
    return text(f"sentence.cost.{direction}", lang, amount=amount, year=year, interval=interval)


def _join(parts: list[str], lang: str) -> str:
    word = " " + text("word.and", lang) + " "
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + word + parts[-1]


def summary_line(
    kpis: pd.DataFrame,
    costs: pd.DataFrame | None,
    run: str,
    lang: str = "da",
    kpi: str = "on_time_share",
    years: list[int] | None = None,
) -> str:
    """One sentence in plain Danish (or English) on how ``run`` differs from the reference:
    the KPI ``kpi`` with its 95% CI, and the total cost per budget year, e.g.

    'Scenarie B leverer 0,8 procentpoint færre besøg til tiden end Basis (95 %-KI 0,5–1,1)
    og koster 3,2 mio. kr. mere i 2027 (95 %-KI 2,9–3,5 mio. kr.).'

    A difference whose interval includes 0 is 'ingen sikker forskel'. ``kpis`` is from
    :func:`compare`, ``costs`` from :func:`compare_costs` (by year)."""
    reference = kpis.loc[kpis["is_reference"], "run"]
    reference_name = str(reference.iloc[0]) if len(reference) else ""
    if run == reference_name:
        return text("sentence.reference", lang, run=run)
    rows = kpis[(kpis["run"] == run) & (kpis["kpi"] == kpi)]
    parts = []
    if len(rows):
        parts.append(_kpi_phrase(rows.iloc[0].to_dict(), lang, reference_name))
    if costs is not None and len(costs) and "year" in costs:
        total = costs[(costs["run"] == run) & (costs["line"] == "total")].sort_values("year")
        if years is not None:
            total = total[total["year"].isin(years)]
        cost_parts = [_cost_phrase(row, lang) for row in total.to_dict("records")]
        if cost_parts:
            parts.append(_join(cost_parts, lang))
    if not parts:
        return run
    return f"{run} {_join(parts, lang)}."


def summary_lines(
    runs: dict[str, dict[str, pd.DataFrame]],
    reference: str,
    lang: str = "da",
    kpi: str = "on_time_share",
) -> dict[str, str]:
    """:func:`summary_line` for every run but the reference."""
    kpis = compare(runs, reference, lang, [kpi])
    costs = compare_costs(runs, reference, lang)
    return {
        name: summary_line(kpis, costs, name, lang, kpi) for name in run_order(runs, reference)[1:]
    }
