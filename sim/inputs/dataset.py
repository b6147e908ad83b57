"""The data tables a scenario refers to (``data/`` by default), read and checked.

Every problem is reported at once, each naming the file, the row as a spreadsheet shows
it (the header is row 1) and the column.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import io
import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sim.inputs.geography import CPH_LAT, CPH_LON, Districts
from sim.inputs.scenario import (
    DEFAULT_DATA_DIR,
    MAX_UPLOAD_BYTES,
    FileRefused,
    PremisesOption,
    Scenario,
    ScenarioError,
    field_bounds,
    read_regular_file,
)

ORGANISATIONS = ("SOF", "SUF")
# premises: a base in use today (SOF, SUF; its rent is paid all along) or a candidate (ny)
PREMISES_ORGANISATIONS = (*ORGANISATIONS, "ny")
SERVICES = ("home_care", "nursing")
VISIT_TYPES = ("personal_care", "practical_help", "nursing", "training")
SKILLS = ("sosu", "nurse", "therapist")
VISIT_SKILL = {
    "personal_care": "sosu",
    "practical_help": "sosu",
    "nursing": "nurse",
    "training": "therapist",
}
VISIT_SERVICE = {
    "personal_care": "home_care",
    "practical_help": "home_care",
    "nursing": "nursing",
    "training": "home_care",
}
ROLES = ("sosu_helper", "sosu_assistant", "nurse", "therapist", "leader", "administration")
ROLE_SKILL = {
    "sosu_helper": "sosu",
    "sosu_assistant": "sosu",
    "nurse": "nurse",
    "therapist": "therapist",
    "leader": None,
    "administration": None,
}
DAY_TYPES = ("weekday", "weekend")
SHIFTS = ("day", "evening", "night")
BANDS = ("morning", "day", "evening", "night")
BAND_SHARE_COLUMNS = [f"share_{band}" for band in BANDS]
AGE_GROUPS = ("a0_5", "a6_16", "a17_19", "a20_34", "a35_64", "a65_79", "a80p")

FILES = {
    "districts": "districts.geojson",
    "population": "population_projection.csv",
    "segments": "segments.csv",
    "visit_profiles": "visit_profiles.csv",
    "unplanned": "unplanned.csv",
    "teams": "teams.csv",
    "staff": "staff.csv",
    "rosters": "rosters.csv",
    "premises": "premises.csv",
}

COLUMNS = {
    "population": ["bydel_nr", "year", *AGE_GROUPS],
    "segments": [
        "segment",
        "organisation",
        "label_da",
        "label_en",
        "age_groups",
        "take_up_per_1000",
    ],
    "visit_profiles": [
        "segment",
        "visit_type",
        "visits_per_week",
        "weekend_factor",
        "duration_mean_min",
        "duration_cv",
        *BAND_SHARE_COLUMNS,
        "two_carer_share",
    ],
    "unplanned": [
        "segment",
        "calls_per_citizen_per_day",
        *BAND_SHARE_COLUMNS,
        "duration_mean_min",
        "duration_cv",
    ],
    "teams": ["team_id", "name", "organisation", "service", "areas", "home_premises_id"],
    "staff": ["team_id", "role", "headcount", "fte"],
    "rosters": ["team_id", "role", "day_type", "shift", "planned", "on_call"],
    "premises": [
        "premises_id",
        "name",
        "address",
        "district",
        "organisation",
        "latitude",
        "longitude",
        "capacity_people",
        "workstations",
        "area_m2",
        "rent_per_m2_year",
        "running_cost_per_m2_year",
        "fitout_cost",
        "available_from",
        "available_to",
    ],
}


@dataclass(frozen=True, eq=False)
class DataSet:
    directory: Path
    content_hash: str
    districts: Districts
    population: pd.DataFrame
    segments: pd.DataFrame
    visit_profiles: pd.DataFrame
    unplanned: pd.DataFrame
    teams: pd.DataFrame
    staff: pd.DataFrame
    rosters: pd.DataFrame
    premises: pd.DataFrame

    def team_areas(self, team_id: str) -> list[int]:
        return self.teams.loc[team_id, "area_list"]


class _Problems:
    """Collects messages so that every problem in every file is reported at once."""

    def __init__(self):
        self.messages: list[str] = []
        # (file, spreadsheet row or None, column(s) as the user named them, text)
        self.entries: list[tuple[str, int | None, str | tuple[str, ...] | None, str]] = []
        self._typed: dict[str, pd.DataFrame] = {}
        # file -> {column in the model: column as the user named it}, for uploaded files
        self.labels: dict[str, dict[str, str]] = {}

    def label(self, file: str, column: str) -> str:
        return self.labels.get(file, {}).get(column, column)

    def add(
        self, file: str, row: int | None, column: str | tuple[str, ...] | None, text: str
    ) -> None:
        where = file
        row = None if row is None else row + 2
        if row is not None:
            where += f", række {row}"
        if isinstance(column, tuple):
            column = tuple(self.label(file, c) for c in column)
            where += ", kolonne " + " og ".join(f"'{c}'" for c in column)
        elif column is not None:
            column = self.label(file, column)
            where += f", kolonne '{column}'"
        self.messages.append(f"{where}: {text}")
        self.entries.append((file, row, column, text))

    def remember(self, file: str, df: pd.DataFrame) -> None:
        """Keep the text of ``file`` as typed, before numbers and dates are parsed, so that
        messages show what the user wrote (56.20, 2026-08-01), not a parsed value."""
        self._typed[file] = df.copy()

    def typed(self, file: str, df: pd.DataFrame, index, column: str) -> str:
        typed = self._typed.get(file)
        if typed is not None and column in typed.columns and index in typed.index:
            return str(typed.at[index, column])
        return _as_text(df.at[index, column])

    def check_rows(
        self, file: str, df: pd.DataFrame, column: str, bad: pd.Series, text: str, *, show=True
    ):
        for index in df.index[bad.to_numpy()]:
            shown = f" (fik '{self.typed(file, df, index, column)}')" if show else ""
            self.add(file, int(index), column, text + shown)


def _as_text(value) -> str:
    """A parsed cell back as text, for a table that was not remembered as typed."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float) or hasattr(value, "dtype"):
        return f"{float(value):g}"
    return str(value)


