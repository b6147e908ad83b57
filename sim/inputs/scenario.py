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
import math
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal, NamedTuple

import yaml
from annotated_types import Ge, Gt, Le, Lt
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from sim.inputs.geography import CPH_LAT, CPH_LON
from sim.text.catalogue import CATALOGUE, text

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"
SCENARIO_DIR = PROJECT_ROOT / "scenarios"  # the shipped scenarios

# The one upload limit: the browser refuses a larger file (Streamlit's maxUploadSize of
# 10 MB counts 10,000,000 bytes), and so do the premises checker, the scenario upload and
# the command line; every file the product reads is bounded by it.
MAX_UPLOAD_BYTES = 10_000_000

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
    # allow_inf_nan=False: every float is finite (JSON has no inf, so a stored inf could
    # never be read back)
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


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
    Listing a premises replaces its default holding period (see ``sim.analysis.costs``)."""

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

    # The upper bounds are far above any real premises, so that they only stop a typing
    # error or a hostile number; the premises checks (sim.inputs.dataset,
    # sim.inputs.premises_upload) take the same bounds from here (field_bounds).
    premises_id: str = Field(min_length=1, max_length=60)
    name: str = Field(min_length=1, max_length=200)
    address: str = Field("", max_length=300)
    district: int = Field(
        ge=1,
        le=99,  # Copenhagen has 10 districts (bydele); two digits leave room for another split
        description="District (bydel) number in the data's districts",
    )
    organisation: Literal["SOF", "SUF", "ny"] = "ny"
    latitude: float = Field(ge=CPH_LAT[0], le=CPH_LAT[1])
    longitude: float = Field(ge=CPH_LON[0], le=CPH_LON[1])
    # the largest premises in the default data holds 160; 10,000 is the whole staff many times
    capacity_people: int = Field(gt=0, le=10_000, description="People at once")
    workstations: int = Field(0, ge=0, le=10_000)  # no more desks than people at once
    # 10,000 people × 20 m², twice a generous office norm
    area_m2: float = Field(0, ge=0, le=200_000)
    # the default data's rents are 1,200–2,200 kr. per m² a year (data/README.md): ×10
    rent_per_m2_year: float = Field(0, ge=0, le=20_000)
    # the default running cost is 400 kr. per m² a year: ×10
    running_cost_per_m2_year: float = Field(0, ge=0, le=5_000)
    # more than the whole budget moved from SOF to SUF (721 million kr. in 2026)
    fitout_cost: float = Field(0, ge=0, le=1_000_000_000)
    # required, as in data/premises.csv and the premises template: every use of a premises
    # (placements, rent, the home premises check) starts from its first available day
    available_from: dt.date
    available_to: dt.date | None = None
    notes: str = Field("", max_length=2000)
    option_set: str = Field("", max_length=200, description="The option set it came from")

    @model_validator(mode="after")
    def _ordered(self) -> PremisesOption:
        if self.available_to is not None and self.available_to < self.available_from:
            raise ValueError("available_to must not be before available_from")
        return self


# Parameters the model no longer has: dropped when a saved scenario is read, so that it
# still loads (each with the reason, for the reader of an old file)
RETIRED_PARAMETERS = {
    # replaced by continuity_slack_minutes (a rule a planner recognises, not a count)
    "dispatch_lookahead": "continuity_slack_minutes",
}


class Parameters(_Closed):
    """Model assumptions. Defaults and their reasoning: data/README.md, section Parameters."""

    @model_validator(mode="before")
    @classmethod
    def _drop_retired(cls, values: Any) -> Any:
        if isinstance(values, dict) and RETIRED_PARAMETERS.keys() & values.keys():
            return {k: v for k, v in values.items() if k not in RETIRED_PARAMETERS}
        return values

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
    continuity_slack_minutes: float = Field(
        15.0,
        ge=0.0,
        le=240.0,
        description="A carer takes its own citizen's visit (contact group) next if it can start"
        " at most this many minutes after the visit it could start earliest",
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
    two_carer_wait_minutes: float = Field(
        30.0,
        ge=0.0,
        le=240.0,
        description="The first carer at a two-carer visit waits this long at most for the"
        " second; if the second does not come, the visit is not made",
    )
    crowded_meeting: Literal["wait", "skip"] = Field(
        "wait",
        description="When the premises is too full for a team at the start of a shift: the"
        " meeting waits until the team is inside, at most meeting_door_wait_minutes (wait), or"
        " starts on time and whoever cannot get in goes straight to the visits (skip)",
    )
    meeting_door_wait_minutes: float = Field(
        15.0,
        ge=0.0,
        le=240.0,
        description="With wait: the longest a carer waits at the door for the meeting",
    )
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
    call_escalation_minutes: float | None = Field(
        30.0,
        ge=0.0,
        le=DAY_MINUTES,
        description="An alarm call that no on-call carer of its pool has taken after this many"
        " minutes goes to the nearest free on-call carer of another pool; empty = never",
    )
    escalate_calls_to_planned_visits: bool = Field(
        False,
        description="An escalated call that no on-call carer can take goes to the next free"
        " planned-visit carer of the citizen's area",
    )
    pool_from_flyt2: bool = Field(
        True, description="From Flyt 2 the teams serving an area pool their citizens"
    )
    staff_multiplier: float = Field(
        1.0, ge=0.0, le=5.0, description="Scales every rostered number of carers"
    )
    premises_capacity_multiplier: float = Field(1.0, gt=0.0, le=10.0)
    # ---- workforce over time (sim.model.staffing.workforce_plan; reasoning in data/README.md)
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
    sampled_weekdays_per_month: int = Field(2, ge=1, le=10)
    sampled_weekend_days_per_month: int = Field(2, ge=1, le=4)
    # the standard error of 100 replications is a tenth of one replication's spread, and
    # they take minutes on the app's workers: the form, the app and the command line stop
    replications: int = Field(10, ge=1, le=100)
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


class Bounds(NamedTuple):
    """The range the schema allows a number field: ``low`` (excluded when ``low_open``) to
    ``high`` (excluded when ``high_open``); None where there is no bound."""

    low: float | None
    high: float | None
    low_open: bool = False
    high_open: bool = False


def field_bounds(model: type[BaseModel], name: str) -> Bounds:
    """The bounds the schema states for the field ``name`` of ``model`` (e.g.
    ``field_bounds(Parameters, "absence_rate")``): the one set of limits, which forms
    and file checks take from here."""
    low = high = None
    low_open = high_open = False
    for bound in model.model_fields[name].metadata:
        if isinstance(bound, Ge):
            low, low_open = bound.ge, False
        elif isinstance(bound, Gt):
            low, low_open = bound.gt, True
        elif isinstance(bound, Le):
            high, high_open = bound.le, False
        elif isinstance(bound, Lt):
            high, high_open = bound.lt, True
    return Bounds(low, high, low_open, high_open)


def _merge(base: dict, override: dict) -> dict:
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = value
    return base


def _file_message(lang: str, key: str, **values: Any) -> str:
    return text(f"scenario_file.{key}", lang, **values)


def _clip(text: str, length: int = 80) -> str:
    """User text as shown in a message: at most ``length`` characters, on one line, no
    control characters (nothing that a terminal or a page would act on)."""
    text = "".join(c if c.isprintable() else "�" for c in " ".join(str(text).split()))
    return text if len(text) <= length else text[: length - 1] + "…"


def _megabytes(size: int) -> str:
    """Bytes as decimal megabytes the Danish way (10 MB = 10,000,000 bytes, as browsers and
    Streamlit count them): 10, 10,5."""
    return f"{size / 1_000_000:.1f}".replace(".", ",").removesuffix(",0")


# ---- reading files: bounded, and only regular files -------------------------------------


class FileRefused(Exception):
    """A file that is not read. ``kind``: missing, folder, special (a device, a named pipe,
    a socket), too_big, denied or unreadable; ``size`` the bytes found when too big."""

    def __init__(self, kind: str, size: int | None = None):
        super().__init__(kind)
        self.kind = kind
        self.size = size


_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # opening a named pipe must not wait for a writer
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


def read_regular_file(path: str | Path, limit: int = MAX_UPLOAD_BYTES) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    Opened without blocking and checked on the open descriptor (so what is checked is what
    is read): a folder, a device (``/dev/zero``), a named pipe or a socket is refused
    before a byte is read, and no more than ``limit + 1`` bytes are ever read, whatever
    size the file claims. Raises :class:`FileRefused`."""
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except (FileNotFoundError, NotADirectoryError) as exc:
        raise FileRefused("missing") from exc
    except IsADirectoryError as exc:
        raise FileRefused("folder") from exc
    except PermissionError as exc:
        raise FileRefused("denied") from exc
    except (OSError, ValueError) as exc:  # a symlink loop, a NUL in the name
        raise FileRefused("unreadable") from exc
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise FileRefused("folder")
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused("special")
        if info.st_size > limit:
            raise FileRefused("too_big", info.st_size)
        chunks, total = [], 0
        while chunk := os.read(descriptor, min(1 << 20, limit + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # the file grew, or its size was not what it said
                raise FileRefused("too_big", total)
        return b"".join(chunks)
    except OSError as exc:
        raise FileRefused("unreadable") from exc
    finally:
        os.close(descriptor)


def _refused_message(lang: str, refused: FileRefused, path: Any) -> str:
    if refused.kind == "too_big":
        return _file_message(
            lang,
            "too_big",
            size=_megabytes(refused.size or 0),
            limit=_megabytes(MAX_UPLOAD_BYTES),
            path=path,
        )
    return _file_message(lang, refused.kind, path=path)


# ---- YAML -------------------------------------------------------------------------------

MAX_NESTING = 20  # a scenario file nests 4 deep (premises_options, a list, an option, a value)
MAX_NODES = 200_000  # a scenario has a few hundred values; 1,000 candidate premises ~ 40,000

# libyaml's parser is some hundred times faster on a large file than the pure Python one
# (a 10 MB file: under a second against 30 s); its composer recurses in C, which is why
# the nesting is checked on the events, which come without recursion, first.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _YamlProblem(yaml.YAMLError):
    """A problem found while building the YAML document (``kind``: date, duplicate, deep,
    nodes)."""

    def __init__(self, kind: str, text: str, mark: Any, first_line: int | None = None):
        super().__init__(f"{kind}: {text}")
        self.kind = kind
        self.text = text
        self.problem_mark = mark
        self.first_line = first_line


class _ScenarioLoader(_SafeLoader):
    """A safe loader that rejects a key given twice in one mapping (the plain loader
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


def _check_shape(text: str) -> None:
    """Refuse a document nested more than MAX_NESTING deep or with more than MAX_NODES
    values, from its events (no recursion, nothing built), before it is composed."""
    depth = nodes = 0
    for event in yaml.parse(text, Loader=_ScenarioLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_NESTING:
                raise _YamlProblem("deep", str(MAX_NESTING), event.start_mark)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        if isinstance(event, yaml.NodeEvent):
            nodes += 1
            if nodes > MAX_NODES:
                raise _YamlProblem("nodes", str(MAX_NODES), event.start_mark)


def _read_yaml(path: Path, lang: str = "da") -> dict:
    try:
        content = read_regular_file(path)
    except FileRefused as refused:
        raise ScenarioError([_refused_message(lang, refused, path)]) from refused
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ScenarioError([_file_message(lang, "not_utf8", path=path)]) from exc
    return _parse_yaml(text, str(path), lang)


def _parse_yaml(text: str, source: str, lang: str) -> dict:
    message = functools.partial(_file_message, lang)
    try:
        _check_shape(text)
        raw = yaml.load(text, Loader=_ScenarioLoader)  # a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = message("where", line=mark.line + 1, column=mark.column + 1) if mark else ""
        if isinstance(exc, _YamlProblem):
            text = message(exc.kind, text=exc.text, where=where, first=exc.first_line)
        else:
            text = message("yaml", where=where)
        raise ScenarioError([text], source=source) from exc
    except (ValueError, RecursionError) as exc:  # anything a constructor did not foresee
        raise ScenarioError([message("yaml", where="")], source=source) from exc
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ScenarioError([message("mapping")], source=source)
    return raw


# ---- the base chain ---------------------------------------------------------------------


def load_raw(path: str | Path, lang: str = "da", *, _seen: tuple[Path, ...] = ()) -> dict:
    """The scenario file merged onto its ``base`` chain, as plain data.

    A ``base`` is the bare name of a file in the same folder (``baseline.yaml``): no
    folder, no ``..``, and it must not lead out of the folder through a link. File-level
    problems (missing file, invalid YAML, a ``base`` loop) are reported in ``lang``
    ("da" or "en")."""
    return load_layers(path, lang, _seen=_seen)[0]


def load_layers(
    path: str | Path, lang: str = "da", *, _seen: tuple[Path, ...] = ()
) -> tuple[dict, dict]:
    """(the file merged onto its base chain, the file's own keys): messages about a value
    show it only if the file itself holds it (see :func:`parse_scenario`)."""
    try:
        path = Path(path).resolve()
    except (OSError, RuntimeError, ValueError) as exc:  # a symlink loop, a NUL in the name
        raise ScenarioError([_file_message(lang, "unreadable", path=path)]) from exc
    if path in _seen:
        raise ScenarioError([_file_message(lang, "loop")], source=str(path))
    own = _read_yaml(path, lang)
    base_name = own.pop("base", None)
    if base_name is None:
        return own, own
    name = _base_name(base_name, str(path), lang)
    base = _file_in(path.parent, name)
    if base is None:
        raise ScenarioError([_file_message(lang, "base_name", name=_clip(name))], source=str(path))
    if not base.resolved:
        raise ScenarioError(
            [_file_message(lang, "base_outside", name=_clip(name), folder=path.parent)],
            source=str(path),
        )
    merged = load_raw(base.path, lang, _seen=(*_seen, path))
    return _merge(merged, own), own


def _base_name(value: Any, source: str, lang: str) -> str:
    if not isinstance(value, str) or not value.strip() or "\0" in value:
        raise ScenarioError([_file_message(lang, "base")], source=source)
    return value


class _Found(NamedTuple):
    path: Path
    resolved: bool  # it stays inside the folder once links are followed


def _file_in(folder: Path, name: str) -> _Found | None:
    """``folder / name`` if ``name`` is a bare file name (None otherwise); ``resolved`` says
    whether the path, with every link followed, is still in ``folder``."""
    if name in (".", "..") or "/" in name or "\\" in name or Path(name).name != name:
        return None
    candidate = folder / name
    try:
        inside = candidate.resolve().parent == folder.resolve()
    except (OSError, RuntimeError, ValueError):
        inside = True  # a symlink loop: reading it says so
    return _Found(candidate, inside)


def shipped_scenario_names(base_dir: str | Path = SCENARIO_DIR) -> list[str]:
    """The file names a scenario from elsewhere may build on: the regular ``*.yaml``
    files in ``base_dir`` that stay inside it."""
    folder = Path(base_dir)
    names = []
    for path in sorted(folder.glob("*.yaml")):
        found = _file_in(folder, path.name)
        if found is not None and found.resolved and path.is_file():
            names.append(path.name)
    return names


def _onto_known_base(
    raw: dict,
    base_dir: Path,
    source: str,
    lang: str,
    saved_base: Callable[[str], dict | None] | None,
) -> dict:
    """``raw`` merged onto a shipped scenario (its bare file name in ``base_dir``) or a
    saved one (by name, through ``saved_base``). Nothing else is looked up, and a name
    that is neither gets the same message whatever exists on the server."""
    base_name = raw.pop("base", None)
    if base_name is None:
        return raw
    name = _base_name(base_name, source, lang)
    shipped = shipped_scenario_names(base_dir)
    if name in shipped:
        return _merge(load_raw(Path(base_dir) / name, lang), raw)
    saved = saved_base(name) if saved_base is not None else None
    if saved is not None:
        return _merge(json.loads(json.dumps(saved)), raw)  # a copy: the caller's is kept
    names = ", ".join(shipped)
    extra = _file_message(lang, "base_saved") if saved_base is not None else ""
    raise ScenarioError(
        [_file_message(lang, "base_unknown", name=_clip(name), names=names, saved=extra)],
        source=source,
    )


def scenario_from_upload(
    content: bytes,
    name: str,
    base_dir: str | Path = SCENARIO_DIR,
    lang: str = "da",
    *,
    saved_base: Callable[[str], dict | None] | None = None,
) -> Scenario:
    """A scenario file someone uploaded, validated like a file on disk.

    Its ``base`` may only be a shipped scenario by its file name (``baseline.yaml``, in
    ``base_dir``) or, with ``saved_base`` (a lookup by name returning the saved scenario as
    plain data, or None), a saved scenario; no other file is read. Its ``data_dir`` must
    be inside the project's data folder. At most MAX_UPLOAD_BYTES."""
    if len(content) > MAX_UPLOAD_BYTES:
        raise ScenarioError(
            [_refused_message(lang, FileRefused("too_big", len(content)), name)], source=name
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ScenarioError([_file_message(lang, "not_utf8", path=name)], source=name) from exc
    own = _parse_yaml(text, name, lang)
    raw = _onto_known_base(dict(own), Path(base_dir), name, lang, saved_base)
    own.pop("base", None)
    scenario = parse_scenario(raw, name, lang, written=own)
    return confine_data_dir(scenario, lang, source=name)


def confine_data_dir(scenario: Scenario, lang: str = "da", source: str | None = None) -> Scenario:
    """``scenario`` if its data folder is the project's data folder or inside it (links
    followed), else :class:`ScenarioError`. For everything that comes from a user (an
    upload, the store); an operator's own file on the command line may point elsewhere."""
    root = DEFAULT_DATA_DIR.resolve()
    try:
        inside = scenario.resolve_data_dir().resolve().is_relative_to(root)
    except (OSError, RuntimeError, ValueError):
        inside = False
    if not inside:
        message = _file_message(lang, "data_dir", value=_clip(scenario.data_dir))
        raise ScenarioError([message], source=source)
    return scenario


def parse_scenario(
    raw: dict, source: str | None = None, lang: str = "da", *, written: dict | None = None
) -> Scenario:
    """``raw`` validated; ``written`` is what the user wrote themselves (without the base
    it builds on): a message shows a value only if it is there (None: all of ``raw``)."""
    try:
        return Scenario.model_validate(raw)
    except ValidationError as exc:
        raise ScenarioError(describe_errors(exc, lang, written=written), source=source) from exc


def load_scenario(path: str | Path, lang: str = "da") -> Scenario:
    """Load a YAML scenario (with its base chain) and validate it."""
    raw, own = load_layers(path, lang)
    return parse_scenario(raw, source=str(path), lang=lang, written=own)


def _format_number(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return str(value)


def _shown_input(value: Any, lang: str) -> str:
    """The value the user gave, as it looks in the YAML file (never a Python repr)."""
    if value is None:
        return text("scenario_error.empty", lang)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return f"'{value.isoformat(sep=' ')}'"
    if isinstance(value, dt.date):
        return f"'{value.isoformat()}'"
    if isinstance(value, float) and not math.isfinite(value):
        return {"inf": ".inf", "-inf": "-.inf"}.get(str(value), ".nan")  # as YAML writes them
    if isinstance(value, int | float):
        try:
            return _clip(str(value))
        except ValueError:  # an int with more digits than Python writes out
            return text("scenario_error.huge_number", lang)
    return f"'{_clip(value)}'"


def _written(raw: dict | None, loc: tuple) -> bool:
    """Whether the value at ``loc`` is in ``raw`` (what the user wrote); None: everything."""
    if raw is None:
        return True
    value: Any = raw
    for part in loc:
        in_list = isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value)
        if not (in_list or (isinstance(value, dict) and part in value)):
            return False
        value = value[part]
    return True


def _choices(expected: str, lang: str) -> str:
    """pydantic's "'a', 'b' or 'c'" with the language's "or"."""
    head, sep, last = expected.rpartition(" or ")
    return f"{head} {text('word.or', lang)} {last}" if sep else expected


def describe_errors(
    exc: ValidationError, lang: str = "da", *, written: dict | None = None
) -> list[str]:
    """One message per error naming the field path and what is allowed, with the value
    given if the user wrote it: only values in ``written`` are shown (None: every value),
    so a message never shows what a base file holds."""
    messages = []
    for error in exc.errors(include_url=False):
        path = ".".join(str(p) for p in error["loc"] if p != "[key]") or "scenarie"
        ctx = {k: _format_number(v) for k, v in (error.get("ctx") or {}).items()}
        key = f"scenario_error.type.{error['type']}"
        if key in CATALOGUE:
            if error["type"] == "literal_error":
                ctx["expected"] = _choices(ctx["expected"], lang)
            message = text(key, lang, **ctx)
        else:  # our validators' own, or an error type the catalogue does not word
            message = error["msg"].removeprefix("Value error, ")
            if message in VALUE_ERRORS:
                message = text(VALUE_ERRORS[message], lang)
        given = error.get("input")
        suffix = ""
        if (
            not isinstance(given, dict | list)
            and given != ""
            and error["type"] != "missing"
            and _written(written, error["loc"])
        ):
            suffix = " (" + text("scenario_error.got", lang, value=_shown_input(given, lang)) + ")"
        messages.append(text("scenario_error.field", lang, path=path, message=message + suffix))
    return messages


# our validators' messages (pydantic gives them as "Value error, <text>") -> catalogue keys
VALUE_ERRORS = {
    "end must not be before start": "scenario_error.value.end_before_start",
    "the horizon may be at most three years": "scenario_error.value.horizon_too_long",
    "the milestones must be in order: flyt1 <= flyt2 <= physical_merge": (
        "scenario_error.value.milestones_order"
    ),
    "available_to must not be before available_from": "scenario_error.value.available_order",
}


def file_name(text: str, suffix: str, fallback: str = "scenarie") -> str:
    """A download's file name from user text (a scenario's name): letters and digits kept,
    anything else a '-', at most 80 characters, never empty, never a path."""
    stem = "".join(c if c.isalnum() else "-" for c in text).strip("-")[:80].strip("-")
    return (stem or fallback) + suffix


def dump_scenario(scenario: Scenario) -> str:
    """The scenario as YAML text that :func:`load_scenario` reads back identically."""
    return yaml.safe_dump(scenario.model_dump(mode="json"), allow_unicode=True, sort_keys=False)
