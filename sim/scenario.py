"""The scenario: one closed, validated parameter object, loaded from YAML.

A scenario file is either complete or names a ``base`` scenario file and overrides
some of its keys (mappings are merged recursively, lists replace). Unknown keys and
impossible values are rejected with a message that names the field and the allowed
range, in Danish by default (see :func:`describe_errors`).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from sim.geography import CPH_LAT, CPH_LON

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"

# Every field states its own ge/le: a Field(le=...) on a field typed with an Annotated
# alias that carries its own bounds does not narrow them (the alias' bound wins).
TURNOVER_MAX = 0.9
Turnover = Annotated[float, Field(ge=0.0, le=TURNOVER_MAX)]  # values of turnover_by_role
RoleName = Literal[
    "sosu_helper", "sosu_assistant", "nurse", "therapist", "leader", "administration"
]
DAY_MINUTES = 24 * 60


class ScenarioError(ValueError):
    """A scenario or its data is invalid; ``messages`` are ready for the user."""

    def __init__(self, messages: list[str], source: str | None = None):
        self.messages = messages
        self.source = source
        prefix = f"{source}: " if source else ""
        super().__init__("\n".join(prefix + m for m in messages))


class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Calendar(_Closed):
    """Horizon and the merger's milestones (dates inclusive)."""

    start: dt.date = Field(dt.date(2026, 6, 1), description="First simulated day")
    end: dt.date = Field(dt.date(2027, 5, 31), description="Last simulated day")
    flyt1: dt.date = Field(dt.date(2026, 6, 1), description="Flyt 1: SUF takes over")
    flyt2: dt.date = Field(
        dt.date(2027, 3, 1),
        description="Flyt 2: integration; teams in an area pool their citizens from this day "
        "(the plan says 'spring 2027' without a date: 1 March 2027 is an assumption)",
    )
    physical_merge: dt.date = Field(dt.date(2027, 5, 1), description="Physical merge (May 2027)")

    @model_validator(mode="after")
    def _ordered(self) -> Calendar:
        if self.end < self.start:
            raise ValueError("end must not be before start")
        if self.end - self.start > dt.timedelta(days=3 * 366):
            raise ValueError("the horizon may be at most three years")
        if not self.flyt1 <= self.flyt2 <= self.physical_merge:
            raise ValueError("the milestones must be in order: flyt1 <= flyt2 <= physical_merge")
        return self


class Placement(_Closed):
    """Team ``team`` sits in premises ``premises`` from ``start`` to ``end`` (inclusive)."""

    team: str = Field(min_length=1)
    premises: str = Field(min_length=1)
    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> Placement:
        if self.end < self.start:
            raise ValueError("end must not be before start")
        return self


class Lease(_Closed):
    """Premises ``premises`` is held (rent is paid) from ``start`` to ``end`` (inclusive).

    An empty ``start`` means held from before the horizon, an empty ``end`` held beyond it.
    Listing a premises replaces its default holding period (see ``sim.costs``)."""

    premises: str = Field(min_length=1)
    start: dt.date | None = None
    end: dt.date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Lease:
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError("end must not be before start")
        return self


class PremisesOption(_Closed):
    """A candidate premises from a planner's uploaded option set, carried by the scenario
    so that it travels with it (the columns of ``data/premises.csv``)."""

    premises_id: str = Field(min_length=1, max_length=60)
    name: str = Field(min_length=1, max_length=200)
    address: str = Field("", max_length=300)
    district: int = Field(ge=1, description="District (bydel) number in the data's districts")
    organisation: Literal["SOF", "SUF", "ny"] = "ny"
    latitude: float = Field(ge=CPH_LAT[0], le=CPH_LAT[1])
    longitude: float = Field(ge=CPH_LON[0], le=CPH_LON[1])
    capacity_people: int = Field(gt=0, le=10_000, description="People at once")
    workstations: int = Field(0, ge=0)
    area_m2: float = Field(0, ge=0)
    rent_per_m2_year: float = Field(0, ge=0)
    running_cost_per_m2_year: float = Field(0, ge=0)
    fitout_cost: float = Field(0, ge=0)
    available_from: dt.date | None = None
    available_to: dt.date | None = None
    notes: str = Field("", max_length=2000)
    option_set: str = Field("", max_length=200, description="The option set it came from")

    @model_validator(mode="after")
    def _ordered(self) -> PremisesOption:
        if (
            self.available_from is not None
            and self.available_to is not None
            and self.available_to < self.available_from
        ):
            raise ValueError("available_to must not be before available_from")
        return self