_REFUSED = {
    "missing": "filen mangler",
    "folder": "er en mappe, ikke en fil",
    "special": "er ikke en almindelig fil (men fx en enhed eller en navngiven pipe) og læses ikke",
    "denied": "ingen adgang til filen",
    "unreadable": "filen kan ikke læses",
}


def _unreadable(exc: OSError | FileRefused) -> str:
    """Why a file could not be opened, for the user."""
    if isinstance(exc, FileRefused):
        if exc.kind == "too_big":
            return f"filen er for stor; den må højst fylde {MAX_UPLOAD_BYTES // 1_000_000} MB"
        return _REFUSED[exc.kind]
    if isinstance(exc, FileNotFoundError | NotADirectoryError):
        return "filen mangler"
    if isinstance(exc, IsADirectoryError):
        return "er en mappe, ikke en fil"
    if isinstance(exc, PermissionError):
        return "ingen adgang til filen"
    return "filen kan ikke læses"


def _read_table(path: Path, columns: list[str], problems: _Problems) -> pd.DataFrame | None:
    """A CSV table as stripped text with its required ``columns``, or None (and the
    problem noted) when it cannot be read or lacks some of them. Only a regular file of
    at most MAX_UPLOAD_BYTES is read."""
    try:
        raw = read_regular_file(path)
        df = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    except (OSError, FileRefused) as exc:
        problems.add(path.name, None, None, _unreadable(exc))
        return None
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        problems.add(path.name, None, None, f"kan ikke læses som CSV ({exc})")
        return None
    missing = [c for c in columns if c not in df.columns]
    if missing:
        problems.add(path.name, None, None, "mangler kolonne(r): " + ", ".join(missing))
        return None
    for column in df.columns:
        df[column] = df[column].str.strip()
    problems.remember(path.name, df)
    return df


def _numeric(
    df, file, column, problems, *, minimum=None, maximum=None, integer=False, allow_empty=False
):
    raw = df[column].str.strip()
    values = pd.to_numeric(raw, errors="coerce")
    empty = raw == ""
    bad = values.isna() & ~(empty & allow_empty)
    problems.check_rows(file, df, column, bad & empty, "skal udfyldes", show=False)
    problems.check_rows(file, df, column, bad & ~empty, "skal være et tal")
    infinite = values.isin([math.inf, -math.inf])  # 'inf', or more digits than a float holds
    problems.check_rows(file, df, column, infinite, "skal være et endeligt tal")
    bad |= infinite
    if integer:
        problems.check_rows(
            file, df, column, ~bad & ~empty & (values % 1 != 0), "skal være et helt tal"
        )
    if minimum is not None:
        problems.check_rows(
            file, df, column, ~bad & (values < minimum), f"må ikke være under {minimum}"
        )
    if maximum is not None:
        problems.check_rows(
            file, df, column, ~bad & (values > maximum), f"må højst være {_plain(maximum)}"
        )
    df[column] = values.mask(infinite)  # checks after this one skip them


