"""Sensitivity analysis: one parameter at a time (a tornado) and grid sweeps.

A *point* is the base scenario with some fields changed, each named by its dotted path
into the scenario (``parameters.absence_rate``, ``calendar.flyt2``, ``placements``).
Every changed scenario is validated by the scenario schema, so an impossible value gives
the schema's message naming the field. All points use the same seeds (common random
numbers), so the difference between two points is the effect of the change, paired
replication by replication.

All tasks, one per (point, replication), are submitted to the executor at once, so every
worker stays busy; each task simulates one whole replication and computes its KPIs in
the worker (only a few numbers travel back). Results are cached by what determines them
(:class:`ResultCache`): the scenario without its name, description, seed and number of
replications, the data and cost hashes, the model code, and the replication's seed.

Worlds (citizens, demand tables, workforce, placements) are built once per seed in each
worker and shared by the points (``sim.run.experiment.world_for``).

    result = run_sensitivity(scenario, default_sensitivity_parameters(scenario),
                             replications=5, executor=make_executor("processes"),
                             progress=lambda done, total: ..., cancel=threading.Event())
    result.frame()                   # parameter, level, parameter_value, replication, kpi, value
    result.tornado("on_time_share")  # low/high effect vs base with 95% CIs, by swing
    for point in result.points:      # each point is stored like a run
        run_id = store.start_run(point.scenario, result.data_hash, seeds=point.seeds)
        store.finish_run(run_id, {"kpis": point.kpis})
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import functools
import hashlib
import itertools
import json
import math
import os
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml
from pydantic import ValidationError

from sim.analysis.costs import attach_costs, resolve_holdings
from sim.analysis.kpis import KPIS, kpi_table
from sim.analysis.stats import group_intervals, t_interval
from sim.inputs.dataset import DataSet, load_cost_data, load_dataset, scenario_data
from sim.inputs.geography import MODE_PARKING_MIN, MODE_SPEED_KMH
from sim.inputs.scenario import PROJECT_ROOT, Parameters, Scenario, ScenarioError, describe_errors
from sim.inputs.settings import whole_setting
from sim.model.horizon import simulated_days
from sim.model.staffing import resolve_placements
from sim.run.experiment import (
    Experiment,
    Replication,
    _run_days,
    executor_workers,
    make_executor,
)
from sim.run.fingerprint import model_version
from sim.run.reuse import cached_files, evict_least_used, file_bytes
from sim.text import formats as fmt
from sim.text.catalogue import CATALOGUE, text

CACHE_DIR = PROJECT_ROOT / "var" / "cache" / "sweep"
COST_FRAMES = ("costs", "workforce")
# Fields a sweep may not vary: the seeds are what makes points comparable, the number of
# replications is the sweep's own, and every point shares one data set.
FIXED_FIELDS = ("seed", "replications", "data_dir")
LEVELS = ("low", "base", "high")


def _message(lang: str, key: str, **values: Any) -> str:
    return text(f"sweep.{key}", lang, **values)


class SweepCancelled(RuntimeError):
    """The sweep was cancelled; ``done`` of ``total`` tasks had finished."""

    def __init__(self, done: int, total: int):
        super().__init__(f"sweep cancelled after {done} of {total} tasks")
        self.done = done
        self.total = total


# ---- paths into a scenario ------------------------------------------------------------


def _steps(path: str) -> list[str | int]:
    return [int(p) if p.isdigit() else p for p in path.split(".")]


def get_path(scenario: Scenario, path: str) -> Any:
    """The value at a dotted ``path`` (JSON form: dates as text); KeyError if absent."""
    value: Any = scenario.model_dump(mode="json")
    for step in _steps(path):
        try:
            value = value[step]
        except (KeyError, IndexError, TypeError) as exc:
            raise KeyError(path) from exc
    return value


def _check_path(path: str, lang: str) -> None:
    head = path.split(".")[0]
    if head in FIXED_FIELDS:
        why = _message(lang, f"why_{head}")
        raise ScenarioError([_message(lang, "fixed", path=path, why=why)])
    if not path or any(not part for part in path.split(".")):
        raise ScenarioError([_message(lang, "path", path=path)])


def with_changes(
    scenario: Scenario, changes: dict[str, Any], lang: str = "da", name: str | None = None
) -> Scenario:
    """``scenario`` with the value at each dotted path replaced, validated by the schema.

    An impossible value (or an unknown field) raises :class:`ScenarioError` with the
    schema's message naming the field, e.g. ``felt 'parameters.absence_rate': må højst
    være 0,5 (fik 0.9)``."""
    raw = scenario.model_dump(mode="json")
    for path, value in changes.items():
        _check_path(path, lang)
        steps = _steps(path)
        target = raw
        for step in steps[:-1]:
            if isinstance(target, list):
                if not isinstance(step, int) or step >= len(target):
                    raise ScenarioError([_message(lang, "path", path=path)])
                target = target[step]
            elif isinstance(target, dict):
                target = target.setdefault(step, {})  # an unknown key: the schema names it
            else:
                raise ScenarioError([_message(lang, "path", path=path)])
        last = steps[-1]
        if isinstance(target, list):
            if not isinstance(last, int) or last >= len(target):
                raise ScenarioError([_message(lang, "path", path=path)])
        elif not isinstance(target, dict):
            raise ScenarioError([_message(lang, "path", path=path)])
        target[last] = value
    if name is not None:
        raw["name"] = name[:120]
    try:
        return Scenario.model_validate(raw)
    except ValidationError as exc:
        raise ScenarioError(describe_errors(exc, lang)) from exc


# ---- parameter specifications ---------------------------------------------------------


@dataclass(frozen=True)
class ParameterSpec:
    """A parameter for the one-at-a-time analysis: its dotted ``path`` and the ``low``
    and ``high`` values. ``base`` is only shown (the scenario's value when that is empty,
    e.g. the travel mode's default speed); ``note`` says where the range comes from."""

    path: str
    low: Any
    high: Any
    base: Any = None
    note: str = ""


def parse_values(text: str) -> list[Any]:
    """``0.06,0.12`` -> [0.06, 0.12]; each value read as a YAML scalar (numbers, true,
    null, text)."""
    values = []
    for raw in text.split(","):
        part = raw.strip()
        try:
            value = yaml.safe_load(part) if part else None
        except yaml.YAMLError:
            value = part
        if isinstance(value, dict | list):
            value = part
        values.append(value)
    return values


def parse_parameter(
    text: str,
    scenario: Scenario | None = None,
    lang: str = "da",
    grid: bool = False,
) -> tuple[str, list[Any]]:
    """A command-line parameter ``PATH=V1,V2[,...]`` as (path, values).

    One-at-a-time (``grid=False``) needs exactly two values, low and high; ``PATH`` alone
    takes them from :func:`default_sensitivity_parameters` of ``scenario``."""
    path, sep, rest = text.partition("=")
    path = path.strip()
    if not path:
        raise ScenarioError([_message(lang, "spec", text=text)])
    _check_path(path, lang)
    if not sep:
        defaults = {s.path: s for s in default_sensitivity_parameters(scenario)} if scenario else {}
        if grid or path not in defaults:
            raise ScenarioError([_message(lang, "no_default", text=text, path=path)])
        return path, [defaults[path].low, defaults[path].high]
    if grid and not rest.strip():
        raise ScenarioError([_message(lang, "some", text=text)])
    comma = re.search(r"(\d+),(0\d+)", rest)
    if comma:  # 0,06: a Danish decimal comma, not two values
        whole, part = comma.groups()
        raise ScenarioError(
            [_message(lang, "comma", text=text, a=f"{whole}.{part}", b=f"{whole},{part}")]
        )
    values = parse_values(rest)
    if not grid and len(values) != 2:
        raise ScenarioError([_message(lang, "two", text=text, path=path)])
    return path, values


def _bounds(name: str) -> tuple[float, float, bool]:
    """(lowest, highest, lowest excluded) allowed for a Parameters field."""
    low, high, open_low = -math.inf, math.inf, False
    for rule in Parameters.model_fields[name].metadata:
        if hasattr(rule, "ge"):
            low = rule.ge
        if hasattr(rule, "gt"):
            low, open_low = rule.gt, True
        if hasattr(rule, "le"):
            high = rule.le
    return low, high, open_low


# (field, how, low, high): how = "times" (factors of the current value), "plus"
# (offsets added to it) or "range" (fixed values). The reasoning per line is the
# catalogue's sweep.note.<field> (Danish and English); the data set's reasons for the
# defaults are in data/README.md ("Model parameters").
_DEFAULT_RANGES: tuple[tuple[str, str, float, float], ...] = (
    ("demand_growth_per_year", "plus", -0.05, 0.05),
    ("absence_rate", "times", 2 / 3, 4 / 3),
    ("staff_multiplier", "times", 0.9, 1.1),
    ("speed_kmh", "times", 0.8, 1.2),
    ("detour_factor", "plus", -0.1, 0.1),
    ("parking_minutes", "times", 0.5, 2.0),
    ("dispatch_horizon_minutes", "times", 0.5, 1.5),
    ("continuity_slack_minutes", "times", 0.5, 2.0),
    ("regular_carers", "plus", -1, 1),
    ("productivity_loss", "times", 0.5, 2.0),
    ("productivity_loss_days", "times", 0.5, 2.0),
    ("window_half_width_minutes", "times", 0.5, 1.5),
    ("overtime_tolerance_minutes", "times", 0.5, 1.5),
    ("max_delay_minutes", "times", 0.5, 1.5),
    ("meeting_minutes_day", "plus", -5, 5),
    ("meeting_minutes_evening", "plus", -5, 5),
    ("meeting_minutes_night", "plus", -5, 5),
    ("documentation_minutes", "plus", -5, 5),
    ("premises_capacity_multiplier", "times", 0.8, 1.2),
    ("turnover_per_year", "plus", -0.05, 0.05),
    ("months_to_fill_vacancy", "times", 0.5, 2.0),
    ("extra_turnover_around_moves", "plus", 0.0, 0.10),
)


def note_text(spec: ParameterSpec, lang: str = "da") -> str:
    """Why the parameter's range is what it is, in ``lang``."""
    name = spec.path.removeprefix("parameters.")
    key = f"sweep.note.{name}"
    return text(key, lang) if key in CATALOGUE else spec.note


TRAVEL_FIELDS = ("speed_kmh", "detour_factor", "parking_minutes")
MOVE_FIELDS = ("productivity_loss", "productivity_loss_days")  # act only after a placement


def default_sensitivity_parameters(scenario: Scenario) -> list[ParameterSpec]:
    """About twenty parameters with a reasoned low and high around ``scenario``'s values.

    Ranges are relative to the scenario's current value (a factor or an offset, see
    ``note``), kept inside the schema's limits; whole-number fields are rounded and kept
    apart from the base. Parameters that cannot act in ``scenario`` are left out: travel
    when travel is off, the productivity loss after a move when no team is placed
    anywhere (the baseline): 20 parameters for the baseline, 22 with placements."""
    p = scenario.parameters
    specs = []
    for name, how, a, b in _DEFAULT_RANGES:
        note = text(f"sweep.note.{name}", "en")
        if name in TRAVEL_FIELDS and p.travel_mode == "none":
            continue
        if name in MOVE_FIELDS and not scenario.placements:
            continue
        current = getattr(p, name)
        shown = None
        if current is None:  # the travel mode's default
            table = MODE_SPEED_KMH if name == "speed_kmh" else MODE_PARKING_MIN
            current = shown = table[p.travel_mode]
        if how == "times":
            low, high = current * a, current * b
        elif how == "plus":
            low, high = current + a, current + b
        else:
            low, high = a, b
        lowest, highest, open_low = _bounds(name)
        is_int = Parameters.model_fields[name].annotation is int
        if is_int:
            low, high = round(low), round(high)
            if low == current and current - 1 >= lowest:
                low = current - 1
            if high == current and current + 1 <= highest:
                high = current + 1
        else:
            low, high = round(float(low), 6), round(float(high), 6)
        if open_low and low <= lowest:
            low = current / 2 if current > lowest else current
        low = min(max(low, lowest), highest)
        high = min(max(high, lowest), highest)
        specs.append(ParameterSpec(f"parameters.{name}", low, high, shown, note))
    return specs


# ---- points -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SweepPoint:
    """One scenario of a sweep: the base with ``changes`` (dotted path -> value).

    In a one-at-a-time analysis ``parameter`` and ``level`` (low, base, high) say which."""

    key: str
    changes: dict[str, Any]
    scenario: Scenario
    parameter: str = ""
    level: str = ""


def _point_name(base: Scenario, changes: dict[str, Any]) -> str:
    if not changes:
        return base.name
    text = ", ".join(f"{path.removeprefix('parameters.')}={v}" for path, v in changes.items())
    return f"{base.name} – {text}"[:120]


def _validated(base: Scenario, changes: dict[str, Any], lang: str, messages: list[str]):
    try:
        return with_changes(base, changes, lang, name=_point_name(base, changes))
    except ScenarioError as error:
        messages.extend(m for m in error.messages if m not in messages)
        return None


def _spec_of(spec: ParameterSpec | tuple) -> ParameterSpec:
    return spec if isinstance(spec, ParameterSpec) else ParameterSpec(*spec)


def one_at_a_time_points(
    scenario: Scenario, parameters: Sequence[ParameterSpec | tuple], lang: str = "da"
) -> list[SweepPoint]:
    """The base point and, per parameter, its low and high point (every problem with any
    value reported at once, as one :class:`ScenarioError`)."""
    specs = [_spec_of(s) for s in parameters]
    messages: list[str] = []
    if not specs:
        raise ScenarioError([_message(lang, "none")])
    seen = set()
    for spec in specs:
        if spec.path in seen:
            messages.append(_message(lang, "twice", path=spec.path))
        seen.add(spec.path)
    points = [SweepPoint("base", {}, scenario, "", "base")]
    for spec in specs:
        try:
            _check_path(spec.path, lang)
        except ScenarioError as error:
            messages.extend(error.messages)
            continue
        for level, value in (("low", spec.low), ("high", spec.high)):
            changed = _validated(scenario, {spec.path: value}, lang, messages)
            if changed is not None:
                points.append(
                    SweepPoint(
                        f"{spec.path}={level}", {spec.path: value}, changed, spec.path, level
                    )
                )
    if messages:
        raise ScenarioError(messages)
    return points


def grid_points(
    scenario: Scenario, axes: dict[str, Sequence[Any]], lang: str = "da"
) -> list[SweepPoint]:
    """Every combination (cartesian product) of the values on each axis; an axis is a
    dotted path with its values, e.g. ``{"parameters.staff_multiplier": [0.9, 1, 1.1],
    "placements": [[], [{...placement...}]]}``."""
    if not axes or any(len(values) == 0 for values in axes.values()):
        raise ScenarioError([_message(lang, "none")])
    messages: list[str] = []
    for path in axes:
        try:
            _check_path(path, lang)
        except ScenarioError as error:
            messages.extend(error.messages)
    if messages:
        raise ScenarioError(messages)
    points = []
    for number, combination in enumerate(itertools.product(*axes.values())):
        changes = dict(zip(axes, combination, strict=True))
        changed = _validated(scenario, changes, lang, messages)
        if changed is not None:
            points.append(SweepPoint(f"point-{number}", changes, changed))
    if messages:
        raise ScenarioError(messages)
    return points


# ---- the result cache -----------------------------------------------------------------


def result_key(
    scenario: Scenario, data_hash: str, seed: int, costs: bool, cost_hash: str = ""
) -> str:
    """What determines one replication's KPIs: the scenario without name, description,
    seed and replications, the data (and cost data) hash, the model, and the seed."""
    raw = scenario.model_dump(mode="json")
    for name in ("name", "description", "seed", "replications", "data_dir"):
        raw.pop(name, None)
    text = json.dumps(
        {
            "scenario": raw,
            "data": data_hash,
            "costs": cost_hash if costs else None,
            "model": model_version(),
            "seed": seed,
        },
        sort_keys=True,
        ensure_ascii=True,
    )
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class ResultCache:
    """KPI values of one replication by :func:`result_key`: kept in memory, and on disk
    under ``directory`` when given (one small JSON file per replication).

    On disk the cache stays under ``max_bytes`` (default: the setting ``sweep_cache_mb``,
    200 MB; 0 keeps nothing on disk), counted as the space its files take: when a write
    takes it over, the least recently used files (by modification time, which a read
    renews) are removed until it is under 90 % of the limit. Other processes sharing the
    folder are counted when the folder is scanned (at the first write, and at each
    eviction).
    """

    def __init__(self, directory: str | Path | None = None, max_bytes: int | None = None):
        self.directory = Path(directory) if directory is not None else None
        if max_bytes is None:
            max_bytes = whole_setting("sweep_cache_mb") * 1024 * 1024
        self.max_bytes = max_bytes
        self._memory: dict[str, dict[str, float]] = {}
        self._lock = threading.Lock()
        self._disk_bytes: int | None = None  # the folder's size as last counted, plus writes

    def get(self, key: str) -> dict[str, float] | None:
        with self._lock:
            found = self._memory.get(key)
        if found is not None or self.directory is None:
            return found
        path = self.directory / key[:2] / f"{key}.json"
        try:
            found = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(found, dict):
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # used now: the last to be evicted
        found = {k: (math.nan if v is None else float(v)) for k, v in found.items()}
        with self._lock:
            self._memory[key] = found
        return found

    def put(self, key: str, values: dict[str, float]) -> None:
        with self._lock:
            self._memory[key] = values
        if self.directory is None or self.max_bytes <= 0:
            return
        folder = self.directory / key[:2]
        try:
            folder.mkdir(parents=True, exist_ok=True)
            temporary = folder / f".{key}.{os.getpid()}.{threading.get_ident()}.tmp"
            document = {k: (None if math.isnan(v) else v) for k, v in values.items()}
            temporary.write_text(json.dumps(document), encoding="utf-8")
            os.replace(temporary, folder / f"{key}.json")
            written = file_bytes((folder / f"{key}.json").stat())
        except OSError:
            return  # a cache that cannot be written is only slower
        with self._lock:
            if self._disk_bytes is None:
                self._disk_bytes = sum(size for _, size, _ in self._files())
            else:
                self._disk_bytes += written
            if self._disk_bytes > self.max_bytes:
                self._evict()

    def disk_bytes(self) -> int:
        """The space the cache's files take on disk now."""
        return sum(size for _, size, _ in self._files()) if self.directory else 0

    def _files(self) -> list[tuple[float, int, Path]]:
        """(last used, bytes, path) of every file in the folder."""
        return cached_files(self.directory, ".json")

    def _evict(self) -> None:
        """Remove the least recently used files until under 90 % of ``max_bytes``."""
        self._disk_bytes = evict_least_used(
            self._files(), self.max_bytes, lambda path: self._memory.pop(path.stem, None)
        )

    def __len__(self) -> int:
        return len(self._memory)


@functools.cache
def default_cache() -> ResultCache:
    """The process-wide cache, kept on disk in ``var/cache/sweep``."""
    return ResultCache(CACHE_DIR)


# ---- running ----------------------------------------------------------------------------


def replication_kpis(
    scenario_json: str, data_dir: str, data_hash: str, seed: int, costs: bool
) -> dict[str, float]:
    """All KPIs of one whole replication (a task; runs in a worker)."""
    scenario = Scenario.model_validate_json(scenario_json)
    days = simulated_days(scenario)
    frames = _run_days((scenario_json,), data_dir, data_hash, seed, days, False).frames[0]
    experiment = Experiment(scenario, data_hash, model_version(), [Replication(0, seed, frames)])
    if costs:
        data = scenario_data(scenario, load_dataset(data_dir))
        attach_costs(experiment, data, load_cost_data(data_dir))
    table = kpi_table(experiment)
    return dict(zip(table["kpi"], table["value"].astype(float), strict=True))


def _cost_hash(data: DataSet) -> str:
    try:
        return load_cost_data(data.directory).content_hash
    except ScenarioError:
        return ""


def needs_costs(kpis: Iterable[str] | None) -> bool:
    """Whether any of ``kpis`` (None: all) comes from the cost or workforce frames."""
    keys = list(KPIS) if kpis is None else list(kpis)
    return any(KPIS[k].frame in COST_FRAMES for k in keys)


def check_kpis(kpis: Iterable[str] | None, lang: str = "da") -> list[str] | None:
    """The KPI keys, or :class:`ScenarioError` naming an unknown one."""
    if kpis is None:
        return None
    keys = list(kpis)
    unknown = [k for k in keys if k not in KPIS]
    if unknown:
        choices = ", ".join(KPIS)
        raise ScenarioError([_message(lang, "kpi", kpi=k, choices=choices) for k in unknown])
    return keys


@dataclass
class PointResult:
    """One point's scenario and its per-replication KPIs (``replication``, ``kpi``,
    ``value``: the shape of :func:`sim.analysis.kpis.kpi_table`), ready to be stored like a run."""

    point: SweepPoint
    seeds: list[int]
    kpis: pd.DataFrame
    cached: int = 0  # replications taken from the cache

    @property
    def scenario(self) -> Scenario:
        return self.point.scenario


@dataclass
class SweepResult:
    kind: str  # "one-at-a-time" or "grid"
    base: Scenario
    points: list[PointResult]
    data_hash: str
    model_version: str
    seeds: list[int]
    parameters: list[ParameterSpec] = field(default_factory=list)
    axes: dict[str, list[Any]] = field(default_factory=dict)
    tasks_run: int = 0
    tasks_cached: int = 0

    def frame(self) -> pd.DataFrame:
        """Tidy rows. One-at-a-time: (parameter, level, parameter_value, replication, kpi,
        value), the base rows repeated under each parameter with its base value. Grid:
        (point, one column per axis, replication, kpi, value)."""
        if self.kind == "grid":
            parts = []
            for number, result in enumerate(self.points):
                values = {path: _cell(v) for path, v in result.point.changes.items()}
                parts.append(result.kpis.assign(point=number, **values))
            table = pd.concat(parts, ignore_index=True)
            return table[["point", *self.axes, "replication", "kpi", "value"]]
        by_key = {r.point.key: r for r in self.points}
        parts = []
        for spec in self.parameters:
            base_value = _base_value(self.base, spec)
            for level in LEVELS:
                result = by_key["base" if level == "base" else f"{spec.path}={level}"]
                value = base_value if level == "base" else getattr(spec, level)
                parts.append(
                    result.kpis.assign(
                        parameter=spec.path, level=level, parameter_value=_cell(value)
                    )
                )
        table = pd.concat(parts, ignore_index=True)
        return table[["parameter", "level", "parameter_value", "replication", "kpi", "value"]]

    def tornado(self, kpi: str, lang: str = "da") -> pd.DataFrame:
        """Per parameter: the KPI's mean at low, base and high, the effect of low and of
        high against the base (paired by replication) with 95% CIs, and the swing
        (|high - low|); sorted by swing, largest first."""
        return tornado_table(self.frame(), kpi, lang)

    def summary(self, kpi: str | None = None, lang: str = "da") -> pd.DataFrame:
        """Mean and 95% CI per point (and KPI)."""
        table = self.frame()
        if kpi is not None:
            check_kpis([kpi], lang)
            table = table[table["kpi"] == kpi]
        keys = ["point", *self.axes] if self.kind == "grid" else ["parameter", "level"]
        summary = group_intervals(table, "value", [*keys, "kpi"], dropna=False)
        if summary.empty:
            return pd.DataFrame()
        if self.kind != "grid":
            first = table.groupby(keys, sort=False, dropna=False)["parameter_value"].first()
            values = [first[tuple(row)] for row in summary[keys].itertuples(index=False)]
            summary.insert(len(keys) + 1, "parameter_value", values)
        labels = [KPIS[kpi].label(lang) for kpi in summary["kpi"]]
        summary.insert(summary.columns.get_loc("mean"), "label", labels)
        return summary


def _cell(value: Any) -> Any:
    """A value for a table cell: lists and mappings (placements) as JSON text."""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def _base_value(base: Scenario, spec: ParameterSpec) -> Any:
    try:
        value = get_path(base, spec.path)
    except KeyError:
        value = None
    return spec.base if value is None and spec.base is not None else value


def tornado_table(frame: pd.DataFrame, kpi: str, lang: str = "da") -> pd.DataFrame:
    """The tornado table of a one-at-a-time :meth:`SweepResult.frame` for ``kpi``."""
    check_kpis([kpi], lang)
    table = frame[frame["kpi"] == kpi]
    rows = []
    for parameter, part in table.groupby("parameter", sort=False):
        by_level = {
            level: rows_.set_index("replication")["value"]
            for level, rows_ in part.groupby("level", sort=False)
        }
        values = {
            level: rows_["parameter_value"].iloc[0]
            for level, rows_ in part.groupby("level", sort=False)
        }
        base = by_level["base"]
        row: dict[str, Any] = {
            "parameter": parameter,
            "kpi": kpi,
            "label": KPIS[kpi].label(lang),
            "unit": KPIS[kpi].unit,
            "low_value": values["low"],
            "base_value": values["base"],
            "high_value": values["high"],
            "base_mean": float(base.mean()),
        }
        for level in ("low", "high"):
            series = by_level[level]
            paired = (series - base.reindex(series.index)).to_numpy(dtype=float)
            effect, effect_low, effect_high = t_interval(paired)
            row[f"{level}_mean"] = float(series.mean())
            row[f"{level}_effect"] = effect
            row[f"{level}_ci_low"] = effect_low
            row[f"{level}_ci_high"] = effect_high
        row["swing"] = abs(row["high_mean"] - row["low_mean"])
        rows.append(row)
    result = pd.DataFrame(rows)
    if len(result):
        result = result.sort_values("swing", ascending=False, kind="stable", na_position="last")
    return result.reset_index(drop=True)


def _signed(value: float, unit: str, lang: str) -> str:
    """An effect with its sign; shares in percentage points (the unit is in the header)."""
    if value is None or math.isnan(value):
        return "–"
    if unit == "share":
        text = fmt.number(100 * value, "", lang, decimals=2)
    else:
        decimals = 2 if unit == "ratio" else (0 if unit in ("count", "dkk") else 1)
        text = fmt.number(value, unit, lang, decimals=decimals)
    return text if text.startswith("-") else "+" + text


def _setting(value: Any, lang: str) -> str:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return str(value)
    if isinstance(value, float | int):
        return fmt.number(float(value), "", lang, decimals=3).rstrip("0").rstrip(",.")
    return str(value)


def tornado_text(table: pd.DataFrame, lang: str = "da") -> str:
    """A :func:`tornado_table` as fixed-width text: per parameter its low and high value,
    the effect of each against the base with the 95% CI, and the swing."""
    if not len(table):
        return ""
    first = table.iloc[0]
    unit = first["unit"]
    ci = text("word.ci", lang)
    points = " " + text("tornado.points", lang) if unit == "share" else ""
    header = (
        f"{first['label']}: "
        + text("tornado.base", lang, base=fmt.number(first["base_mean"], unit, lang))
        + "  "
        + text("tornado.effect", lang, points=points)
    )
    width = max(len("parameter"), *(len(str(p)) for p in table["parameter"]))
    titles = [text(f"tornado.{title}", lang) for title in ("values", "low", "high", "swing")]
    lines = [
        header,
        f"  {'parameter':<{width}}  {titles[0]:<17}  {titles[1] + ' (' + ci + ')':<30}  "
        f"{titles[2] + ' (' + ci + ')':<30}  {titles[3]}",
    ]
    for row in table.itertuples(index=False):
        values = f"{_setting(row.low_value, lang)} → {_setting(row.high_value, lang)}"
        cells = []
        for level in ("low", "high"):
            effect = _signed(getattr(row, f"{level}_effect"), unit, lang)
            low = _signed(getattr(row, f"{level}_ci_low"), unit, lang)
            high = _signed(getattr(row, f"{level}_ci_high"), unit, lang)
            cells.append(f"{effect} ({low} – {high})")
        swing = _signed(row.swing, unit, lang).lstrip("+")
        lines.append(
            f"  {row.parameter:<{width}}  {values:<17}  {cells[0]:<30}  {cells[1]:<30}  {swing}"
        )
    return "\n".join(lines)


def _is_cancelled(cancel) -> bool:
    if cancel is None:
        return False
    is_set = getattr(cancel, "is_set", None)
    return bool(is_set() if is_set is not None else cancel())


def run_points(
    points: Sequence[SweepPoint],
    data: DataSet | None = None,
    replications: int | None = None,
    executor: Executor | None = None,
    kpis: Iterable[str] | None = None,
    costs: bool | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | Callable[[], bool] | None = None,
    cache: ResultCache | None = None,
    lang: str = "da",
) -> tuple[list[PointResult], int, int]:
    """Run every point with the same seeds (those of the first point's scenario).

    All (point, replication) tasks go to ``executor`` at once (a local process pool when
    none is given, shut down afterwards; a program with threads, such as the app, passes
    its own, e.g. ``process_pool(start_method="forkserver")``); points with identical
    scenarios run once.
    ``kpis`` limits the KPIs (default: all; the cost KPIs need ``costs``, which is on
    when any requested KPI is a cost or workforce KPI). ``progress(done, total)`` is
    called as tasks finish; ``cancel`` (an Event or a callable) is checked between tasks
    and cancels the pending ones (:class:`SweepCancelled`). Returns the point results,
    the tasks run and the tasks found in ``cache``."""
    keys = check_kpis(kpis, lang)
    with_costs = needs_costs(keys) if costs is None else costs
    base = points[0].scenario
    # the data folder's tables; each point adds the candidate premises it carries
    data = load_dataset(data.directory if data is not None else base.resolve_data_dir())
    cost_hash = load_cost_data(data.directory).content_hash if with_costs else ""
    seeds = base.replication_seeds(replications)
    # check every point's placements (and leases) against the data before any work
    unique: dict[str, Scenario] = {}
    point_keys = []
    messages: list[str] = []
    for point in points:
        key = result_key(point.scenario, data.content_hash, -1, with_costs, cost_hash)
        point_keys.append(key)
        if key in unique:
            continue
        unique[key] = point.scenario
        try:
            own = scenario_data(point.scenario, data)
            placements = resolve_placements(point.scenario, own)
            if with_costs:
                resolve_holdings(point.scenario, own, placements)
        except ScenarioError as error:
            messages.extend(m for m in error.messages if m not in messages)
    if messages:
        raise ScenarioError(messages)

    values: dict[tuple[str, int], dict[str, float]] = {}
    todo: list[tuple[str, int, str]] = []  # (point key, seed, cache key)
    for key, scenario in unique.items():
        for seed in seeds:
            cache_key = result_key(scenario, data.content_hash, seed, with_costs, cost_hash)
            found = cache.get(cache_key) if cache is not None else None
            if found is None and cache is not None and not with_costs:
                # a replication run with costs has every other KPI too
                found = cache.get(
                    result_key(scenario, data.content_hash, seed, True, _cost_hash(data))
                )
            if found is not None:
                values[key, seed] = found
            else:
                todo.append((key, seed, cache_key))
    total = len(unique) * len(seeds)
    cached = total - len(todo)
    done = cached
    if progress is not None:
        progress(done, total)

    if todo:
        own = executor is None
        pool = (
            make_executor("processes", min(executor_workers(None), len(todo))) if own else executor
        )
        futures: dict[cf.Future, tuple[str, int, str]] = {}
        try:
            for task in todo:
                if _is_cancelled(cancel):
                    raise SweepCancelled(done, total)
                key, seed, _ = task
                scenario_json = unique[key].model_dump_json()
                future = pool.submit(
                    replication_kpis,
                    scenario_json,
                    str(data.directory),
                    data.content_hash,
                    seed,
                    with_costs,
                )
                futures[future] = task
            pending = set(futures)
            while pending:
                if _is_cancelled(cancel):
                    raise SweepCancelled(done, total)
                finished, pending = cf.wait(pending, timeout=0.1, return_when=cf.FIRST_COMPLETED)
                for future in finished:
                    key, seed, cache_key = futures[future]
                    result = future.result()
                    values[key, seed] = result
                    if cache is not None:
                        cache.put(cache_key, result)
                    done += 1
                    if progress is not None:
                        progress(done, total)
        finally:
            for future in futures:
                future.cancel()
            if own:
                pool.shutdown(wait=True, cancel_futures=True)

    results = []
    ran = {(key, seed) for key, seed, _ in todo}
    for point, key in zip(points, point_keys, strict=True):
        rows = [
            {"replication": index, "kpi": kpi, "value": value}
            for index, seed in enumerate(seeds)
            for kpi, value in values[key, seed].items()
            if (keys is None or kpi in keys) and (with_costs or KPIS[kpi].frame not in COST_FRAMES)
        ]
        from_cache = sum(1 for seed in seeds if (key, seed) not in ran)
        results.append(PointResult(point, seeds, pd.DataFrame(rows), from_cache))
    return results, len(todo), cached


def _with_replications(scenario: Scenario, replications: int | None, lang: str) -> Scenario:
    """The scenario saying how many replications the sweep runs (so each point's scenario
    is stored with the number it was run with)."""
    if replications is None or replications == scenario.replications:
        return scenario
    try:
        return scenario.with_overrides(replications=replications)
    except ValidationError as exc:
        raise ScenarioError(describe_errors(exc, lang)) from exc


def run_sensitivity(
    scenario: Scenario,
    parameters: Sequence[ParameterSpec | tuple] | None = None,
    data: DataSet | None = None,
    replications: int | None = None,
    executor: Executor | None = None,
    kpis: Iterable[str] | None = None,
    costs: bool | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | Callable[[], bool] | None = None,
    cache: ResultCache | None = None,
    lang: str = "da",
) -> SweepResult:
    """One parameter at a time: the base, and each parameter at its low and high value
    (default: :func:`default_sensitivity_parameters`). See :func:`run_points` for the
    other arguments."""
    scenario = _with_replications(scenario, replications, lang)
    specs = [
        _spec_of(s)
        for s in (default_sensitivity_parameters(scenario) if parameters is None else parameters)
    ]
    points = one_at_a_time_points(scenario, specs, lang)
    run = (data, replications, executor, kpis, costs, progress, cancel, cache, lang)
    return _swept("one-at-a-time", scenario, points, run, parameters=specs)


def run_grid(
    scenario: Scenario,
    axes: dict[str, Sequence[Any]],
    data: DataSet | None = None,
    replications: int | None = None,
    executor: Executor | None = None,
    kpis: Iterable[str] | None = None,
    costs: bool | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | Callable[[], bool] | None = None,
    cache: ResultCache | None = None,
    lang: str = "da",
) -> SweepResult:
    """Every combination of the axes' values (see :func:`grid_points`), results per point.
    See :func:`run_points` for the other arguments."""
    scenario = _with_replications(scenario, replications, lang)
    points = grid_points(scenario, axes, lang)
    run = (data, replications, executor, kpis, costs, progress, cancel, cache, lang)
    return _swept("grid", scenario, points, run, axes={p: list(v) for p, v in axes.items()})


def _swept(kind: str, scenario: Scenario, points, run: tuple, **described) -> SweepResult:
    """Run ``points`` with ``run`` = the shared arguments of :func:`run_points` after the
    points (data first), and describe the result."""
    data, replications, *rest = run
    data = load_dataset(data.directory if data is not None else scenario.resolve_data_dir())
    results, ran, cached = run_points(points, data, replications, *rest)
    return SweepResult(
        kind,
        scenario,
        results,
        data.content_hash,
        model_version(),
        scenario.replication_seeds(replications),
        tasks_run=ran,
        tasks_cached=cached,
        **described,
    )


def sweep_sheet(result: SweepResult) -> dict:
    """What was run, to repeat it: hashes, model version, seeds and every point."""
    return {
        "kind": result.kind,
        "scenario": result.base.name,
        "scenario_hash": result.base.content_hash(),
        "data_hash": result.data_hash,
        "model_version": result.model_version,
        "fidelity": result.base.fidelity,
        "replications": len(result.seeds),
        "seeds": result.seeds,
        "parameters": [
            {"path": s.path, "low": s.low, "high": s.high, "base": s.base, "note": s.note}
            for s in result.parameters
        ],
        "axes": result.axes,
        "points": [
            {
                "key": r.point.key,
                "parameter": r.point.parameter,
                "level": r.point.level,
                "changes": r.point.changes,
                "scenario_hash": r.scenario.content_hash(),
                "scenario": r.scenario.model_dump(mode="json"),
            }
            for r in result.points
        ],
        "tasks_run": result.tasks_run,
        "tasks_cached": result.tasks_cached,
    }


__all__ = [
    "CACHE_DIR",
    "ParameterSpec",
    "PointResult",
    "ResultCache",
    "SweepCancelled",
    "SweepPoint",
    "SweepResult",
    "check_kpis",
    "default_cache",
    "default_sensitivity_parameters",
    "get_path",
    "grid_points",
    "needs_costs",
    "one_at_a_time_points",
    "parse_parameter",
    "parse_values",
    "result_key",
    "run_grid",
    "run_points",
    "run_sensitivity",
    "sweep_sheet",
    "tornado_table",
    "tornado_text",
    "with_changes",
]
