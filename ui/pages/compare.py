"""Sammenlign: saved runs side by side, differences from a reference with paired 95% CIs,
charts, a map per scenario, and exports for the meeting room (Excel, HTML)."""

from __future__ import annotations

import datetime as dt
import functools

import pandas as pd
import streamlit as st

from sim.analysis import compare as K
from sim.analysis.kpis import HEADLINE, KPIS
from sim.inputs.dataset import scenario_data
from sim.inputs.scenario import ScenarioError
from sim.reports.sentences import summary_lines
from sim.reports.workbook import comparison_workbook
from sim.run.fingerprint import model_version
from store import run_staleness
from store.access import may_delete
from store.errors import StoreError
from ui import keys
from ui.auth import actor, allowed, delete_button
from ui.components import illustrative_note
from ui.exports.report_html import comparison_html
from ui.figures import charts
from ui.figures.maps import scenario_map
from ui.i18n import date, escape_markdown, lang, month_label, number, t, t_plain
from ui.options import store
from ui.runs import registry
from ui.state import set_draft

st.title(t("compare.title"))
st.markdown(t("compare.intro"))

# runs with every result table (sensitivity points keep only their KPIs)
done = [r for r in store().list_runs(status="done") if set(K.TABLES) <= set(r.table_names)]
listed = store().list_runs()
deletable = {r.id: r for r in listed if may_delete(actor(), r.owner)}


def status(run) -> str:
    """A run's status in the user's words ("afbrudt": its server stopped)."""
    return t_plain("runs.interrupted") if run.interrupted else t_plain(f"runs.status.{run.status}")


# runs whose server stopped before they were done: said, and offered to run again
interrupted = {r.id: r for r in listed if r.interrupted}
if interrupted:
    st.warning(
        t("compare.interrupted", n=len(interrupted)) + " " + t("runs.interrupted_help"),
        icon=":material/sync_problem:",
    )
    if allowed("run", "auth.reader_run"):
        cells = st.columns([3, 2], vertical_alignment="bottom")
        again = cells[0].selectbox(
            t("compare.run"),
            list(interrupted),
            format_func=lambda i: f"#{i} {interrupted[i].scenario_name} ({status(interrupted[i])})",
            key="compare-interrupted",
        )
        if cells[1].button(t("compare.reproduce_button"), key="rerun-interrupted"):
            try:
                stopped = interrupted[again].scenario
            except ScenarioError as error:  # it no longer validates: say why
                st.error(escape_markdown("; ".join(error.messages)))
            else:
                set_draft(stopped.model_dump(mode="json"), f"run:{again}")
                st.switch_page("ui/pages/results.py")
if deletable:  # a planner's own runs, or any for an administrator
    with st.expander(t("delete.runs")):
        gone = st.selectbox(
            t("delete.run_pick"),
            list(deletable),
            format_func=lambda i: f"#{i} {deletable[i].scenario_name} ({status(deletable[i])})",
            key="delete-run-pick",
        )
        delete_button(
            t("delete.run"),
            deletable[gone].owner,
            lambda who: store().delete_run(gone, actor=who),
            t("delete.run_done", id=gone),
            key="delete-run",
        )
if len(done) < 2:
    st.info(t("compare.too_few"))
    illustrative_note()
    st.stop()


def run_label(run) -> str:
    started = run.started_at.astimezone()
    return t_plain(
        "compare.run_label",
        name=run.scenario_name,
        id=run.id,
        when=f"{started:%d-%m-%Y %H:%M}",
        n=run.replications,
        fidelity=t(f"fidelity.{run.fidelity}"),
        seed=run.seeds[0] if run.seeds else "",
    )


by_id = {run.id: run for run in done}
chosen = st.multiselect(
    t("compare.pick"),
    list(by_id),
    default=list(by_id)[:2][::-1],
    format_func=lambda i: run_label(by_id[i]),
    key="compare-runs",
)
if len(chosen) < 2:
    st.info(t("compare.pick_two"))
    st.stop()
reference_id = st.selectbox(
    t("compare.reference"),
    chosen,
    format_func=lambda i: run_label(by_id[i]),
    key="compare-reference",
)


