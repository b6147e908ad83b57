"""Kort: districts coloured by a KPI, premises sized by staff placed, team-to-premises lines."""

import datetime as dt

import streamlit as st

from sim.analysis.kpis import HEADLINE, KPIS
from ui import keys
from ui.components import illustrative_note
from ui.figures.maps import scenario_map
from ui.i18n import date, lang, t
from ui.options import saved_options, store
from ui.runs import registry
from ui.state import draft, draft_data, validate

st.title(t("map.title"))
scenario, _ = validate(draft(), lang())
if scenario is None:
    st.warning(t("results.invalid"))
    st.stop()
data = draft_data(draft())  # today's premises and the scenario's candidate premises

cal = scenario.calendar
chosen = st.slider(
    t("map.date"),
    min_value=cal.start,
    max_value=cal.end,
    value=min(max(dt.date(2026, 9, 1), cal.start), cal.end),
    step=dt.timedelta(days=1),
    format="DD-MM-YYYY",
)
st.markdown(f"**{t('map.date')}:** {date(chosen)}")

area_kpis = sorted(
    (k for k in KPIS if KPIS[k].frame in ("visits", "calls")), key=lambda k: k not in HEADLINE
)
kpi = st.selectbox(t("map.kpi"), area_kpis, format_func=lambda k: KPIS[k].label(lang()))
handle = registry().get(st.session_state.get(keys.RUN))
values = None
if handle is not None and handle.scenario == scenario and handle.summary() is not None:
    by_area = handle.summary("area")
    part = by_area[by_area["kpi"] == kpi]
    values = {int(a): float(m) for a, m in zip(part["area"], part["mean"], strict=True)}
else:
    st.info(t("map.no_results"))

sets = store().list_option_sets()
by_id = {s.id: s for s in sets}
shown = st.multiselect(
    t("map.options"), list(by_id), default=list(by_id), format_func=lambda i: by_id[i].name
)
options = saved_options([by_id[i] for i in shown])
figure = scenario_map(scenario, data, chosen, kpi, values, options)
st.plotly_chart(figure, width="stretch", key="district-map")
st.caption(t("map.legend_premises"))
if len(options[~options["premises_id"].isin(data.premises.index)]):
    st.caption(t("map.legend_options"))
illustrative_note()
