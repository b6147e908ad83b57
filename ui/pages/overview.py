"""Overblik: the merger at a glance and the baseline's headline results."""

import streamlit as st

from sim.analysis.kpis import HEADLINE
from sim.inputs.scenario import load_scenario
from ui.auth import SYSTEM
from ui.components import illustrative_note, kpi_cards, live, run_progress
from ui.figures import charts
from ui.i18n import date, escape_markdown, lang, money, number, t, t_plain
from ui.runs import registry
from ui.state import BASELINE

st.title(t("overview.title"))
st.write(t("overview.intro"))

baseline = load_scenario(BASELINE)
cal = baseline.calendar
facts = st.columns(3)
facts[0].metric(
    t("overview.citizens"),
    number(5000, "count"),
    border=True,
    help=t_plain("overview.citizens_help"),
)
facts[1].metric(
    t("overview.staff"),
    number(600, "count"),
    border=True,
    help=t_plain("overview.staff_help"),
)
facts[2].metric(
    t("overview.budget"),
    money(721_432_000),
    border=True,
    help=t_plain("overview.budget_help"),
)
st.caption(t("overview.budget_note"))

st.subheader(t("overview.timeline"))
milestones = [
    (t("milestone.flyt1") + f" ({date(cal.flyt1)})", cal.flyt1),
    (t("milestone.flyt2") + f" ({date(cal.flyt2)})", cal.flyt2),
    (t("milestone.physical_merge") + f" ({date(cal.physical_merge)})", cal.physical_merge),
    (t("milestone.end"), cal.end),
]
st.plotly_chart(charts.timeline(milestones, lang()), width="stretch")
st.caption(t("overview.flyt2_assumed"))

st.subheader(t("overview.baseline") + f": {escape_markdown(baseline.name)}")
handle, _ = registry().start(baseline, actor=SYSTEM)  # the app's own, for every visitor


def baseline_results():
    run_progress(handle)
    summary = handle.summary()
    if summary is not None:
        kpi_cards(summary, list(HEADLINE))
    if handle.running:
        st.caption(t("results.partial"))


live(handle, baseline_results)
st.page_link(
    "ui/pages/results.py", label=t("overview.open_results"), icon=":material/arrow_forward:"
)
illustrative_note()