@st.cache_data(show_spinner=False, max_entries=64)
def tables_of(run_id: int, url: str) -> dict[str, pd.DataFrame]:
    return store().run_tables(run_id)


# names as users know them; a scenario run twice is told apart by its run number
counts = pd.Series([by_id[i].scenario_name for i in chosen]).value_counts()
names = {
    i: by_id[i].scenario_name
    if counts[by_id[i].scenario_name] == 1
    else f"{by_id[i].scenario_name} (#{i})"
    for i in chosen
}
order = [reference_id, *(i for i in chosen if i != reference_id)]
runs = {names[i]: tables_of(i, store().url) for i in order}
reference = names[reference_id]

for i in chosen:
    try:
        current = scenario_data(by_id[i].scenario).content_hash
    except ScenarioError as error:
        st.warning(escape_markdown(f"{names[i]}: " + "; ".join(error.messages)))
        continue
    for message in run_staleness(by_id[i], current, model_version(), lang()):
        st.warning(escape_markdown(f"{names[i]}: {message} ") + t("compare.rerun_hint"))

horizons = {(by_id[i].scenario.calendar.start, by_id[i].scenario.calendar.end) for i in chosen}
if len(horizons) > 1:
    st.warning(t("compare.horizons"))
kpis = K.compare(runs, reference, lang())
costs = K.compare_costs(runs, reference, lang())
headline = st.selectbox(
    t("compare.summary_kpi"),
    list(HEADLINE),
    format_func=lambda k: KPIS[k].label(lang()),
    key="compare-summary-kpi",
)
st.subheader(t("compare.summary"))
for line in summary_lines(runs, reference, lang(), headline).values():
    st.markdown(f"- {escape_markdown(line)}")
if not all(kpis.loc[~kpis["is_reference"], "paired"]):
    st.warning(t("compare.unpaired"))
else:
    st.caption(t("compare.paired"))

st.subheader(t("compare.kpis"))


def cell(mean: float, low: float, high: float, unit: str) -> str:
    text = number(mean, unit)
    if pd.notna(low):
        text += f" ({number(low, unit)}–{number(high, unit)})"
    return text


def difference_cell(row) -> str:
    """The difference with its CI; a difference of shares in percentage points."""
    if row["is_reference"]:
        return "—"
    points = row["unit"] == "share"

    def shown(value: float) -> str:
        return number(100 * value, "", decimals=1) if points else number(value, row["unit"])

    text = ("+" if row["difference"] > 0 else "") + shown(row["difference"])
    if pd.notna(row["difference_ci_low"]):
        text += f" ({shown(row['difference_ci_low'])} – {shown(row['difference_ci_high'])})"
    return text + (t("compare.points") if points else "")


shown = kpis.assign(
    value=[cell(r.mean, r.ci_low, r.ci_high, r.unit) for r in kpis.itertuples(index=False)],
    change=[difference_cell(r) for r in kpis.to_dict("records")],
)
side = shown.pivot_table(index="label", columns="run", values="value", aggfunc="first", sort=False)
change = shown[~shown["is_reference"]].pivot_table(
    index="label", columns="run", values="change", aggfunc="first", sort=False
)
change.columns = [t_plain("compare.difference", name=c) for c in change.columns]
table = side[list(runs)].join(change)
table.index.name = t("compare.kpi")
st.dataframe(table, width="stretch", key="compare-kpi-table")
st.caption(t("compare.table_help"))

st.subheader(t("compare.charts"))
monthly_kpi = st.selectbox(
    t("compare.monthly_kpi"),
    [k for k in HEADLINE if k in set(kpis["kpi"])],
    format_func=lambda k: KPIS[k].label(lang()),
    key="compare-monthly-kpi",
)
by_month = K.compare_by(runs, reference, "month", lang(), [monthly_kpi])
definition = KPIS[monthly_kpi]
st.plotly_chart(
    charts.kpi_by_month_compare(
        by_month, definition.label(lang()), definition.unit, lang(), month_label
    ),
    width="stretch",
)
cells = st.columns(2)
with cells[0]:
    budget = K.run_verdicts(runs, lang())
    if len(budget):  # each run against Basis, whichever run is the reference here
        st.plotly_chart(charts.cost_against_budget(budget, lang()), width="stretch")
        st.markdown("**" + t("verdict.title") + "**")
        for row in budget.itertuples():
            st.caption(escape_markdown(f"{row.run}, {row.sentence}"))
