"""Scenarie: pick a scenario, change its assumptions and its placements."""

import datetime as dt

import streamlit as st

from sim.inputs.scenario import (
    MAX_UPLOAD_BYTES,
    Parameters,
    Scenario,
    ScenarioError,
    dump_scenario,
    field_bounds,
    file_name,
    scenario_from_upload,
)
from store import NameTaken, NotFound, StoreError
from ui import keys
from ui.auth import actor, allowed, delete_button
from ui.components import forget_upload, illustrative_note, too_big, upload_field
from ui.figures import charts
from ui.i18n import bullets, escape_markdown, lang, t, t_plain
from ui.options import store
from ui.state import (
    SAVED,
    SCENARIO_DIR,
    draft,
    draft_data,
    draft_source,
    draft_version,
    expected_version,
    frame_to_placements,
    keep,
    load_draft,
    placements_frame,
    set_draft,
    shipped_scenarios,
    validate,
)

st.title(t("scenario.title"))
sources = {path: name for name, path in shipped_scenarios().items()}
for info in store().list_scenarios():
    sources[SAVED + info.name] = t_plain(
        "scenario.saved_label", name=info.name, version=info.version
    )
source = draft_source()
if source not in sources:  # an uploaded file or a scenario saved under a new name
    sources = {source: draft()["name"], **sources}
chosen = st.selectbox(
    t("scenario.pick"), list(sources), index=list(sources).index(source), format_func=sources.get
)
if chosen != source:
    load_draft(chosen)
    st.rerun()
if source.startswith(SAVED):  # its author (a planner) or an administrator may delete it
    saved_name = source.removeprefix(SAVED)
    authors = {v.author for v in store().scenario_versions(saved_name)}
    delete_button(
        t("delete.scenario"),
        authors.pop() if len(authors) == 1 else None,
        lambda who: store().delete_scenario(saved_name, actor=who),
        t("delete.scenario_done", name=saved_name),
        key="delete-scenario",
    )

raw = draft()
version = draft_version()


def key(name: str) -> str:
    # the language is part of the key: widgets show their options in the user's words, and
    # a new language starts them afresh from the draft (which holds every value)
    return f"w-{name}-{version}-{lang()}"


raw["name"] = st.text_input(
    t("scenario.name"), raw["name"], key=key("name"), **keep("name", key("name"))
)
raw["description"] = st.text_area(
    t("scenario.description"),
    raw.get("description", ""),
    key=key("description"),
    height=80,
    **keep("description", key("description")),
)

params = raw["parameters"]
# (parameter, shown as a percentage?, step); min and max are the schema's: whole numbers
# in the form avoid the decimal point that browsers show in number fields; percentages are
# what users say.
NUMBERS = {
    "absence_rate": (True, 1),
    "staff_multiplier": (True, 5),
    "demand_growth_per_year": (True, 1),
    "productivity_loss": (True, 1),
    "productivity_loss_days": (False, 1),
    "detour_factor": (True, 5),
    "overtime_tolerance_minutes": (False, 5),
    "premises_capacity_multiplier": (True, 5),
}


def _percent(value) -> float:
    return value / 100


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def form_range(model, name: str, scale: int = 1) -> tuple[int, int]:
    """The schema's bounds of a field in the form's whole units (an open bound included:
    the schema's message then explains it)."""
    bounds = field_bounds(model, name)
    return round(bounds.low * scale), round(bounds.high * scale)


def number_field(name: str) -> None:
    percent, step = NUMBERS[name]
    low, high = form_range(Parameters, name, 100 if percent else 1)
    shown = round(params[name] * 100) if percent else int(params[name])
    value = st.number_input(
        t(f"param.{name}") + (" (%)" if percent else ""),
        value=min(max(int(shown), low), high),
        min_value=low,
        max_value=high,
        step=step,
        key=key(name),
        help=t(f"help.{name}"),
        **keep(f"parameters.{name}", key(name), _percent if percent else None),
    )
    params[name] = value / 100 if percent else value


def choice(widget, target: dict, path: str, options: list[str], words: str, **extra) -> None:
    """A select box or radio for the draft's ``path`` (``target`` holds its last part),
    options shown in the user's words."""
    name = path.rsplit(".", 1)[-1]
    target[name] = widget(
        t(f"param.{name}"),
        options,
        index=options.index(target[name]),
        format_func=lambda option: t(f"{words}.{option}"),
        key=key(name),
        **keep(path, key(name)),
        **extra,
    )


