"""Per-session state: the scenario the user is building (the draft) and their runs.

The draft is plain data (what a scenario file holds), so invalid edits are kept as they
are and explained, never lost; it becomes a ``Scenario`` only when it validates.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from sim.analysis.costs import resolve_holdings
from sim.inputs.dataset import (
    DataSet,
    load_cost_data,
    load_dataset,
    scenario_data,
    with_premises_options,
)
from sim.inputs.scenario import (
    PROJECT_ROOT,
    PremisesOption,
    Scenario,
    ScenarioError,
    load_raw,
    load_scenario,
    parse_scenario,
)
from sim.model.staffing import resolve_placements
from ui import keys
from ui.options import store

SCENARIO_DIR = PROJECT_ROOT / "scenarios"
BASELINE = SCENARIO_DIR / "baseline.yaml"


@st.cache_data(show_spinner=False)
def shipped_scenarios() -> dict[str, str]:
    """Shipped scenario files by their names (baseline first)."""
    paths = sorted(SCENARIO_DIR.glob("*.yaml"), key=lambda p: (p != BASELINE, p.name))
    return {load_scenario(p).name: str(p) for p in paths}


def default_data() -> DataSet:
    return load_dataset(load_scenario(BASELINE).resolve_data_dir())


def draft_data(raw: dict) -> DataSet:
    """The data the draft's placements may use: the default data plus the candidate
    premises the draft carries (only those that are valid)."""
    data = default_data()
    options = []
    known = set(data.premises.index)
    for option in raw.get("premises_options", []):
        try:
            checked = PremisesOption.model_validate(option)
        except ValidationError:
            continue
        if checked.premises_id not in known and checked.district in data.districts.names:
            options.append(checked)
            known.add(checked.premises_id)
    return with_premises_options(data, options)


def add_options(raw: dict, options: list[dict]) -> tuple[int, list[str]]:
    """Add candidate premises to the draft; those whose id is already taken are skipped
    (returned), so a placement never silently changes premises."""
    taken = set(default_data().premises.index)
    taken |= {o.get("premises_id") for o in raw.get("premises_options", [])}
    added, skipped = [], []
    for option in options:
        (skipped if option["premises_id"] in taken else added).append(option)
        taken.add(option["premises_id"])
    raw["premises_options"] = raw.get("premises_options", []) + added
    return len(added), [o["premises_id"] for o in skipped]


def remove_unused_options(raw: dict) -> int:
    used = {p.get("premises") for p in raw.get("placements", [])}
    used |= {lease.get("premises") for lease in raw.get("leases", [])}
    kept = [o for o in raw.get("premises_options", []) if o.get("premises_id") in used]
    removed = len(raw.get("premises_options", [])) - len(kept)
    raw["premises_options"] = kept
    return removed


def _as_draft(path: str | Path) -> dict:
    return parse_scenario(load_raw(path)).model_dump(mode="json")


def draft() -> dict:
    if keys.DRAFT not in st.session_state:
        load_draft(str(BASELINE))
    return st.session_state[keys.DRAFT]


SAVED = "saved:"  # a draft source that is a saved scenario, not a shipped file


def load_draft(source: str) -> None:
    """Start the draft from a shipped file or (``saved:<name>``) a saved scenario."""
    if source.startswith(SAVED):
        name = source.removeprefix(SAVED)
        newest = store().scenario_versions(name)[-1].version
        scenario = store().load_scenario(name, newest)
        set_draft(scenario.model_dump(mode="json"), source, saved=(name, newest))
    else:
        set_draft(_as_draft(source), source)


def set_draft(raw: dict, source: str, saved: tuple[str, int] | None = None) -> None:
    """Replace the draft; ``saved`` is the (name, version) it was loaded from, so saving
    it again can tell whether someone else saved in between."""
    st.session_state[keys.DRAFT] = raw
    st.session_state[keys.DRAFT_SOURCE] = source
    st.session_state[keys.DRAFT_SAVED] = saved
    st.session_state[keys.DRAFT_VERSION] = st.session_state.get(keys.DRAFT_VERSION, 0) + 1


def keep(path: str, widget_key: str, convert=None) -> dict:
    """Widget arguments that write the widget's value into the draft at ``path`` (e.g.
    ``seed``, ``parameters.absence_rate``) as soon as it changes, converted by ``convert``.

    Streamlit calls ``on_change`` at the start of the next script run, whichever page it
    runs: a value typed on the Scenarie page is kept even when the user went to another
    page before the (slow) server ran the Scenarie page again to read it from the widget.
    """
    return {"on_change": _keep, "args": (path, widget_key, convert)}


def _keep(path: str, widget_key: str, convert) -> None:
    if widget_key not in st.session_state:
        return
    value = st.session_state[widget_key]
    *parents, last = path.split(".")
    target = draft()
    for name in parents:
        target = target.setdefault(name, {})
    target[last] = convert(value) if convert is not None else value


def expected_version(name: str) -> int | None:
    """The version of ``name`` the draft was loaded from or last saved as (None: the
    draft did not come from that name)."""
    saved = st.session_state.get(keys.DRAFT_SAVED)
    return saved[1] if saved and saved[0] == name else None


def draft_source() -> str:
    draft()
    return st.session_state[keys.DRAFT_SOURCE]


def draft_version() -> int:
    draft()
    return st.session_state[keys.DRAFT_VERSION]


def validate(raw: dict, lang: str = "da") -> tuple[Scenario | None, list[str]]:
    """The draft as a scenario, or the messages that say what is wrong."""
    try:
        scenario = parse_scenario(raw, lang=lang)
        data = scenario_data(scenario)
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
