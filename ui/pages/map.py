"""Kort: districts coloured by a KPI, premises sized by staff placed, team-to-premises lines."""

import datetime as dt

import pandas as pd
import streamlit as st

from sim.results import HEADLINE, KPIS
from sim.staffing import resolve_placements
from ui import charts
from ui.components import illustrative_note
from ui.i18n import date, lang, number, t
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
handle = registry().get(st.session_state.get("run_key"))
values = text = None
if handle is not None and handle.scenario == scenario and handle.summary() is not None:
    by_area = handle.summary("area")
    part = by_area[by_area["kpi"] == kpi]
    values = {int(a): float(m) for a, m in zip(part["area"], part["mean"], strict=True)}
    text = {a: number(v, KPIS[kpi].unit) for a, v in values.items()}
else:
    st.info(t("map.no_results"))

placements = resolve_placements(scenario, data)
headcount = data.staff.groupby("team_id")["headcount"].sum()
placed = pd.Series({team: placements.on(team, chosen) for team in data.teams["team_id"]})
staff = headcount.groupby(placed.reindex(headcount.index)).sum()
premises = data.premises.assign(staff=lambda f: f["premises_id"].map(staff).fillna(0))
premises = pd.DataFrame(
    {
        "lat": premises["latitude"],
        "lon": premises["longitude"],
        "staff": premises["staff"],
        "label": [
            f"{row.name}<br>{number(row.staff, 'count')} / {number(row.capacity_people, 'count')}"
            + (" medarbejdere / pladser" if lang() == "da" else " staff / places")
            for row in premises.itertuples()
        ],
    }
)
centroids = {n: (p.centroid.y, p.centroid.x) for n, p in data.districts.polygons.items()}
links = pd.DataFrame(
    [
        {
            "lat0": centroids[area][0],
            "lon0": centroids[area][1],
            "lat1": data.premises.at[placed[team], "latitude"],
            "lon1": data.premises.at[placed[team], "longitude"],
        }
        for team, areas in data.teams["area_list"].items()
        for area in areas
    ]
)
sets = store().list_option_sets()
by_id = {s.id: s for s in sets}
shown = st.multiselect(
    t("map.options"), list(by_id), default=list(by_id), format_func=lambda i: by_id[i].name
)
options = saved_options([by_id[i] for i in shown])
options = options[~options["premises_id"].isin(data.premises.index)]
options = pd.DataFrame(
    {
        "lat": options["latitude"],
        "lon": options["longitude"],
        "label": [
            f"{row.name} ({row.option_set})<br>{number(row.capacity_people, 'count')}"
            + (" pladser" if lang() == "da" else " places")
            for row in options.itertuples()
        ],
    }
)
definition = KPIS[kpi]
figure = charts.district_map(
    data.districts.polygons,
    data.districts.names,
    values,
    text,
    premises,
    links,
    lang(),
    colour_label=definition.label(lang()),
    better=definition.better,
    tickformat={"share": ".1%", "count": ",.0f"}.get(definition.unit, ",.1f"),
    options=options,
)
st.plotly_chart(figure, width="stretch", key="district-map")
st.caption(t("map.legend_premises"))
if len(options):
    st.caption(t("map.legend_options"))
illustrative_note()