def _one_of(df, file, column, allowed, problems):
    problems.check_rows(
        file,
        df,
        column,
        ~df[column].isin(allowed),
        "skal være en af: " + ", ".join(map(str, allowed)),
    )


def _references(df, file, column, known, problems, what):
    problems.check_rows(file, df, column, ~df[column].isin(known), f"ukendt {what}")


def _shares(df, file, problems):
    for column in BAND_SHARE_COLUMNS:
        _numeric(df, file, column, problems, minimum=0)
    total = df[BAND_SHARE_COLUMNS].sum(axis=1)
    for index in df.index[(total - 1).abs().to_numpy() > 1e-6]:
        problems.add(
            file,
            int(index),
            "share_*",
            f"andelene morgen/dag/aften/nat skal summe til 1 (summer til {total[index]:g})",
        )


def _file_hash(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode())
        digest.update(read_regular_file(path) if path.exists() else b"")
    return digest.hexdigest()[:16]


def load_dataset(directory: str | Path) -> DataSet:
    """Read and check all tables in ``directory`` (cached while the files are unchanged)."""
    directory = Path(directory).resolve()
    if directory.exists() and not directory.is_dir():
        raise ScenarioError(["er en fil, ikke en datamappe"], source=str(directory))
    paths = [directory / name for name in FILES.values()]
    stamp = tuple((p.stat().st_mtime_ns, p.stat().st_size) if p.exists() else None for p in paths)
    return _load_dataset(directory, stamp)


@functools.lru_cache(maxsize=8)
def _load_dataset(directory: Path, _stamp: tuple) -> DataSet:
    problems = _Problems()
    geojson = directory / FILES["districts"]
    districts = None
    try:
        read_regular_file(geojson)  # a regular file of at most MAX_UPLOAD_BYTES, or refused
        districts = Districts.from_geojson(geojson)
    except (OSError, FileRefused) as exc:
        problems.add(geojson.name, None, None, _unreadable(exc))
    except (ValueError, KeyError, TypeError) as exc:
        problems.add(geojson.name, None, None, f"ugyldig GeoJSON ({exc})")

    tables = {}
    for key, columns in COLUMNS.items():
        df = _read_table(directory / FILES[key], columns, problems)
        if df is not None:
            tables[key] = df
    if problems.messages or len(tables) < len(COLUMNS) or districts is None:
        raise ScenarioError(problems.messages, source=str(directory))

    district_ids = sorted(districts.names)
    _check_population(tables["population"], district_ids, problems)
    segments = _check_segments(tables["segments"], problems)
    _check_profiles(tables["visit_profiles"], segments, problems)
    _check_unplanned(tables["unplanned"], segments, problems)
    premises = _check_premises(tables["premises"], district_ids, problems)
    teams = _check_teams(tables["teams"], district_ids, premises, problems)
    _check_staff(tables["staff"], teams, problems)
    _check_rosters(tables["rosters"], teams, problems)
    if problems.messages:
        raise ScenarioError(problems.messages, source=str(directory))

    return DataSet(
        directory=directory,
        content_hash=_file_hash([directory / name for name in FILES.values()]),
        districts=districts,
        population=tables["population"],
        segments=segments.set_index("segment", drop=False),
        visit_profiles=tables["visit_profiles"],
        unplanned=tables["unplanned"],
        teams=teams.set_index("team_id", drop=False),
        staff=tables["staff"],
        rosters=tables["rosters"],
        premises=premises.set_index("premises_id", drop=False),
    )


def _check_population(df, district_ids, problems):
    file = FILES["population"]
    df["bydel_nr"] = df["bydel_nr"].replace("", "0")  # the city total row has no district
    for column in ["bydel_nr", "year", *AGE_GROUPS]:
        _numeric(df, file, column, problems, minimum=0, integer=True)
    covered = set(df["bydel_nr"].dropna().astype(int))
    for district in district_ids:
        if district not in covered:
            problems.add(file, None, "bydel_nr", f"ingen befolkningstal for bydel {district}")


