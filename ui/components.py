"""Pieces that several pages lay out: KPI cards, the run progress, the illustrative label."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.runtime.uploaded_file_manager import UploadedFile

from sim.analysis.kpis import KPIS
from store.errors import StoreError
from ui.i18n import lang, number, t, t_plain
from ui.runs import RunHandle, registry


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
                help=kpi.help(lang()),
                border=True,
            )
            st.caption(ci or "—")


def store_problem_text(problem: Exception) -> str:
    """Why the store could not record something, in the user's words (a store error says
    it itself; anything else gets the catalogue's general reason, never a traceback)."""
    if isinstance(problem, StoreError):
        return problem.message(lang())
    return t_plain("results.not_saved_reason")


def run_progress(handle: RunHandle) -> None:
    if handle.store_problem is not None:
        st.warning(t("results.not_saved", reason=store_problem_text(handle.store_problem)))
    if handle.error:
        st.error(t("results.failed", error="; ".join(handle.error)))
        return
    position = registry().position(handle) if handle.queued else None
    if position is not None:
        st.info(t("results.queued", position=position), icon=":material/hourglass_top:")
    elif handle.running and handle.done == 0:
        st.progress(0.0, text=t("results.starting"))
    elif handle.running:
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


def kpi_table_view(summary: pd.DataFrame, margins: pd.Series | None = None) -> pd.DataFrame:
    """The summary as a table of formatted text for display; with ``margins`` (a sampled
    run's :func:`sim.analysis.kpis.sampling_margins`), the part of each CI that comes from
    simulating sampled days."""
    rows = []
    for row in summary.itertuples():
        kpi = KPIS[row.kpi]
        rows.append(
            {
                t("results.kpi"): kpi.label(lang()),
                t_plain("results.mean"): number(row.mean, kpi.unit),
                t_plain("word.ci"): (
                    f"{number(row.ci_low, kpi.unit)} – {number(row.ci_high, kpi.unit)}"
                    if not math.isnan(row.ci_low)
                    else "—"
                ),
            }
        )
        if margins is not None and len(margins):
            margin = margins.get(row.kpi)
            rows[-1][t_plain("results.sampling_margin")] = (
                f"± {number(margin, kpi.unit)}" if margin is not None else ""
            )
    return pd.DataFrame(rows)


# How often a live view redraws while its run goes on. A redraw asked for while the last is
# still being drawn restarts it, so a busy server must draw in well under this time.
LIVE_SECONDS = 2.0


# How often a live view looks for the run's first replication (it then redraws the whole
# page once, so that what is drawn only with the page, e.g. charts, shows it at once).
FIRST_SECONDS = 0.5


def live(handle: RunHandle, render) -> None:
    """Lay out ``render()`` and, while the run goes on, again every :data:`LIVE_SECONDS`
    (every :data:`FIRST_SECONDS` until the first replication is done); when the first
    replication arrives and when the run ends, rerun the page once, so that what the page
    draws outside ``render`` (charts: drawn with the page, not at every redraw, which
    kept the browser busy while the run went on) shows it too."""
    flag = f"live-{handle.key}"
    drawn = handle.done  # replications done when the page was drawn
    if handle.running:
        st.session_state[flag] = True
    every = FIRST_SECONDS if drawn == 0 else LIVE_SECONDS

    @st.fragment(run_every=every if handle.running else None)
    def view():
        render()
        if not handle.running and st.session_state.pop(flag, False):
            st.rerun()
        elif handle.running and drawn == 0 and handle.done > 0:
            st.rerun()  # the first results: the page and its charts, then every LIVE_SECONDS

    view()


# Streamlit's own line under an uploader ("10MB per file • CSV") is English, and its
# megabyte is 1,000,000 bytes in some browsers and 1,048,576 in others: hidden, and said in
# the user's language under each uploader instead. The browser and the server accept
# somewhat more than any uploader's limit (server.maxUploadSize in .streamlit/config.toml),
# so that a file just over the limit reaches the app and is refused in the user's words.
_HIDE_STREAMLIT_LIMIT = (
    "<style>[class*='st-key-upload-'] [data-testid='stFileUploaderDropzoneInstructions'] "
    "{display: none;}</style>"
)


def _megabytes(size: int) -> str:
    """Bytes as megabytes of 1,000,000 bytes, with no more decimals than needed."""
    return number(size / 1_000_000, decimals=2).rstrip("0").rstrip(",.")


def upload_field(label: str, types: list[str], key: str, limit: int) -> UploadedFile | None:
    """A file uploader with ``limit`` (bytes) said under it in the user's language. Its
    widget key has a generation number, so :func:`forget_upload` can give an empty one."""
    generation = st.session_state.get(f"{key}-generation", 0)
    st.html(_HIDE_STREAMLIT_LIMIT)
    uploaded = st.file_uploader(label, type=types, key=f"upload-{key}-{generation}")
    st.caption(
        t(
            "upload.limit",
            mb=_megabytes(limit),
            bytes=number(limit, "count"),
            types=", ".join(kind.upper() for kind in types),
        )
    )
    return uploaded


def too_big(uploaded: UploadedFile, limit: int) -> str | None:
    """The message for a file over ``limit`` bytes (naming the file), or None."""
    if uploaded.size <= limit:
        return None
    scenario_file = uploaded.name.lower().endswith((".yaml", ".yml"))
    return t_plain(
        "upload.too_big",
        file=uploaded.name,
        size=number(uploaded.size, "count"),
        mb=_megabytes(limit),
        bytes=number(limit, "count"),
        hint=t_plain("upload.too_big_yaml" if scenario_file else "upload.too_big_table"),
    )


def forget_upload(uploaded: UploadedFile, key: str) -> None:
    """Let go of a file once it has been read: Streamlit's upload manager drops its bytes
    now, and the next run shows a new, empty uploader (so the widget's state, which holds
    the file too, goes with the old one). Call ``st.rerun()`` after it."""
    ctx = get_script_run_ctx()
    if ctx is not None and isinstance(ctx.uploaded_file_mgr, MemoryUploadedFileManager):
        ctx.uploaded_file_mgr.remove_file(ctx.session_id, uploaded.file_id)
    st.session_state[f"{key}-generation"] = st.session_state.get(f"{key}-generation", 0) + 1