class Parameters(_Closed):
    """Model assumptions. Defaults and their reasoning: data/README.md, section Parameters."""

    demand_growth_per_year: float = Field(
        0.0, ge=-0.5, le=0.5, description="Extra demand growth on top of the population projection"
    )
    absence_rate: float = Field(
        0.09, ge=0.0, le=0.5, description="Share of rostered shifts lost to absence"
    )
    travel_mode: Literal["walk", "bike", "ebike", "car", "none"] = "bike"
    speed_kmh: float | None = Field(
        None, gt=0.0, le=120.0, description="Travel speed; empty = the mode's default"
    )
    detour_factor: float = Field(1.3, ge=1.0, le=3.0, description="Road distance / straight line")
    parking_minutes: float | None = Field(
        None,
        ge=0.0,
        le=60.0,
        description="Minutes per trip to park and reach the door; empty = default",
    )
    window_half_width_minutes: float = Field(
        30.0, ge=0.0, le=240.0, description="A visit is on time if it starts within target ± this"
    )
    dispatch_horizon_minutes: float = Field(
        60.0, ge=0.0, le=240.0, description="How far ahead of a window a carer may set out"
    )
    dispatch_lookahead: int = Field(
        8,
        ge=1,
        le=50,
        description="How many waiting visits a carer compares when choosing the"
        " next: own citizens first, then the one that can start earliest",
    )
    regular_carers: int = Field(
        3,
        ge=1,
        le=10,
        description="Size of each citizen's contact group: the regular carers per skill and"
        " shift, who are preferred for the citizen's visits",
    )
    productivity_loss: float = Field(
        0.10, ge=0.0, le=0.5, description="Extra visit time in the days after a team moves premises"
    )
    productivity_loss_days: int = Field(14, ge=0, le=365)
    overtime_tolerance_minutes: float = Field(
        30.0,
        ge=0.0,
        le=240.0,
        description="A visit may start at most this long after the shift ends",
    )
    max_delay_minutes: float = Field(
        120.0,
        ge=0.0,
        le=DAY_MINUTES,
        description="A visit that would start later than window end + this does not fit",
    )
    unfit_visits: Literal["missed", "agency"] = Field(
        "missed", description="What happens to visits that do not fit: missed or agency staff"
    )
    meeting_minutes_day: float = Field(15.0, ge=0.0, le=120.0)
    meeting_minutes_evening: float = Field(10.0, ge=0.0, le=120.0)
    meeting_minutes_night: float = Field(10.0, ge=0.0, le=120.0)
    documentation_minutes: float = Field(
        10.0, ge=0.0, le=120.0, description="Minutes at the premises at the end of a shift"
    )
    duration_distribution: Literal["lognormal", "exponential"] = "lognormal"
    unplanned_warmup_minutes: float = Field(
        120.0,
        ge=0.0,
        le=DAY_MINUTES,
        description="Alarm calls simulated before the day starts, not counted",
    )
    pool_from_flyt2: bool = Field(
        True, description="From Flyt 2 the teams serving an area pool their citizens"
    )
    staff_multiplier: float = Field(
        1.0, ge=0.0, le=5.0, description="Scales every rostered number of carers"
    )
    premises_capacity_multiplier: float = Field(1.0, gt=0.0, le=10.0)
    # ---- workforce over time (sim.staffing.workforce_plan; reasoning in data/README.md)
    turnover_per_year: float = Field(
        0.195,
        ge=0.0,
        le=TURNOVER_MAX,
        description="Share of the staff in a role who leave in a year (attrition)",
    )
    turnover_by_role: dict[RoleName, Turnover] = Field(
        default_factory=dict,
        description="Turnover per year for single roles, overriding turnover_per_year",
    )
    months_to_fill_vacancy: float = Field(
        3.0,
        ge=0.0,
        le=36.0,
        description="Mean months a position stays vacant after someone leaves; 0 = at once",
    )
    vacant_shifts: Literal["agency", "unfilled"] = Field(
        "agency",
        description="Shifts of vacant positions: covered by agency staff or left unfilled",
    )
    extra_turnover_around_moves: float = Field(
        0.0,
        ge=0.0,
        le=TURNOVER_MAX,
        description="What-if lever: extra yearly turnover in the months around a move of "
        "premises, Flyt 1 (SOF teams) and Flyt 2 (all teams); not a prediction",
    )
    extra_turnover_months_before: int = Field(1, ge=0, le=12)
    extra_turnover_months_after: int = Field(2, ge=0, le=12)


