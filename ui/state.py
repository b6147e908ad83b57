"""Per-session state: the scenario the user is building (the draft) and their runs.

The draft is plain data (what a scenario file holds), so invalid edits are kept as they
are and explained, never lost; it becomes a ``Scenario`` only when it validates.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import streamlit as st

from sim.costs import resolve_holdings
from sim.dataset import DataSet, load_cost_data, load_dataset
from sim.scenario import (
    PROJECT_ROOT,
    Scenario,
    ScenarioError,
    load_raw,
    load_scenario,
    parse_scenario,
)
from sim.staffing import resolve_placements

SCENARIO_DIR = PROJECT_ROOT / "scenarios"
BASELINE = SCENARIO_DIR / "baseline.yaml"


@st.cache_data(show_spinner=False)
def shipped_scenarios() -> dict[str, str]:
    """Shipped scenario files by their names (baseline first)."""
    paths = sorted(SCENARIO_DIR.glob("*.yaml"), key=lambda p: (p != BASELINE, p.name))
    return {load_scenario(p).name: str(p) for p in paths}


def default_data() -> DataSet:
    return load_dataset(load_scenario(BASELINE).resolve_data_dir())


def _as_draft(path: str | Path) -> dict:
    return parse_scenario(load_raw(path)).model_dump(mode="json")


def draft() -> dict:
    if "draft" not in st.session_state:
        load_draft(str(BASELINE))
    return st.session_state["draft"]


def load_draft(path: str) -> None:
    st.session_state["draft"] = _as_draft(path)
    st.session_state["draft_source"] = path
    st.session_state["draft_version"] = st.session_state.get("draft_version", 0) + 1


def draft_version() -> int:
    draft()
    return st.session_state["draft_version"]


def validate(raw: dict, lang: str = "da") -> tuple[Scenario | None, list[str]]:
    """The draft as a scenario, or the messages that say what is wrong."""
    try:
        scenario = parse_scenario(raw, lang=lang)
        data = load_dataset(scenario.resolve_data_dir())
        resolve_holdings(scenario, data, resolve_placements(scenario, data))
        load_cost_data(scenario.resolve_data_dir())
    except ScenarioError as error:
        return None, error.messages
    return scenario, []


def placements_frame(raw: dict) -> pd.DataFrame:
    rows = [
        {
            "team": p.get("team"),
            "premises": p.get("premises"),
            "start": _to_date(p.get("start")),
            "end": _to_date(p.get("end")),
        }
        for p in raw.get("placements", [])
    ]
    return pd.DataFrame(rows, columns=["team", "premises", "start", "end"])


def frame_to_placements(frame: pd.DataFrame) -> list[dict]:
    """Edited rows back to plain placements; blank cells stay blank so validation can name
    them (row numbers as the user sees them)."""
    out = []
    for row in frame.to_dict("records"):
        if all(_blank(v) for v in row.values()):
            continue
        out.append(
            {
                "team": None if _blank(row["team"]) else str(row["team"]),
                "premises": None if _blank(row["premises"]) else str(row["premises"]),
                "start": None if _blank(row["start"]) else _to_date(row["start"]).isoformat(),
                "end": None if _blank(row["end"]) else _to_date(row["end"]).isoformat(),
            }
        )
    return out


def _blank(value) -> bool:
    return (
        value is None
        or (isinstance(value, float) and pd.isna(value))
        or value is pd.NaT
        or (isinstance(value, str) and not value.strip())
    )


def _to_date(value) -> dt.date | None:
    if value is None or _blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return pd.Timestamp(value).date()
