"""Charts: pure functions from DataFrames to plotly figures (no Streamlit here).

The map draws the district polygons as filled shapes on plain axes, so it needs no map
tiles and no internet.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from sim.inputs.geography import LAT0
from sim.text import formats as fmt
from sim.text.catalogue import text

PALETTE = ["#1f4e79", "#c0504d", "#4f9a3a", "#e69f00", "#7f3f98", "#2a9d8f", "#8c564b"]

# What plotly reads in a text (titles, legend and category names, hover texts, annotations):
# a subset of HTML (<a href>, <b>, <span style>, <br>, ...) and its entities, LaTeX between
# $ signs (when MathJax is on the page) and, in hover templates, %{...}. Entities are shown
# as the characters they stand for, so these become entities.
_PLOTLY_SPECIAL = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "$": "&#36;", "%": "&#37;"}


def plotly_text(text) -> str:
    """User text (names typed or uploaded) as literal text in a plotly figure."""
    return "".join(_PLOTLY_SPECIAL.get(c, c) for c in str(text))


def _layout(fig: go.Figure, lang: str, height: int = 360, **extra) -> go.Figure:
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        separators=fmt.separators(lang),
        legend={"orientation": "h", "y": -0.15},
        **extra,
    )
    return fig


def timeline(milestones: list[tuple[str, dt.date]], lang: str) -> go.Figure:
    """The horizon as a line with the milestones marked."""
    dates = [d for _, d in milestones]
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=[min(dates), max(dates)],
            y=[0, 0],
            mode="lines",
            line={"color": "#999", "width": 3},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    for i, (label, date) in enumerate(milestones):
        fig.add_trace(
            go.Scatter(
                x=[date],
                y=[0],
                mode="markers+text",
                text=[label],
                textposition="top center" if i % 2 == 0 else "bottom center",
                marker={"size": 14, "color": PALETTE[i % len(PALETTE)]},
                showlegend=False,
                hovertemplate=f"{label}: %{{x|%d-%m-%Y}}<extra></extra>",
            )
        )
    fig.update_yaxes(visible=False, range=[-1, 1])
    return _layout(fig, lang, height=180)


def placements_gantt(frame: pd.DataFrame, labels: dict[str, str], lang: str) -> go.Figure:
    """Bars from start to end per team, coloured by premises. ``frame``: team, premises,
    start, end (dates, inclusive)."""
    fig = go.Figure()
    rows = frame.dropna()
    colours = {
        p: PALETTE[i % len(PALETTE)] for i, p in enumerate(sorted(rows["premises"].unique()))
    }
    for premises, part in rows.groupby("premises"):
        starts = pd.to_datetime(part["start"])
        ends = pd.to_datetime(part["end"]) + pd.Timedelta(days=1)
        fig.add_trace(
            go.Bar(
                y=[plotly_text(team) for team in part["team"]],
                x=(ends - starts).dt.total_seconds() * 1000,
                base=starts,
                orientation="h",
                name=labels.get("premises", "") + f" {plotly_text(premises)}",
                marker_color=colours[premises],
                customdata=np.stack(
                    [
                        part["start"].astype(str),
                        part["end"].astype(str),
                        [plotly_text(premises)] * len(part),
                    ],
                    axis=1,
                ),
                hovertemplate="%{y}: %{customdata[0]} – %{customdata[1]}"
                "<extra>%{customdata[2]}</extra>",
            )
        )
    fig.update_xaxes(type="date")
    fig.update_yaxes(autorange="reversed")
    return _layout(
        fig, lang, height=max(220, 40 + 28 * max(1, rows["team"].nunique())), barmode="overlay"
    )


def kpi_by_month(
    summary: pd.DataFrame, label: str, unit: str, lang: str, month_label=str
) -> go.Figure:
    """Mean with a 95% CI band per month; ``summary`` rows: month, mean, ci_low, ci_high."""
    data = summary.sort_values("month")
    scale = 100.0 if unit == "share" else 1.0
    x = [month_label(m) for m in data["month"]]
    fig = go.Figure()
    if data["ci_low"].notna().any():
        fig.add_trace(
            go.Scatter(
                x=x + x[::-1],
                y=list(data["ci_high"] * scale) + list(data["ci_low"][::-1] * scale),
                fill="toself",
                fillcolor="rgba(31,78,121,0.18)",
                line={"width": 0},
                hoverinfo="skip",
                name=text("word.ci", lang),
            )
        )
    fig.add_trace(
        go.Scatter(
            x=x,
            y=data["mean"] * scale,
            mode="lines+markers",
            name=label,
            line={"color": PALETTE[0]},
        )
    )
    fig.update_layout(title=label)
    if unit == "share":
        fig.update_yaxes(ticksuffix=fmt.percent_suffix(lang))
    return _layout(fig, lang)


def kpi_by_group(
    summary: pd.DataFrame, group: str, label: str, unit: str, lang: str, names: dict | None = None
) -> go.Figure:
    """Bars with 95% CI error bars; ``summary`` rows: <group>, mean, ci_low, ci_high."""
    data = summary.sort_values(group)
    scale = 100.0 if unit == "share" else 1.0
    mean = data["mean"] * scale
    fig = go.Figure(
        go.Bar(
            x=[plotly_text((names or {}).get(v, v)) for v in data[group]],
            y=mean,
            marker_color=PALETTE[0],
            error_y={
                "type": "data",
                "symmetric": False,
                "array": (data["ci_high"] * scale - mean).fillna(0),
                "arrayminus": (mean - data["ci_low"] * scale).fillna(0),
            },
        )
    )
    fig.update_layout(title=label)
    if unit == "share":
        fig.update_yaxes(ticksuffix=fmt.percent_suffix(lang))
    return _layout(fig, lang)


def premises_heatmap(frame: pd.DataFrame, lang: str, month_label=str) -> go.Figure:
    """Premises x month, colour = peak people present or waiting ÷ capacity (> 1 is over)."""
    table = frame.pivot(index="premises", columns="month", values="ratio").sort_index()
    fig = go.Figure(
        go.Heatmap(
            z=table.to_numpy(),
            x=[month_label(m) for m in table.columns],
            y=[plotly_text(p) for p in table.index],
            zmin=0,
            zmax=max(1.5, float(np.nanmax(table.to_numpy())) if table.size else 1.5),
            colorscale=[[0, "#e8f1e4"], [0.5, "#f6d55c"], [0.67, "#ed553b"], [1, "#7a0a0a"]],
            colorbar={"title": text("figure.per_capacity", lang)},
            hovertemplate="%{y}, %{x}: %{z:.2f}<extra></extra>",
        )
    )
    return _layout(fig, lang, height=max(260, 60 + 22 * len(table)))


def _rings(geometry) -> list[np.ndarray]:
    polygons = getattr(geometry, "geoms", [geometry])
    return [np.asarray(p.exterior.coords) for p in polygons]


def district_map(
    polygons: dict[int, object],
    names: dict[int, str],
    values: dict[int, float] | None,
    value_text: dict[int, str] | None,
    premises: pd.DataFrame,
    links: pd.DataFrame,
    lang: str,
    colour_label: str = "",
    better: str = "higher",
    tickformat: str = ",.1f",
    options: pd.DataFrame | None = None,
) -> go.Figure:
    """The districts filled by ``values`` (grey without), premises as markers sized by the
    staff placed there (``premises``: name, lat, lon, staff, label), lines from each
    team's districts to its premises (``links``: lat0, lon0, lat1, lon1) and premises
    options not in use as open diamonds (``options``: lat, lon, label)."""
    fig = go.Figure()
    finite = [v for v in (values or {}).values() if v is not None and math.isfinite(v)]
    low, high = (min(finite), max(finite)) if finite else (0.0, 1.0)
    # red is bad and green good when the KPI has a good direction; else a neutral scale
    scale = {"higher": "RdYlGn", "lower": "RdYlGn_r"}.get(better, "Blues")
    for number, geometry in sorted(polygons.items()):
        value = (values or {}).get(number)
        if value is None or not math.isfinite(value):
            colour = "#d9d9d9"
        else:
            position = 0.5 if high == low else (value - low) / (high - low)
            colour = sample_colorscale(scale, [position])[0]
        hover = plotly_text(names[number]) + (
            f": {value_text[number]}" if value_text and number in value_text else ""
        )
        for k, ring in enumerate(_rings(geometry)):
            fig.add_trace(
                go.Scatter(
                    x=ring[:, 0],
                    y=ring[:, 1],
                    fill="toself",
                    fillcolor=colour,
                    mode="lines",
                    line={"color": "#555", "width": 1},
                    name=plotly_text(names[number]),
                    text=hover,
                    hoveron="fills",
                    hoverinfo="text",
                    showlegend=False,
                    legendgroup=str(number),
                    meta=number if k == 0 else None,
                )
            )
    for row in links.itertuples():
        fig.add_trace(
            go.Scatter(
                x=[row.lon0, row.lon1],
                y=[row.lat0, row.lat1],
                mode="lines",
                line={"color": "rgba(40,40,40,0.55)", "width": 1.5, "dash": "dot"},
                hoverinfo="skip",
                showlegend=False,
            )
        )
    if len(premises):
        size = 8 + 30 * np.sqrt(premises["staff"] / max(1, premises["staff"].max()))
        fig.add_trace(
            go.Scatter(
                x=premises["lon"],
                y=premises["lat"],
                mode="markers",
                text=premises["label"],
                hoverinfo="text",
                marker={
                    "size": size,
                    "color": PALETTE[0],
                    "opacity": 0.85,
                    "line": {"color": "white", "width": 1.5},
                },
                name=text("figure.premises", lang),
                showlegend=False,
            )
        )
    if options is not None and len(options):
        fig.add_trace(
            go.Scatter(
                x=options["lon"],
                y=options["lat"],
                mode="markers",
                text=options["label"],
                hoverinfo="text",
                marker={
                    "symbol": "diamond-open",
                    "size": 13,
                    "color": PALETTE[1],
                    "line": {"width": 2.5},
                },
                name=text("figure.options", lang),
                showlegend=False,
            )
        )
    if finite:  # a colour bar for the district values
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                showlegend=False,
                hoverinfo="skip",
                marker={
                    "colorscale": scale,
                    "cmin": low,
                    "cmax": high,
                    "color": [low],
                    "showscale": True,
                    "colorbar": {"title": colour_label},
                },
            )
        )
    fig.update_xaxes(visible=False)
    # degrees of longitude are shorter than degrees of latitude at Copenhagen's latitude
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1 / math.cos(math.radians(LAT0)))
    return _layout(fig, lang, height=620, plot_bgcolor="white")


def cost_by_year(frame: pd.DataFrame, lang: str) -> go.Figure:
    """Total cost per budget year with 95% CI, one bar per run (``frame``: year, run, mean,
    ci_low, ci_high), in millions of kroner."""
    fig = go.Figure()
    for i, (run, part) in enumerate(frame.groupby("run", sort=False)):
        mean = part["mean"] / 1e6
        fig.add_trace(
            go.Bar(
                x=part["year"].astype(str),
                y=mean,
                name=plotly_text(run),
                marker_color=PALETTE[i % len(PALETTE)],
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "array": (part["ci_high"] / 1e6 - mean).fillna(0),
                    "arrayminus": (mean - part["ci_low"] / 1e6).fillna(0),
                },
            )
        )
    fig.update_yaxes(title=text("figure.millions", lang))
    return _layout(fig, lang, barmode="group")


# ---- comparing scenarios ----------------------------------------------------------------
# Names typed by users (scenarios, premises) go through plotly_text in the figures.
_plain = plotly_text


def _rgba(colour: str, alpha: float) -> str:
    colour = colour.lstrip("#")
    red, green, blue = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({red},{green},{blue},{alpha})"


def kpi_by_month_compare(
    frame: pd.DataFrame, label: str, unit: str, lang: str, month_label=str
) -> go.Figure:
    """One KPI by month for several scenarios side by side: a line per run with its 95% CI
    band. ``frame`` rows: run, month, mean, ci_low, ci_high (e.g. one KPI of
    :func:`sim.analysis.compare.compare_by`), runs in the order they are to be drawn."""
    scale = 100.0 if unit == "share" else 1.0
    fig = go.Figure()
    for i, (run, part) in enumerate(frame.groupby("run", sort=False)):
        data = part.sort_values("month")
        x = [month_label(m) for m in data["month"]]
        colour = PALETTE[i % len(PALETTE)]
        name = _plain(run)
        if data["ci_low"].notna().any():
            fig.add_trace(
                go.Scatter(
                    x=x + x[::-1],
                    y=list(data["ci_high"] * scale) + list(data["ci_low"][::-1] * scale),
                    fill="toself",
                    fillcolor=_rgba(colour, 0.12),
                    mode="lines",
                    line={"width": 0},
                    hoverinfo="skip",
                    legendgroup=str(i),
                    showlegend=False,
                    name=name,
                )
            )
        fig.add_trace(
            go.Scatter(
                x=x,
                y=data["mean"] * scale,
                mode="lines+markers",
                name=name,
                legendgroup=str(i),
                line={"color": colour, "dash": "solid" if i == 0 else "dash"},
            )
        )
    fig.update_layout(title=label)
    if unit == "share":
        fig.update_yaxes(ticksuffix=fmt.percent_suffix(lang))
    return _layout(fig, lang)


def _millions_by_year(frame: pd.DataFrame, value: str) -> go.Figure:
    """A bar per run and year of ``value`` in millions of kroner, with error bars from
    ``{value}_ci_low`` and ``{value}_ci_high`` (the reference's colour left out)."""
    fig = go.Figure()
    for i, (run, part) in enumerate(frame.groupby("run", sort=False)):
        mean = part[value] / 1e6
        fig.add_trace(
            go.Bar(
                x=part["year"].astype(str),
                y=mean,
                name=_plain(run),
                marker_color=PALETTE[(i + 1) % len(PALETTE)],
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "array": (part[f"{value}_ci_high"] / 1e6 - mean).fillna(0),
                    "arrayminus": (mean - part[f"{value}_ci_low"] / 1e6).fillna(0),
                },
            )
        )
    fig.update_xaxes(type="category")  # years, not a number line
    return fig