class Scenario(_Closed):
    """A complete, validated scenario."""

    name: str = Field(min_length=1, max_length=120)
    description: str = ""
    data_dir: str = Field(
        "data", description="Folder with the data tables, relative to the scenario file's project"
    )
    calendar: Calendar = Calendar()
    placements: list[Placement] = Field(
        default_factory=list,
        description="Who sits where; a team without placements sits in its home premises",
    )
    leases: list[Lease] = Field(
        default_factory=list,
        description="Which premises are held (rent paid) from when to when; premises not "
        "listed keep their default (bases in use: the whole horizon; candidates: while used)",
    )
    premises_options: list[PremisesOption] = Field(
        default_factory=list,
        description="Candidate premises from uploaded option sets that placements may use",
    )
    parameters: Parameters = Parameters()
    fidelity: Literal["sampled", "every-day"] = "sampled"
    sampled_weekdays_per_month: int = Field(1, ge=1, le=10)
    sampled_weekend_days_per_month: int = Field(1, ge=1, le=4)
    replications: int = Field(10, ge=1, le=1000)
    seed: int = Field(0, ge=0, le=2**31 - 1, description="Replication i uses seed + i")

    def with_overrides(self, **changes: Any) -> Scenario:
        """A validated copy with top-level or nested (``parameters``) changes."""
        data = self.model_dump(mode="json")
        _merge(data, changes)
        return Scenario.model_validate(data)

    def content_hash(self) -> str:
        """Stable hash of everything in the scenario (not of the data files)."""
        text = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=True)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def resolve_data_dir(self) -> Path:
        path = Path(self.data_dir)
        return path if path.is_absolute() else PROJECT_ROOT / path

    def replication_seeds(self, replications: int | None = None) -> list[int]:
        """Common random numbers: replication i of every scenario uses seed ``seed + i``."""
        n = self.replications if replications is None else replications
        return [self.seed + i for i in range(n)]


def _merge(base: dict, override: dict) -> dict:
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = value
    return base


_FILE_MESSAGES = {
    "da": {
        "missing": "filen findes ikke: {path}",
        "folder": "er en mappe, ikke en scenariefil: {path}",
        "denied": "ingen adgang til filen: {path}",
        "unreadable": "filen kan ikke læses: {path}",
        "not_utf8": "filen er ikke UTF-8-tekst: {path}",
        "yaml": "ugyldig YAML{where}",
        "where": " (linje {line}, kolonne {column})",
        "date": "datoen '{text}' findes ikke{where}",
        "duplicate": "nøglen '{text}' står flere gange i samme afsnit{where}; "
        "første gang i linje {first}",
        "mapping": "en scenariefil skal være en YAML-mapping (nøgle: værdi)",
        "loop": "'base' danner en løkke",
        "base": "felt 'base': skal være et filnavn",
    },
    "en": {
        "missing": "file not found: {path}",
        "folder": "is a folder, not a scenario file: {path}",
        "denied": "no permission to read the file: {path}",
        "unreadable": "the file cannot be read: {path}",
        "not_utf8": "the file is not UTF-8 text: {path}",
        "yaml": "invalid YAML{where}",
        "where": " (line {line}, column {column})",
        "date": "the date '{text}' does not exist{where}",
        "duplicate": "the key '{text}' appears more than once in the same section{where}; "
        "first on line {first}",
        "mapping": "a scenario file must be a YAML mapping (key: value)",
        "loop": "'base' forms a loop",
        "base": "field 'base': must be a file name",
    },
}


def _file_message(lang: str, key: str, **values: Any) -> str:
    return _FILE_MESSAGES["en" if lang == "en" else "da"][key].format(**values)


class _YamlProblem(yaml.YAMLError):
    """A problem found while building the YAML document (``kind``: date, duplicate)."""

    def __init__(self, kind: str, text: str, mark: Any, first_line: int | None = None):
        super().__init__(f"{kind}: {text}")
        self.kind = kind
        self.text = text
        self.problem_mark = mark
        self.first_line = first_line