left, middle, right = st.columns(3)
with left:
    st.subheader(t("scenario.parameters"))
    for name in (
        "absence_rate",
        "staff_multiplier",
        "demand_growth_per_year",
        "productivity_loss",
        "productivity_loss_days",
    ):
        number_field(name)
with middle:
    st.subheader(" ")
    choice(
        st.selectbox,
        params,
        "parameters.travel_mode",
        ["walk", "bike", "ebike", "car", "none"],
        "mode",
        help=t("help.travel_mode"),
    )
    for name in ("detour_factor", "overtime_tolerance_minutes", "premises_capacity_multiplier"):
        number_field(name)
    choice(
        st.radio,
        params,
        "parameters.unfit_visits",
        ["missed", "agency"],
        "unfit",
        horizontal=True,
        help=t("help.unfit_visits"),
    )
    params["pool_from_flyt2"] = st.toggle(
        t("param.pool_from_flyt2"),
        value=bool(params["pool_from_flyt2"]),
        key=key("pool"),
        help=t("help.pool_from_flyt2"),
        **keep("parameters.pool_from_flyt2", key("pool")),
    )
with right:
    st.subheader(t("scenario.calendar"))
    cal = raw["calendar"]
    for name in ("flyt2", "physical_merge"):
        picked = st.date_input(
            t(f"param.{name}"),
            dt.date.fromisoformat(str(cal[name])),
            key=key(name),
            format="DD-MM-YYYY",
            **keep(f"calendar.{name}", key(name), _iso),
        )
        cal[name] = picked.isoformat()
    st.subheader(t("scenario.run_settings"))
    choice(st.radio, raw, "fidelity", ["sampled", "every-day"], "fidelity")
    low, high = form_range(Scenario, "replications")
    raw["replications"] = int(
        st.number_input(
            t("param.replications"),
            value=min(max(int(raw["replications"]), low), high),
            min_value=low,
            max_value=high,
            step=1,
            key=key("replications"),
            **keep("replications", key("replications"), int),
        )
    )
    low, high = form_range(Scenario, "seed")
    raw["seed"] = int(
        st.number_input(
            t("param.seed"),
            value=min(max(int(raw["seed"]), low), high),
            min_value=low,
            max_value=high,
            step=1,
            key=key("seed"),
            **keep("seed", key("seed"), int),
        )
    )

st.subheader(t("scenario.placements"))
st.caption(t("scenario.placements_help"))
data = draft_data(raw)  # today's premises and the draft's candidate premises
teams = list(data.teams["team_id"])
premises = list(data.premises["premises_id"])
team_names = dict(zip(data.teams["team_id"], data.teams["name"], strict=True))
premises_names = {
    row.premises_id: f"{row.name} ({row.capacity_people} {t('scenario.places')})"
    + (f" – {t('scenario.option')}" if row.organisation == "ny" else "")
    for row in data.premises.itertuples()
}

with st.form("move", border=True):
    st.markdown("**" + t("scenario.move") + "**")
    cells = st.columns([3, 3, 2, 2])
    team = cells[0].selectbox(t("col.team"), teams, format_func=team_names.get, key="move-team")
    where = cells[1].selectbox(
        t("col.premises"), premises, format_func=premises_names.get, key="move-premises"
    )
    cal = raw["calendar"]
    start = cells[2].date_input(
        t("col.start"),
        dt.date.fromisoformat(str(cal["start"])),
        format="DD-MM-YYYY",
        key="move-start",
    )
    end = cells[3].date_input(
        t("col.end"),
        dt.date.fromisoformat(str(cal["end"])),
        format="DD-MM-YYYY",
        key="move-end",
    )
    if st.form_submit_button(t("scenario.add"), icon=":material/add:"):
        raw["placements"] = raw.get("placements", []) + [
            {"team": team, "premises": where, "start": start.isoformat(), "end": end.isoformat()}
        ]
        st.session_state[keys.PLACEMENTS_REV] = st.session_state.get(keys.PLACEMENTS_REV, 0) + 1

editor_key = key("placements") + f"-{st.session_state.get('placements_rev', 0)}"
if editor_key not in st.session_state:
    st.session_state[f"{editor_key}-base"] = placements_frame(raw)
edited = st.data_editor(
    st.session_state[f"{editor_key}-base"],
    key=editor_key,
    num_rows="dynamic",
    width="stretch",
    column_config={
        "team": st.column_config.SelectboxColumn(t("col.team"), options=teams, required=True),
        "premises": st.column_config.SelectboxColumn(
            t("col.premises"), options=premises, required=True
        ),
        "start": st.column_config.DateColumn(t("col.start"), format="DD-MM-YYYY", required=True),
        "end": st.column_config.DateColumn(t("col.end"), format="DD-MM-YYYY", required=True),
    },
)
raw["placements"] = frame_to_placements(edited)

