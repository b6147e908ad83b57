"""A value typed just before leaving a page survives two rerun requests that Streamlit
merges while the server is busy (ui/coalescing.py)."""

from __future__ import annotations

import re

import streamlit
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates
from streamlit.runtime.scriptrunner_utils import script_requests
from streamlit.runtime.scriptrunner_utils.script_requests import RerunData, ScriptRequests

from tests.conftest import ROOT
from ui import coalescing

SEED = WidgetState(id="seed", int_value=1001)  # typed on Scenarie
LANGUAGE = WidgetState(id="lang", string_value="da")  # in the sidebar, on every page


def states(*widgets: WidgetState) -> WidgetStates:
    merged = WidgetStates()
    merged.widgets.extend(widgets)
    return merged


def queued(*requests: RerunData) -> RerunData:
    """What the script runner gets when ``requests`` wait together in the queue."""
    waiting = ScriptRequests()
    for request in requests:
        waiting.request_rerun(request)
    return waiting.on_scriptrunner_ready().rerun_data


def values(data: RerunData) -> dict:
    return {w.id: getattr(w, w.WhichOneof("value")) for w in data.widget_states.widgets}


def test_written_for_the_pinned_streamlit():
    pinned = re.search(r"^streamlit==(\S+)", (ROOT / "requirements.txt").read_text(), re.M)
    assert coalescing.STREAMLIT_VERSION == pinned.group(1) == streamlit.__version__


def test_a_seed_change_and_a_page_change_waiting_together_keep_the_seed():
    coalescing.install()
    coalescing.install()  # once is enough, twice changes nothing
    assert script_requests._coalesce_widget_states.keeps_unmentioned
    edit = RerunData(widget_states=states(SEED, LANGUAGE))
    # a page change carries only the widgets that outlast the page (the sidebar's)
    leave = RerunData(widget_states=states(LANGUAGE), page_script_hash="results")
    data = queued(edit, leave)
    assert data.page_script_hash == "results"
    assert values(data) == {"lang": "da", "seed": 1001}


def test_streamlits_own_merge_drops_it_which_is_why_the_patch_is_there():
    coalescing.install()
    original = script_requests._coalesce_widget_states.__wrapped__
    merged = original(states(SEED, LANGUAGE), states(LANGUAGE))
    assert [w.id for w in merged.widgets] == ["lang"]


def test_the_newer_value_wins_and_a_spent_trigger_is_not_brought_back():
    coalescing.install()
    press = WidgetState(id="run", trigger_value=True)
    spent = WidgetState(id="other", trigger_value=False)
    newer_seed = WidgetState(id="seed", int_value=1002)
    data = queued(
        RerunData(widget_states=states(SEED, press, spent)),
        RerunData(widget_states=states(newer_seed)),
    )
    assert values(data) == {"seed": 1002, "run": True}  # the press is Streamlit's own