class _ScenarioLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that rejects a key given twice in one mapping (the plain loader
    silently keeps the last) and reports an impossible unquoted date (2027-02-30) with
    its line instead of raising a bare ValueError."""

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            first: dict[Any, int] = {}
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue  # '<<' merges may bring in keys that the mapping overrides
                key = self.construct_object(key_node, deep=True)
                try:
                    hash(key)
                except TypeError:
                    continue  # an unhashable key: the SafeLoader reports it
                if key in first:
                    raise _YamlProblem("duplicate", str(key), key_node.start_mark, first[key])
                first[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:
            raise _YamlProblem("date", str(node.value), node.start_mark) from exc


_ScenarioLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", _ScenarioLoader.construct_yaml_timestamp
)


def _read_yaml(path: Path, lang: str = "da") -> dict:
    message = functools.partial(_file_message, lang)
    if path.is_dir():
        raise ScenarioError([message("folder", path=path)])
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (FileNotFoundError, NotADirectoryError) as exc:
        raise ScenarioError([message("missing", path=path)]) from exc
    except IsADirectoryError as exc:
        raise ScenarioError([message("folder", path=path)]) from exc
    except PermissionError as exc:
        raise ScenarioError([message("denied", path=path)]) from exc
    except UnicodeDecodeError as exc:
        raise ScenarioError([message("not_utf8", path=path)]) from exc
    except (OSError, ValueError) as exc:
        raise ScenarioError([message("unreadable", path=path)]) from exc
    return _parse_yaml(text, str(path), lang)


def _parse_yaml(text: str, source: str, lang: str) -> dict:
    message = functools.partial(_file_message, lang)
    try:
        raw = yaml.load(text, Loader=_ScenarioLoader)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = message("where", line=mark.line + 1, column=mark.column + 1) if mark else ""
        if isinstance(exc, _YamlProblem):
            text = message(exc.kind, text=exc.text, where=where, first=exc.first_line)
        else:
            text = message("yaml", where=where)
        raise ScenarioError([text], source=source) from exc
    except ValueError as exc:  # anything else a constructor did not foresee
        raise ScenarioError([message("yaml", where="")], source=source) from exc
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ScenarioError([message("mapping")], source=source)
    return raw


def load_raw(path: str | Path, lang: str = "da", *, _seen: tuple[Path, ...] = ()) -> dict:
    """The scenario file merged onto its ``base`` chain, as plain data.

    File-level problems (missing file, invalid YAML, a ``base`` loop) are reported in
    ``lang`` ("da" or "en")."""
    try:
        path = Path(path).resolve()
    except (OSError, RuntimeError, ValueError) as exc:  # a symlink loop, a NUL in the name
        raise ScenarioError([_file_message(lang, "unreadable", path=path)]) from exc
    if path in _seen:
        raise ScenarioError([_file_message(lang, "loop")], source=str(path))
    return _onto_base(_read_yaml(path, lang), path.parent, str(path), lang, (*_seen, path))


def _onto_base(raw: dict, folder: Path, source: str, lang: str, seen: tuple = ()) -> dict:
    """``raw`` merged onto the file its ``base`` names (in ``folder``), if any."""
    base_name = raw.pop("base", None)
    if base_name is None:
        return raw
    if not isinstance(base_name, str) or not base_name.strip() or "\0" in base_name:
        raise ScenarioError([_file_message(lang, "base")], source=source)
    return _merge(load_raw(folder / base_name, lang, _seen=seen), raw)


MAX_SCENARIO_BYTES = 1024 * 1024  # a scenario file is a few kB


def scenario_from_upload(
    content: bytes, name: str, base_dir: str | Path, lang: str = "da"
) -> Scenario:
    """A scenario file someone uploaded, validated like a file on disk; a ``base`` is
    looked up in ``base_dir`` (the shipped scenarios)."""
    message = functools.partial(_file_message, lang)
    if len(content) > MAX_SCENARIO_BYTES:
        raise ScenarioError([message("unreadable", path=name)], source=name)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ScenarioError([message("not_utf8", path=name)], source=name) from exc
    raw = _onto_base(_parse_yaml(text, name, lang), Path(base_dir), name, lang)
    return parse_scenario(raw, name, lang)


def parse_scenario(raw: dict, source: str | None = None, lang: str = "da") -> Scenario:
    try:
        return Scenario.model_validate(raw)
    except ValidationError as exc:
        raise ScenarioError(describe_errors(exc, lang), source=source) from exc


def load_scenario(path: str | Path, lang: str = "da") -> Scenario:
    """Load a YAML scenario (with its base chain) and validate it."""
    return parse_scenario(load_raw(path, lang), source=str(path), lang=lang)


_DA_MESSAGES = {
    "extra_forbidden": "ukendt felt (stavefejl?)",
    "missing": "skal udfyldes",
    "greater_than_equal": "skal være mindst {ge}",
    "greater_than": "skal være større end {gt}",
    "less_than_equal": "må højst være {le}",
    "less_than": "skal være mindre end {lt}",
    "float_parsing": "skal være et tal",
    "float_type": "skal være et tal",
    "int_parsing": "skal være et helt tal",
    "int_type": "skal være et helt tal",
    "int_from_float": "skal være et helt tal",
    "bool_parsing": "skal være ja/nej (true/false)",
    "bool_type": "skal være ja/nej (true/false)",
    "date_from_datetime_parsing": "skal være en dato (ÅÅÅÅ-MM-DD)",
    "date_parsing": "skal være en dato (ÅÅÅÅ-MM-DD)",
    "date_type": "skal være en dato (ÅÅÅÅ-MM-DD)",
    "date_from_datetime_inexact": "skal være en dato (ÅÅÅÅ-MM-DD) uden klokkeslæt",
    "string_type": "skal være tekst",
    "string_too_short": "må ikke være tom",
    "string_too_long": "er for lang (højst {max_length} tegn)",
    "list_type": "skal være en liste",
    "model_type": "skal være en gruppe af felter (nøgle: værdi)",
    "dict_type": "skal være en gruppe af felter (nøgle: værdi)",
    "literal_error": "skal være en af: {expected}",
}


def _format_number(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return str(value)


def _shown_input(value: Any, lang: str) -> str:
    """The value the user gave, as it looks in the YAML file (never a Python repr)."""
    if value is None:
        return "tom værdi" if lang == "da" else "empty value"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return f"'{value.isoformat(sep=' ')}'"
    if isinstance(value, dt.date):
        return f"'{value.isoformat()}'"
    if isinstance(value, int | float):
        return str(value)
    return f"'{value}'"


def _danish_choices(expected: str) -> str:
    """pydantic's "'a', 'b' or 'c'" with a Danish "eller"."""
    head, sep, last = expected.rpartition(" or ")
    return f"{head} eller {last}" if sep else expected


