"""The map of a scenario on a day, as the Kort and Sammenlign pages draw it."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from sim.analysis.kpis import KPIS
from sim.inputs.dataset import DataSet
from sim.inputs.scenario import Scenario
from sim.model.staffing import resolve_placements
from ui.figures import charts
from ui.i18n import lang, number, t_plain


def scenario_map(
    scenario: Scenario,
    data: DataSet,
    day: dt.date,
    kpi: str,
    area_means: dict[int, float] | None = None,
    options: pd.DataFrame | None = None,
) -> go.Figure:
    """Districts coloured by ``area_means`` of ``kpi`` (grey without), premises sized by
    the staff placed there on ``day``, lines from each team's districts to its premises,
    and premises ``options`` (premises_id, name, latitude, longitude, capacity_people,
    option_set) not in ``data`` as diamonds."""
    placements = resolve_placements(scenario, data)
    headcount = data.staff.groupby("team_id")["headcount"].sum()
    placed = pd.Series({team: placements.on(team, day) for team in data.teams["team_id"]})
    staff = headcount.groupby(placed.reindex(headcount.index)).sum()
    premises = data.premises.assign(staff=lambda f: f["premises_id"].map(staff).fillna(0))
    people = " " + t_plain("map.staff_places")
    premises = pd.DataFrame(
        {
            "lat": premises["latitude"],
            "lon": premises["longitude"],
            "staff": premises["staff"],
            "label": [
                f"{charts.plotly_text(row.name)}<br>{number(row.staff, 'count')} / "
                f"{number(row.capacity_people, 'count')}{people}"
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
    if options is not None:
        options = options[~options["premises_id"].isin(data.premises.index)]
        places = " " + t_plain("map.places")
        options = pd.DataFrame(
            {
                "lat": options["latitude"],
                "lon": options["longitude"],
                "label": [
                    f"{charts.plotly_text(row.name)} ({charts.plotly_text(row.option_set)})<br>"
                    f"{number(row.capacity_people, 'count')}{places}"
                    for row in options.itertuples()
                ],
            }
        )
    definition = KPIS[kpi]
    text = None
    if area_means is not None:
        text = {a: number(v, definition.unit) for a, v in area_means.items()}
    return charts.district_map(
        data.districts.polygons,
        data.districts.names,
        area_means,
        text,
        premises,
        links,
        lang(),
        colour_label=definition.label(lang()),
        better=definition.better,
        tickformat={"share": ".1%", "count": ",.0f"}.get(definition.unit, ",.1f"),
        options=options,
    )
