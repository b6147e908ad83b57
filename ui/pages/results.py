"""Kør / Resultater: run the scenario being built and see its results as they arrive."""

import pandas as pd
import streamlit as st

from sim.analysis.costs import LINES, line_label
from sim.analysis.kpis import HEADLINE, KPIS
from sim.analysis.verdict import verdict_sentence, year_labels
from store.errors import StoreError
from ui import keys
from ui.auth import actor, allowed
from ui.components import illustrative_note, kpi_cards, kpi_table_view, live, run_progress
from ui.figures import charts
from ui.i18n import escape_markdown, lang, money, month_label, t
from ui.runs import registry
from ui.state import default_data, draft, validate

st.title(t("results.title"))
scenario, problems = validate(draft(), lang())
if scenario is None:
    st.warning(t("results.invalid"))
    st.page_link("ui/pages/scenario.py", label=t("page.scenario"), icon=":material/edit_calendar:")
    st.stop()

st.markdown(
    f"**{escape_markdown(scenario.name)}** — {t(f'fidelity.{scenario.fidelity}')}, "
    f"{scenario.replications} {t('param.replications').lower()}, seed {scenario.seed}"
)
runs = registry()
handle = runs.get(st.session_state.get(keys.RUN))
if handle is not None and handle.scenario != scenario:
    handle = None  # the draft changed since that run
running = handle is not None and handle.running


def start(scenario) -> None:
    """Kør, as the button's callback: it runs before the page's next run, so a press is
    not lost when that run is cut short by the next event on a busy server."""
    try:
        started, reused = runs.start(scenario, actor=actor())
    except StoreError as error:  # their role changed since, or over a limit
        st.session_state[keys.RUN_REFUSED] = error.message(lang())
        return
    st.session_state[keys.RUN] = started.key
    st.session_state[keys.RUN_REUSED] = reused


if allowed("run", "auth.reader_run"):
    st.button(
        t("results.run"),
        type="primary",
        icon=":material/play_arrow:",
        disabled=running,  # off while the run waits and runs
        on_click=start,
        args=(scenario,),
    )
if refusal := st.session_state.pop(keys.RUN_REFUSED, None):
    st.error(escape_markdown(refusal))
    st.stop()
if st.session_state.pop(keys.RUN_REUSED, False):
    st.info(t("results.cached"))

if handle is None:
    st.info(t("results.none"))
    illustrative_note()
    st.stop()

district_names = default_data().districts.names
chart_kpis = sorted(
    (k for k in KPIS if KPIS[k].frame in ("visits", "calls", "staff")),
    key=lambda k: k not in HEADLINE,
)


def show_results():
    run_progress(handle)
    summary = handle.summary()
    if summary is None:
        return
    if handle.running:
        st.caption(t("results.partial"))
    kpi_cards(
        summary,
        list(HEADLINE)
        + ["planned_visits", "unplanned_visits", "utilisation", "capacity_wait_hours"],
    )