def _check_segments(df, problems):
    file = FILES["segments"]
    _one_of(df, file, "organisation", ORGANISATIONS, problems)
    _numeric(df, file, "take_up_per_1000", problems, minimum=0)
    duplicated = df["segment"].duplicated()
    problems.check_rows(file, df, "segment", duplicated, "segmentet findes allerede")
    for index, groups in df["age_groups"].items():
        unknown = [g for g in groups.split("+") if g not in AGE_GROUPS]
        if not groups:
            problems.add(
                file, int(index), "age_groups", "skal udfyldes; brug " + "+".join(AGE_GROUPS)
            )
        elif unknown:
            problems.add(
                file,
                int(index),
                "age_groups",
                "ukendt aldersgruppe "
                + ", ".join(f"'{g}'" for g in unknown)
                + f" (fik '{groups}'); brug "
                + "+".join(AGE_GROUPS),
            )
    return df


def _check_profiles(df, segments, problems):
    file = FILES["visit_profiles"]
    _references(df, file, "segment", set(segments["segment"]), problems, "segment")
    _one_of(df, file, "visit_type", VISIT_TYPES, problems)
    for column in ["visits_per_week", "weekend_factor", "duration_cv"]:
        _numeric(df, file, column, problems, minimum=0)
    _numeric(df, file, "duration_mean_min", problems, minimum=0.1)
    _numeric(df, file, "two_carer_share", problems, minimum=0)
    problems.check_rows(
        file, df, "two_carer_share", df["two_carer_share"] > 1, "skal være mellem 0 og 1"
    )
    _shares(df, file, problems)


def _check_unplanned(df, segments, problems):
    file = FILES["unplanned"]
    _references(df, file, "segment", set(segments["segment"]), problems, "segment")
    _numeric(df, file, "calls_per_citizen_per_day", problems, minimum=0)
    _numeric(df, file, "duration_mean_min", problems, minimum=0.1)
    _numeric(df, file, "duration_cv", problems, minimum=0)
    _shares(df, file, problems)


PREMISES_NUMBERS = [
    "workstations",
    "area_m2",
    "rent_per_m2_year",
    "running_cost_per_m2_year",
    "fitout_cost",
]


def _premises_range(column: str, integer: bool) -> dict[str, float]:
    """The bounds of a premises number, from the scenario schema (PremisesOption): one set
    of limits for data/premises.csv, a planner's upload and a scenario's candidates."""
    low, high, low_open, _ = field_bounds(PremisesOption, column)
    if low_open and integer:
        low += 1  # more than 0 people: at least 1
    return {"minimum": low, "maximum": high}