def describe_errors(exc: ValidationError, lang: str = "da") -> list[str]:
    """One message per error naming the field path and what is allowed."""
    messages = []
    for error in exc.errors(include_url=False):
        path = ".".join(str(p) for p in error["loc"] if p != "[key]") or "scenarie"
        ctx = {k: _format_number(v) for k, v in (error.get("ctx") or {}).items()}
        template = _DA_MESSAGES.get(error["type"]) if lang == "da" else None
        if template is not None:
            if error["type"] == "literal_error":
                ctx["expected"] = _danish_choices(ctx["expected"])
            text = template.format(**ctx)
        else:
            text = error["msg"].removeprefix("Value error, ")
            if lang == "da":
                text = _translate_value_error(text)
        given = error.get("input")
        suffix = ""
        if not isinstance(given, dict | list) and given != "" and error["type"] != "missing":
            suffix = f" ({'fik' if lang == 'da' else 'got'} {_shown_input(given, lang)})"
        label = "felt" if lang == "da" else "field"
        messages.append(f"{label} '{path}': {text}{suffix}")
    return messages


_DA_VALUE_ERRORS = {
    "end must not be before start": "slutdatoen må ikke ligge før startdatoen",
    "the horizon may be at most three years": "perioden må højst være tre år",
    "the milestones must be in order: flyt1 <= flyt2 <= physical_merge": (
        "datoerne skal komme i rækkefølgen flyt1 ≤ flyt2 ≤ physical_merge"
    ),
    "available_to must not be before available_from": ("'ledig til' må ikke ligge før 'ledig fra'"),
}


def _translate_value_error(text: str) -> str:
    return _DA_VALUE_ERRORS.get(text, text)


def dump_scenario(scenario: Scenario) -> str:
    """The scenario as YAML text that :func:`load_scenario` reads back identically."""
    return yaml.safe_dump(scenario.model_dump(mode="json"), allow_unicode=True, sort_keys=False)