scenario, problems = validate(raw, lang())
if problems:
    st.error(t("scenario.invalid") + "\n\n" + bullets(problems))
else:
    st.success(t("scenario.valid"))

if len(edited.dropna()):
    st.subheader(t("scenario.gantt"))
    st.plotly_chart(charts.placements_gantt(edited, {"premises": ""}, lang()), width="stretch")

with st.expander(t("col.team") + " / " + t("col.premises")):
    team_table = data.teams[
        ["team_id", "name", "organisation", "service", "areas", "home_premises_id"]
    ]
    st.dataframe(team_table, hide_index=True, width="stretch")
    premises_table = data.premises[
        ["premises_id", "name", "district", "capacity_people", "available_from", "available_to"]
    ]
    st.dataframe(premises_table, hide_index=True, width="stretch")

st.subheader(t("scenario.share"))


def save(scenario, replace: bool, expected: int | None) -> None:
    try:
        info = store().save_scenario(
            scenario, replace=replace, expected_version=expected, actor=actor()
        )
    except NameTaken as taken:
        st.session_state[keys.REPLACE_PENDING] = (taken.name, taken.version)
    except StoreError as error:  # someone saved meanwhile (Conflict), deleted, the role
        st.session_state.pop(keys.REPLACE_PENDING, None)
        st.error(escape_markdown(error.message(lang())))
    else:
        st.session_state.pop(keys.REPLACE_PENDING, None)
        st.session_state[keys.DRAFT_SAVED] = (info.name, info.version)
        st.session_state[keys.DRAFT_SOURCE] = SAVED + info.name
        st.success(t("scenario.saved", name=info.name, version=info.version))


if scenario is None:
    st.info(t("scenario.save_invalid"))
else:
    may_save = allowed("save", "auth.reader_save")  # else: what a reader may do instead
    cells = st.columns([2, 3], vertical_alignment="bottom")
    if may_save and cells[0].button(t("scenario.save"), type="primary", icon=":material/save:"):
        # a scenario loaded from (or saved as) this name gets a new version; another
        # name that exists already is only replaced when the user says so
        expected = expected_version(scenario.name)
        save(scenario, expected is not None, expected)
    cells[1].download_button(
        t("scenario.download"),
        dump_scenario(scenario).encode("utf-8"),
        file_name=file_name(scenario.name, ".yaml"),
        mime="application/yaml",
        icon=":material/download:",
    )
    pending = st.session_state.get(keys.REPLACE_PENDING)
    if pending and pending[0] == scenario.name and may_save:
        st.warning(escape_markdown(NameTaken(*pending).message(lang())))
        if st.button(t("scenario.replace")):
            save(scenario, True, pending[1])


def saved_base(name: str) -> dict | None:
    """A saved scenario an uploaded file builds on (``base: <name>``), as plain data."""
    try:
        return store().load_scenario(name).model_dump(mode="json")
    except (NotFound, ScenarioError):
        return None


uploaded = upload_field(t("scenario.upload"), ["yaml", "yml"], "scenario", MAX_UPLOAD_BYTES)
if uploaded is not None:  # read once, then let go of the file
    try:
        if refused := too_big(uploaded, MAX_UPLOAD_BYTES):
            raise ScenarioError([refused])
        loaded = scenario_from_upload(
            uploaded.getvalue(), uploaded.name, SCENARIO_DIR, lang(), saved_base=saved_base
        )
    except ScenarioError as error:
        st.session_state[keys.SCENARIO_UPLOAD_PROBLEMS] = error.messages
    else:
        st.session_state[keys.SCENARIO_UPLOAD_PROBLEMS] = None
        set_draft(loaded.model_dump(mode="json"), "upload:" + uploaded.name)
        st.session_state[keys.SCENARIO_UPLOADED] = (loaded.name, uploaded.name)
    forget_upload(uploaded, "scenario")
    st.rerun()
problems = st.session_state.get(keys.SCENARIO_UPLOAD_PROBLEMS)
if problems:
    st.error(t("scenario.upload_invalid") + "\n\n" + bullets(problems))
if st.session_state.get(keys.SCENARIO_UPLOADED):
    name, file = st.session_state.pop(keys.SCENARIO_UPLOADED)
    st.success(t("scenario.uploaded", name=name, file=file))

if scenario is not None:
    st.page_link("ui/pages/results.py", label=t("scenario.go_run"), icon=":material/play_circle:")
illustrative_note()
