"""A value typed just before leaving a page is not lost when the server is slow.

When the server is busy, Streamlit merges rerun requests that wait in its queue
(``streamlit.runtime.scriptrunner_utils.script_requests._coalesce_widget_states``): the
newer request's widget states win, and of the older one only active button triggers are
kept. A page change, though, sends only the states of the widgets that outlast the page
(the sidebar's); so when "the seed changed" and "go to Kør" wait together, the merge
drops the new seed before any ``on_change`` sees it, and the run uses the old seed (4 of
20 sessions in bench/bench_load.py, 2026-12-02).

:func:`install` makes the merge keep the older request's value of every widget the
newer request does not mention: the same as running the two requests one after the
other, which is what happens when the server is not busy. Written for the pinned
Streamlit (``STREAMLIT_VERSION``); tests/unit/test_coalescing.py checks both.
"""

from __future__ import annotations

import functools

import streamlit
from streamlit.proto.WidgetStates_pb2 import WidgetStates
from streamlit.runtime.scriptrunner_utils import script_requests

STREAMLIT_VERSION = "1.67.0"
TRIGGERS = frozenset(
    {"trigger_value", "string_trigger_value", "chat_input_value", "json_trigger_value"}
)


def keep_unmentioned(merge):
    """``merge`` (Streamlit's coalescing) that also keeps the older request's non-trigger
    widget values the newer request does not carry."""

    @functools.wraps(merge)
    def coalesce(old: WidgetStates | None, new: WidgetStates | None) -> WidgetStates | None:
        merged = merge(old, new)
        if not old or not new or merged is None:
            return merged
        present = {state.id for state in merged.widgets}
        merged.widgets.extend(
            state
            for state in old.widgets
            if state.id not in present and state.WhichOneof("value") not in TRIGGERS
        )
        return merged

    coalesce.keeps_unmentioned = True
    return coalesce


def install() -> None:
    """Patch Streamlit's coalescing in this process (once; later calls do nothing)."""
    current = script_requests._coalesce_widget_states
    if getattr(current, "keeps_unmentioned", False):
        return
    if streamlit.__version__ != STREAMLIT_VERSION:
        raise RuntimeError(
            f"ui/coalescing.py is written for Streamlit {STREAMLIT_VERSION}, not "
            f"{streamlit.__version__}: check _coalesce_widget_states again"
        )
    script_requests._coalesce_widget_states = keep_unmentioned(current)