def show_charts():
    """The table and the charts, drawn with the page (at the first results and when the
    run is done), not at every redraw of the live view."""
    summary = handle.summary()
    if summary is None:
        return
    if handle.running:
        st.caption(t("results.charts_partial", done=handle.done, total=handle.total))
    with st.expander(t("results.table")):
        margins = handle.sampling_margins()
        table = handle.cached(("table", lang()), lambda: kpi_table_view(summary, margins))
        st.dataframe(table, hide_index=True, width="stretch")
        if margins is not None and len(margins):
            st.caption(t("results.sampling_note"))
    kpi = st.selectbox(
        t("results.kpi"),
        chart_kpis,
        format_func=lambda k: KPIS[k].label(lang()),
        key=f"results-kpi-{lang()}",  # a widget of its own per language: its shown name follows
    )
    definition = KPIS[kpi]
    left, right = st.columns(2)
    # the figures are made once per replication done (the view redraws every second)
    by_month = handle.summary("month")
    month_figure = handle.cached(
        ("month-figure", kpi, lang()),
        lambda: charts.kpi_by_month(
            by_month[by_month["kpi"] == kpi],
            f"{definition.label(lang())} – {t('results.by_month')}",
            definition.unit,
            lang(),
            month_label,
        ),
    )
    left.plotly_chart(month_figure, width="stretch")
    by_area = handle.summary("area")
    part = by_area[by_area["kpi"] == kpi]
    if len(part):
        area_figure = handle.cached(
            ("area-figure", kpi, lang()),
            lambda: charts.kpi_by_group(
                part,
                "area",
                f"{definition.label(lang())} – {t('results.by_area')}",
                definition.unit,
                lang(),
                district_names,
            ),
        )
        right.plotly_chart(area_figure, width="stretch")
    st.subheader(t("results.premises"))
    heatmap = handle.cached(
        ("premises-figure", lang()),
        lambda: charts.premises_heatmap(handle.premises_by_month(), lang(), month_label),
    )
    st.plotly_chart(heatmap, width="stretch")
    if not handle.running:
        language = lang()
        st.download_button(  # the workbook is made when the button is clicked
            t("results.download"),
            lambda: handle.workbook(language),
            file_name="resultater.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            icon=":material/download:",
        )


live(handle, show_results)
show_charts()
if (reproduction := handle.reproduction) is not None:
    if reproduction.identical:
        st.success(t("results.reproduced", id=reproduction.run_id), icon=":material/verified:")
    else:
        names = [
            KPIS[k].label(lang()) if k in KPIS else line_label(k, lang())
            for _, k in reproduction.differences
            if k
        ]
        what = ", ".join(dict.fromkeys(names)) or "—"
        if reproduction.stored_model != reproduction.model:
            why = t("results.why_model", stored=reproduction.stored_model, now=reproduction.model)
        elif not reproduction.same_data:
            why = t("results.why_data")
        else:
            why = t("results.why_unknown")
        st.warning(t("results.not_reproduced", id=reproduction.run_id, what=what, why=why))


def show_costs() -> None:
    st.subheader(t("results.costs"))
    lines = handle.cost_summary(lang())
    years = sorted(lines["year"].unique())
    table = lines.pivot(index="label", columns="year", values="mean")
    position = {key: i for i, key in enumerate([*LINES, "total"])}  # the cost lines' order
    shown = lines.assign(_at=lines["line"].map(position)).sort_values("_at", kind="stable")
    order = list(dict.fromkeys(shown["label"]))
    table = table.reindex(order)[years].map(money)
    labels = year_labels(scenario, lang())
    table.columns = [labels[y] for y in years]
    table.index.name = t("results.line")
    st.markdown(t("results.cost_lines"))
    st.dataframe(table, width="stretch")

    st.markdown("**" + t("verdict.title") + "**")
    basis = handle.basis
    if basis is handle:
        st.caption(t("results.is_basis"))
        return
    if basis is not None and basis.running:
        run_progress(basis)
        st.caption(t("results.verdict_wait"))
        return
    if basis is not None and basis.error:
        st.error(t("results.failed", error="; ".join(basis.error)))
        return
    verdicts = handle.verdicts()
    if verdicts is None:  # a run stored before verdicts were stored with it, or waiting
        st.caption(t("results.no_verdict" if basis is None else "results.verdict_wait"))
        return
    for row in verdicts.to_dict("records"):
        sentence = escape_markdown(verdict_sentence(row, lang()))
        bad = row["over_budget"] > 0 or row.get("service_worse")
        (st.warning if bad else st.success)(sentence)
    st.caption(t("verdict.rule"))
    if basis is not None and basis.replications:
        totals = [
            handle.cost_summary(lang()).assign(run=t("results.scenario")),
            basis.cost_summary(lang()).assign(run=t("results.baseline")),
        ]
        frame = pd.concat(totals)
        st.plotly_chart(
            charts.cost_by_year(frame[frame["line"] == "total"], lang()), width="stretch"
        )


if not handle.running and not handle.error:
    live(handle.basis or handle, show_costs)
illustrative_note()