def cost_against_budget(frame: pd.DataFrame, lang: str) -> go.Figure:
    """Over budget (+) or margin (−) per budget year and scenario, in millions of kroner,
    with 95% CI error bars; 0 is the budget (Basis's cost on the same days plus the
    implementation funding for one-off costs). ``frame``:
    :func:`sim.analysis.compare.run_verdicts` (run, year, over_budget, over_budget_ci_low,
    over_budget_ci_high)."""
    fig = _millions_by_year(frame, "over_budget")
    fig.add_hline(
        y=0,
        line={"color": "#333", "width": 1.5},
        annotation_text=text("figure.budget_line", lang, reference="Basis"),
        annotation_position="top left",
    )
    fig.update_layout(title=text("figure.over_budget.title", lang))
    fig.update_yaxes(title=text("figure.millions", lang), zeroline=False)
    return _layout(fig, lang, barmode="group")


def cost_difference_by_year(frame: pd.DataFrame, lang: str, reference: str = "") -> go.Figure:
    """Total cost minus the reference's per budget year and scenario, in millions of kroner,
    with 95% CI error bars (paired by seed when the runs share their seeds). ``frame``:
    run, year, difference, difference_ci_low, difference_ci_high (the ``total`` line of
    :func:`sim.analysis.compare.compare_costs` without the reference)."""
    fig = _millions_by_year(frame, "difference")
    fig.add_hline(y=0, line={"color": "#333", "width": 1.5})
    fig.update_layout(
        title=text(
            "figure.cost_difference.title",
            lang,
            reference=_plain(reference) or text("figure.the_reference", lang),
        )
    )
    fig.update_yaxes(title=text("figure.millions", lang), zeroline=False)
    return _layout(fig, lang, barmode="group")


