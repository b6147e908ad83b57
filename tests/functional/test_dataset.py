"""The data tables: the default set loads; every problem names file, row and column."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sim.inputs.dataset import FILES, ROLES, load_dataset
from sim.inputs.scenario import DEFAULT_DATA_DIR, ScenarioError
from tests.synthetic import copy_default_data, edit_table, one_district_data


def spreadsheet_row(directory: Path, key: str, prefix: str) -> int:
    """The row a spreadsheet shows for the line starting with ``prefix`` (header = row 1).

    Read from the raw file, independently of the loader (no field spans lines)."""
    lines = (directory / FILES[key]).read_text(encoding="utf-8-sig").splitlines()
    rows = [n for n, line in enumerate(lines, start=1) if line.startswith(prefix)]
    assert len(rows) == 1, f"{prefix!r} is not one line of {FILES[key]}"
    return rows[0]


def set_cell(directory: Path, key: str, match: dict, column: str, value: str) -> None:
    """Set ``column`` to ``value`` in the one row whose columns equal ``match``."""

    def edit(frame):
        selected = frame.index[frame[list(match)].eq(list(match.values())).all(axis=1).to_numpy()]
        assert len(selected) == 1, match
        frame.loc[selected[0], column] = value
        return frame

    edit_table(directory, key, edit)


def load_messages(directory: Path) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        load_dataset(directory)
    assert info.value.source == str(directory.resolve())
    return info.value.messages


@pytest.fixture
def data_dir(tmp_path) -> Path:
    return copy_default_data(tmp_path / "data")


# --- the default data --------------------------------------------------------------------


def test_default_data_loads_with_expected_counts():
    data = load_dataset(DEFAULT_DATA_DIR)
    assert len(data.teams) == 28
    assert len(data.premises) == 21
    assert data.teams.index.is_unique and data.premises.index.is_unique
    assert sorted(data.districts.names) == list(range(1, 11))
    assert set(data.teams["organisation"]) == {"SOF", "SUF"}
    assert set(data.teams["service"]) == {"home_care", "nursing"}
    assert set(data.teams["home_premises_id"]) <= set(data.premises.index)
    assert set(data.staff["role"]) <= set(ROLES)
    assert set(data.rosters["team_id"]) <= set(data.teams.index)
    assert len(data.content_hash) == 16


def test_default_data_is_parsed_into_typed_columns():
    data = load_dataset(DEFAULT_DATA_DIR)
    assert data.team_areas("SOF-HP-NOR-BIS") == [3, 8]
    assert data.team_areas("SOF-SP-NORD") == [1, 2, 3, 8]
    assert data.team_areas("SUF-HP-03") == [3]
    ny_nor = data.premises.loc["NY-NOR"]
    assert ny_nor["available_from"] == dt.date(2026, 9, 1)
    assert ny_nor["available_to"] is None
    assert data.premises.at["NY-BIS", "available_to"] == dt.date(2027, 12, 31)
    assert data.premises.at["SUF-P-03", "capacity_people"] == 62
    assert data.premises["latitude"].between(55.60, 55.74).all()
    shares = data.visit_profiles[["share_morning", "share_day", "share_evening", "share_night"]]
    assert ((shares.sum(axis=1) - 1).abs() < 1e-6).all()


def test_every_district_is_served_by_home_care_and_nursing_of_both_organisations():
    data = load_dataset(DEFAULT_DATA_DIR)
    for organisation in ("SOF", "SUF"):
        for service in ("home_care", "nursing"):
            teams = data.teams[
                (data.teams["organisation"] == organisation) & (data.teams["service"] == service)
            ]
            covered = sorted(a for areas in teams["area_list"] for a in areas)
            assert covered == list(range(1, 11)), (organisation, service)


def test_a_copy_has_the_same_hash_and_an_edit_changes_it(data_dir):
    original = load_dataset(DEFAULT_DATA_DIR)
    copy = load_dataset(data_dir)
    assert copy.content_hash == original.content_hash
    set_cell(data_dir, "premises", {"premises_id": "SUF-P-03"}, "capacity_people", "63")
    edited = load_dataset(data_dir)
    assert edited.premises.at["SUF-P-03", "capacity_people"] == 63
    assert edited.content_hash != original.content_hash


def test_synthetic_one_district_data_loads(tmp_path):
    data = load_dataset(one_district_data(tmp_path / "one"))
    assert list(data.teams.index) == ["T1"]
    assert data.team_areas("T1") == [1]


# --- one problem at a time ---------------------------------------------------------------


def test_missing_column_names_file_and_column(data_dir):
    edit_table(data_dir, "premises", lambda f: f.drop(columns=["capacity_people"]))
    assert load_messages(data_dir) == ["premises.csv: mangler kolonne(r): capacity_people"]


def test_several_missing_columns_are_listed(data_dir):
    edit_table(data_dir, "rosters", lambda f: f.drop(columns=["planned", "on_call"]))
    assert load_messages(data_dir) == ["rosters.csv: mangler kolonne(r): planned, on_call"]


def test_first_data_row_is_spreadsheet_row_2(data_dir):
    def edit(frame):
        frame.loc[0, "capacity_people"] = "mange"
        return frame

    edit_table(data_dir, "premises", edit)
    first_id = (data_dir / FILES["premises"]).read_text().splitlines()[1].split(",")[0]
    assert load_messages(data_dir) == [
        "premises.csv, række 2, kolonne 'capacity_people': skal være et tal (fik 'mange')"
    ]
    assert first_id == "SOF-P-OST"


def test_non_numeric_number(data_dir):
    row = spreadsheet_row(data_dir, "premises", "SUF-P-03,")
    set_cell(data_dir, "premises", {"premises_id": "SUF-P-03"}, "capacity_people", "mange")
    assert load_messages(data_dir) == [
        f"premises.csv, række {row}, kolonne 'capacity_people': skal være et tal (fik 'mange')"
    ]


def test_decimal_comma_is_not_silently_misread(data_dir):
    row = spreadsheet_row(data_dir, "staff", "SUF-HP-03,sosu_helper,")
    set_cell(data_dir, "staff", {"team_id": "SUF-HP-03", "role": "sosu_helper"}, "fte", "51,2")
    assert load_messages(data_dir) == [
        f"staff.csv, række {row}, kolonne 'fte': skal være et tal (fik '51,2')"
    ]


def test_fractional_headcount(data_dir):
    row = spreadsheet_row(data_dir, "staff", "SUF-HP-03,sosu_helper,")
    set_cell(data_dir, "staff", {"team_id": "SUF-HP-03", "role": "sosu_helper"}, "headcount", "2.5")
    assert load_messages(data_dir) == [
        f"staff.csv, række {row}, kolonne 'headcount': skal være et helt tal (fik '2.5')"
    ]


@pytest.mark.parametrize("value", ["-5", "0"])
def test_capacity_below_one(data_dir, value):
    row = spreadsheet_row(data_dir, "premises", "NY-NOR,")
    set_cell(data_dir, "premises", {"premises_id": "NY-NOR"}, "capacity_people", value)
    assert load_messages(data_dir) == [
        f"premises.csv, række {row}, kolonne 'capacity_people': må ikke være under 1 "
        f"(fik '{value}')"
    ]


def test_negative_planned_roster(data_dir):
    match = {"team_id": "SUF-HP-03", "role": "sosu_helper", "day_type": "weekday", "shift": "day"}
    row = spreadsheet_row(data_dir, "rosters", "SUF-HP-03,sosu_helper,weekday,day,")
    set_cell(data_dir, "rosters", match, "planned", "-1")
    assert load_messages(data_dir) == [
        f"rosters.csv, række {row}, kolonne 'planned': må ikke være under 0 (fik '-1')"
    ]


def test_premises_latitude_outside_copenhagen(data_dir):
    row = spreadsheet_row(data_dir, "premises", "NY-NOR,")
    set_cell(data_dir, "premises", {"premises_id": "NY-NOR"}, "latitude", "56.2")
    (message,) = load_messages(data_dir)
    assert message.startswith(
        f"premises.csv, række {row}, kolonne 'latitude': koordinaterne ligger uden for København"
    )
    assert "breddegrad 55.6–55.74" in message
    assert "længdegrad 12.43–12.7" in message
    assert "56.2" in message


def test_premises_longitude_outside_copenhagen_names_the_longitude(data_dir):
    row = spreadsheet_row(data_dir, "premises", "NY-NOR,")
    set_cell(data_dir, "premises", {"premises_id": "NY-NOR"}, "longitude", "10.2")
    (message,) = load_messages(data_dir)
    assert message.startswith(f"premises.csv, række {row}, kolonne 'longitude': ")
    assert "10.2" in message


def test_premises_coordinates_swapped_are_caught(data_dir):
    row = spreadsheet_row(data_dir, "premises", "NY-NOR,")
    set_cell(data_dir, "premises", {"premises_id": "NY-NOR"}, "latitude", "12.547")
    set_cell(data_dir, "premises", {"premises_id": "NY-NOR"}, "longitude", "55.701")
    (message,) = load_messages(data_dir)
    assert message.startswith(f"premises.csv, række {row}, kolonne ")
    assert "uden for København" in message


def test_premises_coordinates_both_outside_is_one_message_with_both_values(data_dir):
    row = spreadsheet_row(data_dir, "premises", "NY-NOR,")
    set_cell(data_dir, "premises", {"premises_id": "NY-NOR"}, "latitude", "12.547")
    set_cell(data_dir, "premises", {"premises_id": "NY-NOR"}, "longitude", "55.701")
    assert load_messages(data_dir) == [
        f"premises.csv, række {row}, kolonne 'latitude' og 'longitude': koordinaterne ligger "
        "uden for København (breddegrad 55.6–55.74, længdegrad 12.43–12.7) "
        "(fik '12.547' og '55.701'; er de byttet om?)"
    ]


def test_premises_longitude_alone_outside_is_not_blamed_on_the_latitude(data_dir):
    row = spreadsheet_row(data_dir, "premises", "NY-NOR,")
    set_cell(data_dir, "premises", {"premises_id": "NY-NOR"}, "longitude", "13.5")
    assert load_messages(data_dir) == [
        f"premises.csv, række {row}, kolonne 'longitude': koordinaterne ligger uden for "
        "København (breddegrad 55.6–55.74, længdegrad 12.43–12.7) (fik '13.5')"
    ]


def test_available_to_before_available_from(data_dir):
    row = spreadsheet_row(data_dir, "premises", "NY-BIS,")
    set_cell(data_dir, "premises", {"premises_id": "NY-BIS"}, "available_to", "2026-08-01")
    (message,) = load_messages(data_dir)
    assert message.startswith(
        f"premises.csv, række {row}, kolonne 'available_to': må ikke ligge før available_from"
    )
    assert "2026" in message and "8" in message


@pytest.mark.parametrize(
    ("premises_id", "column", "value"),
    [("NY-NOR", "latitude", "56.2"), ("NY-BIS", "available_to", "2026-08-01")],
)
def test_shown_value_is_what_the_user_typed(data_dir, premises_id, column, value):
    set_cell(data_dir, "premises", {"premises_id": premises_id}, column, value)
    (message,) = load_messages(data_dir)
    assert message.endswith(f"(fik '{value}')")


def test_shown_number_keeps_the_digits_as_typed(data_dir):
    # 56.20, not a parsed 56.2
    set_cell(data_dir, "premises", {"premises_id": "NY-NOR"}, "latitude", "56.20")
    (message,) = load_messages(data_dir)
    assert message.endswith("(fik '56.20')")


def test_unknown_age_group_names_the_group_and_the_cell(data_dir):
    row = spreadsheet_row(data_dir, "segments", "sof_mental,")
    set_cell(data_dir, "segments", {"segment": "sof_mental"}, "age_groups", "a20_34+a35_66")
    assert load_messages(data_dir) == [
        f"segments.csv, række {row}, kolonne 'age_groups': ukendt aldersgruppe 'a35_66' "
        "(fik 'a20_34+a35_66'); brug a0_5+a6_16+a17_19+a20_34+a35_64+a65_79+a80p"
    ]


def test_empty_age_groups(data_dir):
    row = spreadsheet_row(data_dir, "segments", "sof_mental,")
    set_cell(data_dir, "segments", {"segment": "sof_mental"}, "age_groups", "")
    assert load_messages(data_dir) == [
        f"segments.csv, række {row}, kolonne 'age_groups': skal udfyldes; "
        "brug a0_5+a6_16+a17_19+a20_34+a35_64+a65_79+a80p"
    ]


def test_badly_formatted_date(data_dir):
    row = spreadsheet_row(data_dir, "premises", "NY-VAL,")
    set_cell(data_dir, "premises", {"premises_id": "NY-VAL"}, "available_from", "1/1/2027")
    assert load_messages(data_dir) == [
        f"premises.csv, række {row}, kolonne 'available_from': skal være en dato ÅÅÅÅ-MM-DD "
        "(fik '1/1/2027')"
    ]


def test_unknown_premises_organisation(data_dir):
    row = spreadsheet_row(data_dir, "premises", "NY-VES,")
    set_cell(data_dir, "premises", {"premises_id": "NY-VES"}, "organisation", "Ny")
    assert load_messages(data_dir) == [
        f"premises.csv, række {row}, kolonne 'organisation': skal være en af: SOF, SUF, ny "
        "(fik 'Ny')"
    ]


def test_duplicate_premises_id(data_dir):
    row = spreadsheet_row(data_dir, "premises", "NY-VES,")  # no team's home premises
    set_cell(data_dir, "premises", {"premises_id": "NY-VES"}, "premises_id", "NY-NOR")
    assert load_messages(data_dir) == [
        f"premises.csv, række {row}, kolonne 'premises_id': id'et findes allerede (fik 'NY-NOR')"
    ]


def test_team_referencing_unknown_premises(data_dir):
    row = spreadsheet_row(data_dir, "teams", "SUF-HP-03,")
    set_cell(data_dir, "teams", {"team_id": "SUF-HP-03"}, "home_premises_id", "SUF-P-99")
    assert load_messages(data_dir) == [
        f"teams.csv, række {row}, kolonne 'home_premises_id': ukendt lokation (fik 'SUF-P-99')"
    ]


@pytest.mark.parametrize("areas", ["11", "1;11", "Indre By", ""])
def test_unknown_district_in_team_areas(data_dir, areas):
    row = spreadsheet_row(data_dir, "teams", "SUF-HP-01,")
    set_cell(data_dir, "teams", {"team_id": "SUF-HP-01"}, "areas", areas)
    assert load_messages(data_dir) == [
        f"teams.csv, række {row}, kolonne 'areas': skal være bydelsnumre adskilt af ';' "
        f"(fik {areas!r})"
    ]


def test_district_served_twice_by_the_same_kind_of_team(data_dir):
    # the later row is reported, naming the team that already covers the district
    row = spreadsheet_row(data_dir, "teams", "SUF-HP-04,")
    set_cell(data_dir, "teams", {"team_id": "SUF-HP-03"}, "areas", "3;4")
    assert load_messages(data_dir) == [
        f"teams.csv, række {row}, kolonne 'areas': bydel 4 dækkes allerede af SUF-HP-03 "
        "(SUF, home_care)"
    ]


def test_visit_profile_band_shares_not_summing_to_one(data_dir):
    row = spreadsheet_row(data_dir, "visit_profiles", "suf_65_79,practical_help,")
    set_cell(
        data_dir,
        "visit_profiles",
        {"segment": "suf_65_79", "visit_type": "practical_help"},
        "share_night",
        "0.5",
    )
    assert load_messages(data_dir) == [
        f"visit_profiles.csv, række {row}, kolonne 'share_*': andelene morgen/dag/aften/nat "
        "skal summe til 1 (summer til 1.5)"
    ]


def test_unplanned_band_shares_not_summing_to_one(data_dir):
    row = spreadsheet_row(data_dir, "unplanned", "suf_80plus,")
    set_cell(data_dir, "unplanned", {"segment": "suf_80plus"}, "share_day", "0.1")
    assert load_messages(data_dir) == [
        f"unplanned.csv, række {row}, kolonne 'share_*': andelene morgen/dag/aften/nat "
        "skal summe til 1 (summer til 0.8)"
    ]


def test_unknown_role_in_rosters(data_dir):
    match = {"team_id": "SUF-HP-03", "role": "sosu_helper", "day_type": "weekday", "shift": "day"}
    row = spreadsheet_row(data_dir, "rosters", "SUF-HP-03,sosu_helper,weekday,day,")
    set_cell(data_dir, "rosters", match, "role", "pilot")
    assert load_messages(data_dir) == [
        f"rosters.csv, række {row}, kolonne 'role': skal være en af: "
        + ", ".join(ROLES)
        + " (fik 'pilot')"
    ]


def test_unknown_team_in_staff(data_dir):
    row = spreadsheet_row(data_dir, "staff", "SUF-HP-03,leader,")
    set_cell(data_dir, "staff", {"team_id": "SUF-HP-03", "role": "leader"}, "team_id", "SUF-HP-33")
    assert load_messages(data_dir) == [
        f"staff.csv, række {row}, kolonne 'team_id': ukendt enhed (fik 'SUF-HP-33')"
    ]


# --- several problems, missing files -----------------------------------------------------


def test_all_problems_in_all_files_are_reported_at_once(data_dir):
    expected_rows = {
        "premises": spreadsheet_row(data_dir, "premises", "SUF-P-03,"),
        "teams": spreadsheet_row(data_dir, "teams", "SUF-HP-01,"),
        "rosters": spreadsheet_row(data_dir, "rosters", "SUF-HP-03,sosu_helper,weekday,day,"),
        "visit_profiles": spreadsheet_row(data_dir, "visit_profiles", "suf_65_79,practical_help,"),
    }
    set_cell(data_dir, "premises", {"premises_id": "SUF-P-03"}, "capacity_people", "mange")
    set_cell(data_dir, "premises", {"premises_id": "SUF-P-03"}, "latitude", "57")
    set_cell(data_dir, "teams", {"team_id": "SUF-HP-01"}, "areas", "11")
    set_cell(
        data_dir,
        "rosters",
        {"team_id": "SUF-HP-03", "role": "sosu_helper", "day_type": "weekday", "shift": "day"},
        "role",
        "pilot",
    )
    set_cell(
        data_dir,
        "visit_profiles",
        {"segment": "suf_65_79", "visit_type": "practical_help"},
        "share_night",
        "0.5",
    )
    messages = load_messages(data_dir)
    assert len(messages) == 5
    where = sorted(m.split(": ")[0] for m in messages)
    assert where == sorted(
        [
            f"premises.csv, række {expected_rows['premises']}, kolonne 'capacity_people'",
            f"premises.csv, række {expected_rows['premises']}, kolonne 'latitude'",
            f"teams.csv, række {expected_rows['teams']}, kolonne 'areas'",
            f"rosters.csv, række {expected_rows['rosters']}, kolonne 'role'",
            f"visit_profiles.csv, række {expected_rows['visit_profiles']}, kolonne 'share_*'",
        ]
    )


def test_several_bad_rows_in_one_column_are_each_reported(data_dir):
    rows = [spreadsheet_row(data_dir, "premises", f"{p},") for p in ("NY-NOR", "NY-OST")]
    for premises_id in ("NY-NOR", "NY-OST"):
        set_cell(data_dir, "premises", {"premises_id": premises_id}, "capacity_people", "x")
    assert load_messages(data_dir) == [
        f"premises.csv, række {row}, kolonne 'capacity_people': skal være et tal (fik 'x')"
        for row in rows
    ]


@pytest.mark.parametrize("key", list(FILES))
def test_missing_file_is_reported(data_dir, key):
    (data_dir / FILES[key]).unlink()
    assert load_messages(data_dir) == [f"{FILES[key]}: filen mangler"]


def test_missing_file_and_missing_column_are_reported_together(data_dir):
    (data_dir / FILES["staff"]).unlink()
    edit_table(data_dir, "teams", lambda f: f.drop(columns=["areas"]))
    assert sorted(load_messages(data_dir)) == [
        "staff.csv: filen mangler",
        "teams.csv: mangler kolonne(r): areas",
    ]


def test_missing_folder_reports_every_file(tmp_path):
    messages = load_messages(tmp_path / "nowhere")
    assert sorted(messages) == sorted(f"{name}: filen mangler" for name in FILES.values())


def test_a_file_as_data_folder_is_a_clear_error(tmp_path):
    path = tmp_path / "data.csv"
    path.write_text("x\n", encoding="utf-8")
    assert load_messages(path) == ["er en fil, ikke en datamappe"]


@pytest.mark.parametrize("key", ["teams", "districts"])
def test_a_folder_in_place_of_a_data_file_is_a_clear_error(data_dir, key):
    (data_dir / FILES[key]).unlink()
    (data_dir / FILES[key]).mkdir()
    assert load_messages(data_dir) == [f"{FILES[key]}: er en mappe, ikke en fil"]


def test_a_fixed_file_loads_again(data_dir):
    set_cell(data_dir, "premises", {"premises_id": "NY-NOR"}, "capacity_people", "mange")
    load_messages(data_dir)
    set_cell(data_dir, "premises", {"premises_id": "NY-NOR"}, "capacity_people", "120")
    assert load_dataset(data_dir).premises.at["NY-NOR", "capacity_people"] == 120