def _check_premises(
    df,
    district_ids,
    problems,
    *,
    file=FILES["premises"],
    known_ids=(),
    date_text="ÅÅÅÅ-MM-DD",
    district_text="ukendt bydel",
):
    """Check the premises table in place (``data/premises.csv`` or a planner's upload).

    ``known_ids`` are ids that already exist elsewhere (today's premises, for an upload);
    ``date_text`` and ``district_text`` say what the file may hold. Values arrive as text,
    already in the model's notation (1234.5, ÅÅÅÅ-MM-DD); the typed text is remembered."""
    ids = df["premises_id"]
    problems.check_rows(file, df, "premises_id", ids == "", "skal udfyldes", show=False)
    problems.check_rows(file, df, "name", df["name"] == "", "skal udfyldes", show=False)
    problems.check_rows(
        file, df, "premises_id", (ids != "") & ids.duplicated(), "id'et findes allerede"
    )
    problems.check_rows(
        file,
        df,
        "premises_id",
        (ids != "") & ~ids.duplicated() & ids.isin(list(known_ids)),
        "id'et findes allerede blandt de nuværende lokaliteter",
    )
    _one_of(df, file, "organisation", PREMISES_ORGANISATIONS, problems)
    district = pd.to_numeric(df["district"].str.strip(), errors="coerce")
    problems.check_rows(file, df, "district", ~district.isin(list(district_ids)), district_text)
    df["district"] = district
    box = (
        f"koordinaterne ligger uden for København "
        f"(breddegrad {CPH_LAT[0]}–{CPH_LAT[1]}, længdegrad {CPH_LON[0]}–{CPH_LON[1]})"
    )
    _numeric(df, file, "latitude", problems)
    _numeric(df, file, "longitude", problems)
    lat_out = df["latitude"].notna() & ~df["latitude"].between(*CPH_LAT)
    lon_out = df["longitude"].notna() & ~df["longitude"].between(*CPH_LON)
    problems.check_rows(file, df, "latitude", lat_out & ~lon_out, box)
    problems.check_rows(file, df, "longitude", lon_out & ~lat_out, box)
    for index in df.index[(lat_out & lon_out).to_numpy()]:
        lat = problems.typed(file, df, index, "latitude")
        lon = problems.typed(file, df, index, "longitude")
        swapped = CPH_LAT[0] <= df.at[index, "longitude"] <= CPH_LAT[1] and (
            CPH_LON[0] <= df.at[index, "latitude"] <= CPH_LON[1]
        )
        hint = "; er de byttet om?" if swapped else ""
        problems.add(
            file, int(index), ("latitude", "longitude"), f"{box} (fik '{lat}' og '{lon}'{hint})"
        )
    for column in ["capacity_people", *PREMISES_NUMBERS]:
        integer = column == "capacity_people"
        _numeric(df, file, column, problems, integer=integer, **_premises_range(column, integer))
    parsed = {}
    for column in ["available_from", "available_to"]:
        parsed[column] = pd.to_datetime(df[column], format="%Y-%m-%d", errors="coerce")
        empty = df[column] == ""
        bad = parsed[column].isna() & ~(empty & (column == "available_to"))
        problems.check_rows(file, df, column, bad & empty, "skal udfyldes", show=False)
        problems.check_rows(file, df, column, bad & ~empty, f"skal være en dato {date_text}")
        df[column] = [d.date() if pd.notna(d) else None for d in parsed[column]]
    bad_order = (parsed["available_to"] < parsed["available_from"]).fillna(False)
    problems.check_rows(
        file,
        df,
        "available_to",
        bad_order,
        f"må ikke ligge før {problems.label(file, 'available_from')}",
    )
    return df


def _check_teams(df, district_ids, premises, problems):
    file = FILES["teams"]
    problems.check_rows(file, df, "team_id", df["team_id"] == "", "skal udfyldes", show=False)
    problems.check_rows(file, df, "team_id", df["team_id"].duplicated(), "id'et findes allerede")
    _one_of(df, file, "organisation", ORGANISATIONS, problems)
    _one_of(df, file, "service", SERVICES, problems)
    _references(df, file, "home_premises_id", set(premises["premises_id"]), problems, "lokation")
    area_lists = []
    for index, text in df["areas"].items():
        try:
            areas = sorted({int(part) for part in text.split(";") if part.strip()})
        except ValueError:
            areas = []
        if not areas or any(a not in district_ids for a in areas):
            problems.add(
                file, int(index), "areas", f"skal være bydelsnumre adskilt af ';' (fik '{text}')"
            )
        area_lists.append(areas)
    df["area_list"] = area_lists
    seen: dict[tuple, str] = {}
    for index, row in df.iterrows():
        for area in row["area_list"]:
            key = (row["organisation"], row["service"], area)
            if key in seen:
                problems.add(
                    file,
                    int(index),
                    "areas",
                    f"bydel {area} dækkes allerede af {seen[key]} "
                    f"({row['organisation']}, {row['service']})",
                )
            seen[key] = row["team_id"]
    return df


def _check_staff(df, teams, problems):
    file = FILES["staff"]
    _references(df, file, "team_id", set(teams["team_id"]), problems, "enhed")
    _one_of(df, file, "role", ROLES, problems)
    _numeric(df, file, "headcount", problems, minimum=0, integer=True)
    _numeric(df, file, "fte", problems, minimum=0)


def _check_rosters(df, teams, problems):
    file = FILES["rosters"]
    _references(df, file, "team_id", set(teams["team_id"]), problems, "enhed")
    _one_of(df, file, "role", ROLES, problems)
    _one_of(df, file, "day_type", DAY_TYPES, problems)
    _one_of(df, file, "shift", SHIFTS, problems)
    _numeric(df, file, "planned", problems, minimum=0, integer=True)
    _numeric(df, file, "on_call", problems, minimum=0, integer=True)


# ---- cost tables (read by sim.analysis.costs; the simulation itself does not need them) ---------