def premises_occupancy_compare(
    frame: pd.DataFrame, lang: str, names: dict[str, str] | None = None
) -> go.Figure:
    """Peak occupancy ÷ capacity per premises, a bar per scenario with its 95% CI; the line
    at 1 is the capacity. ``frame`` rows: run, premises, mean, ci_low, ci_high (the KPI
    ``premises_peak_ratio`` of :func:`sim.analysis.compare.compare_by` with ``by="premises"``)."""
    fig = go.Figure()
    order = sorted(frame["premises"].unique()) if len(frame) else []
    labels = {p: _plain((names or {}).get(p, p)) for p in order}
    for i, (run, part) in enumerate(frame.groupby("run", sort=False)):
        data = part.set_index("premises").reindex(order)
        fig.add_trace(
            go.Bar(
                y=[labels[p] for p in order],
                x=data["mean"],
                orientation="h",
                name=_plain(run),
                marker_color=PALETTE[i % len(PALETTE)],
                error_x={
                    "type": "data",
                    "symmetric": False,
                    "array": (data["ci_high"] - data["mean"]).fillna(0),
                    "arrayminus": (data["mean"] - data["ci_low"]).fillna(0),
                },
                hovertemplate="%{y}: %{x:.2f}<extra>%{fullData.name}</extra>",
            )
        )
    fig.add_vline(
        x=1.0,
        line={"color": "#7a0a0a", "dash": "dash"},
        annotation_text=text("figure.capacity", lang),
    )
    fig.update_layout(title=text("figure.occupancy.title", lang))
    fig.update_yaxes(autorange="reversed")
    runs = frame["run"].nunique() if len(frame) else 1
    return _layout(fig, lang, height=max(300, 80 + 16 * len(order) * runs), barmode="group")