with cells[1]:
    totals = costs[(costs["line"] == "total") & ~costs["is_reference"]]
    st.plotly_chart(charts.cost_difference_by_year(totals, lang(), reference), width="stretch")
occupancy = K.compare_by(runs, reference, "premises", lang(), ["premises_peak_ratio"])
premises_names = {
    row.premises: row.name for tables in runs.values() for row in tables["premises"].itertuples()
}
used = occupancy.groupby("premises")["mean"].max()
occupancy = occupancy[occupancy["premises"].isin(used[used > 0].index)]
st.plotly_chart(
    charts.premises_occupancy_compare(occupancy, lang(), premises_names), width="stretch"
)

st.subheader(t("compare.maps"))
first = min(by_id[i].scenario.calendar.start for i in chosen)
last = max(by_id[i].scenario.calendar.end for i in chosen)
day = st.slider(
    t("map.date"),
    min_value=first,
    max_value=last,
    value=min(max(dt.date(2027, 5, 15), first), last),
    step=dt.timedelta(days=1),
    format="DD-MM-YYYY",
    key="compare-map-date",
)
st.markdown(f"**{t('map.date')}:** {date(day)}")
map_kpi = monthly_kpi if KPIS[monthly_kpi].frame in ("visits", "calls") else "on_time_share"
columns = st.columns(min(len(chosen), 3))
for n, i in enumerate(order):
    run = by_id[i]
    by_area = runs[names[i]]["kpis_by_area"]
    part = by_area[by_area["kpi"] == map_kpi].groupby("area")["value"].mean()
    with columns[n % len(columns)]:
        st.markdown(f"**{escape_markdown(names[i])}**")
        try:
            data = scenario_data(run.scenario)
        except ScenarioError as error:
            st.warning(escape_markdown("; ".join(error.messages)))
            continue
        cal = run.scenario.calendar
        shown_day = min(max(day, cal.start), cal.end)  # a run only knows its own period
        if shown_day != day:
            st.caption(t("compare.map_outside", day=date(shown_day)))
        figure = scenario_map(
            run.scenario, data, shown_day, map_kpi, {int(a): float(v) for a, v in part.items()}
        )
        st.plotly_chart(figure.update_layout(height=420), width="stretch", key=f"map-{i}")

st.subheader(t("compare.export"))
stamp = f"{dt.date.today():%Y-%m-%d}"
cells = st.columns(2)
cells[0].download_button(
    t("compare.excel"),
    functools.partial(comparison_workbook, runs, reference, lang()),  # made on click
    file_name=f"sammenligning-{stamp}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon=":material/table:",
)
cells[1].download_button(
    t("compare.html"),
    functools.partial(comparison_html, runs, reference, lang()),
    file_name=f"sammenligning-{stamp}.html",
    mime="text/html",
    icon=":material/description:",
)
st.subheader(t("compare.reproduce"))
st.caption(t("compare.reproduce_help"))
if allowed("run", "auth.reader_run"):  # rerunning is starting a run
    cells = st.columns([3, 2], vertical_alignment="bottom")
    again = cells[0].selectbox(t("compare.run"), order, format_func=names.get, key="compare-again")
    if cells[1].button(t("compare.reproduce_button"), icon=":material/replay:"):
        try:  # made again from scratch: nothing is taken from memory or the store
            handle, _ = registry().start(by_id[again].scenario, actor=actor(), repeat=again)
        except StoreError as error:  # over a limit, or their role changed since
            st.error(escape_markdown(error.message(lang())))
            st.stop()
        set_draft(by_id[again].scenario.model_dump(mode="json"), f"run:{again}")
        st.session_state[keys.RUN] = handle.key
        st.switch_page("ui/pages/results.py")
illustrative_note()
