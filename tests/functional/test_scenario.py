"""Scenario files: loading, the base chain, validation messages and placements."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
import yaml
from annotated_types import Ge, Gt, Le

from sim.inputs.dataset import load_dataset
from sim.inputs.scenario import (
    DEFAULT_DATA_DIR,
    PROJECT_ROOT,
    Parameters,
    Scenario,
    ScenarioError,
    dump_scenario,
    load_scenario,
)
from sim.model.staffing import resolve_placements
from tests.synthetic import copy_default_data, edit_table

SCENARIO_DIR = PROJECT_ROOT / "scenarios"
BASELINE = SCENARIO_DIR / "baseline.yaml"
SHIPPED = sorted(SCENARIO_DIR.glob("*.yaml"))


@pytest.fixture(autouse=True)
def shipped_beside(tmp_path):
    """The shipped scenarios copied into ``tmp_path``: a scenario file may build only on
    a file beside it (``base: baseline.yaml``), never on a path elsewhere."""
    for path in SHIPPED:
        shutil.copy(path, tmp_path / path.name)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def write_override(tmp_path: Path, overrides: dict, name: str = "scenario.yaml") -> Path:
    """A scenario file that takes the shipped baseline and overrides ``overrides``."""
    document = {"base": "baseline.yaml", **overrides}
    return write(tmp_path / name, yaml.safe_dump(document, allow_unicode=True))


def load_errors(path: Path, lang: str = "da") -> list[str]:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path, lang=lang)
    return info.value.messages


def placement_errors(tmp_path: Path, placements: list[dict], **overrides) -> list[str]:
    scenario = load_scenario(write_override(tmp_path, {"placements": placements, **overrides}))
    data = load_dataset(scenario.resolve_data_dir())
    with pytest.raises(ScenarioError) as info:
        resolve_placements(scenario, data)
    return info.value.messages


# SOF-P-VES is only available until 2027-12-31: a horizon into 2028 needs its team placed
VES_2028 = {
    "team": "SOF-HP-VES-VAL",
    "premises": "NY-VES",
    "start": "2028-01-01",
    "end": "2028-03-31",
}


@pytest.fixture(scope="module")
def default_data():
    return load_dataset(DEFAULT_DATA_DIR)


# --- shipped scenarios -------------------------------------------------------------------


def test_the_shipped_scenarios_are_all_found():
    names = {p.name for p in SHIPPED}
    assert "baseline.yaml" in names
    assert len(SHIPPED) >= 5


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_scenario_loads_and_its_placements_resolve(path, default_data):
    scenario = load_scenario(path)
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert scenario.name == raw["name"]
    assert len(scenario.placements) == len(raw.get("placements") or [])
    # every scenario builds on the baseline's horizon
    assert scenario.calendar.start == dt.date(2026, 6, 1)
    assert scenario.calendar.end == dt.date(2027, 5, 31)
    assert scenario.resolve_data_dir() == DEFAULT_DATA_DIR
    placements = resolve_placements(scenario, default_data)
    for placement in scenario.placements:
        assert placements.on(placement.team, placement.start) == placement.premises
        assert placements.on(placement.team, placement.end) == placement.premises
        assert placement.start in placements.move_dates[placement.team]


def test_baseline_keeps_every_team_in_its_home_premises(default_data):
    scenario = load_scenario(BASELINE)
    placements = resolve_placements(scenario, default_data)
    assert set(placements.premises) == set(default_data.teams["team_id"])
    for team, home in default_data.teams["home_premises_id"].items():
        assert set(placements.premises[team]) == {home}
        assert placements.move_dates[team] == []
        assert placements.days_since_move(team, dt.date(2026, 12, 1)) is None


def test_a_placement_is_laid_out_day_by_day_with_moves_both_ways(tmp_path, default_data):
    path = write_override(
        tmp_path,
        {
            "placements": [
                {
                    "team": "SOF-HP-NOR-BIS",
                    "premises": "NY-NOR",
                    "start": "2026-09-15",
                    "end": "2026-10-31",
                },
            ]
        },
    )
    placements = resolve_placements(load_scenario(path), default_data)
    team = "SOF-HP-NOR-BIS"
    assert placements.on(team, dt.date(2026, 9, 14)) == "SOF-P-NOR"
    assert placements.on(team, dt.date(2026, 9, 15)) == "NY-NOR"
    assert placements.on(team, dt.date(2026, 10, 31)) == "NY-NOR"
    assert placements.on(team, dt.date(2026, 11, 1)) == "SOF-P-NOR"
    assert placements.move_dates[team] == [dt.date(2026, 9, 15), dt.date(2026, 11, 1)]
    assert placements.days_since_move(team, dt.date(2026, 9, 20)) == 5
    assert placements.days_since_move(team, dt.date(2026, 11, 1)) == 0
    assert placements.days_since_move(team, dt.date(2026, 9, 1)) is None


# --- unknown keys, ranges and types --------------------------------------------------------


def test_unknown_parameter_is_rejected_naming_the_key(tmp_path):
    path = write_override(tmp_path, {"parameters": {"absense_rate": 0.1}})
    messages = load_errors(path)
    assert messages == ["felt 'parameters.absense_rate': ukendt felt (stavefejl?) (fik 0.1)"]


def test_unknown_top_level_and_calendar_keys_are_all_reported(tmp_path):
    path = write_override(tmp_path, {"replikationer": 5, "calendar": {"slut": "2027-01-01"}})
    messages = load_errors(path)
    assert len(messages) == 2
    assert any("'replikationer'" in m and "ukendt felt" in m for m in messages)
    assert any("'calendar.slut'" in m and "ukendt felt" in m for m in messages)


def test_error_carries_the_scenario_file_as_source(tmp_path):
    path = write_override(tmp_path, {"replications": 0})
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert info.value.source == str(path)
    assert str(info.value) == f"{path}: felt 'replications': skal være mindst 1 (fik 0)"


@pytest.mark.parametrize(
    ("overrides", "field", "expected"),
    [
        ({"replications": 0}, "replications", "skal være mindst 1 (fik 0)"),
        ({"replications": 101}, "replications", "må højst være 100 (fik 101)"),
        ({"seed": -1}, "seed", "skal være mindst 0 (fik -1)"),
        (
            {"sampled_weekend_days_per_month": 5},
            "sampled_weekend_days_per_month",
            "må højst være 4 (fik 5)",
        ),
        (
            {"parameters": {"absence_rate": -0.1}},
            "parameters.absence_rate",
            "skal være mindst 0 (fik -0.1)",
        ),
        (
            {"parameters": {"demand_growth_per_year": 0.7}},
            "parameters.demand_growth_per_year",
            "må højst være 0,5 (fik 0.7)",
        ),
        (
            {"parameters": {"demand_growth_per_year": -0.75}},
            "parameters.demand_growth_per_year",
            "skal være mindst -0,5 (fik -0.75)",
        ),
        (
            {"parameters": {"detour_factor": 0.5}},
            "parameters.detour_factor",
            "skal være mindst 1 (fik 0.5)",
        ),
        (
            {"parameters": {"speed_kmh": 0}},
            "parameters.speed_kmh",
            "skal være større end 0 (fik 0)",
        ),
        (
            {"parameters": {"parking_minutes": 90}},
            "parameters.parking_minutes",
            "må højst være 60 (fik 90)",
        ),
        (
            {"parameters": {"max_delay_minutes": 2000}},
            "parameters.max_delay_minutes",
            "må højst være 1440 (fik 2000)",
        ),
        ({"name": ""}, "name", "må ikke være tom"),
        ({"name": "x" * 121}, "name", "er for lang (højst 120 tegn)"),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 40 else None,
)
def test_out_of_range_value_names_field_and_bound(tmp_path, overrides, field, expected):
    messages = load_errors(write_override(tmp_path, overrides))
    assert len(messages) == 1
    assert messages[0].startswith(f"felt '{field}': {expected}")


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("absence_rate", 0.7, "må højst være 0,5 (fik 0.7)"),
        ("productivity_loss", 0.6, "må højst være 0,5 (fik 0.6)"),
        ("window_half_width_minutes", 300, "må højst være 240 (fik 300)"),
        ("meeting_minutes_day", 200, "må højst være 120 (fik 200)"),
        ("documentation_minutes", 500, "må højst være 120 (fik 500)"),
    ],
)
def test_narrowed_upper_bound_is_enforced(tmp_path, field, value, expected):
    path = write_override(tmp_path, {"parameters": {field: value}})
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert info.value.messages == [f"felt 'parameters.{field}': {expected}"]


def _declared_bounds(name: str) -> tuple[list, list]:
    """The lower (ge/gt) and upper (le) bounds declared on a field of Parameters."""
    metadata = Parameters.model_fields[name].metadata
    lower = [m for m in metadata if isinstance(m, Ge | Gt)]
    upper = [m.le for m in metadata if isinstance(m, Le)]
    return lower, upper


NUMERIC_PARAMETERS = [
    name
    for name, info in Parameters.model_fields.items()
    if info.annotation in (int, float, float | None)
]


def test_the_numeric_parameters_are_all_found():
    assert len(NUMERIC_PARAMETERS) >= 20
    assert {"absence_rate", "speed_kmh", "parking_minutes", "continuity_slack_minutes"} <= set(
        NUMERIC_PARAMETERS
    )


@pytest.mark.parametrize("name", NUMERIC_PARAMETERS)
def test_every_numeric_parameter_has_one_lower_and_one_upper_bound(name):
    # one bound each: a bound inherited from an Annotated alias would hide a tighter Field(le=)
    lower, upper = _declared_bounds(name)
    assert len(lower) == 1 and len(upper) == 1, (lower, upper)


def _shown_bound(value: float) -> str:
    return f"{value:g}".replace(".", ",") if isinstance(value, float) else str(value)


@pytest.mark.parametrize("name", NUMERIC_PARAMETERS)
def test_every_numeric_parameter_enforces_its_declared_bounds(tmp_path, name):
    lower, upper = _declared_bounds(name)
    high = min(upper)
    too_high = high + 1
    assert load_errors(write_override(tmp_path, {"parameters": {name: too_high}})) == [
        f"felt 'parameters.{name}': må højst være {_shown_bound(high)} (fik {too_high})"
    ]
    (bound,) = lower
    low = bound.ge if isinstance(bound, Ge) else bound.gt
    too_low = low - 1
    expected = (
        f"skal være mindst {_shown_bound(low)}"
        if isinstance(bound, Ge)
        else f"skal være større end {_shown_bound(low)}"
    )
    assert load_errors(write_override(tmp_path, {"parameters": {name: too_low}})) == [
        f"felt 'parameters.{name}': {expected} (fik {too_low})"
    ]
    # the bounds themselves are allowed
    for value in (high, low) if isinstance(bound, Ge) else (high,):
        load_scenario(write_override(tmp_path, {"parameters": {name: value}}))


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"seed": "abc"}, "felt 'seed': skal være et helt tal (fik 'abc')"),
        ({"replications": 2.5}, "felt 'replications': skal være et helt tal (fik 2.5)"),
        (
            {"parameters": {"absence_rate": "høj"}},
            "felt 'parameters.absence_rate': skal være et tal (fik 'høj')",
        ),
        (
            {"parameters": {"pool_from_flyt2": "måske"}},
            "felt 'parameters.pool_from_flyt2': skal være ja/nej (true/false) (fik 'måske')",
        ),
        (
            {"calendar": {"end": "næste år"}},
            "felt 'calendar.end': skal være en dato (ÅÅÅÅ-MM-DD) (fik 'næste år')",
        ),
        (
            {"placements": "SOF-HP-NOR-BIS"},
            "felt 'placements': skal være en liste (fik 'SOF-HP-NOR-BIS')",
        ),
        (
            {"fidelity": "hourly"},
            "felt 'fidelity': skal være en af: 'sampled' eller 'every-day' (fik 'hourly')",
        ),
    ],
    ids=["seed", "replications", "absence_rate", "bool", "date", "list", "literal"],
)
def test_wrong_type_names_field_and_expected_type(tmp_path, overrides, expected):
    assert load_errors(write_override(tmp_path, overrides)) == [expected]


def test_danish_choice_message_has_no_english_words(tmp_path):
    path = write_override(tmp_path, {"parameters": {"travel_mode": "plane"}})
    (message,) = load_errors(path)
    assert message.startswith("felt 'parameters.travel_mode': skal være en af:")
    assert " or " not in message


@pytest.mark.parametrize(
    ("line", "da", "en"),
    [
        ("name: 2026-01-01", "(fik '2026-01-01')", "(got '2026-01-01')"),
        ("name: true", "(fik true)", "(got true)"),
        ("name:", "(fik tom værdi)", "(got empty value)"),
    ],
    ids=["date", "bool", "empty"],
)
def test_the_given_value_is_shown_as_written_in_yaml(tmp_path, line, da, en):
    path = write(tmp_path / "s.yaml", f"base: baseline.yaml\n{line}\n")
    assert load_errors(path) == [f"felt 'name': skal være tekst {da}"]
    (message,) = load_errors(path, lang="en")
    assert message.startswith("field 'name': must be text")
    assert message.endswith(en)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "calendar:\n  start: 2026-06-01 10:00:00\n",
            "felt 'calendar.start': skal være en dato (ÅÅÅÅ-MM-DD) uden klokkeslæt "
            "(fik '2026-06-01 10:00:00')",
        ),
        (
            "parameters:\n  turnover_by_role: høj\n",
            "felt 'parameters.turnover_by_role': skal være en gruppe af felter (nøgle: værdi) "
            "(fik 'høj')",
        ),
    ],
    ids=["datetime", "dict"],
)
def test_more_type_messages_are_danish(tmp_path, text, expected):
    path = write(tmp_path / "s.yaml", f"base: baseline.yaml\nname: x\n{text}")
    assert load_errors(path) == [expected]


def test_danish_choices_end_in_eller(tmp_path):
    path = write_override(tmp_path, {"parameters": {"travel_mode": "plane"}})
    assert load_errors(path) == [
        "felt 'parameters.travel_mode': skal være en af: 'walk', 'bike', 'ebike', 'car' eller "
        "'none' (fik 'plane')"
    ]
    (english,) = load_errors(path, lang="en")
    assert "'car' or 'none'" in english


def test_several_errors_are_reported_together(tmp_path):
    path = write_override(
        tmp_path,
        {
            "seed": "abc",
            "replications": 0,
            "parameters": {"detour_factor": 9, "foo": 1},
        },
    )
    messages = load_errors(path)
    assert len(messages) == 4
    fields = sorted(m.split("'")[1] for m in messages)
    assert fields == ["parameters.detour_factor", "parameters.foo", "replications", "seed"]


# --- dates ------------------------------------------------------------------------------


def test_calendar_end_before_start(tmp_path):
    path = write_override(
        tmp_path,
        {
            "calendar": {
                "start": "2026-06-14",
                "end": "2026-06-01",
                "flyt1": "2026-06-14",
                "flyt2": "2026-06-14",
                "physical_merge": "2026-06-14",
            }
        },
    )
    assert load_errors(path) == ["felt 'calendar': slutdatoen må ikke ligge før startdatoen"]


def test_placement_end_before_start(tmp_path):
    path = write_override(
        tmp_path,
        {
            "placements": [
                {
                    "team": "SUF-HP-03",
                    "premises": "SUF-P-03",
                    "start": "2026-07-01",
                    "end": "2026-06-30",
                }
            ]
        },
    )
    assert load_errors(path) == ["felt 'placements.0': slutdatoen må ikke ligge før startdatoen"]


def test_milestones_out_of_order(tmp_path):
    path = write_override(tmp_path, {"calendar": {"flyt2": "2027-06-01"}})  # after the merge
    assert load_errors(path) == [
        "felt 'calendar': datoerne skal komme i rækkefølgen flyt1 ≤ flyt2 ≤ physical_merge"
    ]


def test_horizon_longer_than_three_years(tmp_path):
    path = write_override(tmp_path, {"calendar": {"end": "2029-07-01"}})
    assert load_errors(path) == ["felt 'calendar': perioden må højst være tre år"]


def test_a_one_day_horizon_with_equal_milestones_is_valid(tmp_path):
    day = "2026-06-01"
    path = write_override(
        tmp_path,
        {"calendar": {"start": day, "end": day, "flyt1": day, "flyt2": day, "physical_merge": day}},
    )
    assert load_scenario(path).calendar.end == dt.date(2026, 6, 1)


# --- the base chain ---------------------------------------------------------------------


def test_base_chain_merges_mappings_and_replaces_lists(tmp_path):
    write(
        tmp_path / "grand.yaml",
        """\