def tornado(table: pd.DataFrame, lang: str, labels: dict[str, str] | None = None) -> go.Figure:
    """A tornado chart of :func:`sim.analysis.sweep.tornado_table`: per parameter (largest swing at
    the top) the effect on the KPI of its low and its high value against the base, with
    95% CI error bars (paired by replication). Shares are in percentage points."""
    fig = go.Figure()
    if not len(table):
        return _layout(fig, lang)
    unit = table["unit"].iloc[0]
    scale = 100.0 if unit == "share" else 1.0
    rows = table.iloc[::-1]  # plotly draws the first category at the bottom
    names = [_plain((labels or {}).get(p, p)) for p in rows["parameter"]]
    for i, level in enumerate(("low", "high")):
        effect = rows[f"{level}_effect"] * scale
        word = text(f"figure.tornado.{level}", lang)
        fig.add_trace(
            go.Bar(
                y=names,
                x=effect,
                orientation="h",
                name=word.capitalize(),
                marker_color=PALETTE[i],
                error_x={
                    "type": "data",
                    "symmetric": False,
                    "array": (rows[f"{level}_ci_high"] * scale - effect).clip(lower=0),
                    "arrayminus": (effect - rows[f"{level}_ci_low"] * scale).clip(lower=0),
                    "color": "#444",
                },
                customdata=[_plain(v) for v in rows[f"{level}_value"]],
                hovertemplate=f"%{{y}} = %{{customdata}} ({word}): %{{x:.2f}}<extra></extra>",
            )
        )
    title = table["label"].iloc[0]
    axis = text("figure.tornado.axis_points" if unit == "share" else "figure.tornado.axis", lang)
    fig.update_layout(barmode="overlay", title=title, bargap=0.35)
    fig.update_xaxes(title=axis, zeroline=True, zerolinecolor="#333", zerolinewidth=2)
    return _layout(fig, lang, height=max(320, 40 + 28 * len(table)))