COST_FILES = {
    "salaries": "salaries.csv",
    "cost_parameters": "cost_parameters.csv",
    "budget": "budget.csv",
}
COST_COLUMNS = {
    "salaries": [
        "role",
        "label_da",
        "annual_salary",
        "pension_share",
        "agency_rate_per_hour",
        "basis",
        "illustrative",
        "source",
    ],
    "cost_parameters": ["parameter", "value", "unit", "basis", "illustrative", "source"],
    "budget": [
        "year",
        "line",
        "parent",
        "category",
        "kind",
        "label_da",
        "label_en",
        "amount_1000_dkk",
        "basis",
        "illustrative",
        "source",
    ],
}
BASES = ("plan", "published", "assumption", "derived")
YES_NO = ("yes", "no")
BUDGET_CATEGORIES = ("moved", "expiring", "implementation", "suf_own")
BUDGET_KINDS = ("expense", "income")
TRAVEL_MODES = ("walk", "bike", "ebike", "car", "none")
# parameter -> (lowest, highest allowed value)
COST_PARAMETERS = {
    "annual_hours_per_fte": (1.0, 3000.0),
    "payroll_overhead_share": (0.0, 1.0),
    "hours_per_shift": (1.0, 24.0),
    "supplement_evening": (0.0, 3.0),
    "supplement_night": (0.0, 3.0),
    "supplement_weekend": (0.0, 3.0),
    "overtime_supplement": (0.0, 3.0),
    "agency_travel_minutes_per_visit": (0.0, 240.0),
    **{f"transport_per_km_{mode}": (0.0, 100.0) for mode in TRAVEL_MODES},
    "moving_cost_per_person": (0.0, 1e6),
    "recruitment_cost_per_hire": (0.0, 1e7),
    "implementation_funding_available_share": (0.0, 1.0),
    "service_gap_price_share": (0.0, 10.0),
}


@dataclass(frozen=True, eq=False)
class CostData:
    """Salaries per role, cost parameters and budget lines, checked."""

    files: dict[str, Path]  # the file each table was read from
    content_hash: str
    salaries: pd.DataFrame  # indexed by role
    parameters: dict[str, float]
    budget: pd.DataFrame

    def parameter(self, name: str) -> float:
        return self.parameters[name]


def cost_file_paths(directory: str | Path) -> dict[str, Path]:
    """The cost files of a data folder; a file it does not have is taken from the default
    data folder (``data/``), so a folder with only its own premises still has costs."""
    directory = Path(directory).resolve()
    paths = {}
    for key, name in COST_FILES.items():
        own = directory / name
        paths[key] = own if own.exists() else (DEFAULT_DATA_DIR / name).resolve()
    return paths


def load_cost_data(directory: str | Path) -> CostData:
    """Read and check the cost tables of ``directory`` (cached while unchanged)."""
    paths = cost_file_paths(directory)
    stamp = tuple(
        (str(p), p.stat().st_mtime_ns, p.stat().st_size) if p.exists() else (str(p),)
        for p in paths.values()
    )
    return _load_cost_data(stamp)


@functools.lru_cache(maxsize=8)
def _load_cost_data(stamp: tuple) -> CostData:
    paths = {key: Path(entry[0]) for key, entry in zip(COST_FILES, stamp, strict=True)}
    problems = _Problems()
    tables = {}
    for key, columns in COST_COLUMNS.items():
        df = _read_table(paths[key], columns, problems)
        if df is not None:
            tables[key] = df
    if problems.messages or len(tables) < len(COST_COLUMNS):
        raise ScenarioError(problems.messages, source=str(paths["salaries"].parent))
    _check_salaries(tables["salaries"], problems)
    parameters = _check_cost_parameters(tables["cost_parameters"], problems)
    _check_budget(tables["budget"], problems)
    if problems.messages:
        raise ScenarioError(problems.messages, source=str(paths["salaries"].parent))
    return CostData(
        files=paths,
        content_hash=_file_hash(list(paths.values())),
        salaries=tables["salaries"].set_index("role", drop=False),
        parameters=parameters,
        budget=tables["budget"],
    )


def _check_labels(df, file, problems):
    _one_of(df, file, "basis", BASES, problems)
    _one_of(df, file, "illustrative", YES_NO, problems)