name: Grand
description: from grand
parameters:
  absence_rate: 0.2
  detour_factor: 1.5
  travel_mode: car
placements:
  - {team: SUF-HP-03, premises: SUF-P-03, start: 2026-07-01, end: 2026-07-31}
  - {team: SUF-HP-05, premises: SUF-P-05, start: 2026-07-01, end: 2026-07-31}
""",
    )
    write(
        tmp_path / "parent.yaml",
        """\
base: grand.yaml
name: Parent
parameters:
  absence_rate: 0.3
replications: 4
""",
    )
    child = write(
        tmp_path / "child.yaml",
        """\
base: parent.yaml
name: Child
parameters:
  travel_mode: walk
placements:
  - {team: SOF-HP-NOR-BIS, premises: NY-NOR, start: 2026-09-01, end: 2026-12-31}
""",
    )
    scenario = load_scenario(child)
    assert scenario.name == "Child"
    assert scenario.description == "from grand"
    assert scenario.replications == 4
    assert scenario.parameters.absence_rate == 0.3  # from parent
    assert scenario.parameters.detour_factor == 1.5  # sibling kept from grand
    assert scenario.parameters.travel_mode == "walk"  # from child
    assert scenario.parameters.productivity_loss_days == 14  # model default
    assert [(p.team, p.premises) for p in scenario.placements] == [("SOF-HP-NOR-BIS", "NY-NOR")]
    parent = load_scenario(tmp_path / "parent.yaml")
    assert len(parent.placements) == 2
    assert parent.parameters.travel_mode == "car"


def test_override_of_one_calendar_date_keeps_the_others(tmp_path):
    scenario = load_scenario(write_override(tmp_path, {"calendar": {"flyt2": "2027-04-01"}}))
    assert scenario.calendar.flyt2 == dt.date(2027, 4, 1)
    assert scenario.calendar.start == dt.date(2026, 6, 1)
    assert scenario.calendar.physical_merge == dt.date(2027, 5, 1)


def test_an_empty_placement_list_replaces_the_base_list(tmp_path):
    path = write(
        tmp_path / "s.yaml",
        "base: merged-may-2027.yaml\nname: Ingen flytninger\nplacements: []\n",
    )
    assert load_scenario(SCENARIO_DIR / "merged-may-2027.yaml").placements
    assert load_scenario(path).placements == []


def test_base_loop_is_detected(tmp_path):
    write(tmp_path / "a.yaml", "base: b.yaml\nname: A\n")
    write(tmp_path / "b.yaml", "base: c.yaml\nname: B\n")
    write(tmp_path / "c.yaml", "base: a.yaml\nname: C\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(tmp_path / "a.yaml")
    assert info.value.messages == ["'base' danner en løkke"]
    assert info.value.source == str((tmp_path / "a.yaml").resolve())


def test_a_file_that_is_its_own_base_is_a_loop(tmp_path):
    path = write(tmp_path / "self.yaml", "base: self.yaml\nname: S\n")
    with pytest.raises(ScenarioError, match="'base' danner en løkke"):
        load_scenario(path)


def test_base_must_be_a_file_name(tmp_path):
    path = write(tmp_path / "s.yaml", "base: 5\nname: S\n")
    assert load_errors(path) == ["felt 'base': skal være et filnavn"]


def test_missing_base_file_is_named(tmp_path):
    path = write(tmp_path / "s.yaml", "base: nowhere.yaml\nname: S\n")
    assert load_errors(path) == [f"filen findes ikke: {tmp_path / 'nowhere.yaml'}"]


# --- file problems ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("name: x\nseed: 1\nfoo: bar: baz\n", 3, 9),
        ("name: x\ncalendar:\n\tstart: 2026-06-01\n", 3, 1),
        ("name: x\nparameters:\n  absence_rate: 0.1\n detour_factor: 1.2\n", 4, 2),
    ],
    ids=["colon", "tab", "indent"],
)
def test_invalid_yaml_reports_line_and_column(tmp_path, text, line, column):
    path = write(tmp_path / "bad.yaml", text)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert info.value.messages == [f"ugyldig YAML (linje {line}, kolonne {column})"]
    assert info.value.source == str(path)


def test_impossible_unquoted_date_is_a_scenario_error(tmp_path):
    path = write(tmp_path / "s.yaml", "base: baseline.yaml\nname: x\ncalendar:\n  end: 2027-02-30")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert info.value.messages == ["datoen '2027-02-30' findes ikke (linje 4, kolonne 8)"]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("da", "datoen '2027-02-30' findes ikke (linje 4, kolonne 8)"),
        ("en", "the date '2027-02-30' does not exist (line 4, column 8)"),
    ],
)
def test_impossible_unquoted_date_names_the_date_and_line(tmp_path, lang, expected):
    path = write(tmp_path / "s.yaml", "base: baseline.yaml\nname: x\ncalendar:\n  end: 2027-02-30")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path, lang=lang)
    assert info.value.messages == [expected]
    assert info.value.source == str(path)


def test_impossible_date_in_a_base_file_names_the_base_file(tmp_path):
    base = write(tmp_path / "base.yaml", "name: x\ncalendar:\n  start: 2026-13-01\n")
    path = write(tmp_path / "s.yaml", "base: base.yaml\nname: y\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert info.value.messages == ["datoen '2026-13-01' findes ikke (linje 3, kolonne 10)"]
    assert info.value.source == str(base)


@pytest.mark.parametrize(
    ("text", "key", "line", "first"),
    [
        ("base: baseline.yaml\nname: x\nseed: 1\nname: y\n", "name", 4, 2),
        (
            "base: baseline.yaml\nname: x\nparameters:\n  absence_rate: 0.1\n"
            "  detour_factor: 1.2\n  absence_rate: 0.2\n",
            "absence_rate",
            6,
            4,
        ),
        (
            "base: baseline.yaml\nname: x\ncalendar: {end: 2027-01-31, end: 2027-02-28}\n",
            "end",
            3,
            3,
        ),
    ],
    ids=["top", "nested", "flow"],
)
def test_a_key_given_twice_is_rejected_naming_key_and_lines(tmp_path, text, key, line, first):
    path = write(tmp_path / "s.yaml", text)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    (message,) = info.value.messages
    assert message.startswith(
        f"nøglen '{key}' står flere gange i samme afsnit (linje {line}, kolonne "
    )
    assert message.endswith(f"; første gang i linje {first}")
    assert info.value.source == str(path)
    (english,) = load_errors(path, lang="en")
    assert english.startswith(f"the key '{key}' appears more than once in the same section")
    assert english.endswith(f"first on line {first}")


def test_the_same_key_in_different_sections_is_fine(tmp_path):
    path = write(
        tmp_path / "s.yaml",
        "base: baseline.yaml\nname: x\nplacements:\n"
        "  - {team: SUF-HP-03, premises: NY-NOR, start: 2026-09-01, end: 2026-09-30}\n"
        "  - {team: SUF-HP-03, premises: NY-NOR, start: 2026-10-01, end: 2026-10-31}\n",
    )
    assert len(load_scenario(path).placements) == 2


def test_yaml_merge_keys_may_be_overridden(tmp_path):
    # '<<: *anchor' brings in keys that the mapping may then override: not a duplicate
    path = write(
        tmp_path / "s.yaml",
        "base: baseline.yaml\nname: x\nplacements:\n"
        "  - &first {team: SUF-HP-03, premises: NY-NOR, start: 2026-09-01, end: 2026-09-30}\n"
        "  - <<: *first\n    start: 2026-10-01\n    end: 2026-10-31\n",
    )
    second = load_scenario(path).placements[1]
    assert (second.team, second.start) == ("SUF-HP-03", dt.date(2026, 10, 1))


def test_a_folder_as_scenario_is_a_clear_error(tmp_path):
    assert load_errors(tmp_path) == [f"er en mappe, ikke en scenariefil: {tmp_path.resolve()}"]
    assert load_errors(tmp_path, lang="en") == [
        f"is a folder, not a scenario file: {tmp_path.resolve()}"
    ]


def test_a_folder_as_base_is_a_clear_error(tmp_path):
    (tmp_path / "sub").mkdir()
    path = write(tmp_path / "s.yaml", "base: sub\nname: x\n")
    assert load_errors(path) == [
        f"er en mappe, ikke en scenariefil: {(tmp_path / 'sub').resolve()}"
    ]


@pytest.mark.parametrize("base", ["''", "'  '", '"a\\0b"'])
def test_an_empty_base_is_not_a_file_name(tmp_path, base):
    path = write(tmp_path / "s.yaml", f"base: {base}\nname: x\n")
    assert load_errors(path) == ["felt 'base': skal være et filnavn"]


def test_a_symlink_loop_is_a_clear_error(tmp_path):
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    assert load_errors(tmp_path / "a.yaml") == [f"filen kan ikke læses: {tmp_path / 'a.yaml'}"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its mode")
def test_a_file_without_read_permission_is_a_clear_error(tmp_path):
    path = write(tmp_path / "s.yaml", "name: x\n")
    path.chmod(0)
    assert load_errors(path) == [f"ingen adgang til filen: {path.resolve()}"]
    (english,) = load_errors(path, lang="en")
    assert english == f"no permission to read the file: {path.resolve()}"


def test_a_file_that_fails_to_read_is_a_clear_error():
    # a regular file whose first read fails with EIO: this process's memory at address 0
    path = Path("/proc/self/mem").resolve()
    assert load_errors(path) == [f"filen kan ikke læses: {path}"]
    assert load_errors(path, lang="en") == [f"the file cannot be read: {path}"]


def test_impossible_quoted_date_names_the_field(tmp_path):
    path = write(
        tmp_path / "s.yaml", "base: baseline.yaml\nname: x\ncalendar:\n  end: '2027-02-30'\n"
    )
    assert load_errors(path) == [
        "felt 'calendar.end': skal være en dato (ÅÅÅÅ-MM-DD) (fik '2027-02-30')"
    ]


@pytest.mark.parametrize("text", ["- 1\n- 2\n", "just a sentence\n", "42\n"])
def test_non_mapping_yaml_is_rejected(tmp_path, text):
    path = write(tmp_path / "s.yaml", text)
    assert load_errors(path) == ["en scenariefil skal være en YAML-mapping (nøgle: værdi)"]


def test_empty_file_asks_for_a_name(tmp_path):
    assert load_errors(write(tmp_path / "s.yaml", "")) == ["felt 'name': skal udfyldes"]


def test_missing_file(tmp_path):
    path = tmp_path / "missing.yaml"
    assert load_errors(path) == [f"filen findes ikke: {path}"]


def test_non_utf8_file(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("name: Nørrebro\n".encode("latin-1"))
    assert load_errors(path) == [f"filen er ikke UTF-8-tekst: {path.resolve()}"]


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes("base: baseline.yaml\nname: Nørrebro\n".encode("utf-8-sig"))
    assert load_scenario(path).name == "Nørrebro"


# --- English messages -------------------------------------------------------------------


def test_english_messages(tmp_path):
    path = write_override(
        tmp_path,
        {
            "replications": 0,
            "parameters": {"absense_rate": 0.1},
            "calendar": {
                "start": "2026-07-01",
                "end": "2026-06-01",
                "flyt1": "2026-07-01",
                "flyt2": "2026-07-01",
                "physical_merge": "2026-07-01",
            },
        },
    )
    messages = load_errors(path, lang="en")
    assert sorted(messages) == sorted(
        [
            "field 'calendar': end must not be before start",
            "field 'parameters.absense_rate': unknown field (a typo?) (got 0.1)",
            "field 'replications': must be at least 1 (got 0)",
        ]
    )
    assert not any("felt" in m or "fik" in m for m in messages)


def test_english_type_message(tmp_path):
    (message,) = load_errors(write_override(tmp_path, {"seed": "abc"}), lang="en")
    assert message.startswith("field 'seed': must be a whole number")
    assert message.endswith("(got 'abc')")


def test_english_missing_file_message(tmp_path):
    messages = load_errors(tmp_path / "missing.yaml", lang="en")
    assert "filen findes ikke" not in messages[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name: x\nseed: 1\nfoo: bar: baz\n", "invalid YAML (line 3, column 9)"),
        ("- 1\n- 2\n", "a scenario file must be a YAML mapping (key: value)"),
        ("base: 5\nname: S\n", "field 'base': must be a file name"),
        ("base: s.yaml\nname: S\n", "'base' forms a loop"),
    ],
    ids=["yaml", "mapping", "base", "loop"],
)
def test_english_file_level_messages(tmp_path, text, expected):
    path = write(tmp_path / "s.yaml", text)
    assert load_errors(path, lang="en") == [expected]


def test_english_missing_file_names_the_file(tmp_path):
    path = tmp_path / "missing.yaml"
    assert load_errors(path, lang="en") == [f"file not found: {path}"]


# --- dump, hash and seeds ---------------------------------------------------------------


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_dump_scenario_round_trip(tmp_path, path):
    scenario = load_scenario(path)
    dumped = write(tmp_path / "dumped.yaml", dump_scenario(scenario))
    again = load_scenario(dumped)
    assert again == scenario
    assert again.content_hash() == scenario.content_hash()
    assert dump_scenario(again) == dump_scenario(scenario)


def test_dump_is_complete_without_a_base(tmp_path):
    scenario = load_scenario(SCENARIO_DIR / "merged-may-2027.yaml")
    raw = yaml.safe_load(dump_scenario(scenario))
    assert "base" not in raw
    assert set(raw) == set(Scenario.model_fields)
    assert len(raw["placements"]) == 16


def test_content_hash_is_stable_and_tracks_every_change():
    scenario = load_scenario(BASELINE)
    digest = scenario.content_hash()
    assert len(digest) == 16
    assert set(digest) <= set("0123456789abcdef")
    assert load_scenario(BASELINE).content_hash() == digest
    assert scenario.with_overrides().content_hash() == digest
    changed = {
        scenario.with_overrides(parameters={"absence_rate": 0.1}).content_hash(),
        scenario.with_overrides(seed=1).content_hash(),
        scenario.with_overrides(name="Andet navn").content_hash(),
        scenario.with_overrides(calendar={"flyt2": "2027-04-01"}).content_hash(),
    }
    assert digest not in changed
    assert len(changed) == 4


def test_with_overrides_validates():
    scenario = load_scenario(BASELINE)
    changed = scenario.with_overrides(parameters={"absence_rate": 0.2})
    assert changed.parameters.absence_rate == 0.2
    assert changed.parameters.detour_factor == scenario.parameters.detour_factor
    assert scenario.parameters.absence_rate == 0.09  # the original is unchanged
    with pytest.raises(ValueError, match="absense_rate"):
        scenario.with_overrides(parameters={"absense_rate": 0.2})


def test_replication_seeds_are_common_random_numbers(tmp_path):
    scenario = load_scenario(write_override(tmp_path, {"seed": 41, "replications": 3}))
    assert scenario.replication_seeds() == [41, 42, 43]
    assert scenario.replication_seeds(5) == [41, 42, 43, 44, 45]
    other = load_scenario(SCENARIO_DIR / "samlokalisering-ny-noerrebro.yaml")
    baseline = load_scenario(BASELINE)
    assert other.replication_seeds() == baseline.replication_seeds() == list(range(10))


# --- placements against the data -------------------------------------------------------


def test_placement_unknown_team(tmp_path):
    messages = placement_errors(
        tmp_path,
        [
            {
                "team": "SOF-HP-XXX",
                "premises": "SUF-P-03",
                "start": "2026-09-01",
                "end": "2027-05-31",
            }
        ],
    )
    assert messages == ["felt 'placements.0.team': ukendt enhed 'SOF-HP-XXX'"]


def test_placement_unknown_premises(tmp_path):
    messages = placement_errors(
        tmp_path,
        [
            {
                "team": "SUF-HP-03",
                "premises": "SUF-P-03",
                "start": "2026-09-01",
                "end": "2026-09-30",
            },
            {
                "team": "SOF-HP-NOR-BIS",
                "premises": "SUF-P-99",
                "start": "2026-09-01",
                "end": "2027-05-31",
            },
        ],
    )
    assert messages == ["felt 'placements.1.premises': ukendt lokation 'SUF-P-99'"]


def test_placement_overlap_names_the_later_placement_and_first_day(tmp_path):
    messages = placement_errors(
        tmp_path,
        [
            {
                "team": "SOF-HP-NOR-BIS",
                "premises": "SUF-P-03",
                "start": "2026-09-01",
                "end": "2027-05-31",
            },
            {"team": "SUF-HP-03", "premises": "NY-NOR", "start": "2026-12-01", "end": "2027-01-31"},
            {
                "team": "SOF-HP-NOR-BIS",
                "premises": "NY-NOR",
                "start": "2026-12-01",
                "end": "2027-01-31",
            },
        ],
    )
    assert messages == [
        "felt 'placements.2.start': enheden SOF-HP-NOR-BIS er allerede placeret 2026-12-01 "
        "ifølge 'placements.0' (placeringer må ikke overlappe)"
    ]


def test_placements_touching_end_to_start_do_not_overlap(tmp_path, default_data):
    path = write_override(
        tmp_path,
        {
            "placements": [
                {
                    "team": "SOF-HP-NOR-BIS",
                    "premises": "SUF-P-03",
                    "start": "2026-09-01",
                    "end": "2026-11-30",
                },
                {
                    "team": "SOF-HP-NOR-BIS",
                    "premises": "NY-NOR",
                    "start": "2026-12-01",
                    "end": "2027-05-31",
                },
            ]
        },
    )
    placements = resolve_placements(load_scenario(path), default_data)
    assert placements.on("SOF-HP-NOR-BIS", dt.date(2026, 11, 30)) == "SUF-P-03"
    assert placements.on("SOF-HP-NOR-BIS", dt.date(2026, 12, 1)) == "NY-NOR"
    assert placements.move_dates["SOF-HP-NOR-BIS"] == [dt.date(2026, 9, 1), dt.date(2026, 12, 1)]


def test_placement_before_premises_is_available(tmp_path):
    messages = placement_errors(
        tmp_path,
        [
            {
                "team": "SOF-HP-NOR-BIS",
                "premises": "NY-NOR",
                "start": "2026-08-01",
                "end": "2027-05-31",
            }
        ],
    )
    assert messages == [
        "felt 'placements.0.start': lokation NY-NOR er først ledig fra 2026-09-01 (fik 2026-08-01)"
    ]


def test_placement_on_the_first_available_day_is_accepted(tmp_path, default_data):
    path = write_override(
        tmp_path,
        {
            "placements": [
                {
                    "team": "SOF-HP-NOR-BIS",
                    "premises": "NY-NOR",
                    "start": "2026-09-01",
                    "end": "2027-05-31",
                }
            ]
        },
    )
    placements = resolve_placements(load_scenario(path), default_data)
    assert placements.on("SOF-HP-NOR-BIS", dt.date(2026, 9, 1)) == "NY-NOR"


def test_placement_after_premises_is_available(tmp_path):
    messages = placement_errors(
        tmp_path,
        [
            {
                "team": "SOF-HP-NOR-BIS",
                "premises": "NY-BIS",
                "start": "2026-11-01",
                "end": "2028-01-31",
            },
            # SOF-P-VES, too, is only available until 2027-12-31: its team moves for 2028
            VES_2028,
        ],
        calendar={"end": "2028-03-31"},
    )
    assert messages == [
        "felt 'placements.0.end': lokation NY-BIS er kun ledig til 2027-12-31 (fik 2028-01-31)"
    ]


def test_all_placement_problems_are_reported_at_once(tmp_path):
    messages = placement_errors(
        tmp_path,
        [
            {
                "team": "SOF-HP-NOR-BIS",
                "premises": "NY-BIS",
                "start": "2026-08-01",
                "end": "2028-01-31",
            },
            {"team": "X", "premises": "SUF-P-03", "start": "2026-08-01", "end": "2026-09-01"},
            {"team": "SUF-HP-08", "premises": "Y", "start": "2026-08-01", "end": "2026-09-01"},
        ],
    )
    assert [m.split("'")[1] for m in messages] == [
        "placements.0.start",
        "placements.0.end",
        "placements.1.team",
        "placements.2.premises",
    ]


def test_home_premises_after_its_lease_ends_is_reported(tmp_path, default_data):
    scenario = load_scenario(write_override(tmp_path, {"calendar": {"end": "2028-03-31"}}))
    with pytest.raises(ScenarioError, match="SOF-P-VES"):
        resolve_placements(scenario, default_data)


def test_home_premises_after_its_lease_ends_names_team_premises_and_dates(tmp_path):
    messages = placement_errors(tmp_path, [], calendar={"end": "2028-03-31"})
    assert messages == [
        "felt 'placements': enheden SOF-HP-VES-VAL har ingen placering fra 2028-01-01 til "
        "2028-03-31 og sidder da i sin hjemmelokation SOF-P-VES (teams.csv), men lokationen er "
        "kun ledig til 2027-12-31; tilføj en placering for enheden i den periode"
    ]


def test_home_premises_check_spares_the_days_a_placement_covers(tmp_path):
    part = {**VES_2028, "end": "2028-02-15"}
    messages = placement_errors(tmp_path, [part], calendar={"end": "2028-03-31"})
    assert len(messages) == 1
    assert "fra 2028-02-16 til 2028-03-31" in messages[0]
    path = write_override(tmp_path, {"placements": [VES_2028], "calendar": {"end": "2028-03-31"}})
    scenario = load_scenario(path)
    placements = resolve_placements(scenario, load_dataset(scenario.resolve_data_dir()))
    assert placements.on("SOF-HP-VES-VAL", dt.date(2028, 1, 1)) == "NY-VES"


def test_home_premises_before_it_is_available_is_reported(tmp_path):
    directory = copy_default_data(tmp_path / "data")

    def edit(frame):
        frame.loc[frame["team_id"] == "SUF-HP-03", "home_premises_id"] = "NY-NOR"
        return frame

    edit_table(directory, "teams", edit)
    messages = placement_errors(tmp_path, [], data_dir=str(directory))
    assert messages == [
        "felt 'placements': enheden SUF-HP-03 har ingen placering fra 2026-06-01 til "
        "2026-08-31 og sidder da i sin hjemmelokation NY-NOR (teams.csv), men lokationen er "
        "først ledig fra 2026-09-01; tilføj en placering for enheden i den periode"
    ]


def test_placement_overlapping_a_later_one_with_its_end_names_the_end(tmp_path):
    messages = placement_errors(
        tmp_path,
        [
            {"team": "SUF-HP-03", "premises": "NY-NOR", "start": "2026-12-01", "end": "2027-01-31"},
            {"team": "SUF-HP-03", "premises": "NY-BIS", "start": "2026-09-01", "end": "2026-12-15"},
        ],
    )
    assert messages == [
        "felt 'placements.1.end': enheden SUF-HP-03 er allerede placeret 2026-12-01 ifølge "
        "'placements.0' (placeringer må ikke overlappe)"
    ]


# ---- candidate premises carried by the scenario (from uploaded option sets) ---------------

OPTION = {
    "premises_id": "NY-TEST-1",
    "name": "Kandidat Valby (test)",
    "district": 7,
    "latitude": 55.665,
    "longitude": 12.515,
    "capacity_people": 60,
    "area_m2": 700,
    "rent_per_m2_year": 1400,
    "available_from": "2026-08-01",
    "option_set": "test",
}


def test_a_placement_may_use_a_candidate_premises_the_scenario_carries(tmp_path, default_data):
    from sim.inputs.dataset import scenario_data

    path = write_override(
        tmp_path,
        {
            "premises_options": [OPTION],
            "placements": [
                {
                    "team": "SUF-HP-03",
                    "premises": "NY-TEST-1",
                    "start": "2026-09-01",
                    "end": "2027-05-31",
                }
            ],
        },
    )
    scenario = load_scenario(path)
    data = scenario_data(scenario, default_data)
    assert data.premises.loc["NY-TEST-1", "capacity_people"] == 60
    assert len(data.premises) == len(default_data.premises) + 1
    assert default_data.premises.index.is_unique and "NY-TEST-1" not in default_data.premises.index
    placements = resolve_placements(scenario, data)
    assert placements.on("SUF-HP-03", dt.date(2026, 9, 1)) == "NY-TEST-1"
    assert placements.on("SUF-HP-03", dt.date(2026, 8, 31)) != "NY-TEST-1"


def test_without_options_the_scenario_runs_on_its_data_folder_as_it_is(default_data):
    from sim.inputs.dataset import scenario_data

    assert scenario_data(load_scenario(BASELINE), default_data) is default_data


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"latitude": 56.2},
            "felt 'premises_options.0.latitude': må højst være 55,74 (fik 56.2)",
        ),
        (
            {"capacity_people": 0},
            "felt 'premises_options.0.capacity_people': skal være større end 0 (fik 0)",
        ),
        (
            {"available_to": "2026-07-01"},
            "felt 'premises_options.0': 'ledig til' må ikke ligge før 'ledig fra'",
        ),
        (
            {"colour": "red"},
            "felt 'premises_options.0.colour': ukendt felt (stavefejl?) (fik 'red')",
        ),
    ],
)
def test_an_invalid_candidate_premises_names_the_field(tmp_path, change, expected):
    path = write_override(tmp_path, {"premises_options": [{**OPTION, **change}]})
    errors = load_errors(path)
    assert errors == [expected]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (
            [{**OPTION, "premises_id": "SUF-P-03"}],
            "'premises_options.0.premises_id': id'et 'SUF-P-03' findes allerede blandt "
            "lokaliteterne",
        ),
        (
            [OPTION, OPTION],
            "'premises_options.1.premises_id': id'et 'NY-TEST-1' findes allerede blandt "
            "lokaliteterne",
        ),
        ([{**OPTION, "district": 11}], "'premises_options.0.district': ukendt bydel 11"),
    ],
)
def test_a_candidate_premises_must_be_new_and_in_a_known_district(options, expected, default_data):
    from sim.inputs.dataset import scenario_data

    scenario = load_scenario(BASELINE).with_overrides(premises_options=options)
    with pytest.raises(ScenarioError) as raised:
        scenario_data(scenario, default_data)
    assert raised.value.messages == [expected]


# ---- a scenario file that travels between users (uploaded in the app) --------------------


def test_a_downloaded_scenario_uploads_as_the_same_scenario():
    from sim.inputs.scenario import scenario_from_upload

    scenario = load_scenario(SCENARIO_DIR / "merged-may-2027.yaml")
    text = dump_scenario(scenario).encode("utf-8")
    assert scenario_from_upload(text, "fra-kollega.yaml", SCENARIO_DIR) == scenario


def test_an_uploaded_scenario_may_build_on_a_shipped_one():
    from sim.inputs.scenario import scenario_from_upload

    text = "base: baseline.yaml\nname: Mit scenarie\nparameters:\n  absence_rate: 0.2\n"
    scenario = scenario_from_upload(text.encode("utf-8-sig"), "mit.yaml", SCENARIO_DIR)
    expected = load_scenario(BASELINE).with_overrides(
        name="Mit scenarie", parameters={"absence_rate": 0.2}
    )
    assert scenario == expected


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"name: X\nparameters:\n  absence: 0.2\n", "felt 'parameters.absence': ukendt felt"),
        (b"name: X\nname: Y\n", "nøglen 'name' står flere gange i samme afsnit (linje 2"),
        (b"name: [X\n", "ugyldig YAML"),
        ("name: Æble".encode("cp1252"), "filen er ikke UTF-8-tekst: upload.yaml"),
        (b"- a\n- b\n", "en scenariefil skal være en YAML-mapping"),
        (b"base: findes-ikke.yaml\nname: X\n", "felt 'base': 'findes-ikke.yaml' er ikke et af"),
        (
            b"x" * 10_000_001,
            "filen er for stor (10 MB); den må højst fylde 10 MB: upload.yaml",
        ),
    ],
)
def test_an_invalid_uploaded_scenario_is_explained(content, expected):
    from sim.inputs.scenario import scenario_from_upload

    with pytest.raises(ScenarioError) as raised:
        scenario_from_upload(content, "upload.yaml", SCENARIO_DIR)
    assert any(expected in m for m in raised.value.messages), raised.value.messages


def test_a_run_with_a_team_in_a_candidate_premises_uses_it(default_data):
    """End to end: the option travels in the scenario to the worker that builds the day,
    and the team's staff meet at the candidate premises."""
    from sim.analysis.costs import attach_costs
    from sim.run.experiment import run_experiment

    move = {
        "team": "SUF-HP-03",
        "premises": "NY-TEST-1",
        "start": "2026-08-01",
        "end": "2026-08-03",
    }
    scenario = load_scenario(BASELINE).with_overrides(
        calendar={
            "start": "2026-08-01",
            "end": "2026-08-03",
            "flyt1": "2026-08-01",
            "flyt2": "2026-08-02",
            "physical_merge": "2026-08-03",
        },
        fidelity="every-day",
        replications=1,
        premises_options=[OPTION],
        placements=[move],
    )
    for workers in (1, 2):
        experiment = run_experiment(scenario, workers=workers)
        premises = experiment.frame("premises")
        assert "NY-TEST-1" in set(premises["premises"]), workers
    costs = attach_costs(experiment).frame("costs")
    assert costs["amount"].sum() > 0


def test_a_saved_scenario_with_a_retired_parameter_still_loads():
    """dispatch_lookahead was replaced by continuity_slack_minutes: old files still load."""
    parameters = Parameters.model_validate({"dispatch_lookahead": 8, "absence_rate": 0.1})
    assert parameters.absence_rate == 0.1
    assert "dispatch_lookahead" not in parameters.model_dump()
