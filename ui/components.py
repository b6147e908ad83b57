"""Pieces that several pages lay out: KPI cards, the run progress, the illustrative label."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from sim.results import KPIS
from ui.i18n import lang, number, t
from ui.runs import RunHandle


def illustrative_note() -> None:
    st.caption(":material/info: " + t("illustrative"))


def kpi_cards(summary: pd.DataFrame, keys: list[str], columns: int = 4) -> None:
    """A card per KPI: the mean and its 95% CI in the user's number format."""
    table = summary.set_index("kpi")
    cells = st.columns(columns)
    for i, key in enumerate(k for k in keys if k in table.index):
        kpi, row = KPIS[key], table.loc[key]
        ci = ""
        if not math.isnan(row["ci_low"]):
            ci = t(
                "results.ci",
                low=number(row["ci_low"], kpi.unit),
                high=number(row["ci_high"], kpi.unit),
            )
        with cells[i % columns]:
            st.metric(
                kpi.label(lang()),
                number(row["mean"], kpi.unit),
                help=kpi.help_da or None,
                border=True,
            )
            st.caption(ci or "—")


def run_progress(handle: RunHandle) -> None:
    if handle.error:
        st.error(t("results.failed", error="; ".join(handle.error)))
        return
    if handle.running:
        st.progress(
            handle.done / handle.total,
            text=t("results.running", done=handle.done, total=handle.total),
        )
    else:
        st.success(
            t(
                "results.done",
                total=handle.total,
                seconds=number(handle.finished - handle.started, decimals=1),
            )
        )
        if handle.run_id is not None:
            st.page_link(
                "ui/pages/compare.py",
                label=t("results.stored", id=handle.run_id),
                icon=":material/compare_arrows:",
            )


def kpi_table_view(summary: pd.DataFrame) -> pd.DataFrame:
    """The summary as a table of formatted text for display."""
    rows = []
    for row in summary.itertuples():
        kpi = KPIS[row.kpi]
        rows.append(
            {
                t("results.kpi"): kpi.label(lang()),
                "Middel" if lang() == "da" else "Mean": number(row.mean, kpi.unit),
                "95 %-KI" if lang() == "da" else "95% CI": (
                    f"{number(row.ci_low, kpi.unit)} – {number(row.ci_high, kpi.unit)}"
                    if not math.isnan(row.ci_low)
                    else "—"
                ),
            }
        )
    return pd.DataFrame(rows)


def live(handle: RunHandle, render) -> None:
    """Lay out ``render()`` and, while the run goes on, again every second; when it ends,
    rerun the page once so that everything shows the final result."""
    flag = f"live-{handle.key}"
    if handle.running:
        st.session_state[flag] = True

    @st.fragment(run_every=1.0 if handle.running else None)
    def view():
        render()
        if not handle.running and st.session_state.pop(flag, False):
            st.rerun()

    view()