def _check_salaries(df, problems):
    file = COST_FILES["salaries"]
    _one_of(df, file, "role", ROLES, problems)
    problems.check_rows(file, df, "role", df["role"].duplicated(), "rollen findes allerede")
    for role in ROLES:
        if role not in set(df["role"]):
            problems.add(file, None, "role", f"mangler en række for rollen '{role}'")
    _numeric(df, file, "annual_salary", problems, minimum=0)
    _numeric(df, file, "pension_share", problems, minimum=0)
    problems.check_rows(
        file, df, "pension_share", df["pension_share"] > 1, "skal være mellem 0 og 1"
    )
    _numeric(df, file, "agency_rate_per_hour", problems, minimum=0)
    _check_labels(df, file, problems)


def _check_cost_parameters(df, problems) -> dict[str, float]:
    file = COST_FILES["cost_parameters"]
    problems.check_rows(
        file,
        df,
        "parameter",
        ~df["parameter"].isin(list(COST_PARAMETERS)),
        "ukendt parameter",
    )
    problems.check_rows(
        file, df, "parameter", df["parameter"].duplicated(), "parameteren findes allerede"
    )
    for name in COST_PARAMETERS:
        if name not in set(df["parameter"]):
            problems.add(file, None, "parameter", f"mangler parameteren '{name}'")
    _numeric(df, file, "value", problems)
    for index, row in df.iterrows():
        bounds = COST_PARAMETERS.get(row["parameter"])
        value = row["value"]
        if bounds is None or pd.isna(value):
            continue
        low, high = bounds
        if not low <= value <= high:
            problems.add(
                file,
                int(index),
                "value",
                f"{row['parameter']} skal være mellem {_plain(low)} og {_plain(high)} "
                f"(fik {_plain(value)})",
            )
    _check_labels(df, file, problems)
    return dict(zip(df["parameter"], df["value"].astype(float), strict=True))


def _plain(value: float) -> str:
    """A number as a Dane writes it in a message: 1000000, 0,5."""
    return str(int(value)) if float(value).is_integer() else f"{value}".replace(".", ",")


def _check_budget(df, problems):
    file = COST_FILES["budget"]
    _numeric(df, file, "year", problems, minimum=2000, integer=True)
    problems.check_rows(file, df, "line", df["line"] == "", "skal udfyldes", show=False)
    problems.check_rows(
        file,
        df,
        "line",
        df.duplicated(["year", "line"]),
        "linjen findes allerede for dette år",
    )
    _one_of(df, file, "category", BUDGET_CATEGORIES, problems)
    _one_of(df, file, "kind", BUDGET_KINDS, problems)
    _numeric(df, file, "amount_1000_dkk", problems)
    amount = df["amount_1000_dkk"]
    problems.check_rows(
        file,
        df,
        "amount_1000_dkk",
        (df["kind"] == "expense") & (amount < 0),
        "en udgift må ikke være negativ",
    )
    problems.check_rows(
        file,
        df,
        "amount_1000_dkk",
        (df["kind"] == "income") & (amount > 0),
        "en indtægt skrives med minus",
    )
    known = set(zip(df["year"], df["line"], strict=True))
    orphan = [
        parent != "" and (year, parent) not in known
        for year, parent in zip(df["year"], df["parent"], strict=True)
    ]
    problems.check_rows(
        file, df, "parent", pd.Series(orphan, index=df.index), "ukendt linje samme år"
    )
    _check_labels(df, file, problems)


def scenario_data(scenario: Scenario, data: DataSet | None = None) -> DataSet:
    """The data a scenario runs on: its data folder plus the candidate premises it carries
    (``premises_options``), which must have new ids and known districts."""
    data = data if data is not None else load_dataset(scenario.resolve_data_dir())
    if not scenario.premises_options:
        return data
    problems = []
    known = set(data.premises.index)
    for i, option in enumerate(scenario.premises_options):
        where = f"'premises_options.{i}"
        if option.premises_id in known:
            problems.append(
                f"{where}.premises_id': id'et {option.premises_id!r} findes allerede blandt "
                "lokaliteterne"
            )
        if option.district not in data.districts.names:
            problems.append(f"{where}.district': ukendt bydel {option.district}")
        known.add(option.premises_id)
    if problems:
        raise ScenarioError(problems, source=scenario.name)
    return with_premises_options(data, scenario.premises_options)


def with_premises_options(data: DataSet, options: list[PremisesOption]) -> DataSet:
    """``data`` with checked candidate premises added to its premises."""
    if not options:
        return data
    rows = pd.DataFrame([option.model_dump(exclude={"option_set"}) for option in options])
    premises = pd.concat([data.premises, rows.set_index("premises_id", drop=False)])
    return dataclasses.replace(data, premises=premises)
