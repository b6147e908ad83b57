"""Følsomhed: which assumptions matter? One parameter at a time (a tornado chart) or a
grid over a few, on the scenario being built, with progress and cancel."""

from __future__ import annotations

import functools

import pandas as pd
import streamlit as st

from sim.analysis.kpis import HEADLINE, KPIS
from sim.analysis.sweep import (
    ParameterSpec,
    default_sensitivity_parameters,
    needs_costs,
    note_text,
    run_grid,
    run_sensitivity,
)
from store.errors import StoreError
from ui import keys
from ui.auth import actor, allowed
from ui.components import illustrative_note, live, store_problem_text
from ui.figures import charts
from ui.i18n import bullets, escape_markdown, lang, number, param_label, t
from ui.runs import registry
from ui.state import draft, validate

st.title(t("sensitivity.title"))
st.markdown(t("sensitivity.intro"))
scenario, _ = validate(draft(), lang())
if scenario is None:
    st.warning(t("results.invalid"))
    st.stop()
st.caption(t("sensitivity.base", name=scenario.name))


def effect(row: dict, level: str, unit: str) -> str:
    """The effect of a level against the base with its 95% CI; shares in points."""
    scale = 100.0 if unit == "share" else 1.0
    shown_unit = "" if unit == "share" else unit

    def one(value: float) -> str:
        text = number(value * scale, shown_unit)
        return text if text.startswith("-") else "+" + text

    text = one(row[f"{level}_effect"])
    if pd.notna(row[f"{level}_ci_low"]):
        text += f" ({one(row[f'{level}_ci_low'])} – {one(row[f'{level}_ci_high'])})"
    return text + (" pp" if unit == "share" else "")


kinds = {"one-at-a-time": t("sensitivity.tornado"), "grid": t("sensitivity.grid")}
kind = st.radio(
    t("sensitivity.kind"), list(kinds), format_func=kinds.get, horizontal=True, key="sweep-kind"
)
cells = st.columns(2)
kpi = cells[0].selectbox(
    t("sensitivity.kpi"),
    list(HEADLINE) + [k for k in KPIS if k not in HEADLINE],
    format_func=lambda k: KPIS[k].label(lang()),
    key="sweep-kpi",
)
replications = cells[1].number_input(
    t("sensitivity.replications"), min_value=2, max_value=50, value=5, step=1, key="sweep-reps"
)

specs = {spec.path: spec for spec in default_sensitivity_parameters(scenario)}
picked = st.multiselect(
    t("sensitivity.parameters"),
    list(specs),
    default=list(specs) if kind == "one-at-a-time" else [],
    format_func=param_label,
    key=f"sweep-picked-{kind}",
)
table = pd.DataFrame(
    {
        "parameter": [param_label(path) for path in picked],
        "low": [float(specs[path].low) for path in picked],
        "high": [float(specs[path].high) for path in picked],
        "note": [note_text(specs[path], lang()) for path in picked],
    }
)
edited = st.data_editor(
    table,
    key=f"sweep-ranges-{kind}-{len(picked)}-{hash(tuple(picked))}",
    hide_index=True,
    width="stretch",
    disabled=["parameter", "note"],
    column_config={
        "parameter": st.column_config.TextColumn(t("sensitivity.parameter")),
        "low": st.column_config.NumberColumn(t("sensitivity.low"), format="%.4g", required=True),
        "high": st.column_config.NumberColumn(t("sensitivity.high"), format="%.4g", required=True),
        "note": st.column_config.TextColumn(t("sensitivity.note")),
    },
)


def typed(default, value):
    """An edited value in the type of the default (whole numbers stay whole)."""
    if isinstance(default, bool) or not isinstance(default, int):
        return value
    return round(value)


chosen = [
    ParameterSpec(path, typed(specs[path].low, row["low"]), typed(specs[path].high, row["high"]))
    for path, row in zip(picked, edited.to_dict("records"), strict=True)
]
points = 1 + 2 * len(chosen) if kind == "one-at-a-time" else 3 ** len(chosen)
st.caption(t("sensitivity.size", points=points, runs=points * int(replications)))
# the cost KPIs need each replication costed: only then, since it takes longer
kpis = [k for k in KPIS if not needs_costs([k])]
kpis = list(KPIS) if needs_costs([kpi]) else kpis

handle = registry().sweep(st.session_state.get(keys.SWEEP))
running = handle is not None and handle.running
too_big = kind == "grid" and len(chosen) > 3
if too_big:
    st.warning(t("sensitivity.grid_limit"))
if allowed("sweep", "auth.reader_sweep") and st.button(
    t("sensitivity.start"),
    type="primary",
    icon=":material/play_arrow:",
    disabled=running or not chosen or too_big,
):
    if kind == "one-at-a-time":
        sweep = functools.partial(
            run_sensitivity, scenario, chosen, replications=int(replications), kpis=kpis
        )
    else:
        axes = {
            spec.path: [spec.low, getattr(scenario.parameters, spec.path.split(".")[-1]), spec.high]
            for spec in chosen
        }
        sweep = functools.partial(
            run_grid, scenario, axes, replications=int(replications), kpis=kpis
        )
    try:
        handle = registry().start_sweep(kind, scenario, sweep, actor=actor())
    except StoreError as error:  # over the user's limit, or their role changed since
        st.error(escape_markdown(error.message(lang())))
    else:
        st.session_state[keys.SWEEP] = handle.key
        st.session_state[keys.SWEEP_KPI] = kpi


def progress(current) -> None:
    if current.running:
        share = current.done / current.total if current.total else 0.0
        st.progress(share, t("sensitivity.progress", done=current.done, total=current.total))
        if st.button(t("sensitivity.cancel"), icon=":material/stop:"):
            current.cancel.set()
        return
    if current.cancelled:
        st.warning(t("sensitivity.cancelled", done=current.done, total=current.total))
    elif current.error:
        st.error(bullets(current.error))
    else:
        st.success(t("sensitivity.done", points=len(current.result.points)))
    if current.store_problem is not None:
        st.warning(t("results.not_saved", reason=store_problem_text(current.store_problem)))


if handle is not None:
    live(handle, functools.partial(progress, handle))

if handle is not None and handle.result is not None:
    result = handle.result
    labels = {path: param_label(path) for path in specs}
    if result.kind == "one-at-a-time":
        shown_kpi = kpi if kpi in set(result.frame()["kpi"]) else st.session_state[keys.SWEEP_KPI]
        tornado = result.tornado(shown_kpi, lang())
        st.plotly_chart(charts.tornado(tornado, lang(), labels), width="stretch")
        unit = KPIS[shown_kpi].unit
        st.caption(t("sensitivity.tornado_help"))
        shown = pd.DataFrame(
            {
                t("sensitivity.parameter"): [labels.get(p, p) for p in tornado["parameter"]],
                t("sensitivity.low"): tornado["low_value"],
                t("sensitivity.high"): tornado["high_value"],
                t("sensitivity.effect_low"): [
                    effect(r, "low", unit) for r in tornado.to_dict("records")
                ],
                t("sensitivity.effect_high"): [
                    effect(r, "high", unit) for r in tornado.to_dict("records")
                ],
            }
        )
        st.dataframe(shown, hide_index=True, width="stretch", key="tornado-table")
    else:
        summary = result.summary(kpi if kpi in set(result.frame()["kpi"]) else None, lang())
        st.dataframe(summary, hide_index=True, width="stretch", key="grid-table")
    st.caption(t("sensitivity.stored", n=len(handle.run_ids)))
illustrative_note()
